import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { RebindingModule__factory } from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const { ethers } = hre;
const REBINDING_MODULE = ethers.id("nyn.module.test.rebinding");

/** The system with RebindingModule installed by root (the deployer on a local network). */
async function rebindingFixture() {
  const s = await systemFixture();
  const impl = await new RebindingModule__factory(s.accounts.deployer).deploy(s.addresses.kernel);
  const init = impl.interface.encodeFunctionData("initialize");
  await (
    await s.kernel.installModule(
      REBINDING_MODULE,
      await impl.getAddress(),
      await codeHashOf(await impl.getAddress()),
      init,
    )
  ).wait();
  const module = RebindingModule__factory.connect(await s.kernel.moduleAddress(REBINDING_MODULE), s.accounts.mallory);
  return { ...s, module };
}

describe("Kernel", function () {
  describe("installModule", function () {
    it("reverts with KernelModuleNotBound when the implementation does not answer kernel()", async function () {
      const s = await loadFixture(systemFixture);
      const kernelAddress = s.addresses.kernel;
      const wouldBe = ethers.getCreateAddress({
        from: kernelAddress,
        nonce: await ethers.provider.getTransactionCount(kernelAddress),
      });
      // The forwarder has code but no kernel() and no fallback: the init call (a harmless view; ERC1967Proxy refuses
      // empty init data) succeeds, the kernel's kernel() probe fails.
      const init = s.forwarder.interface.encodeFunctionData("nonces", [ethers.ZeroAddress]);
      await expect(
        s.kernel.installModule(REBINDING_MODULE, s.addresses.forwarder, await codeHashOf(s.addresses.forwarder), init),
      )
        .to.be.revertedWithCustomError(s.kernel, "KernelModuleNotBound")
        .withArgs(REBINDING_MODULE, wouldBe);
      expect(await s.kernel.moduleAddress(REBINDING_MODULE)).to.equal(ethers.ZeroAddress);
    });
  });
});

describe("KernelModule", function () {
  describe("__KernelModule_init", function () {
    it("reverts with NotInitializing outside an initializer: a module cannot re-bind its kernel or ACL", async function () {
      const s = await loadFixture(rebindingFixture);
      const { mallory } = s.accounts;
      await expect(s.module.rebind(mallory.address)).to.be.revertedWithCustomError(s.module, "NotInitializing");
      expect(await s.module.kernel()).to.equal(s.addresses.kernel);
    });
  });
});
