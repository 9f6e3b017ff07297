import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MeterUserUsageHarness__factory } from "../../typechain-types";
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

/** The layout of a user's usage word, as `GasMeter.UserUsage` packed it before it became a type. */
const LAYOUT: WordField[] = [
  { name: "Epoch", offset: 0, bits: 32 },
  { name: "Used", offset: 32, bits: 48 },
];

describe("MeterUserUsage (contracts/types/MeterUserUsage.sol)", function () {
  async function harnessFixture() {
    const [deployer] = await ethers.getSigners();
    const harness = await new MeterUserUsageHarness__factory(deployer).deploy();
    const h: WordHarness = {
      fields: async (word) => (await harness.fields(word)).map(toBig),
      with: async (word, f, v) => (f.name === "Epoch" ? harness.withEpoch(word, v) : harness.withUsed(word, v)),
    };
    return { harness, h };
  }

  it("defines disjoint fields", function () {
    expectDisjoint(LAYOUT);
  });

  it("round-trips every field at 0 and at its maximum, leaving every other bit unchanged", async function () {
    const { h } = await loadFixture(harnessFixture);
    const arbitrary = fc.sample(wordArb, { numRuns: 2, seed: 18 });
    await expectRoundTrips(h, LAYOUT, [0n, ethers.MaxUint256, ...arbitrary]);
  });

  it("reads each field at its offset and width", async function () {
    const { h } = await loadFixture(harnessFixture);
    await expectGettersFollowLayout(h, LAYOUT);
  });

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.UserUsage)", async function () {
    const { harness, h } = await loadFixture(harnessFixture);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [epoch, used] = values;
        const legacy = await harness.legacyWord.staticCall({ epoch, used });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const [i, f] of LAYOUT.entries()) built = await h.with(built, f, values[i]);
        expect(built).to.equal(legacy);
      }),
      { numRuns: 10 },
    );
  });

  it("reads the usage of an epoch as zero unless it is the recorded epoch (never recorded: epoch 0)", async function () {
    const { harness } = await loadFixture(harnessFixture);
    expect(await harness.usageIn(pack(LAYOUT, [3n, 77n]), 3n)).to.equal(77n);
    expect(await harness.usageIn(pack(LAYOUT, [3n, 77n]), 4n)).to.equal(0n);
    expect(await harness.usageIn(0n, 1n)).to.equal(0n);
  });
});
