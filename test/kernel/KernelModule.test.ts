import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { TestModule__factory } from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const { ethers } = hre;
const TEST_MODULE = ethers.id("nyn.module.test");
const TEST_PERMISSION = ethers.id("TEST_PERMISSION");

/**
 * The system and TestModule installed (value 7). What every module inherits (initialise once, upgrade by its own
 * kernel only, wrong kernel, pause hook) is tested on every module in test/behavior/KernelModule.behavior.ts.
 */
async function testModuleFixture() {
  const s = await systemFixture();
  const { deployer, alice } = s.accounts;
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
  return { ...s, v1, proxy, module: TestModule__factory.connect(proxy, alice) };
}

describe("KernelModule", function () {
  describe("constructor", function () {
    it("builds the implementation for one kernel, whose ACL it checks without reading storage", async function () {
      const s = await loadFixture(testModuleFixture);
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
      const s = await loadFixture(testModuleFixture);
      expect(await s.acl.implementationKernel()).to.equal(ethers.ZeroAddress);
      expect(await s.acl.kernel()).to.equal(s.addresses.kernel);
    });
  });
});
