import type { BigNumberish, BytesLike, ContractTransactionResponse, Interface, TransactionReceipt } from "ethers";
import type { ProcessRegistry } from "../typechain-types";

/** A process just spawned: its PID, its instance (the program's clone), its owner and the receipt that made it. */
export interface Spawned {
  /** The new process's id. */
  pid: bigint;
  /** The process's instance address (an EIP-1167 clone of its program). */
  instance: string;
  /** Who owns it (the account that spawned it). */
  owner: string;
  /** The mined `spawn` transaction's receipt. */
  receipt: TransactionReceipt;
}

/**
 * The process a `spawn` receipt created, read from the registry's `ProcessSpawned` event.
 * @param registry The process registry (its interface decodes the event).
 * @param receipt The mined `spawn` transaction's receipt.
 * @returns The PID, instance and owner, with the receipt.
 * @throws Error when the receipt has no `ProcessSpawned` event.
 */
export function spawnedOf(registry: { interface: Interface }, receipt: TransactionReceipt): Spawned {
  for (const log of receipt.logs) {
    let parsed;
    try {
      parsed = registry.interface.parseLog(log);
    } catch {
      continue; // another contract's event with a colliding topic
    }
    if (parsed?.name === "ProcessSpawned") {
      return {
        pid: parsed.args.pid as bigint,
        instance: parsed.args.instance as string,
        owner: parsed.args.owner as string,
        receipt,
      };
    }
  }
  throw new Error(`transaction ${receipt.hash} spawned no process (no ProcessSpawned event)`);
}

/** Send a transaction and wait for its receipt (the default of {@link spawn}; tasks and the demo print as they go). */
async function mine(tx: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("spawn: no receipt");
  return receipt;
}

/**
 * Spawn a process of program `programId` as the registry's signer (`registry.connect(owner)`), wait for it and read
 * the new PID and instance from its `ProcessSpawned` event.
 * @param registry The process registry, connected to the future owner.
 * @param programId The program to run.
 * @param options `init`: the instance's initializer data (default `0x`); `parent`: the parent PID (default 0, a
 * top-level process); `send`: how to send and wait (e.g. a task's printing `sent`), by default just mined.
 * @returns The PID, instance and owner, with the receipt.
 */
export async function spawn(
  registry: ProcessRegistry,
  programId: BigNumberish,
  options: {
    init?: BytesLike;
    parent?: BigNumberish;
    send?: (tx: Promise<ContractTransactionResponse>) => Promise<TransactionReceipt>;
  } = {},
): Promise<Spawned> {
  const send = options.send ?? mine;
  const receipt = await send(registry.spawn(programId, options.init ?? "0x", options.parent ?? 0));
  return spawnedOf(registry, receipt);
}
