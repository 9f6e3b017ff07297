import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { address, harnessOf, type Layout, shouldBehaveLikeWord } from "./word";

/** contracts/types/ProcessOrigin.sol, written independently. */
const LAYOUT: Layout = [
  { name: "instance", offset: 0, bits: 160 },
  { name: "programId", offset: 160, bits: 32 },
  { name: "createdAt", offset: 192, bits: 40 },
];

async function deploy() {
  return hre.ethers.deployContract("ProcessOriginHarness");
}

describe("ProcessOrigin (a process record's cold word)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => {
    const c = await loadFixture(deploy);
    return harnessOf(c.read, [(w, v) => c.withInstance(w, address(v)), c.withProgramId, c.withCreatedAt]);
  });

  it("create: every field in place, the top 24 bits zero", async function () {
    const c = await loadFixture(deploy);
    const instance = "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF";
    const word = await c.create(instance, 0xffff_ffffn, 0xff_ffff_ffffn);
    expect(word).to.equal((1n << 232n) - 1n);
    expect([...(await c.read(word))]).to.deep.equal([instance, 0xffff_ffffn, 0xff_ffff_ffffn]);
  });
});
