import {
  Invariant,
  Status,
  capabilityExpiry,
  capabilityGrant,
  effectiveStatus,
  ensure,
  hasCapability,
  lower,
  nameOf,
  stats,
} from "../model";

interface ProcessInfo {
  pid: bigint;
  instance: string;
  owner: string;
  parentPid: bigint;
  status: bigint;
  effectiveStatus: bigint;
  depth: bigint;
  ownerGeneration: bigint;
}

/**
 * Registry invariants (SECURITY.md): each PID is in exactly one status; killed is terminal; the PID counter only
 * increases; a killed PID holds no capability. Plus: every process record and every capability is the model's.
 */
export const registryInvariants: Invariant[] = [
  {
    area: "registry",
    name: "the PID counter only increases and PIDs outside 1..count are unknown",
    collect(b, m, w) {
      const count = b.read<bigint>(w.s.registry, "processCount");
      const programs = b.read<bigint>(w.s.registry, "programCount");
      // Every program's publisher and version links (one program per step, rotating; all in a full check).
      const lines = m.registry.programs
        .map((p, i) => ({ p, id: i + 1 }))
        .filter(({ id }) => b.full || id === (stats.steps % m.registry.programs.length) + 1)
        .map(({ p, id }) => ({
          p,
          id,
          v: b.read<{ publisher: string; previousVersion: bigint; nextVersion: bigint }>(w.s.registry, "program", [id]),
        }));
      // PID 0 and count + 1 are unknown (one of the three reads per step, rotating).
      const n = m.registry.processes.length + 1;
      const zero = b.probed(0, 3) ? b.read(w.s.registry, "statusOf", [0]) : undefined;
      const next = b.probed(1, 3) ? b.read(w.s.registry, "statusOf", [n]) : undefined;
      const nextRunning = b.probed(2, 3) ? b.read<boolean>(w.s.registry, "isRunning", [n]) : undefined;
      return () => {
        ensure(
          count.value >= m.seen.processCount,
          () => `processCount fell from ${m.seen.processCount} to ${count.value}`,
        );
        ensure(
          count.value === BigInt(m.registry.processes.length),
          () => `processCount ${count.value}, model ${m.registry.processes.length}`,
        );
        ensure(programs.value === BigInt(m.registry.programCount), () => `programCount ${programs.value}`);
        for (const { p, id, v } of lines) {
          const got = `${lower(v.value.publisher)} ${v.value.previousVersion} ${v.value.nextVersion}`;
          const want = `${p.publisher} ${p.previous} ${p.next}`;
          ensure(got === want, () => `program ${id}: publisher, previous, next ${got}, model ${want}`);
        }
        for (const r of [zero, next]) {
          if (!r) continue;
          ensure(
            !r.ok && (r.revert ?? "").startsWith("ProcessRegistryUnknownProcess"),
            () => `PID 0 or count+1: ${r.label} returned or reverted with ${r.revert}`,
          );
        }
        if (nextRunning) ensure(!nextRunning.value, () => "PID count+1 is running");
        m.seen.processCount = count.value;
      };
    },
  },
  {
    area: "registry",
    name: "each PID has exactly one status, the model's; killed is terminal",
    collect(b, m, w) {
      // processInfo of every process; isRunning (the same effective status through another function) of one per step.
      const n = m.registry.processes.length;
      const reads = m.registry.processes.map((p, i) => ({
        p,
        info: b.read<ProcessInfo>(w.s.registry, "processInfo", [p.pid]),
        running: b.probed(i, n) ? b.read<boolean>(w.s.registry, "isRunning", [p.pid]) : undefined,
      }));
      return () => {
        for (const { p, info, running } of reads) {
          const i = info.value;
          const eff = effectiveStatus(m, p.pid);
          const own = Number(i.status);
          ensure(
            own === Status.Running || own === Status.Suspended || own === Status.Terminated,
            () => `PID ${p.pid} has status ${own}`,
          );
          ensure(own === p.status, () => `PID ${p.pid} own status ${own}, model ${p.status}`);
          ensure(Number(i.effectiveStatus) === eff, () => `PID ${p.pid} effective ${i.effectiveStatus}, model ${eff}`);
          if (running) {
            ensure(
              running.value === (eff === Status.Running),
              () => `PID ${p.pid} isRunning ${running.value}, model ${eff}`,
            );
          }
          ensure(
            lower(i.owner) === p.owner && Number(i.parentPid) === p.parent && Number(i.depth) === p.depth,
            () => `PID ${p.pid} owner ${nameOf(w, i.owner)} parent ${i.parentPid} depth ${i.depth}`,
          );
          ensure(
            Number(i.ownerGeneration) === p.generation && lower(i.instance) === p.instance,
            () => `PID ${p.pid} generation ${i.ownerGeneration} instance ${i.instance}`,
          );
          if (m.seen.terminated.has(p.pid)) {
            ensure(eff === Status.Terminated, () => `PID ${p.pid} came back from Terminated`);
          }
          if (eff === Status.Terminated) m.seen.terminated.add(p.pid);
        }
      };
    },
  },
  {
    area: "registry",
    name:
      "a killed PID holds no capability; hasCapability of the model's grantees and of one rotating (account, " +
      "capability) probe per process, and stored expiries, are the model's",
    collect(b, m, w) {
      const all = w.addresses.flatMap((who) => w.capabilities.map((cap) => ({ who: lower(who), cap })));
      const reads = m.registry.processes.flatMap((p) => {
        // The model's grants under the current owner (hasCapability flips at their expiry, and a kill or an
        // ownership transfer voids them), and one more (account, capability) per step, the owner included.
        const prefix = `${p.pid}|${p.generation}|`;
        const granted = [...m.acl.capabilities.keys()]
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.split("|"))
          .map(([, , who, what]) => ({ who, cap: w.capabilities.find((c) => c.id === what)! }));
        const probe = all[(stats.steps + p.pid) % all.length];
        const keyOf = (x: { who: string; cap: { id: string } }) => `${x.who}|${x.cap.id}`;
        const list = b.full ? all : [...new Map([...granted, probe].map((x) => [keyOf(x), x])).values()];
        return list.map(({ who, cap }) => ({
          p,
          who,
          cap,
          has: b.read<boolean>(w.s.acl, "hasCapability", [p.pid, who, cap.id]),
          // Stored expiries where the model has a grant (a stray grant elsewhere shows in hasCapability).
          expiry:
            capabilityExpiry(m, p.pid, who, cap.id) !== 0n
              ? b.read<bigint>(w.s.acl, "capabilityExpiry", [p.pid, who, cap.id])
              : undefined,
          // Issue 16 part 3: a conditional grant's expiry and condition (capabilityExpiry reads 0 for it).
          conditional: capabilityGrant(m, p.pid, who, cap.id).conditional
            ? b.read<[bigint, string]>(w.s.acl, "capabilityCondition", [p.pid, who, cap.id])
            : undefined,
        }));
      });
      return () => {
        for (const { p, who, cap, has, expiry, conditional } of reads) {
          const terminated = effectiveStatus(m, p.pid) === Status.Terminated;
          if (terminated) ensure(!has.value, () => `killed PID ${p.pid} grants ${cap.name} to ${nameOf(w, who)}`);
          const want = hasCapability(m, p.pid, who, cap.id, m.now);
          ensure(
            has.value === want,
            () => `hasCapability(${p.pid}, ${nameOf(w, who)}, ${cap.name}) ${has.value}, model ${want}`,
          );
          if (conditional) {
            const [e, c] = conditional.value;
            const want = `${capabilityGrant(m, p.pid, who, cap.id).expiry}@${lower(w.condition)}`;
            ensure(
              `${e}@${lower(c)}` === want,
              () => `capabilityCondition(${p.pid}, ${nameOf(w, who)}, ${cap.name}) ${e}@${c}, model ${want}`,
            );
          }
          if (expiry) {
            const wantExpiry = capabilityExpiry(m, p.pid, who, cap.id);
            ensure(
              expiry.value === wantExpiry,
              () => `capabilityExpiry(${p.pid}, ${nameOf(w, who)}, ${cap.name}) ${expiry.value}, model ${wantExpiry}`,
            );
          }
        }
      };
    },
  },
];
