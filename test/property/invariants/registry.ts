import { Invariant, Status, capabilityExpiry, effectiveStatus, ensure, hasCapability, lower, nameOf } from "../model";

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
 * Registry invariants (ATTACKS.md): each PID is in exactly one status; killed is terminal; the PID counter only
 * increases; a killed PID holds no capability. Plus: every process record and every capability is the model's.
 */
export const registryInvariants: Invariant[] = [
  {
    area: "registry",
    name: "the PID counter only increases and PIDs outside 1..count are unknown",
    collect(b, m, w) {
      const count = b.read<bigint>(w.s.registry, "processCount");
      const programs = b.read<bigint>(w.s.registry, "programCount");
      const zero = b.read(w.s.registry, "statusOf", [0]);
      const next = b.read(w.s.registry, "statusOf", [m.registry.processes.length + 1]);
      const nextRunning = b.read<boolean>(w.s.registry, "isRunning", [m.registry.processes.length + 1]);
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
        ensure(!zero.ok && !next.ok && !nextRunning.value, () => "PID 0 or count+1 resolves to a process");
        ensure(
          (zero.revert ?? "").startsWith("ProcessRegistryUnknownProcess") &&
            (next.revert ?? "").startsWith("ProcessRegistryUnknownProcess"),
          () => `unknown PIDs revert with ${zero.revert} / ${next.revert}`,
        );
        m.seen.processCount = count.value;
      };
    },
  },
  {
    area: "registry",
    name: "each PID has exactly one status, the model's; killed is terminal",
    collect(b, m, w) {
      const reads = m.registry.processes.map((p) => ({
        p,
        info: b.read<ProcessInfo>(w.s.registry, "processInfo", [p.pid]),
        running: b.read<boolean>(w.s.registry, "isRunning", [p.pid]),
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
          ensure(
            Number(i.effectiveStatus) === eff && running.value === (eff === Status.Running),
            () => `PID ${p.pid} effective ${i.effectiveStatus}/running ${running.value}, model ${eff}`,
          );
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
    name: "a killed PID holds no capability; hasCapability for everyone and stored expiries are the model's",
    collect(b, m, w) {
      const reads = m.registry.processes.flatMap((p) =>
        w.addresses.flatMap((who) =>
          w.capabilities.map((cap) => ({
            p,
            who,
            cap,
            has: b.read<boolean>(w.s.acl, "hasCapability", [p.pid, who, cap.id]),
            // Stored expiries where the model has a grant (a stray grant elsewhere shows in hasCapability).
            expiry:
              capabilityExpiry(m, p.pid, who, cap.id) !== 0n
                ? b.read<bigint>(w.s.acl, "capabilityExpiry", [p.pid, who, cap.id])
                : undefined,
          })),
        ),
      );
      return () => {
        for (const { p, who, cap, has, expiry } of reads) {
          const terminated = effectiveStatus(m, p.pid) === Status.Terminated;
          if (terminated) ensure(!has.value, () => `killed PID ${p.pid} grants ${cap.name} to ${nameOf(w, who)}`);
          const want = hasCapability(m, p.pid, who, cap.id, m.now);
          ensure(
            has.value === want,
            () => `hasCapability(${p.pid}, ${nameOf(w, who)}, ${cap.name}) ${has.value}, model ${want}`,
          );
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
