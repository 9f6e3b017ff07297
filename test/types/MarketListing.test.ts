import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ListingStatus } from "../market/helpers";
import { harnessOf, type Layout, maxOf, pack, shouldBehaveLikeWord } from "./word";

/** contracts/types/MarketListing.sol, written independently. */
const LAYOUT: Layout = [
  { name: "pricePerUnit", offset: 0, bits: 96 },
  { name: "quantity", offset: 96, bits: 64 },
  { name: "deliveryWindow", offset: 160, bits: 32 },
  { name: "status", offset: 192, bits: 8, max: ListingStatus.Cancelled },
  { name: "sellerId", offset: 200, bits: 40 },
  { name: "tokenId", offset: 240, bits: 8 },
];

async function deploy() {
  return hre.ethers.deployContract("MarketWordsHarness");
}

describe("MarketListing (Marketplace listing word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.listingFields, h.listingWith);
  });

  it("packs every field at 0 and at its maximum", async function () {
    const h = await loadFixture(deploy);
    const max = LAYOUT.map(maxOf);
    expect(await h.listingPack([0n, 0n, 0n, 0n, 0n, 0n])).to.equal(0n);
    expect(await h.listingPack([max[0], max[1], max[2], max[3], max[4], max[5]])).to.equal(pack(LAYOUT, max));
  });

  it("minusQuantity takes units from the quantity only", async function () {
    const h = await loadFixture(deploy);
    const max = LAYOUT.map(maxOf);
    const values = [...max];
    values[1] = max[1] - 5n;
    expect(await h.listingMinusQuantity(pack(LAYOUT, max), 5n)).to.equal(pack(LAYOUT, values));
  });

  it("refuses a status beyond ListingStatus (enum range check)", async function () {
    const h = await loadFixture(deploy);
    await expect(h.listingFields(3n << 192n)).to.be.revertedWithPanic(0x21);
  });
});
