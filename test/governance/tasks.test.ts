import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { HardhatPluginError } from "hardhat/plugins";
import { deploySystem } from "../../deploy/deploySystem";
import { recordInProcess } from "../../deploy/ignition";
import { LOCAL_CONFIG } from "../../deploy/config";
import { MODULE, PERMISSION } from "../../lib/ids";
import { codeHashOf } from "../../lib/codeHash";
import { ProcessRegistryV2__factory, TestModule__factory, TestModuleRetyped__factory } from "../../typechain-types";

/** The system recorded to deployments/hardhat.json (as the tasks load it), alice/carol/dave not yet delegated. */
async function deployedRecorded() {
  return deploySystem(hre, LOCAL_CONFIG, { record: true });
}

/** {@link deployedRecorded} from its snapshot, recorded again (another fixture may have recorded its own since). */
async function recordedFixture() {
  const s = await loadFixture(deployedRecorded);
  recordInProcess(hre, s);
  return s;
}

/** Run a task and capture what it prints. */
async function run(name: string, args: Record<string, unknown> = {}): Promise<{ out: string; result: unknown }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => {
    lines.push(parts.map(String).join(" "));
  };
  try {
    const result = await hre.run(name, args);
    return { out: lines.join("\n"), result };
  } finally {
    console.log = original;
  }
}

async function delegateAll() {
  for (const from of ["alice", "carol", "dave"]) await run("dao:delegate", { from });
}

describe("dao tasks", function () {
  describe("dao:propose … dao:execute", function () {
    it("upgrades the process registry to V2 in one command sequence with --fast-forward", async function () {
      const s = await recordedFixture();
      const { out: delegated } = await run("dao:delegate", { from: "alice" });
      expect(delegated).to.match(/now has 10,000,000 votes/);
      await run("dao:delegate", { from: "carol" });
      await run("dao:delegate", { from: "dave" });
      const { out: proposed, result: id } = await run("dao:propose", {
        from: "alice",
        description: "Upgrade the process registry to V2",
        upgrade: "ProcessRegistry",
        impl: "ProcessRegistryV2",
        migrate: "initializeV2",
        fastForward: true,
      });
      expect(proposed).to.match(/storage-compatible and upgrade-safe/);
      expect(proposed).to.match(/code hash pinned: 0x[0-9a-f]{64}/);
      expect(proposed).to.match(/fast-forwarded: the vote is Active/);
      const { out: voted } = await run("dao:vote", {
        id: "latest",
        support: "for",
        reason: "deterministic addresses",
        from: "alice",
      });
      expect(voted).to.match(/voted for with 10,000,000 votes \("deterministic addresses"\)/);
      await run("dao:vote", { id: String(id), support: "against", from: "carol" });
      const { out: tally } = await run("dao:vote", { id: String(id), support: "abstain", from: "dave" });
      expect(tally).to.match(/tally: for 10,000,000, against 1,000,000, abstain 1,000,000/);
      await run("dao:queue", { id: "latest", fastForward: true });
      const { out: executed } = await run("dao:execute", { id: "latest" });
      expect(executed).to.match(
        /upgrade module ProcessRegistry to 0x[0-9a-fA-F]{40} pinned to code hash 0x[0-9a-f]{64}, then run initializeV2\(\)/,
      );
      expect(
        await ProcessRegistryV2__factory.connect(s.addresses.processRegistry, hre.ethers.provider).version(),
      ).to.equal(2n);
      const { out: status } = await run("dao:status", { id: "latest" });
      expect(status).to.match(/state\s+Executed/);
      expect(status).to.match(/quorum\s+4,480,000 \(for \+ abstain: 11,000,000, reached\)/);
      const { out: list } = await run("dao:proposals");
      expect(list).to.match(/1\. Executed/);
      expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.not.equal(
        s.addresses.implementations.ProcessRegistry,
      );
    });

    it("proposes a parameter change, a treasury payment, a mint and a grant together, and executes them", async function () {
      const s = await recordedFixture();
      await delegateAll();
      const { bob } = { bob: (await hre.ethers.getSigners())[3] };
      await run("dao:propose", {
        from: "alice",
        description: "Housekeeping",
        set: "votingPeriod=600,quorum=5",
        transferTo: "bob",
        transferAmount: "1234.5",
        mintTo: "timelock",
        mintAmount: "1000000",
        grant: "REGISTER_PROGRAM",
        grantOn: "processRegistry",
        grantTo: "bob",
        fastForward: true,
      });
      await run("dao:vote", { id: "latest", support: "for", from: "alice" });
      await run("dao:queue", { id: "latest", fastForward: true });
      await run("dao:execute", { id: "latest" });
      expect(await s.governor.votingPeriod()).to.equal(600n);
      expect(await s.governor["quorumNumerator()"]()).to.equal(5n);
      expect(await s.nyn.balanceOf(bob.address)).to.equal(hre.ethers.parseEther("1234.5"));
      expect(await s.nyn.balanceOf(s.addresses.timelock)).to.equal(
        hre.ethers.parseEther("99000000") - hre.ethers.parseEther("1234.5"),
      );
      expect(await s.acl.hasPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.equal(
        true,
      );
    });

    it("proposes arbitrary actions from a JSON file", async function () {
      const s = await recordedFixture();
      await delegateAll();
      const carol = (await hre.ethers.getSigners())[4];
      const file = path.join(os.tmpdir(), `nyn-actions-${process.pid}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify([{ target: "nyn", signature: "transfer(address,uint256)", args: [carol.address, "7"] }]),
      );
      try {
        await run("dao:propose", { from: "alice", description: "From a file", actions: file, fastForward: true });
      } finally {
        fs.unlinkSync(file);
      }
      await run("dao:vote", { id: "latest", support: "for", from: "alice" });
      await run("dao:queue", { id: "latest", fastForward: true });
      const before = await s.nyn.balanceOf(carol.address);
      const { out } = await run("dao:execute", { id: "latest" });
      expect(out).to.include(`transfer 0.000000000000000007 NYN from the treasury to ${carol.address}`);
      expect(await s.nyn.balanceOf(carol.address)).to.equal(before + 7n);
    });

    it("upgrades a module whose storage member was retyped only when --retyped lists it (ADR 0009)", async function () {
      const s = await recordedFixture();
      await delegateAll();
      const [deployer] = await hre.ethers.getSigners();
      // A test module installed by the DAO, value 7 ...
      const moduleId = hre.ethers.id("nyn.module.test");
      const v1 = await new TestModule__factory(deployer).deploy(s.addresses.kernel);
      const init = v1.interface.encodeFunctionData("initialize", [7n]);
      const file = path.join(os.tmpdir(), `nyn-install-${process.pid}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify([
          {
            target: "kernel",
            signature: "installModule(bytes32,address,bytes32,bytes)",
            args: [moduleId, await v1.getAddress(), await codeHashOf(await v1.getAddress()), init],
          },
        ]),
      );
      try {
        await run("dao:propose", {
          from: "alice",
          description: "Install a test module",
          actions: file,
          fastForward: true,
        });
      } finally {
        fs.unlinkSync(file);
      }
      await run("dao:vote", { id: "latest", support: "for", from: "alice" });
      await run("dao:queue", { id: "latest", fastForward: true });
      await run("dao:execute", { id: "latest" });
      const proxy = await s.kernel.moduleAddress(moduleId);
      const proposals = async () => (await s.governor.queryFilter(s.governor.filters.ProposalCreated())).length;
      const before = await proposals();

      // ... whose V2 reads the same uint256 as `TestValue`: refused, naming the flag that would list it ...
      const upgrade = { from: "alice", description: "Retype the value", upgrade: moduleId, impl: "TestModuleRetyped" };
      const retype = "value: uint256 -> TestValue";
      await expect(run("dao:propose", upgrade)).to.be.rejectedWith(
        HardhatPluginError,
        new RegExp(`Upgraded \`value\` to an incompatible type[\\s\\S]*list them: --retyped "${retype}"`),
      );
      // ... refused for a listing of another member or a malformed one, before anything is sent ...
      await expect(run("dao:propose", { ...upgrade, retyped: "amount: uint256 -> TestValue" })).to.be.rejectedWith(
        HardhatPluginError,
        /list them: --retyped "value: uint256 -> TestValue"/,
      );
      await expect(run("dao:propose", { ...upgrade, retyped: "value uint256 TestValue" })).to.be.rejectedWith(
        HardhatPluginError,
        /"value uint256 TestValue" is not a retype: expected "member: from -> to"/,
      );
      expect(await proposals()).to.equal(before);

      // ... and proposed, voted and executed when listed: the value is read through its new type.
      const { out } = await run("dao:propose", { ...upgrade, retyped: retype, fastForward: true });
      expect(out).to.include(
        `storage member retyped, accepted as listed (ADR 0009: its layout test must show no bit moved): ${retype}`,
      );
      expect(out).to.match(/TestModule → [^ ]*TestModuleRetyped is storage-compatible and upgrade-safe/);
      await run("dao:vote", { id: "latest", support: "for", from: "alice" });
      await run("dao:queue", { id: "latest", fastForward: true });
      await run("dao:execute", { id: "latest" });
      const retyped = TestModuleRetyped__factory.connect(proxy, hre.ethers.provider);
      expect(await retyped.version()).to.equal(2n);
      expect(await retyped.value()).to.equal(7n);
    });
  });

  describe("refusals", function () {
    it("refuses to propose an incompatible upgrade and proposes nothing", async function () {
      const s = await recordedFixture();
      await delegateAll();
      await expect(
        run("dao:propose", {
          from: "alice",
          description: "Bad V2",
          upgrade: "ProcessRegistry",
          impl: "ProcessRegistryV2Incompatible",
        }),
      ).to.be.rejectedWith(
        HardhatPluginError,
        /upgrade refused, nothing proposed:[\s\S]*New storage layout is incompatible/,
      );
      expect(await s.governor.queryFilter(s.governor.filters.ProposalCreated())).to.have.length(0);
    });

    it("refuses a protected action with the decoded custom error", async function () {
      await recordedFixture();
      await delegateAll();
      await expect(
        run("dao:propose", { from: "alice", description: "Brick", set: "timelockDelay=99999999" }),
      ).to.be.rejectedWith(
        HardhatPluginError,
        /NYNGovernorTimelockDelayTooLong\(delay=1157 d 9 h \(99,999,999 s\), max=30 d \(2,592,000 s\)\)/,
      );
    });

    it("refuses a governed parameter out of its bounds with the decoded custom error (R8), proposing nothing", async function () {
      const s = await recordedFixture();
      await delegateAll();
      const refused: [string, RegExp][] = [
        ["quorum=100", /NYNGovernorQuorumTooHigh\(numerator=100 %, max=5 %\)/],
        ["votingPeriod=59", /NYNGovernorVotingPeriodTooShort\(votingPeriod=59 s, min=1 min \(60 s\)\)/],
        [
          "votingPeriod=600,proposalThreshold=1120001",
          /NYNGovernorProposalThresholdTooHigh\(threshold=1,120,001 NYN, max=1,120,000 NYN\)/,
        ],
      ];
      for (const [set, error] of refused) {
        await expect(run("dao:propose", { from: "alice", description: set, set }), set).to.be.rejectedWith(
          HardhatPluginError,
          error,
        );
      }
      expect(await s.governor.queryFilter(s.governor.filters.ProposalCreated())).to.have.length(0);
    });

    it("refuses a proposer below the threshold, and a bad vote type", async function () {
      await recordedFixture();
      await expect(run("dao:propose", { from: "bob", description: "x", set: "votingPeriod=600" })).to.be.rejectedWith(
        HardhatPluginError,
        /GovernorInsufficientProposerVotes/,
      );
      await delegateAll();
      await run("dao:propose", { from: "alice", description: "y", set: "votingPeriod=600", fastForward: true });
      await expect(run("dao:vote", { id: "latest", support: "maybe", from: "carol" })).to.be.rejectedWith(
        HardhatPluginError,
        /for, against or abstain/,
      );
    });
  });

  describe("dao:cancel", function () {
    it("lets the guardian cancel a queued proposal", async function () {
      await recordedFixture();
      await delegateAll();
      await run("dao:propose", {
        from: "alice",
        description: "To be vetoed",
        set: "votingPeriod=600",
        fastForward: true,
      });
      await run("dao:vote", { id: "latest", support: "for", from: "alice" });
      await run("dao:queue", { id: "latest", fastForward: true });
      const { out } = await run("dao:cancel", { id: "latest" });
      expect(out).to.match(/state Canceled/);
      await expect(run("dao:execute", { id: "latest" })).to.be.rejectedWith(
        HardhatPluginError,
        /GovernorUnexpectedProposalState/,
      );
    });
  });

  describe("dao:proposals", function () {
    it("paginates", async function () {
      await recordedFixture();
      await delegateAll();
      for (const d of ["one", "two", "three"])
        await run("dao:propose", { from: "alice", description: d, set: "votingPeriod=600" });
      const { out } = await run("dao:proposals", { offset: 1, limit: 1 });
      expect(out).to.match(/^ {2}2\. Pending .*"two"$/);
      const { out: none } = await run("dao:proposals", { offset: 5, limit: 2 });
      expect(none).to.equal("No proposals after the first 5.");
    });
  });
});
