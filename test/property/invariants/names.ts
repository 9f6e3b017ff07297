import { Invariant, ensure, lower, nameOf } from "../model";
import { primaryName, resolvedAddr, ROOT_NODE } from "../commands/names";

/**
 * Name service invariants (issue 16): every name resolves exactly as the model derives it — an account name to its
 * owner, a process name to its instance only while the process is not terminated and has the owner generation it was
 * named under (release on kill is lazy) — with the owner and PID the model predicts; every primary name is the
 * model's (EIP-181 with the forward check); pending transfers are the model's.
 */
export const namesInvariants: Invariant[] = [
  {
    area: "names",
    name: "every name's addr, owner, PID and pending owner are the model's",
    collect(b, m, w) {
      const reads = [...m.names.records.entries()].map(([node, r]) => ({
        node,
        r,
        record: b.read<{ addr: string; owner: string; pid: bigint; live: boolean; pendingOwner: string }>(
          w.s.names,
          "record",
          [node],
        ),
      }));
      return () => {
        for (const { node, r, record } of reads) {
          const addr = resolvedAddr(m, node);
          const live = addr !== lower("0x0000000000000000000000000000000000000000");
          const owner = r.parent === ROOT_NODE ? r.holder : live ? m.names.records.get(r.parent)!.holder : lower(addr);
          const v = record.value;
          ensure(lower(v.addr) === addr, () => `${r.fullName}: addr ${v.addr}, model ${addr}`);
          ensure(v.live === live, () => `${r.fullName}: live ${v.live}, model ${live}`);
          ensure(lower(v.owner) === owner, () => `${r.fullName}: owner ${v.owner}, model ${owner}`);
          ensure(Number(v.pid) === r.pid, () => `${r.fullName}: pid ${v.pid}, model ${r.pid}`);
          const pending = m.names.pending.get(node) ?? lower("0x0000000000000000000000000000000000000000");
          ensure(lower(v.pendingOwner) === pending, () => `${r.fullName}: pending ${v.pendingOwner}, model ${pending}`);
        }
      };
    },
  },
  {
    area: "names",
    name: "every actor's and every named instance's primary name is the model's (forward-checked)",
    collect(b, m, w) {
      const accounts = [...new Set([...w.addresses.map(lower), ...m.names.reverse.keys()])];
      const reads = accounts.map((a) => ({ a, name: b.read<string>(w.s.names, "name", [a]) }));
      return () => {
        for (const { a, name } of reads) {
          const want = primaryName(m, a);
          ensure(name.value === want, () => `name(${nameOf(w, a)}) "${name.value}", model "${want}"`);
        }
      };
    },
  },
];
