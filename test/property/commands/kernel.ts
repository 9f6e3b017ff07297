import fc from "fast-check";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import {
  Expected,
  Model,
  NO_EXPIRY,
  SystemCommand,
  World,
  actor,
  epochAt,
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
 * the passing of time, which is how ACL grants and capabilities expire (SECURITY.md A9): often exactly onto an expiry
 * second or one past it, where `hasPermission`, `hasCapability` and `onlyCapable` must flip.
 */

/**
 * Pause when running and unpause when paused, or (`wrongWay`) the opposite, which must fail. Listed several times
 * but applicable to a running kernel only for `roll === 0` (see PAUSE_ENTRIES): pauses are rare and short, so sequences mostly run.
 */
export class PauseSwitch extends SystemCommand<{ by: number; wrongWay: boolean; roll: number }> {
  readonly name = "pauseSwitch";
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

/** Seconds the clock may jump: across one-second expiry boundaries, minutes (a vote), an hour, a day, a week. */
const JUMPS = [1, 1, 2, 3, 5, 60, 130, 3600, 86400, 7 * 86400];

/**
 * The deadlines ahead, soonest first, with what they are: ACL and capability expiries, the meter's next epoch, each
 * live proposal's vote start and end and ETA, each live order's ship-by or confirm-by, each live job's deadline,
 * review deadline and revision deadline, each open dispute's ruling deadline. Landing exactly on them (or one second before or after)
 * is where the predictions must flip.
 */
export function deadlinesAhead(m: Model): { at: bigint; what: string }[] {
  const out: { at: bigint; what: string }[] = [];
  const consider = (at: bigint, what: string) => {
    if (at > m.now && at !== NO_EXPIRY) out.push({ at, what });
  };
  for (const grants of m.acl.grants.values()) for (const expiry of grants.values()) consider(expiry, "expiry");
  for (const expiry of m.acl.capabilities.values()) consider(expiry, "capability expiry");
  const mt = m.meter;
  consider(mt.anchor + (epochAt(m, m.now) - mt.offset + 1n) * mt.epochLength, "next epoch");
  for (const p of m.gov.proposals) {
    if (p.executed || p.canceled) continue;
    consider(p.voteStart, "vote start");
    consider(p.voteEnd, "vote end");
    if (p.eta !== 0n) consider(p.eta, "ETA");
  }
  for (const o of m.market.orders) if (o.status === 1 || o.status === 2) consider(o.deadline, "order deadline");
  for (const j of m.jobs.jobs) {
    if (j.status !== 1 && j.status !== 2) continue;
    consider(j.deadline, "job deadline");
    const ms = j.milestones[j.current];
    if (j.status === 2 && ms.status === 1) consider(ms.reviewDeadline, "review deadline");
    if (j.status === 2 && ms.status === 0 && ms.revisionDeadline !== 0n)
      consider(ms.revisionDeadline, "revision deadline");
  }
  for (const d of [...m.market.disputes, ...m.jobs.disputes])
    if (d.status === 1) consider(d.deadline, "ruling deadline");
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * Advance the clock by a fixed jump, or onto one of the deadlines ahead (mostly the soonest): one second before it
 * (the next transaction runs exactly at it), at it (views see it; the next transaction is one second late), or one
 * second after it (SECURITY.md A9 for expiries).
 */
export class AdvanceTime extends SystemCommand<{
  jump: number;
  toDeadline: "no" | "before" | "at" | "after";
  which: number;
}> {
  readonly name = "advanceTime";
  protected async step(m: Model) {
    const ahead = this.a.toDeadline === "no" ? [] : deadlinesAhead(m);
    // Mostly the soonest deadline; sometimes a later one (a far one skips the near ones).
    const d = ahead.length > 0 ? ahead[this.a.which < 4 ? 0 : this.a.which % ahead.length] : undefined;
    const shift = { no: 0n, before: -1n, at: 0n, after: 1n }[this.a.toDeadline];
    let target = d !== undefined ? d.at + shift : m.now + BigInt(JUMPS[this.a.jump % JUMPS.length]);
    if (target <= m.now) target = m.now + 1n;
    const onto = d !== undefined ? `, ${this.a.toDeadline} the ${d.what}` : "";
    this.resolved = `advanceTime(+${target - m.now} s${onto})`;
    await time.increaseTo(target); // mines one block at exactly that time
    m.now = target;
    stats.record(this.name, "ok");
    return this.resolved;
  }
}

/**
 * PauseSwitch is listed this many times: while the kernel runs only one draw in 24 applies (pauses stay rare), while
 * it is paused every draw does (so a pause is soon lifted and the sequence goes on).
 */
const PAUSE_ENTRIES = 14;

const guardianOrAnyone = fc.oneof(
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.nat({ max: 6 }) },
); // 1 = guardian

/** Kernel and clock command arbitraries. */
export const kernelCommands: fc.Arbitrary<SystemCommand>[] = [
  ...Array.from({ length: PAUSE_ENTRIES }, () =>
    fc
      .record({
        by: guardianOrAnyone,
        wrongWay: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        roll: fc.nat({ max: 23 }),
      })
      .map((a) => new PauseSwitch(a)),
  ),
  fc
    .record({
      jump: fc.nat({ max: JUMPS.length - 1 }),
      toDeadline: fc.constantFrom<"no" | "before" | "at" | "after">("no", "no", "before", "at", "after", "after"),
      which: fc.nat({ max: 15 }),
    })
    .map((a) => new AdvanceTime(a)),
];
