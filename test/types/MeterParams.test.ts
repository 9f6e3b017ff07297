import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { MeterParamsHarness } from "../../typechain-types";
import { fieldArb, harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

/** The layout of the gas meter's parameter word, as `GasMeter.Params` packed it before it became a type. */
const LAYOUT: Layout = [
  { name: "price", offset: 0, bits: 56 },
  { name: "epochLength", offset: 56, bits: 32 },
  { name: "epochAnchor", offset: 88, bits: 40 },
  { name: "epochOffset", offset: 128, bits: 32 },
  { name: "fees", offset: 160, bits: 96 },
];

async function deploy() {
  return hre.ethers.deployContract("MeterParamsHarness");
}

const adapt = (c: MeterParamsHarness) =>
  harnessOf(c.fields, [c.withPrice, c.withEpochLength, c.withEpochAnchor, c.withEpochOffset, c.withFees]);

describe("MeterParams (contracts/types/MeterParams.sol)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => adapt(await loadFixture(deploy)));

  it("fills the word", function () {
    expect(LAYOUT.reduce((n, f) => n + f.bits, 0)).to.equal(256);
  });

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.Params)", async function () {
    const c = await loadFixture(deploy);
    const h = adapt(c);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [price, epochLength, epochAnchor, epochOffset, fees] = values;
        const legacy = await c.legacyWord.staticCall({ price, epochLength, epochAnchor, epochOffset, fees });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const i of LAYOUT.keys()) built = await h.with(built, i, values[i]);
        expect(built).to.equal(legacy);
      }),
      { numRuns: 10 },
    );
  });

  it("computes the epoch at a time: offset + (time − anchor) / length, at the fields' bounds", async function () {
    const c = await loadFixture(deploy);
    const maxLength = 2n ** 32n - 1n;
    const maxAnchor = 2n ** 40n - 1n;
    const maxOffset = 2n ** 32n - 1n;
    const word = pack(LAYOUT, [1n, 60n, 1_000n, 7n, 0n]);
    expect(await c.epochAt(word, 1_000n)).to.equal(7n);
    expect(await c.epochAt(word, 1_059n)).to.equal(7n);
    expect(await c.epochAt(word, 1_060n)).to.equal(8n);
    const extreme = pack(LAYOUT, [0n, maxLength, maxAnchor, maxOffset, 2n ** 96n - 1n]);
    expect(await c.epochAt(extreme, maxAnchor + 2n * maxLength)).to.equal(maxOffset + 2n);
    await expect(c.epochAt(pack(LAYOUT, [1n, 0n, 0n, 1n, 0n]), 5n)).to.be.reverted; // length 0: uninitialised
  });
});
