// Payment tokens (issue 17 part 3): the marketplace and the job board (MarketEscrow) price and escrow in NYN (token id
// 0) or in another approved ERC-20 from their token lists (`tokenAt`, ids 1..`tokenCount`). The console shows every
// amount in its own token, with the token's ERC-20 `symbol()` and `decimals()` (tUSD: 6), through lib/format's
// `formatAmount` (the tasks' wording).
import { erc20Abi, getAddress, type Address, type PublicClient } from "viem";
import { formatAmount } from "../../../lib/format";
import { jobBoardAbi, marketplaceAbi } from "../generated/abis";
import type { Addresses } from "../config";
import { useChainQuery } from "./hooks";
import { useKernel } from "./context";

/** One payment token: its address, ERC-20 symbol and decimals, and its id and approval in each market module. */
export interface PayToken {
  address: Address;
  symbol: string;
  decimals: number;
  /** Whether this is NYN (the modules' default token, id 0). */
  nyn: boolean;
  /** Its id in the marketplace's token list (undefined: not listed there). */
  marketplaceId?: number;
  /** Its id in the job board's token list (undefined: not listed there). */
  jobBoardId?: number;
  /** Approved on the marketplace now (NYN: always). */
  marketplaceApproved: boolean;
  /** Approved on the job board now (NYN: always). */
  jobBoardApproved: boolean;
}

/** The payment tokens both market modules know (approved now or before): by lower-case address, NYN first. */
export interface TokenTable {
  nyn: PayToken;
  /** Every token, NYN first, then by first appearance in the marketplace's and the job board's lists. */
  all: PayToken[];
  /** The token at `address` (NYN when null or undefined: the indexer's `token` column is null for NYN). */
  of(address: string | null | undefined): PayToken;
  /** The token with id `tokenId` in a module's list (`job.tokenId`, `dispute.tokenId`). */
  byId(module: "marketplace" | "jobBoard", tokenId: number): PayToken;
}

/**
 * Read both modules' token lists and each token's symbol and decimals.
 * @param client A public client on the node.
 * @param a The system's addresses.
 * @returns The table.
 */
export async function readTokens(client: PublicClient, a: Pick<Addresses, "marketplace" | "jobBoard">) {
  const lists = await Promise.all(
    (["marketplace", "jobBoard"] as const).map(async (module) => {
      const escrow = { address: a[module], abi: module === "marketplace" ? marketplaceAbi : jobBoardAbi } as const;
      const count = Number(await client.readContract({ ...escrow, functionName: "tokenCount" }));
      const entries = await Promise.all(
        Array.from({ length: count + 1 }, (_, id) =>
          client.readContract({ ...escrow, functionName: "tokenAt", args: [BigInt(id)] }),
        ),
      );
      return entries.map(([address, approved], id) => ({ module, id, address: getAddress(address), approved }));
    }),
  );
  const byAddress = new Map<string, PayToken>();
  for (const { module, id, address, approved } of lists.flat()) {
    const key = address.toLowerCase();
    let t = byAddress.get(key);
    if (!t) {
      t = {
        address,
        symbol: "",
        decimals: 18,
        nyn: id === 0,
        marketplaceApproved: false,
        jobBoardApproved: false,
      };
      byAddress.set(key, t);
    }
    if (module === "marketplace") {
      t.marketplaceId = id;
      t.marketplaceApproved = approved;
    } else {
      t.jobBoardId = id;
      t.jobBoardApproved = approved;
    }
  }
  const all = [...byAddress.values()];
  await Promise.all(
    all.map(async (t) => {
      const [symbol, decimals] = await Promise.all([
        client.readContract({ address: t.address, abi: erc20Abi, functionName: "symbol" }).catch(() => undefined),
        client.readContract({ address: t.address, abi: erc20Abi, functionName: "decimals" }).catch(() => undefined),
      ]);
      t.symbol = symbol ?? `${t.address.slice(0, 6)}…${t.address.slice(-4)}`;
      t.decimals = decimals ?? 18;
    }),
  );
  const nyn = all.find((t) => t.nyn)!;
  const table: TokenTable = {
    nyn,
    all,
    of: (address) => (address ? (byAddress.get(address.toLowerCase()) ?? unknownToken(address)) : nyn),
    byId: (module, tokenId) =>
      all.find((t) => (module === "marketplace" ? t.marketplaceId : t.jobBoardId) === tokenId) ??
      unknownToken(`token #${tokenId}`),
  };
  return table;
}

/** A token no module lists (shown by its address, in base units). */
function unknownToken(address: string): PayToken {
  return {
    address: address as Address,
    symbol: address.startsWith("0x") ? `${address.slice(0, 6)}…${address.slice(-4)}` : address,
    decimals: 0,
    nyn: false,
    marketplaceApproved: false,
    jobBoardApproved: false,
  };
}

/**
 * An amount in its token, for people: `25 tUSD`, `1,000 NYN`.
 * @param token The token.
 * @param amount The amount in the token's smallest unit.
 */
export function formatIn(token: PayToken, amount: bigint): string {
  return formatAmount(amount, token.symbol, token.decimals);
}

/** The market modules' payment tokens (refetched like every chain query). */
export function useTokens() {
  const { addresses: a } = useKernel();
  return useChainQuery(["pay-tokens"], (client) => readTokens(client, a));
}
