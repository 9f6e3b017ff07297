import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployedFixture } from "../fixtures/system";
import { makeContext } from "../../scripts/demo/context";
import { governanceChapter } from "../../scripts/demo/governance";
import { ProcessRegistryV2__factory } from "../../typechain-types";

describe("governanceChapter (demo)", function () {
  it("upgrades the registry to V2 by vote with processes intact, then mints to the treasury and pays a grant", async function () {
    const s = await loadFixture(deployedFixture);
    const { deployer, guardian, alice, bob, carol, dave, relayer, arbiter } = s.accounts;
    const ctx = makeContext(hre, s, { deployer, guardian, alice, bob, carol, dave, relayer, arbiter });
    const lines: string[] = [];
    const original = console.log;
    console.log = (...parts: unknown[]) => {
      lines.push(parts.map(String).join(" "));
    };
    try {
      await governanceChapter(ctx);
    } finally {
      console.log = original;
    }
    const out = lines.join("\n");
    expect(out).to.match(/code hash pinned in the proposal: 0x[0-9a-f]{64}/);
    expect(out).to.match(/reports version 2 at the same address; all 1 process\(es\) intact/);
    expect(out).to.match(/the guardian tries to upgrade the module directly\s+refused: KernelUnauthorized/);
    const v2 = ProcessRegistryV2__factory.connect(s.addresses.processRegistry, hre.ethers.provider);
    expect(await v2.version()).to.equal(2n);
    expect(await v2.processCount()).to.equal(2n);
    expect(await s.nyn.totalSupply()).to.equal(hre.ethers.parseEther("113000000"));
    expect(await s.nyn.balanceOf(bob.address)).to.equal(hre.ethers.parseEther("50000"));
    expect((ctx.state.governance as { registryVersion: number }).registryVersion).to.equal(2);
  });
});
