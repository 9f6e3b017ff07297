import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { harnessOf, type Layout, maxOf, pack, shouldBehaveLikeWord } from "./word";

/** contracts/types/MarketSeller.sol, written independently. */
const LAYOUT: Layout = [
  { name: "id", offset: 0, bits: 40 },
  { name: "listingCount", offset: 40, bits: 64 },
];

async function deploy() {
  return hre.ethers.deployContract("MarketWordsHarness");
}

describe("MarketSeller (Marketplace seller word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.sellerFields, h.sellerWith);
  });

  it("packs a seller id and a listing count", async function () {
    const h = await loadFixture(deploy);
    const [maxId, maxCount] = LAYOUT.map(maxOf);
    expect(await h.sellerPack(7n, 3n)).to.equal(pack(LAYOUT, [7n, 3n]));
    expect(await h.sellerPack(maxId, maxCount)).to.equal(pack(LAYOUT, [maxId, maxCount]));
  });
});
