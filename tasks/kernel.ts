import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { PLUGIN, addressFor, sent, signerFor, withSystem, formatTime } from "./util";

const STATUS = ["None", "Running", "Suspended", "Terminated"];

task("kernel:info", "Show the kernel: modules, implementations, root, guardian, pause state").setAction(
  async (_args, hre) =>
    withSystem(hre, async (s) => {
      const { nameOfId } = await import("../deploy/ids");
      console.log(`network      ${hre.network.name}`);
      console.log(`kernel       ${s.addresses.kernel}`);
      console.log(`root         ${s.roles.root}${(await s.kernel.isRoot(s.roles.root)) ? "" : "  (NO LONGER ROOT)"}`);
      console.log(`guardian     ${s.roles.guardian}`);
      console.log(`paused       ${await s.kernel.paused()}`);
      console.log(`forwarder    ${await s.kernel.trustedForwarder()}`);
      console.log(`NYN          ${s.addresses.nyn}  supply ${hre.ethers.formatEther(await s.nyn.totalSupply())} NYN`);
      console.log(`processes    ${await s.registry.processCount()}   programs ${await s.registry.programCount()}`);
      const ids = await s.kernel.moduleIds(0, await s.kernel.moduleCount());
      console.log("modules:");
      for (const id of ids) {
        console.log(
          `  ${nameOfId(id).padEnd(18)} proxy ${await s.kernel.moduleAddress(id)}  impl ${await s.kernel.moduleImplementation(id)}`,
        );
      }
    }),
);

task("kernel:ps", "List processes: PID, parent, owner, program, status, gas budget and gas used this epoch")
  .addOptionalParam("offset", "Skip this many PIDs", 0, types.int)
  .addOptionalParam("limit", "Show at most this many processes", 50, types.int)
  .setAction(async (args: { offset: number; limit: number }, hre) =>
    withSystem(hre, async (s) => {
      const Table = (await import("cli-table3")).default;
      const { meterColumns } = await import("./meter");
      const list = await s.registry.processes(args.offset, args.limit);
      const meter = await meterColumns(
        s.gasMeter,
        list.map((p) => p.pid),
      );
      const names = new Map<bigint, string>();
      const table = new Table({
        head: ["PID", "parent", "owner", "program", "status", "budget", "gas this epoch", "created"],
        style: process.stdout.isTTY ? undefined : { head: [], border: [] },
      });
      for (const p of list) {
        if (!names.has(p.programId)) names.set(p.programId, (await s.registry.program(p.programId)).name);
        const status =
          STATUS[Number(p.effectiveStatus)] +
          (p.status !== p.effectiveStatus ? ` (own: ${STATUS[Number(p.status)]})` : "");
        const m = meter.get(p.pid);
        table.push([
          p.pid.toString(),
          p.parentPid === 0n ? "-" : p.parentPid.toString(),
          p.owner,
          `${names.get(p.programId)} #${p.programId}`,
          status,
          m?.budget ?? "-",
          m?.gasThisEpoch ?? "-",
          formatTime(p.createdAt),
        ]);
      }
      console.log(table.toString());
      console.log(`${list.length} shown of ${await s.registry.processCount()} (use --offset/--limit to page)`);
    }),
  );

task("process:spawn", "Spawn a process of a registered program")
  .addParam("program", "Program id or name (e.g. Counter)")
  .addOptionalParam("parent", "Parent PID (0 = top-level)", "0")
  .addOptionalParam("init", "Initializer data, 0x hex (Counter: abi-encoded uint256 start)", "0x")
  .addOptionalParam("from", "Account that spawns and owns it (name, index or address)", "deployer")
  .setAction(async (args: { program: string; parent: string; init: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const signer = await signerFor(hre, args.from);
      const programId = /^\d+$/.test(args.program) ? Number(args.program) : s.programs[args.program];
      if (!programId)
        throw new HardhatPluginError(
          PLUGIN,
          `unknown program "${args.program}" (known: ${Object.keys(s.programs).join(", ")})`,
        );
      const receipt = await sent("spawn", s.registry.connect(signer).spawn(programId, args.init, BigInt(args.parent)));
      for (const log of receipt.logs) {
        const parsed = s.registry.interface.parseLog(log);
        if (parsed?.name === "ProcessSpawned")
          console.log(`PID ${parsed.args.pid} at ${parsed.args.instance}, owner ${parsed.args.owner}`);
      }
    }),
  );

for (const [name, verb] of [
  ["process:suspend", "Suspend a process and, through it, its descendants"],
  ["process:resume", "Resume a suspended process"],
  ["process:kill", "Kill a process and, through it, its descendants (terminal)"],
] as const) {
  task(name, verb)
    .addParam("pid", "The PID")
    .addOptionalParam("from", "The owner or a PROCESS_ADMIN holder (name, index or address)", "deployer")
    .setAction(async (args: { pid: string; from: string }, hre) =>
      withSystem(hre, async (s) => {
        const registry = s.registry.connect(await signerFor(hre, args.from));
        const pid = BigInt(args.pid);
        const op = name.split(":")[1] as "suspend" | "resume" | "kill";
        await sent(`${op} PID ${pid}`, registry[op](pid));
        console.log(`PID ${pid} is now ${STATUS[Number(await s.registry.statusOf(pid))]}`);
      }),
    );
}

task("process:transfer", "Transfer ownership of a process (capabilities granted by the old owner lapse)")
  .addParam("pid", "The PID")
  .addParam("to", "New owner (name, index or address)")
  .addOptionalParam("from", "The current owner", "deployer")
  .setAction(async (args: { pid: string; to: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const to = await addressFor(hre, args.to, s);
      await sent(
        `transfer PID ${args.pid} to ${to}`,
        s.registry.connect(await signerFor(hre, args.from)).transferProcessOwnership(BigInt(args.pid), to),
      );
    }),
  );

task("kernel:pause", "Pause the kernel's entry points (the guardian, or root)")
  .addOptionalParam("from", "The guardian (name, index or address)", "guardian")
  .setAction(async (args: { from: string }, hre) =>
    withSystem(hre, async (s) => {
      const kernel = s.kernel.connect(await signerFor(hre, args.from));
      await sent("kernel paused", kernel.pause());
    }),
  );

task("kernel:unpause", "Unpause the kernel's entry points (the guardian, or root)")
  .addOptionalParam("from", "The guardian (name, index or address)", "guardian")
  .setAction(async (args: { from: string }, hre) =>
    withSystem(hre, async (s) => {
      const kernel = s.kernel.connect(await signerFor(hre, args.from));
      await sent("kernel unpaused", kernel.unpause());
    }),
  );

task("chain:time", "Show the chain's time; on a local development node, move it forward (--advance 3d)")
  .addOptionalParam("advance", "How far to move the clock (e.g. 3600, 90m, 12h, 3d, 2w)")
  .setAction(async (args: { advance?: string }, hre) => {
    const { parseDuration } = await import("../lib/duration");
    const dao = await import("../lib/dao");
    try {
      const latest = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
      if (args.advance !== undefined) {
        const seconds = parseDuration(args.advance, "--advance");
        await dao.advanceTo(hre, latest + seconds);
      }
      const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
      console.log(
        `chain time ${formatTime(now)} (${now})${args.advance !== undefined ? `, moved ${now - latest} s` : ""}`,
      );
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  });
