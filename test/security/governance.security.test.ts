import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  governanceFixture,
  GovSystem,
  propose,
  passAndQueue,
  toVoting,
  toVoteEnd,
  enact,
  expectNoPowers,
} from "../governance/helpers";
import { Action, lifecycleArgs, setAction, transferAction, upgradeAction } from "../../lib/dao";
import { prepareModuleUpgrade, UnsafeUpgradeError } from "../../lib/upgradeSafety";
import { readGovernanceRoles } from "../../deploy/permissions";
import { MODULE, PERMISSION } from "../../lib/ids";
import { FlashVoter__factory, NYNFlashLender__factory, ProcessRegistryV2__factory } from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const NYN = (n: string) => hre.ethers.parseEther(n);
const STATE = { Canceled: 2n, Defeated: 3n, Queued: 5n, Executed: 7n };
const bitmap = (...states: bigint[]) =>
  hre.ethers.toBeHex(
    states.reduce((m, st) => m | (1n << st), 0n),
    32,
  );

async function queued(s: GovSystem, actions: Action[], description: string) {
  const p = await propose(s, actions, description);
  await passAndQueue(s, p);
  return p;
}

async function ballot(
  s: GovSystem,
  signer: GovSystem["accounts"]["carol"],
  proposalId: bigint,
  nonce: bigint,
  over: { chainId?: bigint; verifyingContract?: string } = {},
) {
  const domain = {
    name: "NYN Governor",
    version: "1",
    chainId: over.chainId ?? (await hre.ethers.provider.getNetwork()).chainId,
    verifyingContract: over.verifyingContract ?? s.addresses.governor,
  };
  const types = {
    Ballot: [
      { name: "proposalId", type: "uint256" },
      { name: "support", type: "uint8" },
      { name: "voter", type: "address" },
      { name: "nonce", type: "uint256" },
    ],
  };
  return signer.signTypedData(domain, types, { proposalId, support: 1, voter: signer.address, nonce });
}

describe("Governance security (SECURITY.md D1–D10)", function () {
  it("D1 flash-vote: NYN borrowed, delegated and voted with in one transaction weighs 0 (votes read at the snapshot)", async function () {
    const s = await loadFixture(governanceFixture);
    const { alice, mallory, bob } = s.accounts;
    const lender = await new NYNFlashLender__factory(alice).deploy(s.addresses.nyn);
    await s.nyn.connect(alice).transfer(await lender.getAddress(), NYN("5000000")); // a pool, before the proposal
    const p = await propose(s, [transferAction(s, bob.address, NYN("1"))], "Target of a flash vote");
    await toVoting(s, p.id);
    const attacker = await new FlashVoter__factory(mallory).deploy(
      s.addresses.nyn,
      s.addresses.governor,
      await lender.getAddress(),
    );
    await expect(attacker.attack(p.id, NYN("5000000")))
      .to.emit(s.governor, "VoteCast")
      .withArgs(await attacker.getAddress(), p.id, 1, 0, "");
    expect(await attacker.votesDuringLoan()).to.equal(NYN("5000000")); // it did hold the votes, just not at the snapshot
    expect(await attacker.lastWeight()).to.equal(0n);
    const [against, forVotes, abstain] = await s.governor.proposalVotes(p.id);
    expect(against + forVotes + abstain).to.equal(0n);
    expect(await s.nyn.balanceOf(await lender.getAddress())).to.equal(NYN("5000000")); // repaid
  });

  it("D2 early-late-execute: execution before the ETA reverts, at the ETA succeeds, a second time reverts", async function () {
    const s = await loadFixture(governanceFixture);
    const p = await propose(s, [transferAction(s, s.accounts.bob.address, NYN("1"))], "Timed");
    await toVoting(s, p.id);
    await s.governor.connect(s.accounts.alice).castVote(p.id, 1);
    await toVoteEnd(s, p.id);
    await s.governor.queue(...lifecycleArgs(p.proposal));
    const eta = await s.governor.proposalEta(p.id);
    await time.setNextBlockTimestamp(eta - 1n);
    await expect(s.governor.execute(...lifecycleArgs(p.proposal))).to.be.revertedWithCustomError(
      s.timelock,
      "TimelockUnexpectedOperationState",
    );
    await time.setNextBlockTimestamp(eta);
    await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
      .to.emit(s.governor, "ProposalExecuted")
      .withArgs(p.id);
    await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
      .to.be.revertedWithCustomError(s.governor, "GovernorUnexpectedProposalState")
      .withArgs(p.id, STATE.Executed, bitmap(STATE.Queued));
    expect(await s.nyn.balanceOf(s.accounts.bob.address)).to.equal(NYN("1"));
  });

  it("D3 double-execute: executing an executed, a cancelled or a defeated proposal reverts", async function () {
    const s = await loadFixture(governanceFixture);
    const { bob, guardian, carol } = s.accounts;
    const done = await enact(s, [transferAction(s, bob.address, 1n)], "Executed once");
    const cancelled = await queued(s, [transferAction(s, bob.address, 2n)], "Cancelled");
    await s.governor.connect(guardian).cancel(...lifecycleArgs(cancelled.proposal));
    const defeated = await propose(s, [transferAction(s, bob.address, 3n)], "Defeated");
    await toVoting(s, defeated.id);
    await s.governor.connect(carol).castVote(defeated.id, 1); // below quorum
    await toVoteEnd(s, defeated.id);
    for (const [p, st] of [
      [done, STATE.Executed],
      [cancelled, STATE.Canceled],
      [defeated, STATE.Defeated],
    ] as const) {
      await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
        .to.be.revertedWithCustomError(s.governor, "GovernorUnexpectedProposalState")
        .withArgs(p.id, st, bitmap(STATE.Queued));
    }
    expect(await s.nyn.balanceOf(bob.address)).to.equal(1n);
  });

  it("D4 timelock-bypass: upgrade, install, permission, parameter, mint and timelock calls made directly all revert", async function () {
    const s = await loadFixture(governanceFixture);
    const { deployer, alice, guardian } = s.accounts;
    const impl = s.addresses.implementations.ProcessRegistry;
    const hash = hre.ethers.keccak256(await hre.ethers.provider.getCode(impl));
    for (const who of [deployer, alice, guardian]) {
      await expect(s.kernel.connect(who).upgradeModule(MODULE.PROCESS_REGISTRY, impl, hash, "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(who.address, PERMISSION.ROOT);
      await expect(
        s.kernel.connect(who).installModule(MODULE.GAS_METER, impl, await codeHashOf(impl), "0x"),
      ).to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized");
      await expect(s.registry.connect(who).upgradeToAndCall(impl, "0x")).to.be.revertedWithCustomError(
        s.registry,
        "KernelModuleOnlyKernel",
      );
      await expect(
        s.acl.connect(who).createPermission(who.address, s.addresses.kernel, hre.ethers.id("X"), who.address),
      ).to.be.revertedWithCustomError(s.acl, "ACLUnauthorized");
      await expect(s.governor.connect(who).setVotingPeriod(1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorOnlyExecutor",
      );
      await expect(s.governor.connect(who).updateQuorumNumerator(1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorOnlyExecutor",
      );
      await expect(s.timelock.connect(who).updateDelay(0))
        .to.be.revertedWithCustomError(s.timelock, "TimelockUnauthorizedCaller")
        .withArgs(who.address);
      await expect(s.nyn.connect(who).mint(who.address, 1)).to.be.revertedWithCustomError(
        s.nyn,
        "NYNUnauthorizedMinter",
      );
    }
    // A queued operation cannot be executed on the timelock directly (the governor is the only executor).
    const p = await queued(s, [transferAction(s, alice.address, NYN("1"))], "Only via the governor");
    const salt =
      "0x" +
      ((BigInt(s.addresses.governor) << 96n) ^ BigInt(hre.ethers.id(p.proposal.description)))
        .toString(16)
        .padStart(64, "0");
    await expect(
      s.timelock
        .connect(alice)
        .executeBatch(p.proposal.targets, p.proposal.values, p.proposal.calldatas, hre.ethers.ZeroHash, salt),
    )
      .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, await s.timelock.EXECUTOR_ROLE());
  });

  it("D5 swapped-code: an implementation whose code changed between vote and execution is refused on code hash", async function () {
    const s = await loadFixture(governanceFixture);
    const plan = await prepareModuleUpgrade(hre, {
      kernel: s.kernel,
      module: "ProcessRegistry",
      contract: "ProcessRegistryV2",
    });
    const p = await queued(
      s,
      [upgradeAction(s, plan, ProcessRegistryV2__factory.createInterface().encodeFunctionData("initializeV2"))],
      "Upgrade (code will be swapped)",
    );
    const swapped = await hre.ethers.provider.getCode(s.addresses.implementations.ACL);
    await hre.network.provider.send("hardhat_setCode", [plan.newImplementation, swapped]);
    await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
      .to.be.revertedWithCustomError(s.kernel, "KernelCodeHashMismatch")
      .withArgs(plan.newImplementation, plan.codeHash, hre.ethers.keccak256(swapped));
    expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.equal(plan.currentImplementation);
    expect(await s.governor.state(p.id)).to.equal(STATE.Queued);
  });

  it("D6 storage-collision: a V2 with reordered and retyped storage is refused by validation before it can be proposed", async function () {
    const s = await loadFixture(governanceFixture);
    const nonce = await hre.ethers.provider.getTransactionCount(s.accounts.deployer.address);
    const error = await prepareModuleUpgrade(hre, {
      kernel: s.kernel,
      module: "ProcessRegistry",
      contract: "ProcessRegistryV2Incompatible",
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(UnsafeUpgradeError);
    expect((error as UnsafeUpgradeError).details).to.match(/New storage layout is incompatible/);
    expect(await hre.ethers.provider.getTransactionCount(s.accounts.deployer.address)).to.equal(nonce); // nothing deployed
  });

  it("D7 migration: reinitializer(2) runs once, only inside the upgrade, atomically; invariants hold after", async function () {
    const s = await loadFixture(governanceFixture);
    const before = await s.registry.processes(0, 10);
    const plan = await prepareModuleUpgrade(hre, {
      kernel: s.kernel,
      module: "ProcessRegistry",
      contract: "ProcessRegistryV2",
    });
    const v2i = ProcessRegistryV2__factory.createInterface();
    // A migration that fails makes the whole upgrade fail: nothing changes.
    const failing = v2i.encodeFunctionData("spawnDeterministic", [99, "0x", 0, hre.ethers.ZeroHash]);
    const bad = await queued(s, [upgradeAction(s, plan, failing)], "Upgrade with a failing migration");
    await expect(s.governor.execute(...lifecycleArgs(bad.proposal)))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProgram")
      .withArgs(99);
    expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.equal(plan.currentImplementation);
    expect(await s.registry.version()).to.equal(1n);
    // The real migration, through the upgrade.
    await enact(s, [upgradeAction(s, plan, v2i.encodeFunctionData("initializeV2"))], "Upgrade with its migration");
    const v2 = ProcessRegistryV2__factory.connect(s.addresses.processRegistry, s.accounts.mallory);
    expect(await v2.version()).to.equal(2n);
    await expect(v2.initializeV2()).to.be.revertedWithCustomError(v2, "InvalidInitialization"); // once
    await expect(
      ProcessRegistryV2__factory.connect(plan.newImplementation, s.accounts.mallory).initializeV2(),
    ).to.be.revertedWithCustomError(v2, "InvalidInitialization"); // never on the implementation
    expect(await v2.processes(0, 10)).to.deep.equal(before);
    expect(await v2.processCount()).to.equal(2n);
    await v2.connect(s.accounts.bob).spawn(s.programs.Counter, "0x", 0);
    expect(await v2.processCount()).to.equal(3n); // PIDs continue, never reused
    expect(await s.kernel.isRoot(s.addresses.timelock)).to.equal(true);
    expect(await s.acl.permissionHolderCount(s.addresses.kernel, PERMISSION.ROOT)).to.equal(1n);
  });

  it("D8 bricking-params: quorum > 100 %, voting period 0, removing the last executor or the timelock's root all revert", async function () {
    const s = await loadFixture(governanceFixture);
    const alice = s.governor.connect(s.accounts.alice);
    // Refused when proposed (the setters' own bounds would refuse them at execution too, see R8).
    const quorum = setAction(s, "quorum", "101");
    await expect(alice.propose([quorum.target], [0], [quorum.data], "Quorum 101 %"))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorQuorumTooHigh")
      .withArgs(101, 5);
    const period = setAction(s, "votingPeriod", "0");
    await expect(alice.propose([period.target], [0], [period.data], "Voting period 0"))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorVotingPeriodTooShort")
      .withArgs(0, 60);
    expect(await s.governor["quorumNumerator()"]()).to.equal(4n);
    expect(await s.governor.votingPeriod()).to.equal(120n);

    const revokeExecutor = s.timelock.interface.encodeFunctionData("revokeRole", [
      await s.timelock.EXECUTOR_ROLE(),
      s.addresses.governor,
    ]);
    await expect(alice.propose([s.addresses.timelock], [0], [revokeExecutor], "Remove the last executor"))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorProtectedAction")
      .withArgs(0, s.addresses.timelock, revokeExecutor.slice(0, 10));
    const revokeRoot = s.acl.interface.encodeFunctionData("revokePermission", [
      s.addresses.timelock,
      s.addresses.kernel,
      PERMISSION.ROOT,
    ]);
    await expect(alice.propose([s.addresses.acl], [0], [revokeRoot], "Remove the timelock's root"))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorProtectedAction")
      .withArgs(0, s.addresses.acl, revokeRoot.slice(0, 10));
    // Second line of defence: the ACL itself refuses to remove the last root, even when the root asks.
    await hre.network.provider.send("hardhat_impersonateAccount", [s.addresses.timelock]);
    await hre.network.provider.send("hardhat_setBalance", [s.addresses.timelock, "0xde0b6b3a7640000"]);
    const tl = await hre.ethers.getSigner(s.addresses.timelock);
    await expect(s.acl.connect(tl).renouncePermission(s.addresses.kernel, PERMISSION.ROOT))
      .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
      .withArgs(s.addresses.timelock, s.addresses.kernel, PERMISSION.ROOT);
    await hre.network.provider.send("hardhat_stopImpersonatingAccount", [s.addresses.timelock]);
    expect(await s.timelock.hasRole(await s.timelock.EXECUTOR_ROLE(), s.addresses.governor)).to.equal(true);
    expect(await s.kernel.isRoot(s.addresses.timelock)).to.equal(true);
  });

  it("D9 vote-sig-replay: a signed vote replayed on the same or another proposal, chain or governor reverts", async function () {
    const s = await loadFixture(governanceFixture);
    const { carol, relayer } = s.accounts;
    const a = await propose(s, [transferAction(s, relayer.address, 1n)], "Proposal A");
    const b = await propose(s, [transferAction(s, relayer.address, 2n)], "Proposal B");
    await toVoting(s, b.id);
    const sigA = await ballot(s, carol, a.id, 0n);
    const g = s.governor.connect(relayer);
    await expect(g.castVoteBySig(a.id, 1, carol.address, sigA)).to.emit(s.governor, "VoteCast");
    await expect(g.castVoteBySig(a.id, 1, carol.address, sigA))
      .to.be.revertedWithCustomError(s.governor, "GovernorInvalidSignature")
      .withArgs(carol.address);
    await expect(g.castVoteBySig(b.id, 1, carol.address, sigA))
      .to.be.revertedWithCustomError(s.governor, "GovernorInvalidSignature")
      .withArgs(carol.address);
    const otherChain = await ballot(s, carol, b.id, 1n, { chainId: 1n });
    await expect(g.castVoteBySig(b.id, 1, carol.address, otherChain)).to.be.revertedWithCustomError(
      s.governor,
      "GovernorInvalidSignature",
    );
    const otherGovernor = await ballot(s, carol, b.id, 1n, { verifyingContract: s.addresses.timelock });
    await expect(g.castVoteBySig(b.id, 1, carol.address, otherGovernor)).to.be.revertedWithCustomError(
      s.governor,
      "GovernorInvalidSignature",
    );
    expect(await s.governor.hasVoted(b.id, carol.address)).to.equal(false);
    expect(await s.governor.nonces(carol.address)).to.equal(1n);
  });

  it("D10 deployer-residue: after deploy the deployer holds no role, no admin, no upgrade right, no timelock role, no NYN", async function () {
    const s = await loadFixture(governanceFixture);
    const d = s.accounts.deployer.address;
    await expectNoPowers(s, d);
    expect(await s.nyn.balanceOf(d)).to.equal(0n);
    const roles = await readGovernanceRoles(s.timelock, s.governor, s.deployBlock);
    expect(roles.DEFAULT_ADMIN).to.deep.equal([s.addresses.timelock]);
    for (const r of ["PROPOSER", "CANCELLER", "EXECUTOR"] as const)
      expect(roles[r]).to.deep.equal([s.addresses.governor]);
    expect(await s.acl.permissionHolders(s.addresses.kernel, PERMISSION.ROOT, 0, 10)).to.deep.equal([
      s.addresses.timelock,
    ]);
    const impl = s.addresses.implementations.ProcessRegistry;
    await expect(
      s.kernel.upgradeModule(
        MODULE.PROCESS_REGISTRY,
        impl,
        hre.ethers.keccak256(await hre.ethers.provider.getCode(impl)),
        "0x",
      ),
    )
      .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
      .withArgs(d, PERMISSION.ROOT);
  });
});

describe("Governance review findings (ATTACKS.md R7, R8)", function () {
  it("R7 nested-guard: removing the governor's executor role through the timelock's own schedule/execute is refused at propose; governance acts again", async function () {
    const s = await loadFixture(governanceFixture);
    const tl = s.timelock;
    const tlAddr = s.addresses.timelock;
    const revokeExecutor = tl.interface.encodeFunctionData("revokeRole", [
      await tl.EXECUTOR_ROLE(),
      s.addresses.governor,
    ]);
    const salt = hre.ethers.id("R7");
    const call = (data: string, label: string): Action => ({ target: tlAddr, value: 0n, data, label });
    const schedule = call(
      tl.interface.encodeFunctionData("schedule", [tlAddr, 0, revokeExecutor, hre.ethers.ZeroHash, salt, 0]),
      "timelock.schedule(revokeRole(EXECUTOR, governor))",
    );
    const execute = call(
      tl.interface.encodeFunctionData("execute", [tlAddr, 0, revokeExecutor, hre.ethers.ZeroHash, salt]),
      "timelock.execute(revokeRole(EXECUTOR, governor))",
    );
    const grantProposer = call(
      tl.interface.encodeFunctionData("grantRole", [await tl.PROPOSER_ROLE(), tlAddr]),
      "grantRole(PROPOSER, timelock)",
    );
    // The reviewed attack: one proposal that gives the timelock its own proposer and executor roles, then schedules
    // and executes, as itself, the revocation the top-level guard refuses.
    const attack = [
      setAction(s, "timelockDelay", "0"),
      grantProposer,
      call(
        tl.interface.encodeFunctionData("grantRole", [await tl.EXECUTOR_ROLE(), tlAddr]),
        "grantRole(EXECUTOR, timelock)",
      ),
      schedule,
      execute,
    ];
    const alice = s.governor.connect(s.accounts.alice);
    const refuse = (actions: Action[], index: number, a: Action) =>
      expect(
        alice.propose(
          actions.map((x) => x.target),
          actions.map(() => 0),
          actions.map((x) => x.data),
          `R7 ${index}`,
        ),
        a.label,
      )
        .to.be.revertedWithCustomError(s.governor, "NYNGovernorProtectedAction")
        .withArgs(index, a.target, a.data.slice(0, 10));
    await refuse(attack, 1, grantProposer);
    // Each nesting step alone, at any position, is refused too.
    for (const a of [schedule, execute, grantProposer])
      await refuse([transferAction(s, s.accounts.bob.address, 1n), a], 1, a);
    // Governance is intact and acts again.
    await enact(s, [transferAction(s, s.accounts.bob.address, NYN("1"))], "R7: still governing");
    expect(await tl.hasRole(await tl.EXECUTOR_ROLE(), s.addresses.governor)).to.equal(true);
    expect(await s.kernel.isRoot(tlAddr)).to.equal(true);
  });

  it("R8 unreachable-quorum: quorum 100 %, a vote too short to be cast or a threshold no holder can reach are refused at propose", async function () {
    const s = await loadFixture(governanceFixture);
    const alice = s.governor.connect(s.accounts.alice);
    const tryPropose = (a: Action) => alice.propose([a.target], [0], [a.data], a.label);
    // 100 %: the treasury's, the meter's and the markets' NYN never votes, so no proposal could pass again.
    await expect(tryPropose(setAction(s, "quorum", "100")))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorQuorumTooHigh")
      .withArgs(100, 5);
    await expect(tryPropose(setAction(s, "votingPeriod", "1")))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorVotingPeriodTooShort")
      .withArgs(1, 60);
    const supply = await s.nyn.totalSupply();
    await expect(tryPropose(setAction(s, "proposalThreshold", hre.ethers.formatEther(supply / 100n + 1n))))
      .to.be.revertedWithCustomError(s.governor, "NYNGovernorProposalThresholdTooHigh")
      .withArgs(supply / 100n + 1n, supply / 100n);
    // At the bounds, governance still acts.
    await enact(
      s,
      [
        setAction(s, "quorum", "5"),
        setAction(s, "votingPeriod", "60"),
        setAction(s, "proposalThreshold", hre.ethers.formatEther(supply / 100n)),
      ],
      "R8: at the bounds",
    );
    await enact(s, [transferAction(s, s.accounts.bob.address, 1n)], "R8: still governing");
  });
});
