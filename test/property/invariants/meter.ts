import { Invariant, Status, effectiveStatus, ensure, epochAt, lower, nameOf } from "../model";
import { budgetHealthOf, ruleSelectors } from "../commands/meter";

interface MeterInfo {
  budget: bigint;
  price: bigint;
  epoch: bigint;
  epochEndsAt: bigint;
  usedThisEpoch: bigint;
  processQuota: bigint;
  userQuota: bigint;
  lowBudgetThreshold: bigint;
  relayGasCap: bigint;
  runwayGas: bigint;
  quotaLeft: bigint;
  spendable: boolean;
}

const MAX_UINT = (1n << 256n) - 1n;

/**
 * Gas meter invariants (SECURITY.md "Meter"): NYN held by the meter = Σ budgets + Σ unclaimed relayer
 * reimbursements + uncollected fees (+ NYN sent to it by plain transfer, owed to nobody: B7), with each term read
 * from the meter (over every PID and relayer the model knows: a charge to anyone else shows as a difference), and
 * each equal to the model's; no budget below zero; the
 * price, the epoch and every process's usage, quotas and settings, and each recorded per-user usage, are the model's.
 */
export const meterInvariants: Invariant[] = [
  {
    area: "meter",
    name: "NYN held = Σ budgets + Σ claimable + fees; budgets, usage, quotas, settings, claims, price, epoch are the model's",
    collect(b, m, w) {
      const meter = w.s.gasMeter;
      const held = b.read<bigint>(w.s.nyn, "balanceOf", [w.s.addresses.gasMeter]);
      const fees = b.read<bigint>(meter, "fees");
      // meterInfo carries the price and the epoch too: the direct views are read when no account is (or per probe).
      const direct = m.meter.accounts.size === 0 || b.probed(0, 4);
      const price = direct ? b.read<bigint>(meter, "price") : undefined;
      const epoch = direct ? b.read<bigint>(meter, "currentEpoch") : undefined;
      const now = epochAt(m, m.now);
      const infos = [...m.meter.accounts.entries()].map(([pid, a]) => ({
        pid,
        a,
        info: b.read<MeterInfo>(meter, "meterInfo", [pid]),
        users: [...a.users.entries()].map(([user, u]) => ({
          user,
          want: u.epoch === now ? u.used : 0n,
          v: b.read<bigint>(meter, "userUsage", [pid, user, now]),
        })),
      }));
      const claims = w.relayers.map((r) => ({
        r: r.address,
        v: b.read<bigint>(meter, "claimable", [r.address]),
      }));
      return () => {
        const stray = m.nyn.stray.get(lower(w.s.addresses.gasMeter)) ?? 0n;
        let sum = fees.value + stray;
        for (const { info } of infos) sum += info.value.budget;
        for (const { v } of claims) sum += v.value;
        ensure(held.value === sum, () => `meter holds ${held.value}, Σ budgets + claimable + fees + stray = ${sum}`);
        ensure(fees.value === m.meter.fees, () => `fees ${fees.value}, model ${m.meter.fees}`);
        if (price) ensure(price.value === m.meter.price, () => `price ${price.value}, model ${m.meter.price}`);
        if (epoch) ensure(epoch.value === now, () => `epoch ${epoch.value}, model ${now}`);
        const endsAt = m.meter.anchor + (now - m.meter.offset + 1n) * m.meter.epochLength;
        for (const { pid, a, info, users } of infos) {
          const i = info.value;
          ensure(a.budget >= 0n, () => `PID ${pid}: model budget below zero`);
          const used = a.usageEpoch === now ? a.used : 0n;
          const want: [string, unknown, unknown][] = [
            ["budget", i.budget, a.budget],
            ["price", i.price, m.meter.price],
            ["epoch", i.epoch, now],
            ["epochEndsAt", i.epochEndsAt, endsAt],
            ["usedThisEpoch", i.usedThisEpoch, used],
            ["processQuota", i.processQuota, a.processQuota],
            ["userQuota", i.userQuota, a.userQuota],
            ["lowBudgetThreshold", i.lowBudgetThreshold, a.lowThreshold],
            ["relayGasCap", i.relayGasCap, a.relayGasCap],
            ["runwayGas", i.runwayGas, a.budget / m.meter.price],
            [
              "quotaLeft",
              i.quotaLeft,
              a.processQuota === 0n ? MAX_UINT : used >= a.processQuota ? 0n : a.processQuota - used,
            ],
            ["spendable", i.spendable, effectiveStatus(m, pid) === Status.Running],
          ];
          for (const [field, actual, expected] of want) {
            ensure(actual === expected, () => `PID ${pid} ${field} ${actual}, model ${expected}`);
          }
          for (const { user, want: u, v } of users) {
            ensure(v.value === u, () => `PID ${pid} userUsage(${nameOf(w, user)}) ${v.value}, model ${u}`);
          }
        }
        for (const { r, v } of claims) {
          const want = m.meter.claimable.get(lower(r)) ?? 0n;
          ensure(v.value === want, () => `claimable(${nameOf(w, r)}) ${v.value}, model ${want}`);
        }
      };
    },
  },
  {
    area: "meter",
    name: "budgetHealth, the freezing threshold and the sponsorship selector rules are the model's (issue 17)",
    collect(b, m, w) {
      const meter = w.s.gasMeter;
      const pids = [...m.meter.accounts.keys()];
      const health = pids.map((pid) => ({
        pid,
        v: b.read<[bigint, bigint, bigint]>(meter, "budgetHealth", [pid]),
        freeze: b.read<bigint>(meter, "freezeThresholdOf", [pid]),
        only: b.read<boolean>(meter, "relaySelectorsOnly", [pid]),
      }));
      // The sponsorship of each rule selector: one process per step, rotating (all in a full check).
      const selectors = ruleSelectors();
      const sponsored = pids
        .filter((_, i) => b.probed(i, pids.length, 3))
        .flatMap((pid) =>
          selectors.map((sel) => ({ pid, sel, v: b.read<boolean>(meter, "isRelaySelectorSponsored", [pid, sel]) })),
        );
      return () => {
        for (const { pid, v, freeze, only } of health) {
          const a = m.meter.accounts.get(pid)!;
          const want = budgetHealthOf(a);
          const got = Array.from(v.value).map((x) => BigInt(x));
          ensure(
            got.every((x, i) => x === want[i]),
            () => `PID ${pid} budgetHealth (${got.join(", ")}), model (${want.join(", ")})`,
          );
          ensure(
            freeze.value === a.freezeThreshold,
            () => `PID ${pid} freezeThresholdOf ${freeze.value}, model ${a.freezeThreshold}`,
          );
          ensure(
            only.value === a.selectorsOnly,
            () => `PID ${pid} relaySelectorsOnly ${only.value}, model ${a.selectorsOnly}`,
          );
        }
        for (const { pid, sel, v } of sponsored) {
          const want = m.meter.accounts.get(pid)!.sponsored.has(sel);
          ensure(v.value === want, () => `PID ${pid} isRelaySelectorSponsored(${sel}) ${v.value}, model ${want}`);
        }
      };
    },
  },
];
