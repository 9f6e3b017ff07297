import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { harnessAt, harnessFixture } from "../fixtures/system";
import { NO_EXPIRY } from "../../lib/ids";

const { ethers } = hre;
const USE = ethers.id("USE_CAPABILITY");

/** harnessFixture plus Alice's ProgramHarness PID 1 and its child PID 2 (also a harness). */
async function harnessTreeFixture() {
  const s = await harnessFixture();
  const { alice } = s.accounts;
  await (await s.registry.connect(alice).spawn(s.programs.Harness, "0x", 0)).wait();
  await (await s.registry.connect(alice).spawn(s.programs.Harness, "0x", 1)).wait();
  return { ...s, p1: (await harnessAt(s, 1)).connect(alice), p2: (await harnessAt(s, 2)).connect(alice) };
}

describe("KernelProcess (through the ProgramHarness test program)", function () {
  describe("onlyRunning", function () {
    it("lets anyone call while the process and its ancestors run", async function () {
      const s = await loadFixture(harnessTreeFixture);
      expect(await s.p2.connect(s.accounts.mallory).ping()).to.equal(2n);
    });

    it("reverts with KernelProcessNotRunning while an ancestor is suspended, then runs again", async function () {
      const s = await loadFixture(harnessTreeFixture);
      await (await s.registry.connect(s.accounts.alice).suspend(1)).wait();
      await expect(s.p2.ping()).to.be.revertedWithCustomError(s.p2, "KernelProcessNotRunning").withArgs(2n, 2n);
      await (await s.registry.connect(s.accounts.alice).resume(1)).wait();
      expect(await s.p2.ping()).to.equal(2n);
    });

    it("reverts with KernelProcessNotRunning once killed", async function () {
      const s = await loadFixture(harnessTreeFixture);
      await (await s.registry.connect(s.accounts.alice).kill(2)).wait();
      await expect(s.p2.ping()).to.be.revertedWithCustomError(s.p2, "KernelProcessNotRunning").withArgs(2n, 3n);
      expect(await s.p1.ping()).to.equal(1n);
    });
  });

  describe("onlyCapable", function () {
    it("admits the owner and a holder of the capability, and reports the caller", async function () {
      const s = await loadFixture(harnessTreeFixture);
      const { alice, bob } = s.accounts;
      expect(await s.p1.useCapability(USE)).to.equal(alice.address);
      await (await s.acl.connect(alice).grantCapability(1, bob.address, USE, NO_EXPIRY)).wait();
      expect(await s.p1.connect(bob).useCapability(USE)).to.equal(bob.address);
    });

    it("reverts with KernelProcessMissingCapability for a holder of another capability", async function () {
      const s = await loadFixture(harnessTreeFixture);
      const { alice, bob } = s.accounts;
      const other = ethers.id("OTHER_CAPABILITY");
      await (await s.acl.connect(alice).grantCapability(1, bob.address, other, NO_EXPIRY)).wait();
      await expect(s.p1.connect(bob).useCapability(USE))
        .to.be.revertedWithCustomError(s.p1, "KernelProcessMissingCapability")
        .withArgs(1n, bob.address, USE);
    });
  });

  describe("onlyProcessOwner", function () {
    it("reverts with KernelProcessNotOwner for anyone but the owner", async function () {
      const s = await loadFixture(harnessTreeFixture);
      const { mallory } = s.accounts;
      await expect(s.p1.connect(mallory).spawnChild(s.programs.Counter, "0x", 1))
        .to.be.revertedWithCustomError(s.p1, "KernelProcessNotOwner")
        .withArgs(1n, mallory.address);
    });
  });

  describe("_msgSender", function () {
    it("reads the appended sender only on calls from the kernel's forwarder", async function () {
      const s = await loadFixture(harnessTreeFixture);
      const { carol, mallory } = s.accounts;
      const to = await s.p1.getAddress();
      const suffixed = ethers.concat([s.p1.interface.encodeFunctionData("sender"), carol.address]);
      const decode = (ret: string) => ethers.AbiCoder.defaultAbiCoder().decode(["address"], ret)[0];
      expect(await s.p1.connect(carol).sender()).to.equal(carol.address);
      expect(decode(await ethers.provider.call({ to, from: s.addresses.forwarder, data: suffixed }))).to.equal(
        carol.address,
      );
      expect(decode(await ethers.provider.call({ to, from: mallory.address, data: suffixed }))).to.equal(
        mallory.address,
      );
    });
  });
});
