import { expect } from "chai";
import { spawn } from "child_process";
import net from "net";
import path from "path";
import { ethers } from "ethers";
import fc from "fast-check";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CalldataGasHarness__factory } from "../../typechain-types";

/** EIP-7623 tokens, computed byte by byte: a zero byte is one token, any other byte four. */
function tokensOf(hex: string): bigint {
  let tokens = 0n;
  for (let i = 2; i < hex.length; i += 2) tokens += hex.slice(i, i + 2) === "00" ? 1n : 4n;
  return tokens;
}

/** A TCP port free on 127.0.0.1 now (the system picks it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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

  describe("cost and tokens at the EIP-2028 byte edges", function () {
    it("prices every byte value alone: 0x00 at 4 gas (1 token), each of 0x01..0xff at 16 (4 tokens)", async function () {
      const h = await loadFixture(harnessFixture);
      for (let b = 0; b < 256; b++) {
        const data = "0x" + b.toString(16).padStart(2, "0");
        expect(await h.cost(data), data).to.equal(b === 0 ? 4n : 16n);
        expect(await h.tokens(data), data).to.equal(b === 0 ? 1n : 4n);
      }
    });

    it("finds one non-zero byte at every position of a word (and of the next one)", async function () {
      const h = await loadFixture(harnessFixture);
      for (let i = 0; i < 64; i++) {
        for (const b of ["01", "7f", "80", "ff"]) {
          const data = "0x" + "00".repeat(i) + b + "00".repeat(63 - i);
          expect(await h.cost(data), `${b} at ${i}`).to.equal(63n * 4n + 16n);
        }
      }
    });

    it("counts every length from 0 to 97 bytes exactly, all zero and all non-zero (the padding of the last word)", async function () {
      const h = await loadFixture(harnessFixture);
      for (let n = 0; n <= 97; n++) {
        expect(await h.cost("0x" + "00".repeat(n)), `${n} zero bytes`).to.equal(4n * BigInt(n));
        expect(await h.cost("0x" + "ff".repeat(n)), `${n} 0xff bytes`).to.equal(16n * BigInt(n));
        expect(await h.tokens("0x" + "00".repeat(n) + "01"), `${n} zeros then 0x01`).to.equal(BigInt(n) + 4n);
      }
    });

    it("counts long calldata exactly: 64 KiB of zeros, of 0xff, and 100,000 mixed bytes", async function () {
      const h = await loadFixture(harnessFixture);
      const zeros = "0x" + "00".repeat(65_536);
      const ones = "0x" + "ff".repeat(65_536);
      expect(await h.tokens(zeros)).to.equal(65_536n);
      expect(await h.tokens(ones)).to.equal(4n * 65_536n);
      // Deterministic mix: runs of zeros and of non-zero bytes of varying lengths.
      let mixed = "0x";
      for (let i = 0; mixed.length < 2 + 200_000; i++) mixed += (i % 3 === 0 ? "00" : "a5").repeat(((i * 7) % 41) + 1);
      mixed = mixed.slice(0, 2 + 200_000);
      expect(await h.tokens(mixed)).to.equal(tokensOf(mixed));
      expect(await h.cost(mixed)).to.equal(4n * tokensOf(mixed));
    });

    it("agrees with the byte-by-byte count on random calldata (fast-check, biased to 0x00, 0x7f, 0x80, 0xff)", async function () {
      const h = await loadFixture(harnessFixture);
      const byte = fc.oneof(fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x01), fc.integer({ min: 0, max: 255 }));
      await fc.assert(
        fc.asyncProperty(fc.array(byte, { maxLength: 200 }), async (bytes) => {
          const data = ethers.hexlify(Uint8Array.from(bytes));
          expect(await h.tokens(data)).to.equal(tokensOf(data));
          expect(await h.cost(data)).to.equal(4n * tokensOf(data));
        }),
        { numRuns: 150, seed: 7023 },
      );
    });
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

  describe("txOverhead at the EIP-7623 edges", function () {
    it("lifts to the floor from one gas below it, and not at it (execution = 6 gas a token)", async function () {
      const h = await loadFixture(harnessFixture);
      for (const t of [1n, 4n, 1_000n, 100_000n]) {
        expect(await h.txOverhead(t, 6n * t), `${t} tokens at the floor`).to.equal(21_000n + 4n * t);
        expect(await h.txOverhead(t, 6n * t - 1n), `${t} tokens one below`).to.equal(21_000n + 4n * t + 1n);
        expect(await h.txOverhead(t, 0n), `${t} tokens, no execution`).to.equal(21_000n + 10n * t);
      }
    });

    it("matches what the chain charges a plain transfer carrying the calldata (21,000 + floor, no execution)", async function () {
      const h = await loadFixture(harnessFixture);
      const [sender, recipient] = await hre.ethers.getSigners();
      for (const data of ["0x", "0x00", "0xff", "0x" + "00".repeat(100), "0x" + "00ff0102".repeat(500)]) {
        const receipt = await (await sender.sendTransaction({ to: recipient.address, data })).wait();
        expect(receipt!.gasUsed, `${(data.length - 2) / 2} bytes`).to.equal(
          await h.txOverhead(await h.tokens(data), 0n),
        );
      }
    });
  });

  describe("floorActive on another hardfork", function () {
    it("is false on a Cancun chain (anvil --hardfork cancun): no floor before Prague", async function () {
      // A port no other process holds now (a fixed or random one can be taken: CI runs this file twice at once,
      // under npm test and under coverage).
      const port = await freePort();
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
            if (i > 300) throw e; // 30 s: a loaded machine starts anvil slowly
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
