import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { MeterUserUsageHarness } from "../../typechain-types";
import { fieldArb, harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

/** The layout of a user's usage word, as `GasMeter.UserUsage` packed it before it became a type. */
const LAYOUT: Layout = [
  { name: "epoch", offset: 0, bits: 32 },
  { name: "used", offset: 32, bits: 48 },
];

async function deploy() {
  return hre.ethers.deployContract("MeterUserUsageHarness");
}

const adapt = (c: MeterUserUsageHarness) => harnessOf(c.fields, [c.withEpoch, c.withUsed]);

describe("MeterUserUsage (contracts/types/MeterUserUsage.sol)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => adapt(await loadFixture(deploy)));

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.UserUsage)", async function () {
    const c = await loadFixture(deploy);
    const h = adapt(c);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [epoch, used] = values;
        const legacy = await c.legacyWord.staticCall({ epoch, used });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const i of LAYOUT.keys()) built = await h.with(built, i, values[i]);
        expect(built).to.equal(legacy);
      }),
      { numRuns: 10 },
    );
  });

  it("reads the usage of an epoch as zero unless it is the recorded epoch (never recorded: epoch 0)", async function () {
    const c = await loadFixture(deploy);
    expect(await c.usageIn(pack(LAYOUT, [3n, 77n]), 3n)).to.equal(77n);
    expect(await c.usageIn(pack(LAYOUT, [3n, 77n]), 4n)).to.equal(0n);
    expect(await c.usageIn(0n, 1n)).to.equal(0n);
  });
});
