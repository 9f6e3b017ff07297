import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { harnessAt, harnessFixture, processFixture, systemFixture } from "../fixtures/system";
import { NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { Counter__factory, ProgramHarness__factory } from "../../typechain-types";

const { ethers } = hre;
/** IProcessRegistry.Status. */
const Status = { None: 0n, Running: 1n, Suspended: 2n, Terminated: 3n } as const;

/** The address the registry's next clone will get (CREATE from the registry proxy). */
async function nextInstance(registry: string): Promise<string> {
  return ethers.getCreateAddress({ from: registry, nonce: await ethers.provider.getTransactionCount(registry) });
}

describe("ProcessRegistry", function () {
  describe("registerProgram", function () {
    it("registers the program with its code hash pinned and emits ProgramRegistered", async function () {
      const s = await loadFixture(systemFixture);
      const { deployer } = s.accounts;
      const impl = await new ProgramHarness__factory(deployer).deploy(s.addresses.kernel);
      const implAddress = await impl.getAddress();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(implAddress));
      const at = BigInt((await time.latest()) + 5);
      await time.setNextBlockTimestamp(at);
      await expect(s.registry.registerProgram(implAddress, "Harness", "0.1.0", "ipfs://harness"))
        .to.emit(s.registry, "ProgramRegistered")
        .withArgs(2n, implAddress, codeHash, "Harness", "0.1.0", deployer.address);
      expect(await s.registry.programCount()).to.equal(2n);
      const p = await s.registry.program(2);
      expect(p.implementation).to.equal(implAddress);
      expect(p.codeHash).to.equal(codeHash);
      expect(p.deprecated).to.equal(false);
      expect(p.registeredAt).to.equal(at);
      expect(p.publisher).to.equal(deployer.address);
      expect([p.name, p.version, p.metadataURI]).to.deep.equal(["Harness", "0.1.0", "ipfs://harness"]);
      expect(p.verified, "a program the DAO registers is verified").to.equal(true);
    });

    it("emits ProgramVerified(true) for the DAO's own registration", async function () {
      const s = await loadFixture(systemFixture);
      const impl = await new ProgramHarness__factory(s.accounts.deployer).deploy(s.addresses.kernel);
      await expect(s.registry.registerProgram(await impl.getAddress(), "Harness", "1", ""))
        .to.emit(s.registry, "ProgramVerified")
        .withArgs(2n, true, s.accounts.deployer.address);
    });

    it("reverts with ACLUnauthorized without REGISTER_PROGRAM", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      await expect(s.registry.connect(mallory).registerProgram(s.addresses.implementations.Counter, "x", "1", ""))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM);
    });

    it("reverts with ProcessRegistryNotAContract for an address without code", async function () {
      const s = await loadFixture(systemFixture);
      const eoa = s.accounts.bob.address;
      await expect(s.registry.registerProgram(eoa, "x", "1", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotAContract")
        .withArgs(eoa);
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(systemFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(
        s.registry.registerProgram(s.addresses.implementations.Counter, "x", "1", ""),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });
  });

  describe("publishProgram (permissionless) and setProgramVerified (the DAO)", function () {
    it("lets anyone publish: code hash pinned, publisher recorded, unverified, spawnable; no ProgramVerified", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, bob } = s.accounts;
      const impl = await new ProgramHarness__factory(mallory).deploy(s.addresses.kernel);
      const implAddress = await impl.getAddress();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(implAddress));
      const tx = s.registry.connect(mallory).publishProgram(implAddress, "Harness", "0.9.0", "ipfs://m");
      await expect(tx)
        .to.emit(s.registry, "ProgramRegistered")
        .withArgs(2n, implAddress, codeHash, "Harness", "0.9.0", mallory.address);
      await expect(tx).to.not.emit(s.registry, "ProgramVerified");
      const p = await s.registry.program(2);
      expect([p.publisher, p.verified, p.deprecated, p.codeHash]).to.deep.equal([
        mallory.address,
        false,
        false,
        codeHash,
      ]);
      // Spawning an unverified program is allowed (the tier is information, not a gate).
      await expect(s.registry.connect(bob).spawn(2, "0x", 0)).to.emit(s.registry, "ProcessSpawned");
      expect(await s.registry.ownerOf(1)).to.equal(bob.address);
    });

    it("refuses an address without code and a paused kernel, like registerProgram", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, bob, guardian } = s.accounts;
      await expect(s.registry.connect(mallory).publishProgram(bob.address, "x", "1", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotAContract")
        .withArgs(bob.address);
      await (await s.kernel.connect(guardian).pause()).wait();
      await expect(
        s.registry.connect(mallory).publishProgram(s.addresses.implementations.Counter, "x", "1", ""),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });

    it("lets only REGISTER_PROGRAM holders mark a program verified or take the mark back, with ProgramVerified", async function () {
      const s = await loadFixture(systemFixture);
      const { deployer, mallory } = s.accounts;
      await (
        await s.registry.connect(mallory).publishProgram(s.addresses.implementations.Counter, "C", "1", "")
      ).wait();
      await expect(s.registry.connect(mallory).setProgramVerified(2, true))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM);
      await expect(s.registry.setProgramVerified(2, true))
        .to.emit(s.registry, "ProgramVerified")
        .withArgs(2n, true, deployer.address);
      expect((await s.registry.program(2)).verified).to.equal(true);
      await expect(s.registry.setProgramVerified(2, false))
        .to.emit(s.registry, "ProgramVerified")
        .withArgs(2n, false, deployer.address);
      expect((await s.registry.program(2)).verified).to.equal(false);
      await expect(s.registry.setProgramVerified(99, true))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProgram")
        .withArgs(99n);
    });

    it("lets a publisher deprecate its own program, and nobody else's", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, bob } = s.accounts;
      await (
        await s.registry.connect(mallory).publishProgram(s.addresses.implementations.Counter, "C", "1", "")
      ).wait();
      await expect(s.registry.connect(bob).deprecateProgram(2))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM);
      await expect(s.registry.connect(mallory).deprecateProgram(s.programs.Counter)).to.be.revertedWithCustomError(
        s.acl,
        "ACLUnauthorized",
      );
      await expect(s.registry.connect(mallory).deprecateProgram(2))
        .to.emit(s.registry, "ProgramDeprecated")
        .withArgs(2n, mallory.address);
      expect((await s.registry.program(2)).deprecated).to.equal(true);
    });
  });

  describe("publishVersion (a program's line of versions; processes stay pinned)", function () {
    it("lets the publisher follow its latest version: same name, linked both ways, unverified, old processes pinned", async function () {
      const s = await loadFixture(processFixture);
      const { mallory, bob } = s.accounts;
      await (
        await s.registry.connect(mallory).publishProgram(s.addresses.implementations.Counter, "Tally", "1.0.0", "")
      ).wait();
      const v1 = Number(await s.registry.programCount());
      await (await s.registry.connect(bob).spawn(v1, "0x", 0)).wait();
      const pid = await s.registry.processCount();
      const instance = await s.registry.instanceOf(pid);
      const impl2 = await new ProgramHarness__factory(mallory).deploy(s.addresses.kernel);
      const tx = s.registry.connect(mallory).publishVersion(v1, await impl2.getAddress(), "2.0.0", "ipfs://v2");
      const v2 = v1 + 1;
      await expect(tx)
        .to.emit(s.registry, "ProgramRegistered")
        .withArgs(v2, await impl2.getAddress(), anyValue, "Tally", "2.0.0", mallory.address);
      await expect(tx).to.emit(s.registry, "ProgramVersionPublished").withArgs(v1, v2, mallory.address);
      await expect(tx).to.not.emit(s.registry, "ProgramVerified");
      const [p1, p2] = [await s.registry.program(v1), await s.registry.program(v2)];
      expect([p1.previousVersion, p1.nextVersion]).to.deep.equal([0n, BigInt(v2)]);
      expect([p2.previousVersion, p2.nextVersion, p2.name, p2.verified, p2.publisher]).to.deep.equal([
        BigInt(v1),
        0n,
        "Tally",
        false,
        mallory.address,
      ]);
      // The old version's process keeps running its own code: processes are pinned (EIP-1167 clones).
      expect((await s.registry.processInfo(pid)).programId).to.equal(BigInt(v1));
      expect(await s.registry.instanceOf(pid)).to.equal(instance);
      // The line goes on from the latest only.
      await expect(s.registry.connect(mallory).publishVersion(v1, await impl2.getAddress(), "2.0.1", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotLatestVersion")
        .withArgs(v1, v2);
      await expect(s.registry.connect(mallory).publishVersion(v2, await impl2.getAddress(), "3.0.0", ""))
        .to.emit(s.registry, "ProgramVersionPublished")
        .withArgs(v2, v2 + 1, mallory.address);
    });

    it("refuses anyone but the publisher (the DAO's own programs included), unknown programs, code-less addresses and a paused kernel", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, deployer, guardian, bob } = s.accounts;
      const counter = s.addresses.implementations.Counter;
      await expect(s.registry.connect(mallory).publishVersion(s.programs.Counter, counter, "2", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotPublisher")
        .withArgs(s.programs.Counter, mallory.address, (await s.registry.program(s.programs.Counter)).publisher);
      await expect(s.registry.connect(mallory).publishVersion(99, counter, "2", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProgram")
        .withArgs(99n);
      await (await s.registry.connect(mallory).publishProgram(counter, "C", "1", "")).wait();
      const id = Number(await s.registry.programCount());
      await expect(s.registry.connect(deployer).publishVersion(id, counter, "2", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotPublisher")
        .withArgs(id, deployer.address, mallory.address);
      await expect(s.registry.connect(mallory).publishVersion(id, bob.address, "2", ""))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotAContract")
        .withArgs(bob.address);
      await (await s.kernel.connect(guardian).pause()).wait();
      await expect(s.registry.connect(mallory).publishVersion(id, counter, "2", "")).to.be.revertedWithCustomError(
        s.kernel,
        "KernelPaused",
      );
    });
  });

  describe("deprecateProgram", function () {
    it("stops new spawns, keeps existing processes running and emits ProgramDeprecated", async function () {
      const s = await loadFixture(processFixture);
      const { alice, deployer } = s.accounts;
      const id = s.programs.Counter;
      await expect(s.registry.deprecateProgram(id))
        .to.emit(s.registry, "ProgramDeprecated")
        .withArgs(id, deployer.address);
      expect((await s.registry.program(id)).deprecated).to.equal(true);
      await expect(s.registry.connect(alice).spawn(id, "0x", 0))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProgramDeprecated")
        .withArgs(id);
      await expect(s.counter1.increment()).to.emit(s.counter1, "Incremented").withArgs(1n, alice.address, 1n);
    });

    it("reverts with ACLUnauthorized without REGISTER_PROGRAM", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      await expect(s.registry.connect(mallory).deprecateProgram(s.programs.Counter))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM);
    });

    it("reverts with ProcessRegistryUnknownProgram for an unknown id", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.registry.deprecateProgram(99))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProgram")
        .withArgs(99n);
    });
  });

  describe("program", function () {
    it("reverts with ProcessRegistryUnknownProgram for id 0 and unknown ids", async function () {
      const s = await loadFixture(systemFixture);
      for (const id of [0n, 2n]) {
        await expect(s.registry.program(id))
          .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProgram")
          .withArgs(id);
      }
    });
  });

  describe("spawn", function () {
    it("clones the program, initialises it with its PID and emits ProcessSpawned", async function () {
      const s = await loadFixture(systemFixture);
      const { alice } = s.accounts;
      const instance = await nextInstance(s.addresses.processRegistry);
      const counter = Counter__factory.connect(instance, alice);
      const init = ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [5n]);
      await expect(s.registry.connect(alice).spawn(s.programs.Counter, init, 0))
        .to.emit(s.registry, "ProcessSpawned")
        .withArgs(1n, s.programs.Counter, 0n, instance, alice.address)
        .and.to.emit(counter, "ProcessInitialized")
        .withArgs(1n);
      expect(await s.registry.instanceOf(1)).to.equal(instance);
      expect(await counter.pid()).to.equal(1n);
      expect(await counter.count()).to.equal(5n);
      expect(await counter.processOwner()).to.equal(alice.address);
      // An EIP-1167 clone of the registered implementation, with the PID as its immutable argument (uint48).
      const code = await ethers.provider.getCode(instance);
      expect(code.toLowerCase()).to.include(s.addresses.implementations.Counter.slice(2).toLowerCase());
      expect(ethers.dataLength(code)).to.equal(45 + 6);
      expect(ethers.dataSlice(code, 45)).to.equal("0x000000000001");
    });

    it("hands out PIDs from 1, one more each time, whoever spawns", async function () {
      const s = await loadFixture(harnessFixture);
      const { alice, bob } = s.accounts;
      const pids: bigint[] = [];
      for (const [who, program] of [
        [alice, s.programs.Counter],
        [bob, s.programs.Harness],
        [alice, s.programs.Counter],
      ] as const) {
        pids.push(await s.registry.connect(who).spawn.staticCall(program, "0x", 0));
        await (await s.registry.connect(who).spawn(program, "0x", 0)).wait();
      }
      expect(pids).to.deep.equal([1n, 2n, 3n]);
      expect(await s.registry.processCount()).to.equal(3n);
      expect(await s.registry.ownerOf(2)).to.equal(bob.address);
    });

    it("lets the parent's owner spawn a child one level deeper", async function () {
      const s = await loadFixture(processFixture);
      const info = await s.registry.processInfo(2);
      expect(info.parentPid).to.equal(1n);
      expect(info.depth).to.equal(2n);
      expect(info.owner).to.equal(s.accounts.alice.address);
    });

    it("lets the parent process itself spawn a child, which it owns", async function () {
      const s = await loadFixture(harnessFixture);
      const { alice } = s.accounts;
      await (await s.registry.connect(alice).spawn(s.programs.Harness, "0x", 0)).wait();
      const parent = (await harnessAt(s, 1)).connect(alice);
      const parentAddress = await parent.getAddress();
      await expect(parent.spawnChild(s.programs.Counter, "0x", 1))
        .to.emit(s.registry, "ProcessSpawned")
        .withArgs(2n, s.programs.Counter, 1n, anyAddress, parentAddress);
      expect(await s.registry.ownerOf(2)).to.equal(parentAddress);
      expect((await s.registry.processInfo(2)).depth).to.equal(2n);
    });

    it("reverts with ProcessRegistryNotParentController for anyone else", async function () {
      const s = await loadFixture(processFixture);
      const { mallory } = s.accounts;
      await expect(s.registry.connect(mallory).spawn(s.programs.Counter, "0x", 1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotParentController")
        .withArgs(1n, mallory.address);
    });

    it("reverts with ProcessRegistryInvalidStatus under a parent that is not running", async function () {
      const s = await loadFixture(processFixture);
      const { alice } = s.accounts;
      await (await s.registry.connect(alice).suspend(1)).wait();
      await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryInvalidStatus")
        .withArgs(1n, Status.Suspended, Status.Running);
      // PID 2 runs itself but its parent is suspended.
      await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 2))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryInvalidStatus")
        .withArgs(2n, Status.Suspended, Status.Running);
      await (await s.registry.connect(alice).kill(1)).wait();
      await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryInvalidStatus")
        .withArgs(1n, Status.Terminated, Status.Running);
    });

    it("allows MAX_DEPTH levels and reverts with ProcessRegistryMaxDepthExceeded below them", async function () {
      const s = await loadFixture(systemFixture);
      const registry = s.registry.connect(s.accounts.alice);
      const maxDepth = await registry.MAX_DEPTH();
      expect(maxDepth).to.equal(8n);
      let parent = 0n;
      for (let depth = 1n; depth <= maxDepth; depth++) {
        await (await registry.spawn(s.programs.Counter, "0x", parent)).wait();
        parent = await registry.processCount();
        expect((await registry.processInfo(parent)).depth).to.equal(depth);
      }
      await expect(registry.spawn(s.programs.Counter, "0x", parent))
        .to.be.revertedWithCustomError(registry, "ProcessRegistryMaxDepthExceeded")
        .withArgs(parent, maxDepth);
    });

    it("reverts with ProcessRegistryUnknownProgram for an unknown program", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.registry.spawn(42, "0x", 0))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProgram")
        .withArgs(42n);
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown parent", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.registry.spawn(s.programs.Counter, "0x", 7))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(7n);
    });

    it("reverts with ProcessRegistryProgramCodeChanged when the implementation's code changed", async function () {
      const s = await loadFixture(systemFixture);
      const impl = s.addresses.implementations.Counter;
      const pinned = ethers.keccak256(await ethers.provider.getCode(impl));
      const otherCode = ProgramHarness__factory.bytecode; // any different code
      await hre.network.provider.send("hardhat_setCode", [impl, otherCode]);
      await expect(s.registry.spawn(s.programs.Counter, "0x", 0))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProgramCodeChanged")
        .withArgs(s.programs.Counter, pinned, ethers.keccak256(otherCode));
    });

    it("undoes the whole spawn when the program's initializer reverts", async function () {
      const s = await loadFixture(harnessFixture);
      await expect(s.registry.spawn(s.programs.Harness, "0x01", 0)).to.be.revertedWithCustomError(
        s.harnessImpl,
        "ProgramHarnessInitRejected",
      );
      expect(await s.registry.processCount()).to.equal(0n);
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(systemFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.registry.spawn(s.programs.Counter, "0x", 0)).to.be.revertedWithCustomError(
        s.kernel,
        "KernelPaused",
      );
    });
  });

  describe("suspend", function () {
    it("lets the owner suspend, cascades to descendants and emits ProcessSuspended", async function () {
      const s = await loadFixture(processFixture);
      const { alice } = s.accounts;
      await expect(s.registry.connect(alice).suspend(1))
        .to.emit(s.registry, "ProcessSuspended")
        .withArgs(1n, alice.address);
      expect(await s.registry.statusOf(1)).to.equal(Status.Suspended);
      const child = await s.registry.processInfo(2);
      expect(child.status).to.equal(Status.Running);
      expect(child.effectiveStatus).to.equal(Status.Suspended);
      expect(await s.registry.isRunning(2)).to.equal(false);
    });

    it("lets a PROCESS_ADMIN holder suspend someone else's process", async function () {
      const s = await loadFixture(processFixture);
      const { carol } = s.accounts;
      await (
        await s.acl.grantPermission(carol.address, s.addresses.processRegistry, PERMISSION.PROCESS_ADMIN, NO_EXPIRY)
      ).wait();
      await expect(s.registry.connect(carol).suspend(2))
        .to.emit(s.registry, "ProcessSuspended")
        .withArgs(2n, carol.address);
      expect(await s.registry.statusOf(2)).to.equal(Status.Suspended);
      expect(await s.registry.statusOf(1)).to.equal(Status.Running);
    });

    it("reverts with ProcessRegistryNotOwner for anyone else", async function () {
      const s = await loadFixture(processFixture);
      const { alice, mallory } = s.accounts;
      await expect(s.registry.connect(mallory).suspend(1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
        .withArgs(1n, mallory.address, alice.address);
    });

    it("reverts with ProcessRegistryInvalidStatus when already suspended", async function () {
      const s = await loadFixture(processFixture);
      const registry = s.registry.connect(s.accounts.alice);
      await (await registry.suspend(1)).wait();
      await expect(registry.suspend(1))
        .to.be.revertedWithCustomError(registry, "ProcessRegistryInvalidStatus")
        .withArgs(1n, Status.Suspended, Status.Running);
    });

    it("reverts with ProcessRegistryProcessTerminated for a killed process or a child of one", async function () {
      const s = await loadFixture(processFixture);
      const registry = s.registry.connect(s.accounts.alice);
      await (await registry.kill(1)).wait();
      for (const pid of [1n, 2n]) {
        await expect(registry.suspend(pid))
          .to.be.revertedWithCustomError(registry, "ProcessRegistryProcessTerminated")
          .withArgs(pid);
      }
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.suspend(3))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(3n);
    });

    it("still works while the kernel is paused (a safety action)", async function () {
      const s = await loadFixture(processFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.registry.connect(s.accounts.alice).suspend(1))
        .to.emit(s.registry, "ProcessSuspended")
        .withArgs(1n, s.accounts.alice.address);
      expect(await s.registry.statusOf(2)).to.equal(Status.Suspended);
    });
  });

  describe("resume", function () {
    it("lets the owner resume and emits ProcessResumed; descendants run again", async function () {
      const s = await loadFixture(processFixture);
      const { alice } = s.accounts;
      const registry = s.registry.connect(alice);
      await (await registry.suspend(1)).wait();
      await expect(registry.resume(1)).to.emit(registry, "ProcessResumed").withArgs(1n, alice.address);
      expect(await registry.statusOf(1)).to.equal(Status.Running);
      expect(await registry.statusOf(2)).to.equal(Status.Running);
    });

    it("lets a PROCESS_ADMIN holder resume", async function () {
      const s = await loadFixture(processFixture);
      const { alice, deployer } = s.accounts;
      await (await s.registry.connect(alice).suspend(1)).wait();
      await expect(s.registry.connect(deployer).resume(1))
        .to.emit(s.registry, "ProcessResumed")
        .withArgs(1n, deployer.address);
    });

    it("keeps a resumed child suspended while an ancestor is suspended", async function () {
      const s = await loadFixture(processFixture);
      const registry = s.registry.connect(s.accounts.alice);
      await (await registry.suspend(2)).wait();
      await (await registry.suspend(1)).wait();
      await (await registry.resume(2)).wait();
      expect((await registry.processInfo(2)).status).to.equal(Status.Running);
      expect(await registry.statusOf(2)).to.equal(Status.Suspended);
      await (await registry.resume(1)).wait();
      expect(await registry.statusOf(2)).to.equal(Status.Running);
    });

    it("reverts with ProcessRegistryInvalidStatus for a running process", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.connect(s.accounts.alice).resume(1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryInvalidStatus")
        .withArgs(1n, Status.Running, Status.Suspended);
    });

    it("reverts with ProcessRegistryProcessTerminated for a killed process", async function () {
      const s = await loadFixture(processFixture);
      const registry = s.registry.connect(s.accounts.alice);
      await (await registry.suspend(1)).wait();
      await (await registry.kill(1)).wait();
      await expect(registry.resume(1))
        .to.be.revertedWithCustomError(registry, "ProcessRegistryProcessTerminated")
        .withArgs(1n);
    });

    it("reverts with ProcessRegistryNotOwner for anyone else", async function () {
      const s = await loadFixture(processFixture);
      const { alice, mallory } = s.accounts;
      await (await s.registry.connect(alice).suspend(1)).wait();
      await expect(s.registry.connect(mallory).resume(1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
        .withArgs(1n, mallory.address, alice.address);
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(processFixture);
      await (await s.registry.connect(s.accounts.alice).suspend(1)).wait();
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.registry.connect(s.accounts.alice).resume(1)).to.be.revertedWithCustomError(
        s.kernel,
        "KernelPaused",
      );
    });
  });

  describe("kill", function () {
    it("lets the owner kill, cascades to descendants and emits ProcessKilled", async function () {
      const s = await loadFixture(processFixture);
      const { alice } = s.accounts;
      await expect(s.registry.connect(alice).kill(1)).to.emit(s.registry, "ProcessKilled").withArgs(1n, alice.address);
      expect(await s.registry.statusOf(1)).to.equal(Status.Terminated);
      const child = await s.registry.processInfo(2);
      expect(child.status).to.equal(Status.Running);
      expect(child.effectiveStatus).to.equal(Status.Terminated);
      expect(await s.registry.isRunning(1)).to.equal(false);
      expect(await s.registry.isRunning(2)).to.equal(false);
    });

    it("lets a PROCESS_ADMIN holder kill, suspended processes included", async function () {
      const s = await loadFixture(processFixture);
      const { alice, deployer } = s.accounts;
      await (await s.registry.connect(alice).suspend(2)).wait();
      await expect(s.registry.connect(deployer).kill(2))
        .to.emit(s.registry, "ProcessKilled")
        .withArgs(2n, deployer.address);
      expect(await s.registry.statusOf(2)).to.equal(Status.Terminated);
      expect(await s.registry.statusOf(1)).to.equal(Status.Running);
    });

    it("is terminal: a killed process or its child cannot be killed, resumed or suspended again", async function () {
      const s = await loadFixture(processFixture);
      const registry = s.registry.connect(s.accounts.alice);
      await (await registry.kill(1)).wait();
      for (const pid of [1n, 2n]) {
        await expect(registry.kill(pid))
          .to.be.revertedWithCustomError(registry, "ProcessRegistryProcessTerminated")
          .withArgs(pid);
        await expect(registry.resume(pid))
          .to.be.revertedWithCustomError(registry, "ProcessRegistryProcessTerminated")
          .withArgs(pid);
      }
      expect(await registry.statusOf(2)).to.equal(Status.Terminated);
    });

    it("never reuses a killed PID", async function () {
      const s = await loadFixture(processFixture);
      const registry = s.registry.connect(s.accounts.alice);
      await (await registry.kill(2)).wait();
      await expect(registry.spawn(s.programs.Counter, "0x", 1))
        .to.emit(registry, "ProcessSpawned")
        .withArgs(3n, s.programs.Counter, 1n, anyAddress, s.accounts.alice.address);
      expect(await registry.processCount()).to.equal(3n);
      expect(await registry.statusOf(2)).to.equal(Status.Terminated);
    });

    it("reverts with ProcessRegistryNotOwner for anyone else", async function () {
      const s = await loadFixture(processFixture);
      const { alice, mallory } = s.accounts;
      await expect(s.registry.connect(mallory).kill(1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
        .withArgs(1n, mallory.address, alice.address);
      expect(await s.registry.isRunning(1)).to.equal(true);
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.kill(0))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(0n);
    });

    it("still works while the kernel is paused (a safety action)", async function () {
      const s = await loadFixture(processFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.registry.connect(s.accounts.alice).kill(1))
        .to.emit(s.registry, "ProcessKilled")
        .withArgs(1n, s.accounts.alice.address);
      expect(await s.registry.statusOf(2)).to.equal(Status.Terminated);
    });
  });

  describe("transferProcessOwnership", function () {
    it("moves ownership, bumps the generation and emits ProcessOwnershipTransferred", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await expect(s.registry.connect(alice).transferProcessOwnership(1, bob.address))
        .to.emit(s.registry, "ProcessOwnershipTransferred")
        .withArgs(1n, alice.address, bob.address);
      expect(await s.registry.ownerOf(1)).to.equal(bob.address);
      expect((await s.registry.processInfo(1)).ownerGeneration).to.equal(1n);
      expect(await s.registry.callContext(1)).to.deep.equal([bob.address, 1n, Status.Running]);
      await expect(s.registry.connect(alice).suspend(1))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
        .withArgs(1n, alice.address, bob.address);
      await expect(s.registry.connect(bob).suspend(1))
        .to.emit(s.registry, "ProcessSuspended")
        .withArgs(1n, bob.address);
    });

    it("reverts with ProcessRegistryZeroAddress for the zero address", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.connect(s.accounts.alice).transferProcessOwnership(1, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryZeroAddress")
        .withArgs("newOwner");
    });

    it("reverts with ProcessRegistryNotOwner for anyone but the owner, PROCESS_ADMIN included", async function () {
      const s = await loadFixture(processFixture);
      const { alice, deployer, mallory } = s.accounts;
      for (const who of [mallory, deployer]) {
        await expect(s.registry.connect(who).transferProcessOwnership(1, who.address))
          .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
          .withArgs(1n, who.address, alice.address);
      }
    });

    it("reverts with ProcessRegistryProcessTerminated for a killed process or a child of one", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.registry.connect(alice).kill(1)).wait();
      for (const pid of [1n, 2n]) {
        await expect(s.registry.connect(alice).transferProcessOwnership(pid, bob.address))
          .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProcessTerminated")
          .withArgs(pid);
      }
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.transferProcessOwnership(9, s.accounts.bob.address))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(9n);
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(processFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(
        s.registry.connect(s.accounts.alice).transferProcessOwnership(1, s.accounts.bob.address),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });
  });

  describe("setProcessMetadata", function () {
    it("sets the URI and emits ProcessMetadataUpdated", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.connect(s.accounts.alice).setProcessMetadata(2, "ipfs://pid-2"))
        .to.emit(s.registry, "ProcessMetadataUpdated")
        .withArgs(2n, "ipfs://pid-2");
      expect((await s.registry.processInfo(2)).metadataURI).to.equal("ipfs://pid-2");
    });

    it("reverts with ProcessRegistryNotOwner for anyone but the owner", async function () {
      const s = await loadFixture(processFixture);
      const { alice, mallory } = s.accounts;
      await expect(s.registry.connect(mallory).setProcessMetadata(1, "x"))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
        .withArgs(1n, mallory.address, alice.address);
    });

    it("reverts with ProcessRegistryProcessTerminated for a killed process", async function () {
      const s = await loadFixture(processFixture);
      await (await s.registry.connect(s.accounts.alice).kill(2)).wait();
      await expect(s.registry.connect(s.accounts.alice).setProcessMetadata(2, "x"))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProcessTerminated")
        .withArgs(2n);
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.registry.setProcessMetadata(5, "x"))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(5n);
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(processFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.registry.connect(s.accounts.alice).setProcessMetadata(1, "x")).to.be.revertedWithCustomError(
        s.kernel,
        "KernelPaused",
      );
    });
  });

  describe("processInfo", function () {
    it("returns every field of a process", async function () {
      const s = await loadFixture(systemFixture);
      const { alice } = s.accounts;
      await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).wait();
      const at = BigInt((await time.latest()) + 7);
      await time.setNextBlockTimestamp(at);
      const instance = await nextInstance(s.addresses.processRegistry);
      await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 1)).wait();
      const info = await s.registry.processInfo(2);
      expect(info.pid).to.equal(2n);
      expect(info.instance).to.equal(instance);
      expect(info.owner).to.equal(alice.address);
      expect(info.parentPid).to.equal(1n);
      expect(info.programId).to.equal(BigInt(s.programs.Counter));
      expect(info.status).to.equal(Status.Running);
      expect(info.effectiveStatus).to.equal(Status.Running);
      expect(info.depth).to.equal(2n);
      expect(info.createdAt).to.equal(at);
      expect(info.ownerGeneration).to.equal(0n);
      expect(info.metadataURI).to.equal("");
    });

    it("reverts with ProcessRegistryUnknownProcess for PID 0 and unspawned PIDs", async function () {
      const s = await loadFixture(processFixture);
      for (const pid of [0n, 3n]) {
        await expect(s.registry.processInfo(pid))
          .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
          .withArgs(pid);
      }
    });
  });

  describe("processes", function () {
    it("pages through processes in PID order", async function () {
      const s = await loadFixture(processFixture);
      await (await s.registry.connect(s.accounts.bob).spawn(s.programs.Counter, "0x", 0)).wait();
      const all = await s.registry.processes(0, 10);
      expect(all.map((p) => p.pid)).to.deep.equal([1n, 2n, 3n]);
      expect(all[2].owner).to.equal(s.accounts.bob.address);
      expect((await s.registry.processes(1, 1)).map((p) => p.pid)).to.deep.equal([2n]);
      expect((await s.registry.processes(2, 5)).map((p) => p.pid)).to.deep.equal([3n]);
      expect((await s.registry.processes(1, ethers.MaxUint256)).map((p) => p.pid)).to.deep.equal([2n, 3n]);
      expect(await s.registry.processes(3, 5)).to.deep.equal([]);
      expect(await s.registry.processes(0, 0)).to.deep.equal([]);
    });

    it("shows effective statuses", async function () {
      const s = await loadFixture(processFixture);
      await (await s.registry.connect(s.accounts.alice).kill(1)).wait();
      const list = await s.registry.processes(0, 2);
      expect(list.map((p) => [p.status, p.effectiveStatus])).to.deep.equal([
        [Status.Terminated, Status.Terminated],
        [Status.Running, Status.Terminated],
      ]);
    });
  });

  describe("views", function () {
    it("revert with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      const r = s.registry;
      // Thunks: each call starts only when awaited (eager promises reject unhandled while an earlier one is awaited).
      for (const call of [() => r.ownerOf(3), () => r.instanceOf(3), () => r.statusOf(3), () => r.callContext(3)]) {
        await expect(call()).to.be.revertedWithCustomError(r, "ProcessRegistryUnknownProcess").withArgs(3n);
      }
    });

    it("report isRunning false for an unknown PID instead of reverting", async function () {
      const s = await loadFixture(processFixture);
      expect(await s.registry.isRunning(3)).to.equal(false);
      expect(await s.registry.isRunning(0)).to.equal(false);
      expect(await s.registry.isRunning(1)).to.equal(true);
    });

    it("return the owner, generation and effective status from callContext", async function () {
      const s = await loadFixture(processFixture);
      await (await s.registry.connect(s.accounts.alice).suspend(1)).wait();
      expect(await s.registry.callContext(2)).to.deep.equal([s.accounts.alice.address, 0n, Status.Suspended]);
    });
  });
});

describe("ProcessRegistry storage layout (the typed words keep the former struct's slots and bits)", function () {
  // ERC-7201 nyn.storage.ProcessRegistry: slot 0 = processCount | programCount, slot 1 = processes (mapping).
  const BASE = 0xf2337c807dea95d64672e4cba7237abcb22f5d2829dddbc1f9b1990c5100d200n;

  it("stores a child process's two slots as owner | parent << 160 | status << 208 | depth << 216 | generation << 224 and instance | programId << 160 | createdAt << 192", async function () {
    const s = await loadFixture(processFixture);
    const { alice, bob } = s.accounts;
    await (await s.registry.connect(alice).suspend(2)).wait();
    await (await s.registry.connect(alice).transferProcessOwnership(2, bob.address)).wait();
    const info = await s.registry.processInfo(2);
    const record = BigInt(
      ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [2n, BASE + 1n])),
    );
    const at = async (slot: bigint) => BigInt(await ethers.provider.getStorage(s.addresses.processRegistry, slot));
    expect(await at(record)).to.equal(
      BigInt(bob.address) | (1n << 160n) | (Status.Suspended << 208n) | (2n << 216n) | (1n << 224n),
    );
    expect(await at(record + 1n)).to.equal(
      BigInt(info.instance) | (BigInt(s.programs.Counter) << 160n) | (info.createdAt << 192n),
    );
  });
});

/** withArgs predicate: any address (for clone addresses computed by the registry). */
function anyAddress(value: unknown): boolean {
  return typeof value === "string" && ethers.isAddress(value);
}
