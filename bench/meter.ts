import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import type { BenchOp, BenchScaling } from "./types";
import { spawn } from "../lib/spawn";

/** Gas used by a sent transaction. */
async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

function row(op: string, ours: number, anchor = "", anchorGas = 0, goal?: BenchOp["goal"]): BenchOp {
  return { op, ours, anchor, anchorGas, ratio: anchorGas ? Number((ours / anchorGas).toFixed(4)) : 0, goal };
}

/**
 * The gas meter's costs (`npm run bench` section "meter", or standalone: `npx hardhat run bench/meter.ts`):
 * - metered-call overhead: Counter.incrementMetered − Counter.increment, same caller, same (warm, non-zero) storage;
 * - relayed + metered overhead: KernelForwarder.executeRelayed(incrementMetered) − a direct Counter.increment, next to
 *   the anchor OpenZeppelin ERC2771Forwarder.execute(increment) − the same direct call;
 * - scaling: a metered call with 1, 100 and 10,000 existing processes, users with usage in the meter, and epochs.
 * Deploys a fresh system (root = deployer) on the current network.
 */
export async function benchMeter(hre: HardhatRuntimeEnvironment): Promise<{ ops: BenchOp[]; scaling: BenchScaling[] }> {
  const { ethers } = hre;
  const { deploySystem } = await import("../deploy/deploySystem");
  const { KERNEL_TEST_CONFIG } = await import("../deploy/config");
  const { CAPABILITY, NO_EXPIRY } = await import("../lib/ids");
  const { signForwardRequest } = await import("../lib/forwardRequest");
  const { Counter__factory, MeterTestProgram__factory, BatchSpawner__factory } = await import("../typechain-types");
  const [deployer, , alice, bob, , , relayer] = await ethers.getSigners();
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const meter = s.gasMeter;
  const meterAddress = await meter.getAddress();
  const ops: BenchOp[] = [];
  const scaling: BenchScaling[] = [];

  // Subject: Alice's Counter, funded, relaying reimbursed, Bob holding INCREMENT.
  const { pid, instance } = await spawn(s.registry.connect(alice), s.programs.Counter);
  const counter = Counter__factory.connect(instance, bob);
  await (await s.nyn.connect(alice).approve(meterAddress, ethers.MaxUint256)).wait();
  await (await meter.connect(alice).deposit(pid, ethers.parseEther("1000"))).wait();
  await (await meter.connect(alice).setRelayGasCap(pid, 1_000_000n)).wait();
  await (await s.acl.connect(alice).grantCapability(pid, bob.address, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  const relay = async (fn: "increment" | "incrementMetered", reimbursed: boolean) => {
    const data =
      fn === "increment"
        ? counter.interface.encodeFunctionData("increment")
        : counter.interface.encodeFunctionData("incrementMetered");
    const request = await signForwardRequest(s.forwarder.connect(relayer), bob, {
      to: await counter.getAddress(),
      data,
    });
    return gasOf(
      reimbursed
        ? s.forwarder.connect(relayer).executeRelayed(request, pid)
        : s.forwarder.connect(relayer).execute(request),
    );
  };
  // Warm-up: every slot both paths write becomes non-zero (counter, Bob's tally, nonces, relayer's balance, fees).
  await (await counter.increment()).wait();
  await (await counter.incrementMetered()).wait();
  await relay("incrementMetered", true);
  await relay("increment", false);

  // --- metered call overhead
  const direct = await gasOf(counter.increment());
  const metered = await gasOf(counter.incrementMetered());
  ops.push(row("Counter.increment (unmetered, capability holder)", direct));
  ops.push(row("Counter.incrementMetered (metered, capability holder)", metered));
  ops.push(row("metered call overhead (incrementMetered − increment)", metered - direct, "", 0, { maxGas: 10_000 }));
  await (await meter.connect(alice).setQuota(pid, 0, 4_000_000_000n)).wait();
  await (await counter.incrementMetered()).wait(); // Bob's usage slot exists
  const meteredUserQuota = await gasOf(counter.incrementMetered());
  ops.push(row("metered call overhead with a per-user quota", meteredUserQuota - direct));
  await (await meter.connect(alice).setQuota(pid, 0, 0)).wait();

  // --- relayed + metered vs direct unmetered, next to OZ's forwarder alone
  const ozExecute = await relay("increment", false);
  const relayedMetered = await relay("incrementMetered", true);
  ops.push(row("OZ ERC2771Forwarder.execute(increment)", ozExecute));
  ops.push(row("KernelForwarder.executeRelayed(incrementMetered)", relayedMetered));
  ops.push(
    row(
      "relayed + metered overhead (executeRelayed(incrementMetered) − direct increment)",
      relayedMetered - direct,
      "OZ ERC2771Forwarder.execute overhead",
      ozExecute - direct,
      {
        maxGas: 40_000,
      },
    ),
  );

  // --- budget operations (steady state)
  ops.push(row("meter deposit", await gasOf(meter.connect(alice).deposit(pid, 1n))));
  ops.push(row("meter withdraw", await gasOf(meter.connect(alice).withdraw(pid, 1n, alice.address))));
  await relay("incrementMetered", true);
  ops.push(row("relayer claim", await gasOf(meter.connect(relayer).claim(relayer.address))));

  // --- the owner's settings of issue 17 part 2 (each from off to on, then back off, so nothing later is affected)
  const owner = meter.connect(alice);
  const meteredSelector = Counter__factory.createInterface().getFunction("incrementMetered").selector;
  ops.push(row("meter setFreezeThreshold (off -> on)", await gasOf(owner.setFreezeThreshold(pid, 1n))));
  ops.push(
    row(
      "meter setRelaySelectors (1 selector sponsored)",
      await gasOf(owner.setRelaySelectors(pid, [meteredSelector], true)),
    ),
  );
  ops.push(row("meter setRelaySelectorsOnly (rule on)", await gasOf(owner.setRelaySelectorsOnly(pid, true))));
  ops.push(
    row("meter setRelayRevertedCallsSponsored (refuse)", await gasOf(owner.setRelayRevertedCallsSponsored(pid, false))),
  );
  await (await owner.setRelayRevertedCallsSponsored(pid, true)).wait();
  await (await owner.setRelaySelectorsOnly(pid, false)).wait();
  await (await owner.setFreezeThreshold(pid, 0n)).wait();

  // --- scaling: 1, 100, 10,000 processes / users / epochs
  const ns = [1, 100, 10_000];
  const programImpl = await new MeterTestProgram__factory(deployer).deploy(s.addresses.kernel);
  await (await s.registry.registerProgram(await programImpl.getAddress(), "MeterBench", "1", "")).wait();
  const tSpawned = await spawn(s.registry.connect(alice), await s.registry.programCount());
  const tPid = tSpawned.pid;
  const program = MeterTestProgram__factory.connect(tSpawned.instance, alice);
  await (await meter.connect(alice).deposit(tPid, ethers.parseEther("1000"))).wait();
  await (await meter.connect(alice).setQuota(tPid, 0, 4_000_000_000n)).wait(); // per-user usage recorded on every charge
  await (await program.burn(1n)).wait();
  const spawner = await new BatchSpawner__factory(deployer).deploy();
  const byProcesses: number[] = [];
  const byUsers: number[] = [];
  const byEpochs: number[] = [];
  let processes = Number(await s.registry.processCount());
  let users = 1;
  let epochs = 1;
  for (const n of ns) {
    while (processes < n) {
      const k = Math.min(90, n - processes);
      await (
        await spawner.spawnMany(s.addresses.processRegistry, s.programs.Counter, k, { gasLimit: 16_000_000 })
      ).wait();
      processes += k;
    }
    byProcesses.push(await gasOf(program.burn(1n)));
    while (users < n) {
      const k = Math.min(250, n - users);
      const batch = Array.from({ length: k }, (_, i) =>
        ethers.getAddress(ethers.toBeHex(0x10000n + BigInt(users + i), 20)),
      );
      await (await program.chargeMany(batch, 1_000n, { gasLimit: 16_000_000 })).wait();
      users += k;
    }
    byUsers.push(await gasOf(program.burn(1n)));
    if (epochs < n) {
      const [, epochLength] = await meter.epochInfo();
      await hre.network.provider.send("evm_increaseTime", [Number(epochLength) * (n - epochs)]);
      await hre.network.provider.send("evm_mine", []);
      await (await program.burn(1n)).wait(); // the first call of the new epoch resets lazily; measure a later one
      epochs = n;
    }
    byEpochs.push(await gasOf(program.burn(1n)));
  }
  scaling.push({ op: "metered call (existing processes)", n: ns, gas: byProcesses });
  scaling.push({ op: "metered call, per-user quota (users with usage in the meter)", n: ns, gas: byUsers });
  scaling.push({ op: "metered call, per-user quota (epochs elapsed)", n: ns, gas: byEpochs });
  return { ops, scaling };
}

async function main() {
  const hre = (await import("hardhat")).default;
  await hre.run("compile", { quiet: true });
  const { ops, scaling } = await benchMeter(hre);
  const lines = ["| op | gas | anchor | anchor gas | ratio | goal |", "|---|---:|---|---:|---:|---|"];
  for (const op of ops) {
    const goal =
      op.goal?.maxGas !== undefined ? `${op.ours <= op.goal.maxGas ? "met" : "MISSED"} (≤ ${op.goal.maxGas})` : "";
    lines.push(
      `| ${op.op} | ${op.ours} | ${op.anchor || "-"} | ${op.anchorGas || "-"} | ${op.ratio || "-"} | ${goal} |`,
    );
  }
  lines.push("", "| scaling | n | gas | flat |", "|---|---|---|---|");
  for (const sc of scaling) {
    const min = Math.min(...sc.gas);
    const max = Math.max(...sc.gas);
    lines.push(
      `| ${sc.op} | ${sc.n.join(" / ")} | ${sc.gas.join(" / ")} | ${max <= min * 1.01 ? "yes" : "NO"} (spread ${(((max - min) / min) * 100).toFixed(2)} %) |`,
    );
  }
  console.log(lines.join("\n"));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
