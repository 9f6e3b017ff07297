import fc from "fast-check";
import hre from "hardhat";
import {
  Expected,
  Model,
  NamesModel,
  OWNER,
  Status,
  SystemCommand,
  World,
  actor,
  actorAt,
  effectiveStatus,
  event,
  exec,
  failure,
  lower,
  pickPid,
  pinNextBlock,
  processOf,
  success,
} from "../model";
import { actorOrOwner, anyActor, pidSelector, shown } from "./common";
import { nodeOf } from "../../../lib/names";

/**
 * Name service commands (issue 16): claim an account name, name a process under it, release a process name, and
 * the two-step transfer of an account name. Each predicts the exact outcome in the contract's check order (see
 * NameService.sol); a process name resolves only while its process is not terminated and keeps the owner
 * generation it was named under, which the model derives from its registry (no hook: release is lazy).
 */

const { ZeroAddress } = hre.ethers;
const namehash = nodeOf; // the contract's node (ethers' namehash would normalise "Bad_" and throw)
export const ROOT_NODE = namehash("nyn");
/** Labels drawn: actors' names (valid), shared and hyphenated ones, and two the label rule refuses. */
const LABELS = ["alice", "bob", "carol", "counter", "x-1", "shared", "Bad_", "ab"] as const;

/** The contract's label rule, with the error it reverts with (undefined: valid). */
export function labelError(label: string): Expected | undefined {
  if (label.length < 3 || label.length > 32) return failure("NameServiceLabelLength", [label, label.length, 3, 32]);
  for (let i = 0; i < label.length; i++) {
    const c = label[i];
    const ok = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (c === "-" && i !== 0 && i !== label.length - 1);
    if (!ok) return failure("NameServiceInvalidLabel", [label, i]);
  }
  return undefined;
}

/** `addr(node)` as the model predicts it (lower case; the zero address when it does not resolve). */
export function resolvedAddr(m: Model, node: string): string {
  const r = m.names.records.get(node);
  if (!r) return lower(ZeroAddress);
  if (r.pid === 0) return r.parent === ROOT_NODE ? r.holder : lower(ZeroAddress);
  const p = processOf(m, r.pid)!;
  if (effectiveStatus(m, r.pid) === Status.Terminated || p.generation !== r.generation) return lower(ZeroAddress);
  return r.holder;
}

/** `name(account)` as the model predicts it. */
export function primaryName(m: Model, account: string): string {
  const node = m.names.reverse.get(lower(account));
  if (!node || resolvedAddr(m, node) !== lower(account)) return "";
  return m.names.records.get(node)!.fullName;
}

/** The account names in the model, in claim order. */
function accountNames(n: NamesModel): string[] {
  return [...n.records.entries()].filter(([, r]) => r.parent === ROOT_NODE).map(([node]) => node);
}

/** `_ownedAccountName(node)` for caller `by`. */
function predictOwnedAccountName(m: Model, node: string, by: string): Expected | undefined {
  const r = m.names.records.get(node);
  if (!r || r.parent !== ROOT_NODE || r.holder === lower(ZeroAddress)) {
    return failure("NameServiceNotAccountName", [node]);
  }
  if (r.holder !== lower(by)) return failure("NameServiceNotNameOwner", [node, by, r.holder]);
  return undefined;
}

class ClaimName extends SystemCommand<{ by: number; pid: number; label: number }> {
  readonly name = "claimName";
  protected async step(m: Model, w: World) {
    // Mostly a process's owner (so that process names follow), sometimes anyone.
    const by = actor(m, w, this.a.by, pickPid(m, this.a.pid, false));
    const label = LABELS[this.a.label % LABELS.length];
    const node = namehash(`${label}.nyn`);
    await pinNextBlock(m);
    const existing = m.names.records.get(node);
    let expected: Expected;
    const bad = labelError(label);
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (bad) expected = bad;
    else if (existing) expected = failure("NameServiceTaken", [node, existing.holder]);
    else {
      const events = [
        event(w.s.addresses.nameService, "NameClaimed", node, `${label}.nyn`, by.address, 0n),
        event(w.s.addresses.nameService, "AddrChanged", node, by.address),
      ];
      const primary = m.names.reverse.get(lower(by.address));
      const setsPrimary = !primary || resolvedAddr(m, primary) !== lower(by.address);
      if (setsPrimary) events.push(event(w.s.addresses.nameService, "ReverseNameSet", by.address, node));
      expected = success(...events);
    }
    this.resolved = shown(this.name, [w.names[by.index], label], expected);
    await exec(m, w, this.name, (o) => w.s.names.connect(w.actors[by.index]).claim(label, o), expected);
    if (expected.ok) {
      const setsPrimary = expected.events.length === 3;
      m.names.records.set(node, {
        fullName: `${label}.nyn`,
        parent: ROOT_NODE,
        holder: lower(by.address),
        pid: 0,
        generation: 0,
      });
      if (setsPrimary) m.names.reverse.set(lower(by.address), node);
    }
    return this.resolved;
  }
}

class NameProcess extends SystemCommand<{ by: number; parent: number; label: number; pid: number }> {
  readonly name = "nameProcess";
  protected async step(m: Model, w: World) {
    // Mostly (by = OWNER) the rightful pairing: an account name, its owner as the caller, and one of the caller's
    // live processes when it has one; otherwise any caller, any parent (1 in 6 an unclaimed one) and any PID.
    const all = accountNames(m.names);
    let parent = all.length > 0 && this.a.parent % 6 !== 5 ? all[this.a.parent % all.length] : namehash("nobody.nyn");
    let pid = pickPid(m, this.a.pid);
    let by = actor(m, w, this.a.by, pid);
    const holder = m.names.records.get(parent) && actorAt(w, m.names.records.get(parent)!.holder);
    if (this.a.by === OWNER && holder) {
      by = holder;
      const mine = m.registry.processes.filter(
        (p) => lower(p.owner) === lower(holder.address) && effectiveStatus(m, p.pid) !== Status.Terminated,
      );
      if (mine.length > 0 && this.a.pid % 8 !== 7) pid = mine[this.a.pid % mine.length].pid;
    } else if (this.a.by === OWNER && all.length > 0) parent = all[this.a.parent % all.length];
    const parentRecord = m.names.records.get(parent);
    const label = LABELS[this.a.label % LABELS.length];
    const parentName = parentRecord?.fullName ?? "nobody.nyn";
    const node = namehash(`${label}.${parentName}`);
    await pinNextBlock(m);
    const p = processOf(m, pid);
    let expected: Expected;
    const notOwned = predictOwnedAccountName(m, parent, by.address);
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (notOwned) expected = notOwned;
    else if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (lower(p.owner) !== lower(by.address))
      expected = failure("NameServiceNotProcessOwner", [pid, by.address, p.owner]);
    else if (effectiveStatus(m, pid) === Status.Terminated) expected = failure("NameServiceProcessTerminated", [pid]);
    else if (labelError(label)) expected = labelError(label)!;
    else if (m.names.records.has(node) && resolvedAddr(m, node) !== lower(ZeroAddress)) {
      expected = failure("NameServiceTaken", [node, by.address]);
    } else {
      const ns = w.s.addresses.nameService;
      expected = success(
        event(ns, "ProcessNamed", node, `${label}.${parentName}`, pid, p.instance, parent, by.address),
        event(ns, "AddrChanged", node, p.instance),
        event(ns, "ReverseNameSet", p.instance, node),
      );
    }
    this.resolved = shown(this.name, [w.names[by.index], `${label}.${parentName}`, pid], expected);
    await exec(
      m,
      w,
      this.name,
      (o) => w.s.names.connect(w.actors[by.index]).nameProcess(parent, label, pid, o),
      expected,
    );
    if (expected.ok) {
      m.names.records.set(node, {
        fullName: `${label}.${parentName}`,
        parent,
        holder: lower(p!.instance),
        pid,
        generation: p!.generation,
      });
      m.names.reverse.set(lower(p!.instance), node);
    }
    return this.resolved;
  }
}

class ReleaseProcessName extends SystemCommand<{ by: number; which: number }> {
  readonly name = "releaseProcessName";
  protected async step(m: Model, w: World) {
    const processNames = [...m.names.records.entries()].filter(([, r]) => r.parent !== ROOT_NODE).map(([n]) => n);
    // A process name (mostly), or an account name, which is not one.
    const accounts = accountNames(m.names);
    const node =
      processNames.length > 0 && this.a.which % 4 !== 3
        ? processNames[this.a.which % processNames.length]
        : (accounts[this.a.which % Math.max(1, accounts.length)] ?? namehash("nobody.nyn"));
    const r = m.names.records.get(node);
    const parentOwner = r && r.parent !== ROOT_NODE ? actorAt(w, m.names.records.get(r.parent)!.holder) : undefined;
    const by = this.a.by === -1 && parentOwner ? parentOwner : actor(m, w, Math.max(0, this.a.by));
    await pinNextBlock(m);
    let expected: Expected;
    if (!r || r.parent === ROOT_NODE) expected = failure("NameServiceNotProcessName", [node]);
    else {
      const notOwned = predictOwnedAccountName(m, r.parent, by.address);
      if (notOwned) expected = notOwned;
      else {
        const ns = w.s.addresses.nameService;
        expected = success(
          event(ns, "ProcessNameReleased", node, r.pid, by.address),
          event(ns, "AddrChanged", node, ZeroAddress),
        );
      }
    }
    this.resolved = shown(this.name, [w.names[by.index], r?.fullName ?? node.slice(0, 10)], expected);
    await exec(m, w, this.name, (o) => w.s.names.connect(w.actors[by.index]).releaseProcessName(node, o), expected);
    if (expected.ok) {
      r!.pid = 0;
      r!.holder = lower(ZeroAddress);
    }
    return this.resolved;
  }
}

class TransferName extends SystemCommand<{ by: number; which: number; to: number }> {
  readonly name = "transferName";
  protected async step(m: Model, w: World) {
    const accounts = accountNames(m.names);
    const node = accounts.length > 0 ? accounts[this.a.which % accounts.length] : namehash("nobody.nyn");
    const r = m.names.records.get(node);
    const holder = r && actorAt(w, r.holder);
    const by = this.a.by === -1 && holder ? holder : actor(m, w, Math.max(0, this.a.by));
    const to = this.a.to === -1 ? { address: ZeroAddress, index: -1 } : actor(m, w, this.a.to);
    await pinNextBlock(m);
    let expected: Expected;
    const notOwned = predictOwnedAccountName(m, node, by.address);
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (notOwned) expected = notOwned;
    else expected = success(event(w.s.addresses.nameService, "NameTransferStarted", node, by.address, to.address));
    this.resolved = shown(
      this.name,
      [w.names[by.index], r?.fullName ?? "nobody.nyn", to.index < 0 ? "0x0" : w.names[to.index]],
      expected,
    );
    await exec(
      m,
      w,
      this.name,
      (o) => w.s.names.connect(w.actors[by.index]).transferName(node, to.address, o),
      expected,
    );
    if (expected.ok) m.names.pending.set(node, lower(to.address));
    return this.resolved;
  }
}

class AcceptName extends SystemCommand<{ by: number; which: number }> {
  readonly name = "acceptName";
  protected async step(m: Model, w: World) {
    const offered = [...m.names.pending.entries()].filter(([, to]) => to !== lower(ZeroAddress));
    const accounts = accountNames(m.names);
    const [node, pendingTo] =
      offered.length > 0 && this.a.which % 3 !== 2
        ? offered[this.a.which % offered.length]
        : [accounts[this.a.which % Math.max(1, accounts.length)] ?? namehash("nobody.nyn"), undefined];
    const pending = m.names.pending.get(node) ?? lower(ZeroAddress);
    const taker = pendingTo ? actorAt(w, pendingTo) : undefined;
    const by = this.a.by === -1 && taker ? taker : actor(m, w, Math.max(0, this.a.by));
    await pinNextBlock(m);
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (pending !== lower(by.address) || pending === lower(ZeroAddress)) {
      expected = failure("NameServiceNotPendingOwner", [node, by.address, pending]);
    } else {
      const ns = w.s.addresses.nameService;
      const from = m.names.records.get(node)!.holder;
      expected = success(
        event(ns, "NameTransferred", node, from, by.address),
        event(ns, "AddrChanged", node, by.address),
      );
    }
    this.resolved = shown(this.name, [w.names[by.index], m.names.records.get(node)?.fullName ?? "?"], expected);
    await exec(m, w, this.name, (o) => w.s.names.connect(w.actors[by.index]).acceptName(node, o), expected);
    if (expected.ok) {
      m.names.pending.delete(node);
      m.names.records.get(node)!.holder = lower(by.address);
    }
    return this.resolved;
  }
}

/** The caller: mostly the one who may (the name's or the process's owner: -1 or OWNER), sometimes anyone. */
const rightfulOrAnyone = fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 2, arbitrary: anyActor });

/** Name service command arbitraries. */
export const namesCommands = {
  claim: fc.record({ by: actorOrOwner, pid: pidSelector, label: fc.nat({ max: 63 }) }).map((a) => new ClaimName(a)),
  nameProcess: fc
    .record({ by: actorOrOwner, parent: fc.nat({ max: 63 }), label: fc.nat({ max: 63 }), pid: pidSelector })
    .map((a) => new NameProcess(a)),
  release: fc.record({ by: rightfulOrAnyone, which: fc.nat({ max: 63 }) }).map((a) => new ReleaseProcessName(a)),
  transfer: fc
    .record({
      by: rightfulOrAnyone,
      which: fc.nat({ max: 63 }),
      to: fc.oneof({ weight: 4, arbitrary: anyActor }, { weight: 1, arbitrary: fc.constant(-1) }),
    })
    .map((a) => new TransferName(a)),
  accept: fc.record({ by: rightfulOrAnyone, which: fc.nat({ max: 63 }) }).map((a) => new AcceptName(a)),
};
