import { time } from "@nomicfoundation/hardhat-network-helpers";
import { Model, OWNER, SystemCommand, World, checkInvariants, ensure, hasPermission, pairNamed } from "./model";
import { Delegate } from "./commands/nyn";
import { Deposit, MeterSetting, MeteredIncrement, RelaySelectorRule, RelayedMetered } from "./commands/meter";
import { GrantCapability } from "./commands/acl";
import { Buy, CreateListing, OrderStep, Rule, SetTokenApproved } from "./commands/market";
import { JobStep, PostJob } from "./commands/jobs";
import { CastVote, Propose, Queue } from "./commands/governance";
import { AdvanceTime, PauseSwitch } from "./commands/kernel";

/** Actor indexes (model.ts ACTOR_NAMES). */
const DEPLOYER = 0;
const ALICE = 2;
const BOB = 3;
const CAROL = 4;
const DAVE = 5;
const MALLORY = 6;

/**
 * The prologue every sequence starts after (run once, through the same commands, predictions and invariant checks
 * as the sequences), so that even a short sequence reaches the deep steps of each area:
 *  - NYN: Alice, Carol and Dave delegate to themselves (Alice's 10M votes reach the 4 % quorum alone).
 *  - ACL: Bob may increment Alice's PID 1 (INCREMENT, never expiring).
 *  - Meter: Alice's PID 1 has a budget of 0.1 NYN (hundreds of metered calls at the initial price) and reimburses
 *    relayed requests up to 500,000 gas; Alice made a metered call (the meter holds fees) and Bob's relayed
 *    increment reimbursed the relayer (who can claim). Issue 17: PID 1 then sponsors only `increment` and
 *    `incrementMetered` (the selector rule is on: relayed resets are refused), and its freezing threshold is 10^14
 *    NYN-wei below its budget (one metered call or relayed request, then GasMeterFrozen until a deposit). Her PID 2 is funded too, with
 *    a per-user quota of exactly what Alice's next metered call there brings her usage to (it passes, the one after
 *    fails: the boundary).
 *  - Marketplace: Carol lists 6 units at 10 NYN (1-day window), Dave 3 at 3 NYN (1 hour). Alice's order from
 *    Carol is shipped (she can confirm or dispute); the deployer's is shipped and disputed (the arbiter can rule;
 *    after 30 days anyone settles by default); the deployer's order from Dave is paid (Dave can ship); Carol's
 *    order from Dave was refunded (Carol can withdraw 3 NYN), Alice's confirmed without shipping (Dave can withdraw
 *    his 2.925 NYN, and the marketplace holds 0.075 NYN of fees).
 *  - Job board: Alice's two-milestone job is assigned to Carol, whose first milestone is submitted (Alice can
 *    approve; after 7 days anyone claims it for Carol); Dave's job is assigned to Bob (who can submit); Carol's
 *    job is open and Dave applied (Carol can assign him). Dave's second job is past its deadline: Bob submitted in
 *    time, Dave requested changes after the deadline, so Bob may resubmit or dispute for 7 days and nobody may
 *    reclaim it until then (ATTACKS.md R5).
 *  - Governance: Alice's proposal to set the meter price to 3 gwei is queued and past its ETA; Carol's to set
 *    the marketplace fee to 10 % is being voted (Alice voted for); Dave's to make Bob a marketplace arbiter is
 *    pending with no votes (it is defeated unless someone votes for it).
 *  - Second token (issue 17 part 3): tUSD is approved on both modules; Carol's tUSD listing (6 units at 3.000001
 *    tUSD) has two orders by Alice: one confirmed (Carol can withdraw 2.925001 tUSD, the marketplace holds 0.075
 *    tUSD of fees), one paid (Carol can ship); Dave's one-milestone tUSD job is open.
 */
export function prologue(): SystemCommand[] {
  return [
    new Delegate({ from: ALICE, to: ALICE }),
    new Delegate({ from: CAROL, to: CAROL }),
    new Delegate({ from: DAVE, to: DAVE }),
    new Propose({ by: ALICE, kind: 0, x: 2, duplicate: false }),
    new AdvanceTime({ jump: 2, toDeadline: "no", which: 0 }),
    new CastVote({ by: ALICE, p: 0, support: 1 }),
    new AdvanceTime({ jump: 0, toDeadline: "after", which: 0 }),
    new Queue({ by: MALLORY, p: 0 }),
    new GrantCapability({ by: OWNER, pid: 0, who: BOB, cap: 0, expiry: "never" }),
    new Deposit({ by: OWNER, pid: 0, amount: 4 }),
    new MeterSetting("relayCap", { by: OWNER, pid: 0, x: 3, y: 0 }),
    new MeteredIncrement({ by: OWNER, pid: 0 }),
    new RelayedMetered({ by: 0, pid: 0, fn: "increment", kind: "valid", relayer: 0, other: 0 }),
    // Issue 17: PID 1 sponsors relayed increments only (the selector rule on) and freezes 10^14 NYN-wei below its
    // budget (FREEZES[5]: the budget less the cost of the owner's next call, not known yet: 10^14).
    new RelaySelectorRule({ by: OWNER, pid: 0, only: false, mask: 0b0011, on: true }),
    new RelaySelectorRule({ by: OWNER, pid: 0, only: true, mask: 0, on: true }),
    new MeterSetting("freeze", { by: OWNER, pid: 0, x: 5, y: 0 }),
    // PID 2: funded, and a per-user quota of exactly what Alice's next metered call there reaches.
    new Deposit({ by: OWNER, pid: 8, amount: 4 }),
    new MeterSetting("quota", { by: OWNER, pid: 3, x: 0, y: 3 }),
    new MeteredIncrement({ by: OWNER, pid: 3 }),
    new MeteredIncrement({ by: OWNER, pid: 3 }),
    new MeterSetting("quota", { by: OWNER, pid: 3, x: 0, y: 5 }),
    new CreateListing({ by: CAROL, price: 3, quantity: 3, window: 2 }),
    new CreateListing({ by: DAVE, price: 2, quantity: 2, window: 1 }),
    new Buy({ by: ALICE, listing: 0, quantity: 1, max: "exact" }),
    new OrderStep("ship", { by: 0, order: 0, evidence: false }),
    new Buy({ by: DEPLOYER, listing: 0, quantity: 1, max: "exact" }),
    new OrderStep("ship", { by: 0, order: 0, evidence: false }),
    new OrderStep("dispute", { by: 0, order: 2, evidence: true }),
    new Buy({ by: DEPLOYER, listing: 4, quantity: 1, max: "exact" }),
    new Buy({ by: CAROL, listing: 4, quantity: 1, max: "exact" }),
    new OrderStep("refund", { by: 0, order: 4, evidence: false }),
    new Buy({ by: ALICE, listing: 4, quantity: 1, max: "exact" }),
    new OrderStep("confirm", { by: 0, order: 4, evidence: false }),
    new PostJob({ by: ALICE, milestones: 2, deadline: 3 }),
    new JobStep("apply", { by: 0, job: 0, worker: 3, evidence: false }),
    new JobStep("assign", { by: 0, job: 0, worker: 0, evidence: false }),
    new JobStep("submit", { by: 0, job: 0, worker: 0, evidence: false }),
    new PostJob({ by: DAVE, milestones: 1, deadline: 3 }),
    new JobStep("apply", { by: 0, job: 0, worker: 3, evidence: false }),
    new JobStep("assign", { by: 0, job: 0, worker: 0, evidence: false }),
    new PostJob({ by: CAROL, milestones: 2, deadline: 3 }),
    new JobStep("apply", { by: 0, job: 0, worker: 4, evidence: false }),
    // The soonest deadline now is the ETA of Alice's proposal: the next transaction runs exactly at it.
    new AdvanceTime({ jump: 0, toDeadline: "before", which: 0 }),
    new Propose({ by: CAROL, kind: 3, x: 4, duplicate: false }),
    new AdvanceTime({ jump: 2, toDeadline: "no", which: 0 }),
    new CastVote({ by: ALICE, p: 0, support: 1 }),
    new Propose({ by: DAVE, kind: 5, x: 3, duplicate: false }),
    // Dave's second job (job 4, due 10 s after posting): Bob submits in time; a minute later, past the deadline,
    // Dave sends it back (ATTACKS.md R5): Bob's revision window runs 7 days from then.
    new PostJob({ by: DAVE, milestones: 1, deadline: 4 }),
    new JobStep("apply", { by: 0, job: 0, worker: 3, evidence: false, target: 4 }),
    new JobStep("assign", { by: 0, job: 0, worker: 0, evidence: false, target: 4 }),
    new JobStep("submit", { by: 0, job: 0, worker: 0, evidence: false, target: 4 }),
    new AdvanceTime({ jump: 5, toDeadline: "no", which: 0 }),
    new JobStep("changes", { by: 0, job: 0, worker: 0, evidence: false, target: 4 }),
    // Issue 17 part 3: the root approves tUSD on both modules; Carol lists 6 units at 3.000001 tUSD (1-day window)
    // and Alice buys two: she confirms the first at once (Carol can withdraw tUSD, the marketplace holds tUSD fees),
    // the second is paid (Carol can ship); Dave posts a one-milestone tUSD job (open).
    new SetTokenApproved({ module: 0, by: DEPLOYER, wrongWay: false }),
    new SetTokenApproved({ module: 1, by: DEPLOYER, wrongWay: false }),
    new CreateListing({ by: CAROL, price: 2, quantity: 3, window: 2, token: 1 }),
    new Buy({ by: ALICE, listing: 0, quantity: 1, max: "exact", target: "last" }),
    new OrderStep("confirm", { by: 0, order: 0, evidence: false, target: -1n }),
    new Buy({ by: ALICE, listing: 0, quantity: 1, max: "exact", target: "last" }),
    new PostJob({ by: DAVE, milestones: 1, deadline: 3, token: 1 }),
  ];
}

/** Run the prologue on `m` (each step predicted and checked like any other). */
export async function runPrologue(m: Model, w: World): Promise<void> {
  for (const command of prologue()) {
    await command.run(m, w);
    const shown = command.toString();
    ensure(!shown.includes("->") || shown.endsWith("-> ok"), () => `prologue step failed: ${shown}`);
  }
}

/**
 * End of a sequence (SECURITY.md "every escrow can be settled once all deadlines pass"): the guardian lifts a pause
 * (the pause blocks new business, never a settlement, but the system must come back), then jump past every deadline
 * (400 days: windows are at most 3 days, job deadlines 10, reviews 7, rulings 30) and have Mallory, a stranger to
 * every escrow, settle each one: open disputes by default, live orders (refunded if unshipped, completed if
 * shipped), then each live job milestone by milestone (claimed if submitted, the rest reclaimed). Each step is
 * predicted exactly; the invariants are checked once at the end, and nothing may remain escrowed.
 */
export async function settleEverything(m: Model, w: World): Promise<void> {
  const run = async (c: SystemCommand) => {
    await c.act(m, w);
    ensure(c.toString().endsWith("-> ok"), () => `settlement step failed: ${c}`);
  };
  if (m.kernel.paused) {
    // The guardian, or the root if an ACL command took the guardian's PAUSE away (the root always keeps ROOT).
    const guardian = hasPermission(m, w.addresses[1], pairNamed(w, "PAUSE"), m.now + 1n);
    await run(new PauseSwitch({ by: guardian ? 1 : DEPLOYER, wrongWay: false, roll: 0 }));
  }
  const target = m.now + 400n * 86_400n;
  await time.increaseTo(target);
  m.now = target;
  for (const module of [0, 1]) {
    const e = module === 0 ? m.market : m.jobs;
    for (const d of e.disputes.filter((x) => x.status === 1)) {
      await run(new Rule(true, { module, by: MALLORY, dispute: 0, ruling: 0, target: d.id }));
    }
  }
  for (const o of m.market.orders.filter((x) => x.status === 1 || x.status === 2)) {
    await run(new OrderStep("settle", { by: MALLORY, order: 0, evidence: false, target: o.id }));
  }
  for (const j of m.jobs.jobs) {
    while (j.status === 1 || j.status === 2) {
      const submitted = j.status === 2 && j.milestones[j.current].status === 1;
      await run(
        new JobStep(submitted ? "claim" : "reclaim", {
          by: 2 + MALLORY,
          job: 0,
          worker: 0,
          evidence: false,
          target: j.id,
        }),
      );
    }
  }
  await checkInvariants(m, w, w.invariants);
  for (const o of m.market.orders) ensure(o.amount === 0n, () => `order ${o.id} still escrows ${o.amount}`);
  for (const j of m.jobs.jobs) ensure(j.escrowed === 0n, () => `job ${j.id} still escrows ${j.escrowed}`);
}
