import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DisputeStatus, marketFixture, shippedOrder, URI } from "../market/helpers";
import { address, harnessOf, type Layout, maxOf, pack, shouldBehaveLikeWord, unpack } from "./word";

/** contracts/types/DisputeState.sol, written independently. */
const FIELDS: Layout = [
  { name: "payee", offset: 0, bits: 160 },
  { name: "feeBps", offset: 160, bits: 16 },
  { name: "rulingDeadline", offset: 176, bits: 40 },
  { name: "status", offset: 216, bits: 8, max: DisputeStatus.DefaultSettled },
  { name: "payerShareBps", offset: 224, bits: 16 },
  { name: "tokenId", offset: 240, bits: 8 },
];
const [PAYEE, FEE, DEADLINE, STATUS, SHARE, TOKEN] = FIELDS.map((_, i) => i);

/** The ERC-7201 slot of `MarketEscrowStorage` (test/libraries/erc7201.test.ts) and its `disputes` mapping's member. */
const ESCROW_SLOT = 0xadaf51116a7da2f07e7ec8c8e4adefdc8474aa1b54f4f03b629b691e004f3700n;
const DISPUTES_MEMBER = 6n; // token|feeBps|kernelPause, treasury, arbitrator, uncollectedFees, disputeCount, accounts

async function deploy() {
  return ethers.deployContract("MarketWordsHarness");
}

describe("DisputeState (MarketEscrow dispute word 1)", function () {
  shouldBehaveLikeWord(FIELDS, async () => {
    const h = await loadFixture(deploy);
    return harnessOf(h.stateFields, h.stateWith);
  });

  it("packs a new Open dispute (ruling 0), each field at 0 and at its maximum", async function () {
    const h = await loadFixture(deploy);
    const max = FIELDS.map(maxOf);
    const open = (payee: bigint, fee: bigint, deadline: bigint, token: bigint) =>
      pack(FIELDS, [payee, fee, deadline, DisputeStatus.Open, 0n, token]);
    expect(await h.statePack(ethers.ZeroAddress, 0n, 0n, 0n)).to.equal(open(0n, 0n, 0n, 0n));
    expect(await h.statePack(address(max[PAYEE]), max[FEE], max[DEADLINE], max[TOKEN])).to.equal(
      open(max[PAYEE], max[FEE], max[DEADLINE], max[TOKEN]),
    );
  });

  it("settled sets the status (Ruled, or DefaultSettled by default) and the ruling, nothing else", async function () {
    const h = await loadFixture(deploy);
    for (const base of [0n, pack(FIELDS, FIELDS.map(maxOf))]) {
      const values = unpack(FIELDS, base);
      values[STATUS] = DisputeStatus.Open;
      const word = pack(FIELDS, values);
      for (const [share, byDefault] of [
        [0n, false],
        [7_500n, false],
        [10_000n, true],
        [5_000n, true],
      ] as const) {
        const expected = [...values];
        expected[STATUS] = byDefault ? DisputeStatus.DefaultSettled : DisputeStatus.Ruled;
        expected[SHARE] = share;
        expect(unpack(FIELDS, await h.stateSettled(word, share, byDefault))).to.deep.equal(expected);
      }
    }
  });

  it("keeps the bit layout of the struct it replaced (IMarketEscrow.DisputeRecord as the compiler packed it)", async function () {
    const h = await loadFixture(deploy);
    const max = FIELDS.map(maxOf);
    const records = [
      [0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedn, 250n, 1_700_000_000n, DisputeStatus.Ruled, 7_500n, 3n],
      max,
      [0n, 0n, 0n, DisputeStatus.None, 0n, 0n],
      [1n, max[FEE], 0n, DisputeStatus.Open, max[SHARE], 0n],
    ];
    for (const values of records) {
      const slots = await h.disputeLegacySlots.staticCall({
        payer: address(max[PAYEE]),
        amount: (1n << 96n) - 1n,
        payee: address(values[PAYEE]),
        feeBps: values[FEE],
        rulingDeadline: values[DEADLINE],
        status: values[STATUS],
        payerShareBps: values[SHARE],
        tokenId: values[TOKEN],
        arbitrator: address(max[PAYEE]),
        escrowId: ethers.MaxUint256,
        openedBy: address(max[PAYEE]),
      });
      const legacy = slots[1];
      expect(legacy, values.join(",")).to.equal(pack(FIELDS, values));
      expect([...(await h.stateFields(legacy))]).to.deep.equal(values);
      let built = 0n;
      for (const [i] of FIELDS.entries()) built = await h.stateWith(built, i, values[i]);
      expect(built).to.equal(legacy);
    }
  });

  it("is stored by a market module in the record's five slots exactly as the old struct was (raw storage)", async function () {
    const f = await loadFixture(marketFixture);
    const { orderId } = await shippedOrder(f);
    await f.market.connect(f.accounts.bob).openDispute(orderId, URI);
    const slot = BigInt(
      ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [1n, ESCROW_SLOT + DISPUTES_MEMBER]),
      ),
    );
    const market = await f.market.getAddress();
    const h = await deploy(); // not a second fixture: loading one would revert the market's chain
    const storedSlots = () =>
      Promise.all([0n, 1n, 2n, 3n, 4n].map((i) => ethers.provider.getStorage(market, slot + i).then(BigInt)));
    const legacySlots = async () => {
      const r = await f.market.dispute(1n);
      // The view's record, stored as the compiler packed it before the words.
      const [payer, amount, payee, feeBps, rulingDeadline, status, payerShareBps, tokenId, arbitrator, escrowId] = r;
      const record = { payer, amount, payee, feeBps, rulingDeadline, status, payerShareBps, tokenId, arbitrator };
      return [...(await h.disputeLegacySlots.staticCall({ ...record, escrowId, openedBy: r.openedBy }))].map(BigInt);
    };

    const open = await storedSlots();
    expect(open).to.deep.equal(await legacySlots());
    const record = await f.market.dispute(1n);
    expect(unpack(FIELDS, open[1])).to.deep.equal([
      BigInt(f.accounts.carol.address),
      record.feeBps,
      record.rulingDeadline,
      DisputeStatus.Open,
      0n,
      0n,
    ]);
    expect(open[3]).to.equal(orderId);

    await f.market.connect(f.accounts.arbiter).rule(1n, 7_500n);
    const ruled = await storedSlots();
    expect(ruled).to.deep.equal(await legacySlots());
    const values = unpack(FIELDS, open[1]);
    values[STATUS] = DisputeStatus.Ruled;
    values[SHARE] = 7_500n;
    expect(unpack(FIELDS, ruled[1])).to.deep.equal(values);
    expect([ruled[0], ...ruled.slice(2)]).to.deep.equal([open[0], ...open.slice(2)]);
  });
});
