import { expect } from "chai";
import { ListingStatus } from "../market/helpers";
import { type Field, maxOf, pack, shouldHaveLayout, wordsHarness } from "./marketWords";

/** contracts/types/MarketListing.sol, written independently. */
const FIELDS: Field[] = [
  { name: "pricePerUnit", offset: 0n, width: 96n },
  { name: "quantity", offset: 96n, width: 64n },
  { name: "deliveryWindow", offset: 160n, width: 32n },
  { name: "status", offset: 192n, width: 8n, max: ListingStatus.Cancelled },
  { name: "sellerId", offset: 200n, width: 40n },
  { name: "tokenId", offset: 240n, width: 8n },
];

describe("MarketListing (Marketplace listing word)", function () {
  shouldHaveLayout(
    FIELDS,
    async (w) => [...(await (await wordsHarness()).listingFields(w))],
    async (w, field, v) => (await wordsHarness()).listingWith(w, field, v),
  );

  it("packs every field at 0 and at its maximum", async function () {
    const h = await wordsHarness();
    const max = FIELDS.map(maxOf);
    expect(await h.listingPack([0n, 0n, 0n, 0n, 0n, 0n])).to.equal(0n);
    expect(await h.listingPack([max[0], max[1], max[2], max[3], max[4], max[5]])).to.equal(pack(FIELDS, max));
  });

  it("minusQuantity takes units from the quantity only", async function () {
    const h = await wordsHarness();
    const max = FIELDS.map(maxOf);
    const values = [...max];
    values[1] = max[1] - 5n;
    expect(await h.listingMinusQuantity(pack(FIELDS, max), 5n)).to.equal(pack(FIELDS, values));
  });

  it("refuses a status beyond ListingStatus (enum range check)", async function () {
    const h = await wordsHarness();
    await expect(h.listingFields(3n << 192n)).to.be.revertedWithPanic(0x21);
  });
});
