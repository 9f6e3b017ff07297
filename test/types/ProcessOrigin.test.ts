import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { shouldBehaveLikeWord } from "./word";

const { ethers } = hre;
const address = (v: bigint) => ethers.getAddress(ethers.toBeHex(v, 20));

async function harness() {
  return ethers.deployContract("ProcessOriginHarness");
}

describe("ProcessOrigin (a process record's cold word)", function () {
  const h = () => loadFixture(harness);

  shouldBehaveLikeWord(async () => {
    const c = await h();
    return { read: async (word: bigint) => [...(await c.read(word))] };
  }, [
    {
      name: "instance",
      offset: 0,
      bits: 160,
      index: 0,
      set: async (w, v) => (await h()).withInstance(w, address(v)),
      decode: address,
    },
    { name: "programId", offset: 160, bits: 32, index: 1, set: async (w, v) => (await h()).withProgramId(w, v) },
    { name: "createdAt", offset: 192, bits: 40, index: 2, set: async (w, v) => (await h()).withCreatedAt(w, v) },
  ]);

  it("create: every field in place, the top 24 bits zero", async function () {
    const c = await h();
    const instance = "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF";
    const word = await c.create(instance, 0xffff_ffffn, 0xff_ffff_ffffn);
    expect(word).to.equal((1n << 232n) - 1n);
    expect([...(await c.read(word))]).to.deep.equal([instance, 0xffff_ffffn, 0xff_ffff_ffffn]);
  });
});
