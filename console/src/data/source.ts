// THE SEAM FOR THE INDEXER (issue 14). Everything the console needs from the chain's history — lists that only events
// hold (proposals, orders) — comes through the KernelHistory interface below. The indexer answers it when it is there
// (`indexerHistory` in ./indexer.ts, through the server's /indexer proxy), and adds what only an indexer can answer
// quickly (`KernelHistory.indexed`: latest events, a process's history and gas per epoch, permissions and
// capabilities). Without it, `chainScan` answers by scanning event logs from the deployment's first block with
// `eth_getLogs` (fine for a local chain, slow on a long one), and the views that need the indexer say so. Current state
// (status, balances, votes) is always read from the contracts' views.
import type { Address, PublicClient } from "viem";
import type { IndexedHistory } from "./indexer";
import { governorAbi, jobBoardAbi, marketplaceAbi, processRegistryAbi } from "../generated/abis";

/** A proposal as `ProposalCreated` recorded it. */
export interface ProposalRecord {
  id: bigint;
  proposer: Address;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly `0x${string}`[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: bigint;
}

/** The chain's history the console shows: what only events tell. */
export interface KernelHistory {
  /** Where the answers come from (shown on the page). */
  readonly name: string;
  /** What only the indexer answers (undefined when history comes from event logs). */
  readonly indexed?: IndexedHistory;
  /** Every proposal, newest first. */
  proposals(): Promise<ProposalRecord[]>;
  /** Ids of every order ever placed (the views read each order's current status). */
  orderIds(): Promise<bigint[]>;
  /**
   * Every order ever placed, with its listing and buyer (`OrderPlaced`) and its payment token (its listing's; null:
   * NYN), oldest first.
   */
  orders(): Promise<{ id: bigint; listingId: bigint; buyer: Address; token: Address | null }[]>;
  /**
   * Every listing ever created, with its seller, description and payment token (`ListingPricedInToken`; null: NYN),
   * oldest first.
   */
  listings(): Promise<{ id: bigint; seller: Address; metadataURI: string; token: Address | null }[]>;
  /** The PIDs of the children of `pid`, in spawn order (`ProcessSpawned` by its indexed parent). */
  childrenOf(pid: bigint): Promise<bigint[]>;
  /**
   * Who applied to which of `jobIds` (`JobApplied`; the job board keeps no list, only `hasApplied`), in the order
   * they applied per job.
   * @param jobIds The jobs asked about.
   */
  jobApplicants(jobIds: bigint[]): Promise<{ jobId: bigint; worker: Address }[]>;
}

/** The contracts whose events the history reads. */
type HistoryAddresses = { governor: Address; marketplace: Address; processRegistry: Address; jobBoard: Address };

/**
 * History from event logs (`eth_getLogs` from the deployment's first block): the stand-in until the indexer exists.
 * @param client A viem public client on the node.
 * @param addresses The governor and the marketplace.
 * @param fromBlock The deployment's first block.
 */
export function chainScan(client: PublicClient, addresses: HistoryAddresses, fromBlock: bigint): KernelHistory {
  /** Listing id → its payment token, for the listings priced in a token other than NYN (`ListingPricedInToken`). */
  const listingTokens = async () => {
    const logs = await client.getContractEvents({
      address: addresses.marketplace,
      abi: marketplaceAbi,
      eventName: "ListingPricedInToken",
      fromBlock,
      strict: true,
    });
    return new Map(logs.map((log) => [log.args.listingId, log.args.token]));
  };
  return {
    name: "event logs (eth_getLogs): no indexer answers",
    async proposals() {
      const logs = await client.getContractEvents({
        address: addresses.governor,
        abi: governorAbi,
        eventName: "ProposalCreated",
        fromBlock,
        strict: true,
      });
      return logs
        .map((log) => ({
          id: log.args.proposalId,
          proposer: log.args.proposer,
          targets: log.args.targets,
          values: log.args.values,
          calldatas: log.args.calldatas,
          description: log.args.description,
          voteStart: log.args.voteStart,
          voteEnd: log.args.voteEnd,
          blockNumber: log.blockNumber,
        }))
        .reverse();
    },
    async orderIds() {
      const logs = await client.getContractEvents({
        address: addresses.marketplace,
        abi: marketplaceAbi,
        eventName: "OrderPlaced",
        fromBlock,
        strict: true,
      });
      return logs.map((log) => log.args.orderId);
    },
    async orders() {
      const [logs, tokens] = await Promise.all([
        client.getContractEvents({
          address: addresses.marketplace,
          abi: marketplaceAbi,
          eventName: "OrderPlaced",
          fromBlock,
          strict: true,
        }),
        listingTokens(),
      ]);
      return logs.map((log) => ({
        id: log.args.orderId,
        listingId: log.args.listingId,
        buyer: log.args.buyer,
        token: tokens.get(log.args.listingId) ?? null,
      }));
    },
    async listings() {
      const [logs, tokens] = await Promise.all([
        client.getContractEvents({
          address: addresses.marketplace,
          abi: marketplaceAbi,
          eventName: "ListingCreated",
          fromBlock,
          strict: true,
        }),
        listingTokens(),
      ]);
      return logs.map((log) => ({
        id: log.args.listingId,
        seller: log.args.seller,
        metadataURI: log.args.metadataURI,
        token: tokens.get(log.args.listingId) ?? null,
      }));
    },
    async childrenOf(pid) {
      const logs = await client.getContractEvents({
        address: addresses.processRegistry,
        abi: processRegistryAbi,
        eventName: "ProcessSpawned",
        args: { parentPid: pid },
        fromBlock,
        strict: true,
      });
      return logs.map((log) => log.args.pid);
    },
    async jobApplicants(jobIds) {
      if (!jobIds.length) return [];
      const logs = await client.getContractEvents({
        address: addresses.jobBoard,
        abi: jobBoardAbi,
        eventName: "JobApplied",
        args: { jobId: jobIds },
        fromBlock,
        strict: true,
      });
      return logs.map((log) => ({ jobId: log.args.jobId, worker: log.args.worker }));
    },
  };
}

/**
 * The history source the console uses: the indexer when the page found it answering, else event logs.
 * @param indexer The indexer's history (through the server's proxy), or undefined.
 */
export function historySource(
  client: PublicClient,
  addresses: HistoryAddresses,
  fromBlock: bigint,
  indexer?: KernelHistory,
): KernelHistory {
  return indexer ?? chainScan(client, addresses, fromBlock);
}
