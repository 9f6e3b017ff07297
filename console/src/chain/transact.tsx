import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAccount, useConfig } from "wagmi";
import {
  getPublicClient,
  signTypedData,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from "wagmi/actions";
import { parseSignature, type Abi, type Address, type Hash, type Hex } from "viem";
import { formatAmount } from "../../../lib/format";
import { PERMIT_TYPES } from "../../../lib/permit";
import { nynAbi } from "../generated/abis";
import { describeFailure, type AmountUnit } from "./errors";
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
  /** The token the call pays in when not NYN: a refusal's amounts are then written in it (not sent to the node). */
  unit?: AmountUnit;
}

/** An EIP-2612 permit's signature and deadline (seconds), as the `…WithPermit` functions take them. */
export interface Permit {
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

/** How long a permit the console asks for stays valid: an hour of chain time (seconds). */
const PERMIT_TTL = 3600n;

/**
 * Whether a signing failure means the wallet cannot sign EIP-712 typed data at all (method unknown or unsupported:
 * EIP-1193 4200, JSON-RPC -32601), as opposed to the user refusing it (4001) or another error.
 * @param error What signing threw.
 * @returns True when approve + call is the way left.
 */
function cannotSignTypedData(error: unknown): boolean {
  for (let e = error as { code?: number; cause?: unknown; message?: string } | undefined; e; e = e.cause as never) {
    if (e.code === 4200 || e.code === -32601 || e.code === -32004) return true;
    if (/not supported|does not exist|unknown method|method not found/i.test(e.message ?? "")) return true;
  }
  return false;
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
  sendWithPermit: (
    label: string,
    payment: { spender: Address; value: bigint; name: string },
    withPermit: (permit: Permit) => Write,
    plain: Write,
  ) => Promise<boolean>;
  refuse: (label: string, message: string) => void;
} {
  const config = useConfig();
  const { address } = useAccount();
  const queryClient = useQueryClient();
  const kernel = useKernel();
  const { names } = kernel;
  const [state, setPhase] = useState<TxState & { seq: number }>({ phase: "idle", seq: 0 });
  // each send gets the next sequence number (data-seq on the status line: tests wait for their own transaction)
  const setState = (next: TxState) =>
    setPhase((previous) => ({ ...next, seq: previous.seq + (next.phase === "simulating" ? 1 : 0) }));
  const send = async (label: string, { unit, ...write }: Write) => {
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
      setState({ phase: "failed", label, message: describeFailure(error, names, unit), sent });
      return false;
    }
  };
  /**
   * Pay NYN with an EIP-2612 permit: the connected wallet signs the permit (EIP-712 typed data for the token's
   * domain, read from its ERC-5267 `eip712Domain`, and the owner's current nonce) for exactly `payment.value` to
   * `payment.spender`, valid for an hour of chain time; then `withPermit(permit)` is simulated and sent like any
   * write. A refused call sends nothing and leaves no allowance (the permit is only applied inside the call). A
   * wallet that cannot sign typed data falls back to approve, then `plain` (two transactions).
   */
  const sendWithPermit = async (
    label: string,
    payment: { spender: Address; value: bigint; name: string },
    withPermit: (permit: Permit) => Write,
    plain: Write,
  ) => {
    if (!address) {
      setState({ phase: "failed", label, message: "connect a wallet first", sent: false });
      return false;
    }
    const { addresses } = kernel;
    const signLabel = `sign a permit for ${formatAmount(payment.value)} to the ${payment.name}`;
    setState({ phase: "signing", label: signLabel });
    let permit: Permit;
    try {
      const client = getPublicClient(config)!;
      const token = { address: addresses.nyn, abi: nynAbi } as const;
      const [[, name, version, chainId, verifyingContract], nonce, now] = await Promise.all([
        client.readContract({ ...token, functionName: "eip712Domain" }),
        client.readContract({ ...token, functionName: "nonces", args: [address] }),
        client.getBlock().then((b) => b.timestamp),
      ]);
      const deadline = now + PERMIT_TTL;
      const signature = await signTypedData(config, {
        account: address,
        domain: { name, version, chainId, verifyingContract },
        types: PERMIT_TYPES,
        primaryType: "Permit",
        message: { owner: address, spender: payment.spender, value: payment.value, nonce, deadline },
      });
      const { v, yParity, r, s } = parseSignature(signature);
      permit = { deadline, v: Number(v ?? BigInt(27 + (yParity ?? 0))), r, s };
    } catch (error) {
      if (!cannotSignTypedData(error)) {
        setState({ phase: "simulating", label });
        setState({ phase: "failed", label, message: describeFailure(error, names), sent: false });
        return false;
      }
      // the wallet cannot sign typed data: approve, then the plain call (each simulated first)
      if (
        !(await send(`approve ${formatAmount(payment.value)} to the ${payment.name}`, {
          address: addresses.nyn,
          abi: nynAbi,
          functionName: "approve",
          args: [payment.spender, payment.value],
        }))
      )
        return false;
      return send(label, plain);
    }
    return send(label, withPermit(permit));
  };
  const refuse = (label: string, message: string) => {
    setState({ phase: "simulating", label });
    setState({ phase: "failed", label, message, sent: false });
  };
  return { state, send, sendWithPermit, refuse };
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
