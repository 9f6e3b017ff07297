import { CAP, Invariant, allowanceKey, ensure, lower, nameOf, votesOf } from "../model";

/**
 * NYN invariants (ATTACKS.md): totalSupply = Σ balances ≤ cap; Σ votes ≤ totalSupply (and each account's votes are
 * the balances delegated to it); nonces only increase. Nobody outside the actors ever receives NYN, so Σ over the
 * actors is Σ over everyone.
 */
export const nynInvariants: Invariant[] = [
  {
    area: "NYN",
    name: "totalSupply = Σ balances ≤ cap; balances are the model's",
    collect(b, m, w) {
      const supply = b.read<bigint>(w.s.nyn, "totalSupply");
      const balances = w.addresses.map((a) => ({ a, v: b.read<bigint>(w.s.nyn, "balanceOf", [a]) }));
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
    name: "Σ votes ≤ totalSupply; votes and delegates are the model's",
    collect(b, m, w) {
      const supply = b.read<bigint>(w.s.nyn, "totalSupply");
      const per = w.addresses.map((a) => ({
        a,
        votes: b.read<bigint>(w.s.nyn, "getVotes", [a]),
        delegate: b.read<string>(w.s.nyn, "delegates", [a]),
      }));
      return () => {
        const sum = per.reduce((acc, x) => acc + x.votes.value, 0n);
        ensure(sum <= supply.value, () => `Σ votes ${sum} > totalSupply ${supply.value}`);
        for (const { a, votes, delegate } of per) {
          const want = votesOf(m, a);
          ensure(votes.value === want, () => `votes of ${nameOf(w, a)} ${votes.value}, model ${want}`);
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
      const nonces = w.addresses.map((a) => ({ a, n: b.read<bigint>(w.s.nyn, "nonces", [a]) }));
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
