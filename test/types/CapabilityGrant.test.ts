import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { harnessOf, type Layout, shouldBehaveLikeWord } from "./word";

/** contracts/types/CapabilityGrant.sol, written independently. */
const LAYOUT: Layout = [
  { name: "expiry", offset: 0, bits: 64 },
  { name: "conditional", offset: 64, bits: 1, bool: true },
  { name: "conditionalExpiry", offset: 96, bits: 64 },
  { name: "minBalance", offset: 160, bits: 96 },
];

async function harness() {
  const c = await hre.ethers.deployContract("CapabilityGrantHarness");
  return harnessOf(c.read, [
    c.withExpiry,
    (w, v) => c.withConditional(w, v !== 0n),
    c.withConditionalExpiry,
    c.withMinBalance,
  ]);
}

describe("CapabilityGrant (an ACL process-capability word)", function () {
  shouldBehaveLikeWord(LAYOUT, () => loadFixture(harness));
});
