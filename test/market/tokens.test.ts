import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  DAY,
  DisputeStatus,
  ethers,
  FEE_BPS,
  feeOf,
  idOf,
  JobStatus,
  marketFixture,
  MilestoneStatus,
  now,
  nyn,
  OrderStatus,
  URI,
  WINDOW,
} from "./helpers";
import { PERMISSION } from "../../lib/ids";

/** `n` tUSD in its smallest unit (6 decimals). */
const usd = (n: number | bigint) => BigInt(n) * 10n ** 6n;
const HASH = ethers.id("deliverable v1");

/**
 * Issue 17 part 3: the market with a second payment token. Governance (the deployer is root in the test system)
 * approved the test stablecoin tUSD on both modules; Bob and Alice hold 1,000,000 tUSD each and approved both
 * modules. A fee-on-transfer token (FOT) and a reverting token (REV) are deployed, both approved too, and minted.
 */
async function tokenFixture() {
  const f = await marketFixture();
  const { deployer, alice, bob, carol, dave } = f.accounts;
  const usdToken = await (await ethers.getContractFactory("TestStablecoin")).deploy();
  const fot = await (await ethers.getContractFactory("FeeOnTransferToken")).deploy();
  const rev = await (await ethers.getContractFactory("RevertingToken")).deploy();
  for (const module of [f.market, f.jobs]) {
    for (const t of [usdToken, fot, rev]) await module.connect(deployer).setTokenApproved(t, true);
  }
  for (const who of [alice, bob, carol, dave]) {
    for (const t of [usdToken, fot, rev]) {
      await t.mint(who.address, usd(1_000_000));
      await t.connect(who).approve(await f.market.getAddress(), ethers.MaxUint256);
      await t.connect(who).approve(await f.jobs.getAddress(), ethers.MaxUint256);
    }
  }
  return { ...f, usd: usdToken, fot, rev };
}
type F = Awaited<ReturnType<typeof tokenFixture>>;

/** Carol lists 10 units at `price` of `token`; returns the listing id. */
async function listedIn(f: F, token: { getAddress(): Promise<string> }, price = usd(40)) {
  const { carol } = f.accounts;
  const n = (await f.market.listingCount(carol.address)) + 1n;
  await f.market.connect(carol).createListingInToken(await token.getAddress(), price, 10, URI, WINDOW);
  return idOf(carol.address, n);
}

/** Bob buys one unit of `listingId`; returns the order id. */
async function boughtIn(f: F, listingId: bigint) {
  const { bob } = f.accounts;
  const n = (await f.market.orderCount(bob.address)) + 1n;
  await f.market.connect(bob).buy(listingId, 1, (await f.market.listing(listingId)).pricePerUnit);
  return idOf(bob.address, n);
}

/** Alice posts a job paid in `token` (milestones 300 and 700 tUSD), Dave applied and was assigned. */
async function assignedIn(f: F, token: { getAddress(): Promise<string> }, milestones = [usd(300), usd(700)]) {
  const { alice, dave } = f.accounts;
  await f.jobs.connect(alice).postJobInToken(await token.getAddress(), milestones, (await now()) + 30n * DAY, URI);
  const jobId = await f.jobs.jobCount();
  await f.jobs.connect(dave).applyForJob(jobId, URI);
  await f.jobs.connect(alice).assignWorker(jobId, dave.address);
  return jobId;
}

describe("Market payment tokens (issue 17 part 3)", function () {
  describe("setTokenApproved (governance)", function () {
    it("approves a token under the next id, removes it and gives the same id back on re-approval", async function () {
      const f = await loadFixture(marketFixture);
      const { deployer } = f.accounts;
      const t = await (await ethers.getContractFactory("TestStablecoin")).deploy();
      const addr = await t.getAddress();
      expect(await f.market.tokenCount()).to.equal(0n);
      expect(await f.market.tokenIdOf(addr)).to.equal(0n);
      await expect(f.market.connect(deployer).setTokenApproved(addr, true))
        .to.emit(f.market, "TokenApproved")
        .withArgs(addr, 1n);
      expect(await f.market.tokenCount()).to.equal(1n);
      expect(await f.market.tokenIdOf(addr)).to.equal(1n);
      expect(await f.market.tokenAt(1)).to.deep.equal([addr, true]);
      expect(await f.market.tokenAt(0)).to.deep.equal([f.addresses.nyn, true]);
      // The job board keeps its own list.
      expect(await f.jobs.tokenCount()).to.equal(0n);
      await expect(f.market.connect(deployer).setTokenApproved(addr, false))
        .to.emit(f.market, "TokenRemoved")
        .withArgs(addr, 1n);
      expect(await f.market.tokenAt(1)).to.deep.equal([addr, false]);
      await expect(f.market.connect(deployer).setTokenApproved(addr, true))
        .to.emit(f.market, "TokenApproved")
        .withArgs(addr, 1n);
      expect(await f.market.tokenCount()).to.equal(1n);
    });

    it("is refused to anyone without MARKET_TOKENS_PERMISSION", async function () {
      const f = await loadFixture(marketFixture);
      const { mallory } = f.accounts;
      for (const module of [f.market, f.jobs]) {
        await expect(module.connect(mallory).setTokenApproved(mallory.address, true))
          .to.be.revertedWithCustomError(f.acl, "ACLUnauthorized")
          .withArgs(mallory.address, await module.getAddress(), PERMISSION.MARKET_TOKENS);
      }
    });

    it("refuses NYN, the zero address, approving twice and removing a token not approved", async function () {
      const f = await loadFixture(marketFixture);
      const { deployer, mallory } = f.accounts;
      const m = f.market.connect(deployer);
      await expect(m.setTokenApproved(f.addresses.nyn, false))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowDefaultToken")
        .withArgs(f.addresses.nyn);
      await expect(m.setTokenApproved(ethers.ZeroAddress, true))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowZeroAddress")
        .withArgs("token");
      await expect(m.setTokenApproved(mallory.address, false))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowTokenNotApproved")
        .withArgs(mallory.address);
      await m.setTokenApproved(mallory.address, true);
      await expect(m.setTokenApproved(mallory.address, true))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowTokenAlreadyApproved")
        .withArgs(mallory.address);
    });

    it("holds at most MAX_TOKENS (127) tokens besides NYN", async function () {
      const f = await loadFixture(marketFixture);
      const m = f.market.connect(f.accounts.deployer);
      const max = await f.market.MAX_TOKENS();
      expect(max).to.equal(127n);
      for (let i = 1n; i < max; i++) await m.setTokenApproved(ethers.toBeHex(0x1000n + i, 20), true);
      // The last id is a real token: it must round-trip through the listing's 8 and the order word's 7 bits.
      const last = await (await ethers.getContractFactory("TestStablecoin")).deploy();
      await m.setTokenApproved(last, true);
      expect(await f.market.tokenCount()).to.equal(max);
      expect(await f.market.tokenIdOf(last)).to.equal(max);
      await expect(m.setTokenApproved(ethers.toBeHex(0x9999n, 20), true))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowTooManyTokens")
        .withArgs(max);
      const { bob, carol } = f.accounts;
      await last.mint(bob.address, 1_000n);
      await last.connect(bob).approve(f.market, 1_000n);
      await f.market.connect(carol).createListingInToken(last, 100n, 2, URI, WINDOW);
      const listingId = idOf(carol.address, 1);
      expect(await f.market.listingToken(listingId)).to.equal(await last.getAddress());
      await f.market.connect(bob).buy(listingId, 1, 100n);
      const orderId = idOf(bob.address, 1);
      expect(await f.market.orderToken(orderId)).to.equal(await last.getAddress());
      expect((await f.market.order(orderId)).deliveryWindow).to.equal(WINDOW);
      await f.market.connect(carol).refundOrder(orderId);
      expect(await f.market.withdrawableToken(bob.address, last)).to.equal(100n);
    });
  });

  describe("Marketplace priced in a second token", function () {
    it("lists, sells and pays the seller and the fee in that token, leaving NYN balances alone", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob, carol } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const n = (await f.market.listingCount(carol.address)) + 1n;
      await expect(f.market.connect(carol).createListingInToken(usdAddr, usd(40), 10, URI, WINDOW))
        .to.emit(f.market, "ListingPricedInToken")
        .withArgs(idOf(carol.address, n), usdAddr);
      const listingId = idOf(carol.address, n);
      expect(await f.market.listingToken(listingId)).to.equal(usdAddr);
      const bobBefore = await f.usd.balanceOf(bob.address);
      const nynBefore = await f.nyn.balanceOf(bob.address);
      const orderId = await boughtIn(f, listingId);
      expect(await f.usd.balanceOf(bob.address)).to.equal(bobBefore - usd(40));
      expect(await f.nyn.balanceOf(bob.address)).to.equal(nynBefore);
      expect(await f.market.orderToken(orderId)).to.equal(usdAddr);
      const o = await f.market.order(orderId);
      expect(o.amount).to.equal(usd(40));
      expect(o.deliveryWindow).to.equal(WINDOW); // the token id shares the window's word, not its value
      await f.market.connect(carol).ship(orderId);
      const shippedAt = BigInt(await time.latest());
      expect((await f.market.order(orderId)).deadline).to.equal(shippedAt + WINDOW);
      await f.market.connect(bob).confirmDelivery(orderId);
      const fee = feeOf(usd(40));
      expect(await f.market.withdrawableToken(carol.address, usdAddr)).to.equal(usd(40) - fee);
      expect(await f.market.uncollectedTokenFees(usdAddr)).to.equal(fee);
      expect(await f.market.withdrawable(carol.address)).to.equal(0n);
      expect(await f.market.uncollectedFees()).to.equal(0n);
      expect((await f.market.localReputation(carol.address)).completedSales).to.equal(1n);
      // Per-token pull payments.
      await expect(f.market.connect(carol).withdrawToken(usdAddr, usd(40) - fee))
        .to.emit(f.market, "TokenWithdrawn")
        .withArgs(carol.address, usdAddr, usd(40) - fee)
        .and.to.emit(f.usd, "Transfer");
      expect(await f.market.withdrawableToken(carol.address, usdAddr)).to.equal(0n);
      await expect(f.market.connect(bob).collectTokenFees(usdAddr))
        .to.emit(f.market, "TokenFeesCollected")
        .withArgs(f.roles.root, usdAddr, fee, bob.address);
      expect(await f.usd.balanceOf(f.roles.root)).to.equal(fee);
      expect(await f.usd.balanceOf(await f.market.getAddress())).to.equal(0n);
      await expect(f.market.collectTokenFees(usdAddr)).to.be.revertedWithCustomError(f.market, "MarketEscrowNoFees");
    });

    it("buyWithPermit on a listing in a token without EIP-2612 ignores the permit and uses the allowance", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob } = f.accounts;
      const listingId = await listedIn(f, f.usd);
      const before = await f.usd.balanceOf(bob.address);
      const zero = ethers.ZeroHash;
      await expect(f.market.connect(bob).buyWithPermit(listingId, 1, usd(40), 0, 27, zero, zero)).to.emit(
        f.market,
        "OrderPlaced",
      );
      expect(await f.usd.balanceOf(bob.address)).to.equal(before - usd(40));
      // A settled order's record is gone: its token view says so.
      const orderId = idOf(bob.address, 1);
      await f.market.connect(f.accounts.carol).refundOrder(orderId);
      await expect(f.market.orderToken(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Settled);
      await expect(f.market.orderToken(idOf(bob.address, 9)))
        .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder")
        .withArgs(idOf(bob.address, 9));
      await expect(f.market.listingToken(idOf(bob.address, 1)))
        .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownListing")
        .withArgs(idOf(bob.address, 1));
    });

    it("refunds the buyer in the order's token", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob, carol } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const orderId = await boughtIn(f, await listedIn(f, f.usd));
      await expect(f.market.connect(carol).refundOrder(orderId))
        .to.emit(f.market, "OrderRefunded")
        .withArgs(orderId, usd(40), false);
      expect(await f.market.withdrawableToken(bob.address, usdAddr)).to.equal(usd(40));
      expect(await f.market.withdrawable(bob.address)).to.equal(0n);
    });

    it("refuses a listing in a token that is not approved", async function () {
      const f = await loadFixture(tokenFixture);
      const other = await (await ethers.getContractFactory("TestStablecoin")).deploy();
      await expect(f.market.connect(f.accounts.carol).createListingInToken(other, 1, 1, URI, WINDOW))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowTokenNotApproved")
        .withArgs(await other.getAddress());
    });

    it("createListingInToken with NYN is a plain NYN listing (no token event)", async function () {
      const f = await loadFixture(tokenFixture);
      const { carol } = f.accounts;
      await expect(f.market.connect(carol).createListingInToken(f.addresses.nyn, nyn(1), 1, URI, WINDOW))
        .to.emit(f.market, "ListingCreated")
        .and.not.to.emit(f.market, "ListingPricedInToken");
      expect(await f.market.listingToken(idOf(carol.address, 1))).to.equal(f.addresses.nyn);
    });

    it("withdrawToken and collectTokenFees on NYN are withdraw and collectFees", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob, carol } = f.accounts;
      const n = (await f.market.listingCount(carol.address)) + 1n;
      await f.market.connect(carol).createListing(nyn(100), 1, URI, WINDOW);
      await f.market.connect(bob).buy(idOf(carol.address, n), 1, nyn(100));
      await f.market.connect(bob).confirmDelivery(idOf(bob.address, 1));
      const net = nyn(100) - feeOf(nyn(100));
      expect(await f.market.withdrawableToken(carol.address, f.addresses.nyn)).to.equal(net);
      expect(await f.market.uncollectedTokenFees(f.addresses.nyn)).to.equal(feeOf(nyn(100)));
      await expect(f.market.connect(carol).withdrawToken(f.addresses.nyn, net))
        .to.emit(f.market, "Withdrawn")
        .withArgs(carol.address, net);
      await expect(f.market.collectTokenFees(f.addresses.nyn))
        .to.emit(f.market, "FeesCollected")
        .withArgs(f.roles.root, feeOf(nyn(100)), f.accounts.deployer.address);
    });

    it("has no balance in a token never approved", async function () {
      const f = await loadFixture(tokenFixture);
      const { carol, mallory } = f.accounts;
      await expect(f.market.connect(carol).withdrawToken(mallory.address, 1))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowInsufficientBalance")
        .withArgs(carol.address, 0n, 1n);
      await expect(f.market.collectTokenFees(mallory.address)).to.be.revertedWithCustomError(
        f.market,
        "MarketEscrowNoFees",
      );
      await expect(f.market.connect(carol).withdrawToken(await f.usd.getAddress(), 0)).to.be.revertedWithCustomError(
        f.market,
        "MarketEscrowZeroAmount",
      );
    });

    it("settles a dispute over an order in that token, in that token", async function () {
      const f = await loadFixture(tokenFixture);
      const { arbiter, bob, carol } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const orderId = await boughtIn(f, await listedIn(f, f.usd));
      await f.market.connect(carol).ship(orderId);
      await f.market.connect(bob).openDispute(orderId, URI);
      const d = await f.market.dispute(1);
      expect(d.tokenId).to.equal(await f.market.tokenIdOf(usdAddr));
      await f.market.connect(arbiter).rule(1, 3000);
      const toBob = (usd(40) * 3000n) / 10_000n;
      const fee = feeOf(usd(40) - toBob);
      expect(await f.market.withdrawableToken(bob.address, usdAddr)).to.equal(toBob);
      expect(await f.market.withdrawableToken(carol.address, usdAddr)).to.equal(usd(40) - toBob - fee);
      expect(await f.market.uncollectedTokenFees(usdAddr)).to.equal(fee);
      expect(await f.market.uncollectedFees()).to.equal(0n);
      expect((await f.market.order(orderId)).status).to.equal(OrderStatus.Settled);
    });
  });

  describe("a removed token", function () {
    it("sells nothing new, but its open order, its dispute, balances and fees all settle", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob, carol, deployer } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const listingId = await listedIn(f, f.usd);
      const order1 = await boughtIn(f, listingId);
      const order2 = await boughtIn(f, listingId);
      await f.market.connect(carol).ship(order2);
      await f.market.connect(bob).openDispute(order2, "");
      await f.market.connect(deployer).setTokenApproved(usdAddr, false);
      await expect(f.market.connect(bob).buy(listingId, 1, usd(40)))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowTokenNotApproved")
        .withArgs(usdAddr);
      await expect(f.market.connect(carol).createListingInToken(usdAddr, 1, 1, URI, WINDOW))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowTokenNotApproved")
        .withArgs(usdAddr);
      // The open order completes after its window, the dispute settles by default, all in tUSD.
      await time.increase(WINDOW + 1n);
      await f.market.settle(order1); // never shipped: refunded
      expect(await f.market.withdrawableToken(bob.address, usdAddr)).to.equal(usd(40));
      await time.increase(30n * DAY);
      await f.market.settleDisputeByDefault(1);
      expect((await f.market.dispute(1)).status).to.equal(DisputeStatus.DefaultSettled);
      const half = usd(20);
      expect(await f.market.withdrawableToken(bob.address, usdAddr)).to.equal(usd(40) + half);
      expect(await f.market.withdrawableToken(carol.address, usdAddr)).to.equal(half - feeOf(half));
      await f.market.connect(bob).withdrawToken(usdAddr, usd(60));
      await f.market.connect(carol).withdrawToken(usdAddr, half - feeOf(half));
      await f.market.collectTokenFees(usdAddr);
      expect(await f.usd.balanceOf(await f.market.getAddress())).to.equal(0n);
    });

    it("a removed job token: the job's milestones are still paid and the rest refunded", async function () {
      const f = await loadFixture(tokenFixture);
      const { alice, dave, deployer } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const jobId = await assignedIn(f, f.usd);
      await f.jobs.connect(deployer).setTokenApproved(usdAddr, false);
      await expect(f.jobs.connect(alice).postJobInToken(usdAddr, [1], (await now()) + DAY, URI))
        .to.be.revertedWithCustomError(f.jobs, "MarketEscrowTokenNotApproved")
        .withArgs(usdAddr);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).approveMilestone(jobId);
      await f.jobs.connect(dave).cancelJob(jobId); // the worker walks away: the client gets the rest back
      expect(await f.jobs.withdrawableToken(dave.address, usdAddr)).to.equal(usd(300) - feeOf(usd(300)));
      expect(await f.jobs.withdrawableToken(alice.address, usdAddr)).to.equal(usd(700));
      expect(await f.jobs.uncollectedTokenFees(usdAddr)).to.equal(feeOf(usd(300)));
    });
  });

  describe("JobBoard paid in a second token", function () {
    it("escrows the budget in the token and pays milestones, fees and refunds in it", async function () {
      const f = await loadFixture(tokenFixture);
      const { alice, dave } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const deadline = (await now()) + 30n * DAY;
      const before = await f.usd.balanceOf(alice.address);
      const nynBefore = await f.nyn.balanceOf(alice.address);
      await expect(f.jobs.connect(alice).postJobInToken(usdAddr, [usd(300), usd(700)], deadline, URI))
        .to.emit(f.jobs, "JobPricedInToken")
        .withArgs(1n, usdAddr);
      expect(await f.usd.balanceOf(alice.address)).to.equal(before - usd(1000));
      expect(await f.nyn.balanceOf(alice.address)).to.equal(nynBefore);
      const job = await f.jobs.job(1);
      expect(job.tokenId).to.equal(await f.jobs.tokenIdOf(usdAddr));
      expect(job.escrowed).to.equal(usd(1000));
      expect(job.feeBps).to.equal(FEE_BPS);
      await f.jobs.connect(dave).applyForJob(1, URI);
      await f.jobs.connect(alice).assignWorker(1, dave.address);
      await f.jobs.connect(dave).submitMilestone(1, URI, HASH);
      await f.jobs.connect(alice).approveMilestone(1);
      await f.jobs.connect(dave).submitMilestone(1, URI, HASH);
      await f.jobs.connect(alice).approveMilestone(1);
      expect((await f.jobs.job(1)).status).to.equal(JobStatus.Completed);
      expect(await f.jobs.withdrawableToken(dave.address, usdAddr)).to.equal(usd(1000) - feeOf(usd(1000)));
      expect(await f.jobs.uncollectedTokenFees(usdAddr)).to.equal(feeOf(usd(1000)));
      expect(await f.jobs.withdrawable(dave.address)).to.equal(0n);
      expect((await f.jobs.localReputation(dave.address)).completedJobs).to.equal(1n);
    });

    it("settles a milestone dispute in the job's token", async function () {
      const f = await loadFixture(tokenFixture);
      const { alice, arbiter, dave } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const jobId = await assignedIn(f, f.usd);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).openDispute(jobId, URI);
      await f.jobs.connect(arbiter).rule(1, 10_000);
      expect(await f.jobs.withdrawableToken(alice.address, usdAddr)).to.equal(usd(300));
      expect((await f.jobs.milestone(jobId, 0)).status).to.equal(MilestoneStatus.Resolved);
      expect((await f.jobs.job(jobId)).escrowed).to.equal(usd(700));
    });

    it("postJobInToken with NYN is a plain NYN job", async function () {
      const f = await loadFixture(tokenFixture);
      const { alice } = f.accounts;
      await expect(f.jobs.connect(alice).postJobInToken(f.addresses.nyn, [nyn(5)], (await now()) + DAY, URI))
        .to.emit(f.jobs, "JobPosted")
        .and.not.to.emit(f.jobs, "JobPricedInToken");
      expect((await f.jobs.job(1)).tokenId).to.equal(0n);
    });
  });

  describe("attacks", function () {
    it("refuses a fee-on-transfer token at deposit (balance-delta check), buying and posting alike", async function () {
      const f = await loadFixture(tokenFixture);
      const { alice, bob } = f.accounts;
      const fotAddr = await f.fot.getAddress();
      const listingId = await listedIn(f, f.fot, 10_000n);
      await expect(f.market.connect(bob).buy(listingId, 1, 10_000n))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowFeeOnTransfer")
        .withArgs(fotAddr, 10_000n, 9_900n);
      await expect(f.jobs.connect(alice).postJobInToken(fotAddr, [10_000n], (await now()) + DAY, URI))
        .to.be.revertedWithCustomError(f.jobs, "MarketEscrowFeeOnTransfer")
        .withArgs(fotAddr, 10_000n, 9_900n);
      expect(await f.fot.balanceOf(await f.market.getAddress())).to.equal(0n);
      expect(await f.market.orderCount(bob.address)).to.equal(0n);
      expect(await f.jobs.jobCount()).to.equal(0n);
    });

    it("a token that reverts on transfer hurts only its own payments", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob, carol } = f.accounts;
      const revAddr = await f.rev.getAddress();
      const orderId = await boughtIn(f, await listedIn(f, f.rev));
      await f.market.connect(bob).confirmDelivery(orderId);
      const net = usd(40) - feeOf(usd(40));
      // A NYN sale next to it.
      await f.market.connect(carol).createListing(nyn(10), 1, URI, WINDOW);
      const nynListing = idOf(carol.address, await f.market.listingCount(carol.address));
      await f.market.connect(bob).buy(nynListing, 1, nyn(10));
      await f.rev.setFrozen(true);
      await expect(f.market.connect(carol).withdrawToken(revAddr, net)).to.be.revertedWithCustomError(
        f.rev,
        "RevertingTokenFrozen",
      );
      await expect(f.market.collectTokenFees(revAddr)).to.be.revertedWithCustomError(f.rev, "RevertingTokenFrozen");
      await expect(f.market.connect(bob).buy(await listedIn(f, f.rev), 1, usd(40))).to.be.revertedWithCustomError(
        f.rev,
        "RevertingTokenFrozen",
      );
      // Nothing moved in the failed calls; NYN trades and withdrawals go on.
      expect(await f.market.withdrawableToken(carol.address, revAddr)).to.equal(net);
      await f.market.connect(bob).confirmDelivery(idOf(bob.address, 2));
      await f.market.connect(carol).withdraw(nyn(10) - feeOf(nyn(10)));
      await f.market.collectFees();
      // Unfrozen, the balance is still there to withdraw.
      await f.rev.setFrozen(false);
      await f.market.connect(carol).withdrawToken(revAddr, net);
      await f.market.collectTokenFees(revAddr);
      expect(await f.rev.balanceOf(await f.market.getAddress())).to.equal(0n);
    });
  });

  describe("conservation per token", function () {
    it("each token's module balance = its open escrows + balances + fees, after a mixed run", async function () {
      const f = await loadFixture(tokenFixture);
      const { bob, carol } = f.accounts;
      const usdAddr = await f.usd.getAddress();
      const marketAddr = await f.market.getAddress();
      const open1 = await boughtIn(f, await listedIn(f, f.usd, usd(7)));
      const done = await boughtIn(f, await listedIn(f, f.usd, usd(11)));
      await f.market.connect(bob).confirmDelivery(done);
      await f.market.connect(carol).createListing(nyn(3), 5, URI, WINDOW);
      await f.market.connect(bob).buy(idOf(carol.address, await f.market.listingCount(carol.address)), 2, nyn(3));
      await f.market.connect(bob).confirmDelivery(idOf(bob.address, await f.market.orderCount(bob.address)));
      const escrowedUsd = (await f.market.order(open1)).amount;
      const usdHeld =
        escrowedUsd +
        (await f.market.withdrawableToken(carol.address, usdAddr)) +
        (await f.market.withdrawableToken(bob.address, usdAddr)) +
        (await f.market.uncollectedTokenFees(usdAddr));
      expect(await f.usd.balanceOf(marketAddr)).to.equal(usdHeld);
      expect(await f.usd.balanceOf(marketAddr)).to.equal(usd(18)); // 7 + 11 paid in, nothing withdrawn yet
      const nynHeld =
        (await f.market.withdrawable(carol.address)) +
        (await f.market.withdrawable(bob.address)) +
        (await f.market.uncollectedFees());
      expect(await f.nyn.balanceOf(marketAddr)).to.equal(nynHeld);
    });
  });
});
