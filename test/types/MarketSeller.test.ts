import { expect } from "chai";
import { type Field, pack, shouldHaveLayout, wordsHarness } from "./marketWords";

/** contracts/types/MarketSeller.sol, written independently. */
const FIELDS: Field[] = [
  { name: "id", offset: 0n, width: 40n },
  { name: "listingCount", offset: 40n, width: 64n },
];

describe("MarketSeller (Marketplace seller word)", function () {
  shouldHaveLayout(
    FIELDS,
    async (w) => [...(await (await wordsHarness()).sellerFields(w))],
    async (w, field, v) => (await wordsHarness()).sellerWith(w, field, v),
  );

  it("packs a seller id and a listing count", async function () {
    const h = await wordsHarness();
    expect(await h.sellerPack(7n, 3n)).to.equal(pack(FIELDS, [7n, 3n]));
    expect(await h.sellerPack((1n << 40n) - 1n, (1n << 64n) - 1n)).to.equal(
      pack(FIELDS, [(1n << 40n) - 1n, (1n << 64n) - 1n]),
    );
  });
});
