import { expect } from "chai";
import fc from "fast-check";

/** One field of a packed storage word: its name (the getter's and `with…` setter's), offset and width in bits. */
export interface WordField {
  name: string;
  offset: number;
  bits: number;
  bool?: boolean;
}

const ONES = (1n << 256n) - 1n;

export const maxOf = (f: WordField): bigint => (f.bool ? 1n : (1n << BigInt(f.bits)) - 1n);
export const maskOf = (f: WordField): bigint => ((1n << BigInt(f.bits)) - 1n) << BigInt(f.offset);
/** The field's value in `word`, read from the layout table (independently of the Solidity library). */
export const read = (word: bigint, f: WordField): bigint => (word & maskOf(f)) >> BigInt(f.offset);
/** `word` with the field replaced, from the layout table. */
export const write = (word: bigint, f: WordField, v: bigint): bigint =>
  (word & (ONES ^ maskOf(f))) | (v << BigInt(f.offset));
/** A word with these field values, from the layout table. */
export const pack = (layout: WordField[], values: bigint[]): bigint =>
  layout.reduce((w, f, i) => write(w, f, values[i]), 0n);
/** An arbitrary value of a field. */
export const fieldArb = (f: WordField): fc.Arbitrary<bigint> =>
  f.bool ? fc.boolean().map((b) => (b ? 1n : 0n)) : fc.bigInt({ min: 0n, max: maxOf(f) });
export const wordArb = fc.bigInt({ min: 0n, max: ONES });

/** The layout covers distinct bits within 256 (the fields do not overlap). */
export function expectDisjoint(layout: WordField[]): void {
  let used = 0n;
  for (const f of layout) {
    expect(f.offset + f.bits, f.name).to.be.at.most(256);
    expect(used & maskOf(f), `${f.name} overlaps`).to.equal(0n);
    used |= maskOf(f);
  }
}

/** Harness calls, as the harness contracts expose them. */
export interface WordHarness {
  /** Every field of `word` by its getter, in layout order (bools as 0n/1n). */
  fields(word: bigint): Promise<bigint[]>;
  /** `word.with<Field>(v)`. */
  with(word: bigint, field: WordField, v: bigint): Promise<bigint>;
}

/**
 * Round-trip every field at 0 and at its maximum on an all-zero, an all-one and arbitrary words: the getter reads back
 * the value set, and every other bit of the word is unchanged.
 */
export async function expectRoundTrips(h: WordHarness, layout: WordField[], bases: bigint[]): Promise<void> {
  for (const base of bases) {
    for (const [i, f] of layout.entries()) {
      for (const v of [0n, maxOf(f)]) {
        const w = await h.with(base, f, v);
        expect((await h.fields(w))[i], `${f.name} = ${v}`).to.equal(v);
        // Every other bit is untouched (for a bool field, the byte it occupies holds 0 or 1).
        expect(w & (ONES ^ maskOf(f)), `${f.name} leaves the rest`).to.equal(base & (ONES ^ maskOf(f)));
        expect(read(w, f)).to.equal(v);
      }
    }
  }
}

/** The getters read each field at the layout's offset and width, on arbitrary words. */
export async function expectGettersFollowLayout(h: WordHarness, layout: WordField[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(wordArb, async (word) => {
      const got = await h.fields(word);
      layout.forEach((f, i) => {
        const raw = read(word, f);
        expect(got[i], f.name).to.equal(f.bool ? (raw === 0n ? 0n : 1n) : raw);
      });
    }),
    { numRuns: 40 },
  );
}

export const toBig = (v: bigint | boolean | number): bigint => (typeof v === "boolean" ? (v ? 1n : 0n) : BigInt(v));
