import fc from "fast-check";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import {
  Expected,
  Model,
  NO_EXPIRY,
  SystemCommand,
  World,
  actor,
  event,
  exec,
  failure,
  hasPermission,
  pairNamed,
  pinNextBlock,
  stats,
  success,
} from "../model";
import { shown } from "./common";

/**
 * Kernel commands: the guardian's pause switch (pause / unpause by a PAUSE or ROOT holder, or by anyone else), and
 * the passing of time, which is how ACL grants and capabilities expire (ATTACKS.md A9): often exactly onto an expiry
 * second or one past it, where `hasPermission`, `hasCapability` and `onlyCapable` must flip.
 */

/**
 * Pause when running and unpause when paused, or (`wrongWay`) the opposite, which must fail. Listed several times
 * but applicable to a running kernel only for `roll === 0`: pauses are rare and short, so sequences mostly run.
 */
class PauseSwitch extends SystemCommand {
  readonly name = "pauseSwitch";
  constructor(private readonly a: { by: number; wrongWay: boolean; roll: number }) {
    super();
  }
  protected selectors() {
    return JSON.stringify(this.a);
  }
  check(m: Readonly<Model>): boolean {
    return m.kernel.paused || this.a.roll === 0;
  }
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const pausing = m.kernel.paused === this.a.wrongWay;
    const name = pausing ? "pause" : "unpause";
    const at = await pinNextBlock(m);
    const pauser =
      hasPermission(m, by.address, pairNamed(w, "PAUSE"), at) || hasPermission(m, by.address, pairNamed(w, "ROOT"), at);
    let expected: Expected;
    if (!pauser) expected = failure("KernelUnauthorized", [by.address, pairNamed(w, "PAUSE").what]);
    else if (pausing && m.kernel.paused) expected = failure("KernelPaused");
    else if (!pausing && !m.kernel.paused) expected = failure("KernelNotPaused");
    else expected = success(event(w.s.addresses.kernel, "KernelPauseChanged", by.address, pausing));
    const kernel = w.s.kernel.connect(w.actors[by.index]);
    this.resolved = shown(name, [w.names[by.index]], expected);
    await exec(m, w, name, (o) => (pausing ? kernel.pause(o) : kernel.unpause(o)), expected);
    if (expected.ok) m.kernel.paused = pausing;
    return this.resolved;
  }
}

/** Seconds the clock may jump: across one-second expiry boundaries, minutes, an hour, a week. */
const JUMPS = [1, 1, 2, 3, 5, 60, 3600, 7 * 86400];

/** The soonest permission or capability expiry after `now` (to land exactly on it or one second past it). */
function nextExpiry(m: Model): bigint | undefined {
  let next: bigint | undefined;
  const consider = (expiry: bigint) => {
    if (expiry > m.now && expiry !== NO_EXPIRY && (next === undefined || expiry < next)) next = expiry;
  };
  for (const grants of m.acl.grants.values()) for (const expiry of grants.values()) consider(expiry);
  for (const expiry of m.acl.capabilities.values()) consider(expiry);
  return next;
}

/** Advance the clock by a fixed jump, or (ATTACKS.md A9) exactly to the next expiry or one second past it. */
class AdvanceTime extends SystemCommand {
  readonly name = "advanceTime";
  constructor(private readonly a: { jump: number; toExpiry: "no" | "at" | "after" }) {
    super();
  }
  protected selectors() {
    return JSON.stringify(this.a);
  }
  protected async step(m: Model) {
    const expiry = this.a.toExpiry === "no" ? undefined : nextExpiry(m);
    const target =
      expiry !== undefined
        ? expiry + (this.a.toExpiry === "after" ? 1n : 0n)
        : m.now + BigInt(JUMPS[this.a.jump % JUMPS.length]);
    const onto = expiry !== undefined ? `, ${this.a.toExpiry} the next expiry` : "";
    this.resolved = `advanceTime(+${target - m.now} s${onto})`;
    await time.increaseTo(target); // mines one block at exactly that time
    m.now = target;
    stats.record(this.name, "ok");
    return this.resolved;
  }
}

const guardianOrAnyone = fc.oneof(
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.nat({ max: 6 }) },
); // 1 = guardian

/** Kernel and clock command arbitraries. */
export const kernelCommands: fc.Arbitrary<SystemCommand>[] = [
  ...Array.from({ length: 5 }, () =>
    fc
      .record({
        by: guardianOrAnyone,
        wrongWay: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        roll: fc.nat({ max: 7 }),
      })
      .map((a) => new PauseSwitch(a)),
  ),
  fc
    .record({
      jump: fc.nat({ max: JUMPS.length - 1 }),
      toExpiry: fc.constantFrom<"no" | "at" | "after">("no", "no", "at", "after"),
    })
    .map((a) => new AdvanceTime(a)),
];
