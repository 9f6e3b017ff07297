import hre from "hardhat";

/**
 * `npx hardhat run scripts/trace-metered-call.ts`: where the gas of a metered call goes (issue 18 "Metered call").
 * Sets up the bench's subject (bench/meter.ts: Alice's Counter, funded, Bob holding INCREMENT, every slot warm and
 * non-zero), sends `increment` and `incrementMetered` from Bob, traces both (`debug_traceTransaction`, struct logs)
 * and prints each one's execution gas by frame (the contract a call frame runs as) and by kind of work (cold/warm
 * account access, SLOAD, SSTORE, TLOAD/TSTORE, LOG, memory and copying, the rest), then the metered call's frames
 * in order, with every storage and account access. Gas of a CALL-like opcode is its own cost (access, value,
 * memory), not the child's execution, which is counted in the child's frame.
 */
interface Step {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

const CALLS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);

function kind(op: string, cost: number): string {
  if (op === "SLOAD") return cost >= 2100 ? "SLOAD cold" : "SLOAD warm";
  if (op === "SSTORE") return "SSTORE";
  if (op === "TLOAD" || op === "TSTORE") return "TLOAD/TSTORE";
  if (op.startsWith("LOG")) return "LOG";
  if (CALLS.has(op)) return cost >= 2600 ? "CALL cold account" : "CALL warm account";
  if (op === "EXTCODECOPY" || op === "EXTCODESIZE" || op === "EXTCODEHASH" || op === "BALANCE")
    return cost >= 2600 ? "EXT* cold account" : "EXT* warm";
  if (op.endsWith("COPY") || op === "MLOAD" || op === "MSTORE" || op === "MSTORE8" || op === "KECCAK256")
    return "memory/copy/keccak";
  if (op === "JUMP" || op === "JUMPI" || op === "JUMPDEST") return "jumps";
  return "arith/stack/other";
}

async function main() {
  const { ethers } = hre;
  const { deploySystem } = await import("../deploy/deploySystem");
  const { KERNEL_TEST_CONFIG } = await import("../deploy/config");
  const { CAPABILITY, NO_EXPIRY } = await import("../lib/ids");
  const { Counter__factory } = await import("../typechain-types");
  const [, , alice, bob] = await ethers.getSigners();
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const meter = s.gasMeter;
  const { spawn } = await import("../lib/spawn");
  const { pid, instance } = await spawn(s.registry.connect(alice), s.programs.Counter);
  const counter = Counter__factory.connect(instance, bob);
  await (await s.nyn.connect(alice).approve(await meter.getAddress(), ethers.MaxUint256)).wait();
  await (await meter.connect(alice).deposit(pid, ethers.parseEther("1000"))).wait();
  await (await s.acl.connect(alice).grantCapability(pid, bob.address, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  await (await counter.increment()).wait();
  await (await counter.incrementMetered()).wait();

  const names = new Map<string, string>();
  const name = (a: string) => names.get(a.toLowerCase()) ?? a.slice(0, 10);
  names.set((await counter.getAddress()).toLowerCase(), "Counter clone");
  names.set(String((await s.registry.program(s.programs.Counter)).implementation).toLowerCase(), "Counter program");
  names.set((await meter.getAddress()).toLowerCase(), "GasMeter proxy");
  for (const [k, v] of Object.entries(s.addresses.implementations)) names.set(String(v).toLowerCase(), `${k} impl`);
  names.set(s.addresses.processRegistry.toLowerCase(), "ProcessRegistry proxy");
  names.set(s.addresses.acl.toLowerCase(), "ACL proxy");

  async function trace(label: string, send: () => Promise<{ hash: string; gasUsed: bigint }>) {
    const { hash, gasUsed } = await send();
    const result = (await hre.network.provider.send("debug_traceTransaction", [hash, { disableMemory: true }])) as {
      structLogs: Step[];
      gas: number;
    };
    const steps = result.structLogs;
    // Own cost of each step: the drop in gas to the next step at the same depth, less the child's execution.
    const byFrame = new Map<string, Map<string, number>>();
    const order: string[] = [];
    const frames: string[] = [name(await counter.getAddress())];
    const accesses: string[] = [];
    let total = 0;
    for (let i = 0; i < steps.length; i++) {
      const st = steps[i];
      const frame = frames[st.depth - 1] ?? "?";
      let cost = st.gasCost;
      if (CALLS.has(st.op)) {
        const next = steps[i + 1];
        const target =
          "0x" +
          BigInt("0x" + st.stack![st.stack!.length - 2].replace(/^0x/, ""))
            .toString(16)
            .padStart(40, "0");
        if (next && next.depth === st.depth + 1) {
          // Find the step after the child returns.
          let j = i + 1;
          while (j < steps.length && steps[j].depth > st.depth) j++;
          const back = steps[j];
          const childExec = next.gas - (steps[j - 1].gas - steps[j - 1].gasCost);
          cost = st.gas - back.gas - childExec;
          frames[st.depth] = st.op === "DELEGATECALL" ? `${name(target)} (delegated by ${frame})` : name(target);
        } else {
          cost = st.gas - (steps[i + 1]?.gas ?? st.gas);
        }
        accesses.push(`  ${frame}: ${st.op} ${name(target)} ${cost}`);
      }
      if (st.op === "SLOAD" || st.op === "SSTORE") {
        const key = st.stack![st.stack!.length - 1];
        accesses.push(
          `  ${frame}: ${st.op} ${BigInt("0x" + key.replace(/^0x/, ""))
            .toString(16)
            .slice(0, 12)}… ${cost}`,
        );
      }
      if (st.op.startsWith("LOG")) accesses.push(`  ${frame}: ${st.op} ${cost}`);
      if (!byFrame.has(frame)) {
        byFrame.set(frame, new Map());
        order.push(frame);
      }
      const k = kind(st.op, cost);
      const m = byFrame.get(frame)!;
      m.set(k, (m.get(k) ?? 0) + cost);
      total += cost;
    }
    console.log(
      `\n## ${label}: receipt gasUsed ${gasUsed}, execution (traced) ${total}, intrinsic ${gasUsed - BigInt(total)}`,
    );
    for (const f of order) {
      const m = byFrame.get(f)!;
      const sum = [...m.values()].reduce((a, b) => a + b, 0);
      const parts = [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
      console.log(`- ${f}: ${sum} (${parts.join(", ")})`);
    }
    return { byFrame, accesses, gasUsed, total };
  }

  const send = (fn: "increment" | "incrementMetered") => async () => {
    const r = (await (await counter[fn]()).wait())!;
    return { hash: r.hash, gasUsed: r.gasUsed };
  };
  const plain = await trace("Counter.increment", send("increment"));
  const metered = await trace("Counter.incrementMetered", send("incrementMetered"));
  console.log(`\nmetered − plain: ${metered.gasUsed - plain.gasUsed} gas (receipts)`);
  console.log("\nAccesses of the metered call, in order (frame: op target/slot own-gas):");
  console.log(metered.accesses.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
