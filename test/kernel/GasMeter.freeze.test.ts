import { expect } from "chai";
import { ethers } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { BUDGET, RELAY_CAP, eventsOf, meterFixture, signRequest } from "../fixtures/meter";

async function send(tx: Promise<ethers.ContractTransactionResponse>) {
  return (await (await tx).wait())!;
}

/** Issue 17 part 2: the freezing threshold (ICP's canister freezing threshold). */
describe("GasMeter", function () {
  describe("setFreezeThreshold", function () {
    it("lets only the owner set it, within bounds, with an event and a view", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      const threshold = ethers.parseEther("1");
      await expect(f.meter.connect(alice).setFreezeThreshold(f.pid, threshold))
        .to.emit(f.meter, "FreezeThresholdSet")
        .withArgs(f.pid, threshold);
      expect(await f.meter.freezeThresholdOf(f.pid)).to.equal(threshold);
      await expect(f.meter.connect(bob).setFreezeThreshold(f.pid, 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.pid, bob.address, alice.address);
      const max = await f.meter.MAX_FREEZE_THRESHOLD();
      expect(max).to.equal(2n ** 88n - 1n);
      await expect(f.meter.connect(alice).setFreezeThreshold(f.pid, max + 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterValueTooLarge")
        .withArgs(max + 1n, max);
      expect(await f.meter.freezeThresholdOf(f.pid)).to.equal(threshold);
    });
  });

  describe("freezing", function () {
    it("refuses metered calls at or below the threshold with GasMeterFrozen, charging nothing", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, BUDGET));
      await expect(f.counter.connect(bob).incrementMetered())
        .to.be.revertedWithCustomError(f.meter, "GasMeterFrozen")
        .withArgs(f.pid, BUDGET, BUDGET);
      expect(await f.counter.count()).to.equal(0n);
      expect(await f.meter.budgetOf(f.pid)).to.equal(BUDGET);
      // Just above the threshold, the call runs (and takes the budget below it: the next one is refused).
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, BUDGET - 1n));
      await send(f.counter.connect(bob).incrementMetered());
      expect(await f.counter.count()).to.equal(1n);
      const budget = await f.meter.budgetOf(f.pid);
      await expect(f.counter.connect(bob).incrementMetered())
        .to.be.revertedWithCustomError(f.meter, "GasMeterFrozen")
        .withArgs(f.pid, budget, BUDGET - 1n);
    });

    it("still takes deposits and withdrawals and runs unmetered calls; a deposit above the threshold unfreezes", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, BUDGET));
      await send(f.meter.connect(alice).withdraw(f.pid, 1n, alice.address));
      await send(f.counter.connect(bob).increment()); // not metered
      expect(await f.counter.count()).to.equal(1n);
      const [health, budget, spendable] = await f.meter.budgetHealth(f.pid);
      expect([health, budget, spendable]).to.deep.equal([2n, BUDGET - 1n, 0n]);
      await send(f.meter.connect(alice).deposit(f.pid, ethers.parseEther("1")));
      expect(await f.meter.budgetHealth(f.pid)).to.deep.equal([
        0n,
        BUDGET + ethers.parseEther("1") - 1n,
        ethers.parseEther("1") - 1n,
      ]);
      await send(f.counter.connect(bob).incrementMetered());
      expect(await f.counter.count()).to.equal(2n);
      // Off again: nothing frozen at any budget.
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, 0n));
      expect((await f.meter.budgetHealth(f.pid))[0]).to.equal(0n);
    });

    it("reports low (below the low-budget threshold) apart from frozen", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      await send(f.meter.connect(alice).setLowBudgetThreshold(f.pid, BUDGET + 1n));
      expect((await f.meter.budgetHealth(f.pid))[0]).to.equal(1n);
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, BUDGET));
      expect((await f.meter.budgetHealth(f.pid))[0]).to.equal(2n);
      // Clearing the low threshold keeps the freeze (the charge path still reads the settings).
      await send(f.meter.connect(alice).setLowBudgetThreshold(f.pid, 0n));
      await expect(f.counter.connect(alice).incrementMetered()).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterFrozen",
      );
    });

    it("refuses a relayed request before reimbursing anything, and skips it in a batch", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      expect(RELAY_CAP).to.be.gt(0n);
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, BUDGET));
      const data = f.counter.interface.encodeFunctionData("incrementMetered");
      const request = await signRequest(f.forwarder, bob, { to: await f.counter.getAddress(), data });
      await expect(f.forwarder.connect(relayer).executeRelayed(request, f.pid))
        .to.be.revertedWithCustomError(f.meter, "GasMeterFrozen")
        .withArgs(f.pid, BUDGET, BUDGET);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch([request], [f.pid], ethers.ZeroAddress),
      );
      const skipped = eventsOf(receipt, f.forwarder).find((e) => e.name === "RelayedRequestSkipped")!;
      expect(skipped.args.reason).to.equal(
        f.meter.interface.encodeErrorResult("GasMeterFrozen", [f.pid, BUDGET, BUDGET]),
      );
      expect(await f.meter.claimable(relayer.address)).to.equal(0n);
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
      expect(await f.counter.count()).to.equal(0n);
    });
  });
});
