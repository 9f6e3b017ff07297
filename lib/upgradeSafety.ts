import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";

/**
 * Upgrade safety before a vote. A module upgrade is proposed only after:
 * 1. the implementation the kernel runs now is identified as an artifact of this build (runtime code compared with
 *    immutables masked), so the reference storage layout is the deployed one, not an assumed one;
 * 2. OpenZeppelin upgrades-core (through @openzeppelin/hardhat-upgrades `validateUpgrade`, kind "uups") accepts the
 *    new implementation against it: storage layout (including ERC-7201 namespaces), no constructor state, no
 *    selfdestruct/delegatecall, a UUPS upgrade function. This needs no network and no compiler download: the
 *    layouts come from the validations Hardhat recorded at compile time with the local solc;
 * 3. the new implementation is deployed (or the given address holds exactly the validated artifact), and its
 *    initializers are locked (`_disableInitializers`); a module implementation is built for its kernel (constructor
 *    argument `IKernel kernel_`, see `KernelModule`): `prepareModuleUpgrade` passes the kernel's address to a
 *    constructor with that single argument, other constructor arguments must be given;
 * 4. its code hash is read, to be pinned in `Kernel.upgradeModule(id, impl, codeHash, migration)`.
 */

/**
 * Thrown when an upgrade must not be proposed; `details` holds upgrades-core's full report. `retypes` is set when
 * every storage error of that report is a member retyped (see {@link RetypedMember}) that was not listed: the caller
 * may list them, once the type's layout test shows that no bit moved.
 */
export class UnsafeUpgradeError extends Error {
  constructor(
    message: string,
    readonly details: string = message,
    readonly retypes?: readonly RetypedMember[],
  ) {
    super(message);
    this.name = "UnsafeUpgradeError";
  }
}

/** What a safe upgrade proposal needs. */
export interface UpgradePlan {
  moduleName: string;
  moduleId: string;
  proxy: string;
  currentImplementation: string;
  /** The artifact the deployed implementation was identified as (fully qualified name). */
  referenceContract: string;
  /** The new implementation's artifact (fully qualified name). */
  newContract: string;
  newImplementation: string;
  /** `newImplementation.codehash`, to pin in the proposal. */
  codeHash: string;
}

/** The ERC-7201 slot of OpenZeppelin's `Initializable` (`_initialized` is the low uint64). */
const INITIALIZABLE_SLOT = "0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00";
const UINT64_MAX = (1n << 64n) - 1n;

/** Module ids by name: `PROCESS_REGISTRY`, `ProcessRegistry` or a 0x… id. */
export async function resolveModule(name: string): Promise<{ moduleName: string; moduleId: string }> {
  const { MODULE } = await import("./ids");
  if (/^0x[0-9a-fA-F]{64}$/.test(name)) {
    const found = Object.entries(MODULE).find(([, v]) => v.toLowerCase() === name.toLowerCase());
    return { moduleName: found ? found[0] : name, moduleId: name };
  }
  const key = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/-/g, "_")
    .toUpperCase();
  const id = (MODULE as Record<string, string>)[key];
  if (!id) throw new Error(`unknown module "${name}" (known: ${Object.keys(MODULE).join(", ")})`);
  return { moduleName: key, moduleId: id };
}

function maskImmutables(code: string, ranges: { start: number; length: number }[]): string {
  let hex = code.toLowerCase().replace(/^0x/, "");
  for (const r of ranges) {
    hex = hex.slice(0, r.start * 2) + "00".repeat(r.length) + hex.slice((r.start + r.length) * 2);
  }
  return hex;
}

/** Whether the runtime code `code` is the deployed form of artifact `fqn` (immutables masked). */
async function codeMatchesArtifact(hre: HardhatRuntimeEnvironment, code: string, fqn: string): Promise<boolean> {
  const artifact = await hre.artifacts.readArtifact(fqn);
  if (artifact.deployedBytecode.length !== code.length || artifact.deployedBytecode === "0x") return false;
  const buildInfo = await hre.artifacts.getBuildInfo(fqn);
  const output = buildInfo?.output.contracts[artifact.sourceName]?.[artifact.contractName];
  const refs =
    (output?.evm.deployedBytecode as { immutableReferences?: Record<string, { start: number; length: number }[]> })
      ?.immutableReferences ?? {};
  const ranges = Object.values(refs).flat();
  return maskImmutables(code, ranges) === maskImmutables(artifact.deployedBytecode, ranges);
}

/**
 * The artifact whose runtime code is at `address` (immutables masked): `candidates` first, then every contract of
 * the build. Throws {@link UnsafeUpgradeError} when nothing matches (the deployed code is not from this source).
 */
export async function identifyImplementation(
  hre: HardhatRuntimeEnvironment,
  address: string,
  candidates: string[] = [],
): Promise<string> {
  const code = await hre.ethers.provider.getCode(address);
  if (code === "0x") throw new UnsafeUpgradeError(`no code at ${address}`);
  const all = await hre.artifacts.getAllFullyQualifiedNames();
  const ordered = [...candidates.map((c) => all.find((n) => n === c || n.endsWith(`:${c}`)) ?? c), ...all];
  for (const fqn of new Set(ordered)) {
    if (!all.includes(fqn)) continue;
    if (await codeMatchesArtifact(hre, code, fqn)) return fqn;
  }
  throw new UnsafeUpgradeError(
    `the code at ${address} matches no contract of this build: cannot validate an upgrade against it ` +
      `(compile the exact sources it was deployed from)`,
  );
}

/**
 * A storage member retyped without moving a bit, which upgrades-core cannot see through: a compiler-packed struct or
 * a `uint256` that became a user-defined value type of the same layout, or a struct whose packed slots became such
 * types (`struct IMarketEscrow.DisputeRecord` → `struct MarketEscrow.StoredDispute`, ADR 0009). upgrades-core reports
 * it as "an incompatible type" (for a struct, with the members it sees deleted or replaced nested under it) and reads
 * no `@custom:oz-retyped-from` on members of an ERC-7201 namespaced struct; the evidence that the bits did not move is
 * the type's own layout test (test/types/).
 */
export interface RetypedMember {
  /** The member's name in its storage struct, e.g. `records`. */
  member: string;
  /** The type upgrades-core names before, e.g. `struct RetypedWordV1.Record`. */
  from: string;
  /** The type after, e.g. `RecordWord` or `struct MarketEscrow.StoredDispute`. */
  to: string;
}

/** One retype as `member: from -> to` (the form {@link parseRetyped} reads). */
export function formatRetyped(r: RetypedMember): string {
  return `${r.member}: ${r.from} -> ${r.to}`;
}

/**
 * Read retypes written as `member: from -> to`, several separated by `;`, with the types as upgrades-core names them
 * in its report (`Bad upgrade from <from> to <to>`), e.g. `records: struct RetypedWordV1.Record -> RecordWord`.
 * @param text The listing (e.g. a task's `--retyped` argument).
 * @returns The retypes, in the order given.
 * @throws Error naming the entry that is not of that form.
 */
export function parseRetyped(text: string): RetypedMember[] {
  const entries = text
    .split(";")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new Error(`no retype listed: expected "member: from -> to" (several separated by ";")`);
  return entries.map((entry) => {
    const m = /^([A-Za-z_$][\w$]*)\s*:\s*(\S(?:.*?\S)?)\s*->\s*(\S(?:.*\S)?)$/.exec(entry);
    if (!m) throw new Error(`"${entry}" is not a retype: expected "member: from -> to", e.g. "${EXAMPLE}"`);
    return { member: m[1], from: m[2], to: m[3] };
  });
}
const EXAMPLE = "records: struct RetypedWordV1.Record -> RecordWord";

/**
 * Refuse an unsafe upgrade from `referenceContract` to `newContract` (names or fully qualified names) with
 * OpenZeppelin upgrades-core, kind "uups". Offline: uses the compile-time validations only.
 * `options.retyped` accepts exactly the listed retypes (member, from, to) and nothing else: when upgrades-core's only
 * storage errors are those, the storage check is waived and every other check still runs.
 * @returns The listed retypes the upgrade needed (empty when upgrades-core accepted it as it is).
 * @throws UnsafeUpgradeError with upgrades-core's report; its `retypes` lists the unlisted retypes when they are the
 * only storage errors.
 */
export async function assertUpgradeSafe(
  hre: HardhatRuntimeEnvironment,
  referenceContract: string,
  newContract: string,
  options: { retyped?: readonly RetypedMember[] } = {},
): Promise<RetypedMember[]> {
  // The validation reads the storage layouts and checks that upgrades-core recorded at compile time, looked up by
  // bytecode; it only encodes constructor arguments, with one option for both contracts. Module implementations take
  // their kernel as a constructor argument (and the reference may take other arguments than the candidate), so
  // validate factories of the same bytecode without the constructor's inputs.
  const withoutConstructor = async (name: string) => {
    const factory = await hre.ethers.getContractFactory(name);
    const fragments = factory.interface.fragments.filter((f) => f.type !== "constructor");
    return new hre.ethers.ContractFactory(fragments, factory.bytecode, factory.runner);
  };
  const reference = await withoutConstructor(referenceContract);
  const candidate = await withoutConstructor(newContract);
  const refuse = (error: unknown, retypes?: RetypedMember[]): never => {
    const details = (error as Error).message;
    throw new UnsafeUpgradeError(
      `unsafe upgrade ${referenceContract} → ${newContract}: ${details.split("\n")[0]}`,
      details,
      retypes,
    );
  };
  try {
    await hre.upgrades.validateUpgrade(reference, candidate, { kind: "uups" });
    return [];
  } catch (error) {
    const retypes = retypesIn((error as Error).message);
    if (!retypes) refuse(error);
    const listed = (r: RetypedMember) => options.retyped?.some((a) => sameRetype(a, r)) ?? false;
    if (!retypes!.every(listed))
      refuse(
        error,
        retypes!.filter((r) => !listed(r)),
      );
    try {
      await hre.upgrades.validateUpgrade(reference, candidate, { kind: "uups", unsafeSkipStorageCheck: true });
    } catch (other) {
      refuse(other);
    }
    return retypes!;
  }
}

const sameRetype = (a: RetypedMember, b: RetypedMember) => a.member === b.member && a.from === b.from && a.to === b.to;

/**
 * The retypes of upgrades-core's storage report (`New storage layout is incompatible`, then one block per error:
 * `file:line: Upgraded \`member\` to an incompatible type` … `Bad upgrade from <from> to <to>`) when it reports
 * nothing else; `undefined` when it reports anything else (or is no storage report).
 */
function retypesIn(report: string): RetypedMember[] | undefined {
  const [head, ...blocks] = report.trim().split(/\n\s*\n/);
  if (!/^New storage layout is incompatible/.test(head.trim()) || blocks.length === 0) return undefined;
  const retypes: RetypedMember[] = [];
  for (const block of blocks.map((b) => b.trim())) {
    const member = /^\S+:\d+: Upgraded `([^`]+)` to an incompatible type$/m.exec(block)?.[1];
    // The member's own change; a struct's member-by-member differences may follow it, nested in the same block.
    const change = /^\s*- Bad upgrade from (.+?) to (.+?)\s*$/m.exec(block);
    if (member === undefined || change === null || !block.split("\n")[0].includes(`Upgraded \`${member}\``)) {
      return undefined;
    }
    retypes.push({ member, from: change[1], to: change[2] });
  }
  return retypes;
}

/** Refuse an implementation whose initializers are not locked (`_disableInitializers()` in its constructor). */
export async function assertImplementationLocked(
  hre: HardhatRuntimeEnvironment,
  implementation: string,
): Promise<void> {
  const word = BigInt(await hre.ethers.provider.getStorage(implementation, INITIALIZABLE_SLOT));
  const initialized = word & UINT64_MAX;
  if (initialized !== UINT64_MAX) {
    throw new UnsafeUpgradeError(
      `implementation ${implementation} is not locked (initialized version ${initialized}): ` +
        `its constructor must call _disableInitializers()`,
    );
  }
}

/**
 * Everything before proposing `Kernel.upgradeModule` for `module` to `contract`: identify the deployed
 * implementation, validate the upgrade, deploy the new implementation (unless `implementation` is given, which must
 * hold exactly `contract`'s code), check its initializer lock and read its code hash.
 * Throws {@link UnsafeUpgradeError} when the upgrade must not be proposed.
 */
export async function prepareModuleUpgrade(
  hre: HardhatRuntimeEnvironment,
  args: {
    kernel: {
      moduleAddress(id: string): Promise<string>;
      moduleImplementation(id: string): Promise<string>;
      getAddress(): Promise<string>;
    };
    module: string;
    contract: string;
    implementation?: string;
    /** The new implementation's constructor arguments (default: the kernel's address for a one-argument constructor). */
    constructorArgs?: unknown[];
    /** Storage members retyped without moving a bit (see {@link RetypedMember}); none by default. */
    retyped?: readonly RetypedMember[];
    deployer?: Signer;
    log?: (line: string) => void;
  },
): Promise<UpgradePlan> {
  const log = args.log ?? (() => undefined);
  const { moduleName, moduleId } = await resolveModule(args.module);
  const proxy = await args.kernel.moduleAddress(moduleId);
  if (proxy === hre.ethers.ZeroAddress) throw new UnsafeUpgradeError(`module ${moduleName} is not installed`);
  const currentImplementation = await args.kernel.moduleImplementation(moduleId);
  const referenceContract = await identifyImplementation(hre, currentImplementation);
  log(`deployed ${moduleName} implementation ${currentImplementation} is ${referenceContract}`);

  const all = await hre.artifacts.getAllFullyQualifiedNames();
  const newContract = all.find((n) => n === args.contract || n.endsWith(`:${args.contract}`));
  if (!newContract) throw new UnsafeUpgradeError(`no contract named ${args.contract} in this build`);
  const retypes = await assertUpgradeSafe(hre, referenceContract, newContract, { retyped: args.retyped });
  for (const r of retypes)
    log(
      `storage member retyped, accepted as listed (ADR 0009: its layout test must show no bit moved): ${formatRetyped(r)}`,
    );
  for (const r of args.retyped ?? []) {
    if (!retypes.some((used) => sameRetype(used, r)))
      log(`listed retype not needed by this upgrade: ${formatRetyped(r)}`);
  }
  log(
    `upgrade ${referenceContract} → ${newContract} is storage-compatible and upgrade-safe (OpenZeppelin upgrades-core)`,
  );

  let newImplementation = args.implementation;
  if (newImplementation) {
    const found = await identifyImplementation(hre, newImplementation, [newContract]);
    if (found !== newContract) {
      throw new UnsafeUpgradeError(`the code at ${newImplementation} is ${found}, not the validated ${newContract}`);
    }
  } else {
    const factory = await hre.ethers.getContractFactory(newContract, args.deployer);
    const inputs = factory.interface.deploy.inputs;
    let constructorArgs = args.constructorArgs;
    if (!constructorArgs) {
      if (inputs.length === 0) constructorArgs = [];
      else if (inputs.length === 1 && inputs[0].type === "address") constructorArgs = [await args.kernel.getAddress()];
      else {
        throw new UnsafeUpgradeError(
          `${newContract}'s constructor takes (${inputs.map((i) => `${i.type} ${i.name}`).join(", ")}): ` +
            `give its constructor arguments`,
        );
      }
    }
    const deployed = await factory.deploy(...constructorArgs);
    await deployed.waitForDeployment();
    newImplementation = await deployed.getAddress();
    log(`deployed ${newContract} implementation at ${newImplementation}`);
  }
  await assertImplementationLocked(hre, newImplementation);
  const codeHash = hre.ethers.keccak256(await hre.ethers.provider.getCode(newImplementation));
  return {
    moduleName,
    moduleId,
    proxy,
    currentImplementation,
    referenceContract,
    newContract,
    newImplementation,
    codeHash,
  };
}
