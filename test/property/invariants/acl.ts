import { PERMISSION } from "../../../lib/ids";
import {
  Invariant,
  NO_EXPIRY,
  conditionKey,
  conditionOf,
  ensure,
  hasPermission,
  lower,
  nameOf,
  pairKey,
  stats,
} from "../model";

/**
 * ACL invariants (SECURITY.md): permissions change only through grant/revoke/renounce/expiry, each with its event
 * (the events are checked per transaction in `exec`; here the whole table is compared with the model, which only
 * those commands change), and the root always holds ROOT.
 */
export const aclInvariants: Invariant[] = [
  {
    area: "ACL",
    name: "the root always holds ROOT on the kernel",
    collect(b, m, w) {
      // The ROOT holder list is compared with the model below; here the kernel's own view.
      const isRoot = b.read<boolean>(w.s.kernel, "isRoot", [w.root]);
      const key = pairKey(w.s.addresses.kernel, PERMISSION.ROOT);
      return () => {
        ensure(m.acl.grants.get(key)?.has(lower(w.root)) === true, () => `the model took ROOT from the root`);
        ensure(isRoot.value, () => `root ${w.root} lost ROOT (isRoot false)`);
      };
    },
  },
  {
    area: "ACL",
    name:
      "the permission table (holders, their expiries, managers) is the model's; hasPermission now for the " +
      "holders and one rotating (permission, grantee) probe",
    collect(b, m, w) {
      const checks: (() => void)[] = [];
      // The holder list shows any stray grant (ANY_ENTITY included), so hasPermission is read where it can be true
      // (the holders: expiries flip it) and, per step, for one more grantee of one permission, rotating over all.
      // Managers change only through setPermissionManager, which no command calls: one per step (all in a full check).
      const probe = w.grantees[Math.floor(stats.steps / w.pairs.length) % w.grantees.length];
      for (const [i, pair] of w.pairs.entries()) {
        const key = pairKey(pair.where, pair.what);
        const grants = m.acl.grants.get(key) ?? new Map<string, bigint>();
        const holders = b.read<string[]>(w.s.acl, "permissionHolders", [pair.where, pair.what, 0, 64]);
        const manager = b.probed(i, w.pairs.length)
          ? b.read<string>(w.s.acl, "getPermissionManager", [pair.where, pair.what])
          : undefined;
        // hasPermission of the holders whose grant expires (it flips there) every step; of every holder, and of one
        // more grantee, for one permission per step.
        const probed = b.probed(i, w.pairs.length);
        const who = new Set([
          ...[...grants.entries()].filter(([, e]) => probed || e !== NO_EXPIRY).map(([h]) => h),
          ...w.grantees.filter((g) => b.full || (probed && g === probe)).map(lower),
        ]);
        const has = [...who].map((who) => ({
          who,
          has: b.read<boolean>(w.s.acl, "hasPermission", [who, pair.where, pair.what]),
        }));
        // Finite expiries of the model's holders (a never-expiring grant shows in hasPermission).
        const expiries = [...grants.entries()]
          .filter(([, e]) => e !== NO_EXPIRY)
          .map(([who, want]) => ({
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
          if (manager) {
            ensure(
              lower(manager.value) === (m.acl.managers.get(key) ?? lower("0x" + "0".repeat(40))),
              () => `${pair.name} manager ${manager.value}`,
            );
          }
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

/**
 * "What may this account do" (issue 16 part 4): each grantee's own list (`permissionsOf`, every position) holds exactly
 * the model's grants of that grantee among the world's permission pairs, each once, with the model's expiry. One
 * grantee per step, rotating (all of them in a full check).
 */
export const aclIntrospectionInvariants: Invariant[] = [
  {
    area: "ACL",
    name: "each grantee's permissionsOf list is exactly its grants in the model (one grantee per step, rotating)",
    collect(b, m, w) {
      const reads = w.grantees
        .filter((_, i) => b.full || i === stats.steps % w.grantees.length)
        .map((who) => ({
          who,
          list: b.read<{ where: string; what: string; expiry: bigint; condition: string }[]>(w.s.acl, "permissionsOf", [
            who,
            0,
            256,
          ]),
        }));
      return () => {
        for (const { who, list } of reads) {
          const known = new Set(w.pairs.map((p) => pairKey(p.where, p.what)));
          const chain = [...list.value]
            .map((h) => ({ key: pairKey(h.where, h.what), expiry: h.expiry, condition: lower(h.condition) }))
            .filter((h) => known.has(h.key))
            .map((h) => `${h.key}@${h.expiry}@${h.condition}`)
            .sort();
          // Issue 16 part 3: each with its condition (the world's switch for a conditional grant, else zero).
          const none = lower("0x" + "0".repeat(40));
          const want = w.pairs
            .filter((p) => m.acl.grants.get(pairKey(p.where, p.what))?.has(lower(who)))
            .map((p) => {
              const key = pairKey(p.where, p.what);
              const condition = m.acl.conditional.has(conditionKey(p, who)) ? lower(conditionOf(m, w, p, who)) : none;
              return `${key}@${m.acl.grants.get(key)!.get(lower(who))}@${condition}`;
            })
            .sort();
          ensure(chain.join() === want.join(), () => `permissionsOf(${nameOf(w, who)}) [${chain}], model [${want}]`);
          ensure(
            new Set(list.value.map((h) => pairKey(h.where, h.what))).size === list.value.length,
            () => `permissionsOf(${nameOf(w, who)}) lists a permission twice`,
          );
        }
      };
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
