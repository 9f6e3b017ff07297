import fc from "fast-check";
import hre from "hardhat";
import {
  ANY,
  Expected,
  MAX_DEPTH,
  Model,
  Status,
  SystemCommand,
  World,
  actor,
  effectiveStatus,
  event,
  exec,
  failure,
  hasPermission,
  permissionFailure,
  lower,
  nameOf,
  pairNamed,
  pickPid,
  pinNextBlock,
  processOf,
  success,
} from "../model";
import { actorOrOwner, anyActor, pidSelector, shown } from "./common";

/**
 * Process registry commands: spawn (top level or child), suspend, resume, kill, transfer ownership, and register a
 * program (gated by REGISTER_PROGRAM, which the ACL commands grant with expiries and to ANY_ENTITY).
 * Each predicts the exact outcome in the contract's check order (see ProcessRegistry.sol).
 */

/** `_controlled(pid)`: the owner or a PROCESS_ADMIN holder, on a process that is not (effectively) terminated. */
function predictControlled(m: Model, w: World, pid: number, by: string, at: bigint): Expected | undefined {
  const p = processOf(m, pid);
  if (!p) return failure("ProcessRegistryUnknownProcess", [pid]);
  if (lower(by) !== lower(p.owner) && !hasPermission(m, by, pairNamed(w, "PROCESS_ADMIN"), at)) {
    return failure("ProcessRegistryNotOwner", [pid, by, p.owner]);
  }
  if (effectiveStatus(m, pid) === Status.Terminated) return failure("ProcessRegistryProcessTerminated", [pid]);
  return undefined;
}

/** The running process with the greatest depth (to reach MAX_DEPTH), or 0 for none. */
function deepestRunning(m: Model): number {
  let best = 0;
  for (const p of m.registry.processes) {
    if (effectiveStatus(m, p.pid) !== Status.Running) continue;
    if (best === 0 || p.depth > processOf(m, best)!.depth) best = p.pid;
  }
  return best;
}

type ParentMode = "top" | "any" | "deepest";

class Spawn extends SystemCommand<{
  by: number;
  mode: ParentMode;
  parent: number;
  program: number;
  start: bigint | null;
}> {
  readonly name = "spawn";
  protected async step(m: Model, w: World) {
    const parent =
      this.a.mode === "top" ? 0 : this.a.mode === "deepest" ? deepestRunning(m) : pickPid(m, this.a.parent);
    const by = actor(m, w, this.a.by, parent === 0 ? undefined : parent);
    const counterId = w.s.programs.Counter;
    const programId = this.a.program === 0 ? counterId : ((this.a.program - 1) % (m.registry.programCount + 1)) + 1;
    await pinNextBlock(m);
    const pid = m.registry.processes.length + 1;
    let expected: Expected;
    const pp = processOf(m, parent);
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (programId > m.registry.programCount) expected = failure("ProcessRegistryUnknownProgram", [programId]);
    else if (parent !== 0 && !pp) expected = failure("ProcessRegistryUnknownProcess", [parent]);
    else if (pp && lower(by.address) !== lower(pp.owner) && lower(by.address) !== lower(pp.instance)) {
      expected = failure("ProcessRegistryNotParentController", [parent, by.address]);
    } else if (pp && effectiveStatus(m, parent) !== Status.Running) {
      expected = failure("ProcessRegistryInvalidStatus", [parent, effectiveStatus(m, parent), Status.Running]);
    } else if (pp && pp.depth >= MAX_DEPTH) {
      expected = failure("ProcessRegistryMaxDepthExceeded", [parent, MAX_DEPTH]);
    } else {
      // The clone's address is not predicted; the model takes it from the event.
      expected = success(
        event(w.s.addresses.processRegistry, "ProcessSpawned", pid, programId, parent, ANY, by.address),
      );
    }
    const init =
      this.a.start === null ? "0x" : hre.ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [this.a.start]);
    this.resolved = shown(
      this.name,
      [w.names[by.index], `program=${programId}`, `parent=${parent}`, `start=${this.a.start ?? "-"}`],
      expected,
    );
    const events = await exec(
      m,
      w,
      this.name,
      (o) => w.s.registry.connect(w.actors[by.index]).spawn(programId, init, parent, o),
      expected,
    );
    if (expected.ok) {
      m.registry.processes.push({
        pid,
        parent,
        depth: pp ? pp.depth + 1 : 1,
        owner: lower(by.address),
        status: Status.Running,
        generation: 0,
        instance: lower(events[0].args[3] as string),
        count: this.a.start ?? 0n,
        incrementsBy: new Map(),
      });
    }
    return this.resolved;
  }
}

type Lifecycle = "suspend" | "resume" | "kill";

class LifecycleCommand extends SystemCommand<{ by: number; pid: number }> {
  readonly name: Lifecycle;
  constructor(kind: Lifecycle, a: { by: number; pid: number }) {
    super(a);
    this.name = kind;
  }
  protected async step(m: Model, w: World) {
    // Resume mostly targets a suspended process (otherwise it could only fail).
    const suspended = m.registry.processes.filter((x) => x.status === Status.Suspended);
    const pid =
      this.name === "resume" && this.a.pid % 4 !== 3 && suspended.length > 0
        ? suspended[(this.a.pid >> 1) % suspended.length].pid
        : pickPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    const at = await pinNextBlock(m);
    const p = processOf(m, pid);
    const registry = w.s.registry.connect(w.actors[by.index]);
    let expected: Expected | undefined;
    if (this.name === "resume" && m.kernel.paused) expected = failure("KernelPaused");
    expected ??= predictControlled(m, w, pid, by.address, at);
    if (!expected && this.name === "suspend" && p!.status !== Status.Running) {
      expected = failure("ProcessRegistryInvalidStatus", [pid, p!.status, Status.Running]);
    }
    if (!expected && this.name === "resume" && p!.status !== Status.Suspended) {
      expected = failure("ProcessRegistryInvalidStatus", [pid, p!.status, Status.Suspended]);
    }
    const eventName = { suspend: "ProcessSuspended", resume: "ProcessResumed", kill: "ProcessKilled" }[this.name];
    expected ??= success(event(w.s.addresses.processRegistry, eventName, pid, by.address));
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`], expected);
    await exec(m, w, this.name, (o) => registry[this.name](pid, o), expected);
    if (expected.ok) {
      p!.status = { suspend: Status.Suspended, resume: Status.Running, kill: Status.Terminated }[this.name];
    }
    return this.resolved;
  }
}

class TransferOwnership extends SystemCommand<{ by: number; pid: number; to: number }> {
  readonly name = "transferProcessOwnership";
  protected async step(m: Model, w: World) {
    const pid = pickPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    const to = actor(m, w, this.a.to);
    await pinNextBlock(m);
    const p = processOf(m, pid);
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (lower(by.address) !== lower(p.owner))
      expected = failure("ProcessRegistryNotOwner", [pid, by.address, p.owner]);
    else if (effectiveStatus(m, pid) === Status.Terminated)
      expected = failure("ProcessRegistryProcessTerminated", [pid]);
    else {
      expected = success(event(w.s.addresses.processRegistry, "ProcessOwnershipTransferred", pid, p.owner, to.address));
    }
    const registry = w.s.registry.connect(w.actors[by.index]);
    this.resolved = shown(
      "transferOwnership",
      [w.names[by.index], `pid=${pid}`, `to=${nameOf(w, to.address)}`],
      expected,
    );
    await exec(m, w, this.name, (o) => registry.transferProcessOwnership(pid, to.address, o), expected);
    if (expected.ok) {
      p!.owner = lower(to.address);
      p!.generation += 1; // capabilities granted under the previous owner lapse
    }
    return this.resolved;
  }
}

class RegisterProgram extends SystemCommand<{ by: number }> {
  readonly name = "registerProgram";
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const pair = pairNamed(w, "REGISTER_PROGRAM");
    const impl = w.s.addresses.implementations.Counter;
    const id = m.registry.programCount + 1;
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (!hasPermission(m, by.address, pair, at)) expected = permissionFailure(m, w, by.address, pair, at);
    else {
      expected = success(
        event(w.s.addresses.processRegistry, "ProgramRegistered", id, impl, ANY, "Counter", "1.0.1", by.address),
        event(w.s.addresses.processRegistry, "ProgramVerified", id, true, by.address),
      );
    }
    const registry = w.s.registry.connect(w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index]], expected);
    await exec(
      m,
      w,
      this.name,
      (o) => registry.registerProgram(impl, "Counter", "1.0.1", "test://counter", o),
      expected,
    );
    if (expected.ok) {
      m.registry.programCount = id;
      m.registry.programs.push({ publisher: lower(by.address), previous: 0, next: 0 });
    }
    return this.resolved;
  }
}

/**
 * Publish a program (anyone; unverified) or, with `version`, the next version of program `from`: only its publisher,
 * from the latest of its line (`publishVersion`). Processes of older versions are untouched (the spawn command may
 * spawn any version: they all run Counter's code).
 */
class PublishProgram extends SystemCommand<{ by: number; version: boolean; from: number }> {
  get name() {
    return this.a.version ? "publishVersion" : "publishProgram";
  }
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    await pinNextBlock(m);
    const impl = w.s.addresses.implementations.Counter;
    const id = m.registry.programCount + 1;
    // A version: mostly from a program this actor published (the latest of its line when `from` is even).
    const own = m.registry.programs
      .map((p, i) => ({ ...p, id: i + 1 }))
      .filter((p) => p.publisher === lower(by.address));
    const line = own.length > 0 ? own[this.a.from % own.length] : undefined;
    let from = this.a.from % 3 === 2 || !line ? (this.a.from % (m.registry.programCount + 1)) + 1 : line.id;
    if (this.a.from % 2 === 0 && line) {
      while (m.registry.programs[from - 1].next !== 0) from = m.registry.programs[from - 1].next;
    }
    const previous = m.registry.programs[from - 1];
    const name = previous ? await w.s.registry.program(from).then((p) => p.name) : "";
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (!this.a.version) {
      expected = success(
        event(w.s.addresses.processRegistry, "ProgramRegistered", id, impl, ANY, "Mine", "0.1.0", by.address),
      );
    } else if (!previous) expected = failure("ProcessRegistryUnknownProgram", [from]);
    else if (previous.publisher !== lower(by.address))
      expected = failure("ProcessRegistryNotPublisher", [from, by.address, previous.publisher]);
    else if (previous.next !== 0) expected = failure("ProcessRegistryNotLatestVersion", [from, previous.next]);
    else {
      expected = success(
        event(w.s.addresses.processRegistry, "ProgramRegistered", id, impl, ANY, name, "0.2.0", by.address),
        event(w.s.addresses.processRegistry, "ProgramVersionPublished", from, id, by.address),
      );
    }
    const registry = w.s.registry.connect(w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], this.a.version ? `version of ${from}` : "new"], expected);
    await exec(
      m,
      w,
      this.name,
      (o) =>
        this.a.version
          ? registry.publishVersion(from, impl, "0.2.0", "test://mine/2", o)
          : registry.publishProgram(impl, "Mine", "0.1.0", "test://mine", o),
      expected,
    );
    if (expected.ok) {
      m.registry.programCount = id;
      m.registry.programs.push({ publisher: lower(by.address), previous: this.a.version ? from : 0, next: 0 });
      if (this.a.version) previous.next = id;
    }
    return this.resolved;
  }
}

/** The registry's command arbitraries. */
export const registryCommands: fc.Arbitrary<SystemCommand>[] = [
  fc
    .record({
      by: actorOrOwner,
      mode: fc.constantFrom<ParentMode>("top", "any", "deepest", "deepest"),
      parent: pidSelector,
      program: fc.oneof(
        { weight: 8, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) },
      ),
      start: fc.option(fc.bigInt({ min: 0n, max: 1000n }), { freq: 3 }),
    })
    .map((a) => new Spawn(a)),
  ...(["suspend", "resume", "kill"] as const).map((kind) =>
    fc.record({ by: actorOrOwner, pid: pidSelector }).map((a) => new LifecycleCommand(kind, a)),
  ),
  fc.record({ by: actorOrOwner, pid: pidSelector, to: anyActor }).map((a) => new TransferOwnership(a)),
  fc
    .record({ by: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: anyActor }) }) // 0 = root
    .map((a) => new RegisterProgram(a)),
  fc.record({ by: anyActor, version: fc.boolean(), from: fc.nat({ max: 11 }) }).map((a) => new PublishProgram(a)),
];
