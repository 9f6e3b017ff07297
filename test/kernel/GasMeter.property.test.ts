import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { ethers } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { RELAY_CAP, accounted, meterFixture, signRequest, spawnCounter } from "../fixtures/meter";
import { CAPABILITY, NO_EXPIRY } from "../../deploy/ids";
import { revertName } from "../../lib/errors";

/** Two funded Counter processes (Alice's and Carol's) that Alice, Bob and Carol may all increment. */
async function propertyFixture() {
  const f = await meterFixture();
  const { alice, bob, carol } = f.accounts;
  const p2 = await spawnCounter(f.registry, f.programs.Counter, carol);
  await (await f.nyn.connect(carol).approve(f.addresses.gasMeter, ethers.MaxUint256)).wait();
  await (await f.meter.connect(carol).deposit(p2.pid, ethers.parseEther("1"))).wait();
  await (await f.meter.connect(carol).setRelayGasCap(p2.pid, RELAY_CAP)).wait();
  for (const who of [alice, carol])
    await (await f.acl.connect(carol).grantCapability(p2.pid, who.address, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  await (await f.acl.connect(alice).grantCapability(f.pid, carol.address, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  await (await f.nyn.connect(alice).transfer(bob.address, ethers.parseEther("10"))).wait();
  return {
    ...f,
    processes: [
      { pid: f.pid, counter: f.counter, owner: alice },
      { pid: p2.pid, counter: p2.counter, owner: carol },
    ],
  };
}

type Step =
  | { kind: "deposit"; p: number; from: number; amount: bigint }
  | { kind: "withdraw"; p: number; permille: number }
  | { kind: "metered"; p: number; user: number }
  | { kind: "relay"; p: number; user: number; relayer: number; fn: "incrementMetered" | "increment" | "reset" }
  | { kind: "claim"; relayer: number }
  | { kind: "collect"; permille: number }
  | { kind: "price"; price: bigint }
  | { kind: "quota"; p: number; processQuota: bigint; userQuota: bigint }
  | { kind: "time"; seconds: number }
  | { kind: "kill"; p: number }
  | { kind: "stray"; amount: bigint };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("deposit" as const),
      p: fc.nat(1),
      from: fc.nat(2),
      amount: fc.bigInt(1n, 10n ** 18n),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("withdraw" as const),
      p: fc.nat(1),
      permille: fc.integer({ min: 1, max: 1000 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("metered" as const), p: fc.nat(1), user: fc.nat(2) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("relay" as const),
      p: fc.nat(1),
      user: fc.nat(2),
      relayer: fc.nat(1),
      fn: fc.constantFrom("incrementMetered" as const, "increment" as const, "reset" as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("claim" as const), relayer: fc.nat(1) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("collect" as const), permille: fc.integer({ min: 1, max: 1000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("price" as const), price: fc.bigInt(1n, 10n ** 13n) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("quota" as const),
      p: fc.nat(1),
      processQuota: fc.constantFrom(0n, 150_000n, 400_000n, 2_000_000n),
      userQuota: fc.constantFrom(0n, 120_000n, 300_000n),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("time" as const), seconds: fc.integer({ min: 1, max: 3 * 86_400 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("kill" as const), p: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("stray" as const), amount: fc.bigInt(1n, 10n ** 15n) }) },
);

/** Reverts the random sequence may legitimately run into; anything else (a panic, an unknown error) fails. */
const EXPECTED = /^(GasMeter|KernelProcess|ProcessRegistry|ERC2771|ERC20|ACL)/;

describe("GasMeter (property)", function () {
  describe("accounting conservation", function () {
    it("keeps NYN held = Σ budgets + Σ claimable + fees (+ stray transfers) after every step of random sequences", async function () {
      this.timeout(300_000);
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 18 }), async (steps) => {
          const f = await loadFixture(propertyFixture);
          const signers = [f.accounts.alice, f.accounts.bob, f.accounts.carol];
          const relayers = [f.accounts.relayer, f.accounts.dave];
          const pids = f.processes.map((p) => p.pid);
          const relayerAddresses = relayers.map((r) => r.address);
          let stray = 0n;
          for (const step of steps) {
            const epochBefore = await f.meter.currentEpoch();
            const usageBefore = await Promise.all(f.processes.map((p) => f.meter.usage(p.pid, epochBefore)));
            try {
              stray += await run(f, step, signers, relayers);
            } catch (error) {
              const name = revertName(error) ?? String(error);
              expect(name, `${step.kind}: ${String(error).slice(0, 300)}`).to.match(EXPECTED);
            }
            const held = await f.nyn.balanceOf(f.addresses.gasMeter);
            expect(
              held,
              `after ${JSON.stringify(step, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`,
            ).to.equal((await accounted(f, pids, relayerAddresses)) + stray);
            // A charge never takes a process past its quota (a quota set below earlier usage only stops new charges).
            for (const [i, p] of f.processes.entries()) {
              const [processQuota] = await f.meter.quotaOf(p.pid);
              const usage = await f.meter.usage(p.pid, await f.meter.currentEpoch());
              if (processQuota > 0n && usage > usageBefore[i]) expect(usage).to.be.lte(processQuota);
            }
          }
        }),
        { seed: 20240603, numRuns: 40, endOnFailure: true },
      );
    });
  });
});

/** Run one step; returns NYN sent to the meter outside any account (stray). */
async function run(
  f: Awaited<ReturnType<typeof propertyFixture>>,
  step: Step,
  signers: Awaited<ReturnType<typeof propertyFixture>>["accounts"]["alice"][],
  relayers: Awaited<ReturnType<typeof propertyFixture>>["accounts"]["alice"][],
): Promise<bigint> {
  const send = async (tx: Promise<ethers.ContractTransactionResponse>) => (await tx).wait();
  switch (step.kind) {
    case "deposit": {
      const from = signers[step.from];
      await send(f.nyn.connect(from).approve(f.addresses.gasMeter, step.amount));
      await send(f.meter.connect(from).deposit(f.processes[step.p].pid, step.amount));
      return 0n;
    }
    case "withdraw": {
      const p = f.processes[step.p];
      const amount = ((await f.meter.budgetOf(p.pid)) * BigInt(step.permille)) / 1000n;
      await send(f.meter.connect(p.owner).withdraw(p.pid, amount, p.owner.address));
      return 0n;
    }
    case "metered":
      await send(f.processes[step.p].counter.connect(signers[step.user]).incrementMetered());
      return 0n;
    case "relay": {
      const p = f.processes[step.p];
      const data =
        step.fn === "reset"
          ? p.counter.interface.encodeFunctionData("reset", [7])
          : step.fn === "increment"
            ? p.counter.interface.encodeFunctionData("increment")
            : p.counter.interface.encodeFunctionData("incrementMetered");
      const request = await signRequest(f.forwarder, signers[step.user], { to: await p.counter.getAddress(), data });
      await send(f.forwarder.connect(relayers[step.relayer]).executeRelayed(request, p.pid));
      return 0n;
    }
    case "claim":
      await send(f.meter.connect(relayers[step.relayer]).claim(relayers[step.relayer].address));
      return 0n;
    case "collect": {
      const amount = ((await f.meter.fees()) * BigInt(step.permille)) / 1000n;
      await send(f.meter.connect(f.accounts.deployer).collectFees(f.accounts.deployer.address, amount));
      return 0n;
    }
    case "price":
      await send(f.meter.connect(f.accounts.deployer).setPrice(step.price));
      return 0n;
    case "quota": {
      const p = f.processes[step.p];
      await send(f.meter.connect(p.owner).setQuota(p.pid, step.processQuota, step.userQuota));
      return 0n;
    }
    case "time":
      await time.increase(step.seconds);
      return 0n;
    case "kill": {
      const p = f.processes[step.p];
      await send(f.registry.connect(p.owner).kill(p.pid));
      return 0n;
    }
    case "stray":
      await send(f.nyn.connect(f.accounts.deployer).transfer(f.addresses.gasMeter, step.amount));
      return step.amount;
  }
  void hre;
}
