import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { DisputeStatus } from "../market/helpers";
import { address, harnessOf, type Layout, maxOf, pack, shouldBehaveLikeWord } from "./word";

/** contracts/types/DisputeClaim.sol, written independently. */
const FIELDS: Layout = [
  { name: "payer", offset: 0, bits: 160 },
  { name: "amount", offset: 160, bits: 96 },
];

async function deploy() {
  return ethers.deployContract("MarketWordsHarness");
}

describe("DisputeClaim (MarketEscrow dispute word 0)", function () {
  shouldBehaveLikeWord(FIELDS, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.claimFields, h.claimWith);
  });

  it("packs a claim, each field at 0 and at its maximum", async function () {
    const h = await loadFixture(deploy);
    const [maxPayer, maxAmount] = FIELDS.map(maxOf);
    const payer = address(maxPayer);
    expect(await h.claimPack(ethers.ZeroAddress, 0n)).to.equal(0n);
    expect(await h.claimPack(payer, maxAmount)).to.equal(pack(FIELDS, [maxPayer, maxAmount]));
    expect(await h.claimPack(ethers.ZeroAddress, maxAmount)).to.equal(pack(FIELDS, [0n, maxAmount]));
    expect(await h.claimPack(payer, 0n)).to.equal(pack(FIELDS, [maxPayer, 0n]));
  });

  it("keeps the bit layout of the struct it replaced (slot 0 of IMarketEscrow.DisputeRecord as the compiler packed it)", async function () {
    const h = await loadFixture(deploy);
    for (const [payer, amount] of [
      ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", 123_456_789n * 10n ** 18n],
      [ethers.getAddress(ethers.toBeHex(maxOf(FIELDS[0]), 20)), maxOf(FIELDS[1])],
      [ethers.ZeroAddress, 1n],
    ] as const) {
      const [legacy] = await h.disputeLegacySlots.staticCall({
        payer,
        amount,
        payee: ethers.ZeroAddress,
        feeBps: 0n,
        rulingDeadline: 0n,
        status: DisputeStatus.None,
        payerShareBps: 0n,
        tokenId: 0n,
        arbitrator: ethers.ZeroAddress,
        escrowId: 0n,
        openedBy: ethers.ZeroAddress,
      });
      expect(legacy).to.equal(pack(FIELDS, [BigInt(payer), amount]));
      expect(await h.claimPack(payer, amount)).to.equal(legacy);
      let built = 0n;
      built = await h.claimWith(built, 0, BigInt(payer));
      built = await h.claimWith(built, 1, amount);
      expect(built).to.equal(legacy);
    }
  });
});
