import { PERMISSION } from "../../../deploy/ids";
import { Invariant, ensure, hasPermission, lower, nameOf, pairKey } from "../model";

/**
 * ACL invariants (ATTACKS.md): permissions change only through grant/revoke/renounce/expiry, each with its event
 * (the events are checked per transaction in `exec`; here the whole table is compared with the model, which only
 * those commands change), and the root always holds ROOT.
 */
export const aclInvariants: Invariant[] = [
  {
    area: "ACL",
    name: "the root always holds ROOT on the kernel",
    collect(b, _m, w) {
      const has = b.read<boolean>(w.s.acl, "hasPermission", [w.root, w.s.addresses.kernel, PERMISSION.ROOT]);
      const isRoot = b.read<boolean>(w.s.kernel, "isRoot", [w.root]);
      return () => {
        ensure(
          has.value && isRoot.value,
          () => `root ${w.root} lost ROOT (hasPermission ${has.value}, isRoot ${isRoot.value})`,
        );
      };
    },
  },
  {
    area: "ACL",
    name: "the permission table (holders, their expiries, hasPermission now for everyone, managers) is the model's",
    collect(b, m, w) {
      const checks: (() => void)[] = [];
      for (const pair of w.pairs) {
        const key = pairKey(pair.where, pair.what);
        const grants = m.acl.grants.get(key) ?? new Map<string, bigint>();
        const holders = b.read<string[]>(w.s.acl, "permissionHolders", [pair.where, pair.what, 0, 64]);
        const manager = b.read<string>(w.s.acl, "getPermissionManager", [pair.where, pair.what]);
        const has = w.grantees.map((who) => ({
          who,
          has: b.read<boolean>(w.s.acl, "hasPermission", [who, pair.where, pair.what]),
        }));
        // Expiries of the model's holders; anyone else's grant shows up in the holder list or in hasPermission.
        const expiries = [...grants.entries()].map(([who, want]) => ({
          who,
          want,
          expiry: b.read<bigint>(w.s.acl, "permissionExpiry", [who, pair.where, pair.what]),
        }));
        checks.push(() => {
          const chainHolders = [...holders.value].map(lower).sort();
          const modelHolders = [...grants.keys()].sort();
          ensure(
            chainHolders.join() === modelHolders.join(),
            () =>
              `${pair.name} holders [${chainHolders.map((h) => nameOf(w, h))}], ` +
              `model [${modelHolders.map((h) => nameOf(w, h))}]`,
          );
          ensure(
            lower(manager.value) === (m.acl.managers.get(key) ?? lower("0x" + "0".repeat(40))),
            () => `${pair.name} manager ${manager.value}`,
          );
          for (const { who, has: h } of has) {
            const want = hasPermission(m, who, pair, m.now);
            ensure(
              h.value === want,
              () => `${pair.name} hasPermission(${nameOf(w, who)}) ${h.value}, model ${want} at ${m.now}`,
            );
          }
          for (const { who, want, expiry } of expiries) {
            ensure(
              expiry.value === want,
              () => `${pair.name} expiry of ${nameOf(w, who)} ${expiry.value}, model ${want}`,
            );
          }
        });
      }
      return () => checks.forEach((c) => c());
    },
  },
];

/** Static ACL facts, checked once per sequence start (no command can change them). */
export const aclStaticInvariants: Invariant[] = [
  {
    area: "ACL",
    name: "root-level flags are as deployed (kernel permissions, protected MINT and PROCESS_ADMIN)",
    collect(b, _m, w) {
      const flags = w.pairs.map((pair) => ({
        pair,
        v: b.read<boolean>(w.s.acl, "isRootLevel", [pair.where, pair.what]),
      }));
      return () =>
        flags.forEach(({ pair, v }) => ensure(v.value === pair.rootLevel, () => `${pair.name} isRootLevel ${v.value}`));
    },
  },
];
