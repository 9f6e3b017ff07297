import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { address, harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

const RUNNING = 1n;

/** contracts/types/ProcessControl.sol, written independently. */
const LAYOUT: Layout = [
  { name: "owner", offset: 0, bits: 160 },
  { name: "parent", offset: 160, bits: 48 },
  { name: "status", offset: 208, bits: 8, max: 3n }, // IProcessRegistry.Status: None, Running, Suspended, Terminated
  { name: "depth", offset: 216, bits: 8 },
  { name: "generation", offset: 224, bits: 32 },
];

async function deploy() {
  return hre.ethers.deployContract("ProcessControlHarness");
}

describe("ProcessControl (a process record's hot word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const c = await loadFixture(deploy);
    return harnessOf(c.read, [
      (w, v) => c.withOwner(w, address(v)),
      c.withParent,
      c.withStatus,
      c.withDepth,
      c.withGeneration,
    ]);
  });

  it("create: owner, parent and depth in place, Running, generation 0", async function () {
    const c = await loadFixture(deploy);
    const owner = "0x00000000000000000000000000000000DeaDBeef";
    const word = await c.create(owner, 0xffff_ffff_ffffn, 8);
    expect(word).to.equal(pack(LAYOUT, [BigInt(owner), 0xffff_ffff_ffffn, RUNNING, 8n, 0n]));
    expect(word).to.equal(BigInt(owner) | (0xffff_ffff_ffffn << 160n) | (RUNNING << 208n) | (8n << 216n));
    expect([...(await c.read(word))]).to.deep.equal([owner, 0xffff_ffff_ffffn, RUNNING, 8n, 0n]);
  });
});
