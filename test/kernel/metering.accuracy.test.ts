import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "ethers";
import { meterFixture, signRequest } from "../fixtures/meter";
import { METERING_PATTERNS, Measured, chargedGas, deviation, expectAccurate } from "../fixtures/metering";

async function mined(tx: Promise<{ wait(): Promise<ethers.TransactionReceipt | null> }>) {
  return (await (await tx).wait())!;
}

/**
 * Every calling pattern of SECURITY.md's "metering accuracy" invariant, each a row: the gas the meter charged for
 * metered calls (or reimbursed for relayed requests) must stay within 5 % of what the transaction spent on them.
 * The table is printed so that a reader sees the margins, not only pass/fail.
 */
describe("Metering accuracy (SECURITY.md R1–R4)", function () {
  const rows: Measured[] = [];

  after(function () {
    if (rows.length === 0) return;
    console.log("      pattern                                                   calls    charged      spent     dev");
    for (const m of rows) {
      const dev = (100 * deviation(m)).toFixed(2).padStart(6);
      console.log(
        `      ${m.pattern.padEnd(58)}${String(m.calls).padStart(5)}${m.charged.toString().padStart(11)}` +
          `${m.spent.toString().padStart(11)} ${dev} %`,
      );
    }
  });

  for (const c of METERING_PATTERNS) {
    it(`charges within 5 %: ${c.pattern}`, async function () {
      const f = await loadFixture(meterFixture);
      const m = await c.run(f);
      rows.push(m);
      expectAccurate(m);
    });
  }

  it("counts a transaction's intrinsic gas at most once: two relays by an EOA through a plain execute", async function () {
    // OZ execute (not reimbursed) runs the metered call with the forwarder as caller: no intrinsic gas is charged.
    const f = await loadFixture(meterFixture);
    const { bob, relayer } = f.accounts;
    const data = f.counter.interface.encodeFunctionData("incrementMetered");
    const request = await signRequest(f.forwarder, bob, { to: await f.counter.getAddress(), data });
    const receipt = await mined(f.forwarder.connect(relayer).execute(request));
    const charged = chargedGas(f, receipt);
    rows.push({
      pattern: "plain OZ execute (forwarder is the caller: no intrinsic)",
      calls: 1,
      charged,
      spent: receipt.gasUsed,
    });
    // Everything but the transaction's own 21,000 and calldata: strictly below the receipt by at least 21,000.
    if (!(charged < receipt.gasUsed - 21_000n)) throw new Error(`charged ${charged} of ${receipt.gasUsed}`);
  });
});
