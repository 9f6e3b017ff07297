import { Invariant, Model, Ref, World, ensure, lower, nameOf } from "../model";
import { moduleOf, orderStatusOnChain, shortId } from "../commands/market";

interface Reputation {
  completedSales: bigint;
  completedJobs: bigint;
  disputesOpened: bigint;
  disputesWon: bigint;
  disputesLost: bigint;
}

/** The shared part of both modules: fee, fees, every known account's balance and reputation, every dispute. */
function escrowReads(b: Parameters<Invariant["collect"]>[0], m: Model, w: World, i: number) {
  const { e, c, address } = moduleOf(m, w, i);
  return {
    e,
    name: i === 0 ? "marketplace" : "jobBoard",
    held: b.read<bigint>(w.s.nyn, "balanceOf", [address]),
    fees: b.read<bigint>(c, "uncollectedFees"),
    // The fee and the dispute count change only with their events (predicted); every other step reads one of them.
    feeBps: b.probed(0, 4, i) ? b.read<bigint>(c, "feeBps") : undefined,
    count: b.probed(2, 4, i) ? b.read<bigint>(c, "disputeCount") : undefined,
    // Reputation counters only grow and no event shows them: one account per step (all in a full check).
    accounts: [...e.accounts.entries()].map(([who, a], k) => ({
      who,
      a,
      balance: b.read<bigint>(c, "withdrawable", [who]),
      rep: b.probed(k, e.accounts.size, i) ? b.read<Reputation>(c, "localReputation", [who]) : undefined,
    })),
    disputes: b
      .sample(e.disputes, (d) => d.status !== 1, i)
      .map((d) => ({ d, v: b.read<Record<string, unknown>>(c, "dispute", [d.id]) })),
  };
}

/** Check the shared part; returns Σ withdrawable read (for the conservation check). */
function checkEscrow(w: World, r: ReturnType<typeof escrowReads>): bigint {
  const { e, name } = r;
  ensure(r.fees.value === e.fees, () => `${name}: fees ${r.fees.value}, model ${e.fees}`);
  const { feeBps, count } = r;
  if (feeBps) ensure(feeBps.value === e.feeBps, () => `${name}: fee ${feeBps.value} bps, model ${e.feeBps}`);
  if (count) ensure(count.value === BigInt(e.disputes.length), () => `${name}: ${count.value} disputes`);
  let withdrawable = 0n;
  for (const { who, a, balance, rep } of r.accounts) {
    withdrawable += balance.value;
    ensure(
      balance.value === a.balance,
      () => `${name}: withdrawable(${nameOf(w, who)}) ${balance.value}, model ${a.balance}`,
    );
    if (!rep) continue;
    const x = rep.value;
    const same =
      Number(x.completedSales) === a.completedSales &&
      Number(x.completedJobs) === a.completedJobs &&
      Number(x.disputesOpened) === a.disputesOpened &&
      Number(x.disputesWon) === a.disputesWon &&
      Number(x.disputesLost) === a.disputesLost;
    ensure(
      same,
      () =>
        `${name}: reputation of ${nameOf(w, who)} ${x}, model ${JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`,
    );
  }
  for (const { d, v } of r.disputes) {
    const x = v.value;
    const same =
      lower(x.payer as string) === d.payer &&
      lower(x.payee as string) === d.payee &&
      x.amount === d.amount &&
      x.feeBps === d.feeBps &&
      x.rulingDeadline === d.deadline &&
      Number(x.status) === d.status &&
      x.payerShareBps === d.share &&
      x.escrowId === d.escrowId &&
      lower(x.openedBy as string) === d.openedBy;
    ensure(same, () => `${name}: dispute ${d.id} differs from the model`);
  }
  return withdrawable;
}

/**
 * Market invariants (SECURITY.md "Market"): NYN held by each module = Σ open escrows + Σ withdrawable + uncollected
 * fees (+ NYN sent to it by plain transfer, owed to nobody: B7), each term read from the module over everything the model knows (an order, a job or an account it does not
 * know holds nothing, or the sum shows it); every escrow pays out once: what it paid out (from the predicted
 * settlement events) plus what it still holds is its deposit, a settled order holds nothing and settled once. Every
 * listing, order, job, current milestone, dispute, balance and reputation is the model's. (That every escrow can be
 * settled once all deadlines pass is checked at the end of each sequence: system.property.test.ts.)
 */
export const marketInvariants: Invariant[] = [
  {
    area: "market",
    name: "marketplace: NYN held = Σ open orders + Σ withdrawable + fees; each order pays out once; state is the model's",
    collect(b, m, w) {
      const mk = w.s.marketplace;
      const shared = escrowReads(b, m, w, 0);
      // Live orders and listings every step, settled orders and closed or sold-out listings one per step: a settled
      // order that holds NYN again breaks the conservation sum below, which counts only the orders read.
      const orders = b
        .sample(m.market.orders, (o) => o.status === 3 || o.status === 4 || o.status === 6)
        .map((o) => ({ o, v: b.read<Record<string, unknown>>(mk, "order", [o.id]) }));
      const listings = b
        .sample(m.market.listings, (l) => l.status !== 1 || l.quantity === 0n, 1)
        .map((l) => ({ l, v: b.read<Record<string, unknown>>(mk, "listing", [l.id]) }));
      return () => {
        const withdrawable = checkEscrow(w, shared);
        let open = 0n;
        for (const { o, v } of orders) {
          const x = v.value;
          open += x.amount as bigint;
          const label = `order ${shortId(w, o.id)}`;
          const settled = o.status === 3 || o.status === 4 || o.status === 6;
          // A settled order's record is deleted: only its status (Settled) remains.
          const same =
            Number(x.status) === orderStatusOnChain(o.status) &&
            (settled
              ? BigInt(x.seller as string) === 0n && x.feeBps === 0n && x.deadline === 0n && x.deliveryWindow === 0n
              : lower(x.seller as string) === o.seller &&
                x.feeBps === o.feeBps &&
                x.deadline === o.deadline &&
                x.deliveryWindow === o.window) &&
            x.amount === o.amount;
          ensure(
            same,
            () =>
              `${label}: status ${x.status} amount ${x.amount} deadline ${x.deadline}, model ${o.status} ${o.amount} ${o.deadline}`,
          );
          ensure(
            o.paidOut + (x.amount as bigint) === o.deposit,
            () => `${label} paid out ${o.paidOut} + holds ${x.amount} ≠ ${o.deposit}`,
          );
          ensure(o.settlements === (settled ? 1 : 0), () => `${label} settled ${o.settlements} times`);
          if (settled) ensure(x.amount === 0n, () => `${label} settled but holds ${x.amount}`);
        }
        for (const { l, v } of listings) {
          const x = v.value;
          const same =
            x.pricePerUnit === l.price &&
            x.quantity === l.quantity &&
            x.deliveryWindow === l.window &&
            Number(x.status) === l.status;
          ensure(same, () => `listing ${shortId(w, l.id)}: price ${x.pricePerUnit} x${x.quantity} status ${x.status}`);
        }
        const held = shared.held.value;
        const stray = m.nyn.stray.get(lower(w.s.addresses.marketplace)) ?? 0n;
        ensure(
          held === open + withdrawable + shared.fees.value + stray,
          () =>
            `marketplace holds ${held}, open ${open} + withdrawable ${withdrawable} + fees ${shared.fees.value} ` +
            `+ stray ${stray}`,
        );
      };
    },
  },
  {
    area: "market",
    name: "job board: NYN held = Σ job escrows + Σ withdrawable + fees; each job pays out once; state is the model's",
    collect(b, m, w) {
      const jb = w.s.jobBoard;
      const shared = escrowReads(b, m, w, 1);
      const open = b.read<bigint>(jb, "openJobCount");
      const jobs = b
        .sample(m.jobs.jobs, (j) => j.status > 2)
        .map((j) => ({
          j,
          v: b.read<Record<string, unknown>>(jb, "job", [j.id]),
          ms:
            j.status === 1 || j.status === 2
              ? b.read<Record<string, unknown>>(jb, "milestone", [j.id, j.current])
              : (undefined as Ref<Record<string, unknown>> | undefined),
        }));
      return () => {
        const withdrawable = checkEscrow(w, shared);
        let escrowed = 0n;
        for (const { j, v, ms } of jobs) {
          const x = v.value;
          escrowed += x.escrowed as bigint;
          const same =
            lower(x.client as string) === j.client &&
            Number(x.status) === j.status &&
            Number(x.milestoneCount) === j.milestones.length &&
            Number(x.currentMilestone) === j.current &&
            x.feeBps === j.feeBps &&
            x.deadline === j.deadline &&
            x.cancelRequested === j.cancelRequested &&
            lower(x.worker as string) === j.worker &&
            x.escrowed === j.escrowed;
          ensure(
            same,
            () =>
              `job ${j.id}: status ${x.status} milestone ${x.currentMilestone} escrowed ${x.escrowed}, model ${j.status} ${j.current} ${j.escrowed}`,
          );
          ensure(
            j.paidOut + (x.escrowed as bigint) === j.deposit,
            () => `job ${j.id} paid out ${j.paidOut} + holds ${x.escrowed} ≠ ${j.deposit}`,
          );
          const unsettled = j.milestones
            .slice(j.current)
            .reduce((acc, s) => (s.status <= 1 || s.status === 3 ? acc + s.amount : acc), 0n);
          if (j.status === 1 || j.status === 2)
            ensure(
              j.escrowed === unsettled,
              () => `job ${j.id}: model escrows ${j.escrowed}, unsettled milestones ${unsettled}`,
            );
          else ensure(x.escrowed === 0n, () => `job ${j.id} ended but holds ${x.escrowed}`);
          if (ms) {
            const y = ms.value;
            const want = j.milestones[j.current];
            const sameMs =
              y.amount === want.amount &&
              Number(y.status) === want.status &&
              y.reviewDeadline === want.reviewDeadline &&
              y.revisionDeadline === want.revisionDeadline &&
              lower(y.deliverableHash as string) === lower(want.hash);
            ensure(
              sameMs,
              () =>
                `job ${j.id} milestone ${j.current}: status ${y.status} review ${y.reviewDeadline} revision ` +
                `${y.revisionDeadline}, model ${want.status} ${want.reviewDeadline} ${want.revisionDeadline}`,
            );
          }
        }
        const openJobs = m.jobs.jobs.filter((j) => j.status === 1).length;
        ensure(open.value === BigInt(openJobs), () => `openJobCount ${open.value}, model ${openJobs}`);
        const held = shared.held.value;
        const stray = m.nyn.stray.get(lower(w.s.addresses.jobBoard)) ?? 0n;
        ensure(
          held === escrowed + withdrawable + shared.fees.value + stray,
          () =>
            `job board holds ${held}, escrowed ${escrowed} + withdrawable ${withdrawable} + fees ${shared.fees.value} ` +
            `+ stray ${stray}`,
        );
      };
    },
  },
];
