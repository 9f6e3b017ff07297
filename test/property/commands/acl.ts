import fc from "fast-check";
import {
  ANY_ENTITY,
  Expected,
  Model,
  NO_EXPIRY,
  PermissionPair,
  Status,
  SystemCommand,
  World,
  actor,
  actorAt,
  capabilityKey,
  conditionKey,
  effectiveStatus,
  event,
  exec,
  failure,
  lower,
  nameOf,
  pairKey,
  pickPid,
  pinNextBlock,
  processOf,
  stats,
  success,
} from "../model";
import { SwitchCondition__factory } from "../../../typechain-types";
import { actorOrOwner, anyActor, holderOrActor, pickCapabilityGrant, pidSelector, shown } from "./common";

/**
 * ACL commands: grant, revoke and renounce permissions (with expiries and ANY_ENTITY where allowed), and grant,
 * revoke and renounce process capabilities. Predictions follow ACL.sol's check order; every success must emit
 * exactly its one event (SECURITY.md: "permissions change only through grant/revoke/renounce/expiry, each with its
 * event"). The ROOT holder named by the config never gives ROOT away here (the timelock always holds root), but
 * trying to remove the last ROOT holder is generated and must fail.
 */

/** Selector resolving to the manager of the permission. */
const MANAGER = -2;
const byManager = fc.oneof({ weight: 3, arbitrary: fc.constant(MANAGER) }, { weight: 2, arbitrary: anyActor });
/** Expiry offsets from the transaction's timestamp; "never" is `NO_EXPIRY`; offsets ≤ 0 are in the past. */
const expiryOffset = fc.constantFrom<"never" | number>("never", "never", "never", "never", -1, 0, 1, 2, 5, 60, 3600);

function expiryAt(offset: "never" | number, at: bigint): bigint {
  return offset === "never" ? NO_EXPIRY : at + BigInt(offset);
}

function grantsOf(m: Model, pair: PermissionPair): Map<string, bigint> {
  const key = pairKey(pair.where, pair.what);
  let grants = m.acl.grants.get(key);
  if (!grants) {
    grants = new Map();
    m.acl.grants.set(key, grants);
  }
  return grants;
}

function resolveBy(m: Model, w: World, sel: number, pair: PermissionPair) {
  if (sel === MANAGER) {
    const manager = actorAt(w, m.acl.managers.get(pairKey(pair.where, pair.what)) ?? "");
    if (manager) return manager;
  }
  return actor(m, w, sel);
}

/** For an even selector, a current holder of `pair` (if any); otherwise grantee `sel` (an actor or ANY_ENTITY). */
function holderOrGrantee(m: Model, w: World, pair: PermissionPair, sel: number): string {
  const holders = [...grantsOf(m, pair).keys()];
  if (sel % 2 === 0 && holders.length > 0) {
    const holder = holders[(sel >> 1) % holders.length];
    return w.grantees.find((g) => lower(g) === holder)!;
  }
  return w.grantees[sel % w.grantees.length];
}

/** Would removing `who`'s grant of `pair` take ROOT from the designated root while others hold it? */
function removesRootFromRoot(m: Model, w: World, pair: PermissionPair, who: string): boolean {
  return pair.name === "ROOT" && lower(who) === lower(w.root) && (grantsOf(m, pair).size ?? 0) > 1;
}

/** Skip a step that would take ROOT from the designated root (counted as a no-op step; invariants still run). */
function noop(name: string, pair: PermissionPair, who: string, w: World): string {
  stats.record(name, "noop");
  return `${name}(${pair.name}, ${nameOf(w, who)}) -> skipped: the root keeps ROOT`;
}

/** `_revoke(who, where, what)` after the caller checks. */
function predictRevoke(m: Model, w: World, pair: PermissionPair, who: string, by: string): Expected {
  const grants = grantsOf(m, pair);
  if (!grants.has(lower(who))) return failure("ACLNotGranted", [who, pair.where, pair.what]);
  if (pair.where === w.s.addresses.kernel && pair.name === "ROOT" && grants.size === 1) {
    return failure("ACLLastHolder", [who, pair.where, pair.what]);
  }
  return success(event(w.s.addresses.acl, "PermissionRevoked", who, pair.where, pair.what, by));
}

class GrantPermission extends SystemCommand<{ by: number; pair: number; who: number; expiry: "never" | number }> {
  readonly name = "grantPermission";
  protected async step(m: Model, w: World) {
    const pair = w.pairs[this.a.pair % w.pairs.length];
    const by = resolveBy(m, w, this.a.by, pair);
    const who = w.grantees[this.a.who % w.grantees.length];
    const at = await pinNextBlock(m);
    const expiry = expiryAt(this.a.expiry, at);
    const manager = m.acl.managers.get(pairKey(pair.where, pair.what));
    const current = grantsOf(m, pair).get(lower(who)) ?? 0n;
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (!manager) expected = failure("ACLPermissionMissing", [pair.where, pair.what]);
    else if (lower(by.address) !== manager)
      expected = failure("ACLNotManager", [by.address, pair.where, pair.what, manager]);
    else if (pair.rootLevel && who === ANY_ENTITY)
      expected = failure("ACLWildcardRootPermission", [pair.where, pair.what]);
    else if (pair.rootLevel && expiry !== NO_EXPIRY) {
      expected = failure("ACLExpiringRootPermission", [pair.where, pair.what, expiry]);
    } else if (expiry <= at) expected = failure("ACLExpiryInPast", [expiry, at]);
    else if (at <= current) expected = failure("ACLAlreadyGranted", [who, pair.where, pair.what, current]);
    else
      expected = success(event(w.s.addresses.acl, "PermissionGranted", who, pair.where, pair.what, expiry, by.address));
    const acl = w.s.acl.connect(w.actors[by.index]);
    const exp = expiry === NO_EXPIRY ? "never" : `now+${expiry - (at - 1n)}`;
    this.resolved = shown(this.name, [w.names[by.index], pair.name, `to=${nameOf(w, who)}`, `expiry=${exp}`], expected);
    await exec(m, w, this.name, (o) => acl.grantPermission(who, pair.where, pair.what, expiry, o), expected);
    if (expected.ok) {
      grantsOf(m, pair).set(lower(who), expiry);
      m.acl.conditional.delete(conditionKey(pair, who)); // an unconditional (re-)grant clears the condition
      m.acl.minBalances.delete(conditionKey(pair, who));
    }
    return this.resolved;
  }
}

class RevokePermission extends SystemCommand<{ by: number; pair: number; who: number }> {
  readonly name = "revokePermission";
  private resolve(m: Model, w: World) {
    const pair = w.pairs[this.a.pair % w.pairs.length];
    return { pair, by: resolveBy(m, w, this.a.by, pair), who: holderOrGrantee(m, w, pair, this.a.who) };
  }
  protected async step(m: Model, w: World) {
    const { pair, by, who } = this.resolve(m, w);
    if (removesRootFromRoot(m, w, pair, who)) return noop(this.name, pair, who, w);
    await pinNextBlock(m);
    const manager = m.acl.managers.get(pairKey(pair.where, pair.what));
    let expected: Expected;
    if (!manager) expected = failure("ACLPermissionMissing", [pair.where, pair.what]);
    else if (lower(by.address) !== manager)
      expected = failure("ACLNotManager", [by.address, pair.where, pair.what, manager]);
    else expected = predictRevoke(m, w, pair, who, by.address);
    const acl = w.s.acl.connect(w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], pair.name, `from=${nameOf(w, who)}`], expected);
    await exec(m, w, this.name, (o) => acl.revokePermission(who, pair.where, pair.what, o), expected);
    if (expected.ok) {
      grantsOf(m, pair).delete(lower(who));
      m.acl.conditional.delete(conditionKey(pair, who));
      m.acl.minBalances.delete(conditionKey(pair, who));
    }
    return this.resolved;
  }
}

class RenouncePermission extends SystemCommand<{ by: number; pair: number }> {
  readonly name = "renouncePermission";
  protected async step(m: Model, w: World) {
    const pair = w.pairs[this.a.pair % w.pairs.length];
    const holder = holderOrGrantee(m, w, pair, this.a.by);
    // ANY_ENTITY cannot sign: an actor renounces instead.
    const by = actorAt(w, holder) ?? actor(m, w, this.a.by >> 1);
    if (removesRootFromRoot(m, w, pair, by.address)) return noop(this.name, pair, by.address, w);
    await pinNextBlock(m);
    const expected = predictRevoke(m, w, pair, by.address, by.address);
    const acl = w.s.acl.connect(w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], pair.name], expected);
    await exec(m, w, this.name, (o) => acl.renouncePermission(pair.where, pair.what, o), expected);
    if (expected.ok) {
      grantsOf(m, pair).delete(lower(by.address));
      m.acl.conditional.delete(conditionKey(pair, by.address));
      m.acl.minBalances.delete(conditionKey(pair, by.address));
    }
    return this.resolved;
  }
}

// ---- issue 16 part 3: conditional grants (the world's one switch condition) and flipping that condition

/** Built-in condition minimums (NYN-wei): 0 is refused; the others split the actors' balances. */
const minBalance = fc.constantFrom(0n, 1n, 10n ** 18n * 100n, 10n ** 18n * 1_000_000n);

/**
 * `grantPermissionWithCondition(who, where, what, expiry, w.condition)`: as a grant, plus the root-level refusal; or,
 * given a minimum, `grantPermissionWithMinBalance(who, where, what, expiry, min)`: the ACL's built-in NYN-balance
 * condition (plus the minimum's range check).
 */
class GrantPermissionWithCondition extends SystemCommand<{
  by: number;
  pair: number;
  who: number;
  expiry: "never" | number;
  min?: bigint;
}> {
  readonly name: "grantPermissionWithCondition" | "grantPermissionWithMinBalance";
  constructor(a: { by: number; pair: number; who: number; expiry: "never" | number; min?: bigint }) {
    super(a);
    this.name = a.min === undefined ? "grantPermissionWithCondition" : "grantPermissionWithMinBalance";
  }
  protected async step(m: Model, w: World) {
    const min = this.a.min;
    const pair = w.pairs[this.a.pair % w.pairs.length];
    const by = resolveBy(m, w, this.a.by, pair);
    const who = w.grantees[this.a.who % w.grantees.length];
    const at = await pinNextBlock(m);
    const expiry = expiryAt(this.a.expiry, at);
    const manager = m.acl.managers.get(pairKey(pair.where, pair.what));
    const current = grantsOf(m, pair).get(lower(who)) ?? 0n;
    const acl = w.s.acl.connect(w.actors[by.index]);
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (!manager) expected = failure("ACLPermissionMissing", [pair.where, pair.what]);
    else if (lower(by.address) !== manager)
      expected = failure("ACLNotManager", [by.address, pair.where, pair.what, manager]);
    else if (pair.rootLevel) expected = failure("ACLConditionalRootPermission", [pair.where, pair.what]);
    else if (min === 0n) expected = failure("ACLMinBalanceOutOfRange", [min, (1n << 96n) - 1n]);
    else if (expiry <= at) expected = failure("ACLExpiryInPast", [expiry, at]);
    else if (at <= current) expected = failure("ACLAlreadyGranted", [who, pair.where, pair.what, current]);
    else {
      const condition = min === undefined ? w.condition : w.s.addresses.nyn;
      expected = success(
        event(w.s.addresses.acl, "PermissionGranted", who, pair.where, pair.what, expiry, by.address),
        event(w.s.addresses.acl, "PermissionConditionSet", who, pair.where, pair.what, condition),
        ...(min === undefined
          ? []
          : [event(w.s.addresses.acl, "PermissionMinBalanceSet", who, pair.where, pair.what, min)]),
      );
    }
    const exp = expiry === NO_EXPIRY ? "never" : `now+${expiry - (at - 1n)}`;
    const args = [w.names[by.index], pair.name, `to=${nameOf(w, who)}`, `expiry=${exp}`];
    this.resolved = shown(this.name, min === undefined ? args : [...args, `min=${min}`], expected);
    await exec(
      m,
      w,
      this.name,
      (o) =>
        min === undefined
          ? acl.grantPermissionWithCondition(who, pair.where, pair.what, expiry, w.condition, o)
          : acl.grantPermissionWithMinBalance(who, pair.where, pair.what, expiry, min, o),
      expected,
    );
    if (expected.ok) {
      grantsOf(m, pair).set(lower(who), expiry);
      m.acl.conditional.add(conditionKey(pair, who));
      if (min === undefined) m.acl.minBalances.delete(conditionKey(pair, who));
      else m.acl.minBalances.set(conditionKey(pair, who), min);
    }
    return this.resolved;
  }
}

/** Flip the world's switch condition (anyone may: it is a test double); every conditional grant follows it. */
class SetCondition extends SystemCommand<{ by: number; on: boolean }> {
  readonly name = "setCondition";
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    await pinNextBlock(m);
    const expected = success();
    const condition = SwitchCondition__factory.connect(w.condition, w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], this.a.on ? "on" : "off"], expected);
    await exec(m, w, this.name, (o) => condition.set(this.a.on, o), expected);
    m.acl.conditionOn = this.a.on;
    return this.resolved;
  }
}

/** Capability commands act on the process's current owner generation. */
function capabilityOf(w: World, sel: number) {
  return w.capabilities[sel % w.capabilities.length];
}

export class GrantCapability extends SystemCommand<{
  by: number;
  pid: number;
  who: number;
  cap: number;
  expiry: "never" | number;
}> {
  readonly name: "grantCapability" | "grantCapabilityWithCondition";
  /** `conditional`: `grantCapabilityWithCondition` with the world's switch condition (issue 16 part 3). */
  constructor(
    a: { by: number; pid: number; who: number; cap: number; expiry: "never" | number },
    private readonly conditional = false,
  ) {
    super(a);
    this.name = conditional ? "grantCapabilityWithCondition" : "grantCapability";
  }
  protected async step(m: Model, w: World) {
    const pid = pickPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    const who = actor(m, w, this.a.who);
    const cap = capabilityOf(w, this.a.cap);
    const at = await pinNextBlock(m);
    const expiry = expiryAt(this.a.expiry, at);
    const p = processOf(m, pid);
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (expiry <= at) expected = failure("ACLExpiryInPast", [expiry, at]);
    else if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (lower(by.address) !== lower(p.owner)) expected = failure("ACLNotProcessOwner", [pid, by.address, p.owner]);
    else if (effectiveStatus(m, pid) === Status.Terminated) expected = failure("ACLProcessTerminated", [pid]);
    else {
      const granted = event(w.s.addresses.acl, "CapabilityGranted", pid, who.address, cap.id, expiry);
      expected = this.conditional
        ? success(granted, event(w.s.addresses.acl, "CapabilityConditionSet", pid, who.address, cap.id, w.condition))
        : success(granted);
    }
    const acl = w.s.acl.connect(w.actors[by.index]);
    const exp = expiry === NO_EXPIRY ? "never" : `now+${expiry - (at - 1n)}`;
    this.resolved = shown(
      this.name,
      [w.names[by.index], `pid=${pid}`, `to=${w.names[who.index]}`, cap.name, `expiry=${exp}`],
      expected,
    );
    await exec(
      m,
      w,
      this.name,
      (o) =>
        this.conditional
          ? acl.grantCapabilityWithCondition(pid, who.address, cap.id, expiry, w.condition, o)
          : acl.grantCapability(pid, who.address, cap.id, expiry, o),
      expected,
    );
    if (expected.ok) {
      const key = capabilityKey(pid, p!.generation, who.address, cap.id);
      m.acl.capabilities.set(key, expiry); // either kind replaces the other
      if (this.conditional) m.acl.conditionalCapabilities.add(key);
      else m.acl.conditionalCapabilities.delete(key);
    }
    return this.resolved;
  }
}

class RevokeCapability extends SystemCommand<{ by: number; pid: number; who: number; cap: number }> {
  readonly name: "revokeCapability" | "renounceCapability";
  constructor(
    private readonly renounce: boolean,
    a: { by: number; pid: number; who: number; cap: number },
  ) {
    super(a);
    this.name = renounce ? "renounceCapability" : "revokeCapability";
  }
  protected async step(m: Model, w: World) {
    const grant = pickCapabilityGrant(m, w, this.a.pid);
    const pid = grant?.pid ?? pickPid(m, this.a.pid >> 1);
    const by = this.renounce ? (grant?.holder ?? holderOrActor(m, w, pid, this.a.by)) : actor(m, w, this.a.by, pid);
    const who = this.renounce ? by : (grant?.holder ?? holderOrActor(m, w, pid, this.a.who));
    const cap = grant ? w.capabilities.find((c) => c.id === grant.what)! : capabilityOf(w, this.a.cap);
    await pinNextBlock(m);
    const p = processOf(m, pid);
    const key = p ? capabilityKey(pid, p.generation, who.address, cap.id) : "";
    let expected: Expected;
    if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (!this.renounce && lower(by.address) !== lower(p.owner)) {
      expected = failure("ACLNotProcessOwner", [pid, by.address, p.owner]);
    } else if (!m.acl.capabilities.has(key)) expected = failure("ACLCapabilityNotGranted", [pid, who.address, cap.id]);
    else expected = success(event(w.s.addresses.acl, "CapabilityRevoked", pid, who.address, cap.id, by.address));
    const acl = w.s.acl.connect(w.actors[by.index]);
    const args = [w.names[by.index], `pid=${pid}`, ...(this.renounce ? [] : [`from=${w.names[who.index]}`]), cap.name];
    this.resolved = shown(this.name, args, expected);
    await exec(
      m,
      w,
      this.name,
      (o) =>
        this.renounce ? acl.renounceCapability(pid, cap.id, o) : acl.revokeCapability(pid, who.address, cap.id, o),
      expected,
    );
    if (expected.ok) {
      m.acl.capabilities.delete(key);
      m.acl.conditionalCapabilities.delete(key);
    }
    return this.resolved;
  }
}

/** Mostly REGISTER_PROGRAM (index 2): the one permission that may expire or go to ANY_ENTITY. */
const pairSelector = fc.oneof({ weight: 1, arbitrary: fc.nat({ max: 4 }) }, { weight: 1, arbitrary: fc.constant(2) });
const granteeSelector = fc.nat({ max: 7 }); // 7 = ANY_ENTITY
const capabilitySelector = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) });

/** The ACL's command arbitraries. */
export const aclCommands: fc.Arbitrary<SystemCommand>[] = [
  fc
    .record({ by: byManager, pair: pairSelector, who: granteeSelector, expiry: expiryOffset })
    .map((a) => new GrantPermissionWithCondition(a)),
  fc
    .record({ by: byManager, pair: pairSelector, who: granteeSelector, expiry: expiryOffset, min: minBalance })
    .map((a) => new GrantPermissionWithCondition(a)),
  fc.record({ by: anyActor, on: fc.boolean() }).map((a) => new SetCondition(a)),
  fc
    .record({ by: byManager, pair: pairSelector, who: granteeSelector, expiry: expiryOffset })
    .map((a) => new GrantPermission(a)),
  fc.record({ by: byManager, pair: pairSelector, who: fc.nat({ max: 15 }) }).map((a) => new RevokePermission(a)),
  fc.record({ by: fc.nat({ max: 15 }), pair: pairSelector }).map((a) => new RenouncePermission(a)),
  fc
    .record({ by: actorOrOwner, pid: pidSelector, who: anyActor, cap: capabilitySelector, expiry: expiryOffset })
    .map((a) => new GrantCapability(a)),
  fc
    .record({ by: actorOrOwner, pid: pidSelector, who: anyActor, cap: capabilitySelector, expiry: expiryOffset })
    .map((a) => new GrantCapability(a, true)),
  fc
    .record({ by: actorOrOwner, pid: fc.nat({ max: 127 }), who: fc.nat({ max: 13 }), cap: capabilitySelector })
    .map((a) => new RevokeCapability(false, a)),
  fc
    .record({ by: fc.nat({ max: 13 }), pid: fc.nat({ max: 127 }), who: anyActor, cap: capabilitySelector })
    .map((a) => new RevokeCapability(true, a)),
];
