import fc from "fast-check";
import hre from "hardhat";
import {
  Expected,
  ExpectedEvent,
  JobModel,
  Model,
  SystemCommand,
  World,
  actor,
  actorAt,
  event,
  exec,
  failure,
  lower,
  moveToken,
  nameOf,
  pick,
  pinNextBlock,
  stats,
  success,
  tokenBalance,
} from "../model";
import { BPS, URI, credit, defaultShares, disputeHooks, openDispute, payPayee, split, tokenSel } from "./market";
import { anyActor, shown } from "./common";

/**
 * Job board commands: post a job (milestones escrowed up front), apply, assign, submit a milestone, approve it or
 * request changes (which opens a revision window for the worker, reaching past the job deadline when it is near),
 * claim it after the review window, cancel (the client before assignment; after it, the worker, or the client
 * asking), reclaim after the deadline (and the revision window), and dispute a milestone (ruled or settled by
 * default in commands/market.ts). Each escrow's deposit is tracked until it is paid out, exactly once, to the worker, the
 * client or the fees, in the job's token (NYN, or tUSD for `postJobInToken`, issue 17).
 */

const MAX_MILESTONES = 16;
const REVIEW_WINDOW = 7n * 86_400n;
const REVISION_WINDOW = 7n * 86_400n;
const ARBITRATION_WINDOW = 30n * 86_400n;
const NYN = 10n ** 18n;
/** Milestone sets: none, one, two, a zero milestone, more than the maximum. */
const MILESTONES: bigint[][] = [
  [],
  [5n * NYN + 1n],
  [3n * NYN + 7n, 4n * NYN + 13n],
  [2n * NYN, 0n],
  Array.from({ length: MAX_MILESTONES + 1 }, () => NYN),
];
/** The same milestones in tUSD (6 decimals). */
const TUSD = 10n ** 6n;
const TOKEN_MILESTONES: bigint[][] = [
  [],
  [5n * TUSD + 1n],
  [3n * TUSD + 7n, 4n * TUSD + 13n],
  [2n * TUSD, 0n],
  Array.from({ length: MAX_MILESTONES + 1 }, () => TUSD),
];
/**
 * Deadlines after the posting block: now (in the past by then), an hour, two days, ten days; ten seconds (the
 * prologue's job 4, whose deadline passes within the prologue: the generator draws the first four).
 */
const DEADLINES = [0n, 3_600n, 2n * 86_400n, 10n * 86_400n, 10n];
const ZERO = hre.ethers.ZeroAddress;

/** The job board's `_onDisputeSettled`: the milestone is Resolved and the job advances. */
disputeHooks[1] = (m, w, _i, d) => {
  const j = m.jobs.jobs[Number(d.escrowId) - 1];
  const adv = advance(w, j);
  return {
    events: [event(w.s.addresses.jobBoard, "MilestoneResolved", j.id, j.current, d.id), ...adv.events],
    apply: () => {
      const ms = j.milestones[j.current];
      ms.status = 4;
      j.escrowed -= ms.amount;
      j.paidOut += ms.amount;
      adv.apply();
    },
  };
};

/**
 * The job board's `_defaultPayerShareBps` (ATTACKS.md R6): the work on record decides. A milestone never submitted
 * (no review deadline ever set) refunds the client in full; one submitted at least once pays the worker in full.
 */
defaultShares[1] = (m, d) => {
  const j = m.jobs.jobs[Number(d.escrowId) - 1];
  return j.milestones[j.current].reviewDeadline === 0n ? BPS : 0n;
};

/** `_advance`: the next milestone, or the job is Completed. */
function advance(w: World, j: JobModel): { events: ExpectedEvent[]; apply: () => void } {
  if (j.current + 1 === j.milestones.length) {
    return {
      events: [event(w.s.addresses.jobBoard, "JobCompleted", j.id, j.worker)],
      apply: () => {
        j.status = 3;
      },
    };
  }
  return { events: [], apply: () => void j.current++ };
}

/** `_close(j, status)`: the unearned escrow goes back to the client. */
function close(m: Model, j: JobModel, status: number) {
  const refund = j.escrowed;
  return {
    refund,
    apply: () => {
      credit(m.jobs, j.client, refund, j.token);
      j.paidOut += refund;
      j.escrowed = 0n;
      j.status = status;
    },
  };
}

/**
 * `postJob`, or (token 1, issue 17) `postJobInToken(tUSD, …)`: refused with `MarketEscrowTokenNotApproved` (after
 * the pause check) while tUSD is not approved on the job board, else `JobPricedInToken` follows `JobPosted`.
 */
export class PostJob extends SystemCommand<{ by: number; milestones: number; deadline: number; token?: number }> {
  readonly name: string;
  constructor(a: { by: number; milestones: number; deadline: number; token?: number }) {
    super(a);
    this.name = a.token ? "postJobInToken" : "postJob";
  }
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const token = this.a.token ?? 0;
    const amounts = (token === 0 ? MILESTONES : TOKEN_MILESTONES)[this.a.milestones % MILESTONES.length];
    const at = await pinNextBlock(m);
    const deadline = at + DEADLINES[this.a.deadline % DEADLINES.length];
    const budget = amounts.reduce((x, y) => x + y, 0n);
    const balance = tokenBalance(m, token, by.address);
    const id = m.jobs.jobs.length + 1;
    const zero = amounts.findIndex((x) => x === 0n);
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (token !== 0 && !m.jobs.tokenApproved) expected = failure("MarketEscrowTokenNotApproved", [w.tusdAddress]);
    else if (amounts.length === 0) expected = failure("JobBoardNoMilestones");
    else if (amounts.length > MAX_MILESTONES) {
      expected = failure("JobBoardTooManyMilestones", [amounts.length, MAX_MILESTONES]);
    } else if (deadline <= at) expected = failure("JobBoardDeadlineInPast", [deadline, at]);
    else if (zero >= 0) expected = failure("JobBoardZeroMilestone", [zero]);
    else if (budget > balance) expected = failure("ERC20InsufficientBalance", [by.address, balance, budget]);
    else {
      expected = success(
        event(w.s.addresses.jobBoard, "JobPosted", id, by.address, budget, amounts, deadline, URI),
        ...(token === 0 ? [] : [event(w.s.addresses.jobBoard, "JobPricedInToken", id, w.tusdAddress)]),
      );
    }
    this.resolved = shown(
      this.name,
      [w.names[by.index], `[${amounts.join(", ")}]`, `deadline +${deadline - at}`],
      expected,
    );
    const jobs = w.s.jobBoard.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) =>
        token === 0
          ? jobs.postJob(amounts, deadline, URI, o)
          : jobs.postJobInToken(w.tusdAddress, amounts, deadline, URI, o),
      expected,
    );
    if (expected.ok) {
      m.jobs.jobs.push({
        id,
        client: lower(by.address),
        status: 1,
        milestones: amounts.map((amount) => ({
          amount,
          status: 0,
          reviewDeadline: 0n,
          revisionDeadline: 0n,
          hash: hre.ethers.ZeroHash,
        })),
        current: 0,
        feeBps: m.jobs.feeBps,
        deadline,
        cancelRequested: false,
        worker: lower(ZERO),
        escrowed: budget,
        applicants: new Set(),
        deposit: budget,
        paidOut: 0n,
        token,
      });
      moveToken(m, token, by.address, w.s.addresses.jobBoard, budget);
    }
    return this.resolved;
  }
}

type JobAction = "apply" | "assign" | "submit" | "approve" | "changes" | "claim" | "cancel" | "reclaim" | "dispute";
const NAMES: Record<JobAction, string> = {
  apply: "applyForJob",
  assign: "assignWorker",
  submit: "submitMilestone",
  approve: "approveMilestone",
  changes: "requestChanges",
  claim: "claimMilestone",
  cancel: "cancelJob",
  reclaim: "reclaimExpired",
  dispute: "disputeMilestone",
};
/** Where each action applies: job status, and the current milestone's status (undefined = any). */
const WANTS: Record<JobAction, [number, number | undefined]> = {
  apply: [1, undefined],
  assign: [1, undefined],
  submit: [2, 0],
  approve: [2, 1],
  changes: [2, 1],
  claim: [2, 1],
  cancel: [2, undefined],
  reclaim: [1, undefined],
  dispute: [2, 1],
};

export class JobStep extends SystemCommand<{
  by: number;
  job: number;
  worker: number;
  evidence: boolean;
  target?: number;
}> {
  readonly name: string;
  constructor(
    private readonly action: JobAction,
    a: { by: number; job: number; worker: number; evidence: boolean; target?: number },
  ) {
    super(a);
    this.name = NAMES[action];
  }
  /** For an even selector a job where the action applies, else any job (or, with none, an unknown id). */
  private pickJob(m: Model): { id: number; j?: JobModel } {
    if (this.a.target !== undefined) return { id: this.a.target, j: m.jobs.jobs[this.a.target - 1] };
    const [status, ms] = WANTS[this.action];
    const fitting = m.jobs.jobs.filter(
      (j) => j.status === status && (ms === undefined || j.milestones[j.current].status === ms),
    );
    const j =
      this.a.job % 2 === 0 && fitting.length > 0 ? pick(fitting, this.a.job >> 1) : pick(m.jobs.jobs, this.a.job >> 1);
    return j ? { id: j.id, j } : { id: m.jobs.jobs.length + 1 };
  }
  /** 0 = the entitled party (client, worker or a new applicant), 1 = the counterparty, 2+ = actor `by - 2`. */
  private who(m: Model, w: World, j: JobModel | undefined) {
    if (!j || this.a.by >= 2) return actor(m, w, this.a.by - 2);
    const worker = j.worker !== lower(ZERO) ? j.worker : undefined;
    const byWorker = this.action === "submit" || (this.action === "cancel" && this.a.worker % 2 === 1);
    const byDisputer = this.action === "dispute" && this.a.worker % 2 === 1;
    if (this.action === "apply") {
      // A new applicant (not the client), or, as the counterparty, the client.
      const candidates = w.addresses.filter((a) => lower(a) !== j.client && !j.applicants.has(lower(a)));
      const pickd = this.a.by === 0 ? pick(candidates, this.a.worker) : undefined;
      return actorAt(w, pickd ?? j.client)!;
    }
    const primary = byWorker || byDisputer ? (worker ?? j.client) : j.client;
    const other = primary === j.client ? (worker ?? j.client) : j.client;
    return actorAt(w, this.a.by === 0 ? primary : other)!;
  }
  protected async step(m: Model, w: World) {
    const { id, j } = this.pickJob(m);
    const by = this.who(m, w, j);
    const me = lower(by.address);
    const at = await pinNextBlock(m);
    const jb = w.s.addresses.jobBoard;
    const applicants = j ? [...j.applicants] : [];
    const assignee = pick(applicants, this.a.worker) ?? w.addresses[this.a.worker % w.addresses.length];
    const hash = hre.ethers.id(`deliverable ${at}`);
    let expected: Expected | undefined;
    let apply = () => {};
    const invalidJob = (x: JobModel) => failure("JobBoardInvalidJobStatus", [id, x.status]);
    const invalidMilestone = (x: JobModel) =>
      failure("JobBoardInvalidMilestoneStatus", [id, x.current, x.milestones[x.current].status]);
    const notClient = (x: JobModel) =>
      me !== x.client ? failure("JobBoardNotClient", [id, by.address, x.client]) : undefined;
    const pastDeadline = (x: JobModel) =>
      at > x.deadline ? failure("JobBoardDeadlinePassed", [id, x.deadline, at]) : undefined;
    /** `_requireWorkerTime`: until the job deadline, or the revision deadline once the milestone was sent back. */
    const pastWorkerTime = (x: JobModel) => {
      const r = x.milestones[x.current].revisionDeadline;
      if (at <= x.deadline) return undefined;
      if (r === 0n) return failure("JobBoardDeadlinePassed", [id, x.deadline, at]);
      return at > r ? failure("JobBoardRevisionWindowClosed", [id, x.current, r, at]) : undefined;
    };
    /** Counts the steps that exercise the revision window (the R5 class: work sent back near or past the deadline). */
    const late = (what: string) => () => stats.record(what, "ok");
    if (this.action === "apply" && m.kernel.paused) expected = failure("KernelPaused");
    else if (!j) expected = failure("JobBoardUnknownJob", [id]);
    else {
      const ms = j.milestones[j.current];
      switch (this.action) {
        case "apply":
          if (j.status !== 1) expected = invalidJob(j);
          else if (me === j.client) expected = failure("JobBoardClientCannotApply", [id]);
          else expected = pastDeadline(j);
          if (!expected && j.applicants.has(me)) expected = failure("JobBoardAlreadyApplied", [id, by.address]);
          if (!expected) {
            expected = success(event(jb, "JobApplied", id, by.address, URI));
            apply = () => void j.applicants.add(me);
          }
          break;
        case "assign":
          expected = notClient(j) ?? (j.status !== 1 ? invalidJob(j) : pastDeadline(j));
          if (!expected && !j.applicants.has(lower(assignee)))
            expected = failure("JobBoardNotApplicant", [id, assignee]);
          if (!expected) {
            expected = success(event(jb, "JobAssigned", id, assignee));
            apply = () => {
              j.worker = lower(assignee);
              j.status = 2;
            };
          }
          break;
        case "submit":
          if (j.status !== 2) expected = invalidJob(j);
          else if (me !== j.worker) expected = failure("JobBoardNotWorker", [id, by.address, j.worker]);
          else expected = pastWorkerTime(j) ?? (ms.status !== 0 ? invalidMilestone(j) : undefined);
          if (!expected) {
            expected = success(event(jb, "MilestoneSubmitted", id, j.current, URI, hash, at + REVIEW_WINDOW));
            const counted = at > j.deadline ? late("resubmitInRevisionWindow") : () => {};
            apply = () => {
              counted();
              ms.status = 1;
              ms.reviewDeadline = at + REVIEW_WINDOW;
              ms.hash = hash;
            };
          }
          break;
        case "approve":
        case "claim":
          expected = this.action === "approve" ? notClient(j) : undefined;
          if (!expected && j.status !== 2) expected = invalidJob(j);
          if (!expected && ms.status !== 1) expected = invalidMilestone(j);
          if (!expected && this.action === "claim" && at <= ms.reviewDeadline) {
            expected = failure("JobBoardReviewWindowOpen", [id, j.current, ms.reviewDeadline, at]);
          }
          if (!expected) {
            const { net, fee } = split(ms.amount, j.feeBps);
            const adv = advance(w, j);
            expected = success(
              event(jb, "MilestonePaid", id, j.current, net, fee, this.action === "claim"),
              ...adv.events,
            );
            apply = () => {
              ms.status = 2;
              j.escrowed -= ms.amount;
              j.paidOut += ms.amount;
              payPayee(
                m.jobs,
                j.worker,
                ms.amount,
                j.feeBps,
                j.current + 1 === j.milestones.length ? "job" : undefined,
                j.token,
              );
              adv.apply();
            };
          }
          break;
        case "changes":
          expected =
            notClient(j) ?? (j.status !== 2 ? invalidJob(j) : ms.status !== 1 ? invalidMilestone(j) : undefined);
          if (!expected && at > ms.reviewDeadline) {
            expected = failure("JobBoardReviewWindowClosed", [id, j.current, ms.reviewDeadline, at]);
          }
          if (!expected) {
            const floor = at + REVISION_WINDOW;
            const revisionDeadline = j.deadline > floor ? j.deadline : floor;
            expected = success(event(jb, "MilestoneChangesRequested", id, j.current, URI, revisionDeadline));
            const counted = revisionDeadline > j.deadline ? late("changesNearDeadline") : () => {};
            apply = () => {
              counted();
              ms.status = 0;
              ms.revisionDeadline = revisionDeadline;
            };
          }
          break;
        case "cancel":
          if (j.status === 1) {
            expected = notClient(j);
            if (!expected) {
              const c = close(m, j, 4);
              expected = success(event(jb, "JobCancelled", id, by.address, c.refund));
              apply = c.apply;
            }
          } else if (j.status === 2) {
            if (ms.status === 3) expected = invalidMilestone(j);
            else if (me === j.worker) {
              const c = close(m, j, 4);
              expected = success(event(jb, "JobCancelled", id, by.address, c.refund));
              apply = c.apply;
            } else if (me === j.client) {
              if (j.cancelRequested) expected = failure("JobBoardCancelAlreadyRequested", [id]);
              else {
                expected = success(event(jb, "JobCancelRequested", id));
                apply = () => void (j.cancelRequested = true);
              }
            } else expected = failure("JobBoardNotParty", [id, by.address]);
          } else expected = invalidJob(j);
          break;
        case "reclaim":
          if (j.status !== 1 && j.status !== 2) expected = invalidJob(j);
          else if (at <= j.deadline) expected = failure("JobBoardDeadlineNotPassed", [id, j.deadline, at]);
          else if (j.status === 2 && ms.status !== 0) expected = invalidMilestone(j);
          else if (j.status === 2 && at <= ms.revisionDeadline) {
            expected = failure("JobBoardRevisionWindowOpen", [id, j.current, ms.revisionDeadline, at]);
          } else {
            const c = close(m, j, 5);
            expected = success(event(jb, "JobExpired", id, c.refund));
            apply = c.apply;
          }
          break;
        case "dispute": {
          if (j.status !== 2) expected = invalidJob(j);
          else if (me !== j.client && me !== j.worker) expected = failure("JobBoardNotParty", [id, by.address]);
          else if (ms.status === 0) expected = pastWorkerTime(j);
          else if (ms.status === 1) {
            if (at > ms.reviewDeadline) {
              expected = failure("JobBoardReviewWindowClosed", [id, j.current, ms.reviewDeadline, at]);
            }
          } else expected = invalidMilestone(j);
          if (!expected) {
            const evidence = this.a.evidence ? URI : "";
            const d = openDispute(
              jb,
              m.jobs,
              {
                payer: j.client,
                payee: j.worker,
                amount: ms.amount,
                feeBps: j.feeBps,
                deadline: at + ARBITRATION_WINDOW,
                escrowId: BigInt(id),
                openedBy: me,
                token: j.token,
              },
              evidence,
            );
            expected = success(
              ...d.events,
              event(jb, "MilestoneDisputed", id, j.current, m.jobs.disputes.length + 1, by.address),
            );
            const counted = ms.status === 0 && at > j.deadline ? late("disputeInRevisionWindow") : () => {};
            apply = () => {
              counted();
              d.apply();
              ms.status = 3;
            };
          }
          break;
        }
      }
    }
    const extra = this.action === "assign" ? [`worker ${nameOf(w, assignee)}`] : [];
    this.resolved = shown(this.name, [w.names[by.index], `job ${id}`, ...extra], expected!);
    const jobs = w.s.jobBoard.connect(w.actors[by.index]);
    const send = (o: { gasLimit: bigint }) => {
      switch (this.action) {
        case "apply":
          return jobs.applyForJob(id, URI, o);
        case "assign":
          return jobs.assignWorker(id, assignee, o);
        case "submit":
          return jobs.submitMilestone(id, URI, hash, o);
        case "approve":
          return jobs.approveMilestone(id, o);
        case "changes":
          return jobs.requestChanges(id, URI, o);
        case "claim":
          return jobs.claimMilestone(id, o);
        case "cancel":
          return jobs.cancelJob(id, o);
        case "reclaim":
          return jobs.reclaimExpired(id, o);
        case "dispute":
          return jobs.openDispute(id, this.a.evidence ? URI : "", o);
      }
    };
    await exec(m, w, this.name, send, expected!);
    if (expected!.ok) apply();
    return this.resolved;
  }
}

/** Job board command arbitraries. */
export const jobCommands = {
  postJob: fc
    .record({
      by: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(2, 4, 0) }, { weight: 1, arbitrary: anyActor }),
      milestones: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(1, 2) },
        { weight: 1, arbitrary: fc.constantFrom(0, 3, 4) },
      ),
      deadline: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2, 3) }, { weight: 1, arbitrary: fc.constant(0) }),
      token: tokenSel,
    })
    .map((a) => new PostJob(a)),
  step: fc
    .record({
      action: fc.constantFrom<JobAction>(
        "apply",
        "apply",
        "assign",
        "assign",
        "submit",
        "submit",
        "approve",
        "changes",
        "claim",
        "cancel",
        "reclaim",
        "dispute",
      ),
      by: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.integer({ min: 2, max: 8 }) },
      ),
      job: fc.nat({ max: 31 }),
      worker: fc.nat({ max: 13 }),
      evidence: fc.boolean(),
    })
    .map(({ action, ...a }) => new JobStep(action, a)),
};
