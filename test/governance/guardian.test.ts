import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { governanceFixture, propose, passAndQueue, toVoting, enact } from "./helpers";
import { descriptionHash, lifecycleArgs, mintAction, setAction, transferAction } from "../../lib/dao";
import { MODULE, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { codeHashOf } from "../../lib/codeHash";

const STATE = { Pending: 0n, Active: 1n, Canceled: 2n, Executed: 7n };

describe("NYNGovernor guardian", function () {
  describe("cancel", function () {
    it("cancels a queued proposal, which also cancels the timelock operation", async function () {
      const s = await loadFixture(governanceFixture);
      const { guardian, bob } = s.accounts;
      const p = await propose(s, [transferAction(s, bob.address, 1n)], "Queued, then vetoed");
      await passAndQueue(s, p);
      const opId = await s.timelock.hashOperationBatch(
        p.proposal.targets,
        p.proposal.values,
        p.proposal.calldatas,
        hre.ethers.ZeroHash,
        xorSalt(s.addresses.governor, descriptionHash(p.proposal.description)),
      );
      expect(await s.timelock.isOperationPending(opId)).to.equal(true);
      await expect(s.governor.connect(guardian).cancel(...lifecycleArgs(p.proposal)))
        .to.emit(s.governor, "ProposalCanceled")
        .withArgs(p.id)
        .and.to.emit(s.timelock, "Cancelled")
        .withArgs(opId);
      expect(await s.governor.state(p.id)).to.equal(STATE.Canceled);
      expect(await s.timelock.isOperation(opId)).to.equal(false);
      await expect(s.governor.execute(...lifecycleArgs(p.proposal))).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
    });

    it("cancels a pending or an active proposal", async function () {
      const s = await loadFixture(governanceFixture);
      const { guardian, bob } = s.accounts;
      const pending = await propose(s, [transferAction(s, bob.address, 1n)], "Pending");
      await s.governor.connect(guardian).cancel(...lifecycleArgs(pending.proposal));
      expect(await s.governor.state(pending.id)).to.equal(STATE.Canceled);
      const active = await propose(s, [transferAction(s, bob.address, 2n)], "Active");
      await toVoting(s, active.id);
      expect(await s.governor.state(active.id)).to.equal(STATE.Active);
      await s.governor.connect(guardian).cancel(...lifecycleArgs(active.proposal));
      expect(await s.governor.state(active.id)).to.equal(STATE.Canceled);
    });

    it("cannot cancel an executed proposal", async function () {
      const s = await loadFixture(governanceFixture);
      const p = await enact(s, [transferAction(s, s.accounts.bob.address, 1n)], "Done");
      await expect(
        s.governor.connect(s.accounts.guardian).cancel(...lifecycleArgs(p.proposal)),
      ).to.be.revertedWithCustomError(s.governor, "GovernorUnexpectedProposalState");
    });

    it("is the guardian's alone once queued: the proposer and others cannot cancel", async function () {
      const s = await loadFixture(governanceFixture);
      const { alice, bob } = s.accounts;
      const p = await propose(s, [transferAction(s, bob.address, 1n)], "Nobody else cancels");
      await passAndQueue(s, p);
      for (const who of [alice, bob]) {
        await expect(s.governor.connect(who).cancel(...lifecycleArgs(p.proposal)))
          .to.be.revertedWithCustomError(s.governor, "GovernorUnableToCancel")
          .withArgs(p.id, who.address);
      }
      await expect(s.timelock.connect(alice).cancel(hre.ethers.ZeroHash)).to.be.revertedWithCustomError(
        s.timelock,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("can be replaced only by a proposal", async function () {
      const s = await loadFixture(governanceFixture);
      const { carol, guardian } = s.accounts;
      await expect(s.governor.connect(guardian).setProposalGuardian(guardian.address)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorOnlyExecutor",
      );
      await enact(s, [setAction(s, "proposalGuardian", carol.address)], "New guardian multisig");
      expect(await s.governor.proposalGuardian()).to.equal(carol.address);
    });
  });

  describe("pause", function () {
    it("pauses and unpauses the kernel entry points", async function () {
      const s = await loadFixture(governanceFixture);
      const { guardian, alice } = s.accounts;
      await expect(s.kernel.connect(guardian).pause())
        .to.emit(s.kernel, "KernelPauseChanged")
        .withArgs(guardian.address, true);
      await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).to.be.revertedWithCustomError(
        s.kernel,
        "KernelPaused",
      );
      await s.kernel.connect(guardian).unpause();
      await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).to.emit(s.registry, "ProcessSpawned");
    });
  });

  describe("limits", function () {
    it("cannot upgrade or install a module", async function () {
      const s = await loadFixture(governanceFixture);
      const { guardian } = s.accounts;
      const impl = s.addresses.implementations.ProcessRegistry;
      const hash = hre.ethers.keccak256(await hre.ethers.provider.getCode(impl));
      await expect(s.kernel.connect(guardian).upgradeModule(MODULE.PROCESS_REGISTRY, impl, hash, "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(guardian.address, PERMISSION.ROOT);
      await expect(s.kernel.connect(guardian).installModule(MODULE.GAS_METER, impl, await codeHashOf(impl), "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(guardian.address, PERMISSION.ROOT);
      await expect(s.registry.connect(guardian).upgradeToAndCall(impl, "0x"))
        .to.be.revertedWithCustomError(s.registry, "KernelModuleOnlyKernel")
        .withArgs(guardian.address);
    });

    it("cannot grant, create or re-manage permissions", async function () {
      const s = await loadFixture(governanceFixture);
      const { guardian } = s.accounts;
      await expect(
        s.acl.connect(guardian).grantPermission(guardian.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
        .withArgs(guardian.address, s.addresses.nyn, PERMISSION.MINT, s.addresses.timelock);
      await expect(
        s.acl
          .connect(guardian)
          .createPermission(guardian.address, s.addresses.nyn, hre.ethers.id("X"), guardian.address),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(guardian.address, s.addresses.kernel, PERMISSION.ROOT);
      await expect(
        s.acl.connect(guardian).setPermissionManager(guardian.address, s.addresses.kernel, PERMISSION.PAUSE),
      ).to.be.revertedWithCustomError(s.acl, "ACLNotManager");
    });

    it("cannot move treasury funds or mint", async function () {
      const s = await loadFixture(governanceFixture);
      const { guardian } = s.accounts;
      const a = transferAction(s, guardian.address, 1n);
      const tl = s.timelock.connect(guardian);
      await expect(tl.schedule(a.target, 0, a.data, hre.ethers.ZeroHash, hre.ethers.ZeroHash, 60))
        .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, await s.timelock.PROPOSER_ROLE());
      await expect(tl.execute(a.target, 0, a.data, hre.ethers.ZeroHash, hre.ethers.ZeroHash))
        .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, await s.timelock.EXECUTOR_ROLE());
      await expect(
        s.nyn.connect(guardian).transferFrom(s.addresses.timelock, guardian.address, 1n),
      ).to.be.revertedWithCustomError(s.nyn, "ERC20InsufficientAllowance");
      await expect(s.nyn.connect(guardian).mint(guardian.address, 1n))
        .to.be.revertedWithCustomError(s.nyn, "NYNUnauthorizedMinter")
        .withArgs(guardian.address);
      await expect(
        s.governor.connect(guardian).relay(s.addresses.nyn, 0, mintAction(s, guardian.address, 1n).data),
      ).to.be.revertedWithCustomError(s.governor, "GovernorOnlyExecutor");
      expect(await s.nyn.balanceOf(guardian.address)).to.equal(0n);
    });
  });
});

/** GovernorTimelockControl's salt: the governor's address XOR the description hash. */
function xorSalt(governor: string, descHash: string): string {
  const g = BigInt(governor) << 96n;
  return "0x" + (g ^ BigInt(descHash)).toString(16).padStart(64, "0");
}
