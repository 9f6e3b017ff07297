import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { hexlify, resolveAddress, type TransactionRequest } from "ethers";
import { AttemptedCall, revertDataOf, TransactionRefusedError } from "./errors";

/**
 * Run `body` (a script or a task) with no transaction sent blind, on any network: every transaction its signers send
 * is estimated (`eth_estimateGas`; sent with that estimate plus a fifth) before it is signed, so an expected failure
 * is refused before anything is mined — with its revert data, which every client returns from a failed estimate —
 * instead of being mined and reverting (anvil and geth then return only a hash, and receipts carry no revert data).
 *
 * Why this is needed: the Hardhat ethers plugin gives its signers a fixed gas limit (16,777,216), never estimating,
 * on the in-process network (its `gas` config is a number by default) and on `localhost` whenever the node answers
 * `hardhat_metadata` — which anvil does too — unless `networks.localhost.gas` is set: hardhat.config.ts sets it to
 * `"auto"`. Here the in-process network's `gas` is set to `"auto"` for the signers created inside `body`, and
 * `hre.ethers.provider.estimateGas` (which the plugin's signers and ethers wallets call) throws a
 * {@link TransactionRefusedError} that carries the call and its revert data — replayed with `eth_call` when the
 * node's estimate error has none. Both are restored afterwards, so tests that run tasks keep their own settings.
 *
 * Signers created before `body` runs keep their fixed gas: get them inside it.
 */
export async function estimating<T>(hre: HardhatRuntimeEnvironment, body: () => Promise<T>): Promise<T> {
  const config = hre.network.config;
  const provider = hre.ethers.provider;
  const previousGas = config.gas;
  const ownEstimate = Object.prototype.hasOwnProperty.call(provider, "estimateGas");
  const previousEstimate = provider.estimateGas;
  config.gas = "auto";
  provider.estimateGas = async (tx: TransactionRequest) => {
    try {
      // Plus a fifth, as the console sends: anvil's estimate has been short now and then (a transaction mined as a
      // revert whose replay at the previous block succeeds; e.g. "not enough gas for reentrancy sentry").
      const estimate = await previousEstimate.call(provider, tx);
      return estimate + estimate / 5n;
    } catch (error) {
      throw await refusal(error, tx, provider);
    }
  };
  try {
    return await body();
  } finally {
    config.gas = previousGas;
    if (ownEstimate) provider.estimateGas = previousEstimate;
    else delete (provider as { estimateGas?: unknown }).estimateGas;
  }
}

/** The error a failed estimate becomes: the call, and its revert data (from the error, or an `eth_call` replay). */
async function refusal(
  error: unknown,
  tx: TransactionRequest,
  provider: HardhatRuntimeEnvironment["ethers"]["provider"],
): Promise<unknown> {
  if (error instanceof TransactionRefusedError) return error;
  if (tx.from == null) return error;
  const call: AttemptedCall = {
    from: await resolveAddress(tx.from, provider),
    to: tx.to == null ? null : await resolveAddress(tx.to, provider),
    data: tx.data == null ? "0x" : hexlify(tx.data),
    value: tx.value == null ? undefined : BigInt(tx.value),
  };
  let revertData = revertDataOf(error);
  if (!revertData) {
    try {
      await provider.call({ ...call, blockTag: "latest" });
    } catch (replayError) {
      revertData = revertDataOf(replayError);
    }
  }
  const message = (error as { message?: string })?.message ?? String(error);
  return new TransactionRefusedError(`estimateGas failed: ${message}`, call, revertData, error);
}
