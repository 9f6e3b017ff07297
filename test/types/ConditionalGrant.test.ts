import hre from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { address, harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

const { ethers } = hre;

/** contracts/types/ConditionalGrant.sol, written independently. */
const LAYOUT: Layout = [
  { name: "expiry", offset: 0, bits: 64 },
  { name: "condition", offset: 64, bits: 160 },
];

async function deploy() {
  return ethers.deployContract("ConditionalGrantHarness");
}

describe("ConditionalGrant (an ACL conditional capability's record)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const c = await loadFixture(deploy);
    return harnessOf(c.read, [c.withExpiry, (w, v) => c.withCondition(w, address(v))]);
  });

  it("packs expiry and condition as the ACL stored them before the type (expiry | condition << 64)", async function () {
    const c = await loadFixture(deploy);
    const condition = ethers.Wallet.createRandom().address;
    const expiry = (1n << 64n) - 2n;
    const word = pack(LAYOUT, [expiry, BigInt(condition)]);
    expect(word).to.equal(expiry | (BigInt(condition) << 64n));
    expect(await c.pack(expiry, condition)).to.equal(word);
    expect(await c.read(word)).to.deep.equal([expiry, condition]);
  });
});
