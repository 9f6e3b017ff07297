import { CAP, Invariant, allowanceKey, ensure, lower, nameOf, stats, votesOf } from "../model";

/**
 * NYN invariants (SECURITY.md): totalSupply = Σ balances ≤ cap; Σ votes ≤ totalSupply (and each account's votes are
 * the balances delegated to it); nonces only increase. NYN only ever moves between the world's holders (the
 * actors, the relayer, the meter and the two market modules), so Σ over them is Σ over everyone.
 */
export const nynInvariants: Invariant[] = [
  {
    area: "NYN",
    name: "totalSupply = Σ balances ≤ cap; balances are the model's",
    collect(b, m, w) {
      const supply = b.read<bigint>(w.s.nyn, "totalSupply");
      const balances = w.holders.map((a) => ({ a, v: b.read<bigint>(w.s.nyn, "balanceOf", [a]) }));
      return () => {
        const sum = balances.reduce((acc, x) => acc + x.v.value, 0n);
        ensure(supply.value === sum, () => `totalSupply ${supply.value} ≠ Σ balances ${sum}`);
        ensure(supply.value <= CAP, () => `totalSupply ${supply.value} above the cap`);
        ensure(supply.value === m.nyn.supply, () => `totalSupply ${supply.value}, model ${m.nyn.supply}`);
        for (const { a, v } of balances) {
          const want = m.nyn.balances.get(lower(a)) ?? 0n;
          ensure(v.value === want, () => `balance of ${nameOf(w, a)} ${v.value}, model ${want}`);
        }
      };
    },
  },
  {
    area: "NYN",
    name: "Σ votes ≤ totalSupply; votes (of every actor) and delegates (of the delegators and a probe) are the model's",
    collect(b, m, w) {
      const supply = b.read<bigint>(w.s.nyn, "totalSupply");
      const probe = lower(w.addresses[stats.steps % w.addresses.length]);
      const per = w.addresses.map((a) => ({
        a,
        votes: b.read<bigint>(w.s.nyn, "getVotes", [a]),
        // A delegation the model does not know moves votes (seen above); the delegate itself is read where the
        // model has one, and for one more actor per step.
        delegate:
          m.nyn.delegates.has(lower(a)) || lower(a) === probe || b.full
            ? b.read<string>(w.s.nyn, "delegates", [a])
            : undefined,
      }));
      return () => {
        const sum = per.reduce((acc, x) => acc + x.votes.value, 0n);
        ensure(sum <= supply.value, () => `Σ votes ${sum} > totalSupply ${supply.value}`);
        for (const { a, votes, delegate } of per) {
          const want = votesOf(m, a);
          ensure(votes.value === want, () => `votes of ${nameOf(w, a)} ${votes.value}, model ${want}`);
          if (!delegate) continue;
          const wantDelegate = m.nyn.delegates.get(lower(a)) ?? lower("0x" + "0".repeat(40));
          ensure(lower(delegate.value) === wantDelegate, () => `delegate of ${nameOf(w, a)} ${delegate.value}`);
        }
      };
    },
  },
  {
    area: "NYN",
    name: "permit nonces only increase (by one per used permit); allowances are the model's",
    collect(b, m, w) {
      // The nonces of the accounts that signed a permit, and of one more actor per step (a nonce moved by anything
      // else shows there, and a later permit signed with the model's nonce fails).
      const probe = lower(w.addresses[stats.steps % w.addresses.length]);
      const nonces = w.addresses
        .filter((a) => b.full || (m.nyn.nonces.get(lower(a)) ?? 0n) > 0n || lower(a) === probe)
        .map((a) => ({ a, n: b.read<bigint>(w.s.nyn, "nonces", [a]) }));
      const allowances = [...m.nyn.allowances.entries()].map(([key, want]) => {
        const [owner, spender] = key.split("|");
        return { owner, spender, want, v: b.read<bigint>(w.s.nyn, "allowance", [owner, spender]) };
      });
      return () => {
        for (const { a, n } of nonces) {
          const seen = m.seen.nynNonces.get(lower(a)) ?? 0n;
          ensure(n.value >= seen, () => `nonce of ${nameOf(w, a)} fell from ${seen} to ${n.value}`);
          ensure(n.value === (m.nyn.nonces.get(lower(a)) ?? 0n), () => `nonce of ${nameOf(w, a)} ${n.value}`);
          m.seen.nynNonces.set(lower(a), n.value);
        }
        for (const { owner, spender, want, v } of allowances) {
          ensure(v.value === want, () => `allowance ${allowanceKey(owner, spender)} ${v.value}, model ${want}`);
        }
      };
    },
  },
];
