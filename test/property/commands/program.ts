import fc from "fast-check";
import {
  ANY,
  Expected,
  Model,
  OWNER,
  ProcessModel,
  Status,
  SystemCommand,
  World,
  actorAt,
  capabilityGrant,
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
import { CAPABILITY } from "../../../lib/ids";
import { Counter__factory } from "../../../typechain-types";
import { holderOrActor, shown, userRequest } from "./common";

/**
 * Program commands on Counter processes: capability-checked `increment` (direct, or relayed through the kernel's
 * ERC-2771 forwarder: valid, expired, or forged by another signer) and owner-only `reset`. Counter checks the
 * process's effective status and the caller's capability through the registry and the ACL (KernelProcess).
 */

const INCREMENT = CAPABILITY.INCREMENT;

/** `onlyCapable(INCREMENT)` for `who` at `at`. */
export function predictIncrement(m: Model, p: ProcessModel, who: string, at: bigint): Expected {
  const status = effectiveStatus(m, p.pid);
  if (status !== Status.Running) return failure("KernelProcessNotRunning", [p.pid, status]);
  if (lower(who) === lower(p.owner)) return success();
  const grant = capabilityGrant(m, p.pid, who, INCREMENT);
  if (at > grant.expiry) return failure("KernelProcessMissingCapability", [p.pid, who, INCREMENT]);
  if (grant.conditional && !m.acl.conditionOn) {
    return failure("ACLCapabilityConditionDenied", [p.pid, m.acl.condition, who, INCREMENT]);
  }
  return success();
}

export function applyIncrement(p: ProcessModel, who: string) {
  p.count += 1n;
  p.incrementsBy.set(lower(who), (p.incrementsBy.get(lower(who)) ?? 0n) + 1n);
}

/** Who acts: the owner, a capability holder, or any actor. */
export function caller(m: Model, w: World, pid: number, sel: number) {
  if (sel === OWNER) {
    return actorAt(w, processOf(m, pid)!.owner)!;
  }
  return holderOrActor(m, w, pid, sel);
}
export const callerSelector = fc.oneof(
  { weight: 1, arbitrary: fc.constant(OWNER) },
  { weight: 3, arbitrary: fc.nat({ max: 13 }) },
);
const ownerMostly = fc.oneof(
  { weight: 3, arbitrary: fc.constant(OWNER) },
  { weight: 1, arbitrary: fc.nat({ max: 13 }) },
);

class Increment extends SystemCommand<{ by: number; pid: number }> {
  readonly name = "increment";
  check(m: Readonly<Model>): boolean {
    return m.registry.processes.length > 0;
  }
  protected async step(m: Model, w: World) {
    const pid = pickPid(m, this.a.pid, false);
    const p = processOf(m, pid)!;
    const by = caller(m, w, pid, this.a.by);
    const at = await pinNextBlock(m);
    const expected = predictIncrement(m, p, by.address, at);
    const counter = Counter__factory.connect(p.instance, w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`], expected);
    await exec(m, w, this.name, (o) => counter.increment(o), expected);
    if (expected.ok) applyIncrement(p, by.address);
    return this.resolved;
  }
}

class Reset extends SystemCommand<{ by: number; pid: number; value: bigint }> {
  readonly name = "reset";
  check(m: Readonly<Model>): boolean {
    return m.registry.processes.length > 0;
  }
  protected async step(m: Model, w: World) {
    const pid = pickPid(m, this.a.pid, false);
    const p = processOf(m, pid)!;
    const by = caller(m, w, pid, this.a.by);
    await pinNextBlock(m);
    const status = effectiveStatus(m, pid);
    let expected: Expected;
    if (status !== Status.Running) expected = failure("KernelProcessNotRunning", [pid, status]);
    else if (lower(by.address) !== lower(p.owner)) expected = failure("KernelProcessNotOwner", [pid, by.address]);
    else expected = success();
    const counter = Counter__factory.connect(p.instance, w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`, this.a.value], expected);
    await exec(m, w, this.name, (o) => counter.reset(this.a.value, o), expected);
    if (expected.ok) p.count = this.a.value;
    return this.resolved;
  }
}

type RelayKind = "valid" | "expired" | "forged";

class RelayedIncrement extends SystemCommand<{ by: number; pid: number; kind: RelayKind; forger: number }> {
  readonly name = "relayedIncrement";
  check(m: Readonly<Model>): boolean {
    return m.registry.processes.length > 0;
  }
  protected async step(m: Model, w: World) {
    const pid = pickPid(m, this.a.pid, false);
    const p = processOf(m, pid)!;
    const user = caller(m, w, pid, this.a.by);
    const at = m.now + 1n;
    const nonce = m.forwarder.nonces.get(lower(user.address)) ?? 0n;
    const data = Counter__factory.createInterface().encodeFunctionData("increment");
    // A forged request: another account signs, claiming to be `user`.
    const forger = w.actors[(user.index + 1 + (this.a.forger % (w.actors.length - 1))) % w.actors.length];
    const { request, deadline } = await userRequest(m, w, user, forger, this.a.kind, p.instance, data, at);
    await pinNextBlock(m);
    let expected: Expected;
    if (this.a.kind === "expired") expected = failure("ERC2771ForwarderExpiredRequest", [deadline]);
    else if (this.a.kind === "forged") expected = failure("ERC2771ForwarderInvalidSigner", [ANY, user.address]);
    else if (!predictIncrement(m, p, user.address, at).ok)
      expected = failure("FailedCall", []); // inner revert: all undone
    else expected = success(event(w.s.addresses.forwarder, "ExecutedForwardRequest", user.address, nonce, true));
    const forwarder = w.s.forwarder.connect(w.relayer);
    this.resolved = shown(this.name, [w.names[user.index], `pid=${pid}`, this.a.kind], expected);
    await exec(m, w, this.name, (o) => forwarder.execute(request, o), expected);
    if (expected.ok) {
      m.forwarder.nonces.set(lower(user.address), nonce + 1n);
      applyIncrement(p, user.address);
    }
    return this.resolved;
  }
}

/** Program commands (Counter through KernelProcess, and the ERC-2771 forwarder). */
export const programCommands: fc.Arbitrary<SystemCommand>[] = [
  fc.record({ by: callerSelector, pid: fc.nat({ max: 63 }) }).map((a) => new Increment(a)),
  fc
    .record({ by: ownerMostly, pid: fc.nat({ max: 63 }), value: fc.bigInt({ min: 0n, max: 1000n }) })
    .map((a) => new Reset(a)),
  fc
    .record({
      by: callerSelector,
      pid: fc.nat({ max: 63 }),
      kind: fc.constantFrom<RelayKind>("valid", "valid", "valid", "expired", "forged"),
      forger: fc.nat({ max: 5 }),
    })
    .map((a) => new RelayedIncrement(a)),
];
