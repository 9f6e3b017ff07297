import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";

const { ethers } = hre;

/** Indices into the holder universe: deployer, alice, bob, carol, dave (everyone who can hold or be delegated NYN). */
type Step =
  | { kind: "delegate"; from: number; to: number }
  | { kind: "undelegate"; from: number }
  | { kind: "transfer"; from: number; to: number; permille: number }
  | { kind: "mint"; to: number; amount: bigint };

const UNIVERSE = 5;
const who = fc.integer({ min: 0, max: UNIVERSE - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("delegate" as const), from: who, to: who }),
  fc.record({ kind: fc.constant("undelegate" as const), from: who }),
  fc.record({
    kind: fc.constant("transfer" as const),
    from: who,
    to: who,
    permille: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({ kind: fc.constant("mint" as const), to: who, amount: fc.bigInt({ min: 1n, max: 10n ** 24n }) }),
);

describe("Security: NYN token (SECURITY.md C2, property)", function () {
  describe("votes", function () {
    it("C2 delegation-inflation: after any delegate/transfer/re-delegate/mint sequence, Σ votes = Σ delegated balances ≤ totalSupply", async function () {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
          const s = await loadFixture(systemFixture);
          const { deployer, alice, bob, carol, dave } = s.accounts;
          const holders = [deployer, alice, bob, carol, dave];
          const addresses = holders.map((h) => h.address);
          for (const st of steps) {
            if (st.kind === "delegate") {
              await (await s.nyn.connect(holders[st.from]).delegate(addresses[st.to])).wait();
            } else if (st.kind === "undelegate") {
              await (await s.nyn.connect(holders[st.from]).delegate(ethers.ZeroAddress)).wait();
            } else if (st.kind === "transfer") {
              const balance = await s.nyn.balanceOf(addresses[st.from]);
              const amount = (balance * BigInt(st.permille)) / 1000n;
              await (await s.nyn.connect(holders[st.from]).transfer(addresses[st.to], amount)).wait();
            } else {
              await (await s.nyn.mint(addresses[st.to], st.amount)).wait();
            }
            // Invariant, after every step.
            let votes = 0n;
            let delegated = 0n;
            let balances = 0n;
            for (const a of addresses) {
              votes += await s.nyn.getVotes(a);
              const balance = await s.nyn.balanceOf(a);
              balances += balance;
              if ((await s.nyn.delegates(a)) !== ethers.ZeroAddress) delegated += balance;
            }
            // The vesting wallets of the deploy hold the rest of the supply (never delegated here).
            for (const wallet of Object.values(s.addresses.vestingWallets)) balances += await s.nyn.balanceOf(wallet);
            const supply = await s.nyn.totalSupply();
            expect(votes).to.equal(delegated);
            expect(votes).to.be.lte(supply);
            expect(balances).to.equal(supply);
          }
        }),
        { numRuns: 12 },
      );
    });
  });
});
