import { createConfig, factory, mergeAbis } from "ponder";
import { getAbiItem } from "viem";
import {
  ACLAbi,
  CounterAbi,
  GasMeterAbi,
  JobBoardAbi,
  KernelAbi,
  KernelForwarderAbi,
  MarketplaceAbi,
  NYNAbi,
  NYNGovernorAbi,
  ProcessRegistryAbi,
  ProcessRegistryV2Abi,
  TimelockControllerAbi,
} from "./abis";
import { deployment } from "./src/deployment";

const d = deployment();
const a = d.addresses;
const chain = "nyn" as const;
const from = { chain, startBlock: d.startBlock } as const;

/** The registry's events before and after the V2 upgrade the DAO may vote (one proxy, one address). */
const RegistryAbi = mergeAbis([ProcessRegistryAbi, ProcessRegistryV2Abi]);

/**
 * Ponder 0.16 throttles each RPC endpoint on the client side (an adaptive limit that starts at 20 requests per second
 * and grows by 5 % at a time) and sends one eth_getLogs per contract event per block range (its log filters never
 * merge: ~115 requests per range here). On a local node that throttle, not the node, bounded the backfill: 20,000
 * events spent 39 of 42 s fetching at a steady ~20 requests/s. The same node listed several times gives Ponder as many
 * endpoints to balance over. Development chains only (anvil, Hardhat): a hosted provider keeps Ponder's throttle.
 * `NYN_INDEXER_RPC_SLOTS` overrides the count (1: Ponder's own behaviour).
 */
const slots = Number(process.env.NYN_INDEXER_RPC_SLOTS || (d.dev ? 8 : 1));
const rpc = slots > 1 ? Array.from({ length: slots }, () => d.rpcUrl) : d.rpcUrl;

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.NYN_PGLITE_DIR ?? ".ponder/pglite" },
  chains: {
    [chain]: {
      id: d.chainId,
      rpc,
      // A development node restarted from scratch has the same chain id, block numbers and (deterministic) contract
      // addresses as before: never answer from an RPC cache of another chain's past.
      disableCache: d.dev,
      pollingInterval: 1_000,
    },
  },
  contracts: {
    Kernel: { ...from, abi: KernelAbi, address: a.kernel },
    ACL: { ...from, abi: ACLAbi, address: a.acl },
    ProcessRegistry: { ...from, abi: RegistryAbi, address: a.processRegistry },
    GasMeter: { ...from, abi: GasMeterAbi, address: a.gasMeter },
    NYN: { ...from, abi: NYNAbi, address: a.nyn },
    KernelForwarder: { ...from, abi: KernelForwarderAbi, address: a.forwarder },
    Marketplace: { ...from, abi: MarketplaceAbi, address: a.marketplace },
    JobBoard: { ...from, abi: JobBoardAbi, address: a.jobBoard },
    NYNGovernor: { ...from, abi: NYNGovernorAbi, address: a.governor },
    TimelockController: { ...from, abi: TimelockControllerAbi, address: a.timelock },
    // Every process (an EIP-1167 clone of its program) from the registry's ProcessSpawned events. Counter is the
    // sample program and the only one the deploy registers.
    Process: {
      ...from,
      abi: CounterAbi,
      address: factory({
        address: a.processRegistry,
        event: getAbiItem({ abi: ProcessRegistryAbi, name: "ProcessSpawned" }),
        parameter: "instance",
      }),
    },
  },
});
