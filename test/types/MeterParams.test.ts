import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MeterParamsHarness__factory } from "../../typechain-types";
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

/** The layout of the gas meter's parameter word, as `GasMeter.Params` packed it before it became a type. */
const LAYOUT: WordField[] = [
  { name: "Price", offset: 0, bits: 56 },
  { name: "EpochLength", offset: 56, bits: 32 },
  { name: "EpochAnchor", offset: 88, bits: 40 },
  { name: "EpochOffset", offset: 128, bits: 32 },
  { name: "Fees", offset: 160, bits: 96 },
];

describe("MeterParams (contracts/types/MeterParams.sol)", function () {
  async function harnessFixture() {
    const [deployer] = await ethers.getSigners();
    const harness = await new MeterParamsHarness__factory(deployer).deploy();
    const h: WordHarness = {
      fields: async (word) => (await harness.fields(word)).map(toBig),
      with: async (word, f, v) => {
        switch (f.name) {
          case "Price":
            return harness.withPrice(word, v);
          case "EpochLength":
            return harness.withEpochLength(word, v);
          case "EpochAnchor":
            return harness.withEpochAnchor(word, v);
          case "EpochOffset":
            return harness.withEpochOffset(word, v);
          case "Fees":
            return harness.withFees(word, v);
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

  it("reads each field at its offset and width", async function () {
    const { h } = await loadFixture(harnessFixture);
    await expectGettersFollowLayout(h, LAYOUT);
  });

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.Params)", async function () {
    const { harness, h } = await loadFixture(harnessFixture);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [price, epochLength, epochAnchor, epochOffset, fees] = values;
        const legacy = await harness.legacyWord.staticCall({ price, epochLength, epochAnchor, epochOffset, fees });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const [i, f] of LAYOUT.entries()) built = await h.with(built, f, values[i]);
        expect(built).to.equal(legacy);
      }),
      { numRuns: 10 },
    );
  });

  it("computes the epoch at a time: offset + (time − anchor) / length, at the fields' bounds", async function () {
    const { harness } = await loadFixture(harnessFixture);
    const maxLength = 2n ** 32n - 1n;
    const maxAnchor = 2n ** 40n - 1n;
    const maxOffset = 2n ** 32n - 1n;
    const word = pack(LAYOUT, [1n, 60n, 1_000n, 7n, 0n]);
    expect(await harness.epochAt(word, 1_000n)).to.equal(7n);
    expect(await harness.epochAt(word, 1_059n)).to.equal(7n);
    expect(await harness.epochAt(word, 1_060n)).to.equal(8n);
    const extreme = pack(LAYOUT, [0n, maxLength, maxAnchor, maxOffset, 2n ** 96n - 1n]);
    expect(await harness.epochAt(extreme, maxAnchor + 2n * maxLength)).to.equal(maxOffset + 2n);
    await expect(harness.epochAt(pack(LAYOUT, [1n, 0n, 0n, 1n, 0n]), 5n)).to.be.reverted; // length 0: uninitialised
  });
});
