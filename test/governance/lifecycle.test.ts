import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { governanceFixture, propose, toVoting, toVoteEnd, toEta, enact } from "./helpers";
import { grantAction, lifecycleArgs, mintAction, transferAction } from "../../lib/dao";
import { NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { Counter__factory } from "../../typechain-types";

const NYN = (n: string) => hre.ethers.parseEther(n);
const STATE = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
};

describe("NYNGovernor lifecycle", function () {
  describe("treasury transfer with three voters", function () {
    it("moves through Pending, Active, Succeeded, Queued and Executed and pays from the timelock", async function () {
      const s = await loadFixture(governanceFixture);
      const { alice, bob, carol, dave } = s.accounts;
      const treasuryBefore = await s.nyn.balanceOf(s.addresses.timelock);
      expect(treasuryBefore).to.equal(NYN("98000000"));
      const p = await propose(
        s,
        [transferAction(s, bob.address, NYN("25000"))],
        "Grant: 25,000 NYN to bob for the indexer",
      );
      expect(await s.governor.state(p.id)).to.equal(STATE.Pending);

      await toVoting(s, p.id);
      expect(await s.governor.state(p.id)).to.equal(STATE.Active);
      await s.governor.connect(alice).castVoteWithReason(p.id, 1, "useful");
      await s.governor.connect(carol).castVote(p.id, 1);
      await s.governor.connect(dave).castVoteWithReason(p.id, 0, "too much");
      const [against, forVotes, abstain] = await s.governor.proposalVotes(p.id);
      expect([against, forVotes, abstain]).to.deep.equal([NYN("1000000"), NYN("11000000"), 0n]);

      await toVoteEnd(s, p.id);
      expect(await s.governor.state(p.id)).to.equal(STATE.Succeeded);
      await expect(s.governor.connect(dave).queue(...lifecycleArgs(p.proposal))).to.emit(s.governor, "ProposalQueued");
      expect(await s.governor.state(p.id)).to.equal(STATE.Queued);

      await toEta(s, p.id);
      await expect(s.governor.connect(dave).execute(...lifecycleArgs(p.proposal)))
        .to.emit(s.nyn, "Transfer")
        .withArgs(s.addresses.timelock, bob.address, NYN("25000"));
      expect(await s.governor.state(p.id)).to.equal(STATE.Executed);
      expect(await s.nyn.balanceOf(bob.address)).to.equal(NYN("25000"));
      expect(await s.nyn.balanceOf(s.addresses.timelock)).to.equal(treasuryBefore - NYN("25000"));
    });

    it("defeats a proposal that misses quorum, and one with more votes against", async function () {
      const s = await loadFixture(governanceFixture);
      const { alice, carol, dave, bob } = s.accounts;
      const small = await propose(s, [transferAction(s, bob.address, 1n)], "Only carol cares");
      const opposed = await propose(s, [transferAction(s, bob.address, 2n)], "Alice objects");
      await toVoting(s, opposed.id);
      await s.governor.connect(carol).castVote(small.id, 1); // 1M for: quorum is 4 % of 112M = 4.48M
      await s.governor.connect(alice).castVote(opposed.id, 0);
      await s.governor.connect(carol).castVote(opposed.id, 1);
      await s.governor.connect(dave).castVote(opposed.id, 1);
      await toVoteEnd(s, opposed.id);
      expect(await s.governor.quorum(await s.governor.proposalSnapshot(small.id))).to.equal(NYN("4480000"));
      expect(await s.governor.state(small.id)).to.equal(STATE.Defeated);
      expect(await s.governor.state(opposed.id)).to.equal(STATE.Defeated);
      await expect(s.governor.queue(...lifecycleArgs(opposed.proposal))).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
    });

    it("counts abstentions toward quorum but not toward the majority", async function () {
      const s = await loadFixture(governanceFixture);
      const { alice, carol, bob } = s.accounts;
      const p = await propose(s, [transferAction(s, bob.address, 1n)], "Abstain and pass");
      await toVoting(s, p.id);
      await s.governor.connect(alice).castVote(p.id, 2); // abstain 10M: quorum reached
      await s.governor.connect(carol).castVote(p.id, 1); // for 1M > against 0
      await toVoteEnd(s, p.id);
      expect(await s.governor.state(p.id)).to.equal(STATE.Succeeded);
    });
  });

  describe("minting", function () {
    it("mints within the cap by proposal, and refuses a mint past the cap at execution", async function () {
      const s = await loadFixture(governanceFixture);
      const supply = await s.nyn.totalSupply();
      await enact(s, [mintAction(s, s.addresses.timelock, NYN("1000000"))], "Mint 1M NYN to the treasury");
      expect(await s.nyn.totalSupply()).to.equal(supply + NYN("1000000"));
      expect(await s.nyn.balanceOf(s.addresses.timelock)).to.equal(NYN("99000000"));

      const cap = await s.nyn.CAP();
      const excess = cap - (await s.nyn.totalSupply()) + 1n;
      const p = await propose(s, [mintAction(s, s.addresses.timelock, excess)], "Mint past the cap");
      await toVoting(s, p.id);
      await s.governor.connect(s.accounts.alice).castVote(p.id, 1);
      await toVoteEnd(s, p.id);
      await s.governor.queue(...lifecycleArgs(p.proposal));
      await toEta(s, p.id);
      await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
        .to.be.revertedWithCustomError(s.nyn, "NYNCapExceeded")
        .withArgs(excess, cap + 1n, cap);
      expect(await s.governor.state(p.id)).to.equal(STATE.Queued);
    });
  });

  describe("permissions", function () {
    it("grants a permission by proposal, which the grantee can then use", async function () {
      const s = await loadFixture(governanceFixture);
      const { bob } = s.accounts;
      await enact(
        s,
        [
          grantAction(
            s,
            bob.address,
            s.addresses.processRegistry,
            PERMISSION.REGISTER_PROGRAM,
            NO_EXPIRY,
            "REGISTER_PROGRAM",
          ),
        ],
        "Let bob publish programs",
      );
      expect(await s.acl.hasPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.equal(
        true,
      );
      const impl = await new Counter__factory(bob).deploy(s.addresses.kernel);
      await expect(s.registry.connect(bob).registerProgram(await impl.getAddress(), "Counter", "1.1.0", "")).to.emit(
        s.registry,
        "ProgramRegistered",
      );
    });
  });
});
