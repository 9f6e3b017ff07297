import { ErrorDescription, Interface } from "ethers";
import * as factories from "../typechain-types";
import { FormatContext, formatErrorDescription } from "./format";

let interfaces: Interface[] | undefined;

/** Every contract interface TypeChain generated (their custom errors decode revert data; their functions name selectors). */
export function allInterfaces(): Interface[] {
  if (!interfaces) {
    interfaces = [];
    const seen = new Set<string>();
    const visit = (obj: unknown) => {
      if (!obj || typeof obj !== "object") return;
      for (const value of Object.values(obj as Record<string, unknown>)) {
        if (
          typeof value === "function" &&
          "abi" in value &&
          typeof (value as { createInterface?: unknown }).createInterface === "function"
        ) {
          const iface = (value as unknown as { createInterface(): Interface }).createInterface();
          const key = iface.formatJson();
          if (!seen.has(key)) {
            seen.add(key);
            interfaces!.push(iface);
          }
        } else if (value && typeof value === "object") {
          visit(value);
        }
      }
    };
    visit(factories);
  }
  return interfaces;
}

/**
 * Find revert data (0x…, at least a selector) anywhere in an error, in the shapes the clients produce: `data` (Hardhat
 * in-process, anvil and geth over JSON-RPC, ethers), `data.data` (a Hardhat node over JSON-RPC), or a nested error
 * (`error`, `info`, `cause`, `payload`). A mined failure (ethers' `CALL_EXCEPTION` with a `receipt`) has none: see
 * {@link recoverRevertData}.
 */
export function revertDataOf(error: unknown): string | undefined {
  const stack: unknown[] = [error];
  const seen = new Set<unknown>();
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data;
    if (data && typeof data === "object") stack.push(data);
    for (const key of ["error", "info", "cause", "payload"]) stack.push((e as Record<string, unknown>)[key]);
  }
  return undefined;
}

/** Decode revert data against every known contract's custom errors. */
export function decodeRevert(data: string): ErrorDescription | undefined {
  for (const iface of allInterfaces()) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return parsed;
    } catch {
      // not this interface
    }
  }
  return undefined;
}

/**
 * `Name(field=value, …)` for a decoded custom error, values formatted for people (lib/format.ts: NYN amounts with their
 * symbol, times as ISO dates, enums by name, addresses and ids by name when `ctx` knows them).
 * @param parsed The decoded error.
 * @param ctx What the formatter knows about the deployment (names, the chain's time).
 * @returns One line.
 */
export function formatDecodedError(parsed: ErrorDescription, ctx: FormatContext = {}): string {
  return formatErrorDescription(parsed, { interfaces: allInterfaces(), ...ctx });
}

/**
 * One readable line for raw revert data (e.g. the `reason` of `KernelForwarder`'s `RelayedCallReverted`): the decoded
 * custom error with its values, `Error(string)`/`Panic(uint256)` as ethers decodes them, or a note on what is there.
 */
export function describeRevertData(data: string, ctx: FormatContext = {}): string {
  if (data === "0x") return "no revert data (a bare revert or out of gas)";
  const parsed = decodeRevert(data);
  if (parsed) return formatDecodedError(parsed, ctx);
  return `undecoded revert data ${data.length > 74 ? `${data.slice(0, 74)}…` : data} (${(data.length - 2) / 2} bytes)`;
}

/**
 * Turn any error from a contract call into one readable line: the decoded custom error with its values when the
 * error carries revert data (every client puts it somewhere: see {@link revertDataOf}), else the error's message.
 * Synchronous, so it cannot replay a mined failure: {@link describeFailure} does.
 */
export function describeError(error: unknown, ctx: FormatContext = {}): string {
  const data = revertDataOf(error);
  if (data) {
    const parsed = decodeRevert(data);
    if (parsed) return formatDecodedError(parsed, ctx);
  }
  return messageOf(error);
}

function messageOf(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string } | undefined;
  return e?.shortMessage ?? e?.message ?? String(error);
}

/** The two standard provider calls {@link recoverRevertData} needs (any ethers v6 `Provider` has them). */
export interface ReplayProvider {
  getTransaction(
    hash: string,
  ): Promise<{ from: string; to: string | null; data: string; value: bigint; gasLimit: bigint } | null>;
  call(tx: {
    from: string;
    to: string | null;
    data: string;
    value?: bigint;
    gasLimit?: bigint;
    blockTag?: string | number;
  }): Promise<string>;
}

/** The call a transaction was about to make: what an `eth_call` replay repeats. */
export interface AttemptedCall {
  from: string;
  to: string | null;
  data: string;
  value?: bigint;
}

/**
 * A transaction refused before signing: its gas estimate failed (see `lib/send.ts`). Carries the call and, when the
 * node or an `eth_call` replay gave it, the revert data, so {@link describeError} decodes it on any node.
 */
export class TransactionRefusedError extends Error {
  override name = "TransactionRefusedError";

  /**
   * @param message The failed estimate's message.
   * @param transaction The call that was estimated.
   * @param data Its revert data, if any.
   * @param cause The estimate's own error.
   */
  constructor(
    message: string,
    readonly transaction: AttemptedCall,
    readonly data: string | undefined,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** Where {@link recoverRevertData} found a failure's revert data, or why there is none. */
export interface RecoveredRevert {
  /** The revert data (0x…, at least a selector), when found. */
  data?: string;
  /** `error`: in the error itself; `replay`: from an `eth_call` replay; `none`: nowhere. */
  source: "error" | "replay" | "none";
  /** What was replayed and what came of it (for `replay` and `none`). */
  note?: string;
}

/** The receipt of a mined, failed transaction in an ethers `CALL_EXCEPTION` (what `wait()` throws), if any. */
function failedReceiptOf(error: unknown): { hash: string; blockNumber: number } | undefined {
  const receipt = (error as { receipt?: { hash?: unknown; blockNumber?: unknown; status?: unknown } })?.receipt;
  if (!receipt || typeof receipt.hash !== "string" || typeof receipt.blockNumber !== "number") return undefined;
  if (receipt.status !== 0) return undefined;
  return { hash: receipt.hash, blockNumber: receipt.blockNumber };
}

/** The call an unmined failure was about (ethers and {@link TransactionRefusedError} put it in `transaction`). */
function attemptedCallOf(error: unknown): AttemptedCall | undefined {
  const tx = (error as { transaction?: { from?: unknown; to?: unknown; data?: unknown; value?: unknown } })
    ?.transaction;
  if (!tx || typeof tx.from !== "string" || (typeof tx.to !== "string" && tx.to != null)) return undefined;
  if (typeof tx.data !== "string" || !/^0x[0-9a-fA-F]{8,}$/.test(tx.data)) return undefined;
  const value = typeof tx.value === "bigint" ? tx.value : undefined;
  return { from: tx.from, to: (tx.to as string | null | undefined) ?? null, data: tx.data, value };
}

/**
 * The revert data of a failed call or transaction, on any node. First the error itself (Hardhat in-process, Hardhat
 * node and anvil return it with `eth_estimateGas`/`eth_call` failures). When it has none — a mined transaction that
 * reverted: geth and anvil return only a hash, and receipts carry no revert data — replay the same call (same from,
 * to, data, value and gas limit) with `eth_call` at the block before the failing one; for an unmined call that
 * failed without data, replay it at the latest block. Uses only standard JSON-RPC, never client-specific fields.
 */
export async function recoverRevertData(error: unknown, provider: ReplayProvider): Promise<RecoveredRevert> {
  const own = revertDataOf(error);
  if (own) return { data: own, source: "error" };
  const mined = failedReceiptOf(error);
  let call: Parameters<ReplayProvider["call"]>[0] | undefined;
  let where: string;
  if (mined) {
    const tx = await provider.getTransaction(mined.hash).catch(() => null);
    if (!tx) {
      return { source: "none", note: `transaction ${mined.hash} reverted; the node no longer returns it to replay` };
    }
    const block = mined.blockNumber - 1;
    call = { from: tx.from, to: tx.to, data: tx.data, value: tx.value, gasLimit: tx.gasLimit, blockTag: block };
    where = `transaction ${mined.hash} (block ${mined.blockNumber}) replayed with eth_call at block ${block}`;
  } else {
    const attempted = attemptedCallOf(error);
    if (!attempted) return { source: "none", note: "the error carries no revert data and no call to replay" };
    call = { ...attempted, blockTag: "latest" };
    where = "the call replayed with eth_call at the latest block";
  }
  try {
    await provider.call(call);
    return { source: "none", note: `${where} succeeded: no revert data to show` };
  } catch (replayError) {
    const data = revertDataOf(replayError);
    if (data) return { data, source: "replay", note: where };
    return { source: "none", note: `${where} failed without revert data too (${messageOf(replayError)})` };
  }
}

/**
 * {@link describeError} on any node: one readable line for a failed call or transaction — the decoded custom error
 * with its values (`Name(field=value, …)`) when its revert data can be had, from the error or from an `eth_call`
 * replay ({@link recoverRevertData}); otherwise the error's message and why no revert data could be found.
 */
export async function describeFailure(
  error: unknown,
  provider: ReplayProvider,
  ctx: FormatContext = {},
): Promise<string> {
  const recovered = await recoverRevertData(error, provider);
  if (recovered.data) {
    const parsed = decodeRevert(recovered.data);
    if (parsed) return formatDecodedError(parsed, ctx);
    return `${messageOf(error)}: ${describeRevertData(recovered.data, ctx)}`;
  }
  if (!failedReceiptOf(error) && !attemptedCallOf(error)) return messageOf(error);
  return `${messageOf(error)} (no revert data: ${recovered.note})`;
}
