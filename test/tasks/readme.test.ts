import { expect } from "chai";
import fs from "fs";
import path from "path";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem } from "../../deploy/deploySystem";
import { recordInProcess } from "../../deploy/ignition";
import { LOCAL_CONFIG } from "../../deploy/config";
import { run } from "../fixtures/shell";

const README = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");

/** Split a shell command line into words (single and double quotes, no expansion: the README's examples need none). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * Every `npx hardhat <shell task> …` command of the README's code blocks (indented lines; `\` continues a line),
 * in the order a reader meets them, without comments.
 */
function readmeCommands(): { line: string; task: string; argv: string[] }[] {
  const lines = README.split("\n");
  const commands: { line: string; task: string; argv: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^ {4,}npx hardhat [a-z]+:[a-z-]+/.test(lines[i])) continue;
    let line = lines[i].trim();
    while (line.endsWith("\\")) line = line.slice(0, -1) + " " + lines[++i].trim();
    line = line.replace(/\s+#.*$/, "");
    const [, , task, ...argv] = words(line);
    commands.push({ line, task, argv });
  }
  return commands;
}

/** The arguments `hre.run` takes for a command line, parsed by the task's own parameter definitions. */
function argsOf(task: string, argv: string[]): Record<string, unknown> {
  const definition = hre.tasks[task];
  expect(definition, `the README names a task that does not exist: ${task}`).to.not.equal(undefined);
  const args: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    expect(argv[i], `${task}: "${argv[i]}" is not a --flag`).to.match(/^--[a-z][a-z-]*$/);
    const name = argv[i].slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (name === "network") {
      i++; // the in-process network stands in for the node the README points at
      continue;
    }
    const param = definition.paramDefinitions[name];
    expect(param, `${task} has no parameter --${argv[i].slice(2)}`).to.not.equal(undefined);
    if (param.isFlag) args[name] = true;
    else args[name] = (param.type as unknown as { parse(n: string, v: string): unknown }).parse(name, argv[++i]);
  }
  return args;
}

/** A fresh deployment recorded where the tasks load it, as after `npm run deploy`. */
async function deployed() {
  return deploySystem(hre, LOCAL_CONFIG, { record: true });
}

describe("README (issue 13)", function () {
  it("S15 every `npx hardhat` example in the README runs as printed, in order, on a fresh deployment (exit 0)", async function () {
    const s = await loadFixture(deployed);
    recordInProcess(hre, s);
    const { MODULE } = await import("../../lib/ids");
    const registryBefore = await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY);
    const commands = readmeCommands();
    expect(commands.length, "the README's examples were not found").to.be.greaterThan(15);
    for (const { line, task, argv } of commands) {
      const r = await run(task, argsOf(task, argv));
      expect(r.exitCode, `${line}\n${r.out}\n${r.err}`).to.equal(0);
      expect(r.err, line).to.equal("");
      if (argv.includes("--json")) expect(() => JSON.parse(r.out), line).to.not.throw();
    }
    // The walk's end state: bob incremented once directly and once relayed; carol listed; dave posted a job.
    expect(await (await hre.ethers.getContractAt("Counter", await s.registry.instanceOf(1n))).count()).to.equal(2n);
    expect(await s.marketplace.listingCount((await hre.ethers.getSigners())[4].address)).to.equal(1n);
    expect(await s.jobBoard.openJobCount()).to.equal(1n);
    // … and the upgrade example passed the whole vote: ProcessRegistry runs a new implementation.
    expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.not.equal(registryBefore);
  });

  it("S15 every flag the README's task table names exists on its task", function () {
    const table = README.split("\n").filter((l) => /^\| `[a-z]+:[a-z-]+/.test(l));
    expect(table.length).to.be.greaterThan(10);
    for (const row of table) {
      const cell = row.split(" | ")[0];
      const tasks = [...cell.matchAll(/([a-z]+:[a-z-]+)/g)].map((m) => m[1]);
      for (const task of tasks)
        expect(hre.tasks[task], `README names a task that does not exist: ${task}`).to.not.equal(undefined);
      for (const [, flag] of cell.matchAll(/--([a-z][a-z-]*)/g)) {
        const name = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        expect(
          tasks.some((t) => name in hre.tasks[t].paramDefinitions),
          `--${flag} in "${cell}" is not a parameter of ${tasks.join(" or ")}`,
        ).to.equal(true);
      }
    }
  });
});
