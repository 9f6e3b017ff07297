import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeWord } from "./word";

const { ethers } = hre;

async function harness() {
  return ethers.deployContract("CapabilityGrantHarness");
}

describe("CapabilityGrant (an ACL process-capability word)", function () {
  const h = () => loadFixture(harness);

  shouldBehaveLikeWord(async () => {
    const c = await h();
    return { read: async (word: bigint) => [...(await c.read(word))] };
  }, [
    { name: "expiry", offset: 0, bits: 64, index: 0, set: async (w, v) => (await h()).withExpiry(w, v) },
    {
      name: "conditional",
      offset: 64,
      bits: 1,
      index: 1,
      set: async (w, v) => (await h()).withConditional(w, v === 1n),
      decode: (v) => v !== 0n,
    },
    {
      name: "conditionalExpiry",
      offset: 96,
      bits: 64,
      index: 2,
      set: async (w, v) => (await h()).withConditionalExpiry(w, v),
    },
    { name: "minBalance", offset: 160, bits: 96, index: 3, set: async (w, v) => (await h()).withMinBalance(w, v) },
  ]);
});
