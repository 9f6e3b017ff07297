import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";
import { MODULE, PERMISSION, NO_EXPIRY } from "../../lib/ids";
import {
  IMarketEscrow,
  IMarketEscrow__factory,
  JobBoard__factory,
  Marketplace__factory,
  MockArbitrator__factory,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";
import { assigned, BPS, bought, ethers, FEE_BPS, feeOf, listed, marketFixture, nyn } from "../market/helpers";

type MarketFixture = Awaited<ReturnType<typeof marketFixture>>;

/** The ERC-7201 slot of `MarketEscrowStorage` (see test/libraries/erc7201.test.ts): token | feeBps | pause mirror. */
const ESCROW_SLOT = "0xadaf51116a7da2f07e7ec8c8e4adefdc8474aa1b54f4f03b629b691e004f3700";
/** Bit offset of the pause mirror in that word (0 unknown, 1 running, 2 paused). */
const MIRROR_SHIFT = 176n;
/** A reputation's five counters, in the struct's order. */
const counters = (r: IMarketEscrow.ReputationStructOutput) => [
  r.completedSales,
  r.completedJobs,
  r.disputesOpened,
  r.disputesWon,
  r.disputesLost,
];
const DISPUTE_STATUS = { None: 0n, Open: 1n, Ruled: 2n, DefaultSettled: 3n } as const;

/** What `shouldBehaveLikeMarketEscrow` needs to know about one market module. */
export interface MarketEscrowContext {
  f: MarketFixture;
  /** The module's proxy through the inherited interface (its errors and events). */
  escrow: IMarketEscrow;
  /** The other market module (its reputation is added to this one's). */
  sibling: IMarketEscrow;
  moduleId: string;
  /** Who pays into an escrow (buyer, client) and who is paid from it (seller, worker). */
  payer: Signer & { address: string };
  payee: Signer & { address: string };
  /** The reputation counter a completed payment increments for the payee. */
  completion: "completedSales" | "completedJobs";
  /** Escrow `gross` NYN-wei from the payer and release it to the payee (a confirmed sale, an approved milestone). */
  pay(gross: bigint): Promise<void>;
  /** Escrow `gross` NYN-wei, have the payee deliver (ship, submit), then `by` opens a dispute with `evidenceURI`. */
  openDispute(gross: bigint, by: "payer" | "payee", evidenceURI: string): Promise<ContractTransactionResponse>;
  /** The payer's share (basis points) of a default settlement of a payer-opened dispute from {@link openDispute}. */
  defaultPayerShareBps: bigint;
  /** A call that takes NYN in (guarded by the pause mirror); it succeeds while running and may be sent twice. */
  takePaymentIn(module?: IMarketEscrow): Promise<ContractTransactionResponse>;
  /** The module's initializer calldata (to install a second instance). */
  initData(): string;
  /** The implementation's address (to install a second instance). */
  implementation: string;
}

async function mirrorOf(module: string): Promise<bigint> {
  return (BigInt(await ethers.provider.getStorage(module, ESCROW_SLOT)) >> MIRROR_SHIFT) & 0xffn;
}

async function setMirror(module: string, value: bigint) {
  const word = BigInt(await ethers.provider.getStorage(module, ESCROW_SLOT));
  const next = (word & ~(0xffn << MIRROR_SHIFT)) | (value << MIRROR_SHIFT);
  await ethers.provider.send("hardhat_setStorageAt", [module, ESCROW_SLOT, ethers.toBeHex(next, 32)]);
}

/**
 * The surface every market module inherits from `contracts/market/MarketEscrow.sol` (OpenZeppelin's
 * `shouldBehaveLikeERC20` pattern): pull payments, the governed fee and its collection, arbitration (ERC-792 rule,
 * ruling window, default settlement, a plugged-in arbitrator), ERC-1497 evidence, reputation and the pause mirror.
 * @param getContext A fixture (a stable function, snapshotted by `loadFixture`) returning the module's context.
 */
export function shouldBehaveLikeMarketEscrow(getContext: () => Promise<MarketEscrowContext>) {
  const load = () => loadFixture(getContext);
  const AMOUNT = nyn(100);

  describe("withdraw (MarketEscrow)", function () {
    it("pays out part then all of a balance (withdraw, or withdrawToken naming NYN)", async function () {
      const c = await load();
      await c.pay(AMOUNT);
      const owed = AMOUNT - feeOf(AMOUNT);
      expect(await c.escrow.withdrawable(c.payee.address)).to.equal(owed);
      expect(await c.escrow.withdrawableToken(c.payee.address, c.f.addresses.nyn)).to.equal(owed);
      await expect(c.escrow.connect(c.payee).withdraw(nyn(10))).to.changeTokenBalances(
        c.f.nyn,
        [c.payee, c.escrow],
        [nyn(10), -nyn(10)],
      );
      await expect(c.escrow.connect(c.payee).withdrawToken(c.f.addresses.nyn, owed - nyn(10)))
        .to.emit(c.escrow, "Withdrawn")
        .withArgs(c.payee.address, owed - nyn(10));
      expect(await c.escrow.withdrawable(c.payee.address)).to.equal(0n);
    });

    it("rejects 0 (MarketEscrowZeroAmount) and more than the balance (MarketEscrowInsufficientBalance)", async function () {
      const c = await load();
      await c.pay(AMOUNT);
      const owed = AMOUNT - feeOf(AMOUNT);
      await expect(c.escrow.connect(c.payee).withdraw(0)).to.be.revertedWithCustomError(
        c.escrow,
        "MarketEscrowZeroAmount",
      );
      await expect(c.escrow.connect(c.payee).withdraw(owed + 1n))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowInsufficientBalance")
        .withArgs(c.payee.address, owed, owed + 1n);
      await expect(c.escrow.connect(c.payer).withdraw(1))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowInsufficientBalance")
        .withArgs(c.payer.address, 0, 1);
    });
  });

  describe("fees (MarketEscrow)", function () {
    it("accrues feeBps of each payment and sends it all to the treasury on collectFees (anyone may call)", async function () {
      const c = await load();
      const { mallory, deployer } = c.f.accounts;
      await c.pay(AMOUNT);
      await c.pay(nyn(40));
      const fee = feeOf(AMOUNT) + feeOf(nyn(40));
      expect(await c.escrow.uncollectedFees()).to.equal(fee);
      expect(await c.escrow.uncollectedTokenFees(c.f.addresses.nyn)).to.equal(fee);
      const tx = c.escrow.connect(mallory).collectFees();
      await expect(tx).to.changeTokenBalances(c.f.nyn, [deployer, c.escrow], [fee, -fee]);
      await expect(tx).to.emit(c.escrow, "FeesCollected").withArgs(deployer.address, fee, mallory.address);
      expect(await c.escrow.uncollectedFees()).to.equal(0n);
      await expect(c.escrow.collectFees()).to.be.revertedWithCustomError(c.escrow, "MarketEscrowNoFees");
      // Custody: every NYN-wei left is the payee's.
      expect(await c.f.nyn.balanceOf(c.escrow.target)).to.equal(await c.escrow.withdrawable(c.payee.address));
    });

    it("lets MARKET_ADMIN set the fee within the 10 % cap; a zero fee takes nothing", async function () {
      const c = await load();
      const { deployer, arbiter } = c.f.accounts;
      await expect(c.escrow.connect(deployer).setFee(1000)).to.emit(c.escrow, "FeeChanged").withArgs(FEE_BPS, 1000);
      expect(await c.escrow.feeBps()).to.equal(1000n);
      await expect(c.escrow.connect(deployer).setFee(1001))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowFeeTooHigh")
        .withArgs(1001, 1000);
      await expect(c.escrow.connect(arbiter).setFee(1))
        .to.be.revertedWithCustomError(c.f.acl, "ACLUnauthorized")
        .withArgs(arbiter.address, c.escrow.target, PERMISSION.MARKET_ADMIN);
      await c.escrow.connect(deployer).setFee(0);
      await c.pay(AMOUNT);
      expect(await c.escrow.withdrawable(c.payee.address)).to.equal(AMOUNT);
      await expect(c.escrow.collectFees()).to.be.revertedWithCustomError(c.escrow, "MarketEscrowNoFees");
    });

    it("lets MARKET_ADMIN redirect the fees to a new treasury; rejects zero and other callers", async function () {
      const c = await load();
      const { deployer, alice } = c.f.accounts;
      await expect(c.escrow.connect(deployer).setTreasury(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowZeroAddress")
        .withArgs("treasury");
      await expect(c.escrow.connect(alice).setTreasury(alice.address))
        .to.be.revertedWithCustomError(c.f.acl, "ACLUnauthorized")
        .withArgs(alice.address, c.escrow.target, PERMISSION.MARKET_ADMIN);
      await expect(c.escrow.connect(deployer).setTreasury(alice.address))
        .to.emit(c.escrow, "TreasuryChanged")
        .withArgs(deployer.address, alice.address);
      expect(await c.escrow.treasury()).to.equal(alice.address);
      await c.pay(AMOUNT);
      await expect(c.escrow.collectFees()).to.changeTokenBalance(c.f.nyn, alice, feeOf(AMOUNT));
    });
  });

  describe("arbitration (MarketEscrow)", function () {
    it("opens a dispute: DisputeOpened, ERC-1497 Dispute and Evidence (only with evidence), a record", async function () {
      const c = await load();
      const tx = await c.openDispute(AMOUNT, "payer", "ipfs://evidence");
      const d = await c.escrow.dispute(1);
      const deadline = BigInt((await tx.getBlock())!.timestamp) + (await c.escrow.ARBITRATION_WINDOW());
      await expect(tx)
        .to.emit(c.escrow, "DisputeOpened")
        .withArgs(1, d.escrowId, c.payer.address, c.payer.address, c.payee.address, AMOUNT, deadline);
      await expect(tx).to.emit(c.escrow, "Dispute").withArgs(c.escrow.target, 1, d.escrowId, 1);
      await expect(tx).to.emit(c.escrow, "Evidence").withArgs(c.escrow.target, 1, c.payer.address, "ipfs://evidence");
      expect([d.payer, d.payee, d.amount, d.status, d.rulingDeadline, d.openedBy]).to.deep.equal([
        c.payer.address,
        c.payee.address,
        AMOUNT,
        DISPUTE_STATUS.Open,
        deadline,
        c.payer.address,
      ]);
      expect(await c.escrow.disputeCount()).to.equal(1n);
      await expect(c.openDispute(AMOUNT, "payee", "")).to.not.emit(c.escrow, "Evidence");
      expect((await c.escrow.dispute(2)).openedBy).to.equal(c.payee.address);
    });

    it("splits the escrow as ruled: payer + payee + fee = the amount; the dispute is Ruled", async function () {
      const c = await load();
      const { arbiter } = c.f.accounts;
      await c.openDispute(AMOUNT, "payer", "");
      const payerPart = (AMOUNT * 3000n) / BPS;
      const fee = feeOf(AMOUNT - payerPart);
      const tx = c.escrow.connect(arbiter).rule(1, 3000);
      await expect(tx).to.emit(c.escrow, "Ruling").withArgs(arbiter.address, 1, 3000);
      await expect(tx)
        .to.emit(c.escrow, "DisputeResolved")
        .withArgs(1, 3000, payerPart, AMOUNT - payerPart - fee, fee, false);
      expect(await c.escrow.withdrawable(c.payer.address)).to.equal(payerPart);
      expect(await c.escrow.withdrawable(c.payee.address)).to.equal(AMOUNT - payerPart - fee);
      expect(await c.escrow.uncollectedFees()).to.equal(fee);
      const d = await c.escrow.dispute(1);
      expect([d.status, d.payerShareBps]).to.deep.equal([DISPUTE_STATUS.Ruled, 3000n]);
    });

    it("counts a win for the side ruled more than half, a loss for the other; an even split neither", async function () {
      const c = await load();
      const { arbiter } = c.f.accounts;
      const counts = async () => {
        const [p, q] = [await c.escrow.reputation(c.payer.address), await c.escrow.reputation(c.payee.address)];
        return [p.disputesWon, p.disputesLost, q.disputesWon, q.disputesLost];
      };
      await c.openDispute(AMOUNT, "payer", "");
      await c.escrow.connect(arbiter).rule(1, 3000);
      expect(await counts()).to.deep.equal([0n, 1n, 1n, 0n]);
      await c.openDispute(AMOUNT, "payee", "");
      await c.escrow.connect(arbiter).rule(2, 5000);
      expect(await counts()).to.deep.equal([0n, 1n, 1n, 0n]);
      await c.openDispute(AMOUNT, "payer", "");
      await c.escrow.connect(arbiter).rule(3, 5001);
      expect(await counts()).to.deep.equal([1n, 1n, 1n, 1n]);
    });

    it("is final: a second ruling reverts with MarketEscrowDisputeNotOpen", async function () {
      const c = await load();
      await c.openDispute(AMOUNT, "payer", "");
      await c.escrow.connect(c.f.accounts.arbiter).rule(1, 10000);
      await expect(c.escrow.connect(c.f.accounts.arbiter).rule(1, 0))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowDisputeNotOpen")
        .withArgs(1, DISPUTE_STATUS.Ruled);
    });

    it("rejects accounts without ARBITER_PERMISSION, rulings above 10,000 and unknown disputes", async function () {
      const c = await load();
      const { arbiter } = c.f.accounts;
      await c.openDispute(AMOUNT, "payer", "");
      await expect(c.escrow.connect(c.payer).rule(1, 10000))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowNotArbitrator")
        .withArgs(c.payer.address, 1);
      await expect(c.escrow.connect(arbiter).rule(1, 10001))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowRulingOutOfRange")
        .withArgs(10001, 10000);
      await expect(c.escrow.connect(arbiter).rule(9, 1))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowUnknownDispute")
        .withArgs(9);
      await expect(c.escrow.dispute(9))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowUnknownDispute")
        .withArgs(9);
    });

    it("accepts a new arbiter that governance grants ARBITER_PERMISSION on this module", async function () {
      const c = await load();
      const { deployer, dave, mallory } = c.f.accounts;
      await c.openDispute(AMOUNT, "payer", "");
      await expect(c.escrow.connect(mallory).rule(1, 0)).to.be.revertedWithCustomError(
        c.escrow,
        "MarketEscrowNotArbitrator",
      );
      await c.f.acl.connect(deployer).grantPermission(mallory.address, c.escrow.target, PERMISSION.ARBITER, NO_EXPIRY);
      await expect(c.escrow.connect(mallory).rule(1, 0)).to.emit(c.escrow, "DisputeResolved");
      // A permission on the sibling module is not one here.
      await c.f.acl.connect(deployer).grantPermission(dave.address, c.sibling.target, PERMISSION.ARBITER, NO_EXPIRY);
      await c.openDispute(AMOUNT, "payer", "");
      await expect(c.escrow.connect(dave).rule(2, 0)).to.be.revertedWithCustomError(
        c.escrow,
        "MarketEscrowNotArbitrator",
      );
    });

    it("closes the ruling window at the deadline; then anyone settles at the module's default share", async function () {
      const c = await load();
      const { arbiter, mallory } = c.f.accounts;
      await c.openDispute(AMOUNT, "payer", "");
      const deadline = (await c.escrow.dispute(1)).rulingDeadline;
      await time.setNextBlockTimestamp(deadline);
      await expect(c.escrow.settleDisputeByDefault(1))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowRulingWindowOpen")
        .withArgs(1, deadline, deadline);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(c.escrow.connect(arbiter).rule(1, 1))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowRulingWindowClosed")
        .withArgs(1, deadline, deadline + 1n);
      const payerPart = (AMOUNT * c.defaultPayerShareBps) / BPS;
      const fee = feeOf(AMOUNT - payerPart);
      await expect(c.escrow.connect(mallory).settleDisputeByDefault(1))
        .to.emit(c.escrow, "DisputeResolved")
        .withArgs(1, c.defaultPayerShareBps, payerPart, AMOUNT - payerPart - fee, fee, true);
      expect(await c.escrow.withdrawable(c.payer.address)).to.equal(payerPart);
      expect(await c.escrow.withdrawable(c.payee.address)).to.equal(AMOUNT - payerPart - fee);
      expect((await c.escrow.dispute(1)).status).to.equal(DISPUTE_STATUS.DefaultSettled);
      await expect(c.escrow.settleDisputeByDefault(1))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowDisputeNotOpen")
        .withArgs(1, DISPUTE_STATUS.DefaultSettled);
    });
  });

  describe("external arbitrator (MarketEscrow, ERC-792)", function () {
    async function plugged(c: MarketEscrowContext) {
      const arb = await new MockArbitrator__factory(c.f.accounts.deployer).deploy(0);
      await expect(c.escrow.connect(c.f.accounts.deployer).setArbitrator(await arb.getAddress()))
        .to.emit(c.escrow, "ArbitratorChanged")
        .withArgs(ethers.ZeroAddress, await arb.getAddress());
      return arb;
    }

    it("submits new disputes to it (local id as extra data) and takes its ruling by its own id", async function () {
      const c = await load();
      const arb = await plugged(c);
      const arbAddress = await arb.getAddress();
      const tx = await c.openDispute(AMOUNT, "payer", "ipfs://e");
      const escrowId = (await c.escrow.dispute(1)).escrowId;
      await expect(tx).to.emit(arb, "DisputeCreation").withArgs(0, c.escrow.target);
      await expect(tx).to.emit(c.escrow, "Dispute").withArgs(arbAddress, 0, escrowId, 1);
      await expect(tx).to.emit(c.escrow, "Evidence").withArgs(arbAddress, 1, c.payer.address, "ipfs://e");
      const kase = await arb.caseOf(0);
      expect([kase.choices, kase.extraData]).to.deep.equal([
        BPS,
        ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [1]),
      ]);
      expect(await c.escrow.localDisputeId(arbAddress, 0)).to.equal(1n);
      expect((await c.escrow.dispute(1)).arbitrator).to.equal(arbAddress);
      await expect(arb.giveRuling(0, 10000)).to.emit(c.escrow, "Ruling").withArgs(arbAddress, 0, 10000);
      expect(await c.escrow.withdrawable(c.payer.address)).to.equal(AMOUNT);
      await expect(arb.giveRuling(0, 0)).to.be.revertedWithCustomError(c.escrow, "MarketEscrowDisputeNotOpen");
    });

    it("still lets an ARBITER_PERMISSION holder rule by the local id; the arbitrator then cannot", async function () {
      const c = await load();
      const arb = await plugged(c);
      await c.openDispute(AMOUNT, "payer", "");
      await c.escrow.connect(c.f.accounts.arbiter).rule(1, 0);
      await expect(arb.giveRuling(0, 10000)).to.be.revertedWithCustomError(c.escrow, "MarketEscrowDisputeNotOpen");
    });

    it("can be unplugged by MARKET_ADMIN only", async function () {
      const c = await load();
      const { deployer, mallory } = c.f.accounts;
      const arb = await plugged(c);
      await expect(c.escrow.connect(mallory).setArbitrator(mallory.address))
        .to.be.revertedWithCustomError(c.f.acl, "ACLUnauthorized")
        .withArgs(mallory.address, c.escrow.target, PERMISSION.MARKET_ADMIN);
      await expect(c.escrow.connect(deployer).setArbitrator(ethers.ZeroAddress))
        .to.emit(c.escrow, "ArbitratorChanged")
        .withArgs(await arb.getAddress(), ethers.ZeroAddress);
      expect(await c.escrow.arbitrator()).to.equal(ethers.ZeroAddress);
    });
  });

  describe("submitEvidence (MarketEscrow, ERC-1497)", function () {
    it("emits Evidence from either party of an open dispute only", async function () {
      const c = await load();
      const { mallory, arbiter } = c.f.accounts;
      await c.openDispute(AMOUNT, "payer", "");
      for (const party of [c.payer, c.payee]) {
        await expect(c.escrow.connect(party).submitEvidence(1, "ipfs://photo"))
          .to.emit(c.escrow, "Evidence")
          .withArgs(c.escrow.target, 1, party.address, "ipfs://photo");
      }
      await expect(c.escrow.connect(mallory).submitEvidence(1, "x"))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowNotParty")
        .withArgs(1, mallory.address);
      await expect(c.escrow.connect(c.payer).submitEvidence(2, "x"))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowUnknownDispute")
        .withArgs(2);
      await c.escrow.connect(arbiter).rule(1, 5000);
      await expect(c.escrow.connect(c.payer).submitEvidence(1, "late"))
        .to.be.revertedWithCustomError(c.escrow, "MarketEscrowDisputeNotOpen")
        .withArgs(1, DISPUTE_STATUS.Ruled);
    });
  });

  describe("reputation (MarketEscrow)", function () {
    it("counts a completed payment for the payee, here and in the sibling module's combined view", async function () {
      const c = await load();
      await c.pay(AMOUNT);
      await c.pay(AMOUNT);
      const local = await c.escrow.localReputation(c.payee.address);
      expect(local[c.completion]).to.equal(2n);
      expect(counters(await c.sibling.localReputation(c.payee.address))).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
      for (const view of [c.escrow, c.sibling]) {
        expect((await view.reputation(c.payee.address))[c.completion]).to.equal(2n);
      }
      expect(counters(await c.escrow.localReputation(c.payer.address))).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
    });

    it("counts disputesOpened for whichever party opens", async function () {
      const c = await load();
      await c.openDispute(AMOUNT, "payer", "");
      await c.openDispute(AMOUNT, "payee", "");
      await c.openDispute(AMOUNT, "payee", "");
      expect((await c.escrow.reputation(c.payer.address)).disputesOpened).to.equal(1n);
      expect((await c.escrow.reputation(c.payee.address)).disputesOpened).to.equal(2n);
      expect((await c.sibling.reputation(c.payee.address)).disputesOpened).to.equal(2n);
    });
  });

  describe("kernel pause mirror (MarketEscrow)", function () {
    it("follows the guardian's pause and unpause: taking NYN in is blocked, then works again", async function () {
      const c = await load();
      const { guardian } = c.f.accounts;
      const module = c.escrow.target as string;
      expect(await mirrorOf(module)).to.equal(1n);
      await c.f.kernel.connect(guardian).pause();
      expect(await mirrorOf(module)).to.equal(2n);
      await expect(c.takePaymentIn()).to.be.revertedWithCustomError(c.f.kernel, "KernelPaused");
      await c.f.kernel.connect(guardian).unpause();
      expect(await mirrorOf(module)).to.equal(1n);
      await expect(c.takePaymentIn()).to.not.be.reverted;
    });

    it("asks the kernel when the mirror is unknown (e.g. after an upgrade from a build without it)", async function () {
      const c = await load();
      const { guardian } = c.f.accounts;
      const module = c.escrow.target as string;
      await c.f.kernel.connect(guardian).pause();
      await setMirror(module, 0n);
      await expect(c.takePaymentIn()).to.be.revertedWithCustomError(c.f.kernel, "KernelPaused");
      await c.f.kernel.connect(guardian).unpause(); // the hook sets the mirror again
      expect(await mirrorOf(module)).to.equal(1n);
      await setMirror(module, 0n);
      await expect(c.takePaymentIn()).to.not.be.reverted;
    });

    it("starts paused when the kernel installs it while paused", async function () {
      const c = await load();
      const { guardian } = c.f.accounts;
      await c.f.kernel.connect(guardian).pause();
      const moduleId = ethers.id(`${c.moduleId}-2`);
      await c.f.kernel.installModule(moduleId, c.implementation, await codeHashOf(c.implementation), c.initData());
      const second = IMarketEscrow__factory.connect(await c.f.kernel.moduleAddress(moduleId), c.payer);
      expect(await mirrorOf(second.target as string)).to.equal(2n);
      await expect(c.takePaymentIn(second)).to.be.revertedWithCustomError(c.f.kernel, "KernelPaused");
      await c.f.kernel.connect(guardian).unpause();
      expect(await mirrorOf(second.target as string)).to.equal(1n);
      await expect(c.takePaymentIn(second)).to.not.be.reverted;
    });
  });
}

// ------------------------------------------------------------------ the two market modules

async function marketplaceContext(): Promise<MarketEscrowContext> {
  const f = await marketFixture();
  const { bob, carol, deployer } = f.accounts;
  const escrow = IMarketEscrow__factory.connect(await f.market.getAddress(), deployer);
  const shipped = async (gross: bigint) => {
    const orderId = await bought(f, await listed(f, gross, 1n));
    await (await f.market.connect(carol).ship(orderId)).wait();
    return orderId;
  };
  return {
    f,
    escrow,
    sibling: IMarketEscrow__factory.connect(await f.jobs.getAddress(), deployer),
    moduleId: MODULE.MARKETPLACE,
    payer: bob,
    payee: carol,
    completion: "completedSales",
    pay: async (gross) => {
      await (await f.market.connect(bob).confirmDelivery(await shipped(gross))).wait();
    },
    openDispute: async (gross, by, evidenceURI) =>
      f.market.connect(by === "payer" ? bob : carol).openDispute(await shipped(gross), evidenceURI),
    defaultPayerShareBps: 5000n,
    takePaymentIn: async (module) => {
      const market = Marketplace__factory.connect((module ?? escrow).target as string, bob);
      const n = (await market.listingCount(carol.address)) + 1n;
      await (await market.connect(carol).createListing(nyn(1), 1, "ipfs://x", 86_400)).wait();
      await (await f.nyn.connect(bob).approve(market.target, ethers.MaxUint256)).wait();
      return market.buy((BigInt(carol.address) << 64n) | n, 1, nyn(1));
    },
    initData: () => f.market.interface.encodeFunctionData("initialize", [f.addresses.nyn, deployer.address, FEE_BPS]),
    implementation: f.addresses.implementations.Marketplace,
  };
}

async function jobBoardContext(): Promise<MarketEscrowContext> {
  const f = await marketFixture();
  const { alice, dave, deployer } = f.accounts;
  const escrow = IMarketEscrow__factory.connect(await f.jobs.getAddress(), deployer);
  const submitted = async (gross: bigint) => {
    const { jobId } = await assigned(f, [gross]);
    await (await f.jobs.connect(dave).submitMilestone(jobId, "ipfs://work", ethers.id("work"))).wait();
    return jobId;
  };
  return {
    f,
    escrow,
    sibling: IMarketEscrow__factory.connect(await f.market.getAddress(), deployer),
    moduleId: MODULE.JOB_BOARD,
    payer: alice,
    payee: dave,
    completion: "completedJobs",
    pay: async (gross) => {
      await (await f.jobs.connect(alice).approveMilestone(await submitted(gross))).wait();
    },
    // The client disputes the submitted milestone; the worker disputes it after the client asked for changes.
    openDispute: async (gross, by, evidenceURI) => {
      const jobId = await submitted(gross);
      if (by === "payer") return f.jobs.connect(alice).openDispute(jobId, evidenceURI);
      await (await f.jobs.connect(alice).requestChanges(jobId, "")).wait();
      return f.jobs.connect(dave).openDispute(jobId, evidenceURI);
    },
    defaultPayerShareBps: 0n, // a submitted milestone settles in the worker's favour
    takePaymentIn: async (module) => {
      const jobs = JobBoard__factory.connect((module ?? escrow).target as string, alice);
      await (await f.nyn.connect(alice).approve(jobs.target, ethers.MaxUint256)).wait();
      return jobs.postJob([nyn(1)], BigInt(await time.latest()) + 30n * 86_400n, "ipfs://x");
    },
    initData: () => f.jobs.interface.encodeFunctionData("initialize", [f.addresses.nyn, deployer.address, FEE_BPS]),
    implementation: f.addresses.implementations.JobBoard,
  };
}

/** The modules that inherit MarketEscrow, with their contexts (run from test/behavior/market.test.ts). */
export const marketEscrowContexts: [string, () => Promise<MarketEscrowContext>][] = [
  ["Marketplace", marketplaceContext],
  ["JobBoard", jobBoardContext],
];
