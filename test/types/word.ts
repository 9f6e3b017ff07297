import { expect } from "chai";
import fc from "fast-check";

/** One field of a packed storage word: its bits, its setter, and where the harness's `read` returns it. */
export interface WordField {
  name: string;
  offset: number;
  bits: number;
  /** The largest value the setter accepts (defaults to 2^bits - 1). */
  max?: bigint;
  /** Index of the field in the harness's `read(word)` result. */
  index: number;
  set: (word: bigint, value: bigint) => Promise<bigint>;
  /** The value as `read` returns it (e.g. a checksummed address, a bool, an enum number). */
  decode?: (value: bigint) => unknown;
}

const ONES = (1n << 256n) - 1n;

/** The tests every packed word shares (Uniswap v4 `test/types/Slot0.t.sol` style). */
export function shouldBehaveLikeWord(
  load: () => Promise<{ read: (word: bigint) => Promise<unknown[]> }>,
  fields: WordField[],
  /** Makes an arbitrary word a valid one (e.g. an enum field in range); identity by default. */
  valid: (word: bigint) => bigint = (word) => word,
): void {
  const max = (f: WordField) => f.max ?? (1n << BigInt(f.bits)) - 1n;
  const as = (f: WordField, v: bigint) => (f.decode ? f.decode(v) : v);
  const mask = (f: WordField) => ((1n << BigInt(f.bits)) - 1n) << BigInt(f.offset);

  it("has disjoint fields", function () {
    let seen = 0n;
    for (const f of fields) {
      expect(seen & mask(f), f.name).to.equal(0n);
      seen |= mask(f);
    }
  });

  for (const f of fields) {
    describe(f.name, function () {
      it(`sits at bits ${f.offset}-${f.offset + f.bits - 1}: its maximum on a zero word sets exactly those`, async function () {
        expect(await f.set(0n, max(f))).to.equal(max(f) << BigInt(f.offset));
      });

      it("round-trips 0 and its maximum on an all-ones and an all-zeros word, other bits unchanged", async function () {
        const h = await load();
        for (const base of [0n, valid(ONES)]) {
          for (const value of [0n, max(f)]) {
            const word = await f.set(base, value);
            expect(
              (await h.read(word))[f.index],
              `${f.name}=${value} on ${base === 0n ? "zeros" : "ones"}`,
            ).to.deep.equal(as(f, value));
            expect(word & ~mask(f)).to.equal(base & ~mask(f));
          }
        }
      });

      it("leaves every other field unchanged (random words and values)", async function () {
        const h = await load();
        await fc.assert(
          fc.asyncProperty(
            fc.bigInt({ min: 0n, max: ONES }),
            fc.bigInt({ min: 0n, max: max(f) }),
            async (arbitrary, value) => {
              const base = valid(arbitrary);
              const before = await h.read(base);
              const after = await h.read(await f.set(base, value));
              expect(after[f.index]).to.deep.equal(as(f, value));
              for (const other of fields) {
                if (other !== f) expect(after[other.index], other.name).to.deep.equal(before[other.index]);
              }
            },
          ),
          { numRuns: 25 },
        );
      });
    });
  }
}
