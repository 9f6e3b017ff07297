import { expect } from "chai";
import hre from "hardhat";
import { ethers } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  RELAY_CAP,
  accounted,
  eventsOf,
  meterFixture,
  signRequest,
  spawnCounter,
  spawnTestProgram,
} from "../fixtures/meter";
import { CAPABILITY, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { GAS_METER_DEFAULTS } from "../../deploy/modules/gasMeter";
import { underCoverage } from "../fixtures/coverage";
import { METERING_PATTERNS, expectAccurate } from "../fixtures/metering";
import {
  BatchSpawner__factory,
  Counter__factory,
  ForceSend__factory,
  GasMeter__factory,
  MeterHookToken__factory,
  KernelStub__factory,
  MulticallCounter__factory,
  ReentrantMeterClient__factory,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const PRICE = GAS_METER_DEFAULTS.price;

async function send(tx: Promise<{ wait(): Promise<ethers.TransactionReceipt | null> }>) {
  return (await (await tx).wait())!;
}

/** Gas of one metered call (GasCharged.gasUsed) and its receipt. */
async function meteredGas(tx: Promise<ethers.ContractTransactionResponse>) {
  return Number((await send(tx)).gasUsed);
}

describe("GasMeter security (SECURITY.md B1–B9)", function () {
  it("B1 overdraft: metering more than the budget holds reverts with the budget error; no other budget is touched", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, carol, relayer } = f.accounts;
    const { pid, counter } = await spawnCounter(f.registry, f.programs.Counter, carol);
    const small = 30_000n * PRICE;
    await send(f.meter.connect(alice).deposit(pid, small));
    await send(f.meter.connect(carol).setRelayGasCap(pid, RELAY_CAP));
    const otherBudget = await f.meter.budgetOf(f.pid);
    // Direct metered call.
    await expect(counter.connect(carol).incrementMetered())
      .to.be.revertedWithCustomError(f.meter, "GasMeterBudgetExhausted")
      .withArgs(pid, (required: bigint) => required > small, small);
    // Relayed request.
    const request = await signRequest(f.forwarder, carol, {
      to: await counter.getAddress(),
      data: counter.interface.encodeFunctionData("increment"),
    });
    await expect(f.forwarder.connect(relayer).executeRelayed(request, pid))
      .to.be.revertedWithCustomError(f.meter, "GasMeterBudgetExhausted")
      .withArgs(pid, (required: bigint) => required > small, small);
    expect(await f.meter.budgetOf(pid)).to.equal(small);
    expect(await f.meter.budgetOf(f.pid)).to.equal(otherBudget);
    expect(await f.meter.fees()).to.equal(0n);
    expect(await f.meter.claimable(relayer.address)).to.equal(0n);
    expect(await counter.count()).to.equal(0n);
    expect(await f.nyn.balanceOf(f.addresses.gasMeter)).to.equal(await accounted(f, [f.pid, pid], [relayer.address]));
  });

  it("B2 withdraw-reentrancy: a token hook that re-enters withdraw or claim gets one payout", async function () {
    const f = await loadFixture(meterFixture);
    const { deployer, bob } = f.accounts;
    // A second meter over a token with transfer hooks, installed by root under a test module id.
    const hook = await new MeterHookToken__factory(deployer).deploy();
    const impl = await new GasMeter__factory(deployer).deploy(f.addresses.kernel, await hook.getAddress());
    const init = impl.interface.encodeFunctionData("initialize", [PRICE, GAS_METER_DEFAULTS.epochLength]);
    await send(
      f.kernel.installModule(
        ethers.id("nyn.module.test-hook-meter"),
        await impl.getAddress(),
        await codeHashOf(await impl.getAddress()),
        init,
      ),
    );
    const hookMeter = GasMeter__factory.connect(
      await f.kernel.moduleAddress(ethers.id("nyn.module.test-hook-meter")),
      deployer,
    );
    // A Counter program whose processes name that meter (built against the real registry, ACL and forwarder).
    const stub = await new KernelStub__factory(deployer).deploy(f.addresses.kernel, await hookMeter.getAddress());
    const counterImpl = await new Counter__factory(deployer).deploy(await stub.getAddress());
    await send(f.registry.registerProgram(await counterImpl.getAddress(), "HookCounter", "1", ""));
    const programId = await f.registry.programCount();

    const attacker = await new ReentrantMeterClient__factory(deployer).deploy(
      await hookMeter.getAddress(),
      await hook.getAddress(),
    );
    await send(attacker.spawn(f.addresses.processRegistry, programId));
    const pid = await attacker.pid();
    const amount = ethers.parseEther("1");
    await send(hook.mint(await attacker.getAddress(), amount));
    await send(attacker.fund(amount));
    await send(hook.setHooked(await attacker.getAddress(), true));

    // withdraw: the hook re-enters withdraw for the same amount.
    await send(attacker.attackWithdraw(amount / 4n));
    expect(await hook.balanceOf(await attacker.getAddress())).to.equal(amount / 4n);
    expect(await hookMeter.budgetOf(pid)).to.equal(amount - amount / 4n);
    expect(await attacker.reentries()).to.equal(0n);
    expect((await attacker.reentryError()).slice(0, 10)).to.equal(
      hookMeter.interface.getError("ReentrancyGuardReentrantCall")!.selector,
    );

    // claim: the attacker relays a request (as relayer) to earn a claimable balance, then re-enters claim.
    await send(attacker.setRelayGasCap(RELAY_CAP));
    const target = await f.registry.instanceOf(pid);
    const request = await signRequest(f.forwarder, bob, {
      to: target,
      data: Counter__factory.createInterface().encodeFunctionData("count"),
    });
    await send(attacker.relay(f.addresses.forwarder, request, pid));
    const owed = await hookMeter.claimable(await attacker.getAddress());
    expect(owed).to.be.gt(0n);
    const before = await hook.balanceOf(await attacker.getAddress());
    await send(attacker.attackClaim());
    expect(await hook.balanceOf(await attacker.getAddress())).to.equal(before + owed);
    expect(await hookMeter.claimable(await attacker.getAddress())).to.equal(0n);
    expect(await attacker.reentries()).to.equal(0n);
    expect(await hook.balanceOf(await hookMeter.getAddress())).to.equal(
      (await hookMeter.budgetOf(pid)) + (await hookMeter.fees()),
    );
  });

  it("B3 gas-griefing (63/64): a relayer forwarding too little gas fails the whole request and is not paid", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, bob, relayer } = f.accounts;
    const t = await spawnTestProgram(f, alice);
    await send(f.meter.connect(alice).setRelayGasCap(t.pid, 2_000_000n));
    const data = t.program.interface.encodeFunctionData("burn", [6_000n]); // needs ~600,000 gas
    const request = await signRequest(f.forwarder, bob, { to: await t.program.getAddress(), data, gas: 1_000_000n });
    const budget = await f.meter.budgetOf(t.pid);
    // Too little: the inner call gets less than request.gas and runs out of gas; the forwarder's check then fails
    // the whole transaction with an invalid opcode (all gas consumed), so nothing is charged or paid.
    const failure = await f.forwarder
      .connect(relayer)
      .executeRelayed(request, t.pid, { gasLimit: 400_000 })
      .then(
        () => "succeeded",
        (error: Error) => error.message,
      );
    expect(failure).to.match(/invalid opcode/);
    expect(await f.forwarder.nonces(bob.address)).to.equal(0n);
    expect(await f.meter.budgetOf(t.pid)).to.equal(budget);
    expect(await f.meter.claimable(relayer.address)).to.equal(0n);
    expect(await t.program.sink()).to.equal(0n);
    // Enough: the call runs and is charged exactly once.
    const receipt = await send(f.forwarder.connect(relayer).executeRelayed(request, t.pid, { gasLimit: 2_000_000 }));
    const events = eventsOf(receipt, f.meter, f.forwarder);
    expect(events.find((e) => e.name === "ExecutedForwardRequest")!.args.success).to.equal(true);
    expect(events.filter((e) => e.name === "GasCharged")).to.have.length(1);
    expect(await t.program.sink()).to.not.equal(0n);
    expect(await f.meter.budgetOf(t.pid)).to.equal(budget - (await f.meter.claimable(relayer.address)));
  });

  it("B4 return-bomb: return and revert data are never copied by the forwarder and the charge stays within the cap", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, bob, relayer } = f.accounts;
    const t = await spawnTestProgram(f, alice);
    const cap = 150_000n;
    await send(f.meter.connect(alice).setRelayGasCap(t.pid, cap));
    const relay = async (fn: "bomb" | "revertBomb", size: bigint) => {
      const request = await signRequest(f.forwarder, bob, {
        to: await t.program.getAddress(),
        data:
          fn === "bomb"
            ? t.program.interface.encodeFunctionData("bomb", [size])
            : t.program.interface.encodeFunctionData("revertBomb", [size]),
        gas: 5_000_000n,
      });
      const before = await f.meter.claimable(relayer.address);
      const receipt = await send(f.forwarder.connect(relayer).executeRelayed(request, t.pid, { gasLimit: 8_000_000 }));
      const events = eventsOf(receipt, f.meter, f.forwarder);
      expect(events.find((e) => e.name === "ExecutedForwardRequest")!.args.success).to.equal(fn === "bomb");
      const reverted = events.find((e) => e.name === "RelayedCallReverted");
      return {
        gas: receipt.gasUsed,
        paid: (await f.meter.claimable(relayer.address)) - before,
        reason: reverted?.args.reason as string | undefined,
      };
    };
    await relay("bomb", 0n); // warm-up: the relayer's claimable balance and the signer's nonce become non-zero
    // Building a payload of w words costs the program (memory 3·w + w²/512), and its EIP-1167 clone copies it once
    // more (memory again + 3·w); a forwarder copying it would add as much a third time.
    const words = (64n * 1024n + 64n) / 32n;
    const memory = 3n * words + (words * words) / 512n;
    const targetCost = 2n * memory + 3n * words;
    const small = await relay("bomb", 0n);
    const big = await relay("bomb", 64n * 1024n);
    expect(big.gas - small.gas).to.be.lte(targetCost + 3_000n);
    // A payload that costs the relayer ~2.3 M gas is reimbursed at the cap, no more.
    const huge = await relay("bomb", 1024n * 1024n);
    expect(huge.gas).to.be.gt(cap);
    expect(huge.paid).to.equal(cap * PRICE);

    // Reverted with a payload: only the first MAX_REVERT_DATA bytes are copied into RelayedCallReverted.
    const smallRevert = await relay("revertBomb", 0n);
    expect(ethers.dataLength(smallRevert.reason!)).to.equal(64); // offset and length words: all of it
    const bigRevert = await relay("revertBomb", 64n * 1024n);
    expect(ethers.dataLength(bigRevert.reason!)).to.equal(Number(await f.forwarder.MAX_REVERT_DATA()));
    expect(bigRevert.gas - smallRevert.gas).to.be.lte(targetCost + 3_000n);
  });

  it("B5 growth: with 5,000 processes, users and epochs (200 under coverage) the gas of a metered call stays flat", async function () {
    this.timeout(600_000);
    const f = await loadFixture(meterFixture);
    const { alice, deployer } = f.accounts;
    const t = await spawnTestProgram(f, alice);
    await send(f.meter.connect(alice).setQuota(t.pid, 0, 4_000_000_000n)); // per-user usage recorded on every call
    await send(t.program.connect(alice).burn(1n));
    const base = await meteredGas(t.program.connect(alice).burn(1n));

    // 5,000 processes.
    const spawner = await new BatchSpawner__factory(deployer).deploy();
    const N = underCoverage ? 200 : 5000; // coverage traces every opcode: 5,000 would take ~10 minutes there
    for (let made = 0; made < N; made += 90) {
      await send(spawner.spawnMany(f.addresses.processRegistry, f.programs.Counter, 90, { gasLimit: 16_000_000 }));
    }
    expect(await f.registry.processCount()).to.be.gte(BigInt(N));
    const afterProcesses = await meteredGas(t.program.connect(alice).burn(1n));

    // 5,000 users of the same process (their usage slots live in the meter).
    for (let u = 0; u < N; u += 250) {
      const users = Array.from({ length: 250 }, (_, i) =>
        ethers.getAddress(ethers.toBeHex(0x10000n + BigInt(u + i), 20)),
      );
      await send(t.program.chargeMany(users, 1_000n, { gasLimit: 16_000_000 }));
    }
    const afterUsers = await meteredGas(t.program.connect(alice).burn(1n));

    // 5,000 epochs later.
    const epoch = await f.meter.currentEpoch();
    await time.increase(BigInt(GAS_METER_DEFAULTS.epochLength) * BigInt(N));
    expect(await f.meter.currentEpoch()).to.equal(epoch + BigInt(N));
    await send(t.program.connect(alice).burn(1n)); // first call of the epoch: same cost as any other (lazy reset)
    const afterEpochs = await meteredGas(t.program.connect(alice).burn(1n));

    for (const g of [afterProcesses, afterUsers, afterEpochs])
      expect(Math.abs(g - base) / base, `${g} vs ${base}`).to.be.lte(0.005);
  });

  it("B6 price-tamper: only governance changes the price, within bounds, and never retroactively", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, bob, deployer } = f.accounts;
    for (const who of [alice, bob]) {
      await expect(f.meter.connect(who).setPrice(PRICE * 100n))
        .to.be.revertedWithCustomError(f.acl, "ACLUnauthorized")
        .withArgs(who.address, f.addresses.gasMeter, PERMISSION.SET_METER_PARAMS);
    }
    // The permission is root's alone, managed by root: alice cannot grant it to herself.
    await expect(
      f.acl.connect(alice).grantPermission(alice.address, f.addresses.gasMeter, PERMISSION.SET_METER_PARAMS, NO_EXPIRY),
    ).to.be.revertedWithCustomError(f.acl, "ACLNotManager");
    const first = eventsOf(await send(f.counter.connect(bob).incrementMetered()), f.meter).find(
      (e) => e.name === "GasCharged",
    )!;
    const budget = await f.meter.budgetOf(f.pid);
    const fees = await f.meter.fees();
    await expect(f.meter.connect(deployer).setPrice((await f.meter.MAX_PRICE()) + 1n)).to.be.revertedWithCustomError(
      f.meter,
      "GasMeterPriceOutOfBounds",
    );
    await send(f.meter.connect(deployer).setPrice(PRICE * 2n));
    expect(await f.meter.budgetOf(f.pid)).to.equal(budget);
    expect(await f.meter.fees()).to.equal(fees);
    expect(first.args.cost).to.equal(first.args.gasUsed * PRICE);
    const second = eventsOf(await send(f.counter.connect(bob).incrementMetered()), f.meter).find(
      (e) => e.name === "GasCharged",
    )!;
    expect(second.args.cost).to.equal(second.args.gasUsed * PRICE * 2n);
    expect(await f.meter.budgetOf(f.pid)).to.equal(budget - second.args.cost);
  });

  it("B7 forced-ether: ETH forced into the meter and the forwarder changes no accounting", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, bob, relayer, deployer } = f.accounts;
    const before = {
      budget: await f.meter.budgetOf(f.pid),
      fees: await f.meter.fees(),
      info: await f.meter.meterInfo(f.pid),
    };
    await new ForceSend__factory(deployer).deploy(f.addresses.gasMeter, { value: ethers.parseEther("3") });
    await new ForceSend__factory(deployer).deploy(f.addresses.forwarder, { value: ethers.parseEther("1") });
    expect(await hre.ethers.provider.getBalance(f.addresses.gasMeter)).to.equal(ethers.parseEther("3"));
    expect(await f.meter.budgetOf(f.pid)).to.equal(before.budget);
    expect(await f.meter.fees()).to.equal(before.fees);
    expect(await f.meter.meterInfo(f.pid)).to.deep.equal(before.info);
    // Everything still works and still balances.
    await send(f.counter.connect(bob).incrementMetered());
    const request = await signRequest(f.forwarder, bob, {
      to: await f.counter.getAddress(),
      data: f.counter.interface.encodeFunctionData("incrementMetered"),
    });
    await send(f.forwarder.connect(relayer).executeRelayed(request, f.pid));
    await send(f.meter.connect(alice).withdraw(f.pid, 1n, alice.address));
    await send(f.meter.connect(relayer).claim(relayer.address));
    expect(await f.nyn.balanceOf(f.addresses.gasMeter)).to.equal(await accounted(f, [f.pid], [relayer.address]));
    expect(await hre.ethers.provider.getBalance(f.addresses.gasMeter)).to.equal(ethers.parseEther("3"));
  });

  it("B8 relayer-drain: per-user quotas, the process quota and the per-request cap bound what spam can take", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, bob, carol, relayer } = f.accounts;
    const t = await spawnTestProgram(f, alice);
    const userQuota = 300_000n;
    const processQuota = 700_000n;
    const cap = 120_000n;
    await send(f.meter.connect(alice).setQuota(t.pid, processQuota, userQuota));
    await send(f.meter.connect(alice).setRelayGasCap(t.pid, cap));
    const budget = await f.meter.budgetOf(t.pid);
    const spam = async (user: ethers.Signer, gas = 200_000n) =>
      f.forwarder.connect(relayer).executeRelayed(
        await signRequest(f.forwarder, user, {
          to: await t.program.getAddress(),
          data: t.program.interface.encodeFunctionData("fail"),
          gas,
        }),
        t.pid,
      );
    // Bob spams failing requests (each still costs the budget) until his quota stops him.
    let sent = 0;
    for (; sent < 20; sent++) {
      try {
        await send(spam(bob));
      } catch {
        break;
      }
    }
    expect(sent).to.be.gte(2).and.lt(20);
    const epoch = await f.meter.currentEpoch();
    await expect(spam(bob))
      .to.be.revertedWithCustomError(f.meter, "GasMeterUserQuotaExceeded")
      .withArgs(t.pid, bob.address, epoch, (u: bigint) => u > userQuota, userQuota);
    // Sybils (carol and fresh wallets) hit the process quota.
    const sybils = [
      carol,
      ...Array.from({ length: 4 }, () => ethers.Wallet.createRandom().connect(hre.ethers.provider)),
    ];
    let stopped = false;
    for (const sybil of sybils) {
      for (let i = 0; i < 3 && !stopped; i++) {
        try {
          await send(spam(sybil));
        } catch (error) {
          expect(String(error)).to.match(/GasMeter(Process|User)QuotaExceeded/);
          if (/GasMeterProcessQuotaExceeded/.test(String(error))) stopped = true;
          break;
        }
      }
    }
    expect(stopped).to.equal(true);
    expect(await f.meter.usage(t.pid, epoch)).to.be.lte(processQuota);
    // What the spam took is bounded by the process quota at the price; the relayer asking for 5 M gas got the cap.
    expect(budget - (await f.meter.budgetOf(t.pid))).to.be.lte(processQuota * PRICE);
    await send(f.meter.connect(alice).setQuota(t.pid, 0, 0));
    const claimed = await f.meter.claimable(relayer.address);
    await send(spam(bob, 5_000_000n));
    expect((await f.meter.claimable(relayer.address)) - claimed).to.be.lte(cap * PRICE);
  });

  it("B9 forwarder-spoof: no appended address, self-call or multicall makes the kernel see another sender", async function () {
    const f = await loadFixture(meterFixture);
    const { alice, relayer, deployer } = f.accounts;
    const mallory = (await hre.ethers.getSigners())[8];
    const counterAddress = await f.counter.getAddress();

    // 1. A direct call with alice's address appended to the calldata: the sender is still mallory.
    const spoofed = ethers.concat([f.counter.interface.encodeFunctionData("reset", [42]), alice.address]);
    await expect(mallory.sendTransaction({ to: counterAddress, data: spoofed }))
      .to.be.revertedWithCustomError(f.counter, "KernelProcessNotOwner")
      .withArgs(f.pid, mallory.address);
    await send(f.acl.connect(alice).grantCapability(f.pid, mallory.address, CAPABILITY.INCREMENT, NO_EXPIRY));
    const metered = ethers.concat([f.counter.interface.encodeFunctionData("incrementMetered"), alice.address]);
    const receipt = await send(mallory.sendTransaction({ to: counterAddress, data: metered }));
    expect(eventsOf(receipt, f.meter).find((e) => e.name === "GasCharged")!.args.user).to.equal(mallory.address);
    expect(await f.counter.incrementsBy(alice.address)).to.equal(0n);

    // 2. A self-call: a request whose target is the forwarder itself (or the meter) is refused.
    for (const to of [f.addresses.forwarder, f.addresses.gasMeter]) {
      const selfCall = await signRequest(f.forwarder, mallory, { to, data: "0x" });
      await expect(f.forwarder.connect(relayer).executeRelayed(selfCall, f.pid)).to.be.revertedWithCustomError(
        f.forwarder,
        "ERC2771UntrustfulTarget",
      );
    }

    // 3. Multicall (the Dec 2023 advisory): a relayed multicall whose sub-call carries alice's address.
    const mcImpl = await new MulticallCounter__factory(deployer).deploy(f.addresses.kernel);
    await send(f.registry.registerProgram(await mcImpl.getAddress(), "MulticallCounter", "1", ""));
    const { pid, counter } = await spawnCounter(f.registry, Number(await f.registry.programCount()), alice);
    const mc = MulticallCounter__factory.connect(await counter.getAddress(), mallory);
    await send(f.meter.connect(alice).deposit(pid, ethers.parseEther("1")));
    await send(f.meter.connect(alice).setRelayGasCap(pid, RELAY_CAP));
    const inner = ethers.concat([mc.interface.encodeFunctionData("reset", [42]), alice.address]);
    const request = await signRequest(f.forwarder, mallory, {
      to: await mc.getAddress(),
      data: mc.interface.encodeFunctionData("multicall", [[inner]]),
    });
    const relayed = await send(f.forwarder.connect(relayer).executeRelayed(request, pid));
    expect(eventsOf(relayed, f.forwarder).find((e) => e.name === "ExecutedForwardRequest")!.args.success).to.equal(
      false,
    );
    await expect(mc.multicall([inner]))
      .to.be.revertedWithCustomError(mc, "KernelProcessNotOwner")
      .withArgs(pid, mallory.address);
    expect(await mc.count()).to.equal(0n);

    // 4. The meter's own syscalls cannot be spoofed either.
    await expect(f.meter.connect(mallory).charge(f.pid, alice.address, 1n, 0n)).to.be.revertedWithCustomError(
      f.meter,
      "GasMeterNotProcessInstance",
    );
    await expect(
      f.meter
        .connect(mallory)
        .chargeRelay(f.pid, alice.address, counterAddress, mallory.address, 1n, 0n, "0x00000000", true),
    )
      .to.be.revertedWithCustomError(f.meter, "GasMeterOnlyForwarder")
      .withArgs(mallory.address);
  });

  // R1–R4 (found in review): gas charged or reimbursed stays within 5 % of what the transaction spent on it, whoever
  // calls, from wherever, however padded. The whole table of calling patterns is test/kernel/metering.accuracy.test.ts.
  const REVIEW_CASES: [string, string][] = [
    [
      "R1 constructor-relayer: a contract relaying strangers' padded requests from its constructor is reimbursed within 5 % of the gas it spent",
      "R1 ",
    ],
    [
      "R2 constructor-metered: a constructor calling a metered function with padded calldata is charged within 5 %",
      "R2 ",
    ],
    [
      "R3 multicall-batch: an EOA batching 30 metered calls through delegatecall (Multicall) is charged within 5 %",
      "R3 EOA batches 30 metered calls through",
    ],
    ["R4 dirty-slot: a relayer that claims between relays in one transaction is reimbursed within 5 %", "R4 "],
  ];
  for (const [title, prefix] of REVIEW_CASES) {
    it(title, async function () {
      const f = await loadFixture(meterFixture);
      const pattern = METERING_PATTERNS.find((p) => p.pattern.startsWith(prefix))!;
      expectAccurate(await pattern.run(f));
    });
  }
});
