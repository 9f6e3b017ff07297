import { expect } from "chai";
import { type Field, maxOf, pack, shouldHaveLayout, wordsHarness } from "./marketWords";

const BALANCE_MAX = (1n << 96n) - 1n;

/** contracts/types/EscrowAccount.sol, written independently. */
const FIELDS: Field[] = [
  { name: "balance", offset: 0n, width: 96n },
  { name: "completedSales", offset: 96n, width: 32n },
  { name: "completedJobs", offset: 128n, width: 32n },
  { name: "disputesOpened", offset: 160n, width: 32n },
  { name: "disputesWon", offset: 192n, width: 32n },
  { name: "disputesLost", offset: 224n, width: 32n },
];

describe("EscrowAccount (MarketEscrow account word)", function () {
  shouldHaveLayout(
    FIELDS,
    async (w) => [...(await (await wordsHarness()).accountFields(w))],
    async (w, field, v) => (await wordsHarness()).accountWith(w, field, v),
  );

  it("has one counter unit per counter, at the counter's offset", async function () {
    const units = await (await wordsHarness()).accountUnits();
    expect([...units]).to.deep.equal(FIELDS.slice(1).map((f) => 1n << f.offset));
  });

  it("credit adds to the balance and one counter unit; at 2^96 it reverts with SafeCastOverflowedUintDowncast", async function () {
    const h = await wordsHarness();
    const word = pack(FIELDS, [5n, 1n, 2n, 3n, 4n, 5n]);
    const [oneSale, oneJob] = await h.accountUnits();
    expect(await h.accountCredit(word, 10n, oneSale)).to.equal(pack(FIELDS, [15n, 2n, 2n, 3n, 4n, 5n]));
    expect(await h.accountCredit(word, 0n, oneJob)).to.equal(pack(FIELDS, [5n, 1n, 3n, 3n, 4n, 5n]));
    expect(await h.accountCredit(word, BALANCE_MAX - 5n, 0n)).to.equal(pack(FIELDS, [BALANCE_MAX, 1n, 2n, 3n, 4n, 5n]));
    await expect(h.accountCredit(word, BALANCE_MAX - 4n, 0n))
      .to.be.revertedWithCustomError(h, "SafeCastOverflowedUintDowncast")
      .withArgs(96, BALANCE_MAX + 1n);
  });

  it("debit takes from the balance only; count adds one unit to its counter only", async function () {
    const h = await wordsHarness();
    const full = pack(FIELDS, FIELDS.map(maxOf));
    expect(await h.accountDebit(full, BALANCE_MAX)).to.equal(full - BALANCE_MAX);
    const units = await h.accountUnits();
    const word = pack(FIELDS, [7n, 0n, 0n, 0n, 0n, 0n]);
    for (const [i, unit] of units.entries()) {
      const values = [7n, 0n, 0n, 0n, 0n, 0n];
      values[i + 1] = 1n;
      expect(await h.accountCount(word, unit)).to.equal(pack(FIELDS, values));
    }
  });

  it("withBalance refuses 2^96", async function () {
    const h = await wordsHarness();
    await expect(h.accountWith(0n, 0, BALANCE_MAX + 1n))
      .to.be.revertedWithCustomError(h, "SafeCastOverflowedUintDowncast")
      .withArgs(96, BALANCE_MAX + 1n);
  });
});
