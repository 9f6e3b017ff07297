import fc from "fast-check";
import hre from "hardhat";
import {
  Expected,
  GovAction,
  Model,
  NO_EXPIRY,
  ProposalModel,
  SystemCommand,
  World,
  actor,
  actorAt,
  anyPair,
  event,
  exec,
  failure,
  lower,
  nameOf,
  pairKey,
  pastSupply,
  pastVotes,
  pick,
  pinNextBlock,
  success,
  votesOf,
} from "../model";
import { LOCAL_CONFIG } from "../../../deploy/config";
import { EPOCHS, PRICES, applySetEpoch, applySetPrice, predictSetEpoch, predictSetPrice } from "./meter";
import { FEES, applySetFee, predictSetFee } from "./market";
import { anyActor, shown } from "./common";

/**
 * Governance commands on the real NYNGovernor + TimelockController (LOCAL_CONFIG parameters: voting delay 1 s,
 * voting period 120 s, threshold 1,000 NYN, quorum 4 % of the supply at the snapshot, timelock delay 60 s):
 * propose (one action, see {@link ACTIONS}), vote, queue, execute, cancel (by the proposal guardian, the proposer
 * while pending, or anyone else). The model derives each proposal's state from time, its tally and the past votes
 * and supply at its snapshot (model.ts keeps the vote checkpoints), so Pending → Active → Defeated/Succeeded →
 * Queued → Executed, and cancellation, are all predicted, with every GovernorUnexpectedProposalState bitmap.
 * Executing runs the action through the timelock with the timelock's own permissions (setupWorld): its outcome is
 * predicted like the same call made directly (ACLUnauthorized if an ACL command took the timelock's grant away,
 * bounds errors, ACLAlreadyGranted, …), bubbling out of `execute`.
 */

const G = LOCAL_CONFIG.governance;
const VOTING_DELAY = BigInt(G.votingDelay);
const VOTING_PERIOD = BigInt(G.votingPeriod);
const TIMELOCK_DELAY = BigInt(G.timelockDelay);
const THRESHOLD = G.proposalThreshold;
const QUORUM_PERCENT = BigInt(G.quorumPercent);

/** `IGovernor.ProposalState`. */
export const P = { Pending: 0, Active: 1, Canceled: 2, Defeated: 3, Succeeded: 4, Queued: 5, Expired: 6, Executed: 7 };
const bitmap = (...states: number[]) =>
  "0x" +
  states
    .reduce((acc, s) => acc | (1n << BigInt(s)), 0n)
    .toString(16)
    .padStart(64, "0");

/** The proposal's state at time `t` (`Governor.state` + `GovernorTimelockControl.state`). */
export function proposalState(m: Model, p: ProposalModel, t: bigint): number {
  if (p.executed) return P.Executed;
  if (p.canceled) return P.Canceled;
  if (p.voteStart >= t) return P.Pending;
  if (p.voteEnd >= t) return P.Active;
  const [against, pro, abstain] = p.tally;
  const quorum = (pastSupply(m, p.voteStart) * QUORUM_PERCENT) / 100n;
  if (quorum > pro + abstain || pro <= against) return P.Defeated;
  return p.eta === 0n ? P.Succeeded : P.Queued;
}

// ------------------------------------------------------------------------------------------------ actions

/** What a proposal may do: meter price or epoch length, a market module's fee, grant or revoke a marketplace arbiter. */
type ActionKind = GovAction["kind"];
const ACTIONS: ActionKind[] = ["price", "price", "epoch", "fee", "fee", "arbiter", "arbiter", "unarbiter"];

function makeAction(w: World, kind: ActionKind, sel: number): GovAction {
  const who = w.addresses[sel % w.addresses.length];
  switch (kind) {
    case "price":
      return { kind, value: PRICES[sel % PRICES.length], module: 0, who: "" };
    case "epoch":
      return { kind, value: EPOCHS[sel % EPOCHS.length], module: 0, who: "" };
    case "fee":
      return { kind, value: FEES[sel % FEES.length], module: sel % 2, who: "" };
    default:
      return { kind, value: 0n, module: 0, who };
  }
}

function encodeAction(w: World, a: GovAction): { target: string; calldata: string; label: string } {
  const s = w.s;
  const arbiter = anyPair(w, "ARBITER@marketplace");
  switch (a.kind) {
    case "price":
      return {
        target: s.addresses.gasMeter,
        calldata: s.gasMeter.interface.encodeFunctionData("setPrice", [a.value]),
        label: `setPrice(${a.value})`,
      };
    case "epoch":
      return {
        target: s.addresses.gasMeter,
        calldata: s.gasMeter.interface.encodeFunctionData("setEpochLength", [a.value]),
        label: `setEpochLength(${a.value})`,
      };
    case "fee": {
      const module = a.module === 0 ? s.marketplace : s.jobBoard;
      return {
        target: a.module === 0 ? s.addresses.marketplace : s.addresses.jobBoard,
        calldata: module.interface.encodeFunctionData("setFee", [a.value]),
        label: `${a.module === 0 ? "marketplace" : "jobBoard"}.setFee(${a.value})`,
      };
    }
    case "arbiter":
      return {
        target: s.addresses.acl,
        calldata: s.acl.interface.encodeFunctionData("grantPermission", [
          a.who,
          arbiter.where,
          arbiter.what,
          NO_EXPIRY,
        ]),
        label: `grant ARBITER@marketplace to ${nameOf(w, a.who)}`,
      };
    case "unarbiter":
      return {
        target: s.addresses.acl,
        calldata: s.acl.interface.encodeFunctionData("revokePermission", [a.who, arbiter.where, arbiter.what]),
        label: `revoke ARBITER@marketplace from ${nameOf(w, a.who)}`,
      };
  }
}

/** The action run by the timelock at `at`: its outcome, and the model update on success. */
function predictAction(m: Model, w: World, a: GovAction, at: bigint): { expected: Expected; apply: () => void } {
  const tl = w.timelock;
  switch (a.kind) {
    case "price":
      return { expected: predictSetPrice(m, w, tl, at, a.value), apply: () => applySetPrice(m, a.value) };
    case "epoch":
      return { expected: predictSetEpoch(m, w, tl, at, a.value), apply: () => applySetEpoch(m, at, a.value) };
    case "fee":
      return {
        expected: predictSetFee(m, w, a.module, tl, at, a.value),
        apply: () => applySetFee(m, a.module, a.value),
      };
    default: {
      const pair = anyPair(w, "ARBITER@marketplace");
      const key = pairKey(pair.where, pair.what);
      const grants = m.acl.grants.get(key)!;
      const manager = m.acl.managers.get(key)!;
      const current = grants.get(lower(a.who)) ?? 0n;
      let expected: Expected;
      if (a.kind === "arbiter") {
        if (m.kernel.paused) expected = failure("KernelPaused");
        else if (lower(tl) !== manager) expected = failure("ACLNotManager", [tl, pair.where, pair.what, manager]);
        else if (at <= current) expected = failure("ACLAlreadyGranted", [a.who, pair.where, pair.what, current]);
        else
          expected = success(
            event(w.s.addresses.acl, "PermissionGranted", a.who, pair.where, pair.what, NO_EXPIRY, tl),
          );
        return { expected, apply: () => grants.set(lower(a.who), NO_EXPIRY) };
      }
      if (lower(tl) !== manager) expected = failure("ACLNotManager", [tl, pair.where, pair.what, manager]);
      else if (!grants.has(lower(a.who))) expected = failure("ACLNotGranted", [a.who, pair.where, pair.what]);
      else expected = success(event(w.s.addresses.acl, "PermissionRevoked", a.who, pair.where, pair.what, tl));
      return { expected, apply: () => grants.delete(lower(a.who)) };
    }
  }
}

/** `hashProposal(targets, values, calldatas, keccak256(description))`. */
function proposalId(target: string, calldata: string, description: string): bigint {
  const coder = hre.ethers.AbiCoder.defaultAbiCoder();
  return BigInt(
    hre.ethers.keccak256(
      coder.encode(
        ["address[]", "uint256[]", "bytes[]", "bytes32"],
        [[target], [0n], [calldata], hre.ethers.id(description)],
      ),
    ),
  );
}

/** The timelock operation id of a queued proposal (`hashOperationBatch` with the governor's salt). */
function timelockId(w: World, p: ProposalModel): string {
  const coder = hre.ethers.AbiCoder.defaultAbiCoder();
  const salt = hre.ethers.toBeHex((BigInt(w.s.addresses.governor) << 96n) ^ BigInt(hre.ethers.id(p.description)), 32);
  return hre.ethers.keccak256(
    coder.encode(
      ["address[]", "uint256[]", "bytes[]", "bytes32", "bytes32"],
      [[p.target], [0n], [p.calldata], hre.ethers.ZeroHash, salt],
    ),
  );
}

const lifecycle = (p: ProposalModel): [string[], bigint[], string[], string] => [
  [p.target],
  [0n],
  [p.calldata],
  hre.ethers.id(p.description),
];

/** Mostly the oldest proposal in state `want` (so sequences reach queue and execute); else any, newest first. */
function pickProposal(m: Model, sel: number, want?: number): ProposalModel | undefined {
  if (want !== undefined && sel % 4 !== 3) {
    const found = m.gov.proposals.find((p) => proposalState(m, p, m.now + 1n) === want);
    if (found) return found;
  }
  return pick([...m.gov.proposals].reverse(), sel >> 1);
}

// ------------------------------------------------------------------------------------------------ commands

export class Propose extends SystemCommand<{ by: number; kind: number; x: number; duplicate: boolean }> {
  readonly name = "propose";
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const old = this.a.duplicate ? pick(m.gov.proposals, this.a.x) : undefined;
    const action = old?.action ?? makeAction(w, ACTIONS[this.a.kind % ACTIONS.length], this.a.x);
    const { target, calldata, label } = encodeAction(w, action);
    const description = old?.description ?? `NYN OS property proposal ${m.gov.proposals.length + 1}: ${label}`;
    const id = proposalId(target, calldata, description);
    const at = await pinNextBlock(m);
    const votes = votesOf(m, by.address); // getVotes(proposer, clock() - 1): the latest block's
    let expected: Expected;
    if (votes < THRESHOLD) expected = failure("GovernorInsufficientProposerVotes", [by.address, votes, THRESHOLD]);
    else if (old) expected = failure("GovernorUnexpectedProposalState", [id, proposalState(m, old, at), bitmap()]);
    else {
      expected = success(
        event(
          w.s.addresses.governor,
          "ProposalCreated",
          id,
          by.address,
          [target],
          [0n],
          [""],
          [calldata],
          at + VOTING_DELAY,
          at + VOTING_DELAY + VOTING_PERIOD,
          description,
        ),
      );
    }
    this.resolved = shown(this.name, [w.names[by.index], label, ...(old ? ["again"] : [])], expected);
    const governor = w.s.governor.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => governor.propose([target], [0n], [calldata], description, o), expected);
    if (expected.ok) {
      m.gov.proposals.push({
        id,
        action,
        label,
        target,
        calldata,
        description,
        proposer: lower(by.address),
        voteStart: at + VOTING_DELAY,
        voteEnd: at + VOTING_DELAY + VOTING_PERIOD,
        eta: 0n,
        executed: false,
        canceled: false,
        votes: new Map(),
        tally: [0n, 0n, 0n],
      });
    }
    return this.resolved;
  }
}

export class CastVote extends SystemCommand<{ by: number; p: number; support: number }> {
  readonly name = "vote";
  check(m: Readonly<Model>): boolean {
    return m.gov.proposals.length > 0;
  }
  protected async step(m: Model, w: World) {
    const p = pickProposal(m, this.a.p, P.Active)!;
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const state = proposalState(m, p, at);
    const weight = pastVotes(m, by.address, p.voteStart);
    const support = this.a.support;
    let expected: Expected;
    if (state !== P.Active) expected = failure("GovernorUnexpectedProposalState", [p.id, state, bitmap(P.Active)]);
    else if (p.votes.has(lower(by.address))) expected = failure("GovernorAlreadyCastVote", [by.address]);
    else if (support > 2) expected = failure("GovernorInvalidVoteType");
    else expected = success(event(w.s.addresses.governor, "VoteCast", by.address, p.id, support, weight, ""));
    this.resolved = shown(
      this.name,
      [w.names[by.index], p.label, ["against", "for", "abstain", "?"][support]],
      expected,
    );
    const governor = w.s.governor.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => governor.castVote(p.id, support, o), expected);
    if (expected.ok) {
      p.votes.set(lower(by.address), support);
      p.tally[support] += weight;
    }
    return this.resolved;
  }
}

export class Queue extends SystemCommand<{ by: number; p: number }> {
  readonly name = "queue";
  check(m: Readonly<Model>): boolean {
    return m.gov.proposals.length > 0;
  }
  protected async step(m: Model, w: World) {
    const p = pickProposal(m, this.a.p, P.Succeeded)!;
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const state = proposalState(m, p, at);
    const expected =
      state !== P.Succeeded
        ? failure("GovernorUnexpectedProposalState", [p.id, state, bitmap(P.Succeeded)])
        : success(event(w.s.addresses.governor, "ProposalQueued", p.id, at + TIMELOCK_DELAY));
    this.resolved = shown(this.name, [w.names[by.index], p.label], expected);
    const governor = w.s.governor.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => governor.queue(...lifecycle(p), o), expected);
    if (expected.ok) p.eta = at + TIMELOCK_DELAY;
    return this.resolved;
  }
}

class Execute extends SystemCommand<{ by: number; p: number }> {
  readonly name = "execute";
  check(m: Readonly<Model>): boolean {
    return m.gov.proposals.length > 0;
  }
  protected async step(m: Model, w: World) {
    const p = pickProposal(m, this.a.p, P.Queued)!;
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const state = proposalState(m, p, at);
    let expected: Expected;
    let apply: (() => void) | undefined;
    if (state !== P.Queued) expected = failure("GovernorUnexpectedProposalState", [p.id, state, bitmap(P.Queued)]);
    else if (at < p.eta)
      expected = failure("TimelockUnexpectedOperationState", [timelockId(w, p), bitmap(2)]); // Ready
    else {
      const action = predictAction(m, w, p.action, at);
      apply = action.apply;
      expected = action.expected.ok
        ? success(...action.expected.events, event(w.s.addresses.governor, "ProposalExecuted", p.id))
        : action.expected;
    }
    this.resolved = shown(this.name, [w.names[by.index], p.label], expected);
    const governor = w.s.governor.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => governor.execute(...lifecycle(p), o), expected);
    if (expected.ok) {
      p.executed = true;
      apply!();
    }
    return this.resolved;
  }
}

class Cancel extends SystemCommand<{ by: "guardian" | "proposer" | number; p: number }> {
  readonly name = "cancel";
  check(m: Readonly<Model>): boolean {
    return m.gov.proposals.length > 0;
  }
  protected async step(m: Model, w: World) {
    const p = pickProposal(m, this.a.p)!;
    const sel = this.a.by;
    const by = sel === "guardian" ? actor(m, w, 1) : sel === "proposer" ? actorAt(w, p.proposer)! : actor(m, w, sel);
    const at = await pinNextBlock(m);
    const state = proposalState(m, p, at);
    const guardian = lower(w.s.roles.guardian);
    const allowed = lower(by.address) === guardian || (state === P.Pending && lower(by.address) === p.proposer);
    let expected: Expected;
    if (!allowed) expected = failure("GovernorUnableToCancel", [p.id, by.address]);
    else if (state === P.Canceled || state === P.Expired || state === P.Executed) {
      const all = [0, 1, 2, 3, 4, 5, 6, 7].filter((s) => s !== P.Canceled && s !== P.Expired && s !== P.Executed);
      expected = failure("GovernorUnexpectedProposalState", [p.id, state, bitmap(...all)]);
    } else expected = success(event(w.s.addresses.governor, "ProposalCanceled", p.id));
    this.resolved = shown(this.name, [w.names[by.index], p.label], expected);
    const governor = w.s.governor.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => governor.cancel(...lifecycle(p), o), expected);
    if (expected.ok) p.canceled = true;
    return this.resolved;
  }
}

/** Mostly the holders of votes (Alice, Carol, Dave self-delegate in the prologue), sometimes anyone. */
const voter = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(2, 2, 4, 5) }, { weight: 1, arbitrary: anyActor });

/** Governance command arbitraries. */
export const governanceCommands = {
  propose: fc
    .record({
      by: voter,
      kind: fc.nat({ max: ACTIONS.length - 1 }),
      x: fc.nat({ max: 63 }),
      duplicate: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map((a) => new Propose(a)),
  vote: fc
    .record({
      by: voter,
      p: fc.nat({ max: 15 }),
      support: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(0, 1, 1, 1, 2) },
        { weight: 1, arbitrary: fc.constant(3) },
      ),
    })
    .map((a) => new CastVote(a)),
  queue: fc.record({ by: anyActor, p: fc.nat({ max: 15 }) }).map((a) => new Queue(a)),
  execute: fc.record({ by: anyActor, p: fc.nat({ max: 15 }) }).map((a) => new Execute(a)),
  cancel: fc
    .record({
      by: fc.oneof(
        { weight: 2, arbitrary: fc.constant("guardian" as const) },
        { weight: 2, arbitrary: fc.constant("proposer" as const) },
        { weight: 1, arbitrary: anyActor },
      ),
      p: fc.nat({ max: 15 }),
    })
    .map((a) => new Cancel(a)),
};
