import { expect } from "chai";
import { ethers } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  BUDGET,
  RELAY_CAP,
  eventsOf,
  meterFixture,
  signRequest,
  spawnCounter,
  spawnTestProgram,
} from "../fixtures/meter";
import { GasMeter__factory, ERC1967Proxy__factory, Kernel__factory } from "../../typechain-types";
import { GAS_METER_DEFAULTS } from "../../deploy/modules/gasMeter";
import { CAPABILITY, PERMISSION } from "../../lib/ids";
import { signPermit } from "../../lib/permit";
import { spawn } from "../../lib/spawn";
import { ACCURACY_TOLERANCE } from "../fixtures/metering";

const PRICE = GAS_METER_DEFAULTS.price;
const EPOCH = BigInt(GAS_METER_DEFAULTS.epochLength);

/** The GasCharged event of a receipt. */
function charged(receipt: ethers.TransactionReceipt, meter: { interface: ethers.Interface }) {
  const event = eventsOf(receipt, meter).find((e) => e.name === "GasCharged");
  if (!event) throw new Error("no GasCharged");
  return {
    pid: event.args.pid as bigint,
    user: event.args.user as string,
    gas: event.args.gasUsed as bigint,
    cost: event.args.cost as bigint,
  };
}

async function send(tx: Promise<ethers.ContractTransactionResponse>) {
  return (await (await tx).wait())!;
}

describe("GasMeter", function () {
  describe("initialize", function () {
    it("binds the kernel's registry, forwarder and NYN, and starts epoch 1 at the configured price", async function () {
      const f = await loadFixture(meterFixture);
      expect(await f.meter.registry()).to.equal(f.addresses.processRegistry);
      expect(await f.meter.forwarder()).to.equal(f.addresses.forwarder);
      expect(await f.meter.nyn()).to.equal(f.addresses.nyn);
      expect(await f.meter.price()).to.equal(PRICE);
      const { epoch, epochLength, startedAt, endsAt } = await f.meter.epochInfo();
      expect(epochLength).to.equal(EPOCH);
      expect(epoch).to.equal(1n);
      expect(endsAt - startedAt).to.equal(EPOCH);
    });

    it("reverts with KernelModuleOnlyKernel when anyone but its kernel initialises a proxy", async function () {
      const f = await loadFixture(meterFixture);
      const init = f.meter.interface.encodeFunctionData("initialize", [PRICE, EPOCH]);
      await expect(new ERC1967Proxy__factory(f.accounts.alice).deploy(f.addresses.implementations.GasMeter, init))
        .to.be.revertedWithCustomError(f.meter, "KernelModuleOnlyKernel")
        .withArgs(f.accounts.alice.address);
    });

    it("reverts with GasMeterZeroAddress when built without a token", async function () {
      const f = await loadFixture(meterFixture);
      await expect(new GasMeter__factory(f.accounts.deployer).deploy(f.addresses.kernel, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.meter, "GasMeterZeroAddress")
        .withArgs("nyn");
    });

    it("reverts with GasMeterZeroAddress when built for a kernel without a process registry", async function () {
      const f = await loadFixture(meterFixture);
      const { deployer } = f.accounts;
      const bare = await new Kernel__factory(deployer).deploy(
        deployer.address,
        f.addresses.implementations.ACL,
        ethers.ZeroAddress,
      );
      await expect(new GasMeter__factory(deployer).deploy(await bare.getAddress(), f.addresses.nyn))
        .to.be.revertedWithCustomError(f.meter, "GasMeterZeroAddress")
        .withArgs("registry");
    });
  });

  describe("deposit", function () {
    it("adds to the budget from anyone and emits BudgetDeposited", async function () {
      const f = await loadFixture(meterFixture);
      const amount = ethers.parseEther("5");
      await expect(f.meter.connect(f.accounts.deployer).deposit(f.pid, amount))
        .to.emit(f.meter, "BudgetDeposited")
        .withArgs(f.pid, f.accounts.deployer.address, amount, BUDGET + amount);
      expect(await f.meter.budgetOf(f.pid)).to.equal(BUDGET + amount);
      expect(await f.nyn.balanceOf(f.addresses.gasMeter)).to.equal(BUDGET + amount);
    });

    it("reverts with GasMeterZeroAmount for nothing", async function () {
      const f = await loadFixture(meterFixture);
      await expect(f.meter.connect(f.accounts.alice).deposit(f.pid, 0)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterZeroAmount",
      );
    });

    it("reverts with GasMeterProcessTerminated for a killed process and for an unknown PID", async function () {
      const f = await loadFixture(meterFixture);
      await send(f.registry.connect(f.accounts.alice).kill(f.pid));
      await expect(f.meter.connect(f.accounts.alice).deposit(f.pid, 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterProcessTerminated")
        .withArgs(f.pid);
      await expect(f.meter.connect(f.accounts.alice).deposit(999n, 1n))
        .to.be.revertedWithCustomError(f.registry, "ProcessRegistryUnknownProcess")
        .withArgs(999n);
    });

    it("reverts with KernelPaused while the guardian has paused the kernel", async function () {
      const f = await loadFixture(meterFixture);
      await send(f.kernel.connect(f.accounts.guardian).pause());
      await expect(f.meter.connect(f.accounts.alice).deposit(f.pid, 1n)).to.be.revertedWithCustomError(
        f.kernel,
        "KernelPaused",
      );
    });
  });

  describe("depositWithPermit", function () {
    async function permit(
      f: Awaited<ReturnType<typeof meterFixture>>,
      owner: ethers.Signer,
      amount: bigint,
      deadline: bigint,
    ) {
      return signPermit(f.nyn, owner, f.addresses.gasMeter, amount, deadline);
    }

    it("funds a process in one transaction from an EIP-2612 permit", async function () {
      const f = await loadFixture(meterFixture);
      const { carol } = f.accounts;
      const amount = ethers.parseEther("3");
      const deadline = BigInt((await time.latest()) + 600);
      const sig = await permit(f, carol, amount, deadline);
      await expect(f.meter.connect(carol).depositWithPermit(f.pid, amount, deadline, sig.v, sig.r, sig.s))
        .to.emit(f.meter, "BudgetDeposited")
        .withArgs(f.pid, carol.address, amount, BUDGET + amount);
      expect(await f.nyn.nonces(carol.address)).to.equal(1n);
      expect(await f.nyn.allowance(carol.address, f.addresses.gasMeter)).to.equal(0n);
    });

    it("still deposits when someone submitted the permit first", async function () {
      const f = await loadFixture(meterFixture);
      const { carol, dave } = f.accounts;
      const amount = ethers.parseEther("3");
      const deadline = BigInt((await time.latest()) + 600);
      const sig = await permit(f, carol, amount, deadline);
      await send(
        f.nyn.connect(dave).permit(carol.address, f.addresses.gasMeter, amount, deadline, sig.v, sig.r, sig.s),
      );
      await expect(f.meter.connect(carol).depositWithPermit(f.pid, amount, deadline, sig.v, sig.r, sig.s)).to.emit(
        f.meter,
        "BudgetDeposited",
      );
      expect(await f.meter.budgetOf(f.pid)).to.equal(BUDGET + amount);
    });

    it("reverts with the permit's error when the permit fails and no allowance covers the amount", async function () {
      const f = await loadFixture(meterFixture);
      const { carol } = f.accounts;
      const amount = ethers.parseEther("3");
      const deadline = BigInt((await time.latest()) + 600);
      const sig = await permit(f, carol, amount, deadline);
      await time.increaseTo(deadline + 1n);
      await expect(f.meter.connect(carol).depositWithPermit(f.pid, amount, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(f.nyn, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });
  });

  describe("withdraw", function () {
    it("sends budget to the owner's chosen address and emits BudgetWithdrawn", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, carol } = f.accounts;
      const amount = ethers.parseEther("40");
      const before = await f.nyn.balanceOf(carol.address);
      await expect(f.meter.connect(alice).withdraw(f.pid, amount, carol.address))
        .to.emit(f.meter, "BudgetWithdrawn")
        .withArgs(f.pid, carol.address, amount, BUDGET - amount);
      expect(await f.nyn.balanceOf(carol.address)).to.equal(before + amount);
      expect(await f.meter.budgetOf(f.pid)).to.equal(BUDGET - amount);
    });

    it("reverts with GasMeterNotProcessOwner for anyone else", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await expect(f.meter.connect(bob).withdraw(f.pid, 1n, bob.address))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.pid, bob.address, alice.address);
    });

    it("reverts with GasMeterWithdrawExceedsBudget above the budget, and on zero amount or recipient", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      await expect(f.meter.connect(alice).withdraw(f.pid, BUDGET + 1n, alice.address))
        .to.be.revertedWithCustomError(f.meter, "GasMeterWithdrawExceedsBudget")
        .withArgs(f.pid, BUDGET + 1n, BUDGET);
      await expect(f.meter.connect(alice).withdraw(f.pid, 0n, alice.address)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterZeroAmount",
      );
      await expect(f.meter.connect(alice).withdraw(f.pid, 1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.meter, "GasMeterZeroAddress")
        .withArgs("to");
    });

    it("lets the owner of a terminated process take back everything left", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      await send(f.counter.connect(alice).incrementMetered());
      await send(f.registry.connect(alice).kill(f.pid));
      const left = await f.meter.budgetOf(f.pid);
      const before = await f.nyn.balanceOf(alice.address);
      await send(f.meter.connect(alice).withdraw(f.pid, left, alice.address));
      expect(await f.nyn.balanceOf(alice.address)).to.equal(before + left);
      expect(await f.meter.budgetOf(f.pid)).to.equal(0n);
    });

    it("follows process ownership: the new owner controls the budget, the old one no longer does", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, carol } = f.accounts;
      await send(f.registry.connect(alice).transferProcessOwnership(f.pid, carol.address));
      await expect(f.meter.connect(alice).withdraw(f.pid, 1n, alice.address)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterNotProcessOwner",
      );
      await expect(f.meter.connect(carol).withdraw(f.pid, 1n, carol.address)).to.emit(f.meter, "BudgetWithdrawn");
    });
  });

  describe("charge", function () {
    it("charges a metered call gas × price to the budget and the fees, for the ERC-2771 sender", async function () {
      const f = await loadFixture(meterFixture);
      const { bob } = f.accounts;
      const receipt = await send(f.counter.connect(bob).incrementMetered());
      const c = charged(receipt, f.meter);
      expect(c.pid).to.equal(f.pid);
      expect(c.user).to.equal(bob.address);
      expect(c.cost).to.equal(c.gas * PRICE);
      expect(await f.meter.budgetOf(f.pid)).to.equal(BUDGET - c.cost);
      expect(await f.meter.fees()).to.equal(c.cost);
      expect(await f.meter.usage(f.pid, await f.meter.currentEpoch())).to.equal(c.gas);
      expect(await f.counter.count()).to.equal(1n);
    });

    it("charges nothing for the unmetered twin", async function () {
      const f = await loadFixture(meterFixture);
      await send(f.counter.connect(f.accounts.bob).increment());
      expect(await f.meter.budgetOf(f.pid)).to.equal(BUDGET);
      expect(await f.meter.fees()).to.equal(0n);
    });

    it("reverts with GasMeterNotProcessInstance for any caller but the process's own contract", async function () {
      const f = await loadFixture(meterFixture);
      const { bob } = f.accounts;
      const instance = await f.counter.getAddress();
      await expect(f.meter.connect(bob).charge(f.pid, bob.address, 1000n, 0n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessInstance")
        .withArgs(f.pid, bob.address, instance);
    });

    it("reverts with GasMeterProcessNotRunning for a suspended or terminated process, even when the program does not check", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      const t = await spawnTestProgram(f, alice);
      await send(f.registry.connect(alice).suspend(t.pid));
      await expect(t.program.connect(alice).meteredNoCheck())
        .to.be.revertedWithCustomError(f.meter, "GasMeterProcessNotRunning")
        .withArgs(t.pid, 2);
      await send(f.registry.connect(alice).kill(t.pid));
      await expect(t.program.connect(alice).meteredNoCheck())
        .to.be.revertedWithCustomError(f.meter, "GasMeterProcessNotRunning")
        .withArgs(t.pid, 3);
      expect(await t.program.sink()).to.equal(0n);
    });

    it("reverts with KernelProcessNoGasMeter in a program deployed before any meter existed", async function () {
      const f = await loadFixture(meterFixture);
      const { KernelStub__factory, MeterTestProgram__factory } = await import("../../typechain-types");
      const stub = await new KernelStub__factory(f.accounts.deployer).deploy(f.addresses.kernel, ethers.ZeroAddress);
      const impl = await new MeterTestProgram__factory(f.accounts.deployer).deploy(await stub.getAddress());
      await send(f.registry.registerProgram(await impl.getAddress(), "NoMeter", "1", ""));
      const { pid } = await spawn(f.registry.connect(f.accounts.alice), await f.registry.programCount());
      const program = MeterTestProgram__factory.connect(await f.registry.instanceOf(pid), f.accounts.alice);
      expect(await program.gasMeter()).to.equal(ethers.ZeroAddress);
      await expect(program.meteredNoCheck()).to.be.revertedWithCustomError(program, "KernelProcessNoGasMeter");
    });
  });

  describe("budget exhaustion", function () {
    it("reverts with GasMeterBudgetExhausted(pid, required, available) and changes nothing", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, carol } = f.accounts;
      const { pid, counter } = await spawnCounter(f.registry, f.programs.Counter, carol);
      const small = 20_000n * PRICE; // far less than one call
      await send(f.meter.connect(alice).deposit(pid, small));
      await expect(counter.incrementMetered())
        .to.be.revertedWithCustomError(f.meter, "GasMeterBudgetExhausted")
        .withArgs(pid, (required: bigint) => required > small && required % PRICE === 0n, small);
      expect(await f.meter.budgetOf(pid)).to.equal(small);
      expect(await f.meter.fees()).to.equal(0n);
      expect(await counter.count()).to.equal(0n);
    });

    it("charges the last call the budget can pay and refuses the next", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, carol } = f.accounts;
      const { pid, counter } = await spawnCounter(f.registry, f.programs.Counter, carol);
      await send(f.meter.connect(alice).deposit(pid, 250_000n * PRICE)); // two calls, not three
      await send(counter.incrementMetered());
      await send(counter.incrementMetered());
      const left = await f.meter.budgetOf(pid);
      await expect(counter.incrementMetered())
        .to.be.revertedWithCustomError(f.meter, "GasMeterBudgetExhausted")
        .withArgs(pid, anyValue, left);
      expect(await counter.count()).to.equal(2n);
    });
  });

  describe("quotas", function () {
    it("reverts with GasMeterProcessQuotaExceeded naming pid, user, epoch, used and limit", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      const limit = 250_000n; // two first calls (~107,000 gas each), not a third
      await expect(f.meter.connect(alice).setQuota(f.pid, limit, 0))
        .to.emit(f.meter, "QuotaSet")
        .withArgs(f.pid, limit, 0);
      await send(f.counter.connect(bob).incrementMetered());
      await send(f.counter.connect(alice).incrementMetered());
      const epoch = await f.meter.currentEpoch();
      const used = await f.meter.usage(f.pid, epoch);
      await expect(f.counter.connect(bob).incrementMetered())
        .to.be.revertedWithCustomError(f.meter, "GasMeterProcessQuotaExceeded")
        .withArgs(f.pid, bob.address, epoch, (u: bigint) => u > limit && u > used, limit);
      expect(await f.meter.usage(f.pid, epoch)).to.equal(used);
    });

    it("reverts with GasMeterUserQuotaExceeded for one user while others still get through", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      // Limits follow the measured cost of a call, so the test holds for any build (e.g. instrumented for coverage).
      await send(f.meter.connect(alice).setQuota(f.pid, 0, 4_000_000_000n)); // record per-user usage, no real limit yet
      await send(f.counter.connect(bob).incrementMetered());
      await send(f.counter.connect(bob).incrementMetered());
      const epoch = await f.meter.currentEpoch();
      const bobUsed = await f.meter.userUsage(f.pid, bob.address, epoch);
      expect(bobUsed).to.be.gt(0n);
      const limit = bobUsed + bobUsed / 4n; // room for less than a third call (each costs about bobUsed / 2)
      await send(f.meter.connect(alice).setQuota(f.pid, 0, limit));
      await expect(f.counter.connect(bob).incrementMetered())
        .to.be.revertedWithCustomError(f.meter, "GasMeterUserQuotaExceeded")
        .withArgs(f.pid, bob.address, epoch, (u: bigint) => u > limit, limit);
      await send(f.counter.connect(alice).incrementMetered());
      expect(await f.meter.userUsage(f.pid, alice.address, epoch)).to.be.gt(0n);
      expect(await f.meter.userUsage(f.pid, bob.address, epoch)).to.equal(bobUsed);
    });

    it("resets at the epoch boundary: refused in the epoch's last second, allowed in the next epoch's first", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await send(f.meter.connect(alice).setQuota(f.pid, 0, 4_000_000_000n)); // record per-user usage
      await send(f.counter.connect(bob).incrementMetered());
      const { epoch, endsAt } = await f.meter.epochInfo();
      const oneCall = await f.meter.userUsage(f.pid, bob.address, epoch);
      await send(f.meter.connect(alice).setQuota(f.pid, 0, oneCall + oneCall / 2n)); // one call per epoch
      await time.setNextBlockTimestamp(endsAt - 1n);
      await expect(f.counter.connect(bob).incrementMetered()).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterUserQuotaExceeded",
      );
      await time.setNextBlockTimestamp(endsAt);
      const receipt = await send(f.counter.connect(bob).incrementMetered());
      expect(await f.meter.currentEpoch()).to.equal(epoch + 1n);
      expect(await f.meter.userUsage(f.pid, bob.address, epoch + 1n)).to.equal(charged(receipt, f.meter).gas);
      expect(await f.meter.userUsage(f.pid, bob.address, epoch)).to.equal(0n); // only the latest epoch is kept
      expect(await f.meter.usage(f.pid, epoch + 1n)).to.equal(charged(receipt, f.meter).gas);
    });

    it("resets after many idle epochs without any keeper", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await send(f.meter.connect(alice).setQuota(f.pid, 150_000n, 0));
      await send(f.counter.connect(bob).incrementMetered());
      await expect(f.counter.connect(bob).incrementMetered()).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterProcessQuotaExceeded",
      );
      const epoch = await f.meter.currentEpoch();
      await time.increase(EPOCH * 5000n);
      expect(await f.meter.currentEpoch()).to.equal(epoch + 5000n);
      await send(f.counter.connect(bob).incrementMetered());
    });

    it("starts a new epoch when governance changes the epoch length", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, deployer } = f.accounts;
      await send(f.meter.connect(alice).setQuota(f.pid, 150_000n, 0));
      await send(f.counter.connect(bob).incrementMetered());
      const epoch = await f.meter.currentEpoch();
      await expect(f.meter.connect(deployer).setEpochLength(3600n))
        .to.emit(f.meter, "EpochLengthChanged")
        .withArgs(EPOCH, 3600n, epoch + 1n);
      expect(await f.meter.currentEpoch()).to.equal(epoch + 1n);
      await send(f.counter.connect(bob).incrementMetered());
      await time.increase(3600);
      expect(await f.meter.currentEpoch()).to.equal(epoch + 2n);
    });

    it("lets only the owner set quotas, within their ranges", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await expect(f.meter.connect(bob).setQuota(f.pid, 1n, 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.pid, bob.address, alice.address);
      const maxP = await f.meter.MAX_PROCESS_QUOTA();
      const maxU = await f.meter.MAX_USER_QUOTA();
      await expect(f.meter.connect(alice).setQuota(f.pid, maxP + 1n, 0))
        .to.be.revertedWithCustomError(f.meter, "GasMeterValueTooLarge")
        .withArgs(maxP + 1n, maxP);
      await expect(f.meter.connect(alice).setQuota(f.pid, 0, maxU + 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterValueTooLarge")
        .withArgs(maxU + 1n, maxU);
      await send(f.meter.connect(alice).setQuota(f.pid, maxP, maxU));
      expect(await f.meter.quotaOf(f.pid)).to.deep.equal([maxP, maxU]);
    });
  });

  describe("low budget", function () {
    it("emits BudgetLow(pid, remaining, estimatedCallsLeft) once, when a charge crosses the owner's threshold", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      const first = charged(await send(f.counter.connect(bob).incrementMetered()), f.meter);
      const budget = await f.meter.budgetOf(f.pid);
      const threshold = budget - first.cost / 2n; // the next call crosses it
      await expect(f.meter.connect(bob).setLowBudgetThreshold(f.pid, threshold)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterNotProcessOwner",
      );
      await expect(f.meter.connect(alice).setLowBudgetThreshold(f.pid, threshold))
        .to.emit(f.meter, "LowBudgetThresholdSet")
        .withArgs(f.pid, threshold);
      const receipt = await send(f.counter.connect(bob).incrementMetered());
      const c = charged(receipt, f.meter);
      const low = eventsOf(receipt, f.meter).filter((e) => e.name === "BudgetLow");
      expect(low).to.have.length(1);
      expect(low[0].args.pid).to.equal(f.pid);
      expect(low[0].args.remaining).to.equal(budget - c.cost);
      expect(low[0].args.estimatedCallsLeft).to.equal((budget - c.cost) / c.cost);
      const again = await send(f.counter.connect(bob).incrementMetered());
      expect(eventsOf(again, f.meter).filter((e) => e.name === "BudgetLow")).to.have.length(0);
    });

    it("reverts with GasMeterValueTooLarge for a threshold above 2^96 - 1 NYN-wei, keeping the old one", async function () {
      const f = await loadFixture(meterFixture);
      const max = 2n ** 96n - 1n;
      await send(f.meter.connect(f.accounts.alice).setLowBudgetThreshold(f.pid, max));
      await expect(f.meter.connect(f.accounts.alice).setLowBudgetThreshold(f.pid, max + 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterValueTooLarge")
        .withArgs(max + 1n, max);
      expect((await f.meter.meterInfo(f.pid)).lowBudgetThreshold).to.equal(max);
    });
  });

  describe("usage", function () {
    it("reports a process's gas in the epoch it was charged and 0 for any other epoch", async function () {
      const f = await loadFixture(meterFixture);
      const c = charged(await send(f.counter.connect(f.accounts.bob).incrementMetered()), f.meter);
      const epoch = await f.meter.currentEpoch();
      expect(await f.meter.usage(f.pid, epoch)).to.equal(c.gas);
      expect(await f.meter.usage(f.pid, epoch + 1n)).to.equal(0n);
      expect(await f.meter.usage(f.pid, epoch - 1n)).to.equal(0n);
    });
  });

  describe("setRelayGasCap", function () {
    it("reverts with GasMeterValueTooLarge for a cap above 2^64 - 1 gas, keeping the old one", async function () {
      const f = await loadFixture(meterFixture);
      const max = 2n ** 64n - 1n;
      await expect(f.meter.connect(f.accounts.alice).setRelayGasCap(f.pid, max + 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterValueTooLarge")
        .withArgs(max + 1n, max);
      expect((await f.meter.meterInfo(f.pid)).relayGasCap).to.equal(RELAY_CAP);
    });
  });

  describe("setRelaySignerCapability", function () {
    /** Sign an increment request to PID 1 as `signer` and relay it as the fixture's relayer. */
    async function relayAs(f: Awaited<ReturnType<typeof meterFixture>>, signer: ethers.Signer) {
      const data = f.counter.interface.encodeFunctionData("incrementMetered");
      const request = await signRequest(f.forwarder, signer, { to: await f.counter.getAddress(), data });
      return f.forwarder.connect(f.accounts.relayer).executeRelayed(request, f.pid);
    }

    it("lets the owner restrict reimbursed relays to signers holding a capability, and lift it with zero", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      expect(await f.meter.relaySignerCapability(f.pid)).to.equal(ethers.ZeroHash);
      await expect(f.meter.connect(alice).setRelaySignerCapability(f.pid, CAPABILITY.INCREMENT))
        .to.emit(f.meter, "RelaySignerCapabilitySet")
        .withArgs(f.pid, CAPABILITY.INCREMENT);
      expect(await f.meter.relaySignerCapability(f.pid)).to.equal(CAPABILITY.INCREMENT);
      await expect(f.meter.connect(alice).setRelaySignerCapability(f.pid, ethers.ZeroHash))
        .to.emit(f.meter, "RelaySignerCapabilitySet")
        .withArgs(f.pid, ethers.ZeroHash);
      expect(await f.meter.relaySignerCapability(f.pid)).to.equal(ethers.ZeroHash);
    });

    it("reverts with GasMeterNotProcessOwner for anyone but the owner", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await expect(f.meter.connect(bob).setRelaySignerCapability(f.pid, CAPABILITY.INCREMENT))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.pid, bob.address, alice.address);
    });

    it("refuses a stranger's relayed request with GasMeterRelaySignerNotAllowed: nothing is paid, the nonce stays", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, relayer } = f.accounts;
      await send(f.meter.connect(alice).setRelaySignerCapability(f.pid, CAPABILITY.INCREMENT));
      const stranger = ethers.Wallet.createRandom();
      const budget = await f.meter.budgetOf(f.pid);
      await expect(relayAs(f, stranger))
        .to.be.revertedWithCustomError(f.meter, "GasMeterRelaySignerNotAllowed")
        .withArgs(f.pid, stranger.address, CAPABILITY.INCREMENT);
      expect(await f.meter.budgetOf(f.pid)).to.equal(budget);
      expect(await f.meter.claimable(relayer.address)).to.equal(0n);
      expect(await f.forwarder.nonces(stranger.address)).to.equal(0n);
    });

    it("reimburses relays signed by the owner or a capability holder, and refuses a holder once expired", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, carol, relayer } = f.accounts;
      await send(f.meter.connect(alice).setRelaySignerCapability(f.pid, CAPABILITY.INCREMENT));
      for (const signer of [alice, bob]) {
        const receipt = await send(relayAs(f, signer));
        expect(charged(receipt, f.meter).user).to.equal(signer.address);
      }
      expect(await f.meter.claimable(relayer.address)).to.be.gt(0n);
      // Carol holds the capability for one minute only.
      const expires = BigInt(await time.latest()) + 60n;
      await send(f.acl.connect(alice).grantCapability(f.pid, carol.address, CAPABILITY.INCREMENT, expires));
      await send(relayAs(f, carol));
      await time.increaseTo(expires + 1n);
      await expect(relayAs(f, carol))
        .to.be.revertedWithCustomError(f.meter, "GasMeterRelaySignerNotAllowed")
        .withArgs(f.pid, carol.address, CAPABILITY.INCREMENT);
    });
  });

  describe("setRelaySelectors / setRelaySelectorsOnly (issue 17 part 2: sponsorship rules)", function () {
    /** Sign a request calling `fn` of PID 1's Counter as `signer` and relay it as the fixture's relayer. */
    async function relayCall(
      f: Awaited<ReturnType<typeof meterFixture>>,
      signer: ethers.Signer,
      fn: string,
      args: unknown[] = [],
    ) {
      const data = f.counter.interface.encodeFunctionData(fn as "reset", args as [bigint]);
      const request = await signRequest(f.forwarder, signer, { to: await f.counter.getAddress(), data });
      return f.forwarder.connect(f.accounts.relayer).executeRelayed(request, f.pid);
    }

    it("lets the owner sponsor selectors and turn the rule on and off, with events and views", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      const metered = f.counter.interface.getFunction("incrementMetered").selector;
      const plain = f.counter.interface.getFunction("increment").selector;
      expect(await f.meter.relaySelectorsOnly(f.pid)).to.equal(false);
      expect(await f.meter.isRelaySelectorSponsored(f.pid, metered)).to.equal(false);
      await expect(f.meter.connect(alice).setRelaySelectors(f.pid, [metered, plain], true))
        .to.emit(f.meter, "RelaySelectorSet")
        .withArgs(f.pid, metered, true)
        .and.to.emit(f.meter, "RelaySelectorSet")
        .withArgs(f.pid, plain, true);
      await expect(f.meter.connect(alice).setRelaySelectors(f.pid, [plain], false))
        .to.emit(f.meter, "RelaySelectorSet")
        .withArgs(f.pid, plain, false);
      expect(await f.meter.isRelaySelectorSponsored(f.pid, metered)).to.equal(true);
      expect(await f.meter.isRelaySelectorSponsored(f.pid, plain)).to.equal(false);
      await expect(f.meter.connect(alice).setRelaySelectorsOnly(f.pid, true))
        .to.emit(f.meter, "RelaySelectorsOnlySet")
        .withArgs(f.pid, true);
      expect(await f.meter.relaySelectorsOnly(f.pid)).to.equal(true);
      // The two rules share one settings field: each switches independently.
      await send(f.meter.connect(alice).setRelaySignerCapability(f.pid, CAPABILITY.INCREMENT));
      await send(f.meter.connect(alice).setRelaySelectorsOnly(f.pid, false));
      expect(await f.meter.relaySelectorsOnly(f.pid)).to.equal(false);
      expect(await f.meter.relaySignerCapability(f.pid)).to.equal(CAPABILITY.INCREMENT);
      await send(f.meter.connect(alice).setRelaySelectorsOnly(f.pid, true));
      await send(f.meter.connect(alice).setRelaySignerCapability(f.pid, ethers.ZeroHash));
      expect(await f.meter.relaySelectorsOnly(f.pid)).to.equal(true);
    });

    it("reverts with GasMeterNotProcessOwner for anyone but the owner", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await expect(f.meter.connect(bob).setRelaySelectors(f.pid, ["0x12345678"], true))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.pid, bob.address, alice.address);
      await expect(f.meter.connect(bob).setRelaySelectorsOnly(f.pid, true))
        .to.be.revertedWithCustomError(f.meter, "GasMeterNotProcessOwner")
        .withArgs(f.pid, bob.address, alice.address);
    });

    it("refuses a relayed call of an unsponsored selector naming it, pays nothing; sponsored ones and direct calls go", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob, relayer } = f.accounts;
      const metered = f.counter.interface.getFunction("incrementMetered").selector;
      const reset = f.counter.interface.getFunction("reset").selector;
      // Off by default: any selector is reimbursed.
      await send(relayCall(f, bob, "increment"));
      await send(f.meter.connect(alice).setRelaySelectors(f.pid, [metered], true));
      await send(f.meter.connect(alice).setRelaySelectorsOnly(f.pid, true));
      const budget = await f.meter.budgetOf(f.pid);
      const owed = await f.meter.claimable(relayer.address);
      const nonce = await f.forwarder.nonces(bob.address);
      await expect(relayCall(f, bob, "increment"))
        .to.be.revertedWithCustomError(f.meter, "GasMeterSelectorNotSponsored")
        .withArgs(f.pid, f.counter.interface.getFunction("increment").selector);
      await expect(relayCall(f, alice, "reset", [0n]))
        .to.be.revertedWithCustomError(f.meter, "GasMeterSelectorNotSponsored")
        .withArgs(f.pid, reset);
      expect(await f.meter.budgetOf(f.pid)).to.equal(budget);
      expect(await f.meter.claimable(relayer.address)).to.equal(owed);
      expect(await f.forwarder.nonces(bob.address)).to.equal(nonce);
      const receipt = await send(relayCall(f, bob, "incrementMetered"));
      expect(charged(receipt, f.meter).user).to.equal(bob.address);
      expect(await f.meter.claimable(relayer.address)).to.be.gt(owed);
      // Not relayed: the rule does not apply.
      await send(f.counter.connect(bob).increment());
      await send(f.counter.connect(bob).incrementMetered());
    });
  });

  describe("setPrice", function () {
    it("lets governance (root) change the price within bounds, for later charges only", async function () {
      const f = await loadFixture(meterFixture);
      const { deployer, bob } = f.accounts;
      const before = charged(await send(f.counter.connect(bob).incrementMetered()), f.meter);
      const budget = await f.meter.budgetOf(f.pid);
      await expect(f.meter.connect(deployer).setPrice(PRICE * 3n))
        .to.emit(f.meter, "PriceChanged")
        .withArgs(PRICE, PRICE * 3n);
      expect(await f.meter.budgetOf(f.pid)).to.equal(budget); // nothing repriced
      const after = charged(await send(f.counter.connect(bob).incrementMetered()), f.meter);
      expect(after.cost).to.equal(after.gas * PRICE * 3n);
      expect(before.cost).to.equal(before.gas * PRICE);
    });

    it("reverts with ACLUnauthorized for anyone else, and with GasMeterPriceOutOfBounds outside the bounds", async function () {
      const f = await loadFixture(meterFixture);
      const { deployer, alice } = f.accounts;
      await expect(f.meter.connect(alice).setPrice(1n))
        .to.be.revertedWithCustomError(f.acl, "ACLUnauthorized")
        .withArgs(alice.address, f.addresses.gasMeter, PERMISSION.SET_METER_PARAMS);
      const max = await f.meter.MAX_PRICE();
      await expect(f.meter.connect(deployer).setPrice(0n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterPriceOutOfBounds")
        .withArgs(0n, 1n, max);
      await expect(f.meter.connect(deployer).setPrice(max + 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterPriceOutOfBounds")
        .withArgs(max + 1n, 1n, max);
    });
  });

  describe("setEpochLength", function () {
    it("reverts with ACLUnauthorized for anyone but governance, and outside the bounds", async function () {
      const f = await loadFixture(meterFixture);
      const { deployer, alice } = f.accounts;
      await expect(f.meter.connect(alice).setEpochLength(3600n)).to.be.revertedWithCustomError(
        f.acl,
        "ACLUnauthorized",
      );
      const min = await f.meter.MIN_EPOCH_LENGTH();
      const max = await f.meter.MAX_EPOCH_LENGTH();
      await expect(f.meter.connect(deployer).setEpochLength(min - 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterEpochLengthOutOfBounds")
        .withArgs(min - 1n, min, max);
      await expect(f.meter.connect(deployer).setEpochLength(max + 1n)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterEpochLengthOutOfBounds",
      );
    });
  });

  describe("collectFees", function () {
    it("lets governance take the fees of direct metered calls, and no more", async function () {
      const f = await loadFixture(meterFixture);
      const { deployer, alice, carol } = f.accounts;
      await send(f.counter.connect(alice).incrementMetered());
      const fees = await f.meter.fees();
      await expect(f.meter.connect(alice).collectFees(alice.address, fees))
        .to.be.revertedWithCustomError(f.acl, "ACLUnauthorized")
        .withArgs(alice.address, f.addresses.gasMeter, PERMISSION.COLLECT_METER_FEES);
      await expect(f.meter.connect(deployer).collectFees(carol.address, fees + 1n))
        .to.be.revertedWithCustomError(f.meter, "GasMeterFeesExceeded")
        .withArgs(fees + 1n, fees);
      const before = await f.nyn.balanceOf(carol.address);
      await expect(f.meter.connect(deployer).collectFees(carol.address, fees))
        .to.emit(f.meter, "FeesCollected")
        .withArgs(deployer.address, carol.address, fees);
      expect(await f.nyn.balanceOf(carol.address)).to.equal(before + fees);
      expect(await f.meter.fees()).to.equal(0n);
    });

    it("reverts with GasMeterZeroAmount for 0 and GasMeterZeroAddress for the zero recipient", async function () {
      const f = await loadFixture(meterFixture);
      const { deployer, alice, carol } = f.accounts;
      await send(f.counter.connect(alice).incrementMetered());
      const fees = await f.meter.fees();
      await expect(f.meter.connect(deployer).collectFees(carol.address, 0n)).to.be.revertedWithCustomError(
        f.meter,
        "GasMeterZeroAmount",
      );
      await expect(f.meter.connect(deployer).collectFees(ethers.ZeroAddress, fees))
        .to.be.revertedWithCustomError(f.meter, "GasMeterZeroAddress")
        .withArgs("to");
      expect(await f.meter.fees()).to.equal(fees);
    });
  });

  describe("meterInfo", function () {
    it("returns budget, price, epoch, usage, quotas, threshold, cap, runway and status in one call", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await send(f.meter.connect(alice).setQuota(f.pid, 1_000_000n, 400_000n));
      await send(f.meter.connect(alice).setLowBudgetThreshold(f.pid, 7n));
      const c = charged(await send(f.counter.connect(bob).incrementMetered()), f.meter);
      const info = await f.meter.meterInfo(f.pid);
      const { epoch, endsAt } = await f.meter.epochInfo();
      expect(info.budget).to.equal(BUDGET - c.cost);
      expect(info.price).to.equal(PRICE);
      expect(info.epoch).to.equal(epoch);
      expect(info.epochEndsAt).to.equal(endsAt);
      expect(info.usedThisEpoch).to.equal(c.gas);
      expect(info.processQuota).to.equal(1_000_000n);
      expect(info.userQuota).to.equal(400_000n);
      expect(info.lowBudgetThreshold).to.equal(7n);
      expect(info.relayGasCap).to.equal(await f.meter.meterInfo(f.pid).then((i) => i.relayGasCap));
      expect(info.runwayGas).to.equal((BUDGET - c.cost) / PRICE);
      expect(info.quotaLeft).to.equal(1_000_000n - c.gas);
      expect(info.spendable).to.equal(true);
      expect(info.health).to.equal(0n);
      expect(info.freezeThreshold).to.equal(0n);
      expect(info.spendableBudget).to.equal(BUDGET - c.cost);
      await send(f.registry.connect(alice).suspend(f.pid));
      expect((await f.meter.meterInfo(f.pid)).spendable).to.equal(false);
    });

    it("reports health, freezing threshold and the budget spendable above it; runwayCalls counts calls of a given gas", async function () {
      const f = await loadFixture(meterFixture);
      const { alice } = f.accounts;
      const budget = await f.meter.budgetOf(f.pid);
      const threshold = budget / 4n;
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, threshold));
      await send(f.meter.connect(alice).setLowBudgetThreshold(f.pid, budget + 1n));
      const info = await f.meter.meterInfo(f.pid);
      expect(info.health).to.equal(1n); // low: below the low-budget threshold, above the freezing one
      expect(info.freezeThreshold).to.equal(threshold);
      expect(info.spendableBudget).to.equal(budget - threshold);
      expect(await f.meter.runwayCalls(f.pid, 50_000n)).to.equal((budget - threshold) / (50_000n * PRICE));
      await expect(f.meter.runwayCalls(f.pid, 0n)).to.be.revertedWithCustomError(f.meter, "GasMeterZeroAmount");
      await send(f.meter.connect(alice).setFreezeThreshold(f.pid, budget));
      const frozen = await f.meter.meterInfo(f.pid);
      expect([frozen.health, frozen.spendableBudget]).to.deep.equal([2n, 0n]);
      expect(await f.meter.runwayCalls(f.pid, 50_000n)).to.equal(0n);
    });
  });

  describe("measurement accuracy", function () {
    // How: the meter's GasCharged.gasUsed for a call is compared with the receipt of the very same transaction.
    // The metered modifier measures gasleft() at entry and exit; the constants (METERED_CALL_OVERHEAD,
    // CHARGE_OVERHEAD, USER_USAGE_GAS, NEW_SLOT_GAS, RELAY_OVERHEAD, RELAY_CHARGE_OVERHEAD) cover what it cannot see.
    function within5(chargedGas: bigint, receiptGas: bigint) {
      const diff = chargedGas > receiptGas ? chargedGas - receiptGas : receiptGas - chargedGas;
      expect(Number(diff) / Number(receiptGas), `charged ${chargedGas}, receipt ${receiptGas}`).to.be.lte(
        ACCURACY_TOLERANCE,
      );
    }

    it("charges a direct metered call within 5 % of its receipt (owner, capability holder, first and later calls)", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      for (const who of [alice, bob, bob, alice]) {
        const receipt = await send(f.counter.connect(who).incrementMetered());
        within5(charged(receipt, f.meter).gas, receipt.gasUsed);
      }
    });

    it("stays within 5 % with a per-user quota (new and known users) and for a heavy call", async function () {
      const f = await loadFixture(meterFixture);
      const { alice, bob } = f.accounts;
      await send(f.meter.connect(alice).setQuota(f.pid, 0, 10_000_000n));
      for (const who of [bob, bob, alice]) {
        const receipt = await send(f.counter.connect(who).incrementMetered());
        within5(charged(receipt, f.meter).gas, receipt.gasUsed);
      }
      const t = await spawnTestProgram(f, alice);
      for (const rounds of [1n, 500n]) {
        const receipt = await send(t.program.connect(alice).burn(rounds));
        within5(charged(receipt, f.meter).gas, receipt.gasUsed);
      }
    });

    it("charges a relayed request within 5 % of the relayer's receipt", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const data = f.counter.interface.encodeFunctionData("incrementMetered");
      for (let i = 0; i < 2; i++) {
        const request = await signRequest(f.forwarder, bob, { to: await f.counter.getAddress(), data });
        const receipt = await send(f.forwarder.connect(relayer).executeRelayed(request, f.pid));
        within5(charged(receipt, f.meter).gas, receipt.gasUsed);
      }
    });

    it("leaves out the transaction's intrinsic gas when a contract makes the metered call", async function () {
      const f = await loadFixture(meterFixture);
      const { bob, relayer } = f.accounts;
      const data = f.counter.interface.encodeFunctionData("incrementMetered");
      const request = await signRequest(f.forwarder, bob, { to: await f.counter.getAddress(), data });
      const receipt = await send(f.forwarder.connect(relayer).execute(request)); // plain OZ execute: not reimbursed
      const c = charged(receipt, f.meter);
      expect(c.user).to.equal(bob.address);
      expect(c.gas).to.be.lt(receipt.gasUsed - 21_000n);
      expect(await f.meter.claimable(relayer.address)).to.equal(0n);
    });
  });
});
