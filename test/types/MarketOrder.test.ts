import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { OrderStatus } from "../market/helpers";
import { harnessOf, type Layout, maxOf, pack, shouldBehaveLikeWord, unpack } from "./word";

/** contracts/types/MarketOrder.sol, written independently. */
const LAYOUT: Layout = [
  { name: "sellerId", offset: 0, bits: 32 },
  { name: "status", offset: 32, bits: 8, max: OrderStatus.Settled },
  { name: "feeBps", offset: 40, bits: 16 },
  { name: "deadline", offset: 56, bits: 40 },
  { name: "deliveryWindow", offset: 96, bits: 25 },
  { name: "tokenId", offset: 121, bits: 7 },
  { name: "amount", offset: 128, bits: 96 },
  { name: "number", offset: 224, bits: 32 },
];
const [SELLER, STATUS, FEE, DEADLINE, WINDOW, TOKEN, AMOUNT, NUMBER] = LAYOUT.map((_, i) => i);

async function deploy() {
  return hre.ethers.deployContract("MarketWordsHarness");
}

describe("MarketOrder (Marketplace order word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.orderFields, h.orderWith);
  });

  it("packs a new Paid order, every field at 0 and at its maximum", async function () {
    const h = await loadFixture(deploy);
    const max = LAYOUT.map(maxOf);
    const zeros = LAYOUT.map(() => 0n);
    zeros[STATUS] = OrderStatus.Paid;
    expect(await h.orderPack(0n, 0n, 0n, 0n, 0n, 0n, 0n)).to.equal(pack(LAYOUT, zeros));
    const full = [...max];
    full[STATUS] = OrderStatus.Paid;
    expect(
      await h.orderPack(max[SELLER], max[FEE], max[TOKEN], max[DEADLINE], max[WINDOW], max[AMOUNT], max[NUMBER]),
    ).to.equal(pack(LAYOUT, full));
  });

  it("shipped sets the status Shipped and the deadline, nothing else", async function () {
    const h = await loadFixture(deploy);
    const values = LAYOUT.map(maxOf);
    values[STATUS] = OrderStatus.Paid;
    const shipped = unpack(LAYOUT, await h.orderShipped(pack(LAYOUT, values), 12345n));
    expect(shipped).to.deep.equal(
      values.map((v, i) => (i === STATUS ? OrderStatus.Shipped : i === DEADLINE ? 12345n : v)),
    );
  });

  it("settled keeps only the number, with status Settled", async function () {
    const h = await loadFixture(deploy);
    const values = LAYOUT.map(maxOf);
    const expected = LAYOUT.map(() => 0n);
    expected[STATUS] = OrderStatus.Settled;
    expected[NUMBER] = values[NUMBER];
    expect(await h.orderSettled(pack(LAYOUT, values))).to.equal(pack(LAYOUT, expected));
  });
});
