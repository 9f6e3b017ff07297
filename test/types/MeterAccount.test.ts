import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MeterAccountHarness__factory } from "../../typechain-types";
import {
  expectDisjoint,
  expectGettersFollowLayout,
  expectRoundTrips,
  fieldArb,
  pack,
  toBig,
  wordArb,
  type WordField,
  type WordHarness,
} from "./meterWords";

/** The layout of a process's account word, as `GasMeter.Account` packed it before it became a type. */
const LAYOUT: WordField[] = [
  { name: "Budget", offset: 0, bits: 96 },
  { name: "UsageEpoch", offset: 96, bits: 32 },
  { name: "Used", offset: 128, bits: 48 },
  { name: "ProcessQuota", offset: 176, bits: 40 },
  { name: "UserQuota", offset: 216, bits: 32 },
  { name: "HasThresholds", offset: 248, bits: 8, bool: true },
];

describe("MeterAccount (contracts/types/MeterAccount.sol)", function () {
  async function harnessFixture() {
    const [deployer] = await ethers.getSigners();
    const harness = await new MeterAccountHarness__factory(deployer).deploy();
    const h: WordHarness = {
      fields: async (word) => (await harness.fields(word)).map(toBig),
      with: async (word, f, v) => {
        switch (f.name) {
          case "Budget":
            return harness.withBudget(word, v);
          case "UsageEpoch":
            return harness.withUsageEpoch(word, v);
          case "Used":
            return harness.withUsed(word, v);
          case "ProcessQuota":
            return harness.withProcessQuota(word, v);
          case "UserQuota":
            return harness.withUserQuota(word, v);
          case "HasThresholds":
            return harness.withHasThresholds(word, v === 1n);
        }
        throw new Error(`no setter for ${f.name}`);
      },
    };
    return { harness, h };
  }

  it("defines disjoint fields that fill the word", function () {
    expectDisjoint(LAYOUT);
    expect(LAYOUT.reduce((n, f) => n + f.bits, 0)).to.equal(256);
  });

  it("round-trips every field at 0 and at its maximum, leaving every other bit unchanged", async function () {
    const { h } = await loadFixture(harnessFixture);
    const arbitrary = fc.sample(wordArb, { numRuns: 2, seed: 18 });
    await expectRoundTrips(h, LAYOUT, [0n, ethers.MaxUint256, ...arbitrary]);
  });

  it("reads each field at its offset and width (any non-zero flag byte reads as set)", async function () {
    const { h } = await loadFixture(harnessFixture);
    await expectGettersFollowLayout(h, LAYOUT);
    const flag = LAYOUT[5];
    expect((await h.fields(0x80n << BigInt(flag.offset)))[5]).to.equal(1n);
  });

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.Account)", async function () {
    const { harness, h } = await loadFixture(harnessFixture);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [budget, usageEpoch, used, processQuota, userQuota, flag] = values;
        const legacy = await harness.legacyWord.staticCall({
          budget,
          usageEpoch,
          used,
          processQuota,
          userQuota,
          hasLowThreshold: flag === 1n,
        });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const [i, f] of LAYOUT.entries()) built = await h.with(built, f, values[i]);
        expect(built).to.equal(legacy);
      }),
      { numRuns: 10 },
    );
  });

  it("reads the usage of an epoch as zero unless it is the recorded epoch (the lazy quota reset)", async function () {
    const { harness } = await loadFixture(harnessFixture);
    const maxUsed = 2n ** 48n - 1n;
    const word = pack(LAYOUT, [5n, 2n ** 32n - 1n, maxUsed, 0n, 0n, 0n]);
    expect(await harness.usageIn(word, 2n ** 32n - 1n)).to.equal(maxUsed);
    expect(await harness.usageIn(word, 2n ** 32n - 2n)).to.equal(0n);
    expect(await harness.usageIn(word, 2n ** 32n)).to.equal(0n); // not the recorded epoch modulo 2^32
  });
});
