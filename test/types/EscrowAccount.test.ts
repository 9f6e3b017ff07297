import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { harnessOf, type Layout, maxOf, pack, shouldBehaveLikeWord } from "./word";

const BALANCE_MAX = (1n << 96n) - 1n;

/** contracts/types/EscrowAccount.sol, written independently. */
const LAYOUT: Layout = [
  { name: "balance", offset: 0, bits: 96 },
  { name: "completedSales", offset: 96, bits: 32 },
  { name: "completedJobs", offset: 128, bits: 32 },
  { name: "disputesOpened", offset: 160, bits: 32 },
  { name: "disputesWon", offset: 192, bits: 32 },
  { name: "disputesLost", offset: 224, bits: 32 },
];

async function deploy() {
  return hre.ethers.deployContract("MarketWordsHarness");
}

describe("EscrowAccount (MarketEscrow account word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.accountFields, h.accountWith);
  });

  it("has one counter unit per counter, at the counter's offset", async function () {
    const units = await (await loadFixture(deploy)).accountUnits();
    expect([...units]).to.deep.equal(LAYOUT.slice(1).map((f) => 1n << BigInt(f.offset)));
  });

  it("credit adds to the balance and one counter unit; at 2^96 it reverts with SafeCastOverflowedUintDowncast", async function () {
    const h = await loadFixture(deploy);
    const word = pack(LAYOUT, [5n, 1n, 2n, 3n, 4n, 5n]);
    const [oneSale, oneJob] = await h.accountUnits();
    expect(await h.accountCredit(word, 10n, oneSale)).to.equal(pack(LAYOUT, [15n, 2n, 2n, 3n, 4n, 5n]));
    expect(await h.accountCredit(word, 0n, oneJob)).to.equal(pack(LAYOUT, [5n, 1n, 3n, 3n, 4n, 5n]));
    expect(await h.accountCredit(word, BALANCE_MAX - 5n, 0n)).to.equal(pack(LAYOUT, [BALANCE_MAX, 1n, 2n, 3n, 4n, 5n]));
    await expect(h.accountCredit(word, BALANCE_MAX - 4n, 0n))
      .to.be.revertedWithCustomError(h, "SafeCastOverflowedUintDowncast")
      .withArgs(96, BALANCE_MAX + 1n);
  });

  it("debit takes from the balance only; count adds one unit to its counter only", async function () {
    const h = await loadFixture(deploy);
    const full = pack(LAYOUT, LAYOUT.map(maxOf));
    expect(await h.accountDebit(full, BALANCE_MAX)).to.equal(full - BALANCE_MAX);
    const units = await h.accountUnits();
    const word = pack(LAYOUT, [7n, 0n, 0n, 0n, 0n, 0n]);
    for (const [i, unit] of units.entries()) {
      const values = [7n, 0n, 0n, 0n, 0n, 0n];
      values[i + 1] = 1n;
      expect(await h.accountCount(word, unit)).to.equal(pack(LAYOUT, values));
    }
  });

  it("withBalance refuses 2^96", async function () {
    const h = await loadFixture(deploy);
    await expect(h.accountWith(0n, 0, BALANCE_MAX + 1n))
      .to.be.revertedWithCustomError(h, "SafeCastOverflowedUintDowncast")
      .withArgs(96, BALANCE_MAX + 1n);
  });
});
