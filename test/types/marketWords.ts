import { expect } from "chai";
import hre from "hardhat";
import type { MarketWordsHarness } from "../../typechain-types";

/**
 * Shared by the market's packed-word tests (test/types/{EscrowAccount,EscrowToken,MarketSeller,MarketListing,
 * MarketOrder}.test.ts): each layout is written here a second time, independently of contracts/types/, so that a
 * field moved or resized there fails the round trips below.
 */
export type Field = { name: string; offset: bigint; width: bigint; max?: bigint };

export const maxOf = (f: Field) => f.max ?? (1n << f.width) - 1n;
const maskOf = (f: Field) => ((1n << f.width) - 1n) << f.offset;

/** The raw word with each field at `values[i]`. */
export function pack(fields: Field[], values: bigint[]): bigint {
  return fields.reduce((w, f, i) => w | (values[i] << f.offset), 0n);
}

/** Every field's value in raw word `w`. */
export function unpack(fields: Field[], w: bigint): bigint[] {
  return fields.map((f) => (w & maskOf(f)) >> f.offset);
}

let harness: MarketWordsHarness | undefined;
export async function wordsHarness(): Promise<MarketWordsHarness> {
  harness ??= await (await hre.ethers.getContractFactory("MarketWordsHarness")).deploy();
  return harness;
}

/** A few values inside a field besides 0 and its maximum (deterministic: the same in every run). */
function samples(f: Field): bigint[] {
  const max = maxOf(f);
  return [0n, 1n, max / 3n, max - 1n, max].filter((v, i, a) => v >= 0n && v <= max && a.indexOf(v) === i);
}

/**
 * The Slot0-style checks for one word type: the layout covers disjoint bits; the getters read each field at 0 and at
 * its maximum (every other field at 0 and at its maximum too); each `with…` setter writes exactly its field and
 * leaves every other bit unchanged.
 */
export function shouldHaveLayout(
  fields: Field[],
  read: (w: bigint) => Promise<bigint[]>,
  write: (w: bigint, field: number, v: bigint) => Promise<bigint>,
) {
  const zero = 0n;
  const full = pack(fields, fields.map(maxOf));

  it("defines disjoint fields within 256 bits", function () {
    let used = 0n;
    for (const f of fields) {
      expect(f.offset + f.width <= 256n, f.name).to.equal(true);
      expect(used & maskOf(f), f.name).to.equal(0n);
      used |= maskOf(f);
    }
  });

  for (const [i, f] of fields.entries()) {
    it(`reads ${f.name} at 0 and at its maximum, the other fields at both bounds`, async function () {
      for (const others of [zero, full]) {
        for (const v of [0n, maxOf(f)]) {
          const values = unpack(fields, others);
          values[i] = v;
          expect(await read(pack(fields, values))).to.deep.equal(values);
        }
      }
    });

    it(`sets ${f.name} (0, its maximum and between) leaving every other field unchanged`, async function () {
      for (const base of [zero, full]) {
        for (const v of samples(f)) {
          const expected = (base & ~maskOf(f)) | (v << f.offset);
          const written = await write(base, i, v);
          expect(written, `${f.name} = ${v} on ${base === zero ? "zero" : "full"}`).to.equal(expected);
          const values = unpack(fields, base);
          values[i] = v;
          expect(await read(written)).to.deep.equal(values);
        }
      }
    });
  }
}
