import { expect } from "chai";
import { ethers } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { RELAY_CAP, accounted, eventsOf, meterFixture, signRequest, spawnTestProgram } from "../fixtures/meter";
import type { ForwardRequestData } from "../fixtures/meter";

/**
 * Batched relays (issue 17 part 1, `KernelForwarder.executeRelayedBatch`) and the freezing threshold (part 2): the
 * attack cases B10–B13 of SECURITY.md.
 */

async function send(tx: Promise<{ wait(): Promise<ethers.TransactionReceipt | null> }>) {
  return (await (await tx).wait())!;
}

/** Alice's Counter (PID 1, Bob holds INCREMENT) and two of Alice's MeterTestPrograms, relaying opted in. */
async function relayFixture() {
  const f = await meterFixture();
  const { alice } = f.accounts;
  const t = await spawnTestProgram(f, alice);
  const u = await spawnTestProgram(f, alice);
  for (const p of [t, u]) await send(f.meter.connect(alice).setRelayGasCap(p.pid, RELAY_CAP));
  return { ...f, t, u };
}

describe("Security: batched relays", function () {
  it("B10 relay-batch-mix: a malicious request in a batch pays (or is refused) alone; the others and other budgets stand", async function () {
    const f = await loadFixture(relayFixture);
    const { bob, carol, dave, arbiter, mallory, relayer } = f.accounts;
    const counter = await f.counter.getAddress();
    const tAddress = await f.t.program.getAddress();
    const uAddress = await f.u.program.getAddress();
    const sign = (signer: ethers.Signer, to: string, data: string, nonce: bigint, gas?: bigint) =>
      signRequest(f.forwarder, signer, { to, data, nonce, gas });
    const honest1 = await sign(bob, counter, f.counter.interface.encodeFunctionData("incrementMetered"), 0n);
    // Mallory's request to U, billed to T's PID: T's budget must not pay for it.
    const misbilled = await sign(mallory, uAddress, f.u.program.interface.encodeFunctionData("unmeteredNoCheck"), 0n);
    // Dave's revert-data bomb (100 kB) to T: charged to T within its cap, only 260 bytes of reason kept.
    const bomb = await sign(dave, tAddress, f.t.program.interface.encodeFunctionData("revertBomb", [100_000n]), 0n);
    // A gas guzzler on U: charged to U, at most its relay cap.
    const guzzler = await sign(
      arbiter,
      uAddress,
      f.u.program.interface.encodeFunctionData("burn", [8_000n]),
      0n,
      1_000_000n,
    );
    const honest2 = await sign(carol, tAddress, f.t.program.interface.encodeFunctionData("meteredNoCheck"), 0n);
    const batch = [honest1, misbilled, bomb, guzzler, honest2];
    const pids = [f.pid, f.t.pid, f.t.pid, f.u.pid, f.t.pid];
    const pidsAll = [f.pid, f.t.pid, f.u.pid];
    const held = await accounted(f, pidsAll, [relayer.address]);
    const budgets = await Promise.all(pidsAll.map((p) => f.meter.budgetOf(p)));
    const receipt = await send(
      f.forwarder.connect(relayer).executeRelayedBatch(batch, pids, ethers.ZeroAddress, { gasLimit: 8_000_000 }),
    );
    const events = eventsOf(receipt, f.meter, f.forwarder);
    const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
    expect(skipped.map((e) => e.args.index)).to.deep.equal([1n]);
    expect(skipped[0].args.reason).to.equal(
      f.meter.interface.encodeErrorResult("GasMeterNotProcessInstance", [f.t.pid, uAddress, tAddress]),
    );
    const charges = events.filter((e) => e.name === "GasCharged");
    expect(charges.map((c) => [c.args.pid, c.args.user])).to.deep.equal([
      [f.pid, bob.address],
      [f.t.pid, dave.address],
      [f.u.pid, arbiter.address],
      [f.t.pid, carol.address],
    ]);
    for (const c of charges) expect(c.args.gasUsed).to.be.lte(RELAY_CAP);
    expect(charges[2].args.gasUsed).to.equal(RELAY_CAP); // the guzzler hit U's cap
    const reverted = events.find((e) => e.name === "RelayedCallReverted")!;
    expect(ethers.dataLength(reverted.args.reason)).to.equal(Number(await f.forwarder.MAX_REVERT_DATA()));
    // Each budget paid exactly its own requests' charges; nothing was created or lost.
    const paid = (pid: bigint) => charges.filter((c) => c.args.pid === pid).reduce((a, c) => a + c.args.cost, 0n);
    for (const [i, pid] of pidsAll.entries()) expect(await f.meter.budgetOf(pid)).to.equal(budgets[i] - paid(pid));
    expect(await accounted(f, pidsAll, [relayer.address])).to.equal(held);
    expect(await f.counter.incrementsBy(bob.address)).to.equal(1n);
    expect(await f.forwarder.nonces(carol.address)).to.equal(1n);
    expect(await f.forwarder.nonces(mallory.address)).to.equal(0n); // the skipped request's nonce was undone
    expect(await f.forwarder.nonces(dave.address)).to.equal(1n); // the reverted call's was used, as in executeRelayed
  });

  it("B11 relay-batch-replay: a relayer replaying a batch gets every request skipped; nobody pays twice", async function () {
    const f = await loadFixture(relayFixture);
    const { bob, carol, relayer } = f.accounts;
    const counter = await f.counter.getAddress();
    const data = f.counter.interface.encodeFunctionData("incrementMetered");
    const batch: ForwardRequestData[] = [
      await signRequest(f.forwarder, bob, { to: counter, data, nonce: 0n }),
      await signRequest(f.forwarder, bob, { to: counter, data, nonce: 1n }),
      await signRequest(f.forwarder, carol, {
        to: await f.t.program.getAddress(),
        data: f.t.program.interface.encodeFunctionData("meteredNoCheck"),
        nonce: 0n,
      }),
    ];
    const pids = [f.pid, f.pid, f.t.pid];
    await send(f.forwarder.connect(relayer).executeRelayedBatch(batch, pids, ethers.ZeroAddress));
    const claimable = await f.meter.claimable(relayer.address);
    const budgets = [await f.meter.budgetOf(f.pid), await f.meter.budgetOf(f.t.pid)];
    const count = await f.counter.count();
    const replay = await send(f.forwarder.connect(relayer).executeRelayedBatch(batch, pids, ethers.ZeroAddress));
    const events = eventsOf(replay, f.meter, f.forwarder);
    const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
    expect(skipped.map((e) => e.args.index)).to.deep.equal([0n, 1n, 2n]);
    for (const e of skipped) {
      expect(f.forwarder.interface.parseError(e.args.reason)!.name).to.equal("ERC2771ForwarderInvalidSigner");
    }
    expect(events.filter((e) => e.name === "GasCharged")).to.have.length(0);
    expect(await f.meter.claimable(relayer.address)).to.equal(claimable);
    expect([await f.meter.budgetOf(f.pid), await f.meter.budgetOf(f.t.pid)]).to.deep.equal(budgets);
    expect(await f.counter.count()).to.equal(count);
    // One request of the batch replayed alone is refused too.
    await expect(f.forwarder.connect(relayer).executeRelayed(batch[0], f.pid)).to.be.revertedWithCustomError(
      f.forwarder,
      "ERC2771ForwarderInvalidSigner",
    );
  });

  it("B12 relay-batch-griefing (63/64): a request starved of its gas is skipped unpaid with its nonce unused; earlier ones stand", async function () {
    const f = await loadFixture(relayFixture);
    const { alice, bob, carol, relayer } = f.accounts;
    await send(f.meter.connect(alice).setRelayGasCap(f.t.pid, 2_000_000n));
    const first = await signRequest(f.forwarder, bob, {
      to: await f.counter.getAddress(),
      data: f.counter.interface.encodeFunctionData("incrementMetered"),
    });
    const heavy = await signRequest(f.forwarder, carol, {
      to: await f.t.program.getAddress(),
      data: f.t.program.interface.encodeFunctionData("burn", [6_000n]), // needs ~600,000 gas
      gas: 1_000_000n,
    });
    const budget = await f.meter.budgetOf(f.t.pid);
    const receipt = await send(
      f.forwarder
        .connect(relayer)
        .executeRelayedBatch([first, heavy], [f.pid, f.t.pid], ethers.ZeroAddress, { gasLimit: 700_000 }),
    );
    const events = eventsOf(receipt, f.meter, f.forwarder);
    const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
    expect(skipped.map((e) => [e.args.index, e.args.reason])).to.deep.equal([[1n, "0x"]]);
    expect(events.filter((e) => e.name === "GasCharged").map((e) => e.args.pid)).to.deep.equal([f.pid]);
    expect(await f.forwarder.nonces(carol.address)).to.equal(0n);
    expect(await f.meter.budgetOf(f.t.pid)).to.equal(budget);
    expect(await f.t.program.sink()).to.equal(0n);
    expect(await f.counter.incrementsBy(bob.address)).to.equal(1n);
  });

  it("B13 frozen-burst: a relayed burst against a budget at its freezing threshold is refused past the first request", async function () {
    const f = await loadFixture(relayFixture);
    const { alice, bob, relayer } = f.accounts;
    const counter = await f.counter.getAddress();
    const data = f.counter.interface.encodeFunctionData("incrementMetered");
    const budget = await f.meter.budgetOf(f.pid);
    // One wei under the budget: the first request runs (and takes the budget below the threshold), no other does.
    const threshold = budget - 1n;
    await send(f.meter.connect(alice).setFreezeThreshold(f.pid, threshold));
    const burst: ForwardRequestData[] = [];
    for (let i = 0n; i < 10n; i++) burst.push(await signRequest(f.forwarder, bob, { to: counter, data, nonce: i }));
    const receipt = await send(
      f.forwarder.connect(relayer).executeRelayedBatch(burst, Array(10).fill(f.pid), ethers.ZeroAddress),
    );
    const events = eventsOf(receipt, f.meter, f.forwarder);
    const charges = events.filter((e) => e.name === "GasCharged");
    expect(charges).to.have.length(1);
    const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
    expect(skipped.map((e) => e.args.index)).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    const after = budget - charges[0].args.cost;
    for (const e of skipped) {
      // Once the first request's nonce is used, the second is refused by the meter; the rest skip on their nonces.
      const name =
        f.meter.interface.parseError(e.args.reason)?.name ?? f.forwarder.interface.parseError(e.args.reason)?.name;
      expect(["GasMeterFrozen", "ERC2771ForwarderInvalidSigner"]).to.include(name);
    }
    expect(skipped[0].args.reason).to.equal(
      f.meter.interface.encodeErrorResult("GasMeterFrozen", [f.pid, after, threshold]),
    );
    expect(await f.meter.budgetOf(f.pid)).to.equal(after);
    // The freeze lets the budget go below the threshold by at most one request (within the relay cap).
    expect(threshold - after).to.be.lte(RELAY_CAP * (await f.meter.price()));
    expect(await f.meter.claimable(relayer.address)).to.equal(charges[0].args.cost);
    expect(await f.counter.count()).to.equal(1n);
    // Single relays are refused too; a deposit above the threshold lets the next one through.
    await expect(f.forwarder.connect(relayer).executeRelayed(burst[1], f.pid)).to.be.revertedWithCustomError(
      f.meter,
      "GasMeterFrozen",
    );
    await send(f.meter.connect(alice).deposit(f.pid, ethers.parseEther("1")));
    await send(f.forwarder.connect(relayer).executeRelayed(burst[1], f.pid));
    expect(await f.counter.count()).to.equal(2n);
  });
});
