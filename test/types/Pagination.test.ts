import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

const { ethers } = hre;
const MAX = ethers.MaxUint256;

async function harness() {
  return ethers.deployContract("PaginationHarness");
}

describe("Pagination.window", function () {
  const cases: [string, bigint, bigint, bigint, bigint, bigint][] = [
    // name, total, offset, limit, start, end
    ["a first page", 10n, 0n, 3n, 0n, 3n],
    ["a middle page", 10n, 4n, 3n, 4n, 7n],
    ["a page ending exactly at the end", 10n, 7n, 3n, 7n, 10n],
    ["a page cut at the end", 10n, 8n, 3n, 8n, 10n],
    ["offset at the end: empty", 10n, 10n, 3n, 10n, 10n],
    ["offset past the end: empty", 10n, 11n, 3n, 10n, 10n],
    ["offset = type(uint256).max: empty", 10n, MAX, MAX, 10n, 10n],
    ["limit 0: empty", 10n, 4n, 0n, 4n, 4n],
    ["limit = type(uint256).max: the rest, no overflow", 10n, 4n, MAX, 4n, 10n],
    ["an empty list", 0n, 0n, MAX, 0n, 0n],
  ];
  for (const [name, total, offset, limit, start, end] of cases) {
    it(name, async function () {
      const h = await loadFixture(harness);
      expect([...(await h.window(total, offset, limit))]).to.deep.equal([start, end]);
    });
  }

  it("is min(offset, total) .. min(total, offset + limit) for any input", async function () {
    const h = await loadFixture(harness);
    const big = fc.oneof(fc.bigInt({ min: 0n, max: 50n }), fc.bigInt({ min: 0n, max: MAX }));
    await fc.assert(
      fc.asyncProperty(big, big, big, async (total, offset, limit) => {
        const start = offset < total ? offset : total;
        const end = offset < total ? (offset + limit < total ? offset + limit : total) : total;
        expect([...(await h.window(total, offset, limit))]).to.deep.equal([start, end]);
      }),
      { numRuns: 40 },
    );
  });
});
