import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { MeterSettingsHarness } from "../../typechain-types";
import { fieldArb, harnessOf, type Layout, pack, shouldBehaveLikeWord } from "./word";

/**
 * The layout of a process's settings word, as `GasMeter.Settings` packed it before it became a type: its `relayRules`
 * byte (bits 160-167) held three flags (1, 2, 4); bits 163-167 are unused.
 */
const LAYOUT: Layout = [
  { name: "lowThreshold", offset: 0, bits: 96 },
  { name: "relayGasCap", offset: 96, bits: 64 },
  { name: "signerCapabilityRequired", offset: 160, bits: 1, bool: true },
  { name: "selectorsOnly", offset: 161, bits: 1, bool: true },
  { name: "revertedCallsRefused", offset: 162, bits: 1, bool: true },
  { name: "freezeThreshold", offset: 168, bits: 88 },
];
/** The rules byte's five unused bits. */
const UNUSED = 0x1fn << 163n;

async function deploy() {
  return hre.ethers.deployContract("MeterSettingsHarness");
}

const adapt = (c: MeterSettingsHarness) =>
  harnessOf(c.fields, [
    c.withLowThreshold,
    c.withRelayGasCap,
    (w, v) => c.withSignerCapabilityRequired(w, v !== 0n),
    (w, v) => c.withSelectorsOnly(w, v !== 0n),
    (w, v) => c.withRevertedCallsRefused(w, v !== 0n),
    c.withFreezeThreshold,
  ]);

describe("MeterSettings (contracts/types/MeterSettings.sol)", function () {
  shouldBehaveLikeWord(LAYOUT, async () => adapt(await loadFixture(deploy)));

  it("fills the word but for the rules byte's five unused bits (163-167)", function () {
    const used = LAYOUT.reduce((n, f) => n + f.bits, 0);
    expect(used).to.equal(256 - 5);
    expect(LAYOUT.reduce((w, f) => w | (((1n << BigInt(f.bits)) - 1n) << BigInt(f.offset)), 0n) & UNUSED).to.equal(0n);
  });

  it("keeps the bit layout of the struct it replaced (Solidity's packing of GasMeter.Settings, rules 1 | 2 | 4)", async function () {
    const c = await loadFixture(deploy);
    const h = adapt(c);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...LAYOUT.map(fieldArb)), async (values) => {
        const [lowThreshold, relayGasCap, signers, selectors, reverted, freezeThreshold] = values;
        const legacy = await c.legacyWord.staticCall({
          lowThreshold,
          relayGasCap,
          relayRules: signers * 1n + selectors * 2n + reverted * 4n,
          freezeThreshold,
        });
        expect(legacy).to.equal(pack(LAYOUT, values));
        let built = 0n;
        for (const i of LAYOUT.keys()) built = await h.with(built, i, values[i]);
        expect(built).to.equal(legacy);
        expect(await h.read(legacy)).to.deep.equal(values);
      }),
      { numRuns: 10 },
    );
  });

  it("ignores the rules byte's unused bits in every getter, and no setter writes them", async function () {
    const c = await loadFixture(deploy);
    const h = adapt(c);
    const legacy = await c.legacyWord.staticCall({
      lowThreshold: 0n,
      relayGasCap: 0n,
      relayRules: 0xf8n,
      freezeThreshold: 0n,
    });
    expect(legacy).to.equal(UNUSED);
    expect(await h.read(UNUSED)).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n]);
    expect(await c.hasRelayRules(UNUSED)).to.equal(false);
    for (const [i, f] of LAYOUT.entries()) {
      const max = f.bool ? 1n : (1n << BigInt(f.bits)) - 1n;
      const set = await h.with(UNUSED, i, max);
      expect(set & UNUSED, `${f.name} set`).to.equal(UNUSED);
      expect(await h.with(set, i, 0n), `${f.name} cleared`).to.equal(UNUSED);
      expect((await h.with(0n, i, max)) & UNUSED, `${f.name} on a zero word`).to.equal(0n);
    }
  });

  it("has relay rules exactly when one of the three flags is set (the relay path's one test)", async function () {
    const c = await loadFixture(deploy);
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), async (word) => {
        const flags = (word >> 160n) & 7n;
        expect(await c.hasRelayRules(word), `0x${word.toString(16)}`).to.equal(flags !== 0n);
      }),
      { numRuns: 20 },
    );
    for (const rules of [1n, 2n, 4n]) {
      expect(await c.hasRelayRules(rules << 160n), `rules ${rules}`).to.equal(true);
      expect(await c.hasRelayRules((rules << 160n) | UNUSED), `rules ${rules} and unused bits`).to.equal(true);
    }
    expect(await c.hasRelayRules((1n << 160n) - 1n + (((1n << 88n) - 1n) << 168n))).to.equal(false);
  });
});
