import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { PLUGIN, addressFor, formatContextFor, printJson, progress, sent, signerFor, withSystem, pidFor } from "./util";
import { ENUMS, formatAddress, formatAmount, formatDate } from "../lib/format";
import { parseCount, parseDuration, parseHexBytes, parseUint } from "../lib/input";

const STATUS = ENUMS.ProcessStatus;

task("kernel:info", "Show the kernel: modules, implementations, root, guardian, pause state")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const { nameOfId } = await import("../lib/ids");
      const ids = await s.kernel.moduleIds(0, await s.kernel.moduleCount());
      const modules = [];
      for (const id of ids) {
        modules.push({
          id,
          name: nameOfId(id),
          proxy: await s.kernel.moduleAddress(id),
          implementation: await s.kernel.moduleImplementation(id),
        });
      }
      const info = {
        network: hre.network.name,
        chainId: (await hre.ethers.provider.getNetwork()).chainId,
        kernel: s.addresses.kernel,
        root: s.roles.root,
        rootIsRoot: await s.kernel.isRoot(s.roles.root),
        guardian: s.roles.guardian,
        paused: await s.kernel.paused(),
        forwarder: await s.kernel.trustedForwarder(),
        nyn: { address: s.addresses.nyn, totalSupply: await s.nyn.totalSupply(), cap: await s.nyn.CAP() },
        processCount: await s.registry.processCount(),
        programCount: await s.registry.programCount(),
        modules,
      };
      if (args.json) return printJson(info);
      console.log(`network      ${info.network} (chain ${info.chainId})`);
      console.log(`kernel       ${info.kernel}`);
      console.log(`root         ${info.root}${info.rootIsRoot ? "" : "  (NO LONGER ROOT)"}`);
      console.log(`guardian     ${info.guardian}`);
      console.log(`paused       ${info.paused}`);
      console.log(`forwarder    ${info.forwarder}`);
      console.log(
        `NYN          ${info.nyn.address}  supply ${formatAmount(info.nyn.totalSupply)} of ${formatAmount(info.nyn.cap)}`,
      );
      console.log(`processes    ${info.processCount}   programs ${info.programCount}`);
      console.log("modules:");
      for (const m of modules) console.log(`  ${m.name.padEnd(18)} proxy ${m.proxy}  impl ${m.implementation}`);
    }),
  );

task("kernel:ps", "List processes: PID, name, parent, owner, program, status, gas budget and gas used this epoch")
  .addOptionalParam("offset", "Skip this many PIDs", 0, types.int)
  .addOptionalParam("limit", "Show at most this many processes", 50, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { offset: number; limit: number; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const Table = (await import("cli-table3")).default;
      const { meterColumns } = await import("./meter");
      const list = await s.registry.processes(args.offset, args.limit);
      const meter = await meterColumns(
        s.gasMeter,
        list.map((p) => p.pid),
      );
      const names = new Map<bigint, string>();
      const tiers = new Map<bigint, boolean>();
      // Process names (the name service's primary name of each instance) and the owners' primary names.
      const processNames = await Promise.all(list.map((p) => s.names.name(p.instance)));
      const ownerNames = new Map<string, string>();
      for (const owner of new Set(list.map((p) => p.owner.toLowerCase()))) {
        const name = await s.names.name(owner);
        if (name) ownerNames.set(owner, name);
      }
      for (const p of list) {
        if (names.has(p.programId)) continue;
        const program = await s.registry.program(p.programId);
        names.set(p.programId, program.name);
        tiers.set(p.programId, program.verified);
      }
      if (args.json)
        return printJson({
          total: await s.registry.processCount(),
          offset: args.offset,
          processes: list.map((p, i) => ({
            pid: p.pid,
            name: processNames[i] || null,
            parentPid: p.parentPid,
            owner: p.owner,
            ownerName: ownerNames.get(p.owner.toLowerCase()) ?? null,
            instance: p.instance,
            programId: p.programId,
            program: names.get(p.programId),
            programVerified: tiers.get(p.programId),
            status: STATUS[Number(p.status)],
            effectiveStatus: STATUS[Number(p.effectiveStatus)],
            createdAt: p.createdAt,
            budget: meter.get(p.pid)?.budgetWei,
            gasThisEpoch: meter.get(p.pid)?.gasThisEpochRaw,
          })),
        });
      const table = new Table({
        head: ["PID", "name", "parent", "owner", "program", "status", "budget", "gas this epoch", "created"],
        style: process.stdout.isTTY ? undefined : { head: [], border: [] },
      });
      for (const [i, p] of list.entries()) {
        const status =
          STATUS[Number(p.effectiveStatus)] +
          (p.status !== p.effectiveStatus ? ` (own: ${STATUS[Number(p.status)]})` : "");
        const m = meter.get(p.pid);
        table.push([
          p.pid.toString(),
          processNames[i] || "-",
          p.parentPid === 0n ? "-" : p.parentPid.toString(),
          formatAddress(p.owner, ownerNames),
          `${names.get(p.programId)} #${p.programId}${tiers.get(p.programId) ? "" : " (unverified)"}`,
          status,
          m?.budget ?? "-",
          m?.gasThisEpoch ?? "-",
          formatDate(p.createdAt),
        ]);
      }
      console.log(table.toString());
      console.log(`${list.length} shown of ${await s.registry.processCount()} (use --offset/--limit to page)`);
    }),
  );

task(
  "program:publish",
  "Publish a program without anyone's approval: deploy a KernelProcess contract and pin it (unverified until the DAO reviews it)",
)
  .addParam("contract", "Contract name of the program (a KernelProcess whose constructor takes the kernel)")
  .addOptionalParam("name", "Program name (default: the contract name)")
  .addOptionalParam("label", "Version label (e.g. 1.0.0; --version is Hardhat's own)", "1.0.0")
  .addOptionalParam("uri", "Metadata URI describing the program", "")
  .addOptionalParam("from", "Publisher (name, index or address)", "deployer")
  .addOptionalParam("previous", "Publish a new version of this program id (yours, and the latest of its line)")
  .setAction(
    async (
      args: { contract: string; name?: string; label: string; uri: string; from: string; previous?: string },
      hre,
    ) =>
      withSystem(hre, async (s) => {
        const signer = await signerFor(hre, args.from);
        // A new version: checked before anything is deployed (a refused publish leaves no stray contract).
        let previous: number | undefined;
        if (args.previous !== undefined) {
          previous = Number(parseUint(args.previous, "--previous", { min: 1n, max: 2n ** 32n - 1n }));
          const count = Number(await s.registry.programCount());
          if (previous > count)
            throw new HardhatPluginError(PLUGIN, `--previous: no program ${previous} (there are ${count})`);
          const p = await s.registry.program(previous);
          if (p.publisher.toLowerCase() !== signer.address.toLowerCase())
            throw new HardhatPluginError(
              PLUGIN,
              `--previous: program ${previous} (${p.name}) was published by ${p.publisher}, not --from ${args.from} (${signer.address}); only its publisher publishes its versions. Nothing was sent.`,
            );
          if (p.nextVersion !== 0n)
            throw new HardhatPluginError(
              PLUGIN,
              `--previous: program ${previous} (${p.name} ${p.version}) already has a newer version, program ${p.nextVersion}: publish from the latest. Nothing was sent.`,
            );
          if (args.name !== undefined && args.name !== p.name)
            throw new HardhatPluginError(PLUGIN, `--name: a new version keeps its line's name "${p.name}"`);
        }
        if (!(await hre.artifacts.artifactExists(args.contract)))
          throw new HardhatPluginError(PLUGIN, `--contract: no contract "${args.contract}" in this project`);
        const factory = await hre.ethers.getContractFactory(args.contract, signer);
        if (factory.interface.deploy.inputs.length !== 1 || factory.interface.deploy.inputs[0].type !== "address")
          throw new HardhatPluginError(
            PLUGIN,
            `--contract: ${args.contract} is not a program (its constructor must take the kernel's address)`,
          );
        progress(`deploying ${args.contract}`);
        const impl = await factory.deploy(s.addresses.kernel);
        await impl.waitForDeployment();
        progress();
        console.log(`${args.contract} deployed at ${await impl.getAddress()}`);
        const receipt =
          previous === undefined
            ? await sent(
                "publishProgram",
                s.registry
                  .connect(signer)
                  .publishProgram(await impl.getAddress(), args.name ?? args.contract, args.label, args.uri),
              )
            : await sent(
                "publishVersion",
                s.registry.connect(signer).publishVersion(previous, await impl.getAddress(), args.label, args.uri),
              );
        for (const log of receipt.logs) {
          const parsed = s.registry.interface.parseLog(log);
          if (parsed?.name === "ProgramRegistered")
            console.log(
              `program ${parsed.args.programId}: ${parsed.args.name} ${parsed.args.version}, unverified ` +
                `(the DAO may verify it: dao:propose --verify-program ${parsed.args.programId})` +
                (previous === undefined
                  ? ""
                  : `; the next version of program ${previous} (its processes stay on it: spawn from ${parsed.args.programId} to move)`),
            );
        }
      }),
  );

task("program:list", "List programs: id, name, version, tier (verified by the DAO or not), publisher, state")
  .addOptionalParam("offset", "Skip this many programs", 0, types.int)
  .addOptionalParam("limit", "Show at most this many", 50, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { offset: number; limit: number; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const count = Number(await s.registry.programCount());
      const programs = [];
      for (let id = args.offset + 1; id <= Math.min(count, args.offset + args.limit); id++) {
        const p = await s.registry.program(id);
        programs.push({
          id,
          name: p.name,
          version: p.version,
          verified: p.verified,
          deprecated: p.deprecated,
          publisher: p.publisher,
          implementation: p.implementation,
          codeHash: p.codeHash,
          registeredAt: p.registeredAt,
          metadataURI: p.metadataURI,
          previousVersion: Number(p.previousVersion),
          nextVersion: Number(p.nextVersion),
        });
      }
      if (args.json) return printJson({ total: count, offset: args.offset, programs });
      const ctx = await formatContextFor(hre, s);
      const { formatAddress } = await import("../lib/format");
      for (const p of programs)
        console.log(
          `${String(p.id).padStart(3)}  ${`${p.name} ${p.version}`.padEnd(24)} ${(p.verified ? "verified" : "unverified").padEnd(10)}` +
            `${p.deprecated ? " deprecated" : ""}  publisher ${formatAddress(p.publisher, ctx.names)}` +
            (p.previousVersion ? `  follows #${p.previousVersion}` : "") +
            (p.nextVersion ? `  newer: #${p.nextVersion}` : ""),
        );
      console.log(`${programs.length} shown of ${count}`);
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
      const { spawn } = await import("../lib/spawn");
      const { pid, instance, owner } = await spawn(s.registry.connect(signer), programId, {
        init: parseHexBytes(args.init, "--init"),
        parent: parseUint(args.parent, "--parent", { what: "a PID (0 = top-level)" }),
        send: (tx) => sent("spawn", tx),
      });
      const tier = (await s.registry.program(programId)).verified
        ? "verified by the DAO"
        : "unverified: nobody reviewed it; it can affect only its own processes";
      console.log(`PID ${pid} at ${instance}, owner ${owner} (program ${programId}, ${tier})`);
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
        const pid = await pidFor(s, args.pid);
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
        s.registry.connect(await signerFor(hre, args.from)).transferProcessOwnership(await pidFor(s, args.pid), to),
      );
    }),
  );

for (const [name, description, op] of [
  ["kernel:pause", "Pause the kernel's entry points (the guardian, or root)", "pause"],
  ["kernel:unpause", "Unpause the kernel's entry points (the guardian, or root)", "unpause"],
] as const) {
  task(name, description)
    .addOptionalParam("from", "The guardian (name, index or address)", "guardian")
    .setAction(async (args: { from: string }, hre) =>
      withSystem(hre, async (s) => {
        await sent(`kernel ${op}d`, s.kernel.connect(await signerFor(hre, args.from))[op]());
      }),
    );
}

task("chain:time", "Show the chain's time; on a local development node, move it forward (--advance 3d)")
  .addOptionalParam("advance", "How far to move the clock (e.g. 3600, 90m, 12h, 3d, 2w)")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { advance?: string; json: boolean }, hre) => {
    const dao = await import("../lib/dao");
    try {
      const latest = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
      if (args.advance !== undefined) {
        const seconds = parseDuration(args.advance, "--advance");
        await dao.advanceTo(hre, latest + seconds);
      }
      const block = (await hre.ethers.provider.getBlock("latest"))!;
      const now = BigInt(block.timestamp);
      if (args.json) return printJson({ timestamp: now, block: block.number, moved: now - latest });
      console.log(
        `chain time ${formatDate(now)} (${now})${args.advance !== undefined ? `, moved ${now - latest} s` : ""}`,
      );
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  });

task("process:call", "Call any function of a process's program (through its ABI): views print, others are sent")
  .addParam("pid", "The PID")
  .addParam("fn", "Function name (e.g. increment, count, reset)")
  .addOptionalParam("args", "Its arguments as a JSON array", "[]")
  .addOptionalParam("from", "Caller (name, index or address)", "deployer")
  .addFlag("json", "For a view: print only its result, as JSON")
  .setAction(async (args: { pid: string; fn: string; args: string; from: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const pid = await pidFor(s, args.pid);
      const info = await s.registry.processInfo(pid);
      const program = await s.registry.program(info.programId);
      if (!(await hre.artifacts.artifactExists(program.name))) {
        throw new HardhatPluginError(PLUGIN, `no ABI for program "${program.name}" of PID ${pid} in this project`);
      }
      const { abi } = await hre.artifacts.readArtifact(program.name);
      const contract = new hre.ethers.Contract(info.instance, abi, await signerFor(hre, args.from));
      const fragment = contract.interface.getFunction(args.fn);
      if (!fragment) {
        const names = contract.interface.fragments
          .filter((f) => f.type === "function")
          .map((f) => (f as unknown as { name: string }).name);
        throw new HardhatPluginError(
          PLUGIN,
          `--fn: ${program.name} has no function "${args.fn}" (it has: ${names.join(", ")})`,
        );
      }
      let values: unknown[];
      try {
        values = JSON.parse(args.args);
        if (!Array.isArray(values)) throw new Error("not an array");
      } catch {
        throw new HardhatPluginError(PLUGIN, `--args: ${args.args} is not a JSON array`);
      }
      const call = contract.getFunction(fragment);
      if (fragment.stateMutability === "view" || fragment.stateMutability === "pure") {
        const result = await call.staticCall(...values);
        if (args.json) return printJson({ pid, program: program.name, function: fragment.name, result });
        console.log(`${program.name}.${fragment.name} on PID ${pid}: ${String(result)}`);
        return;
      }
      // Simulated first (withSystem estimates every transaction): a missing capability is refused before sending.
      await sent(`${program.name}.${fragment.name}(${values.map(String).join(", ")}) on PID ${pid}`, call(...values));
    }),
  );

task("kernel:log", "Recent kernel events in words (every module, token, governor and forwarder)")
  .addOptionalParam("pid", "Only events about this PID")
  .addOptionalParam("who", "Only events naming this account (name, index or address)")
  .addOptionalParam("fromBlock", "From this block (default: the deployment's)")
  .addOptionalParam("limit", "Show the last N events", 30, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { pid?: string; who?: string; fromBlock?: string; limit: number; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const who = args.who ? (await addressFor(hre, args.who, s)).toLowerCase() : undefined;
      const pid = args.pid !== undefined ? await pidFor(s, args.pid) : undefined;
      const sources: [string, import("ethers").BaseContract][] = [
        ["Kernel", s.kernel],
        ["ACL", s.acl],
        ["ProcessRegistry", s.registry],
        ["GasMeter", s.gasMeter],
        ["Marketplace", s.marketplace],
        ["JobBoard", s.jobBoard],
        ["NYN", s.nyn],
        ["NYNGovernor", s.governor],
        ["Timelock", s.timelock],
        ["KernelForwarder", s.forwarder],
        ["NameService", s.names],
      ];
      const fromBlock =
        args.fromBlock !== undefined ? parseCount(args.fromBlock, "--from-block", "a block number") : s.deployBlock;
      type Logged = {
        block: number;
        index: number;
        contract: string;
        event: string;
        args: Record<string, string>;
        text: string;
      };
      const events: Logged[] = [];
      const { formatField } = await import("../lib/format");
      const ctx = { ...(await formatContextFor(hre, s)), guessUnits: true };
      for (const [name, contract] of sources) {
        const logs = await hre.ethers.provider.getLogs({ address: await contract.getAddress(), fromBlock });
        for (const log of logs) {
          const parsed = contract.interface.parseLog(log);
          if (!parsed) continue;
          const named: Record<string, string> = {};
          parsed.fragment.inputs.forEach((input, i) => (named[input.name || String(i)] = String(parsed.args[i])));
          if (pid !== undefined && named.pid !== pid.toString()) continue;
          if (who && !Object.values(named).some((v) => v.toLowerCase() === who)) continue;
          // In words: names next to addresses, ids by name, times as dates (lib/format.ts, as in decoded errors).
          const text = parsed.fragment.inputs
            .map(
              (input, i) =>
                `${input.name || i}=${formatField(parsed.name, input.name, input.type, parsed.args[i], ctx)}`,
            )
            .join(", ");
          events.push({
            block: log.blockNumber,
            index: log.index,
            contract: name,
            event: parsed.name,
            args: named,
            text,
          });
        }
      }
      events.sort((a, b) => a.block - b.block || a.index - b.index);
      const shown = events.slice(-args.limit);
      if (args.json) return printJson(shown.map(({ text: _text, ...raw }) => raw));
      if (shown.length === 0) console.log("no events");
      for (const e of shown) console.log(`block ${e.block}  ${e.contract}.${e.event}(${e.text})`);
    }),
  );
