import { Invariant, ensure, lower, nameOf, stats } from "../model";
import { P, proposalState } from "../commands/governance";

/** Forward order of proposal states; Canceled is a sink reachable from any state but Executed. */
const RANK: Record<number, number> = {
  [P.Pending]: 0,
  [P.Active]: 1,
  [P.Defeated]: 2,
  [P.Succeeded]: 2,
  [P.Queued]: 3,
  [P.Executed]: 4,
};
const NAMES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];

/**
 * Governance invariants (SECURITY.md): proposal states only move forward; never both executed and cancelled; one
 * vote per account per proposal. Plus: each proposal's state, tally and ETA are the model's (the model derives the
 * state from time, the votes at the snapshot and the quorum of the supply at the snapshot).
 */
export const governanceInvariants: Invariant[] = [
  {
    area: "governance",
    name: "states move forward only, never executed and cancelled; state, tally, ETA and who voted are the model's",
    collect(b, m, w) {
      const g = w.s.governor;
      // Live proposals every step; executed, cancelled and defeated ones one per step (none of them can change
      // again but by cancelling a defeated one, which is predicted).
      const live = b.sample(
        m.gov.proposals,
        (p) => p.executed || p.canceled || m.seen.proposalStates.get(p.id.toString()) === P.Defeated,
      );
      const n = live.length;
      const reads = live.map((p, i) => {
        // The voters, and (for one proposal per step, rotating) one more account: a vote the model does not know
        // shows in the tally, and a second vote by the same account is predicted to revert.
        const probe = w.addresses[Math.floor(stats.steps / Math.max(n, 1)) % w.addresses.length];
        const extra = b.full ? w.addresses.map(lower) : b.probed(i, n) ? [lower(probe)] : [];
        return {
          p,
          state: b.read<bigint>(g, "state", [p.id]),
          votes: b.read<bigint[]>(g, "proposalVotes", [p.id]),
          eta: b.read<bigint>(g, "proposalEta", [p.id]),
          voted: [...new Set([...p.votes.keys(), ...extra])].map((who) => ({
            who,
            v: b.read<boolean>(g, "hasVoted", [p.id, who]),
          })),
        };
      });
      return () => {
        for (const { p, state, votes, eta, voted } of reads) {
          const s = Number(state.value);
          const want = proposalState(m, p, m.now);
          ensure(s === want, () => `${p.label}: state ${NAMES[s]}, model ${NAMES[want]}`);
          const key = p.id.toString();
          const from = m.seen.proposalStates.get(key);
          if (from !== undefined && from !== s) {
            if (s === P.Canceled) ensure(from !== P.Executed, () => `${p.label}: Executed → Canceled`);
            else {
              ensure(from !== P.Canceled, () => `${p.label}: Canceled → ${NAMES[s]}`);
              ensure(RANK[s] > RANK[from], () => `${p.label}: ${NAMES[from]} → ${NAMES[s]} moves backward or sideways`);
            }
          }
          if (s === P.Defeated && from !== P.Defeated) stats.record("proposalDefeated", "ok");
          m.seen.proposalStates.set(key, s);
          ensure(!(p.executed && p.canceled), () => `${p.label}: both executed and cancelled`);
          const [against, pro, abstain] = votes.value;
          ensure(
            against === p.tally[0] && pro === p.tally[1] && abstain === p.tally[2],
            () => `${p.label}: votes ${against}/${pro}/${abstain}, model ${p.tally.join("/")}`,
          );
          ensure(eta.value === p.eta, () => `${p.label}: ETA ${eta.value}, model ${p.eta}`);
          for (const { who, v } of voted) {
            ensure(v.value === p.votes.has(who), () => `${p.label}: hasVoted(${nameOf(w, who)}) ${v.value}`);
          }
        }
      };
    },
  },
];
