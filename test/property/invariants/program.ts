import { Counter__factory } from "../../../typechain-types";
import { Invariant, ensure, lower, nameOf, stats } from "../model";

/** Program invariants: every Counter's state is the model's; forwarder nonces only increase. */
export const programInvariants: Invariant[] = [
  {
    area: "program",
    name: "every Counter's count and the increments of the credited accounts and of the owner are the model's",
    collect(b, m, w) {
      const reads = m.registry.processes.map((p) => {
        const counter = Counter__factory.connect(p.instance, w.relayer);
        return {
          p,
          count: b.read<bigint>(counter, "count"),
          // A miscredited increment shows as a count or a credited account off by one.
          by: [...new Set([...p.incrementsBy.keys(), p.owner])].map((a) => ({
            a,
            v: b.read<bigint>(counter, "incrementsBy", [a]),
          })),
        };
      });
      return () => {
        for (const { p, count, by } of reads) {
          ensure(count.value === p.count, () => `PID ${p.pid} count ${count.value}, model ${p.count}`);
          for (const { a, v } of by) {
            const want = p.incrementsBy.get(lower(a)) ?? 0n;
            ensure(v.value === want, () => `PID ${p.pid} incrementsBy(${nameOf(w, a)}) ${v.value}, model ${want}`);
          }
        }
      };
    },
  },
  {
    area: "program",
    name: "forwarder nonces only increase (by one per executed request)",
    collect(b, m, w) {
      // The signers the model knows, and one more actor per step (as for permit nonces).
      const probe = lower(w.addresses[(stats.steps + 3) % w.addresses.length]);
      const nonces = w.addresses
        .filter((a) => b.full || (m.forwarder.nonces.get(lower(a)) ?? 0n) > 0n || lower(a) === probe)
        .map((a) => ({ a, n: b.read<bigint>(w.s.forwarder, "nonces", [a]) }));
      return () => {
        for (const { a, n } of nonces) {
          const seen = m.seen.forwarderNonces.get(lower(a)) ?? 0n;
          ensure(n.value >= seen, () => `forwarder nonce of ${nameOf(w, a)} fell from ${seen} to ${n.value}`);
          ensure(
            n.value === (m.forwarder.nonces.get(lower(a)) ?? 0n),
            () => `forwarder nonce of ${nameOf(w, a)} ${n.value}`,
          );
          m.seen.forwarderNonces.set(lower(a), n.value);
        }
      };
    },
  },
];
