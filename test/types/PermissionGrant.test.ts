import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeWord } from "./word";

const { ethers } = hre;

async function harness() {
  return ethers.deployContract("PermissionGrantHarness");
}

describe("PermissionGrant (an ACL grant record)", function () {
  const h = () => loadFixture(harness);

  shouldBehaveLikeWord(async () => {
    const c = await h();
    return { read: async (word: bigint) => [...(await c.read(word))] };
  }, [
    { name: "expiry", offset: 0, bits: 64, index: 0, set: async (w, v) => (await h()).withExpiry(w, v) },
    { name: "position", offset: 64, bits: 32, index: 1, set: async (w, v) => (await h()).withPosition(w, v) },
    {
      name: "accountPosition",
      offset: 96,
      bits: 32,
      index: 2,
      set: async (w, v) => (await h()).withAccountPosition(w, v),
    },
    // A bool in the byte at bits 128-135 (Solidity's packing of the former struct): the setter writes 0 or 1.
    {
      name: "conditional",
      offset: 128,
      bits: 8,
      max: 1n,
      index: 3,
      set: async (w, v) => (await h()).withConditional(w, v === 1n),
      decode: (v) => v !== 0n,
    },
    { name: "minBalance", offset: 136, bits: 96, index: 4, set: async (w, v) => (await h()).withMinBalance(w, v) },
  ]);
});
