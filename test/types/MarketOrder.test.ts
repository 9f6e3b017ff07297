import { expect } from "chai";
import { OrderStatus } from "../market/helpers";
import { type Field, maxOf, pack, shouldHaveLayout, unpack, wordsHarness } from "./marketWords";

/** contracts/types/MarketOrder.sol, written independently. */
const FIELDS: Field[] = [
  { name: "sellerId", offset: 0n, width: 32n },
  { name: "status", offset: 32n, width: 8n, max: OrderStatus.Settled },
  { name: "feeBps", offset: 40n, width: 16n },
  { name: "deadline", offset: 56n, width: 40n },
  { name: "deliveryWindow", offset: 96n, width: 25n },
  { name: "tokenId", offset: 121n, width: 7n },
  { name: "amount", offset: 128n, width: 96n },
  { name: "number", offset: 224n, width: 32n },
];
const [SELLER, STATUS, FEE, DEADLINE, WINDOW, TOKEN, AMOUNT, NUMBER] = FIELDS.map((_, i) => i);

describe("MarketOrder (Marketplace order word)", function () {
  shouldHaveLayout(
    FIELDS,
    async (w) => [...(await (await wordsHarness()).orderFields(w))],
    async (w, field, v) => (await wordsHarness()).orderWith(w, field, v),
  );

  it("packs a new Paid order, every field at 0 and at its maximum", async function () {
    const h = await wordsHarness();
    const max = FIELDS.map(maxOf);
    const zeros = FIELDS.map(() => 0n);
    zeros[STATUS] = OrderStatus.Paid;
    expect(await h.orderPack(0n, 0n, 0n, 0n, 0n, 0n, 0n)).to.equal(pack(FIELDS, zeros));
    const full = [...max];
    full[STATUS] = OrderStatus.Paid;
    expect(
      await h.orderPack(max[SELLER], max[FEE], max[TOKEN], max[DEADLINE], max[WINDOW], max[AMOUNT], max[NUMBER]),
    ).to.equal(pack(FIELDS, full));
  });

  it("shipped sets the status Shipped and the deadline, nothing else", async function () {
    const h = await wordsHarness();
    const values = FIELDS.map(maxOf);
    values[STATUS] = OrderStatus.Paid;
    const shipped = unpack(FIELDS, await h.orderShipped(pack(FIELDS, values), 12345n));
    expect(shipped).to.deep.equal(
      values.map((v, i) => (i === STATUS ? OrderStatus.Shipped : i === DEADLINE ? 12345n : v)),
    );
  });

  it("settled keeps only the number, with status Settled", async function () {
    const h = await wordsHarness();
    const values = FIELDS.map(maxOf);
    const expected = FIELDS.map(() => 0n);
    expected[STATUS] = OrderStatus.Settled;
    expected[NUMBER] = values[NUMBER];
    expect(await h.orderSettled(pack(FIELDS, values))).to.equal(pack(FIELDS, expected));
  });
});
