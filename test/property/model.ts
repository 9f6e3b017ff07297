import hre from "hardhat";
import type fc from "fast-check";
import type {
  BaseContract,
  ContractTransactionResponse,
  FunctionFragment,
  Interface,
  TransactionReceipt,
} from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ANY_ENTITY, CAPABILITY, NO_EXPIRY, PERMISSION } from "../../deploy/ids";
import { KERNEL_TEST_CONFIG } from "../../deploy/config";
import { decodeRevert, describeError, formatDecodedError, revertDataOf } from "../../lib/errors";
import { systemFixture } from "../fixtures/system";

/**
 * The model of the stateful property test (test/property/system.property.test.ts): a plain-TypeScript mirror of the
 * deployed system, the world (the real contracts and accounts), one transaction runner that predicts each call's
 * exact outcome, and the invariant registry checked after every step.
 *
 * To add an area (meter, governance, market): add its slice to {@link Model} and {@link initialModel}, its
 * commands in commands/<area>.ts and its invariants in invariants/<area>.ts, and list both in the two index files.
 */

/** The NYN hard cap in NYN-wei. */
export const CAP = 5_000_000_000n * 10n ** 18n;
/** `ProcessRegistry.MAX_DEPTH`. */
export const MAX_DEPTH = 8;
/** Wildcard in expected revert or event arguments. */
export const ANY = Symbol("any");

// ------------------------------------------------------------------------------------------------ world

/** A permission (where, what) the commands act on and the invariants compare. */
export interface PermissionPair {
  name: string;
  where: string;
  what: string;
  /** Root-level: on the kernel or the ACL, or protected by root (no wildcard, no expiry). */
  rootLevel: boolean;
}

/** The real system under test (fast-check's "real"). */
export interface World {
  /** The system as deploySystem() leaves it, with the named accounts. */
  s: Awaited<ReturnType<typeof systemFixture>>;
  /** The accounts that act; index = actor id. Nobody else ever holds NYN, so Σ over them is Σ over everyone. */
  actors: HardhatEthersSigner[];
  names: string[];
  addresses: string[];
  /** Submits relayed requests (not an actor). */
  relayer: HardhatEthersSigner;
  /** The account that must hold ROOT at all times (config.root: the timelock once governance is deployed). */
  root: string;
  pairs: PermissionPair[];
  /** Capability ids the commands grant and the invariants check (INCREMENT is the one Counter uses). */
  capabilities: { name: string; id: string }[];
  /** Everyone a permission can be granted to: the actors and `ANY_ENTITY`. */
  grantees: string[];
  /** Contracts whose events every command must predict exactly (ACL, registry, kernel). */
  watched: Map<string, Interface>;
  /** The invariants checked after every step (see invariants/index.ts). */
  invariants: Invariant[];
  /** Clone addresses of the initial processes (the only thing the initial model takes from the chain). */
  initialInstances: string[];
}

const ACTOR_NAMES = ["deployer", "guardian", "alice", "bob", "carol", "dave", "mallory"] as const;

/**
 * The processes every sequence starts with (spawned in {@link setupWorld}, before the snapshot), so that commands
 * act on live processes from the first step: Alice's Counter PID 1 (counting from 0) and its child PID 2 (from 7).
 */
const INITIAL_PROCESSES = [
  { owner: "alice", parent: 0, start: 0n },
  { owner: "alice", parent: 1, start: 7n },
] as const;

/** Deploy the system exactly as deploySystem() leaves it, name the actors and spawn the initial processes. */
export async function setupWorld(invariants: Invariant[]): Promise<World> {
  const s = await systemFixture();
  for (const p of INITIAL_PROCESSES) {
    const init = hre.ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [p.start]);
    await (await s.registry.connect(s.accounts[p.owner]).spawn(s.programs.Counter, init, p.parent)).wait();
  }
  const actors = ACTOR_NAMES.map((n) => s.accounts[n]);
  const addresses = actors.map((a) => a.address);
  const a = s.addresses;
  const pairs: PermissionPair[] = [
    { name: "ROOT", where: a.kernel, what: PERMISSION.ROOT, rootLevel: true },
    { name: "PAUSE", where: a.kernel, what: PERMISSION.PAUSE, rootLevel: true },
    { name: "REGISTER_PROGRAM", where: a.processRegistry, what: PERMISSION.REGISTER_PROGRAM, rootLevel: false },
    { name: "PROCESS_ADMIN", where: a.processRegistry, what: PERMISSION.PROCESS_ADMIN, rootLevel: true },
    { name: "MINT", where: a.nyn, what: PERMISSION.MINT, rootLevel: true },
  ];
  const watched = new Map<string, Interface>([
    [a.acl.toLowerCase(), s.acl.interface as unknown as Interface],
    [a.processRegistry.toLowerCase(), s.registry.interface as unknown as Interface],
    [a.kernel.toLowerCase(), s.kernel.interface as unknown as Interface],
  ]);
  return {
    s,
    actors,
    names: [...ACTOR_NAMES],
    addresses,
    relayer: s.accounts.relayer,
    root: s.roles.root,
    pairs,
    capabilities: [
      { name: "INCREMENT", id: CAPABILITY.INCREMENT },
      { name: "OTHER", id: hre.ethers.id("OTHER_CAPABILITY") },
    ],
    grantees: [...addresses, ANY_ENTITY],
    watched,
    invariants,
    initialInstances: await Promise.all(INITIAL_PROCESSES.map((_, i) => s.registry.instanceOf(i + 1))),
  };
}

/** A readable name for an address of the world. */
export function nameOf(w: World, address: string): string {
  const i = w.addresses.findIndex((x) => x.toLowerCase() === address.toLowerCase());
  if (i >= 0) return w.names[i];
  if (address.toLowerCase() === ANY_ENTITY.toLowerCase()) return "ANY";
  return address.slice(0, 10);
}

// ------------------------------------------------------------------------------------------------ model

/** `IProcessRegistry.Status`. */
export enum Status {
  None = 0,
  Running = 1,
  Suspended = 2,
  Terminated = 3,
}

export interface ProcessModel {
  pid: number;
  parent: number;
  depth: number;
  owner: string;
  /** Own status (the effective one is derived along the ancestor chain). */
  status: Status;
  generation: number;
  instance: string;
  /** Counter state of the process (every process runs the Counter program). */
  count: bigint;
  incrementsBy: Map<string, bigint>;
}

export interface PermitSignature {
  owner: string;
  spender: string;
  value: bigint;
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

export interface Model {
  /** Timestamp of the latest block (seconds); a transaction runs at `now + 1`. */
  now: bigint;
  kernel: { paused: boolean };
  acl: {
    /** pairKey → (grantee → expiry). A grantee stays a holder until revoked, expired or not. */
    grants: Map<string, Map<string, bigint>>;
    managers: Map<string, string>;
    /** capabilityKey(pid, generation, who, what) → expiry. */
    capabilities: Map<string, bigint>;
  };
  registry: { processes: ProcessModel[]; programCount: number };
  nyn: {
    supply: bigint;
    balances: Map<string, bigint>;
    /** account → delegatee (absent = none). */
    delegates: Map<string, string>;
    nonces: Map<string, bigint>;
    /** allowanceKey(owner, spender) → value, for the pairs a permit touched. */
    allowances: Map<string, bigint>;
    /** The last permit each owner used (to replay it). */
    lastPermit: Map<string, PermitSignature>;
  };
  forwarder: { nonces: Map<string, bigint> };
  /** What the invariants read on chain after the previous step (for the "only increases" / "terminal" checks). */
  seen: {
    processCount: bigint;
    terminated: Set<number>;
    nynNonces: Map<string, bigint>;
    forwarderNonces: Map<string, bigint>;
  };
}

export const lower = (a: string) => a.toLowerCase();
export const pairKey = (where: string, what: string) => `${lower(where)}|${what}`;
export const capabilityKey = (pid: number, generation: number, who: string, what: string) =>
  `${pid}|${generation}|${lower(who)}|${what}`;
export const allowanceKey = (owner: string, spender: string) => `${lower(owner)}|${lower(spender)}`;

/** The model of a fresh deployment, built from the deploy config and the expected permission table (not read back). */
export async function initialModel(w: World): Promise<Model> {
  const block = await hre.ethers.provider.getBlock("latest");
  const grants = new Map<string, Map<string, bigint>>();
  const managers = new Map<string, string>();
  for (const row of w.s.permissions) {
    const key = pairKey(row.where, row.what);
    grants.set(key, new Map(row.holders.map((h) => [lower(h), NO_EXPIRY])));
    managers.set(key, lower(row.manager));
  }
  const balances = new Map<string, bigint>(w.addresses.map((a) => [lower(a), 0n]));
  let supply = 0n;
  for (const alloc of KERNEL_TEST_CONFIG.allocations) {
    const holder = lower(w.s.accounts[alloc.holder as keyof typeof w.s.accounts].address);
    balances.set(holder, (balances.get(holder) ?? 0n) + alloc.amount);
    supply += alloc.amount;
  }
  const zeros = () => new Map<string, bigint>(w.addresses.map((a) => [lower(a), 0n]));
  return {
    now: BigInt(block!.timestamp),
    kernel: { paused: false },
    acl: { grants, managers, capabilities: new Map() },
    registry: {
      processes: INITIAL_PROCESSES.map((p, i) => ({
        pid: i + 1,
        parent: p.parent,
        depth: p.parent === 0 ? 1 : 2,
        owner: lower(w.s.accounts[p.owner].address),
        status: Status.Running,
        generation: 0,
        instance: lower(w.initialInstances[i]),
        count: p.start,
        incrementsBy: new Map(),
      })),
      programCount: Object.keys(w.s.programs).length,
    },
    nyn: { supply, balances, delegates: new Map(), nonces: zeros(), allowances: new Map(), lastPermit: new Map() },
    forwarder: { nonces: zeros() },
    seen: {
      processCount: BigInt(INITIAL_PROCESSES.length),
      terminated: new Set(),
      nynNonces: zeros(),
      forwarderNonces: zeros(),
    },
  };
}

// ------------------------------------------------------------------------------------------------ model queries

export function processOf(m: Model, pid: number): ProcessModel | undefined {
  return pid >= 1 ? m.registry.processes[pid - 1] : undefined;
}

/** The most severe status along the ancestor chain (ProcessRegistry `_effectiveStatus`). */
export function effectiveStatus(m: Model, pid: number): Status {
  let p = processOf(m, pid)!;
  let status = p.status;
  while (p.parent !== 0 && status !== Status.Terminated) {
    p = processOf(m, p.parent)!;
    if (p.status > status) status = p.status;
  }
  return status;
}

/** ACL `hasPermission(who, where, what)` at time `at` (a direct or `ANY_ENTITY` grant, expiry inclusive). */
export function hasPermission(m: Model, who: string, pair: PermissionPair, at: bigint): boolean {
  const grants = m.acl.grants.get(pairKey(pair.where, pair.what));
  if (!grants) return false;
  return at <= (grants.get(lower(who)) ?? 0n) || at <= (grants.get(lower(ANY_ENTITY)) ?? 0n);
}

export function pairNamed(w: World, name: string): PermissionPair {
  return w.pairs.find((p) => p.name === name)!;
}

/** ACL `capabilityExpiry(pid, who, what)` under the current owner generation. */
export function capabilityExpiry(m: Model, pid: number, who: string, what: string): bigint {
  const p = processOf(m, pid)!;
  return m.acl.capabilities.get(capabilityKey(pid, p.generation, who, what)) ?? 0n;
}

/** ACL `hasCapability(pid, who, what)` at time `at`. */
export function hasCapability(m: Model, pid: number, who: string, what: string, at: bigint): boolean {
  if (effectiveStatus(m, pid) === Status.Terminated) return false;
  if (lower(who) === lower(processOf(m, pid)!.owner)) return true;
  return at <= capabilityExpiry(m, pid, who, what);
}

/** NYN votes of `account` as the model derives them: Σ balances of the accounts delegating to it. */
export function votesOf(m: Model, account: string): bigint {
  let votes = 0n;
  for (const [from, to] of m.nyn.delegates) if (to === lower(account)) votes += m.nyn.balances.get(from) ?? 0n;
  return votes;
}

// ------------------------------------------------------------------------------------------------ running steps

/** One event a step must emit from a watched contract, in order. */
export interface ExpectedEvent {
  emitter: string;
  name: string;
  args: unknown[];
}

/** The predicted outcome of a transaction: success with exactly these watched events, or this custom error. */
export type Expected = { ok: true; events: ExpectedEvent[] } | { ok: false; error: string; args?: unknown[] };

export const success = (...events: ExpectedEvent[]): Expected => ({ ok: true, events });
export const failure = (error: string, args?: unknown[]): Expected => ({ ok: false, error, args });
export const event = (emitter: string, name: string, ...args: unknown[]): ExpectedEvent => ({ emitter, name, args });

/** A decoded event of a watched contract. */
export interface DecodedEvent {
  emitter: string;
  name: string;
  args: unknown[];
}

/** Counts of what the property test ran (printed at the end; the report quotes them). */
export const stats = {
  sequences: 0,
  steps: 0,
  reads: 0,
  byCommand: new Map<string, { ok: number; reverted: number; noop: number }>(),
  record(name: string, outcome: "ok" | "reverted" | "noop") {
    const entry = this.byCommand.get(name) ?? { ok: 0, reverted: 0, noop: 0 };
    if (outcome === "ok") entry.ok++;
    else if (outcome === "reverted") entry.reverted++;
    else entry.noop++;
    this.byCommand.set(name, entry);
  },
};

function sameValue(expected: unknown, actual: unknown): boolean {
  if (expected === ANY) return true;
  if (typeof expected === "number" || typeof expected === "bigint") {
    return (typeof actual === "bigint" || typeof actual === "number") && BigInt(actual) === BigInt(expected);
  }
  if (typeof expected === "boolean") return actual === expected;
  if (typeof expected === "string") return typeof actual === "string" && lower(actual) === lower(expected);
  if (Array.isArray(expected)) {
    const a = Array.from(actual as ArrayLike<unknown>);
    return a.length === expected.length && expected.every((e, i) => sameValue(e, a[i]));
  }
  return expected === actual;
}

function show(v: unknown): string {
  if (v === ANY) return "*";
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return String(v);
}

export function decodeWatchedEvents(w: World, receipt: TransactionReceipt): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (const log of receipt.logs) {
    const iface = w.watched.get(lower(log.address));
    if (!iface) continue;
    const parsed = iface.parseLog(log);
    if (!parsed) throw new Error(`unknown event from watched contract ${log.address}: ${log.topics[0]}`);
    events.push({ emitter: lower(log.address), name: parsed.name, args: Array.from(parsed.args) });
  }
  return events;
}

/** Set the next block's timestamp: every transaction of the test runs exactly at `model.now + 1`. */
export async function pinNextBlock(m: Model): Promise<bigint> {
  const at = m.now + 1n;
  await hre.network.provider.send("evm_setNextBlockTimestamp", [Number(at)]);
  return at;
}

const GAS_LIMIT = 5_000_000n;

/**
 * Send one transaction at `model.now + 1` (the time its prediction used) with a fixed gas limit (no estimation:
 * a reverting transaction is mined too, so time advances the same way), and check the outcome: success with
 * exactly the predicted events of the watched contracts, or the predicted custom error with its arguments.
 * Returns the decoded watched events on success.
 */
export async function exec(
  m: Model,
  w: World,
  label: string,
  send: (overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>,
  expected: Expected,
): Promise<DecodedEvent[]> {
  let receipt: TransactionReceipt | null = null;
  let error: unknown;
  try {
    receipt = await (await send({ gasLimit: GAS_LIMIT })).wait();
  } catch (e) {
    error = e;
  }
  m.now += 1n; // the transaction's block, mined whether it succeeded or reverted
  if (error !== undefined) {
    stats.record(label, "reverted");
    const data = revertDataOf(error);
    const parsed = data ? decodeRevert(data) : undefined;
    if (expected.ok) throw new Error(`${label}: expected success, reverted with ${describeError(error)}`);
    if (!parsed || parsed.name !== expected.error) {
      throw new Error(`${label}: expected ${expected.error}, reverted with ${describeError(error)}`);
    }
    if (expected.args && !sameValue(expected.args, Array.from(parsed.args))) {
      throw new Error(
        `${label}: expected ${expected.error}(${show(expected.args)}), got ${formatDecodedError(parsed)}`,
      );
    }
    return [];
  }
  stats.record(label, "ok");
  if (!expected.ok) {
    throw new Error(`${label}: expected revert ${expected.error}(${show(expected.args ?? [])}), but it succeeded`);
  }
  const events = decodeWatchedEvents(w, receipt!);
  const want = expected.events.map((e) => ({ ...e, emitter: lower(e.emitter) }));
  const same =
    events.length === want.length &&
    want.every(
      (e, i) => e.emitter === events[i].emitter && e.name === events[i].name && sameValue(e.args, events[i].args),
    );
  if (!same) {
    const fmt = (list: { name: string; args: unknown[] }[]) => list.map((e) => `${e.name}(${show(e.args)})`).join("; ");
    throw new Error(`${label}: events of ACL/registry/kernel\n  expected: ${fmt(want)}\n  actual:   ${fmt(events)}`);
  }
  return events;
}

// ------------------------------------------------------------------------------------------------ batched reads

/** The value of one batched read, available after {@link ReadBatch.run}. */
export class Ref<T> {
  ok = false;
  private _value: unknown;
  /** The decoded custom error (or raw revert data) when the read reverted. */
  revert?: string;
  constructor(readonly label: string) {}
  set(value: unknown) {
    this.ok = true;
    this._value = value;
  }
  get value(): T {
    if (!this.ok) throw new Error(`read ${this.label} reverted: ${this.revert}`);
    return this._value as T;
  }
}

/** Calldata by (method, args): the same reads repeat every step. */
const calldataCache = new Map<string, { fragment: FunctionFragment; data: string }>();

/**
 * The reads of one invariant check, sent together as raw `eth_call`s at the latest block. (Measured on Hardhat
 * 2.29/EDR: one plain `eth_call` costs ~0.2 ms, while the same read nested in an aggregating contract's staticcall
 * costs 0.4-1 ms, so the batch does not go through a multicall contract.)
 */
export class ReadBatch {
  private reads: { target: string; data: string; iface: Interface; fragment: FunctionFragment; ref: Ref<unknown> }[] =
    [];
  private extra: { fn: () => Promise<unknown>; ref: Ref<unknown> }[] = [];

  /** Call view `method(args)` of `contract`. */
  read<T = unknown>(contract: BaseContract, method: string, args: unknown[] = []): Ref<T> {
    const iface = contract.interface as unknown as Interface;
    const target = contract.target as string;
    const ref = new Ref<T>(`${method}(${args.map(show).join(", ")})`);
    const key = `${target}|${method}|${args.map(show).join("|")}`;
    let cached = calldataCache.get(key);
    if (cached === undefined) {
      const fragment = iface.getFunction(method)!;
      cached = { fragment, data: iface.encodeFunctionData(fragment, args) };
      calldataCache.set(key, cached);
    }
    this.reads.push({ target, data: cached.data, iface, fragment: cached.fragment, ref: ref as Ref<unknown> });
    return ref;
  }

  /** Any other asynchronous read (e.g. the latest block). */
  query<T>(label: string, fn: () => Promise<T>): Ref<T> {
    const ref = new Ref<T>(label);
    this.extra.push({ fn, ref: ref as Ref<unknown> });
    return ref;
  }

  get size(): number {
    return this.reads.length + this.extra.length;
  }

  async run(): Promise<void> {
    const provider = hre.network.provider;
    await Promise.all([
      ...this.reads.map(async (r) => {
        try {
          const ret: string = await provider.send("eth_call", [{ to: r.target, data: r.data }, "latest"]);
          const decoded = r.iface.decodeFunctionResult(r.fragment, ret);
          r.ref.set(decoded.length === 1 ? decoded[0] : decoded);
        } catch (e) {
          const data = revertDataOf(e);
          const parsed = data ? decodeRevert(data) : undefined;
          r.ref.revert = parsed ? formatDecodedError(parsed) : describeError(e);
        }
      }),
      ...this.extra.map(async (x) => x.ref.set(await x.fn())),
    ]);
  }
}

// ------------------------------------------------------------------------------------------------ invariants

/**
 * One invariant of ATTACKS.md. `collect` registers its reads on the shared batch and returns the check to run once
 * they resolved (throw to fail; the message names the invariant). All invariants share one `eth_call` per step.
 */
export interface Invariant {
  area: string;
  name: string;
  collect(b: ReadBatch, m: Model, w: World): () => void;
}

/** Read everything the invariants need in one call, then run every check. */
export async function checkInvariants(m: Model, w: World, invariants: Invariant[]): Promise<void> {
  const batch = new ReadBatch();
  const checks = invariants.map((inv) => ({ inv, check: inv.collect(batch, m, w) }));
  stats.reads += batch.size;
  await batch.run();
  for (const { inv, check } of checks) {
    try {
      check();
    } catch (e) {
      throw new Error(`invariant [${inv.area}] ${inv.name}: ${(e as Error).message}`);
    }
  }
}

/** Throw `message` unless `condition`. */
export function ensure(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

// ------------------------------------------------------------------------------------------------ commands

/** Selector resolving to "the current owner of the target process" instead of a fixed actor. */
export const OWNER = -1;

/**
 * Base of every command. Arguments are selectors (small integers) resolved against the model when the command
 * runs, so a command stays meaningful when shrinking removes earlier ones. `toString` shows the resolved call of
 * the last run, which is what fast-check prints for the shrunk counterexample.
 */
export abstract class SystemCommand implements fc.AsyncCommand<Model, World> {
  /** The resolved call of the last run, e.g. `spawn(alice, parent=2) -> ok`. */
  protected resolved = ""; // set before the transaction, so a failing step shows what it was doing

  abstract readonly name: string;
  /** The raw selectors (shown until the command has run). */
  protected abstract selectors(): string;
  /** Whether the command may run in this state (default: always). */
  check(_m: Readonly<Model>): boolean {
    return true;
  }
  /** Predict, act, update the model; return the resolved call for display. */
  protected abstract step(m: Model, w: World): Promise<string>;

  async run(m: Model, w: World): Promise<void> {
    this.resolved = await this.step(m, w);
    stats.steps++;
    if (process.env.PROPERTY_TRACE) console.log(`        ${this.resolved}`);
    await checkInvariants(m, w, w.invariants);
  }

  toString(): string {
    return this.resolved || `${this.name}{${this.selectors()}}`;
  }
}

/** The actor `sel` picks (`OWNER` = the owner of process `pid`). */
export function actor(m: Model, w: World, sel: number, pid?: number): { address: string; index: number } {
  if (sel === OWNER && pid !== undefined) {
    const p = processOf(m, pid);
    if (p) {
      const index = w.addresses.findIndex((a) => lower(a) === lower(p.owner));
      if (index >= 0) return { address: w.addresses[index], index };
    }
  }
  const index = ((sel % w.actors.length) + w.actors.length) % w.actors.length;
  return { address: w.addresses[index], index };
}

/** A PID from selector `sel`: one of the existing processes, or (1 in 8, with `allowUnknown`) the next, unknown PID. */
export function pickPid(m: Model, sel: number, allowUnknown = true): number {
  const n = m.registry.processes.length;
  if (n === 0 || (allowUnknown && sel % 8 === 7)) return n + 1;
  return (Math.floor(sel / 8) % n) + 1;
}

export { NO_EXPIRY, ANY_ENTITY };
