import hre from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeWord } from "./word";

const { ethers } = hre;

async function harness() {
  return ethers.deployContract("ConditionalGrantHarness");
}

const address = (v: bigint) => ethers.getAddress(ethers.toBeHex(v, 20));

describe("ConditionalGrant (an ACL conditional capability's record)", function () {
  const h = () => loadFixture(harness);

  shouldBehaveLikeWord(async () => {
    const c = await h();
    return { read: async (word: bigint) => [...(await c.read(word))] };
  }, [
    { name: "expiry", offset: 0, bits: 64, index: 0, set: async (w, v) => (await h()).withExpiry(w, v) },
    {
      name: "condition",
      offset: 64,
      bits: 160,
      index: 1,
      set: async (w, v) => (await h()).withCondition(w, address(v)),
      decode: address,
    },
  ]);

  it("packs expiry and condition as the ACL stored them before the type (expiry | condition << 64)", async function () {
    const c = await h();
    const condition = ethers.Wallet.createRandom().address;
    const expiry = (1n << 64n) - 2n;
    expect(await c.pack(expiry, condition)).to.equal(expiry | (BigInt(condition) << 64n));
    expect(await c.read(expiry | (BigInt(condition) << 64n))).to.deep.equal([expiry, condition]);
  });
});
