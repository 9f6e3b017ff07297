import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeWord } from "./word";

const { ethers } = hre;
const address = (v: bigint) => ethers.getAddress(ethers.toBeHex(v, 20));
const STATUS_BITS = 0xffn << 208n;
const RUNNING = 1n;

async function harness() {
  return ethers.deployContract("ProcessControlHarness");
}

describe("ProcessControl (a process record's hot word)", function () {
  const load = async () => {
    const h = await loadFixture(harness);
    return { read: async (word: bigint) => [...(await h.read(word))] };
  };
  const h = () => loadFixture(harness);

  shouldBehaveLikeWord(
    load,
    [
      {
        name: "owner",
        offset: 0,
        bits: 160,
        index: 0,
        set: async (w, v) => (await h()).withOwner(w, address(v)),
        decode: address,
      },
      { name: "parent", offset: 160, bits: 48, index: 1, set: async (w, v) => (await h()).withParent(w, v) },
      { name: "status", offset: 208, bits: 8, max: 3n, index: 2, set: async (w, v) => (await h()).withStatus(w, v) },
      { name: "depth", offset: 216, bits: 8, index: 3, set: async (w, v) => (await h()).withDepth(w, v) },
      { name: "generation", offset: 224, bits: 32, index: 4, set: async (w, v) => (await h()).withGeneration(w, v) },
    ],
    // Only a valid `Status` (0-3) is ever stored: keep the status byte in range.
    (word) => (word & ~STATUS_BITS) | (((word >> 208n) & 3n) << 208n),
  );

  it("create: owner, parent and depth in place, Running, generation 0", async function () {
    const harnessContract = await h();
    const owner = "0x00000000000000000000000000000000DeaDBeef";
    const word = await harnessContract.create(owner, 0xffff_ffff_ffffn, 8);
    expect(word).to.equal(BigInt(owner) | (0xffff_ffff_ffffn << 160n) | (RUNNING << 208n) | (8n << 216n));
    const [o, parent, status, depth, generation] = await harnessContract.read(word);
    expect([o, parent, status, depth, generation]).to.deep.equal([owner, 0xffff_ffff_ffffn, RUNNING, 8n, 0n]);
  });
});
