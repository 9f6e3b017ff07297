import { Interface, id, isHexString } from "ethers";

// The kernel's ids and their names, in one place: module, permission and capability ids (mirror `KernelIds.sol`),
// the ACL's special values, and resolving a name a user typed to an id.

/** Module ids of the kernel's module table (mirror `KernelIds.sol`). */
export const MODULE = {
  ACL: id("nyn.module.acl"),
  PROCESS_REGISTRY: id("nyn.module.process-registry"),
  GAS_METER: id("nyn.module.gas-meter"),
  MARKETPLACE: id("nyn.module.marketplace"),
  JOB_BOARD: id("nyn.module.job-board"),
  NAME_SERVICE: id("nyn.module.name-service"),
} as const;

/** Permission ids (`keccak256("NAME_PERMISSION")`, mirror `KernelIds.sol`). */
export const PERMISSION = {
  ROOT: id("ROOT_PERMISSION"),
  PAUSE: id("PAUSE_PERMISSION"),
  REGISTER_PROGRAM: id("REGISTER_PROGRAM_PERMISSION"),
  PROCESS_ADMIN: id("PROCESS_ADMIN_PERMISSION"),
  MINT: id("MINT_PERMISSION"),
  MARKET_ADMIN: id("MARKET_ADMIN_PERMISSION"),
  ARBITER: id("ARBITER_PERMISSION"),
  MARKET_TOKENS: id("MARKET_TOKENS_PERMISSION"),
  SET_METER_PARAMS: id("SET_METER_PARAMS_PERMISSION"),
  COLLECT_METER_FEES: id("COLLECT_METER_FEES_PERMISSION"),
  SET_NAME_FEE: id("SET_NAME_FEE_PERMISSION"),
} as const;

/** Capability ids of the sample program. */
export const CAPABILITY = {
  INCREMENT: id("INCREMENT_CAPABILITY"),
} as const;

/** Reverse lookup: a human name for a known permission/module/capability id. */
export function nameOfId(value: string): string {
  const lower = value.toLowerCase();
  for (const table of [PERMISSION, MODULE, CAPABILITY] as Record<string, string>[]) {
    for (const [name, v] of Object.entries(table)) if (v.toLowerCase() === lower) return name;
  }
  return value;
}

/** `type(uint64).max`: the ACL's "never expires". */
export const NO_EXPIRY = (1n << 64n) - 1n;
/** The ACL's wildcard grantee. */
export const ANY_ENTITY = "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF";

/** A name → bytes32 id table (e.g. permission names to `keccak256("NAME_PERMISSION")`). */
export type IdTable = Record<string, string>;

/** Why a name given for a permission or capability was refused; the message names the flag and close matches. */
export class UnknownIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownIdError";
  }
}

/** Levenshtein distance between two strings (for "did you mean" suggestions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The names of `table` closest to `name` (at most three, nearest first; only plausible ones). */
export function closeMatches(name: string, names: string[]): string[] {
  const wanted = name.toUpperCase();
  return names
    .map((n) => ({ n, d: Math.min(editDistance(wanted, n), n.includes(wanted) || wanted.includes(n) ? 1 : 99) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 3)))
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map(({ n }) => n);
}

/**
 * Resolve `name` to an id of `table` only: `MINT`, `mint` and `MINT_PERMISSION` (with `suffix` "_PERMISSION") all
 * name `table.MINT_PERMISSION`'s id. An unknown name is refused with {@link UnknownIdError} naming `flag` and the close
 * matches; a raw `0x…` id only when `allowRaw` (the caller's explicit flag).
 * @param name What the user typed.
 * @param table Full names (with suffix) to ids.
 * @param options `flag` for messages (e.g. "--what"), `suffix` appended to short names, `kind` and `of` (what the
 * table belongs to) for messages, `allowRaw` for 0x ids.
 * @returns The bytes32 id.
 */
export function resolveId(
  name: string,
  table: IdTable,
  options: { flag: string; suffix: string; kind: string; of?: string; allowRaw?: boolean; rawFlag?: string },
): string {
  if (isHexString(name)) {
    if (!isHexString(name, 32)) throw new UnknownIdError(`${options.flag}: "${name}" is not a 32-byte id`);
    if (options.allowRaw) return name.toLowerCase();
    throw new UnknownIdError(
      `${options.flag}: a raw id (${name}) is accepted only with ${options.rawFlag ?? "--raw-id"}; known ${options.kind}s: ${Object.keys(table).join(", ")}`,
    );
  }
  const upper = name.toUpperCase();
  const full = upper.endsWith(options.suffix) ? upper : `${upper}${options.suffix}`;
  if (table[full] !== undefined) return table[full];
  const names = Object.keys(table);
  const close = closeMatches(full, names);
  throw new UnknownIdError(
    `${options.flag}: unknown ${options.kind} "${name}"${options.of ? ` of ${options.of}` : ""}` +
      (close.length ? `; did you mean ${close.join(", ")}?` : "") +
      ` (known: ${names.join(", ") || "none"})`,
  );
}

/**
 * The capabilities a program defines: its ABI's `bytes32` constants named `…_CAPABILITY` (the convention of
 * `Counter.INCREMENT_CAPABILITY`), read from the program itself through `call`.
 * @param abi The program's ABI (an ethers `Interface`).
 * @param call Reads one constant by function name (e.g. `(fn) => contract[fn]()`).
 * @returns Name → id.
 */
export async function programCapabilities(abi: Interface, call: (fn: string) => Promise<string>): Promise<IdTable> {
  const table: IdTable = {};
  for (const fragment of abi.fragments) {
    if (fragment.type !== "function") continue;
    const fn = abi.getFunction((fragment as unknown as { selector: string }).selector)!;
    if (!fn.name.endsWith("_CAPABILITY") || fn.inputs.length !== 0 || fn.outputs.length !== 1) continue;
    if (fn.outputs[0].type !== "bytes32") continue;
    table[fn.name] = await call(fn.name);
  }
  return table;
}
