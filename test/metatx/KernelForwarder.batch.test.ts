import { expect } from "chai";
import hre from "hardhat";
import { ethers } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { RELAY_CAP, eventsOf, meterFixture, signRequest, spawnTestProgram } from "../fixtures/meter";
import type { ForwardRequestData } from "../fixtures/meter";
import { ACCURACY_TOLERANCE } from "../fixtures/metering";
import { CAPABILITY, NO_EXPIRY } from "../../lib/ids";
import { PlainRecipient__factory } from "../../typechain-types";

async function send(tx: Promise<ethers.ContractTransactionResponse>) {
  return (await (await tx).wait())!;
}

/** Alice's Counter (PID 1, Bob and Carol hold INCREMENT) and Alice's MeterTestProgram (relaying opted in). */
async function batchFixture() {
  const f = await meterFixture();
  const { alice, carol } = f.accounts;
  await send(f.acl.connect(alice).grantCapability(f.pid, carol.address, CAPABILITY.INCREMENT, NO_EXPIRY));
  const t = await spawnTestProgram(f, alice);
  await send(f.meter.connect(alice).setRelayGasCap(t.pid, RELAY_CAP));
  const counterAddress = await f.counter.getAddress();
  const programAddress = await t.program.getAddress();
  const incrementMetered = f.counter.interface.encodeFunctionData("incrementMetered");
  return { ...f, t, counterAddress, programAddress, incrementMetered };
}

type F = Awaited<ReturnType<typeof batchFixture>>;

/** Sign requests one after another as each signer (nonces counted per signer). */
async function signAll(f: F, items: { signer: ethers.Signer; to: string; data: string; deadline?: bigint }[]) {
  const next = new Map<string, bigint>();
  const out: ForwardRequestData[] = [];
  for (const item of items) {
    const who = await item.signer.getAddress();
    const nonce = next.get(who) ?? (await f.forwarder.nonces(who));
    out.push(await signRequest(f.forwarder, item.signer, { ...item, nonce }));
    next.set(who, nonce + 1n);
  }
  return out;
}

describe("KernelForwarder", function () {
  describe("executeRelayedBatch", function () {
    it("relays several users' requests to several processes, each charged to its own process for its own gas", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, carol, relayer } = f.accounts;
      const requests = await signAll(f, [
        { signer: bob, to: f.counterAddress, data: f.incrementMetered },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered },
        { signer: bob, to: f.programAddress, data: f.t.program.interface.encodeFunctionData("burn", [2000n]) },
      ]);
      const pids = [f.pid, f.pid, f.t.pid];
      const budgets = [await f.meter.budgetOf(f.pid), await f.meter.budgetOf(f.t.pid)];
      const [relayed, total] = await f.forwarder
        .connect(relayer)
        .executeRelayedBatch.staticCall(requests, pids, ethers.ZeroAddress);
      expect(relayed).to.equal(3n);
      const receipt = await send(f.forwarder.connect(relayer).executeRelayedBatch(requests, pids, ethers.ZeroAddress));
      expect(await f.counter.incrementsBy(bob.address)).to.equal(1n);
      expect(await f.counter.incrementsBy(carol.address)).to.equal(1n);
      expect(await f.forwarder.nonces(bob.address)).to.equal(2n);
      expect(await f.forwarder.nonces(carol.address)).to.equal(1n);
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const charges = events.filter((e) => e.name === "GasCharged");
      expect(charges.map((c) => [c.args.pid, c.args.user])).to.deep.equal([
        [f.pid, bob.address],
        [f.pid, carol.address],
        [f.t.pid, bob.address],
      ]);
      // The heavier request (burn) is charged more than the counter's: each request's own measured gas.
      expect(charges[2].args.gasUsed).to.be.gt(charges[0].args.gasUsed);
      const counterCost = charges[0].args.cost + charges[1].args.cost;
      expect(await f.meter.budgetOf(f.pid)).to.equal(budgets[0] - counterCost);
      expect(await f.meter.budgetOf(f.t.pid)).to.equal(budgets[1] - charges[2].args.cost);
      // The relayer is reimbursed once per process for the whole batch (issue 17: "once per batch per process").
      const reimbursed = events.filter((e) => e.name === "RelayerReimbursed");
      expect(reimbursed.map((r) => [r.args.relayer, r.args.pid, r.args.amount])).to.deep.equal([
        [relayer.address, f.pid, counterCost],
        [relayer.address, f.t.pid, charges[2].args.cost],
      ]);
      const sum = charges.reduce((a, c) => a + c.args.cost, 0n);
      expect(await f.meter.claimable(relayer.address)).to.equal(sum);
      expect(total).to.be.closeTo(sum, sum / 10n); // the simulation's figure (another block, same work)
      expect(events.filter((e) => e.name === "RelayedRequestSkipped")).to.have.length(0);
      expect(await f.meter.fees()).to.equal(0n);
    });

    it("credits the refund receiver, not the caller, when one is named", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, relayer, dave } = f.accounts;
      const requests = await signAll(f, [{ signer: bob, to: f.counterAddress, data: f.incrementMetered }]);
      await send(f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.pid], dave.address));
      expect(await f.meter.claimable(dave.address)).to.be.gt(0n);
      expect(await f.meter.claimable(relayer.address)).to.equal(0n);
    });

    it("skips invalid requests (signature, nonce, deadline, value, target) without undoing the others, charging no one for them", async function () {
      const f = await loadFixture(batchFixture);
      const { alice, bob, carol, relayer, deployer } = f.accounts;
      await time.setNextBlockTimestamp((await time.latest()) + 10);
      const now = BigInt((await time.latest()) + 10);
      const plain = await new PlainRecipient__factory(deployer).deploy(f.addresses.forwarder);
      const [good, expired] = await signAll(f, [
        { signer: bob, to: f.counterAddress, data: f.incrementMetered },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered, deadline: now },
      ]);
      const forged = {
        ...(await signRequest(f.forwarder, carol, { to: f.counterAddress, data: f.incrementMetered })),
        from: alice.address,
      };
      const reused = await signRequest(f.forwarder, bob, { to: f.counterAddress, data: f.incrementMetered, nonce: 0n });
      const withValue = await signRequest(f.forwarder, carol, { to: f.counterAddress, data: "0x", value: 1n });
      const notProcess = await signRequest(f.forwarder, carol, {
        to: await plain.getAddress(),
        data: plain.interface.encodeFunctionData("touch"),
      });
      await time.increaseTo(now + 1n);
      const budget = await f.meter.budgetOf(f.pid);
      const batch = [good, expired, forged, reused, withValue, notProcess];
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(
          batch,
          batch.map(() => f.pid),
          ethers.ZeroAddress,
        ),
      );
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
      const fi = f.forwarder.interface;
      expect(skipped.map((e) => [e.args.index, e.args.from])).to.deep.equal([
        [1n, carol.address],
        [2n, alice.address],
        [3n, bob.address],
        [4n, carol.address],
        [5n, carol.address],
      ]);
      expect(skipped[0].args.reason).to.equal(fi.encodeErrorResult("ERC2771ForwarderExpiredRequest", [now]));
      expect(fi.parseError(skipped[1].args.reason)!.name).to.equal("ERC2771ForwarderInvalidSigner");
      expect(fi.parseError(skipped[2].args.reason)!.name).to.equal("ERC2771ForwarderInvalidSigner");
      expect(skipped[3].args.reason).to.equal(fi.encodeErrorResult("KernelForwarderValueNotSupported", [1n]));
      expect(skipped[4].args.reason).to.equal(
        fi.encodeErrorResult("KernelForwarderNoGasMeter", [await plain.getAddress()]),
      );
      const charges = events.filter((e) => e.name === "GasCharged");
      expect(charges).to.have.length(1);
      expect(charges[0].args.user).to.equal(bob.address);
      expect(await f.meter.budgetOf(f.pid)).to.equal(budget - charges[0].args.cost);
      expect(await f.meter.claimable(relayer.address)).to.equal(charges[0].args.cost);
      expect(await f.counter.count()).to.equal(1n);
      expect(await plain.lastSender()).to.equal(ethers.ZeroAddress); // the skipped call to it was undone with its frame
      expect(await f.forwarder.nonces(carol.address)).to.equal(0n); // nothing of Carol's was consumed
      expect(await f.forwarder.nonces(bob.address)).to.equal(1n);
    });

    it("credits a process listed twice, apart, once for the whole batch", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, carol, relayer } = f.accounts;
      const burn = f.t.program.interface.encodeFunctionData("burn", [10n]);
      const requests = await signAll(f, [
        { signer: bob, to: f.counterAddress, data: f.incrementMetered },
        { signer: carol, to: f.programAddress, data: burn },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered },
      ]);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.pid, f.t.pid, f.pid], ethers.ZeroAddress),
      );
      const events = eventsOf(receipt, f.meter);
      const charges = events.filter((e) => e.name === "GasCharged");
      expect(charges.map((c) => c.args.pid)).to.deep.equal([f.pid, f.t.pid, f.pid]);
      const reimbursed = events.filter((e) => e.name === "RelayerReimbursed");
      expect(reimbursed.map((r) => [r.args.pid, r.args.amount])).to.deep.equal([
        [f.pid, charges[0].args.cost + charges[2].args.cost],
        [f.t.pid, charges[1].args.cost],
      ]);
      expect(await f.meter.claimable(relayer.address)).to.equal(charges.reduce((a, c) => a + c.args.cost, 0n));
    });

    it("skips a request whose target names another gas meter than the batch's (KernelForwarderMeterMismatch)", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, carol, relayer, deployer } = f.accounts;
      const { MeterNamingRecipient__factory } = await import("../../typechain-types");
      const other = await new MeterNamingRecipient__factory(deployer).deploy(f.addresses.forwarder, carol.address);
      const otherAddress = await other.getAddress();
      const requests = await signAll(f, [
        { signer: bob, to: f.counterAddress, data: f.incrementMetered },
        { signer: carol, to: otherAddress, data: other.interface.encodeFunctionData("touch") },
      ]);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.pid, f.pid], ethers.ZeroAddress),
      );
      const skipped = eventsOf(receipt, f.forwarder).filter((e) => e.name === "RelayedRequestSkipped");
      expect(skipped.map((e) => [e.args.index, e.args.reason])).to.deep.equal([
        [
          1n,
          f.forwarder.interface.encodeErrorResult("KernelForwarderMeterMismatch", [
            otherAddress,
            carol.address,
            f.addresses.gasMeter,
          ]),
        ],
      ]);
      expect(await other.lastSender()).to.equal(ethers.ZeroAddress);
      expect(await f.forwarder.nonces(carol.address)).to.equal(0n);
      expect(await f.counter.incrementsBy(bob.address)).to.equal(1n);
    });

    it("skips a reverted call unpaid, nonce unused, when its process does not sponsor reverted calls", async function () {
      const f = await loadFixture(batchFixture);
      const { alice, bob, carol, relayer } = f.accounts;
      await expect(f.meter.connect(alice).setRelayRevertedCallsSponsored(f.t.pid, false))
        .to.emit(f.meter, "RelayRevertedCallsSponsoredSet")
        .withArgs(f.t.pid, false);
      expect(await f.meter.relayRevertedCallsSponsored(f.t.pid)).to.equal(false);
      expect(await f.meter.relayRevertedCallsSponsored(f.pid)).to.equal(true);
      const requests = await signAll(f, [
        { signer: bob, to: f.programAddress, data: f.t.program.interface.encodeFunctionData("fail") },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered },
      ]);
      const budget = await f.meter.budgetOf(f.t.pid);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.t.pid, f.pid], ethers.ZeroAddress),
      );
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
      expect(skipped.map((e) => [e.args.index, e.args.reason])).to.deep.equal([
        [0n, f.meter.interface.encodeErrorResult("GasMeterRevertedCallNotSponsored", [f.t.pid])],
      ]);
      expect(events.filter((e) => e.name === "GasCharged").map((c) => c.args.pid)).to.deep.equal([f.pid]);
      expect(await f.meter.budgetOf(f.t.pid)).to.equal(budget);
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
      expect(await f.counter.incrementsBy(carol.address)).to.equal(1n);
      // Alone, the same request reverts whole with the same error; sponsored again, it is paid.
      await expect(f.forwarder.connect(relayer).executeRelayed(requests[0], f.t.pid))
        .to.be.revertedWithCustomError(f.meter, "GasMeterRevertedCallNotSponsored")
        .withArgs(f.t.pid);
      await send(f.meter.connect(alice).setRelayRevertedCallsSponsored(f.t.pid, true));
      await send(f.forwarder.connect(relayer).executeRelayed(requests[0], f.t.pid));
      expect(await f.forwarder.nonces(bob.address)).to.equal(1n);
      expect(await f.meter.budgetOf(f.t.pid)).to.be.lt(budget);
    });

    it("lets only the process owner choose whether reverted calls are sponsored", async function () {
      const f = await loadFixture(batchFixture);
      const { alice, bob } = f.accounts;
      await expect(f.meter.connect(bob).setRelayRevertedCallsSponsored(f.t.pid, false))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.t.pid, bob.address, alice.address);
    });

    it("charges a request whose call reverts, as executeRelayed does, and relays the rest", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, carol, relayer } = f.accounts;
      const requests = await signAll(f, [
        { signer: bob, to: f.programAddress, data: f.t.program.interface.encodeFunctionData("fail") },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered },
      ]);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.t.pid, f.pid], ethers.ZeroAddress),
      );
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const executed = events.filter((e) => e.name === "ExecutedForwardRequest");
      expect(executed.map((e) => [e.args.signer, e.args.success])).to.deep.equal([
        [bob.address, false],
        [carol.address, true],
      ]);
      expect(events.find((e) => e.name === "RelayedCallReverted")!.args.reason).to.equal(
        f.t.program.interface.encodeErrorResult("MeterTestProgramFailed", [await f.t.program.sink()]),
      );
      expect(events.filter((e) => e.name === "GasCharged").map((c) => c.args.pid)).to.deep.equal([f.t.pid, f.pid]);
      expect(await f.forwarder.nonces(bob.address)).to.equal(1n);
      expect(await f.counter.incrementsBy(carol.address)).to.equal(1n);
    });

    it("skips a request its process's meter refuses (relaying off, budget short) and undoes its call and nonce", async function () {
      const f = await loadFixture(batchFixture);
      const { alice, bob, carol, relayer } = f.accounts;
      await send(f.meter.connect(alice).setRelayGasCap(f.t.pid, 0n));
      const requests = await signAll(f, [
        { signer: bob, to: f.programAddress, data: f.t.program.interface.encodeFunctionData("meteredNoCheck") },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered },
      ]);
      const sink = await f.t.program.sink();
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.t.pid, f.pid], ethers.ZeroAddress),
      );
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
      expect(skipped).to.have.length(1);
      expect(skipped[0].args.index).to.equal(0n);
      expect(skipped[0].args.reason).to.equal(f.meter.interface.encodeErrorResult("GasMeterRelayDisabled", [f.t.pid]));
      expect(await f.t.program.sink()).to.equal(sink); // the call ran, then was undone with its frame
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
      expect(await f.counter.incrementsBy(carol.address)).to.equal(1n);

      // A budget too small for the second request of the same process: the first stands, the second is skipped.
      const small = await spawnTestProgram(f, alice, 0n);
      await send(f.meter.connect(alice).setRelayGasCap(small.pid, RELAY_CAP));
      const [a, b] = await signAll(f, [
        {
          signer: bob,
          to: await small.program.getAddress(),
          data: small.program.interface.encodeFunctionData("meteredNoCheck"),
        },
        {
          signer: carol,
          to: await small.program.getAddress(),
          data: small.program.interface.encodeFunctionData("meteredNoCheck"),
        },
      ]);
      // Enough for the first request (its simulated cost + 20 %), not for both (the second costs about half the first).
      await send(f.nyn.connect(f.accounts.deployer).approve(f.addresses.gasMeter, ethers.MaxUint256));
      await send(f.meter.connect(f.accounts.deployer).deposit(small.pid, ethers.parseEther("1")));
      const [, first] = await f.forwarder
        .connect(relayer)
        .executeRelayedBatch.staticCall([a], [small.pid], ethers.ZeroAddress);
      await send(
        f.meter.connect(alice).withdraw(small.pid, ethers.parseEther("1") - (first * 12n) / 10n, alice.address),
      );
      const r2 = await send(
        f.forwarder.connect(relayer).executeRelayedBatch([a, b], [small.pid, small.pid], ethers.ZeroAddress),
      );
      const e2 = eventsOf(r2, f.meter, f.forwarder);
      expect(e2.filter((e) => e.name === "GasCharged")).to.have.length(1);
      const skip2 = e2.filter((e) => e.name === "RelayedRequestSkipped");
      expect(skip2.map((e) => e.args.index)).to.deep.equal([1n]);
      expect(f.meter.interface.parseError(skip2[0].args.reason)!.name).to.equal("GasMeterBudgetExhausted");
      expect(await small.program.sink()).to.equal(1n);
      expect(await f.forwarder.nonces(carol.address)).to.equal(1n); // only the counter request of the first batch
    });

    it("skips a request to a selector its process does not sponsor (issue 17 part 2), naming the selector", async function () {
      const f = await loadFixture(batchFixture);
      const { alice, bob, carol, relayer } = f.accounts;
      const metered = f.counter.interface.getFunction("incrementMetered").selector;
      await send(f.meter.connect(alice).setRelaySelectors(f.pid, [metered], true));
      await send(f.meter.connect(alice).setRelaySelectorsOnly(f.pid, true));
      const plain = f.counter.interface.encodeFunctionData("increment");
      const requests = await signAll(f, [
        { signer: bob, to: f.counterAddress, data: plain },
        { signer: carol, to: f.counterAddress, data: f.incrementMetered },
      ]);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.pid, f.pid], ethers.ZeroAddress),
      );
      const events = eventsOf(receipt, f.meter, f.forwarder);
      const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
      expect(skipped.map((e) => e.args.index)).to.deep.equal([0n]);
      expect(skipped[0].args.reason).to.equal(
        f.meter.interface.encodeErrorResult("GasMeterSelectorNotSponsored", [
          f.pid,
          f.counter.interface.getFunction("increment").selector,
        ]),
      );
      expect(events.filter((e) => e.name === "GasCharged")).to.have.length(1);
      expect(await f.counter.incrementsBy(bob.address)).to.equal(0n); // the call ran, then was undone
      expect(await f.counter.incrementsBy(carol.address)).to.equal(1n);
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
    });

    it("skips a request billed to another process's PID (no charging another budget)", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, relayer } = f.accounts;
      const [request] = await signAll(f, [
        { signer: bob, to: f.programAddress, data: f.t.program.interface.encodeFunctionData("unmeteredNoCheck") },
      ]);
      const budget = await f.meter.budgetOf(f.pid);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch([request], [f.pid], ethers.ZeroAddress),
      );
      const skipped = eventsOf(receipt, f.forwarder).find((e) => e.name === "RelayedRequestSkipped")!;
      expect(skipped.args.reason).to.equal(
        f.meter.interface.encodeErrorResult("GasMeterNotProcessInstance", [f.pid, f.programAddress, f.counterAddress]),
      );
      expect(await f.meter.budgetOf(f.pid)).to.equal(budget);
    });

    it("applies each process's relay gas cap to each request", async function () {
      const f = await loadFixture(batchFixture);
      const { alice, bob, relayer } = f.accounts;
      const cap = 30_000n;
      await send(f.meter.connect(alice).setRelayGasCap(f.t.pid, cap));
      const requests = await signAll(f, [
        { signer: bob, to: f.programAddress, data: f.t.program.interface.encodeFunctionData("burn", [200n]) },
        { signer: bob, to: f.counterAddress, data: f.incrementMetered },
      ]);
      const receipt = await send(
        f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.t.pid, f.pid], ethers.ZeroAddress),
      );
      const charges = eventsOf(receipt, f.meter).filter((e) => e.name === "GasCharged");
      expect(charges[0].args.gasUsed).to.equal(cap);
      expect(charges[1].args.gasUsed).to.be.gt(cap);
    });

    it("reverts with KernelForwarderBatchLengthMismatch unless there is one PID per request", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, relayer } = f.accounts;
      const requests = await signAll(f, [{ signer: bob, to: f.counterAddress, data: f.incrementMetered }]);
      await expect(f.forwarder.connect(relayer).executeRelayedBatch(requests, [f.pid, f.pid], ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.forwarder, "KernelForwarderBatchLengthMismatch")
        .withArgs(1n, 2n);
    });

    it("does nothing for an empty batch", async function () {
      const f = await loadFixture(batchFixture);
      const { relayer } = f.accounts;
      const receipt = await send(f.forwarder.connect(relayer).executeRelayedBatch([], [], ethers.ZeroAddress));
      expect(receipt.logs).to.have.length(0);
    });

    it("charges the batch within 5 % of the relayer's receipt (Σ of the requests' charges)", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, carol, relayer } = f.accounts;
      const results: [number, bigint, bigint][] = [];
      for (const n of [1, 2, 10, 1]) {
        const items = Array.from({ length: n }, (_, i) => ({
          signer: i % 2 ? carol : bob,
          to: f.counterAddress,
          data: f.incrementMetered,
        }));
        const requests = await signAll(f, items);
        const receipt = await send(
          f.forwarder.connect(relayer).executeRelayedBatch(
            requests,
            requests.map(() => f.pid),
            ethers.ZeroAddress,
          ),
        );
        const charged = eventsOf(receipt, f.meter)
          .filter((e) => e.name === "GasCharged")
          .reduce((a, e) => a + (e.args.gasUsed as bigint), 0n);
        results.push([n, charged, receipt.gasUsed]);
      }
      for (const [n, charged, gasUsed] of results) {
        const diff = charged > gasUsed ? charged - gasUsed : gasUsed - charged;
        expect(Number(diff) / Number(gasUsed), `n=${n}: charged ${charged}, receipt ${gasUsed}`).to.be.lte(
          ACCURACY_TOLERANCE,
        );
      }
    });
  });

  describe("chargeBatchedRelay and creditBatchRelayer", function () {
    it("revert with GasMeterOnlyForwarder for any caller but the kernel's forwarder", async function () {
      const f = await loadFixture(batchFixture);
      const { bob } = f.accounts;
      await expect(
        f.meter
          .connect(bob)
          .chargeBatchedRelay(f.pid, bob.address, f.counterAddress, bob.address, 1n, "0x00000000", true),
      )
        .to.be.revertedWithCustomError(f.meter, "GasMeterOnlyForwarder")
        .withArgs(bob.address);
      await expect(f.meter.connect(bob).creditBatchRelayer(bob.address, [f.pid]))
        .to.be.revertedWithCustomError(f.meter, "GasMeterOnlyForwarder")
        .withArgs(bob.address);
    });
  });

  describe("relayBatchItem", function () {
    it("reverts with KernelForwarderOnlySelf for any caller but the forwarder itself", async function () {
      const f = await loadFixture(batchFixture);
      const { bob, relayer } = f.accounts;
      const [request] = await signAll(f, [{ signer: bob, to: f.counterAddress, data: f.incrementMetered }]);
      await expect(f.forwarder.connect(relayer).relayBatchItem(request, f.pid, relayer.address, 0n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.forwarder, "KernelForwarderOnlySelf")
        .withArgs(relayer.address);
      expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
      expect(hre.network.name).to.equal("hardhat");
    });
  });
});
