import hre from "hardhat";
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
    // Issue 17: the second token (tUSD), its fees and its entry in the module's token list (one probe per step).
    heldToken: b.read<bigint>(w.tusd, "balanceOf", [address]),
    tokenFees: b.read<bigint>(c, "uncollectedTokenFees", [w.tusdAddress]),
    tokenEntry: b.probed(1, 4, i) ? b.read<[string, boolean]>(c, "tokenAt", [1]) : undefined,
    tokenId: b.probed(3, 4, i) ? b.read<bigint>(c, "tokenIdOf", [w.tusdAddress]) : undefined,
    // The fee and the dispute count change only with their events (predicted); every other step reads one of them.
    feeBps: b.probed(0, 4, i) ? b.read<bigint>(c, "feeBps") : undefined,
    count: b.probed(2, 4, i) ? b.read<bigint>(c, "disputeCount") : undefined,
    // Reputation counters only grow and no event shows them: one account per step (all in a full check).
    accounts: [...e.accounts.entries()].map(([who, a], k) => ({
      who,
      a,
      balance: b.read<bigint>(c, "withdrawable", [who]),
      tokenBalance: b.read<bigint>(c, "withdrawableToken", [who, w.tusdAddress]),
      rep: b.probed(k, e.accounts.size, i) ? b.read<Reputation>(c, "localReputation", [who]) : undefined,
    })),
    disputes: b
      .sample(e.disputes, (d) => d.status !== 1, i)
      .map((d) => ({ d, v: b.read<Record<string, unknown>>(c, "dispute", [d.id]) })),
  };
}

/** Check the shared part; returns Σ withdrawable read, in NYN and in tUSD (for the conservation checks). */
function checkEscrow(w: World, r: ReturnType<typeof escrowReads>): { withdrawable: bigint; withdrawableToken: bigint } {
  const { e, name } = r;
  ensure(r.fees.value === e.fees, () => `${name}: fees ${r.fees.value}, model ${e.fees}`);
  ensure(r.tokenFees.value === e.tokenFees, () => `${name}: tUSD fees ${r.tokenFees.value}, model ${e.tokenFees}`);
  if (r.tokenEntry) {
    const [token, approved] = Array.from(r.tokenEntry.value) as [string, boolean];
    const want = e.tokenId === 0 ? hre.ethers.ZeroAddress : w.tusdAddress;
    ensure(
      lower(token) === lower(want) && approved === e.tokenApproved,
      () => `${name}: tokenAt(1) (${token}, ${approved}), model (${want}, ${e.tokenApproved})`,
    );
  }
  if (r.tokenId) {
    ensure(
      r.tokenId.value === BigInt(e.tokenId),
      () => `${name}: tokenIdOf(tUSD) ${r.tokenId!.value}, model ${e.tokenId}`,
    );
  }
  let withdrawableToken = 0n;
  const { feeBps, count } = r;
  if (feeBps) ensure(feeBps.value === e.feeBps, () => `${name}: fee ${feeBps.value} bps, model ${e.feeBps}`);
  if (count) ensure(count.value === BigInt(e.disputes.length), () => `${name}: ${count.value} disputes`);
  let withdrawable = 0n;
  for (const { who, a, balance, tokenBalance, rep } of r.accounts) {
    withdrawable += balance.value;
    withdrawableToken += tokenBalance.value;
    ensure(
      balance.value === a.balance,
      () => `${name}: withdrawable(${nameOf(w, who)}) ${balance.value}, model ${a.balance}`,
    );
    ensure(
      tokenBalance.value === a.tokenBalance,
      () => `${name}: withdrawableToken(${nameOf(w, who)}, tUSD) ${tokenBalance.value}, model ${a.tokenBalance}`,
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
      lower(x.openedBy as string) === d.openedBy &&
      Number(x.tokenId) === d.token;
    ensure(same, () => `${name}: dispute ${d.id} differs from the model`);
  }
  return { withdrawable, withdrawableToken };
}

/**
 * Conservation per token (issue 17): what module `name` holds of NYN and of tUSD is, token by token, Σ open escrows
 * in that token + Σ withdrawable in it + its uncollected fees in it (+ stray NYN).
 */
function checkConservation(
  name: string,
  r: ReturnType<typeof escrowReads>,
  sums: { withdrawable: bigint; withdrawableToken: bigint },
  open: [bigint, bigint],
  stray: bigint,
) {
  const held = r.held.value;
  ensure(
    held === open[0] + sums.withdrawable + r.fees.value + stray,
    () =>
      `${name} holds ${held} NYN-wei, open ${open[0]} + withdrawable ${sums.withdrawable} + fees ${r.fees.value} ` +
      `+ stray ${stray}`,
  );
  const heldToken = r.heldToken.value;
  ensure(
    heldToken === open[1] + sums.withdrawableToken + r.tokenFees.value,
    () =>
      `${name} holds ${heldToken} tUSD units, open ${open[1]} + withdrawable ${sums.withdrawableToken} + fees ` +
      `${r.tokenFees.value}`,
  );
}

/**
 * Market invariants (SECURITY.md "Market"): NYN held by each module = Σ open escrows + Σ withdrawable + uncollected
 * fees (+ NYN sent to it by plain transfer, owed to nobody: B7), each term read from the module over everything the model knows (an order, a job or an account it does not
 * know holds nothing, or the sum shows it); every escrow pays out once: what it paid out (from the predicted
 * settlement events) plus what it still holds is its deposit, a settled order holds nothing and settled once. Every
 * listing, order, job, current milestone, dispute, balance and reputation is the model's. (That every escrow can be
 * settled once all deadlines pass is checked at the end of each sequence: system.property.test.ts.)
 *
 * Issue 17 part 3: the same per token. tUSD held by each module = Σ open tUSD escrows + Σ withdrawable tUSD + its
 * uncollected tUSD fees; every escrow's token (listingToken, orderToken, the job's and the dispute's tokenId), the
 * module's token list (tokenAt, tokenIdOf) and every tUSD balance are the model's.
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
        .map((o) => ({
          o,
          v: b.read<Record<string, unknown>>(mk, "order", [o.id]),
          // The escrow's token, while the order lives (a settled order's record is gone).
          token:
            o.status === 1 || o.status === 2 || o.status === 5 ? b.read<string>(mk, "orderToken", [o.id]) : undefined,
        }));
      const listings = b
        .sample(m.market.listings, (l) => l.status !== 1 || l.quantity === 0n, 1)
        .map((l) => ({
          l,
          v: b.read<Record<string, unknown>>(mk, "listing", [l.id]),
          token: b.read<string>(mk, "listingToken", [l.id]),
        }));
      return () => {
        const sums = checkEscrow(w, shared);
        const tokenAddress = (t: number) => (t === 0 ? w.s.addresses.nyn : w.tusdAddress);
        const open: [bigint, bigint] = [0n, 0n];
        for (const { o, v, token } of orders) {
          const x = v.value;
          open[o.token] += x.amount as bigint;
          if (token) {
            ensure(
              lower(token.value) === lower(tokenAddress(o.token)),
              () => `order ${shortId(w, o.id)}: token ${token.value}, model ${o.token}`,
            );
          }
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
        for (const { l, v, token } of listings) {
          const x = v.value;
          ensure(
            lower(token.value) === lower(tokenAddress(l.token)),
            () => `listing ${shortId(w, l.id)}: token ${token.value}, model ${l.token}`,
          );
          const same =
            x.pricePerUnit === l.price &&
            x.quantity === l.quantity &&
            x.deliveryWindow === l.window &&
            Number(x.status) === l.status;
          ensure(same, () => `listing ${shortId(w, l.id)}: price ${x.pricePerUnit} x${x.quantity} status ${x.status}`);
        }
        const stray = m.nyn.stray.get(lower(w.s.addresses.marketplace)) ?? 0n;
        checkConservation("marketplace", shared, sums, open, stray);
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
        const sums = checkEscrow(w, shared);
        const escrowed: [bigint, bigint] = [0n, 0n];
        for (const { j, v, ms } of jobs) {
          const x = v.value;
          escrowed[j.token] += x.escrowed as bigint;
          const same =
            lower(x.client as string) === j.client &&
            Number(x.status) === j.status &&
            Number(x.milestoneCount) === j.milestones.length &&
            Number(x.currentMilestone) === j.current &&
            x.feeBps === j.feeBps &&
            x.deadline === j.deadline &&
            x.cancelRequested === j.cancelRequested &&
            lower(x.worker as string) === j.worker &&
            x.escrowed === j.escrowed &&
            Number(x.tokenId) === (j.token === 0 ? 0 : m.jobs.tokenId);
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
        const stray = m.nyn.stray.get(lower(w.s.addresses.jobBoard)) ?? 0n;
        checkConservation("job board", shared, sums, escrowed, stray);
      };
    },
  },
  {
    area: "market",
    name: "tUSD: every holder's balance is the model's, and the supply is what setupWorld minted (issue 17)",
    collect(b, m, w) {
      const holders = [...m.tusd.keys()].map((who) => ({ who, v: b.read<bigint>(w.tusd, "balanceOf", [who]) }));
      const supply = b.read<bigint>(w.tusd, "totalSupply");
      return () => {
        let sum = 0n;
        for (const { who, v } of holders) {
          const want = m.tusd.get(who)!;
          sum += want;
          ensure(v.value === want, () => `tUSD balanceOf(${nameOf(w, who)}) ${v.value}, model ${want}`);
        }
        ensure(supply.value === sum, () => `tUSD supply ${supply.value}, Σ model balances ${sum}`);
      };
    },
  },
];
