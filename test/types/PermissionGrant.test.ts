import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { harnessOf, type Layout, shouldBehaveLikeWord } from "./word";

/** contracts/types/PermissionGrant.sol, written independently. */
const LAYOUT: Layout = [
  { name: "expiry", offset: 0, bits: 64 },
  { name: "position", offset: 64, bits: 32 },
  { name: "accountPosition", offset: 96, bits: 32 },
  // A bool in the byte at bits 128-135 (Solidity's packing of the former struct): the setter writes 0 or 1.
  { name: "conditional", offset: 128, bits: 8, bool: true },
  { name: "minBalance", offset: 136, bits: 96 },
];

async function harness() {
  const c = await hre.ethers.deployContract("PermissionGrantHarness");
  return harnessOf(c.read, [
    c.withExpiry,
    c.withPosition,
    c.withAccountPosition,
    (w, v) => c.withConditional(w, v !== 0n),
    c.withMinBalance,
  ]);
}

describe("PermissionGrant (an ACL grant record)", function () {
  shouldBehaveLikeWord(LAYOUT, () => loadFixture(harness));
});
