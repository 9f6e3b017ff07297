import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { MODULE, PERMISSION } from "../../lib/ids";
import {
  ACL__factory,
  ERC1967Proxy__factory,
  Kernel__factory,
  PauseHookModule__factory,
  TestRegistryV2__factory,
  TestModule__factory,
  TestModuleV2__factory,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const { ethers } = hre;
const TEST_MODULE = ethers.id("nyn.module.test");
const TEST_PERMISSION = ethers.id("TEST_PERMISSION");
/** ERC-1967 implementation slot. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

async function implementationOf(proxy: string): Promise<string> {
  const raw = await ethers.provider.getStorage(proxy, IMPLEMENTATION_SLOT);
  return ethers.getAddress("0x" + raw.slice(26));
}

/** The system plus undeployed-module material: TestModule and TestModuleV2 implementations. */
async function kernelFixture() {
  const s = await systemFixture();
  const v1 = await new TestModule__factory(s.accounts.deployer).deploy(s.addresses.kernel);
  const v2 = await new TestModuleV2__factory(s.accounts.deployer).deploy(s.addresses.kernel);
  return { ...s, v1, v2, v1Address: await v1.getAddress(), v2Address: await v2.getAddress() };
}

/** kernelFixture with TestModule installed (value 7) and TEST_PERMISSION created for Alice. */
async function installedFixture() {
  const s = await kernelFixture();
  const init = s.v1.interface.encodeFunctionData("initialize", [7n]);
  await (await s.kernel.installModule(TEST_MODULE, s.v1Address, await codeHashOf(s.v1Address), init)).wait();
  const proxy = await s.kernel.moduleAddress(TEST_MODULE);
  await (
    await s.acl.createPermission(s.accounts.alice.address, proxy, TEST_PERMISSION, s.accounts.deployer.address)
  ).wait();
  return { ...s, proxy, module: TestModule__factory.connect(proxy, s.accounts.alice) };
}

describe("Kernel", function () {
  describe("constructor", function () {
    it("installs the ACL behind a proxy with the given root", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.kernel.acl()).to.equal(s.addresses.acl);
      expect(await implementationOf(s.addresses.acl)).to.equal(s.addresses.implementations.ACL);
      expect(await s.kernel.isRoot(s.accounts.deployer.address)).to.equal(true);
      expect(await s.acl.kernel()).to.equal(s.addresses.kernel);
    });

    it("reverts with KernelZeroAddress for a zero root", async function () {
      const s = await loadFixture(systemFixture);
      const factory = new Kernel__factory(s.accounts.deployer);
      await expect(factory.deploy(ethers.ZeroAddress, s.addresses.implementations.ACL, s.addresses.forwarder))
        .to.be.revertedWithCustomError(factory, "KernelZeroAddress")
        .withArgs("root");
    });

    it("reverts with KernelNotAContract for an ACL implementation without code", async function () {
      const s = await loadFixture(systemFixture);
      const factory = new Kernel__factory(s.accounts.deployer);
      const eoa = s.accounts.bob.address;
      await expect(factory.deploy(s.accounts.deployer.address, eoa, s.addresses.forwarder))
        .to.be.revertedWithCustomError(factory, "KernelNotAContract")
        .withArgs(eoa);
    });
  });

  describe("installModule", function () {
    it("deploys a proxy initialised by the kernel and emits ModuleInstalled", async function () {
      const s = await loadFixture(kernelFixture);
      const init = s.v1.interface.encodeFunctionData("initialize", [7n]);
      const predicted = await s.kernel.installModule.staticCall(
        TEST_MODULE,
        s.v1Address,
        await codeHashOf(s.v1Address),
        init,
      );
      await expect(s.kernel.installModule(TEST_MODULE, s.v1Address, await codeHashOf(s.v1Address), init))
        .to.emit(s.kernel, "ModuleInstalled")
        .withArgs(TEST_MODULE, predicted, s.v1Address);
      const module = TestModule__factory.connect(predicted, s.accounts.alice);
      expect(await module.kernel()).to.equal(s.addresses.kernel);
      expect(await module.value()).to.equal(7n);
      expect(await s.kernel.moduleAddress(TEST_MODULE)).to.equal(predicted);
      expect(await s.kernel.moduleImplementation(TEST_MODULE)).to.equal(s.v1Address);
      expect(await implementationOf(predicted)).to.equal(s.v1Address);
      // Installed after the deploy's six modules (ACL, ProcessRegistry, GasMeter, Marketplace, JobBoard, NameService).
      expect(await s.kernel.moduleCount()).to.equal(7n);
      expect(await s.kernel.moduleIds(6, 1)).to.deep.equal([TEST_MODULE]);
    });

    it("reverts with KernelUnauthorized for a caller without ROOT", async function () {
      const s = await loadFixture(kernelFixture);
      const { guardian, mallory } = s.accounts;
      const init = s.v1.interface.encodeFunctionData("initialize", [7n]);
      for (const who of [mallory, guardian]) {
        await expect(s.kernel.connect(who).installModule(TEST_MODULE, s.v1Address, await codeHashOf(s.v1Address), init))
          .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
          .withArgs(who.address, PERMISSION.ROOT);
      }
      expect(await s.kernel.moduleAddress(TEST_MODULE)).to.equal(ethers.ZeroAddress);
    });

    it("reverts with KernelModuleAlreadyInstalled for a taken id", async function () {
      const s = await loadFixture(kernelFixture);
      const init = s.v1.interface.encodeFunctionData("initialize", [7n]);
      await expect(s.kernel.installModule(MODULE.PROCESS_REGISTRY, s.v1Address, await codeHashOf(s.v1Address), init))
        .to.be.revertedWithCustomError(s.kernel, "KernelModuleAlreadyInstalled")
        .withArgs(MODULE.PROCESS_REGISTRY, s.addresses.processRegistry);
    });

    it("reverts with KernelNotAContract for an implementation without code", async function () {
      const s = await loadFixture(kernelFixture);
      await expect(
        s.kernel.installModule(TEST_MODULE, s.accounts.bob.address, await codeHashOf(s.accounts.bob.address), "0x"),
      )
        .to.be.revertedWithCustomError(s.kernel, "KernelNotAContract")
        .withArgs(s.accounts.bob.address);
    });

    it("reverts with KernelCodeHashMismatch when the implementation's code is not the pinned code", async function () {
      const s = await loadFixture(kernelFixture);
      const init = s.v1.interface.encodeFunctionData("initialize", [7n]);
      // The code hash of another contract (the registry's implementation) pinned for v1: refused, nothing installed.
      const pinned = await codeHashOf(s.addresses.implementations.ProcessRegistry);
      await expect(s.kernel.installModule(TEST_MODULE, s.v1Address, pinned, init))
        .to.be.revertedWithCustomError(s.kernel, "KernelCodeHashMismatch")
        .withArgs(s.v1Address, pinned, await codeHashOf(s.v1Address));
      expect(await s.kernel.moduleAddress(TEST_MODULE)).to.equal(ethers.ZeroAddress);
    });

    it("reverts with ERC1967ProxyUninitialized for empty init data", async function () {
      const s = await loadFixture(kernelFixture);
      const proxyFactory = new ERC1967Proxy__factory(s.accounts.deployer);
      await expect(
        s.kernel.installModule(TEST_MODULE, s.v1Address, await codeHashOf(s.v1Address), "0x"),
      ).to.be.revertedWithCustomError(proxyFactory, "ERC1967ProxyUninitialized");
    });

    it("reverts with KernelModuleNotBound when the init data does not run the initializer", async function () {
      const s = await loadFixture(kernelFixture);
      const kernelAddress = s.addresses.kernel;
      const nonce = await ethers.provider.getTransactionCount(kernelAddress);
      const wouldBe = ethers.getCreateAddress({ from: kernelAddress, nonce });
      // A harmless call instead of `initialize`: the proxy would stay claimable by whoever initialises it first.
      const notInit = s.v1.interface.encodeFunctionData("version");
      await expect(s.kernel.installModule(TEST_MODULE, s.v1Address, await codeHashOf(s.v1Address), notInit))
        .to.be.revertedWithCustomError(s.kernel, "KernelModuleNotBound")
        .withArgs(TEST_MODULE, wouldBe);
    });

    it("bubbles up the initializer's own error", async function () {
      const s = await loadFixture(kernelFixture);
      const init = s.v1.interface.encodeFunctionData("initialize", [0n]);
      await expect(
        s.kernel.installModule(TEST_MODULE, s.v1Address, await codeHashOf(s.v1Address), init),
      ).to.be.revertedWithCustomError(s.v1, "TestModuleZeroValue");
    });
  });

  describe("upgradeModule", function () {
    it("upgrades to the pinned code, emits ModuleUpgraded and keeps the module's state", async function () {
      const s = await loadFixture(installedFixture);
      await (await s.module.setValue(42n)).wait();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(s.v2Address));
      await expect(s.kernel.upgradeModule(TEST_MODULE, s.v2Address, codeHash, "0x"))
        .to.emit(s.kernel, "ModuleUpgraded")
        .withArgs(TEST_MODULE, s.v1Address, s.v2Address);
      const v2 = TestModuleV2__factory.connect(s.proxy, s.accounts.alice);
      expect(await v2.version()).to.equal(2n);
      expect(await v2.value()).to.equal(42n);
      expect(await v2.kernel()).to.equal(s.addresses.kernel);
      expect(await s.kernel.moduleAddress(TEST_MODULE)).to.equal(s.proxy);
      expect(await s.kernel.moduleImplementation(TEST_MODULE)).to.equal(s.v2Address);
      expect(await implementationOf(s.proxy)).to.equal(s.v2Address);
      // The ACL still gates the upgraded module.
      await expect(v2.connect(s.accounts.bob).setValue(1n))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(s.accounts.bob.address, s.proxy, TEST_PERMISSION);
    });

    it("runs the migration data atomically, once", async function () {
      const s = await loadFixture(installedFixture);
      const codeHash = ethers.keccak256(await ethers.provider.getCode(s.v2Address));
      const data = s.v2.interface.encodeFunctionData("initializeV2", [99n]);
      await (await s.kernel.upgradeModule(TEST_MODULE, s.v2Address, codeHash, data)).wait();
      const v2 = TestModuleV2__factory.connect(s.proxy, s.accounts.alice);
      expect(await v2.extra()).to.equal(99n);
      expect(await v2.value()).to.equal(7n);
      await expect(v2.initializeV2(1n)).to.be.revertedWithCustomError(v2, "InvalidInitialization");
    });

    it("keeps programs and processes through an upgrade of the process registry", async function () {
      const s = await loadFixture(systemFixture);
      await (await s.registry.connect(s.accounts.alice).spawn(s.programs.Counter, "0x", 0)).wait();
      const before = await s.registry.processInfo(1);
      const implV2 = await new TestRegistryV2__factory(s.accounts.deployer).deploy(s.addresses.kernel);
      const implAddress = await implV2.getAddress();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(implAddress));
      await (await s.kernel.upgradeModule(MODULE.PROCESS_REGISTRY, implAddress, codeHash, "0x")).wait();
      const registry = TestRegistryV2__factory.connect(s.addresses.processRegistry, s.accounts.alice);
      expect(await registry.version()).to.equal(2n);
      expect(await registry.processInfo(1)).to.deep.equal(before);
      expect(await registry.programCount()).to.equal(1n);
      await (await registry.spawn(s.programs.Counter, "0x", 1)).wait();
      expect(await registry.processCount()).to.equal(2n);
    });

    it("reverts with KernelCodeHashMismatch when the code is not the pinned code", async function () {
      const s = await loadFixture(installedFixture);
      const pinned = ethers.keccak256(await ethers.provider.getCode(s.v1Address));
      const actual = ethers.keccak256(await ethers.provider.getCode(s.v2Address));
      await expect(s.kernel.upgradeModule(TEST_MODULE, s.v2Address, pinned, "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelCodeHashMismatch")
        .withArgs(s.v2Address, pinned, actual);
      expect(await s.kernel.moduleImplementation(TEST_MODULE)).to.equal(s.v1Address);
    });

    it("reverts with KernelUnknownModule for an id that is not installed", async function () {
      const s = await loadFixture(kernelFixture);
      await expect(s.kernel.upgradeModule(TEST_MODULE, s.v2Address, ethers.ZeroHash, "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelUnknownModule")
        .withArgs(TEST_MODULE);
    });

    it("reverts with KernelNotAContract for an implementation without code", async function () {
      const s = await loadFixture(installedFixture);
      const eoa = s.accounts.bob.address;
      await expect(s.kernel.upgradeModule(TEST_MODULE, eoa, ethers.ZeroHash, "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelNotAContract")
        .withArgs(eoa);
    });

    it("reverts with KernelUnauthorized for a caller without ROOT, the guardian included", async function () {
      const s = await loadFixture(installedFixture);
      const codeHash = ethers.keccak256(await ethers.provider.getCode(s.v2Address));
      for (const who of [s.accounts.guardian, s.accounts.mallory]) {
        await expect(s.kernel.connect(who).upgradeModule(TEST_MODULE, s.v2Address, codeHash, "0x"))
          .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
          .withArgs(who.address, PERMISSION.ROOT);
      }
    });

    it("refuses a target that is not a UUPS implementation", async function () {
      const s = await loadFixture(installedFixture);
      const counterImpl = s.addresses.implementations.Counter;
      const codeHash = ethers.keccak256(await ethers.provider.getCode(counterImpl));
      await expect(s.kernel.upgradeModule(TEST_MODULE, counterImpl, codeHash, "0x"))
        .to.be.revertedWithCustomError(s.module, "ERC1967InvalidImplementation")
        .withArgs(counterImpl);
    });

    it("upgrades the ACL itself and keeps the permission table", async function () {
      const s = await loadFixture(systemFixture);
      const newImpl = await new ACL__factory(s.accounts.deployer).deploy(s.addresses.nyn);
      const implAddress = await newImpl.getAddress();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(implAddress));
      await expect(s.kernel.upgradeModule(MODULE.ACL, implAddress, codeHash, "0x"))
        .to.emit(s.kernel, "ModuleUpgraded")
        .withArgs(MODULE.ACL, s.addresses.implementations.ACL, implAddress);
      expect(await s.kernel.isRoot(s.accounts.deployer.address)).to.equal(true);
      expect(await s.acl.hasPermission(s.accounts.guardian.address, s.addresses.kernel, PERMISSION.PAUSE)).to.equal(
        true,
      );
    });
  });

  describe("pause", function () {
    it("lets the guardian pause and emits KernelPauseChanged", async function () {
      const s = await loadFixture(systemFixture);
      const { guardian } = s.accounts;
      await expect(s.kernel.connect(guardian).pause())
        .to.emit(s.kernel, "KernelPauseChanged")
        .withArgs(guardian.address, true);
      expect(await s.kernel.paused()).to.equal(true);
    });

    it("lets root pause", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.kernel.pause())
        .to.emit(s.kernel, "KernelPauseChanged")
        .withArgs(s.accounts.deployer.address, true);
      expect(await s.kernel.paused()).to.equal(true);
    });

    it("reverts with KernelUnauthorized for anyone else", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      await expect(s.kernel.connect(mallory).pause())
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(mallory.address, PERMISSION.PAUSE);
      expect(await s.kernel.paused()).to.equal(false);
    });

    it("reverts with KernelPaused when already paused", async function () {
      const s = await loadFixture(systemFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.kernel.pause()).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });

    it("blocks module entry points guarded by whenKernelNotPaused", async function () {
      const s = await loadFixture(installedFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.module.setValue(1n)).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
      await expect(
        s.registry.connect(s.accounts.alice).spawn(s.programs.Counter, "0x", 0),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });

    it("does not stop root from upgrading", async function () {
      const s = await loadFixture(installedFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(s.v2Address));
      await expect(s.kernel.upgradeModule(TEST_MODULE, s.v2Address, codeHash, "0x")).to.emit(
        s.kernel,
        "ModuleUpgraded",
      );
    });
  });

  describe("pause hooks", function () {
    /** Three PauseHookModules: one records the hook, one reverts in it, one burns all the gas it is given. */
    async function hooksFixture() {
      const s = await kernelFixture();
      const impl = await new PauseHookModule__factory(s.accounts.deployer).deploy(s.addresses.kernel);
      const modules = [];
      for (const mode of [0, 1, 2]) {
        const id = ethers.id(`nyn.module.pause-hook-${mode}`);
        const init = impl.interface.encodeFunctionData("initialize", [mode]);
        await (
          await s.kernel.installModule(id, await impl.getAddress(), await codeHashOf(await impl.getAddress()), init)
        ).wait();
        modules.push(PauseHookModule__factory.connect(await s.kernel.moduleAddress(id), s.accounts.alice));
      }
      return { ...s, recorder: modules[0], modules };
    }

    it("tells every module on pause and unpause; a hook that reverts or runs out of gas does not stop either", async function () {
      const s = await loadFixture(hooksFixture);
      const pausing = s.kernel.connect(s.accounts.guardian).pause();
      await expect(pausing).to.emit(s.kernel, "KernelPauseChanged");
      await expect(pausing)
        .to.emit(s.kernel, "KernelPauseHookFailed")
        .withArgs(ethers.id("nyn.module.pause-hook-1"))
        .and.to.emit(s.kernel, "KernelPauseHookFailed")
        .withArgs(ethers.id("nyn.module.pause-hook-2"));
      expect(await s.recorder.hookCalls()).to.deep.equal([1n, true]);
      expect(await s.kernel.paused()).to.equal(true);
      await expect(s.kernel.connect(s.accounts.guardian).unpause()).to.emit(s.kernel, "KernelPauseChanged");
      expect(await s.recorder.hookCalls()).to.deep.equal([2n, false]);
      expect(await s.kernel.paused()).to.equal(false);
    });

    it("reports no failed hook for the modules the system installs", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.kernel.connect(s.accounts.guardian).pause()).to.not.emit(s.kernel, "KernelPauseHookFailed");
      await expect(s.kernel.connect(s.accounts.guardian).unpause()).to.not.emit(s.kernel, "KernelPauseHookFailed");
    });

    it("reverts with KernelPauseHookGas rather than give a module less than its hook allowance", async function () {
      const s = await loadFixture(hooksFixture);
      const guardian = s.kernel.connect(s.accounts.guardian);
      const enough = await guardian.pause.estimateGas();
      await expect(guardian.pause({ gasLimit: enough - 60_000n })).to.be.revertedWithCustomError(
        s.kernel,
        "KernelPauseHookGas",
      );
      expect([await s.kernel.paused(), (await s.recorder.hookCalls())[0]]).to.deep.equal([false, 0n]);
      await (await guardian.pause({ gasLimit: enough })).wait();
      expect(await s.recorder.hookCalls()).to.deep.equal([1n, true]);
    });

    it("accepts the hook only from the kernel (KernelModuleOnlyKernel)", async function () {
      const s = await loadFixture(hooksFixture);
      const { guardian } = s.accounts;
      await expect(s.recorder.connect(guardian).kernelPauseChanged(true))
        .to.be.revertedWithCustomError(s.recorder, "KernelModuleOnlyKernel")
        .withArgs(guardian.address);
    });
  });

  describe("unpause", function () {
    it("lets the guardian and root unpause and emits KernelPauseChanged", async function () {
      const s = await loadFixture(installedFixture);
      const { guardian, deployer } = s.accounts;
      await (await s.kernel.connect(guardian).pause()).wait();
      await expect(s.kernel.connect(guardian).unpause())
        .to.emit(s.kernel, "KernelPauseChanged")
        .withArgs(guardian.address, false);
      await (await s.kernel.connect(guardian).pause()).wait();
      await expect(s.kernel.connect(deployer).unpause())
        .to.emit(s.kernel, "KernelPauseChanged")
        .withArgs(deployer.address, false);
      expect(await s.kernel.paused()).to.equal(false);
      await expect(s.module.setValue(5n)).to.not.be.reverted;
      expect(await s.module.value()).to.equal(5n);
    });

    it("reverts with KernelUnauthorized for anyone else", async function () {
      const s = await loadFixture(systemFixture);
      const { guardian, mallory } = s.accounts;
      await (await s.kernel.connect(guardian).pause()).wait();
      await expect(s.kernel.connect(mallory).unpause())
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(mallory.address, PERMISSION.PAUSE);
      expect(await s.kernel.paused()).to.equal(true);
    });

    it("reverts with KernelNotPaused when not paused", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.kernel.connect(s.accounts.guardian).unpause()).to.be.revertedWithCustomError(
        s.kernel,
        "KernelNotPaused",
      );
    });

    it("stops working for a guardian whose PAUSE was revoked", async function () {
      const s = await loadFixture(systemFixture);
      const { guardian } = s.accounts;
      await (await s.acl.revokePermission(guardian.address, s.addresses.kernel, PERMISSION.PAUSE)).wait();
      await expect(s.kernel.connect(guardian).pause())
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(guardian.address, PERMISSION.PAUSE);
    });
  });

  describe("moduleIds", function () {
    it("pages through the installed ids in install order", async function () {
      const s = await loadFixture(installedFixture);
      const installOrder = [
        MODULE.ACL,
        MODULE.PROCESS_REGISTRY,
        MODULE.GAS_METER,
        MODULE.MARKETPLACE,
        MODULE.JOB_BOARD,
        MODULE.NAME_SERVICE,
      ];
      expect(await s.kernel.moduleCount()).to.equal(7n);
      expect(await s.kernel.moduleIds(0, 2)).to.deep.equal(installOrder.slice(0, 2));
      expect(await s.kernel.moduleIds(2, 3)).to.deep.equal(installOrder.slice(2, 5));
      expect(await s.kernel.moduleIds(5, 2)).to.deep.equal([MODULE.NAME_SERVICE, TEST_MODULE]);
      expect(await s.kernel.moduleIds(1, 1)).to.deep.equal([MODULE.PROCESS_REGISTRY]);
    });

    it("returns an empty page past the end and a short page for a large limit", async function () {
      const s = await loadFixture(installedFixture);
      expect(await s.kernel.moduleIds(7, 10)).to.deep.equal([]);
      expect(await s.kernel.moduleIds(100, 1)).to.deep.equal([]);
      expect(await s.kernel.moduleIds(0, 0)).to.deep.equal([]);
      expect(await s.kernel.moduleIds(5, ethers.MaxUint256)).to.deep.equal([MODULE.NAME_SERVICE, TEST_MODULE]);
    });
  });

  describe("views", function () {
    it("returns the zero address for an unknown module", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.kernel.moduleAddress(TEST_MODULE)).to.equal(ethers.ZeroAddress);
    });

    it("reverts moduleImplementation with KernelUnknownModule for an unknown module", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.kernel.moduleImplementation(TEST_MODULE))
        .to.be.revertedWithCustomError(s.kernel, "KernelUnknownModule")
        .withArgs(TEST_MODULE);
    });

    it("reports the ACL, the forwarder and root holders", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.kernel.acl()).to.equal(s.addresses.acl);
      expect(await s.kernel.trustedForwarder()).to.equal(s.addresses.forwarder);
      expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.equal(
        s.addresses.implementations.ProcessRegistry,
      );
      expect(await s.kernel.isRoot(s.accounts.deployer.address)).to.equal(true);
      expect(await s.kernel.isRoot(s.accounts.guardian.address)).to.equal(false);
      expect(await s.kernel.paused()).to.equal(false);
    });
  });
});
