import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import type { System } from "../deploy/deploySystem";

/** Plugin name used for task errors (printed as "Error HH…: NYN OS: …" without a stack trace). */
export const PLUGIN = "NYN OS";

/**
 * Run a task action against the recorded deployment: loads the system lazily (tasks load before TypeChain exists),
 * estimates every transaction before signing it (`lib/send.ts` `estimating`), and turns any failure into one readable
 * line — the decoded custom error with its values, on any node — and a non-zero exit.
 */
export async function withSystem<T>(
  hre: HardhatRuntimeEnvironment,
  action: (system: System) => Promise<T>,
): Promise<T | undefined> {
  const { loadSystem } = await import("../deploy/loadSystem");
  const { describeFailure } = await import("../lib/errors");
  const { estimating } = await import("../lib/send");
  try {
    return await estimating(hre, async () => action(await loadSystem(hre)));
  } catch (error) {
    // Expected failures (no deployment, a custom-error revert, bad arguments) end in one line and exit code 1.
    const text =
      error instanceof HardhatPluginError ||
      (error instanceof Error && (error.name === "NoDeploymentError" || error.name === "UnknownIdError"))
        ? error.message
        : await describeFailure(error, hre.ethers.provider);
    console.error(`error: ${text}`);
    process.exitCode = 1;
    return undefined;
  }
}

/**
 * Whether one of the kernel shell's tasks is the task the command line runs (`npx hardhat dao:vote …`), as opposed
 * to a task run from code (`hre.run` in a test or script), which gets the error thrown instead.
 */
export function ranFromCommandLine(): boolean {
  return process.argv.slice(2).some((arg) => /^(dao|market|job|arbiter):/.test(arg));
}

/**
 * Print an expected failure as the shell does: one line `error: …` on stderr and exit code 1 — no stack trace (Hardhat
 * prints one for plugin errors on any machine without a display), unless `--verbose`.
 */
export function reportFailure(hre: HardhatRuntimeEnvironment, message: string, error?: unknown): void {
  console.error(`error: ${message}`);
  if (hre.hardhatArguments.verbose && error instanceof Error && error.stack) console.error(error.stack);
  process.exitCode = 1;
}

/**
 * A signer by account name (deployer, guardian, alice, bob, carol, dave, relayer, arbiter), signer index, or address
 * (which must be one of the node's unlocked accounts).
 */
export async function signerFor(hre: HardhatRuntimeEnvironment, who: string): Promise<HardhatEthersSigner> {
  const { NAMED_ACCOUNTS } = await import("../deploy/config");
  const signers = await hre.ethers.getSigners();
  const named = NAMED_ACCOUNTS.indexOf(who as (typeof NAMED_ACCOUNTS)[number]);
  if (named >= 0 && named < signers.length) return signers[named];
  if (/^\d+$/.test(who) && Number(who) < signers.length) return signers[Number(who)];
  const match = signers.find((s) => s.address.toLowerCase() === who.toLowerCase());
  if (match) return match;
  throw new HardhatPluginError(
    PLUGIN,
    `no signer "${who}" on ${hre.network.name} (use a name: ${NAMED_ACCOUNTS.join(", ")}, an index, or an unlocked address)`,
  );
}

/**
 * An address from an account name (deployer, guardian, alice, …), a signer index, a literal address, or a contract
 * of the deployment (`timelock` — the treasury and root —, `governor`) when `system` is given: the same forms in
 * every task.
 */
export async function addressFor(
  hre: HardhatRuntimeEnvironment,
  who: string,
  system?: { addresses: { timelock: string; governor: string } },
): Promise<string> {
  if (hre.ethers.isAddress(who)) return hre.ethers.getAddress(who);
  if (system && (who === "timelock" || who === "treasury")) return system.addresses.timelock;
  if (system && who === "governor") return system.addresses.governor;
  return (await signerFor(hre, who)).address;
}

/** A permission id from `--what` (`MINT`, `mint`, `MINT_PERMISSION`): only the kernel's own permissions; a raw id
 * only with `--raw-id`. */
export async function permissionFor(name: string, allowRaw = false, flag = "--what"): Promise<string> {
  const { PERMISSION } = await import("../deploy/ids");
  const { resolveId } = await import("../lib/ids");
  const table = Object.fromEntries(Object.entries(PERMISSION).map(([k, v]) => [`${k}_PERMISSION`, v]));
  return resolveId(name, table, { flag, suffix: "_PERMISSION", kind: "permission", allowRaw });
}

/**
 * A capability id of process `pid` from a name (`INCREMENT`, `INCREMENT_CAPABILITY`): only the capabilities its
 * program defines (the program's `…_CAPABILITY` constants, read from its ABI and the process itself); a raw id only
 * with `--raw-id`.
 */
export async function capabilityFor(
  hre: HardhatRuntimeEnvironment,
  s: System,
  pid: bigint,
  name: string,
  allowRaw = false,
  flag = "--what",
): Promise<string> {
  const { resolveId, programCapabilities } = await import("../lib/ids");
  const info = await s.registry.processInfo(pid);
  const program = await s.registry.program(info.programId);
  let table: Record<string, string> = {};
  if (await hre.artifacts.artifactExists(program.name)) {
    const artifact = await hre.artifacts.readArtifact(program.name);
    const contract = new hre.ethers.Contract(info.instance, artifact.abi, hre.ethers.provider);
    table = await programCapabilities(contract.interface, async (fn) => (await contract.getFunction(fn)()) as string);
  }
  return resolveId(name, table, {
    flag,
    suffix: "_CAPABILITY",
    kind: "capability",
    of: `PID ${pid} (program ${program.name})`,
    allowRaw,
  });
}

/** Wait for a transaction and print "label: tx <hash> (gas N)". */
export async function sent(
  label: string,
  tx: Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  const receipt = await (await tx).wait();
  console.log(`${label}: tx ${receipt!.hash} (gas ${receipt!.gasUsed})`);
  return receipt!;
}

/** Seconds since epoch as a readable UTC date ("never" for the ACL's no-expiry value). */
export function formatTime(seconds: bigint | number): string {
  const s = BigInt(seconds);
  if (s === (1n << 64n) - 1n) return "never";
  if (s === 0n) return "-";
  return new Date(Number(s) * 1000).toISOString().replace(".000Z", "Z");
}
