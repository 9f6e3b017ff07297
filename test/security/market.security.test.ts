import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  assigned,
  DAY,
  ethers,
  feeOf,
  idOf,
  JobStatus,
  listed,
  marketFixture,
  nyn,
  OrderStatus,
  posted,
  shippedOrder,
  URI,
  WINDOW,
} from "../market/helpers";
import { PERMISSION } from "../../lib/ids";
import type { Interface } from "ethers";
import {
  HookToken__factory,
  JobBoard__factory,
  MarketAttacker__factory,
  Marketplace__factory,
  Marketplace,
  JobBoard,
  HookToken,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const NEVER = (1n << 64n) - 1n;
const REENTRANT = Marketplace__factory.createInterface().getError("ReentrancyGuardReentrantCall")!.selector;

/**
 * A second Marketplace and JobBoard installed by the kernel (same implementations), paying in {HookToken}, whose
 * transfers call back registered receivers: the only way to re-enter a market payout (NYN has no hooks). The
 * attacker contract is a seller, a buyer and a worker there, and holds ARBITER_PERMISSION so it can try `rule`.
 */
async function hookedFixture() {
  const f = await marketFixture();
  const { deployer, bob, carol, alice } = f.accounts;
  const token = await new HookToken__factory(deployer).deploy();
  const install = async (name: string, impl: string, iface: typeof Marketplace__factory | typeof JobBoard__factory) => {
    const data = iface
      .createInterface()
      .encodeFunctionData("initialize", [await token.getAddress(), deployer.address, 250]);
    const moduleId = ethers.id(name);
    await f.kernel.installModule(moduleId, impl, await codeHashOf(impl), data);
    const address = await f.kernel.moduleAddress(moduleId);
    await f.acl.createPermission(f.accounts.arbiter.address, address, PERMISSION.ARBITER, deployer.address);
    return address;
  };
  const market = Marketplace__factory.connect(
    await install("test.marketplace.hook", f.addresses.implementations.Marketplace, Marketplace__factory),
    deployer,
  );
  const jobs = JobBoard__factory.connect(
    await install("test.job-board.hook", f.addresses.implementations.JobBoard, JobBoard__factory),
    deployer,
  );
  const attacker = await new MarketAttacker__factory(deployer).deploy();
  const a = await attacker.getAddress();
  for (const where of [market, jobs]) {
    await f.acl.grantPermission(a, await where.getAddress(), PERMISSION.ARBITER, NEVER);
  }
  for (const who of [bob, carol, alice]) {
    await token.mint(who.address, nyn(10_000));
    await token.connect(who).approve(await market.getAddress(), ethers.MaxUint256);
    await token.connect(who).approve(await jobs.getAddress(), ethers.MaxUint256);
  }
  await token.mint(a, nyn(10_000));
  const call = (target: Marketplace | JobBoard | HookToken, fn: string, args: unknown[]) =>
    attacker.execute(target.target as string, (target.interface as Interface).encodeFunctionData(fn, args));
  await call(token, "approve", [await market.getAddress(), ethers.MaxUint256]);
  await call(token, "approve", [await jobs.getAddress(), ethers.MaxUint256]);
  await call(token, "setHooked", [true]);
  return { ...f, token, hooked: { market, jobs }, attacker, a, call };
}

/** NYN-like conservation on a hooked module: held = Σ open escrows + Σ withdrawable + uncollected fees. */
async function conserved(token: HookToken, market: Marketplace, orders: bigint[], accounts: string[]) {
  let sum = await market.uncollectedFees();
  for (const o of orders) sum += (await market.order(o)).amount;
  for (const a of accounts) sum += await market.withdrawable(a);
  expect(await token.balanceOf(await market.getAddress())).to.equal(sum);
}

describe("Market security (SECURITY.md E1–E8)", function () {
  it("E1 escrow-reentrancy: a receiver re-entering withdraw, release, refund or resolve from a payout gets one payout", async function () {
    const f = await loadFixture(hookedFixture);
    const { bob, carol, arbiter } = f.accounts;
    const m = f.hooked.market;
    // The attacker sells to Bob (three orders) and buys from Carol (one order).
    await f.call(m, "createListing", [nyn(100), 10, URI, WINDOW]);
    const attackerListing = idOf(f.a, 1);
    for (let i = 0; i < 3; i++) await m.connect(bob).buy(attackerListing, 1, nyn(100));
    const [o1, o2, o3] = [1, 2, 3].map((n) => idOf(bob.address, n));
    await m.connect(carol).createListing(nyn(50), 10, URI, WINDOW);
    await f.call(m, "buy", [idOf(carol.address, 1), 1, nyn(50)]);
    const bought = idOf(f.a, 1);
    await f.call(m, "ship", [o1]);
    await f.call(m, "ship", [o2]);
    await m.connect(bob).confirmDelivery(o1); // the attacker is owed 97.5
    await m.connect(bob).openDispute(o2, "");
    const owed = await m.withdrawable(f.a);
    expect(owed).to.equal(nyn(100) - feeOf(nyn(100)));

    // Each withdrawal of 10 re-enters one escrow operation from the token hook.
    const reentries: [string, unknown[]][] = [
      ["withdraw", [nyn(10)]],
      ["confirmDelivery", [bought]], // release
      ["refundOrder", [o3]], // refund
      ["rule", [1, 0]], // resolve
      ["settle", [o3]],
      ["collectFees", []],
    ];
    let received = 0n;
    for (const [fn, args] of reentries) {
      await f.attacker.setReentry(await m.getAddress(), (m.interface as Interface).encodeFunctionData(fn, args));
      const before = await f.token.balanceOf(f.a);
      await f.call(m, "withdraw", [nyn(10)]);
      received += (await f.token.balanceOf(f.a)) - before;
      expect(await f.attacker.lastRevert(), fn).to.equal(REENTRANT);
    }
    expect(await f.attacker.attempts()).to.equal(BigInt(reentries.length));
    expect(await f.attacker.successes()).to.equal(0n);
    expect(received).to.equal(nyn(60));
    expect(await m.withdrawable(f.a)).to.equal(owed - nyn(60));
    // Nothing moved underneath: the re-entered escrows are as they were, and settle once afterwards.
    expect((await m.order(bought)).status).to.equal(OrderStatus.Paid);
    expect((await m.order(o3)).status).to.equal(OrderStatus.Paid);
    expect((await m.dispute(1)).status).to.equal(1n);
    await f.attacker.setReentry(ethers.ZeroAddress, "0x");
    await m.connect(arbiter).rule(1, 0);
    await f.call(m, "refundOrder", [o3]);
    await conserved(f.token, m, [o1, o2, o3, bought], [f.a, bob.address, carol.address]);

    // The job board's payouts are guarded the same way.
    const j = f.hooked.jobs;
    await j.connect(bob).postJob([nyn(40)], (await time.latest()) + 10 * 86400, URI);
    await f.call(j, "applyForJob", [1, URI]);
    await j.connect(bob).assignWorker(1, f.a);
    await f.call(j, "submitMilestone", [1, URI, ethers.id("x")]);
    await j.connect(bob).approveMilestone(1);
    await f.attacker.setReentry(await j.getAddress(), j.interface.encodeFunctionData("withdraw", [nyn(1)]));
    const before = await f.token.balanceOf(f.a);
    await f.call(j, "withdraw", [nyn(39)]);
    expect((await f.token.balanceOf(f.a)) - before).to.equal(nyn(39));
    expect(await f.attacker.lastRevert()).to.equal(REENTRANT);
    expect(await j.withdrawable(f.a)).to.equal(nyn(40) - feeOf(nyn(40)) - nyn(39));
  });

  it("E2 zero-qty-price: a quantity or price of 0 reverts everywhere", async function () {
    const f = await loadFixture(marketFixture);
    const { bob, carol, alice } = f.accounts;
    await expect(f.market.connect(carol).createListing(0, 1, URI, WINDOW)).to.be.revertedWithCustomError(
      f.market,
      "MarketplaceZeroPrice",
    );
    await expect(f.market.connect(carol).createListing(1, 0, URI, WINDOW)).to.be.revertedWithCustomError(
      f.market,
      "MarketplaceZeroQuantity",
    );
    const id = await listed(f);
    await expect(f.market.connect(bob).buy(id, 0, nyn(100))).to.be.revertedWithCustomError(
      f.market,
      "MarketplaceZeroQuantity",
    );
    await expect(f.market.connect(carol).updatePrice(id, 0)).to.be.revertedWithCustomError(
      f.market,
      "MarketplaceZeroPrice",
    );
    await expect(f.market.connect(carol).updateQuantity(id, 0)).to.be.revertedWithCustomError(
      f.market,
      "MarketplaceZeroQuantity",
    );
    await expect(f.jobs.connect(alice).postJob([nyn(1), 0n], (await time.latest()) + 86400, URI))
      .to.be.revertedWithCustomError(f.jobs, "JobBoardZeroMilestone")
      .withArgs(1);
    await expect(f.market.connect(carol).withdraw(0)).to.be.revertedWithCustomError(f.market, "MarketEscrowZeroAmount");
    expect(await f.market.orderCount(bob.address)).to.equal(0n);
  });

  it("E3 price-frontrun: the seller's price rise mined before a pending buy makes it revert on maxPrice", async function () {
    const f = await loadFixture(marketFixture);
    const { bob, carol } = f.accounts;
    const id = await listed(f);
    const before = await f.nyn.balanceOf(bob.address);
    await hre.network.provider.send("evm_setAutomine", [false]);
    try {
      const fees = { maxFeePerGas: ethers.parseUnits("100", "gwei"), gasLimit: 300_000 };
      const buy = await f.market
        .connect(bob)
        .buy(id, 2, nyn(100), { ...fees, maxPriorityFeePerGas: ethers.parseUnits("1", "gwei") });
      const raise = await f.market
        .connect(carol)
        .updatePrice(id, nyn(200), { ...fees, maxPriorityFeePerGas: ethers.parseUnits("50", "gwei") });
      await mine();
      const [rb, rr] = [
        await ethers.provider.getTransactionReceipt(buy.hash),
        await ethers.provider.getTransactionReceipt(raise.hash),
      ];
      expect(rr!.status).to.equal(1);
      expect(rb!.status).to.equal(0);
      expect(rr!.index).to.be.lessThan(rb!.index);
    } finally {
      await hre.network.provider.send("evm_setAutomine", [true]);
    }
    await expect(f.market.connect(bob).buy(id, 2, nyn(100)))
      .to.be.revertedWithCustomError(f.market, "MarketplacePriceAboveMax")
      .withArgs(id, nyn(200), nyn(100));
    expect(await f.market.orderCount(bob.address)).to.equal(0n);
    expect((await f.market.listing(id)).quantity).to.equal(10n);
    expect(before - (await f.nyn.balanceOf(bob.address))).to.be.lessThan(nyn(1)); // gas is paid in ETH, no NYN left
  });

  it("E4 refund-dos: a party that cannot receive does not block the ruling, the counterparty or the treasury", async function () {
    const f = await loadFixture(hookedFixture);
    const { carol, arbiter, deployer, bob } = f.accounts;
    const m = f.hooked.market;
    await m.connect(carol).createListing(nyn(100), 5, URI, WINDOW);
    await f.call(m, "buy", [idOf(carol.address, 1), 1, nyn(100)]);
    const orderId = idOf(f.a, 1);
    await m.connect(carol).ship(orderId);
    await f.call(m, "openDispute", [orderId, ""]);
    await f.attacker.setRefuse(true); // the buyer now reverts on every receipt
    await m.connect(arbiter).rule(1, 4000); // no transfer happens in a ruling
    await expect(f.call(m, "withdraw", [nyn(40)]))
      .to.be.revertedWithCustomError(f.attacker, "MarketAttackerRefused")
      .withArgs(nyn(40));
    const fee = feeOf(nyn(60));
    await expect(m.connect(carol).withdraw(nyn(60) - fee)).to.changeTokenBalance(f.token, carol, nyn(60) - fee);
    await expect(m.collectFees()).to.changeTokenBalance(f.token, deployer, fee);
    expect(await m.withdrawable(f.a)).to.equal(nyn(40)); // still owed, still claimable once it accepts
    await f.attacker.setRefuse(false);
    await f.call(m, "withdraw", [nyn(40)]);
    expect(await m.withdrawable(f.a)).to.equal(0n);

    // Job board: a refusing client's refund is credited; the worker is paid regardless.
    const j = f.hooked.jobs;
    await f.call(j, "postJob", [[nyn(30), nyn(20)], (await time.latest()) + 10 * 86400, URI]);
    await j.connect(bob).applyForJob(1, URI);
    await f.call(j, "assignWorker", [1, bob.address]);
    await j.connect(bob).submitMilestone(1, URI, ethers.id("w"));
    await f.call(j, "approveMilestone", [1]);
    await f.attacker.setRefuse(true);
    await j.connect(bob).cancelJob(1);
    expect(await j.withdrawable(f.a)).to.equal(nyn(20));
    await expect(j.connect(bob).withdraw(nyn(30) - feeOf(nyn(30)))).to.changeTokenBalance(
      f.token,
      bob,
      nyn(30) - feeOf(nyn(30)),
    );
  });

  it("E5 dispute-abuse: non-arbiter, second ruling, dispute after release, ruling racing the timeout: one outcome, shares sum to the deposit", async function () {
    const f = await loadFixture(marketFixture);
    const { arbiter, bob, carol, mallory } = f.accounts;
    // Non-arbiter and double ruling.
    const { orderId: a } = await shippedOrder(f);
    await f.market.connect(bob).openDispute(a, "");
    await expect(f.market.connect(mallory).rule(1, 10000))
      .to.be.revertedWithCustomError(f.market, "MarketEscrowNotArbitrator")
      .withArgs(mallory.address, 1);
    await expect(f.market.connect(carol).rule(1, 0)).to.be.revertedWithCustomError(
      f.market,
      "MarketEscrowNotArbitrator",
    );
    await f.market.connect(arbiter).rule(1, 2500);
    await expect(f.market.connect(arbiter).rule(1, 10000)).to.be.revertedWithCustomError(
      f.market,
      "MarketEscrowDisputeNotOpen",
    );
    const fee = feeOf(nyn(75));
    expect(await f.market.withdrawable(bob.address)).to.equal(nyn(25));
    expect(await f.market.withdrawable(carol.address)).to.equal(nyn(75) - fee);
    expect(
      (await f.market.withdrawable(bob.address)) +
        (await f.market.withdrawable(carol.address)) +
        (await f.market.uncollectedFees()),
    ).to.equal(nyn(100));

    // Dispute after release.
    const { orderId: b } = await shippedOrder(f);
    await f.market.connect(bob).confirmDelivery(b);
    await expect(f.market.connect(bob).openDispute(b, ""))
      .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
      .withArgs(b, OrderStatus.Settled);

    // Dispute racing the order's own timeout: opened at the last second, the settlement then reverts.
    const { orderId: c } = await shippedOrder(f);
    const deadline = (await f.market.order(c)).deadline;
    await time.setNextBlockTimestamp(deadline);
    await f.market.connect(carol).openDispute(c, "");
    await expect(f.market.settle(c))
      .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
      .withArgs(c, OrderStatus.Disputed);

    // Ruling racing the ruling timeout: at the deadline only the ruling is possible; after it only the default.
    const rulingDeadline = (await f.market.dispute(2)).rulingDeadline;
    await time.setNextBlockTimestamp(rulingDeadline + 1n);
    await expect(f.market.connect(arbiter).rule(2, 10000)).to.be.revertedWithCustomError(
      f.market,
      "MarketEscrowRulingWindowClosed",
    );
    await f.market.settleDisputeByDefault(2);
    await expect(f.market.connect(arbiter).rule(2, 10000)).to.be.revertedWithCustomError(
      f.market,
      "MarketEscrowDisputeNotOpen",
    );
    await expect(f.market.settleDisputeByDefault(2)).to.be.revertedWithCustomError(
      f.market,
      "MarketEscrowDisputeNotOpen",
    );
    expect((await f.market.order(c)).status).to.equal(OrderStatus.Settled);
    const { orderId: d } = await shippedOrder(f);
    await f.market.connect(bob).openDispute(d, "");
    await time.setNextBlockTimestamp((await f.market.dispute(3)).rulingDeadline);
    await f.market.connect(arbiter).rule(3, 10000);
    await expect(f.market.settleDisputeByDefault(3)).to.be.revertedWithCustomError(
      f.market,
      "MarketEscrowDisputeNotOpen",
    );
  });

  it("E6 abandoned-counterparty: every silent party's counterpart recovers the funds after the deadline", async function () {
    const f = await loadFixture(marketFixture);
    const { alice, bob, carol, dave, mallory } = f.accounts;
    // Seller never ships: the buyer gets the money back.
    const unshipped = await listed(f);
    const paid = idOf(bob.address, (await f.market.orderCount(bob.address)) + 1n);
    await f.market.connect(bob).buy(unshipped, 1, nyn(100));
    // Buyer never confirms: the seller gets paid.
    const { orderId: silentBuyer } = await shippedOrder(f);
    // Client never reviews: the worker gets paid. Worker never delivers: the client gets the rest.
    const { jobId: review } = await assigned(f, [nyn(100)]);
    await f.jobs.connect(dave).submitMilestone(review, URI, ethers.id("w"));
    const { jobId: ghost } = await assigned(f, [nyn(100), nyn(50)]);
    // Arbiter never rules: the default split.
    const { orderId: disputed } = await shippedOrder(f);
    await f.market.connect(bob).openDispute(disputed, "");

    await time.increase(31n * DAY);
    await f.market.connect(mallory).settle(paid);
    await f.market.connect(mallory).settle(silentBuyer);
    await f.jobs.connect(mallory).claimMilestone(review);
    await f.jobs.connect(mallory).reclaimExpired(ghost);
    await f.market.connect(mallory).settleDisputeByDefault(1);

    expect(await f.market.withdrawable(bob.address)).to.equal(nyn(100) + nyn(50));
    expect(await f.market.withdrawable(carol.address)).to.equal(nyn(100) - feeOf(nyn(100)) + nyn(50) - feeOf(nyn(50)));
    expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(100) - feeOf(nyn(100)));
    expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(150));
    for (const [module, who] of [
      [f.market, bob],
      [f.market, carol],
      [f.jobs, dave],
      [f.jobs, alice],
    ] as const) {
      await module.connect(who).withdraw(await module.withdrawable(who.address));
    }
    await f.market.collectFees();
    await f.jobs.collectFees();
    expect(await f.nyn.balanceOf(await f.market.getAddress())).to.equal(0n);
    expect(await f.nyn.balanceOf(await f.jobs.getAddress())).to.equal(0n);
  });

  it("E7 double-claim: a second worker cannot take or work an assigned job; work after cancel and a second claim revert", async function () {
    const f = await loadFixture(marketFixture);
    const { alice, carol, dave } = f.accounts;
    const { jobId } = await posted(f, [nyn(100), nyn(100)]);
    await f.jobs.connect(dave).applyForJob(jobId, URI);
    await f.jobs.connect(carol).applyForJob(jobId, URI);
    await f.jobs.connect(alice).assignWorker(jobId, dave.address);
    await expect(f.jobs.connect(alice).assignWorker(jobId, carol.address)).to.be.revertedWithCustomError(
      f.jobs,
      "JobBoardInvalidJobStatus",
    );
    await expect(f.jobs.connect(carol).submitMilestone(jobId, URI, ethers.id("c")))
      .to.be.revertedWithCustomError(f.jobs, "JobBoardNotWorker")
      .withArgs(jobId, carol.address, dave.address);
    await f.jobs.connect(dave).submitMilestone(jobId, URI, ethers.id("d"));
    await time.increase(7n * DAY + 1n);
    await f.jobs.connect(carol).claimMilestone(jobId); // pays Dave, not the caller
    await expect(f.jobs.connect(carol).claimMilestone(jobId)).to.be.revertedWithCustomError(
      f.jobs,
      "JobBoardInvalidMilestoneStatus",
    );
    expect(await f.jobs.withdrawable(carol.address)).to.equal(0n);
    await f.jobs.connect(dave).cancelJob(jobId);
    await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, ethers.id("late")))
      .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
      .withArgs(jobId, 4);
    expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(100) - feeOf(nyn(100)));
    expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(100));
  });

  it("E8 over-fee: a fee above the 10 % cap reverts with the values; only governance sets fees", async function () {
    const f = await loadFixture(marketFixture);
    const { deployer, mallory } = f.accounts;
    for (const module of [f.market, f.jobs]) {
      await expect(module.connect(deployer).setFee(1001))
        .to.be.revertedWithCustomError(module, "MarketEscrowFeeTooHigh")
        .withArgs(1001, 1000);
      await expect(module.connect(deployer).setFee(ethers.MaxUint256))
        .to.be.revertedWithCustomError(module, "MarketEscrowFeeTooHigh")
        .withArgs(ethers.MaxUint256, 1000);
      await expect(module.connect(mallory).setFee(100))
        .to.be.revertedWithCustomError(f.acl, "ACLUnauthorized")
        .withArgs(mallory.address, await module.getAddress(), PERMISSION.MARKET_ADMIN);
      expect(await module.feeBps()).to.equal(250n);
      await module.connect(deployer).setFee(1000);
      expect(await module.feeBps()).to.equal(1000n);
    }
  });
});

describe("Market security (ATTACKS.md R5–R6)", function () {
  it("R5 reclaim-after-changes: changes requested after the deadline on work submitted in time, then reclaim → refused; the worker resubmits or disputes", async function () {
    const f = await loadFixture(marketFixture);
    const { alice, dave, mallory } = f.accounts;
    // Dave submits the 1,000 NYN milestone a day before the deadline; a second after it, Alice sends it back.
    const { jobId, deadline } = await assigned(f, [nyn(1000)]);
    await time.setNextBlockTimestamp(deadline - DAY);
    await f.jobs.connect(dave).submitMilestone(jobId, URI, ethers.id("v1"));
    await time.setNextBlockTimestamp(deadline + 1n);
    await f.jobs.connect(alice).requestChanges(jobId, URI);
    await expect(f.jobs.connect(mallory).reclaimExpired(jobId)).to.be.reverted;
    // Dave resubmits after the deadline; Alice reviews (or stays silent and Dave claims): Dave is paid.
    await f.jobs.connect(dave).submitMilestone(jobId, URI, ethers.id("v2"));
    await f.jobs.connect(alice).approveMilestone(jobId);
    expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(1000) - feeOf(nyn(1000)));
    expect(await f.jobs.withdrawable(alice.address)).to.equal(0n);

    // The same in one block: the change request and the reclaim mined together, no moment for the worker.
    const { jobId: second, deadline: secondDeadline } = await assigned(f, [nyn(1000)]);
    await time.setNextBlockTimestamp(secondDeadline - DAY);
    await f.jobs.connect(dave).submitMilestone(second, URI, ethers.id("v1"));
    await hre.network.provider.send("evm_setAutomine", [false]);
    try {
      const changes = await f.jobs.connect(alice).requestChanges(second, URI, { gasLimit: 300_000 });
      const reclaim = await f.jobs.connect(alice).reclaimExpired(second, { gasLimit: 300_000 });
      await time.setNextBlockTimestamp(secondDeadline + 1n);
      await mine();
      const provider = ethers.provider;
      expect((await provider.getTransactionReceipt(changes.hash))!.status).to.equal(1);
      expect((await provider.getTransactionReceipt(reclaim.hash))!.status).to.equal(0);
    } finally {
      await hre.network.provider.send("evm_setAutomine", [true]);
    }
    // The worker may still dispute it instead; the client's refund is not on the table.
    await expect(f.jobs.connect(dave).openDispute(second, "")).to.emit(f.jobs, "MilestoneDisputed");
    expect((await f.jobs.job(second)).status).to.equal(JobStatus.Assigned);
    expect(await f.jobs.withdrawable(alice.address)).to.equal(0n);
  });

  it("R6 default-for-nothing: a never-submitted milestone disputed, the arbiter silent → the client is refunded in full", async function () {
    const f = await loadFixture(marketFixture);
    const { alice, dave, mallory } = f.accounts;
    const { jobId } = await assigned(f, [nyn(1000)]);
    await f.jobs.connect(dave).openDispute(jobId, "");
    await time.increase(30n * DAY + 1n);
    await f.jobs.connect(mallory).settleDisputeByDefault(1);
    expect(await f.jobs.withdrawable(dave.address)).to.equal(0n);
    expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(1000));
    expect(await f.jobs.uncollectedFees()).to.equal(0n);
    // Work on record is another matter: a submitted milestone disputed by the client defaults to the worker.
    const { jobId: delivered } = await assigned(f, [nyn(1000)]);
    await f.jobs.connect(dave).submitMilestone(delivered, URI, ethers.id("v1"));
    await f.jobs.connect(alice).openDispute(delivered, "");
    await time.increase(30n * DAY + 1n);
    await f.jobs.connect(mallory).settleDisputeByDefault(2);
    expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(1000) - feeOf(nyn(1000)));
    expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(1000));
  });
});
