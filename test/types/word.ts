import { expect } from "chai";
import fc from "fast-check";
import { getAddress, toBeHex } from "ethers";

/**
 * The one test helper for the packed storage words of contracts/types/ (Uniswap v4 `test/types/Slot0.t.sol` checks,
 * shared the way OpenZeppelin shares `shouldBehaveLikeERC20`). Each test/types/<Type>.test.ts writes its word's layout
 * a second time, INDEPENDENTLY of contracts/types/ (never from the library's constants): a field moved or resized
 * there must fail the cases below.
 */

/**
 * One field of a word: its name (the getter's), offset and width in bits. `max`: an enum stored in a wider field (its
 * getter refuses a larger value). `bool`: a flag whose getter reads any non-zero value of its bits as true and whose
 * setter writes 0 or 1 into all of them.
 */
export interface Field {
  name: string;
  offset: number;
  bits: number;
  max?: bigint;
  bool?: boolean;
}
export type Layout = readonly Field[];

/** A harness contract, adapted: every getter in layout order, and the `with…` setter of field number `field`. */
export interface WordHarness {
  /** Every field of `word` by its getter, in layout order, as bigint (addresses as numbers, bools 0n/1n, enums). */
  read(word: bigint): Promise<bigint[]>;
  /** `word.with<Field>(value)` for field number `field` (layout order): the raw word returned. */
  with(word: bigint, field: number, value: bigint): Promise<bigint>;
}

const ONES = (1n << 256n) - 1n;

/** The largest value of a field (1 for a flag, the last member for an enum). */
export const maxOf = (f: Field): bigint => f.max ?? (f.bool ? 1n : (1n << BigInt(f.bits)) - 1n);
/** The bits a field occupies, in place. */
export const maskOf = (f: Field): bigint => ((1n << BigInt(f.bits)) - 1n) << BigInt(f.offset);
/** `word` with the field's bits replaced by `value`: what its `with…` setter must return, bit for bit. */
export const write = (word: bigint, f: Field, value: bigint): bigint =>
  (word & (ONES ^ maskOf(f))) | (value << BigInt(f.offset));
/** The word holding these field values, every other bit zero. */
export const pack = (layout: Layout, values: readonly bigint[]): bigint =>
  layout.reduce((word, f, i) => write(word, f, values[i]), 0n);
/** The raw value of a field's bits in `word`. */
const bitsOf = (word: bigint, f: Field): bigint => (word & maskOf(f)) >> BigInt(f.offset);
/** What the getters must read in `word`, from the layout (a flag: any non-zero value reads as 1). */
export const unpack = (layout: Layout, word: bigint): bigint[] =>
  layout.map((f) => (f.bool && bitsOf(word, f) !== 0n ? 1n : bitsOf(word, f)));

/** An arbitrary value of a field (an enum within its members, a flag 0 or 1). */
export const fieldArb = (f: Field): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max: maxOf(f) });
/** Arbitrary words that a module may store: every bit random, but each enum field within its members. */
export const wordArb = (layout: Layout): fc.Arbitrary<bigint> =>
  fc
    .bigInt({ min: 0n, max: ONES })
    .map((word) => layout.reduce((w, f) => (f.max === undefined ? w : write(w, f, bitsOf(w, f) % (f.max + 1n))), word));

/** A harness result (an ethers `Result`) as bigints: addresses as numbers, bools as 0n/1n. */
const bigints = (result: Iterable<unknown>): bigint[] =>
  [...result].map((v) => (typeof v === "boolean" ? (v ? 1n : 0n) : BigInt(v as bigint | number | string)));
/** A `with…` setter of one field, as the harness exposes it. */
export type Setter = (word: bigint, value: bigint) => Promise<bigint>;
/**
 * The adapter of a harness: a function returning every getter of a word (layout order), and either one setter per
 * field (layout order) or one setter taking the field's number.
 */
export const harnessOf = (
  read: (word: bigint) => Promise<Iterable<unknown>>,
  setters: Setter[] | ((word: bigint, field: number, value: bigint) => Promise<bigint>),
): WordHarness => ({
  read: async (word) => bigints(await read(word)),
  with: (word, field, value) => (Array.isArray(setters) ? setters[field](word, value) : setters(word, field, value)),
});
/** A number as the address argument of a setter. */
export const address = (v: bigint): string => getAddress(toBeHex(v, 20));

const hex = (word: bigint) => `0x${word.toString(16)}`;
/** 0, 1, a middle value (alternating bits for a plain field) and the maximum, without repeats. */
const samples = (f: Field): bigint[] => [...new Set([0n, 1n, (maxOf(f) * 2n) / 3n, maxOf(f)])];

/**
 * The cases every packed word shares: disjoint fields within 256 bits; the getters follow the layout on arbitrary
 * words; per field: its maximum on a zero word sets exactly its bits; 0, 1, a middle value and its maximum
 * round-trip on a zero, an all-ones (made valid) and arbitrary words, the setter's result equal to the layout's
 * `write` bit for bit; setting it leaves every other getter unchanged; a flag reads any non-zero value as set; an
 * enum's getter refuses a value past its last member.
 * @param layout The word's fields, written independently of contracts/types/.
 * @param load The harness adapter (a `loadFixture` of a deployed harness: called once per case).
 * @param options.valid Makes an arbitrary word one a module may store, where the layout's enum ranges are not
 * enough (applied after them); identity by default.
 */
export function shouldBehaveLikeWord(
  layout: Layout,
  load: () => Promise<WordHarness>,
  options: { valid?: (word: bigint) => bigint } = {},
): void {
  const valid = options.valid ?? ((word: bigint) => word);
  const words = wordArb(layout).map(valid);
  const ones = valid(layout.reduce((w, f) => (f.max === undefined ? w : write(w, f, f.max)), ONES));

  it("defines disjoint fields within 256 bits", function () {
    let used = 0n;
    for (const f of layout) {
      expect(f.bits, f.name).to.be.above(0);
      expect(f.offset + f.bits, f.name).to.be.at.most(256);
      expect(used & maskOf(f), `${f.name} overlaps`).to.equal(0n);
      used |= maskOf(f);
    }
  });

  it("reads every field at its offset and width on arbitrary words (a flag: any non-zero value reads as set)", async function () {
    const h = await load();
    await fc.assert(
      fc.asyncProperty(words, async (word) => {
        expect(await h.read(word), hex(word)).to.deep.equal(unpack(layout, word));
      }),
      { numRuns: 10 },
    );
  });

  for (const [i, f] of layout.entries()) {
    describe(`${f.name} (bits ${f.offset}-${f.offset + f.bits - 1})`, function () {
      it("its maximum on a zero word sets exactly its bits", async function () {
        const h = await load();
        expect(await h.with(0n, i, maxOf(f))).to.equal(maxOf(f) << BigInt(f.offset));
      });

      it("round-trips 0, 1, a middle value and its maximum on a zero, an all-ones and an arbitrary word, other bits unchanged", async function () {
        const h = await load();
        const roundTrip = async (base: bigint) => {
          const set = await Promise.all(samples(f).map(async (v) => [v, await h.with(base, i, v)] as const));
          const reads = await Promise.all(set.map(([, word]) => h.read(word)));
          for (const [k, [v, word]] of set.entries()) {
            const at = `${f.name} = ${v} on ${hex(base)}`;
            expect(word, at).to.equal(write(base, f, v));
            expect(reads[k][i], at).to.equal(v);
            expect(reads[k], at).to.deep.equal(unpack(layout, word));
          }
        };
        // Independent calls, sent together; a failure names its word (`at`), so an arbitrary one can be replayed.
        await Promise.all([0n, ones, ...fc.sample(words, 1)].map(roundTrip));
      });

      it("leaves every other field's getter unchanged (arbitrary words and values)", async function () {
        const h = await load();
        const others = (values: bigint[]) => values.filter((_, j) => j !== i);
        await fc.assert(
          fc.asyncProperty(words, fieldArb(f), async (base, v) => {
            const [before, after] = await Promise.all([h.read(base), h.with(base, i, v).then((word) => h.read(word))]);
            expect(after[i], `${f.name} = ${v} on ${hex(base)}`).to.equal(v);
            expect(others(after), `${f.name} = ${v} on ${hex(base)}`).to.deep.equal(others(before));
          }),
          { numRuns: 3 },
        );
      });

      if (f.bool && f.bits > 1) {
        it(`reads any non-zero value of its ${f.bits} bits as set`, async function () {
          const h = await load();
          for (const raw of [1n, 1n << BigInt(f.bits - 1), (1n << BigInt(f.bits)) - 1n]) {
            expect((await h.read(write(0n, f, raw)))[i], `${f.name} bits = ${raw}`).to.equal(1n);
          }
        });
      }

      const { max } = f;
      if (max !== undefined && max + 1n < 1n << BigInt(f.bits)) {
        it(`refuses ${max + 1n} (past the enum's last member: Panic 0x21)`, async function () {
          const h = await load();
          await expect(h.read(write(0n, f, max + 1n))).to.be.revertedWithPanic(0x21);
        });
      }
    });
  }
}
