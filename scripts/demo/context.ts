import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, TransactionReceipt } from "ethers";
import type { System } from "../../deploy/deploySystem";
import { describeFailure } from "../../lib/errors";
import { formatContextFor } from "../../tasks/util";

/** The cast of the demo, in signer order (deploy/config.ts NAMED_ACCOUNTS). */
export interface Cast {
  deployer: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  dave: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  arbiter: HardhatEthersSigner;
}

/** What every demo chapter receives. Chapters may add their own results to `state`. */
export interface DemoContext {
  hre: HardhatRuntimeEnvironment;
  system: System;
  cast: Cast;
  /** Facts earlier chapters leave for later ones (e.g. `pid1`). */
  state: Record<string, unknown>;
  /** Gas used per named step, for the summary (and the closing notes). */
  gas: Record<string, bigint>;
  /** Print a chapter heading. */
  chapter(title: string): void;
  /** Print a line of narration. */
  say(line: string): void;
  /** Send a transaction, wait for it, print its hash and gas; returns the receipt. */
  tx(label: string, sending: Promise<ContractTransactionResponse>): Promise<TransactionReceipt>;
  /**
   * Run a call that must fail; print the decoded custom error. Throws if it succeeds or fails with another error
   * than `expectedError` (the custom error's name). A transaction that was mined and reverted (no estimate first)
   * is decoded by replaying it with `eth_call` ({@link describeFailure}).
   */
  expectRevert(label: string, calling: Promise<unknown>, expectedError: string): Promise<string>;
}

/** Build the context chapters share. */
export function makeContext(hre: HardhatRuntimeEnvironment, system: System, cast: Cast): DemoContext {
  let step = 0;
  const ctx: DemoContext = {
    hre,
    system,
    cast,
    state: {},
    gas: {},
    chapter(title) {
      console.log(`\n== ${title} ${"=".repeat(Math.max(0, 70 - title.length))}`);
    },
    say(line) {
      console.log(`   ${line}`);
    },
    async tx(label, sending) {
      step += 1;
      const response = await sending;
      const receipt = await response.wait();
      if (!receipt) throw new Error(`${label}: no receipt`);
      ctx.gas[label] = receipt.gasUsed;
      console.log(
        `${String(step).padStart(3)}. ${label.padEnd(52)} tx ${receipt.hash.slice(0, 10)}…  gas ${receipt.gasUsed}`,
      );
      return receipt;
    },
    async expectRevert(label, calling, expectedError) {
      step += 1;
      try {
        const result = await calling;
        // A sent transaction that did not revert at estimation: wait for it (it may revert when mined).
        if (result && typeof (result as ContractTransactionResponse).wait === "function") {
          await (result as ContractTransactionResponse).wait();
        }
      } catch (error) {
        const text = await describeFailure(error, hre.ethers.provider, await formatContextFor(hre, system));
        if (!text.startsWith(expectedError)) {
          throw new Error(`${label}: expected ${expectedError}, got ${text}`);
        }
        console.log(`${String(step).padStart(3)}. ${label.padEnd(52)} refused: ${text}`);
        return text;
      }
      throw new Error(`${label}: expected the call to fail with ${expectedError}, but it succeeded`);
    },
  };
  return ctx;
}
