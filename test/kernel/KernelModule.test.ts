import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { MODULE } from "../../lib/ids";
import {
  ACL__factory,
  Kernel__factory,
  TestModule__factory,
  TestModuleV2__factory,
  TestRegistryV2__factory,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const { ethers } = hre;
const TEST_MODULE = ethers.id("nyn.module.test");
const TEST_PERMISSION = ethers.id("TEST_PERMISSION");

/** The system, a second kernel (same ACL implementation, deployer as root), and TestModule installed (value 7). */
async function twoKernelsFixture() {
  const s = await systemFixture();
  const { deployer, alice } = s.accounts;
  const other = await new Kernel__factory(deployer).deploy(
    deployer.address,
    s.addresses.implementations.ACL,
    ethers.ZeroAddress,
  );
  const otherAddress = await other.getAddress();
  const v1 = await new TestModule__factory(deployer).deploy(s.addresses.kernel);
  await (
    await s.kernel.installModule(
      TEST_MODULE,
      await v1.getAddress(),
      await codeHashOf(await v1.getAddress()),
      v1.interface.encodeFunctionData("initialize", [7n]),
    )
  ).wait();
  const proxy = await s.kernel.moduleAddress(TEST_MODULE);
  await (await s.acl.createPermission(alice.address, proxy, TEST_PERMISSION, deployer.address)).wait();
  return { ...s, other, otherAddress, v1, proxy, module: TestModule__factory.connect(proxy, alice) };
}

describe("KernelModule", function () {
  describe("constructor", function () {
    it("builds the implementation for one kernel, whose ACL it checks without reading storage", async function () {
      const s = await loadFixture(twoKernelsFixture);
      expect(await s.v1.implementationKernel()).to.equal(s.addresses.kernel);
      expect(await s.module.implementationKernel()).to.equal(s.addresses.kernel);
      // The proxy's storage still records the kernel that ran the initializer; the implementation has none.
      expect(await s.module.kernel()).to.equal(s.addresses.kernel);
      expect(await s.v1.kernel()).to.equal(ethers.ZeroAddress);
      await (await s.module.setValue(8n)).wait();
      expect(await s.module.value()).to.equal(8n);
      await expect(s.module.connect(s.accounts.bob).setValue(9n))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(s.accounts.bob.address, s.proxy, TEST_PERMISSION);
    });

    it("leaves the ACL without a kernel immutable: it is built before its kernel exists", async function () {
      const s = await loadFixture(twoKernelsFixture);
      expect(await s.acl.implementationKernel()).to.equal(ethers.ZeroAddress);
      expect(await s.acl.kernel()).to.equal(s.addresses.kernel);
    });
  });

  describe("initialize", function () {
    it("reverts with KernelModuleOnlyKernel when another kernel installs the implementation", async function () {
      const s = await loadFixture(twoKernelsFixture);
      const init = s.v1.interface.encodeFunctionData("initialize", [7n]);
      await expect(
        s.other.installModule(TEST_MODULE, await s.v1.getAddress(), await codeHashOf(await s.v1.getAddress()), init),
      )
        .to.be.revertedWithCustomError(s.v1, "KernelModuleOnlyKernel")
        .withArgs(s.otherAddress);
    });
  });

  describe("upgradeToAndCall", function () {
    it("reverts with KernelModuleWrongKernel for an implementation built for another kernel", async function () {
      const s = await loadFixture(twoKernelsFixture);
      const foreign = await new TestModuleV2__factory(s.accounts.deployer).deploy(s.otherAddress);
      const foreignAddress = await foreign.getAddress();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(foreignAddress));
      await expect(s.kernel.upgradeModule(TEST_MODULE, foreignAddress, codeHash, "0x"))
        .to.be.revertedWithCustomError(s.module, "KernelModuleWrongKernel")
        .withArgs(foreignAddress, s.otherAddress);
      const registryV2 = await new TestRegistryV2__factory(s.accounts.deployer).deploy(s.otherAddress);
      const registryV2Address = await registryV2.getAddress();
      const registryHash = ethers.keccak256(await ethers.provider.getCode(registryV2Address));
      await expect(s.kernel.upgradeModule(MODULE.PROCESS_REGISTRY, registryV2Address, registryHash, "0x"))
        .to.be.revertedWithCustomError(s.registry, "KernelModuleWrongKernel")
        .withArgs(registryV2Address, s.otherAddress);
      expect(await s.module.version()).to.equal(1n);
    });

    it("accepts an implementation built for the same kernel, and the ACL's own kernel-less builds", async function () {
      const s = await loadFixture(twoKernelsFixture);
      const v2 = await new TestModuleV2__factory(s.accounts.deployer).deploy(s.addresses.kernel);
      const v2Address = await v2.getAddress();
      const codeHash = ethers.keccak256(await ethers.provider.getCode(v2Address));
      await (await s.kernel.upgradeModule(TEST_MODULE, v2Address, codeHash, "0x")).wait();
      expect(await s.module.version()).to.equal(2n);
      const aclV2 = await new ACL__factory(s.accounts.deployer).deploy(s.addresses.nyn);
      const aclV2Address = await aclV2.getAddress();
      const aclHash = ethers.keccak256(await ethers.provider.getCode(aclV2Address));
      await expect(s.kernel.upgradeModule(MODULE.ACL, aclV2Address, aclHash, "0x")).to.emit(s.kernel, "ModuleUpgraded");
    });
  });
});
