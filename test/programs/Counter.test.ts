import { expect } from "chai";
import hre from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { processFixture } from "../fixtures/system";
import { signForwardRequest } from "../../lib/forwardRequest";
import { CAPABILITY, NO_EXPIRY } from "../../lib/ids";
import { Counter__factory } from "../../typechain-types";

const { ethers } = hre;
const INCREMENT = CAPABILITY.INCREMENT;
const SUSPENDED = 2n;
const TERMINATED = 3n;

/** processFixture plus Bob holding INCREMENT on PID 1 (no expiry). */
async function capableFixture() {
  const s = await processFixture();
  await (await s.acl.connect(s.accounts.alice).grantCapability(1, s.accounts.bob.address, INCREMENT, NO_EXPIRY)).wait();
  return s;
}

/** A signer for the process registry proxy (to show only the registry's first call counts). */
async function registrySigner(registry: string) {
  await impersonateAccount(registry);
  await setBalance(registry, ethers.parseEther("1"));
  return ethers.getSigner(registry);
}

describe("Counter", function () {
  describe("initializeProcess", function () {
    it("binds each clone to its PID and kernel at spawn", async function () {
      const s = await loadFixture(processFixture);
      expect(await s.counter1.pid()).to.equal(1n);
      expect(await s.counter2.pid()).to.equal(2n);
      expect(await s.counter1.kernel()).to.equal(s.addresses.kernel);
      expect(await s.counter2.processOwner()).to.equal(s.accounts.alice.address);
      expect(await s.counter1.count()).to.equal(0n);
    });

    it("starts the count from the spawn's init data", async function () {
      const s = await loadFixture(processFixture);
      const init = ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [41n]);
      await (await s.registry.connect(s.accounts.bob).spawn(s.programs.Counter, init, 0)).wait();
      const counter = Counter__factory.connect(await s.registry.instanceOf(3), s.accounts.bob);
      expect(await counter.count()).to.equal(41n);
      expect(await counter.increment.staticCall()).to.equal(42n);
    });

    it("reverts with KernelProcessOnlyRegistry for any caller but the registry", async function () {
      const s = await loadFixture(processFixture);
      const { mallory } = s.accounts;
      await expect(s.counter1.connect(mallory).initializeProcess(7, "0x"))
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessOnlyRegistry")
        .withArgs(mallory.address);
      expect(await s.counter1.pid()).to.equal(1n);
    });

    it("reverts with KernelProcessAlreadyInitialized when the registry tries to rebind it to another PID", async function () {
      const s = await loadFixture(processFixture);
      const registry = await registrySigner(s.addresses.processRegistry);
      await expect(s.counter1.connect(registry).initializeProcess(7, "0x")).to.be.revertedWithCustomError(
        s.counter1,
        "KernelProcessAlreadyInitialized",
      );
      expect(await s.counter1.pid()).to.equal(1n);
    });

    it("is called by the registry exactly once per process, at spawn", async function () {
      // The PID lives in the clone's code, so no storage flag guards a second call: the guarantee is that the
      // registry calls initializeProcess once, in the spawn transaction, and nothing else can call it.
      const s = await loadFixture(processFixture);
      const receipt = await (await s.registry.connect(s.accounts.bob).spawn(s.programs.Counter, "0x", 0)).wait();
      const instance = await s.registry.instanceOf(3);
      const topic = s.counter1.interface.getEvent("ProcessInitialized").topicHash;
      const initialized = receipt!.logs.filter((l) => l.topics[0] === topic);
      expect(initialized.length).to.equal(1);
      expect(initialized[0].address).to.equal(instance);
      expect(BigInt(initialized[0].topics[1])).to.equal(3n);
    });

    it("keeps the program implementation locked", async function () {
      const s = await loadFixture(processFixture);
      const impl = Counter__factory.connect(s.addresses.implementations.Counter, s.accounts.mallory);
      expect(await impl.pid()).to.equal(0n);
      await expect(impl.initializeProcess(1, "0x"))
        .to.be.revertedWithCustomError(impl, "KernelProcessOnlyRegistry")
        .withArgs(s.accounts.mallory.address);
      const registry = await registrySigner(s.addresses.processRegistry);
      await expect(impl.connect(registry).initializeProcess(1, "0x")).to.be.revertedWithCustomError(
        impl,
        "KernelProcessAlreadyInitialized",
      );
      // The implementation is not a process: its guarded functions refuse to run.
      await expect(impl.increment()).to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess");
    });
  });

  describe("increment", function () {
    it("lets the owner increment and emits Incremented", async function () {
      const s = await loadFixture(processFixture);
      const { alice } = s.accounts;
      await expect(s.counter1.increment()).to.emit(s.counter1, "Incremented").withArgs(1n, alice.address, 1n);
      await expect(s.counter1.increment()).to.emit(s.counter1, "Incremented").withArgs(1n, alice.address, 2n);
      expect(await s.counter1.count()).to.equal(2n);
      expect(await s.counter1.incrementsBy(alice.address)).to.equal(2n);
      expect(await s.counter2.count()).to.equal(0n);
    });

    it("lets a holder of INCREMENT_CAPABILITY increment", async function () {
      const s = await loadFixture(capableFixture);
      const { bob } = s.accounts;
      await expect(s.counter1.connect(bob).increment())
        .to.emit(s.counter1, "Incremented")
        .withArgs(1n, bob.address, 1n);
      expect(await s.counter1.incrementsBy(bob.address)).to.equal(1n);
    });

    it("reverts with KernelProcessMissingCapability for anyone else", async function () {
      const s = await loadFixture(capableFixture);
      const { mallory, bob } = s.accounts;
      await expect(s.counter1.connect(mallory).increment())
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessMissingCapability")
        .withArgs(1n, mallory.address, INCREMENT);
      // Bob's capability is on PID 1, not on its child.
      await expect(s.counter2.connect(bob).increment())
        .to.be.revertedWithCustomError(s.counter2, "KernelProcessMissingCapability")
        .withArgs(2n, bob.address, INCREMENT);
    });

    it("reverts with KernelProcessNotRunning while the process or an ancestor is suspended", async function () {
      const s = await loadFixture(capableFixture);
      const { alice, bob } = s.accounts;
      await (await s.registry.connect(alice).suspend(1)).wait();
      for (const who of [alice, bob]) {
        await expect(s.counter1.connect(who).increment())
          .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotRunning")
          .withArgs(1n, SUSPENDED);
      }
      await expect(s.counter2.increment())
        .to.be.revertedWithCustomError(s.counter2, "KernelProcessNotRunning")
        .withArgs(2n, SUSPENDED);
      await (await s.registry.connect(alice).resume(1)).wait();
      await expect(s.counter1.connect(bob).increment()).to.emit(s.counter1, "Incremented");
      await expect(s.counter2.increment()).to.emit(s.counter2, "Incremented");
    });

    it("reverts with KernelProcessNotRunning once the process or an ancestor is killed", async function () {
      const s = await loadFixture(capableFixture);
      await (await s.registry.connect(s.accounts.alice).kill(1)).wait();
      await expect(s.counter1.increment())
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotRunning")
        .withArgs(1n, TERMINATED);
      await expect(s.counter2.increment())
        .to.be.revertedWithCustomError(s.counter2, "KernelProcessNotRunning")
        .withArgs(2n, TERMINATED);
    });
  });

  describe("reset", function () {
    it("lets the owner set the count and emits Reset", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.counter1.reset(10n)).to.emit(s.counter1, "Reset").withArgs(1n, 10n);
      expect(await s.counter1.count()).to.equal(10n);
    });

    it("reverts with KernelProcessNotOwner for a capability holder or anyone else", async function () {
      const s = await loadFixture(capableFixture);
      for (const who of [s.accounts.bob, s.accounts.mallory]) {
        await expect(s.counter1.connect(who).reset(0n))
          .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotOwner")
          .withArgs(1n, who.address);
      }
    });

    it("reverts with KernelProcessNotRunning while suspended, even for the owner", async function () {
      const s = await loadFixture(processFixture);
      await (await s.registry.connect(s.accounts.alice).suspend(1)).wait();
      await expect(s.counter1.reset(0n))
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotRunning")
        .withArgs(1n, SUSPENDED);
    });

    it("follows ownership transfers", async function () {
      const s = await loadFixture(processFixture);
      const { alice, carol } = s.accounts;
      await (await s.registry.connect(alice).transferProcessOwnership(1, carol.address)).wait();
      await expect(s.counter1.connect(alice).reset(1n))
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotOwner")
        .withArgs(1n, alice.address);
      await expect(s.counter1.connect(carol).reset(3n)).to.emit(s.counter1, "Reset").withArgs(1n, 3n);
      expect(await s.counter1.processOwner()).to.equal(carol.address);
    });
  });

  describe("relayed calls (ERC-2771 through KernelForwarder)", function () {
    it("trusts exactly the kernel's forwarder", async function () {
      const s = await loadFixture(processFixture);
      expect(await s.counter1.trustedForwarder()).to.equal(s.addresses.forwarder);
      expect(await s.counter1.isTrustedForwarder(s.addresses.forwarder)).to.equal(true);
      expect(await s.counter1.isTrustedForwarder(s.accounts.relayer.address)).to.equal(false);
    });

    it("sees the signing user, not the relayer, as the caller", async function () {
      const s = await loadFixture(capableFixture);
      const { bob, relayer } = s.accounts;
      const deadline = BigInt(await time.latest()) + 3600n;
      const request = await signForwardRequest(s.forwarder, bob, {
        to: await s.counter1.getAddress(),
        data: s.counter1.interface.encodeFunctionData("increment"),
        deadline,
      });
      await expect(s.forwarder.connect(relayer).execute(request))
        .to.emit(s.counter1, "Incremented")
        .withArgs(1n, bob.address, 1n)
        .and.to.emit(s.forwarder, "ExecutedForwardRequest")
        .withArgs(bob.address, 0n, true);
      expect(await s.counter1.incrementsBy(bob.address)).to.equal(1n);
      expect(await s.counter1.incrementsBy(relayer.address)).to.equal(0n);
      expect(await s.forwarder.nonces(bob.address)).to.equal(1n);
    });

    it("lets the owner act through a relayer (onlyProcessOwner)", async function () {
      const s = await loadFixture(processFixture);
      const { alice, relayer } = s.accounts;
      const request = await signForwardRequest(s.forwarder, alice, {
        to: await s.counter1.getAddress(),
        data: s.counter1.interface.encodeFunctionData("reset", [77n]),
        deadline: BigInt(await time.latest()) + 3600n,
      });
      await expect(s.forwarder.connect(relayer).execute(request)).to.emit(s.counter1, "Reset").withArgs(1n, 77n);
    });

    it("refuses a relayed call from a user without the capability (the forwarder reverts, no nonce used)", async function () {
      const s = await loadFixture(processFixture);
      const { mallory, relayer } = s.accounts;
      const request = await signForwardRequest(s.forwarder, mallory, {
        to: await s.counter1.getAddress(),
        data: s.counter1.interface.encodeFunctionData("increment"),
        deadline: BigInt(await time.latest()) + 3600n,
      });
      await expect(s.forwarder.connect(relayer).execute(request)).to.be.revertedWithCustomError(
        s.forwarder,
        "FailedCall",
      );
      expect(await s.forwarder.nonces(mallory.address)).to.equal(0n);
      expect(await s.counter1.count()).to.equal(0n);
    });

    it("refuses a request whose sender was swapped, a replay and an expired request", async function () {
      const s = await loadFixture(capableFixture);
      const { alice, bob, relayer } = s.accounts;
      const to = await s.counter1.getAddress();
      const data = s.counter1.interface.encodeFunctionData("increment");
      const deadline = BigInt(await time.latest()) + 3600n;
      const request = await signForwardRequest(s.forwarder, bob, { to, data, deadline });
      const forwarder = s.forwarder.connect(relayer);

      await expect(forwarder.execute({ ...request, from: alice.address }))
        .to.be.revertedWithCustomError(s.forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(anyValue, alice.address);
      await (await forwarder.execute(request)).wait();
      await expect(forwarder.execute(request))
        .to.be.revertedWithCustomError(s.forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(anyValue, bob.address);

      const shortDeadline = BigInt(await time.latest()) + 60n;
      const late = await signForwardRequest(s.forwarder, bob, { to, data, deadline: shortDeadline });
      await time.setNextBlockTimestamp(shortDeadline + 1n);
      await expect(forwarder.execute(late))
        .to.be.revertedWithCustomError(s.forwarder, "ERC2771ForwarderExpiredRequest")
        .withArgs(shortDeadline);
      expect(await s.counter1.count()).to.equal(1n);
    });

    it("ignores a sender appended to calldata by anyone but the forwarder", async function () {
      const s = await loadFixture(processFixture);
      const { alice, mallory } = s.accounts;
      const data = ethers.concat([s.counter1.interface.encodeFunctionData("increment"), alice.address]);
      await expect(mallory.sendTransaction({ to: await s.counter1.getAddress(), data }))
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessMissingCapability")
        .withArgs(1n, mallory.address, INCREMENT);
    });
  });
});
