import { expect } from "chai";
import hre from "hardhat";
import { ethers } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { RELAY_CAP, eventsOf, meterFixture, signRequest, spawnTestProgram } from "../fixtures/meter";
import { CAPABILITY, NO_EXPIRY } from "../../lib/ids";
import { GAS_METER_DEFAULTS } from "../../deploy/modules/gasMeter";
import { PlainRecipient__factory } from "../../typechain-types";

const PRICE = GAS_METER_DEFAULTS.price;

async function send(tx: Promise<ethers.ContractTransactionResponse>) {
  return (await (await tx).wait())!;
}

describe("KernelForwarder", function () {
  describe("executeRelayed", function () {
    it("lets a user with no ETH and no NYN use a process: the process's budget pays the relayer", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, relayer } = f.accounts;
      const user = ethers.Wallet.createRandom().connect(hre.ethers.provider);
      expect(await hre.ethers.provider.getBalance(user.address)).to.equal(0n);
      expect(await f.nyn.balanceOf(user.address)).to.equal(0n);
      await send(f.acl.connect(alice).grantCapability(f.pid, user.address, CAPABILITY.INCREMENT, NO_EXPIRY));
      const data = f.counter.interface.encodeFunctionData("incrementMetered");
      const request = await signRequest(f.forwarder, user, { to: await f.counter.getAddress(), data });
      const budget = await f.meter.budgetOf(f.pid);
      const receipt = await send(f.forwarder.connect(relayer).executeRelayed(request, f.pid));
      expect(await f.counter.incrementsBy(user.address)).to.equal(1n);
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const charges = events.filter((e) => e.name === "GasCharged");
      expect(charges).to.have.length(1); // charged once: the metered function skipped its own charge
      expect(charges[0].args.user).to.equal(user.address);
      expect(events.filter((e) => e.name === "RelayedCallReverted")).to.have.length(0);
      const reimbursed = events.find((e) => e.name === "RelayerReimbursed")!;
      expect(reimbursed.args.relayer).to.equal(relayer.address);
      expect(reimbursed.args.amount).to.equal(charges[0].args.cost);
      expect(await f.meter.claimable(relayer.address)).to.equal(charges[0].args.cost);
      expect(await f.meter.budgetOf(f.pid)).to.equal(budget - charges[0].args.cost);
      expect(await f.meter.fees()).to.equal(0n);
      expect(await hre.ethers.provider.getBalance(user.address)).to.equal(0n);
      expect(await f.forwarder.nonces(user.address)).to.equal(1n);
    });

    it("reimburses the relayer for a request that reverts, uses the nonce and charges the budget once", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      const t = await spawnTestProgram(f, alice);
      await send(f.meter.connect(alice).setRelayGasCap(t.pid, RELAY_CAP));
      const request = await signRequest(f.forwarder, bob, {
        to: await t.program.getAddress(),
        data: t.program.interface.encodeFunctionData("fail"),
      });
      const budget = await f.meter.budgetOf(t.pid);
      const receipt = await send(f.forwarder.connect(relayer).executeRelayed(request, t.pid));
      const events = eventsOf(receipt, f.meter, f.forwarder);
      expect(events.find((e) => e.name === "ExecutedForwardRequest")!.args.success).to.equal(false);
      // Why it failed, decodable by the relayer: the program's own custom error with its argument.
      const reverted = events.find((e) => e.name === "RelayedCallReverted")!;
      expect(reverted.args.signer).to.equal(bob.address);
      expect(reverted.args.nonce).to.equal(0n);
      expect(reverted.args.reason).to.equal(
        t.program.interface.encodeErrorResult("MeterTestProgramFailed", [await t.program.sink()]),
      );
      const charges = events.filter((e) => e.name === "GasCharged");
      expect(charges).to.have.length(1);
      expect(await f.meter.budgetOf(t.pid)).to.equal(budget - charges[0].args.cost);
      expect(await f.meter.claimable(relayer.address)).to.equal(charges[0].args.cost);
      expect(await f.forwarder.nonces(bob.address)).to.equal(1n);
    });

    it("caps the reimbursement at the owner's relay gas cap", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      const cap = 60_000n;
      await expect(f.meter.connect(alice).setRelayGasCap(f.pid, cap))
        .to.emit(f.meter, "RelayGasCapSet")
        .withArgs(f.pid, cap);
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
      });
      const receipt = await send(f.forwarder.connect(relayer).executeRelayed(request, f.pid));
      expect(receipt.gasUsed).to.be.gt(cap);
      expect(await f.meter.claimable(relayer.address)).to.equal(cap * PRICE);
    });

    it("reverts with GasMeterRelayDisabled when the owner has not opted in (cap 0)", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      await send(f.meter.connect(alice).setRelayGasCap(f.pid, 0n));
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("increment"),
      });
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.meter, "GasMeterRelayDisabled")
        .withArgs(f.pid);
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
    });

    it("reverts with GasMeterNotProcessInstance when the PID is not the target's (no charging another budget)", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      const t = await spawnTestProgram(f, alice);
      await send(f.meter.connect(alice).setRelayGasCap(t.pid, RELAY_CAP));
      // A request to the test program, billed to PID 1 (Alice's Counter).
      const request = await signRequest(f.forwarder, bob, {
        to: await t.program.getAddress(),
        data: t.program.interface.encodeFunctionData("unmeteredNoCheck"),
      });
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessInstance")
        .withArgs(f.pid, await t.program.getAddress(), await f.counter.getAddress());
    });

    it("reverts with KernelForwarderNoGasMeter for a target that is not a kernel process", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer, deployer } = f.accounts;
      const plain = await new PlainRecipient__factory(deployer).deploy(f.addresses.forwarder);
      const request = await signRequest(f.forwarder, bob, {
        to: await plain.getAddress(),
        data: plain.interface.encodeFunctionData("touch"),
      });
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.forwarder, "KernelForwarderNoGasMeter")
        .withArgs(await plain.getAddress());
    });

    it("reverts with KernelForwarderValueNotSupported for a request carrying ETH", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const request = await signRequest(f.forwarder, bob, { to: await f.counter.getAddress(), data: "0x", value: 1n });
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.forwarder, "KernelForwarderValueNotSupported")
        .withArgs(1n);
    });

    it("refuses a replayed request (the nonce moved on)", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
      });
      await send(f.forwarder.connect(relayer).executeRelayed(request, f.pid));
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(anyValue, bob.address);
      await expect(f.forwarder.connect(relayer).execute(request)).to.be.revertedWithCustomError(
        f.forwarder,
        "ERC2771ForwarderInvalidSigner",
      );
      expect(await f.counter.count()).to.equal(1n);
    });

    it("refuses an expired request", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const deadline = BigInt((await time.latest()) + 60);
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
        deadline,
      });
      await time.increaseTo(deadline + 1n);
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.forwarder, "ERC2771ForwarderExpiredRequest")
        .withArgs(deadline);
    });

    it("refuses a request signed for another chain or another forwarder", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const base = {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
      };
      const otherChain = await signRequest(f.forwarder, bob, base, { chainId: 1n });
      await expect(f.forwarder.connect(relayer).executeRelayed(otherChain, f.pid))
        .to.be.revertedWithCustomError(f.forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs((signer: string) => signer !== bob.address, bob.address);
      const otherForwarder = await signRequest(f.forwarder, bob, base, { verifyingContract: f.addresses.gasMeter });
      await expect(f.forwarder.connect(relayer).executeRelayed(otherForwarder, f.pid)).to.be.revertedWithCustomError(
        f.forwarder,
        "ERC2771ForwarderInvalidSigner",
      );
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
    });

    it("refuses a request whose sender field is not its signer", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("reset", [0]),
      });
      await expect(f.forwarder.connect(relayer).executeRelayed({ ...request, from: alice.address }, f.pid))
        .to.be.revertedWithCustomError(f.forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(anyValue, alice.address);
    });
  });

  describe("meteredRelayTarget", function () {
    it("is zero outside a reimbursed relayed request", async function () {
      const f = await loadFixture(meterFixture);
      expect(await f.forwarder.meteredRelayTarget()).to.equal(ethers.ZeroAddress);
      const request = await signRequest(f.forwarder, f.accounts.bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
      });
      await send(f.forwarder.connect(f.accounts.relayer).executeRelayed(request, f.pid));
      expect(await f.forwarder.meteredRelayTarget()).to.equal(ethers.ZeroAddress);
    });
  });

  describe("claim", function () {
    it("sends the relayer's reimbursements to the address it names, once", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer, dave } = f.accounts;
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
      });
      await send(f.forwarder.connect(relayer).executeRelayed(request, f.pid));
      const owed = await f.meter.claimable(relayer.address);
      expect(owed).to.be.gt(0n);
      const before = await f.nyn.balanceOf(dave.address);
      await expect(f.meter.connect(relayer).claim(dave.address))
        .to.emit(f.meter, "RelayerClaimed")
        .withArgs(relayer.address, dave.address, owed);
      expect(await f.nyn.balanceOf(dave.address)).to.equal(before + owed);
      expect(await f.meter.claimable(relayer.address)).to.equal(0n);
      await expect(f.meter.connect(relayer).claim(dave.address))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNothingToClaim")
        .withArgs(relayer.address);
      await expect(f.meter.connect(relayer).claim(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterZeroAddress",
      );
    });
  });

  describe("chargeRelay", function () {
    it("reverts with GasMeterOnlyForwarder for any caller but the kernel's forwarder", async function () {
      const f = await loadFixture(meterFixture);
      const { bob } = f.accounts;
      await expect(
        f.meter
          .connect(bob)
          .chargeRelay(f.pid, bob.address, await f.counter.getAddress(), bob.address, 100_000n, 0n, "0x00000000", true),
      )
        .to.be.revertedWithCustomError(f.meter, "GasMeterOnlyForwarder")
        .withArgs(bob.address);
    });
  });

  describe("execute (OpenZeppelin)", function () {
    it("still relays without reimbursement; a metered function then charges the process for the signer", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const request = await signRequest(f.forwarder, bob, {
        to: await f.counter.getAddress(),
        data: f.counter.interface.encodeFunctionData("incrementMetered"),
      });
      const receipt = await send(f.forwarder.connect(relayer).execute(request));
      const charges = eventsOf(receipt, f.meter).filter((e) => e.name === "GasCharged");
      expect(charges).to.have.length(1);
      expect(charges[0].args.user).to.equal(bob.address);
      expect(await f.meter.fees()).to.equal(charges[0].args.cost);
      expect(await f.meter.claimable(relayer.address)).to.equal(0n);
    });
  });
});
