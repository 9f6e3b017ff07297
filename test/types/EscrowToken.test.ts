import { expect } from "chai";
import { ethers } from "hardhat";
import { type Field, shouldHaveLayout, wordsHarness } from "./marketWords";

/** contracts/types/EscrowToken.sol, written independently. */
const FIELDS: Field[] = [
  { name: "token", offset: 0n, width: 160n },
  { name: "approved", offset: 160n, width: 1n },
];

describe("EscrowToken (MarketEscrow token-list word)", function () {
  shouldHaveLayout(
    FIELDS,
    async (w) => {
      const [token, approved] = await (await wordsHarness()).tokenFields(w);
      return [BigInt(token), approved ? 1n : 0n];
    },
    async (w, field, v) => (await wordsHarness()).tokenWith(w, field, v),
  );

  it("reads the address checksummed and the flag as a bool", async function () {
    const token = ethers.Wallet.createRandom().address;
    const [read, approved] = await (await wordsHarness()).tokenFields(BigInt(token) | (1n << 160n));
    expect(read).to.equal(token);
    expect(approved).to.equal(true);
  });
});
