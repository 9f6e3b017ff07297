import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import type { System } from "../deploy/deploySystem";

/** Plugin name used for task errors (printed as "Error HH…: NYN OS: …" without a stack trace). */
export const PLUGIN = "NYN OS";

/**
 * What the error printer knows about a deployment: the names of the accounts (deployer, alice, … as `signerFor` reads
 * them) and of the system's contracts (timelock, governor, kernel modules), the names of the kernel's ids, and the
 * chain's time — so decoded errors read `caller=bob (0x90F7…b906)`, `what=MINT_PERMISSION`, `deadline=2026-… (in 2 d)`.
 * @param hre The Hardhat runtime.
 * @param system The deployment, when loaded.
 * @returns The context for lib/format.ts.
 */
export async function formatContextFor(
  hre: HardhatRuntimeEnvironment,
  system?: Pick<System, "addresses"> & Partial<Pick<System, "names" | "deployBlock">>,
): Promise<import("../lib/format").FormatContext> {
  const { NAMED_ACCOUNTS } = await import("../deploy/config");
  const { PERMISSION, CAPABILITY, MODULE } = await import("../lib/ids");
  const names = new Map<string, string>();
  const nodes = new Map<string, string>();
  const { namehash } = await import("ethers");
  const signers = await hre.ethers.getSigners().catch(() => []);
  signers.forEach((signer, i) => names.set(signer.address.toLowerCase(), NAMED_ACCOUNTS[i] ?? `signer ${i}`));
  if (system) {
    const a = system.addresses;
    const contracts: Record<string, string> = {
      timelock: a.timelock,
      governor: a.governor,
      kernel: a.kernel,
      ACL: a.acl,
      ProcessRegistry: a.processRegistry,
      NYN: a.nyn,
      KernelForwarder: a.forwarder,
      Marketplace: a.marketplace,
      JobBoard: a.jobBoard,
      GasMeter: a.gasMeter,
      NameService: a.nameService,
    };
    for (const [name, address] of Object.entries(contracts)) if (address) names.set(address.toLowerCase(), name);
  }
  // Names from the name service (primary names, forward-checked) win over the account keywords: `alice.nyn (0x3C44…)`.
  if (system && "names" in system && system.names) {
    const { primaryNames } = await import("../lib/names");
    const s = system as Pick<System, "names" | "deployBlock">;
    const primary = await primaryNames(s.names, s.deployBlock).catch(() => new Map<string, string>());
    for (const [address, name] of primary) {
      names.set(address, name);
      nodes.set(namehash(name), name); // a name's EIP-137 node in errors (`node=alice.nyn`)
    }
  }
  const ids = new Map<string, string>();
  for (const [k, v] of Object.entries(PERMISSION)) ids.set(v, `${k}_PERMISSION`);
  for (const [k, v] of Object.entries(CAPABILITY)) ids.set(v, `${k}_CAPABILITY`);
  for (const [k, v] of Object.entries(MODULE)) ids.set(v, `${k} module`);
  const latest = await hre.ethers.provider.getBlock("latest").catch(() => null);
  return { names, idName: (id) => ids.get(id) ?? nodes.get(id), now: latest ? BigInt(latest.timestamp) : undefined };
}

/**
 * The one line a task prints for a failure, whichever task it is: expected failures (bad input, no deployment, an
 * unknown name or id, a refused upgrade, a task's own refusal) by their message; anything from a contract as its
 * decoded custom error with values formatted for people (lib/format.ts), on any node (an `eth_call` replay when the
 * node returned no revert data).
 * @param hre The Hardhat runtime.
 * @param error What the task threw.
 * @returns The line, without the `error: ` prefix.
 */
export async function failureText(hre: HardhatRuntimeEnvironment, error: unknown): Promise<string> {
  const { HardhatError } = await import("hardhat/internal/core/errors");
  if (HardhatError.isHardhatError(error) && error.number === 108) {
    const url = (hre.network.config as { url?: string }).url ?? hre.network.name;
    return (
      `no node answers at ${url} (network "${hre.network.name}"): start one (\`npx hardhat node\` or \`npx anvil\`), ` +
      `or pick another --network`
    );
  }
  if (error instanceof HardhatPluginError) return error.message;
  if (error instanceof Error && ["NoDeploymentError", "UnknownIdError", "InputError", "NameError"].includes(error.name))
    return error.message;
  if (error instanceof Error && error.name === "UnsafeUpgradeError") {
    const { details, retypes } = error as import("../lib/upgradeSafety").UnsafeUpgradeError;
    let text = `upgrade refused, nothing proposed:\n${details ?? error.message}`;
    if (retypes?.length) {
      const { formatRetyped } = await import("../lib/upgradeSafety");
      text +=
        `\nEvery storage change above is a member retyped. If no bit moved (the type's layout test shows it; ` +
        `docs/adr/0009), list them: --retyped "${retypes.map(formatRetyped).join("; ")}"`;
    }
    return text;
  }
  const { describeFailure } = await import("../lib/errors");
  const { loadSystem } = await import("../deploy/loadSystem");
  const system = await loadSystem(hre).catch(() => undefined);
  return describeFailure(error, hre.ethers.provider, await formatContextFor(hre, system));
}

/**
 * A progress line for people at a terminal: written to stderr and replaced by the next one, only when stderr is a
 * terminal (scripts, pipes, CI and `--json` consumers see nothing); `progress()` clears it. Long start-ups (loading the
 * deployment and the contract bindings, a node that is slow to answer) and waits for a block say what is happening.
 * @param message What is happening now (omit to clear the line).
 */
export function progress(message?: string): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r\x1b[2K${message ? `… ${message}` : ""}`);
}

/**
 * Run a task action against the recorded deployment: loads the system lazily (tasks load before TypeChain exists),
 * estimates every transaction before signing it (`lib/send.ts` `estimating`), and turns any failure into one readable
 * line ({@link failureText}) and exit code 1.
 */
export async function withSystem<T>(
  hre: HardhatRuntimeEnvironment,
  action: (system: System) => Promise<T>,
): Promise<T | undefined> {
  progress(`loading the NYN OS deployment on ${hre.network.name}`);
  const { loadSystem } = await import("../deploy/loadSystem");
  const { estimating } = await import("../lib/send");
  try {
    return await estimating(hre, async () => {
      const system = await loadSystem(hre);
      progress();
      return action(system);
    });
  } catch (error) {
    progress();
    reportFailure(hre, await failureText(hre, error), error);
    return undefined;
  }
}

/**
 * Run a task body of a shell (dao, market) with every transaction estimated before signing (`lib/send.ts`
 * `estimating`); any failure becomes one readable line (a decoded custom error when there is one, on any node): from
 * the command line printed with exit code 1 ({@link reportFailure}), from code thrown as a `HardhatPluginError` of
 * `plugin`, to catch.
 * @param plugin The shell's plugin name (the errors' source).
 * @param hre The Hardhat runtime.
 * @param body The task's work.
 */
export async function guardedBy<T>(plugin: string, hre: HardhatRuntimeEnvironment, body: () => Promise<T>): Promise<T> {
  const { estimating } = await import("../lib/send");
  progress(`loading the NYN OS deployment on ${hre.network.name}`);
  try {
    return await estimating(hre, body);
  } catch (error) {
    progress();
    const failure =
      error instanceof HardhatPluginError ? error : new HardhatPluginError(plugin, await failureText(hre, error));
    if (!ranFromCommandLine()) throw failure;
    reportFailure(hre, failure.message, error);
    return undefined as T;
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
  system?: { addresses: { timelock: string; governor: string }; names?: System["names"] },
): Promise<string> {
  if (hre.ethers.isAddress(who)) return hre.ethers.getAddress(who);
  if (system && (who === "timelock" || who === "treasury")) return system.addresses.timelock;
  if (system && who === "governor") return system.addresses.governor;
  const { looksLikeName, resolveName } = await import("../lib/names");
  if (system?.names && looksLikeName(who)) return (await resolveName(system.names, who)).address;
  return (await signerFor(hre, who)).address;
}

/**
 * A PID from `--pid` and the like: a number (`3`) or the name of a process (`counter.alice.nyn`, resolved through the
 * name service: the name must resolve now, so a killed process's name is refused).
 * @param system The deployment (its name service).
 * @param value What the user typed.
 * @param flag The flag it came from.
 */
export async function pidFor(system: Pick<System, "names">, value: string, flag = "--pid"): Promise<bigint> {
  const { parsePid } = await import("../lib/input");
  const { looksLikeName, resolveName, NameError } = await import("../lib/names");
  if (!looksLikeName(value)) return parsePid(value, flag);
  const { pid } = await resolveName(system.names, value);
  if (pid === 0n) throw new NameError(`${flag}: "${value}" names an account, not a process`);
  return pid;
}

/** A permission id from `--what` (`MINT`, `mint`, `MINT_PERMISSION`): only the kernel's own permissions; a raw id
 * only with `--raw-id`. */
export async function permissionFor(name: string, allowRaw = false, flag = "--what"): Promise<string> {
  const { PERMISSION, resolveId } = await import("../lib/ids");
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

/**
 * `--relay-selectors`: function names (`incrementMetered`) or signatures of process `pid`'s program, read from its
 * artifact, or raw `0x` selectors; a name the program does not define is refused up front, listing those it does.
 * @returns The selectors, with the names they were given by.
 */
export async function selectorsFor(
  hre: HardhatRuntimeEnvironment,
  s: System,
  pid: bigint,
  list: string,
  flag: string,
): Promise<{ selector: string; name: string }[]> {
  const info = await s.registry.processInfo(pid);
  const program = await s.registry.program(info.programId);
  const iface = (await hre.artifacts.artifactExists(program.name))
    ? new hre.ethers.Interface((await hre.artifacts.readArtifact(program.name)).abi)
    : undefined;
  return list
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .map((name) => {
      if (/^0x[0-9a-fA-F]{8}$/.test(name)) return { selector: name.toLowerCase(), name };
      const fn = iface?.getFunction(name);
      if (!fn) {
        const known: string[] = [];
        iface?.forEachFunction((f) => known.push(f.name));
        throw new HardhatPluginError(
          PLUGIN,
          `${flag}: "${name}" is not a function of PID ${pid} (program ${program.name})` +
            (known.length ? `; it has ${known.join(", ")}` : "; give 0x selectors"),
        );
      }
      return { selector: fn.selector, name: fn.name };
    });
}

/** Wait for a transaction and print "label: tx <hash> (gas N)". */
export async function sent(
  label: string,
  tx: Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  progress(`${label}: simulating, signing and sending`);
  const response = await tx;
  progress(`${label}: waiting for tx ${response.hash} to be mined`);
  const receipt = await response.wait();
  progress();
  console.log(`${label}: tx ${receipt!.hash} (gas ${receipt!.gasUsed})`);
  return receipt!;
}

/**
 * `--json` output of the read tasks: one JSON document on stdout and nothing else. Conventions: amounts in base units
 * (NYN-wei) and other integers as decimal strings (bigints do not fit JSON numbers), times as unix seconds (strings),
 * addresses checksummed, ids as the contracts return them (bytes32 hex; listing and order ids as 0x hex).
 * @param value What the task read.
 */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2));
}
