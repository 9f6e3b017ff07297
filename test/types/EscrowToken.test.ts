import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

const { ethers } = hre;

/** contracts/types/EscrowToken.sol, written independently. */
const LAYOUT: Layout = [
  { name: "token", offset: 0, bits: 160 },
  { name: "approved", offset: 160, bits: 1, bool: true },
];

async function deploy() {
  return ethers.deployContract("MarketWordsHarness");
}

describe("EscrowToken (MarketEscrow token-list word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.tokenFields, h.tokenWith);
  });

  it("reads the address checksummed and the flag as a bool", async function () {
    const token = ethers.Wallet.createRandom().address;
    const [read, approved] = await (await loadFixture(deploy)).tokenFields(pack(LAYOUT, [BigInt(token), 1n]));
    expect(read).to.equal(token);
    expect(approved).to.equal(true);
  });
});
