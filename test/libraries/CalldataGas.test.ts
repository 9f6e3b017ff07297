import { expect } from "chai";
import { spawn } from "child_process";
import path from "path";
import { ethers } from "ethers";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CalldataGasHarness__factory } from "../../typechain-types";

/** EIP-7623 tokens, computed byte by byte: a zero byte is one token, any other byte four. */
function tokensOf(hex: string): bigint {
  let tokens = 0n;
  for (let i = 2; i < hex.length; i += 2) tokens += hex.slice(i, i + 2) === "00" ? 1n : 4n;
  return tokens;
}

async function harnessFixture() {
  const [deployer] = await hre.ethers.getSigners();
  return new CalldataGasHarness__factory(deployer).deploy();
}

describe("CalldataGas", function () {
  describe("cost and tokens", function () {
    const samples: [string, string][] = [
      ["empty", "0x"],
      ["one zero byte", "0x00"],
      ["one non-zero byte", "0xff"],
      ["31 bytes (a partial word)", "0x" + "01".repeat(15) + "00".repeat(16)],
      ["32 bytes, mixed", "0x" + "00ff".repeat(16)],
      ["33 bytes (a word and a byte)", "0x" + "80".repeat(33)],
      ["bytes with the top bit set and 0x7f", "0x" + "7f80017f80".repeat(13)],
      ["1,000 zero bytes", "0x" + "00".repeat(1000)],
    ];
    for (const [name, data] of samples) {
      it(`counts ${name} exactly (4 gas a zero byte, 16 a non-zero byte)`, async function () {
        const h = await loadFixture(harnessFixture);
        expect(await h.tokens(data)).to.equal(tokensOf(data));
        expect(await h.cost(data)).to.equal(4n * tokensOf(data));
      });
    }
  });

  describe("txOverhead", function () {
    it("is 21,000 + 4 gas a token while the execution outweighs the EIP-7623 floor", async function () {
      const h = await loadFixture(harnessFixture);
      // Standard 4 × 100 + 700 = 1,100 ≥ floor 10 × 100 = 1,000.
      expect(await h.txOverhead(100n, 700n)).to.equal(21_000n + 400n);
      expect(await h.txOverhead(0n, 0n)).to.equal(21_000n);
    });

    it("lifts a calldata-heavy transaction to the floor of 10 gas a token on Prague and later", async function () {
      const h = await loadFixture(harnessFixture);
      expect(await h.floorActive()).to.equal(true); // the in-process network runs Prague or later
      // Standard 4 × 1,000 + 2,000 = 6,000 < floor 10,000: the total becomes 21,000 + 10,000.
      expect(await h.txOverhead(1_000n, 2_000n)).to.equal(21_000n + 10_000n - 2_000n);
      // Exactly at the floor: either way the same total.
      expect(await h.txOverhead(1_000n, 6_000n)).to.equal(21_000n + 4_000n);
    });
  });

  describe("floorActive on another hardfork", function () {
    it("is false on a Cancun chain (anvil --hardfork cancun): no floor before Prague", async function () {
      const port = 8590 + Math.floor(Math.random() * 9);
      const anvil = spawn(path.join(__dirname, "../../node_modules/.bin/anvil"), [
        "--hardfork",
        "cancun",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--silent",
      ]);
      try {
        const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${port}`, undefined, { staticNetwork: true });
        for (let i = 0; ; i++) {
          try {
            await provider.getBlockNumber();
            break;
          } catch (e) {
            if (i > 100) throw e;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        // anvil's first default account (the well-known test mnemonic, the same as Hardhat's).
        const wallet = ethers.Wallet.fromPhrase(
          "test test test test test test test test test test test junk",
          provider,
        );
        const harness = await new CalldataGasHarness__factory(wallet).deploy();
        await harness.waitForDeployment();
        expect(await harness.floorActive()).to.equal(false);
        expect(await harness.txOverhead(1_000n, 2_000n)).to.equal(21_000n + 4_000n);
        provider.destroy();
      } finally {
        anvil.kill();
      }
    });
  });
});
