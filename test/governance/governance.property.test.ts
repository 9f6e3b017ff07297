import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { governanceFixture, GovSystem } from "./helpers";
import { advanceTo, lifecycleArgs, Proposal, proposalOf, transferAction } from "../../lib/dao";

/** ProposalState values. */
const S = { Pending: 0, Active: 1, Canceled: 2, Defeated: 3, Succeeded: 4, Queued: 5, Expired: 6, Executed: 7 };
/** Forward order; Canceled is a sink reachable from any state but Executed. */
const RANK: Record<number, number> = { 0: 0, 1: 1, 3: 2, 4: 2, 5: 3, 7: 4 };

interface Tracked {
  proposal: Proposal;
  id: bigint;
  state: number;
  voted: Set<string>;
  tally: [bigint, bigint, bigint]; // against, for, abstain
  everExecuted: boolean;
  everCanceled: boolean;
}
interface Model {
  proposals: Tracked[];
  next: number;
}

/** The invariants of SECURITY.md "Governance", checked after every step. */
async function checkInvariants(s: GovSystem, m: Model) {
  for (const t of m.proposals) {
    const state = Number(await s.governor.state(t.id));
    const from = t.state;
    if (state !== from) {
      if (state === S.Canceled) expect(from, "Executed is final").to.not.equal(S.Executed);
      else {
        expect(from, `${from} → ${state}: Canceled is final`).to.not.equal(S.Canceled);
        expect(RANK[state], `${from} → ${state} moves backward or sideways`).to.be.greaterThan(RANK[from]);
      }
    }
    t.state = state;
    if (state === S.Executed) t.everExecuted = true;
    if (state === S.Canceled) t.everCanceled = true;
    expect(t.everExecuted && t.everCanceled, "both executed and cancelled").to.equal(false);
    const [against, forVotes, abstain] = await s.governor.proposalVotes(t.id);
    expect([against, forVotes, abstain]).to.deep.equal(t.tally);
  }
}

type Cmd = fc.AsyncCommand<Model, GovSystem>;

/**
 * Proposal `p` counted from the newest (0 = the latest), so random steps keep working on live proposals; or, when
 * `want` is given and `p` is even, the oldest proposal last seen in that state (so runs also reach queue/execute).
 */
function pick(m: Model, p: number, want?: number): Tracked {
  if (want !== undefined && p % 2 === 0) {
    const found = m.proposals.find((t) => t.state === want);
    if (found) return found;
  }
  return m.proposals[m.proposals.length - 1 - (p % m.proposals.length)];
}

class ProposeCmd implements Cmd {
  check() {
    return true;
  }
  async run(m: Model, s: GovSystem) {
    const n = m.next++;
    const proposal = proposalOf([transferAction(s, s.accounts.bob.address, BigInt(n + 1))], `property proposal ${n}`);
    await s.governor
      .connect(s.accounts.alice)
      .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
    const id = await s.governor.hashProposal(...lifecycleArgs(proposal));
    m.proposals.push({
      proposal,
      id,
      state: S.Pending,
      voted: new Set(),
      tally: [0n, 0n, 0n],
      everExecuted: false,
      everCanceled: false,
    });
    await checkInvariants(s, m);
    await advanceTo(hre, (await s.governor.proposalSnapshot(id)) + 1n); // the voting delay passes
    await checkInvariants(s, m);
  }
  toString() {
    return "propose (+ voting delay)";
  }
}

class VoteCmd implements Cmd {
  constructor(
    readonly p: number,
    readonly voter: number,
    readonly support: number,
  ) {}
  check(m: Readonly<Model>) {
    return m.proposals.length > 0;
  }
  async run(m: Model, s: GovSystem) {
    const t = pick(m, this.p);
    const who = [s.accounts.alice, s.accounts.carol, s.accounts.dave][this.voter];
    const state = Number(await s.governor.state(t.id));
    // The next block is one second later: the vote is open if the deadline is not passed by then.
    const next = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp) + 1n;
    const open =
      state <= S.Active &&
      next > (await s.governor.proposalSnapshot(t.id)) &&
      next <= (await s.governor.proposalDeadline(t.id));
    if (open && !t.voted.has(who.address)) {
      await s.governor.connect(who).castVote(t.id, this.support);
      t.voted.add(who.address);
      t.tally[this.support] += await s.governor.getVotes(who.address, await s.governor.proposalSnapshot(t.id));
    } else if (open) {
      await expect(s.governor.connect(who).castVote(t.id, this.support)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorAlreadyCastVote",
      );
    } else {
      await expect(s.governor.connect(who).castVote(t.id, this.support)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
    }
    expect(await s.governor.hasVoted(t.id, who.address)).to.equal(t.voted.has(who.address));
    await checkInvariants(s, m);
  }
  toString() {
    return `vote(p${this.p}, voter ${this.voter}, ${this.support})`;
  }
}

class AdvanceCmd implements Cmd {
  constructor(readonly seconds: number) {}
  check() {
    return true;
  }
  async run(m: Model, s: GovSystem) {
    const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
    await advanceTo(hre, now + BigInt(this.seconds));
    await checkInvariants(s, m);
  }
  toString() {
    return `advance(${this.seconds})`;
  }
}

class QueueCmd implements Cmd {
  constructor(readonly p: number) {}
  check(m: Readonly<Model>) {
    return m.proposals.length > 0;
  }
  async run(m: Model, s: GovSystem) {
    const t = pick(m, this.p, S.Succeeded);
    if (Number(await s.governor.state(t.id)) === S.Succeeded) {
      await s.governor.queue(...lifecycleArgs(t.proposal));
    } else {
      await expect(s.governor.queue(...lifecycleArgs(t.proposal))).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
    }
    await checkInvariants(s, m);
  }
  toString() {
    return `queue(p${this.p})`;
  }
}

class ExecuteCmd implements Cmd {
  constructor(readonly p: number) {}
  check(m: Readonly<Model>) {
    return m.proposals.length > 0;
  }
  async run(m: Model, s: GovSystem) {
    const t = pick(m, this.p, S.Queued);
    const state = Number(await s.governor.state(t.id));
    const next = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp) + 1n;
    const bob = s.accounts.bob.address;
    const before = await s.nyn.balanceOf(bob);
    if (state === S.Queued && next >= (await s.governor.proposalEta(t.id))) {
      await s.governor.execute(...lifecycleArgs(t.proposal));
      expect(await s.nyn.balanceOf(bob)).to.be.greaterThan(before);
    } else {
      await expect(s.governor.execute(...lifecycleArgs(t.proposal))).to.be.reverted;
      expect(await s.nyn.balanceOf(bob)).to.equal(before);
    }
    await checkInvariants(s, m);
  }
  toString() {
    return `execute(p${this.p})`;
  }
}

class CancelCmd implements Cmd {
  constructor(readonly p: number) {}
  check(m: Readonly<Model>) {
    return m.proposals.length > 0;
  }
  async run(m: Model, s: GovSystem) {
    const t = pick(m, this.p);
    const state = Number(await s.governor.state(t.id));
    const g = s.governor.connect(s.accounts.guardian);
    if (state === S.Executed || state === S.Canceled) {
      await expect(g.cancel(...lifecycleArgs(t.proposal))).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
    } else {
      await g.cancel(...lifecycleArgs(t.proposal));
    }
    await checkInvariants(s, m);
  }
  toString() {
    return `cancel(p${this.p})`;
  }
}

describe("NYNGovernor properties", function () {
  it("keeps proposal states moving forward, never both executed and cancelled, one vote per account (random steps)", async function () {
    // Few proposals and coarse time steps, so random runs reach every state (queued, executed, cancelled).
    const p = fc.nat({ max: 3 });
    const vote = fc
      .tuple(p, fc.constantFrom(0, 0, 1, 2), fc.constantFrom(0, 1, 1, 1, 2))
      .map(([i, v, sup]) => new VoteCmd(i, v, sup));
    const commands = [
      fc.constant(new ProposeCmd()),
      vote,
      vote,
      vote,
      fc.constantFrom(1, 30, 61, 125).map((sec) => new AdvanceCmd(sec)),
      fc.constantFrom(1, 30, 61, 125).map((sec) => new AdvanceCmd(sec)),
      p.map((i) => new QueueCmd(i)),
      p.map((i) => new QueueCmd(i)),
      p.map((i) => new ExecuteCmd(i)),
      p.map((i) => new ExecuteCmd(i)),
      p.map((i) => new CancelCmd(i)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: "max" }), async (cmds) => {
        const s = await loadFixture(governanceFixture);
        await fc.asyncModelRun(() => ({ model: { proposals: [], next: 0 } as Model, real: s }), cmds);
      }),
      // 12 runs: the same commands run in every sequence of the cross-module model (test/property/, 200 sequences,
      // with exact predictions); these longer governance-only sequences on the real deploy (timelock as root,
      // treasury transfers) stay as a second view.
      { numRuns: 12, seed: Number(process.env.FC_SEED ?? 20240601) },
    );
  });
});
