import fs from "fs";
import path from "path";
import hre from "hardhat";
import { deploySystem } from "../deploy/deploySystem";
import { LOCAL_CONFIG } from "../deploy/config";
import { benchCore } from "./core";
import type { BenchOp, BenchScaling } from "./types";
import { EIP170_LIMIT, readContractSizes, sizeBreaches } from "../lib/sizes";
import { BENCH_TOLERANCE, benchRegressions, formatRegression } from "../lib/bench";

/**
 * `npm run bench`: measure our operations side by side with their anchors on the in-process Hardhat network (same
 * compiler settings for every contract), print a markdown table, and write bench/results.json.
 * With BENCH_CHECK=1 it compares against the committed bench/results.json and fails if any op costs more than 1 %
 * of the snapshot's magnitude above it (lib/bench.ts; an intended increase updates the snapshot in the same commit,
 * with the reason in its message).
 */
const RESULTS = path.join(__dirname, "results.json");
const EIP170 = EIP170_LIMIT;

type Section = (h: typeof hre) => Promise<BenchOp[] | { ops: BenchOp[]; scaling?: BenchScaling[] }>;

/** Optional sections from other modules: loaded when their file exists. */
async function optionalSections(): Promise<[string, Section][]> {
  const found: [string, Section][] = [];
  for (const [file, fn] of [
    ["meter", "benchMeter"],
    ["governance", "benchGovernance"],
    ["market", "benchMarket"],
    ["names", "benchNames"], // issue 16 part 1
    ["conditions", "benchConditions"], // issue 16 part 3
    ["relay", "benchRelay"], // issue 17 part 1
  ] as const) {
    if (fs.existsSync(path.join(__dirname, `${file}.ts`))) {
      const mod = await import(`./${file}`);
      found.push([file, mod[fn] as Section]);
    }
  }
  return found;
}

function verdict(op: BenchOp): string {
  if (!op.goal) return "";
  const okGas = op.goal.maxGas === undefined || op.ours <= op.goal.maxGas;
  const okRatio = op.goal.maxRatio === undefined || (op.anchorGas > 0 && op.ours <= op.anchorGas * op.goal.maxRatio);
  const goal = [
    op.goal.maxGas !== undefined ? `≤ ${op.goal.maxGas}` : "",
    op.goal.maxRatio !== undefined ? `≤ ${op.goal.maxRatio}×` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${okGas && okRatio ? "met" : "MISSED"} (${goal})`;
}

async function main() {
  const started = Date.now();
  await hre.run("compile", { quiet: true });
  const ops: BenchOp[] = [];
  const scaling: BenchScaling[] = [];

  const core = await benchCore(hre);
  ops.push(...core.ops);
  scaling.push(...core.scaling);
  for (const [name, section] of await optionalSections()) {
    const result = await section(hre);
    if (Array.isArray(result)) ops.push(...result);
    else {
      ops.push(...result.ops);
      if (result.scaling) scaling.push(...result.scaling);
    }
    console.error(`bench: ${name} done`);
  }

  // The whole system as the Ignition modules deploy it (ignition/modules/System.ts with the local parameters).
  const system = await deploySystem(hre, LOCAL_CONFIG, { record: false });
  const totalGas = Object.values(system.gas).reduce((a, b) => a + b, 0n);
  // Runtime sizes by contract name, from lib/sizes.ts (contracts/test/ skipped).
  const contracts = readContractSizes(hre.config.paths.artifacts);
  const sizes = Object.fromEntries(contracts.map((c) => [c.name, c.deployed]));
  // What no transaction order can save: 200 gas per byte of runtime code left on chain (EIP-170 code deposit).
  const a = system.addresses;
  const deployed = [a.kernel, a.acl, a.processRegistry, a.nyn, a.forwarder, a.marketplace, a.jobBoard, a.governor];
  deployed.push(a.timelock, a.gasMeter, ...Object.values(a.implementations));
  let codeBytes = 0;
  for (const address of deployed) codeBytes += hre.ethers.getBytes(await hre.ethers.provider.getCode(address)).length;
  const codeDepositGas = codeBytes * 200;

  const pkg = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
  const results = {
    meta: {
      date: new Date().toISOString(),
      network: hre.network.name,
      solc: hre.config.solidity.compilers[0].version,
      settings: hre.config.solidity.compilers[0].settings,
      hardhat: pkg("hardhat"),
      openzeppelin: pkg("@openzeppelin/contracts"),
      note: "gas = receipt.gasUsed; overheads are differences of two receipts for otherwise identical calls",
    },
    ops,
    scaling,
    deploy: { totalGas: Number(totalGas), transactions: system.transactions, codeBytes, codeDepositGas, sizes },
  };

  // Markdown report
  const lines: string[] = [];
  lines.push("| op | ours | anchor | anchor gas | ratio | goal |", "|---|---:|---|---:|---:|---|");
  for (const op of ops) {
    lines.push(
      `| ${op.op} | ${op.ours} | ${op.anchor || "-"} | ${op.anchorGas || "-"} | ${op.ratio || "-"} | ${verdict(op)} |`,
    );
  }
  lines.push("", "| scaling | " + "n | ".repeat(1) + "gas | flat within 1 % |", "|---|---|---|---|");
  for (const sc of scaling) {
    const min = Math.min(...sc.gas);
    const max = Math.max(...sc.gas);
    lines.push(
      `| ${sc.op} | ${sc.n.join(" / ")} | ${sc.gas.join(" / ")} | ${max <= min * 1.01 ? "yes" : "NO"} (spread ${(((max - min) / min) * 100).toFixed(2)} %) |`,
    );
  }
  const largest = Object.entries(sizes).sort((a, b) => b[1] - a[1]);
  lines.push(
    "",
    `deploySystem() (Ignition, ignition/modules/System.ts): ${totalGas} gas in ${system.transactions} transactions, ` +
      `of which code deposit ${codeDepositGas} gas (${codeBytes} B of runtime code × 200). Largest contracts: ${largest
        .slice(0, 5)
        .map(([n, v]) => `${n} ${v} B`)
        .join(", ")} (EIP-170 limit ${EIP170} B).`,
  );
  console.log(lines.join("\n"));

  let failures = 0;
  for (const breach of sizeBreaches(contracts)) {
    console.error(`SIZE: ${breach}`);
    failures++;
  }
  for (const sc of scaling) {
    const min = Math.min(...sc.gas);
    const max = Math.max(...sc.gas);
    if (max > min * (1 + BENCH_TOLERANCE)) {
      console.error(`SCALING: "${sc.op}" is not flat within 1 %: ${sc.gas.join(" / ")} for n = ${sc.n.join(" / ")}`);
      failures++;
    }
  }
  if (process.env.BENCH_CHECK === "1") {
    if (!fs.existsSync(RESULTS)) {
      console.error("BENCH_CHECK: no committed bench/results.json to compare with");
      failures++;
    } else {
      const snapshot = JSON.parse(fs.readFileSync(RESULTS, "utf8")) as { ops: BenchOp[] };
      // 1 % of the snapshot's magnitude: a row can be negative (a batched user's cost below the direct call's).
      for (const regression of benchRegressions(snapshot.ops, ops)) {
        console.error(formatRegression(regression));
        failures++;
      }
      console.log(`bench check: ${ops.length} ops compared with the snapshot, ${failures} problem(s)`);
    }
  } else {
    fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n");
    console.log(`\nwrote bench/results.json (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (failures > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
