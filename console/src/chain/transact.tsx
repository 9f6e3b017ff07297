import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAccount, useConfig } from "wagmi";
import { getPublicClient, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import type { Abi, Hash } from "viem";
import { describeFailure } from "./errors";
import { useKernel } from "./context";

/** Where a transaction is: simulated, sent and waiting to be mined, mined, or refused / failed (with the reason). */
export type TxState =
  | { phase: "idle" }
  | { phase: "simulating"; label: string }
  | { phase: "signing"; label: string }
  | { phase: "pending"; label: string; hash: Hash }
  | { phase: "mined"; label: string; hash: Hash; block: bigint }
  | { phase: "failed"; label: string; message: string; sent: boolean };

/** One contract write: what wagmi's `writeContract` takes, minus the account (the connected one signs). */
export interface Write {
  address: `0x${string}`;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

/**
 * Send contract writes from the connected wallet: each is simulated first (`simulateContract`, as the connected
 * account), so a refused action sends nothing and shows the decoded custom error; then its gas estimated (plus a
 * fifth), signed, and followed until
 * mined. A mined failure (nodes return no revert data in receipts) is replayed with `eth_call` at its block's parent
 * to name its error. Every query is refetched after a mined transaction.
 * @returns The state; `send(label, write)`, which resolves to whether the transaction was mined successfully; and
 * `refuse(label, message)`, which shows an action refused before anything is simulated (a form filled in wrongly).
 */
export function useTransact(): {
  state: TxState & { seq: number };
  send: (label: string, write: Write) => Promise<boolean>;
  refuse: (label: string, message: string) => void;
} {
  const config = useConfig();
  const { address } = useAccount();
  const queryClient = useQueryClient();
  const { names } = useKernel();
  const [state, setPhase] = useState<TxState & { seq: number }>({ phase: "idle", seq: 0 });
  // each send gets the next sequence number (data-seq on the status line: tests wait for their own transaction)
  const setState = (next: TxState) =>
    setPhase((previous) => ({ ...next, seq: previous.seq + (next.phase === "simulating" ? 1 : 0) }));
  const send = async (label: string, write: Write) => {
    if (!address) {
      setState({ phase: "failed", label, message: "connect a wallet first", sent: false });
      return false;
    }
    setState({ phase: "simulating", label });
    let sent = false;
    try {
      const { request } = await simulateContract(config, { ...write, account: address } as never);
      // The gas limit: the node's eth_estimateGas for this call plus a fifth, not left to the signer. The dev account
      // sends eth_sendTransaction without one, and anvil then chose 77,546 for GasMeter.withdraw, which needs 98,901
      // (its token transfer ran out of gas: "not enough gas for reentrancy sentry"); eth_estimateGas said 100,523.
      const estimate = await getPublicClient(config)!.estimateContractGas({ ...write, account: address } as never);
      setState({ phase: "signing", label });
      const hash = await writeContract(config, { ...(request as object), gas: estimate + estimate / 5n } as never);
      sent = true;
      setState({ phase: "pending", label, hash });
      const receipt = await waitForTransactionReceipt(config, { hash });
      if (receipt.status === "reverted") {
        const client = getPublicClient(config)!;
        // The replay throws the revert (decoded below); if it does not revert, say so.
        await client.call({
          account: address,
          to: write.address,
          data: (await client.getTransaction({ hash })).input,
          blockNumber: receipt.blockNumber - 1n,
        });
        throw new Error(`reverted in block ${receipt.blockNumber} (its replay did not revert)`);
      }
      setState({ phase: "mined", label, hash, block: receipt.blockNumber });
      await queryClient.invalidateQueries();
      return true;
    } catch (error) {
      setState({ phase: "failed", label, message: describeFailure(error, names), sent });
      return false;
    }
  };
  const refuse = (label: string, message: string) => {
    setState({ phase: "simulating", label });
    setState({ phase: "failed", label, message, sent: false });
  };
  return { state, send, refuse };
}

/** The state of the last transaction, in words (`data-testid="tx-status"`, `data-phase` for tests). */
export function TxStatus({ state }: { state: TxState & { seq: number } }) {
  if (state.phase === "idle") return null;
  const text = {
    simulating: () => `${state.label}: simulating…`,
    signing: () => `${state.label}: waiting for the wallet to sign…`,
    pending: () => `${state.label}: sent ${(state as { hash: Hash }).hash.slice(0, 10)}…, waiting to be mined…`,
    mined: () => `${state.label}: mined in block ${(state as { block: bigint }).block}`,
    failed: () =>
      `${state.label} ${(state as { sent: boolean }).sent ? "failed" : "refused (nothing sent)"}: ${(state as { message: string }).message}`,
  }[state.phase]();
  return (
    <p
      className={`tx tx-${state.phase}`}
      data-testid="tx-status"
      data-phase={state.phase}
      data-seq={state.seq}
      role="status"
    >
      {text}
    </p>
  );
}
