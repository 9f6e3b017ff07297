import { expect } from "chai";
import hre from "hardhat";
import { impersonateAccount, loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { governanceFixture, GovSystem, propose, passAndQueue, enact } from "../governance/helpers";
import { lifecycleArgs, upgradeAction } from "../../lib/dao";
import { prepareModuleUpgrade } from "../../lib/upgradeSafety";
import { MODULE } from "../../lib/ids";
import { Counter__factory, ProcessRegistryV2__factory } from "../../typechain-types";

const V2 = ProcessRegistryV2__factory.createInterface();
const MIGRATE = V2.encodeFunctionData("initializeV2");

/** Validate, deploy and pin ProcessRegistryV2; enact the upgrade with the migration; return the V2 handle. */
async function upgradedFixture() {
  const s = await governanceFixture();
  const before = await s.registry.processes(0, 10);
  const plan = await prepareModuleUpgrade(hre, {
    kernel: s.kernel,
    module: "ProcessRegistry",
    contract: "ProcessRegistryV2",
  });
  const p = await enact(
    s,
    [upgradeAction(s, plan, MIGRATE)],
    "Upgrade the process registry to V2 (deterministic spawn)",
  );
  const v2 = ProcessRegistryV2__factory.connect(s.addresses.processRegistry, s.accounts.alice);
  return { ...s, v2, plan, before, p };
}

async function v2Plan(s: GovSystem) {
  return prepareModuleUpgrade(hre, { kernel: s.kernel, module: "ProcessRegistry", contract: "ProcessRegistryV2" });
}

describe("ProcessRegistryV2", function () {
  describe("upgrade through governance", function () {
    it("replaces the implementation behind the same proxy with the pinned code, atomically migrated", async function () {
      const s = await loadFixture(upgradedFixture);
      expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.equal(s.plan.newImplementation);
      expect(await s.kernel.moduleAddress(MODULE.PROCESS_REGISTRY)).to.equal(s.addresses.processRegistry);
      expect(hre.ethers.keccak256(await hre.ethers.provider.getCode(s.plan.newImplementation))).to.equal(
        s.plan.codeHash,
      );
      expect(await s.v2.version()).to.equal(2n);
      const [firstV2Pid, migratedAt] = await s.v2.migration();
      expect(firstV2Pid).to.equal(3n);
      expect(migratedAt).to.be.greaterThan(0n);
    });

    it("emits ModuleUpgraded and ProcessRegistryMigrated in the executing transaction", async function () {
      const s = await loadFixture(governanceFixture);
      const plan = await v2Plan(s);
      const p = await propose(s, [upgradeAction(s, plan, MIGRATE)], "Upgrade with events");
      await passAndQueue(s, p);
      const tx = s.governor.execute(...lifecycleArgs(p.proposal));
      await expect(tx)
        .to.emit(s.kernel, "ModuleUpgraded")
        .withArgs(MODULE.PROCESS_REGISTRY, plan.currentImplementation, plan.newImplementation);
      await expect(tx)
        .to.emit(
          ProcessRegistryV2__factory.connect(s.addresses.processRegistry, hre.ethers.provider),
          "ProcessRegistryMigrated",
        )
        .withArgs(2, 3);
    });

    it("keeps every process, program, owner and program state", async function () {
      const s = await loadFixture(upgradedFixture);
      expect(await s.v2.processCount()).to.equal(2n);
      expect(await s.v2.processes(0, 10)).to.deep.equal(s.before);
      expect(await s.v2.programCount()).to.equal(1n);
      expect((await s.v2.program(s.programs.Counter)).implementation).to.equal(s.addresses.implementations.Counter);
      expect(await s.counter.count()).to.equal(7n);
      await s.counter.increment(); // the process still asks the (upgraded) registry whether it runs
      expect(await s.counter.count()).to.equal(8n);
      await s.v2.suspend(1);
      expect(await s.v2.statusOf(2)).to.equal(2n); // cascade still works: the child is effectively suspended
    });

    it("refuses to execute when the implementation's code changed after the vote", async function () {
      const s = await loadFixture(governanceFixture);
      const plan = await v2Plan(s);
      const p = await propose(s, [upgradeAction(s, plan, MIGRATE)], "Upgrade, then the code is swapped");
      await passAndQueue(s, p);
      // The address voted on now holds other code (a metamorphic deploy, or any code swap).
      const other = await hre.ethers.provider.getCode(s.addresses.implementations.ProcessRegistry);
      await hre.network.provider.send("hardhat_setCode", [plan.newImplementation, other]);
      await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
        .to.be.revertedWithCustomError(s.kernel, "KernelCodeHashMismatch")
        .withArgs(plan.newImplementation, plan.codeHash, hre.ethers.keccak256(other));
      expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.equal(plan.currentImplementation);
    });
  });

  describe("initializeV2", function () {
    it("cannot run a second time", async function () {
      const s = await loadFixture(upgradedFixture);
      await expect(s.v2.initializeV2()).to.be.revertedWithCustomError(s.v2, "InvalidInitialization");
    });

    it("runs only from the kernel's upgrade, never from anyone calling the proxy", async function () {
      const s = await loadFixture(governanceFixture);
      const plan = await v2Plan(s);
      await enact(s, [upgradeAction(s, plan)], "Upgrade without migrating");
      const v2 = ProcessRegistryV2__factory.connect(s.addresses.processRegistry, s.accounts.bob);
      await expect(v2.initializeV2())
        .to.be.revertedWithCustomError(v2, "KernelModuleOnlyKernel")
        .withArgs(s.accounts.bob.address);
      expect((await v2.migration())[0]).to.equal(0n);
    });

    it("is locked on the implementation", async function () {
      const s = await loadFixture(governanceFixture);
      const plan = await v2Plan(s);
      const impl = ProcessRegistryV2__factory.connect(plan.newImplementation, s.accounts.bob);
      await expect(impl.initializeV2()).to.be.revertedWithCustomError(impl, "InvalidInitialization");
    });
  });

  describe("spawnDeterministic", function () {
    it("spawns the process at the address predicted for (program, owner, salt)", async function () {
      const s = await loadFixture(upgradedFixture);
      const { alice } = s.accounts;
      const salt = hre.ethers.id("alice's shop");
      const predicted = await s.v2.predictProcessAddress(s.programs.Counter, alice.address, salt);
      expect(await hre.ethers.provider.getCode(predicted)).to.equal("0x");
      await expect(s.v2.spawnDeterministic(s.programs.Counter, "0x", 0, salt))
        .to.emit(s.v2, "ProcessSpawnedDeterministically")
        .withArgs(3, alice.address, salt, predicted);
      expect(await s.v2.instanceOf(3)).to.equal(predicted);
      expect(await s.v2.ownerOf(3)).to.equal(alice.address);
      expect(await s.v2.deterministicPidOf(alice.address, salt)).to.equal(3n);
      expect(await s.v2.isRunning(3)).to.equal(true);
    });

    it("binds the process to its PID in storage (a plain clone: its address must not depend on the PID), once", async function () {
      const s = await loadFixture(upgradedFixture);
      const { alice } = s.accounts;
      const salt = hre.ethers.id("storage-bound");
      await (await s.v2.spawnDeterministic(s.programs.Counter, "0x", 0, salt)).wait();
      const instance = await s.v2.instanceOf(3);
      expect(hre.ethers.dataLength(await hre.ethers.provider.getCode(instance))).to.equal(45);
      const counter = Counter__factory.connect(instance, alice);
      expect(await counter.pid()).to.equal(3n);
      await expect(counter.increment()).to.emit(counter, "Incremented").withArgs(3n, alice.address, 1n);
      await impersonateAccount(s.addresses.processRegistry);
      await setBalance(s.addresses.processRegistry, hre.ethers.parseEther("1"));
      const asRegistry = await hre.ethers.getSigner(s.addresses.processRegistry);
      await expect(counter.connect(asRegistry).initializeProcess(3, "0x")).to.be.revertedWithCustomError(
        counter,
        "KernelProcessAlreadyInitialized",
      );
      expect(await counter.pid()).to.equal(3n);
    });

    it("binds the salt to the caller: another owner's same salt gives another address", async function () {
      const s = await loadFixture(upgradedFixture);
      const { alice, bob } = s.accounts;
      const salt = hre.ethers.id("shared");
      const a = await s.v2.predictProcessAddress(s.programs.Counter, alice.address, salt);
      const b = await s.v2.predictProcessAddress(s.programs.Counter, bob.address, salt);
      expect(a).to.not.equal(b);
      await s.v2.connect(bob).spawnDeterministic(s.programs.Counter, "0x", 0, salt);
      expect(await s.v2.instanceOf(3)).to.equal(b);
      await s.v2.spawnDeterministic(s.programs.Counter, "0x", 0, salt);
      expect(await s.v2.instanceOf(4)).to.equal(a);
    });

    it("refuses a salt the caller already used", async function () {
      const s = await loadFixture(upgradedFixture);
      const salt = hre.ethers.id("once");
      await s.v2.spawnDeterministic(s.programs.Counter, "0x", 0, salt);
      await expect(s.v2.spawnDeterministic(s.programs.Counter, "0x", 0, salt))
        .to.be.revertedWithCustomError(s.v2, "ProcessRegistryV2SaltUsed")
        .withArgs(s.accounts.alice.address, salt, 3);
    });

    it("spawns children under the same rules as spawn", async function () {
      const s = await loadFixture(upgradedFixture);
      const salt = hre.ethers.id("child");
      await s.v2.spawnDeterministic(s.programs.Counter, "0x", 1, salt);
      expect((await s.v2.processInfo(3)).parentPid).to.equal(1n);
      await expect(s.v2.connect(s.accounts.bob).spawnDeterministic(s.programs.Counter, "0x", 1, salt))
        .to.be.revertedWithCustomError(s.v2, "ProcessRegistryNotParentController")
        .withArgs(1, s.accounts.bob.address);
    });

    it("refuses while the kernel is paused", async function () {
      const s = await loadFixture(upgradedFixture);
      await s.kernel.connect(s.accounts.guardian).pause();
      await expect(
        s.v2.spawnDeterministic(s.programs.Counter, "0x", 0, hre.ethers.id("p")),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });
  });

  describe("predictProcessAddress", function () {
    it("refuses an unknown program", async function () {
      const s = await loadFixture(upgradedFixture);
      await expect(s.v2.predictProcessAddress(9, s.accounts.alice.address, hre.ethers.ZeroHash))
        .to.be.revertedWithCustomError(s.v2, "ProcessRegistryUnknownProgram")
        .withArgs(9);
    });
  });

  describe("version", function () {
    it("reports 2, where version 1 reported 1", async function () {
      const s = await loadFixture(governanceFixture);
      expect(await s.registry.version()).to.equal(1n);
      const { v2 } = await upgradedFixture();
      expect(await v2.version()).to.equal(2n);
    });
  });
});
