import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { MeterAccountHarness } from "../../typechain-types";
import { fieldArb, harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

/** The layout of a process's account word, as `GasMeter.Account` packed it before it became a type. */
const LAYOUT: Layout = [
  { name: "budget", offset: 0, bits: 96 },
  { name: "usageEpoch", offset: 96, bits: 32 },
  { name: "used", offset: 128, bits: 48 },
  { name: "processQuota", offset: 176, bits: 40 },
  { name: "userQuota", offset: 216, bits: 32 },
  { name: "hasThresholds", offset: 248, bits: 8, bool: true },
];

async function deploy() {
  return hre.ethers.deployContract("MeterAccountHarness");
}

const adapt = (c: MeterAccountHarness) =>
  harnessOf(c.fields, [
    c.withBudget,
    c.withUsageEpoch,
    c.withUsed,
    c.withProcessQuota,
    c.withUserQuota,
    (w, v) => c.withHasThresholds(w, v !== 0n),
  ]);

describe("MeterAccount (contracts/types/MeterAccount.sol)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => adapt(await loadFixture(deploy)));

  it("fills the word", function () {
    expect(LAYOUT.reduce((n, f) => n + f.bits, 0)).to.equal(256);
  });

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.Account)", async function () {
    const c = await loadFixture(deploy);
    const h = adapt(c);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [budget, usageEpoch, used, processQuota, userQuota, flag] = values;
        const legacy = await c.legacyWord.staticCall({
          budget,
          usageEpoch,
          used,
          processQuota,
          userQuota,
          hasLowThreshold: flag === 1n,
        });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const i of LAYOUT.keys()) built = await h.with(built, i, values[i]);
        expect(built).to.equal(legacy);
      }),
      { numRuns: 10 },
    );
  });

  it("reads the usage of an epoch as zero unless it is the recorded epoch (the lazy quota reset)", async function () {
    const c = await loadFixture(deploy);
    const maxUsed = 2n ** 48n - 1n;
    const word = pack(LAYOUT, [5n, 2n ** 32n - 1n, maxUsed, 0n, 0n, 0n]);
    expect(await c.usageIn(word, 2n ** 32n - 1n)).to.equal(maxUsed);
    expect(await c.usageIn(word, 2n ** 32n - 2n)).to.equal(0n);
    expect(await c.usageIn(word, 2n ** 32n)).to.equal(0n); // not the recorded epoch modulo 2^32
  });
});
