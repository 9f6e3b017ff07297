import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import type { BenchOp, BenchScaling } from "./types";

/** Gas of one mined transaction. */
async function gasOf(sending: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await sending).wait();
  if (!receipt) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

function op(name: string, ours: number, anchor = "", anchorGas = 0, goal?: BenchOp["goal"]): BenchOp {
  return { op: name, ours, anchor, anchorGas, ratio: anchorGas ? Number((ours / anchorGas).toFixed(4)) : 0, goal };
}

/**
 * Market benchmark: steady-state goods flow (list + buy + ship + confirm, fee paid) against a minimal escrow
 * (list + buy + release, no fee/deadlines/disputes/proxy); `buy` and `confirmDelivery` when the buyer has another
 * order open; the job flow (post + apply + assign + submit + approve); and `buy` as the number of existing
 * listings grows to 10,000 (flat within 1 %); the dispute paths (open with evidence, evidence, rule, settle by default,
 * and a job's dispute and ruling).
 * Runs on a fresh in-process deployment (`deploySystem`, not recorded).
 */
export async function benchMarket(
  hre: HardhatRuntimeEnvironment,
): Promise<{ ops: BenchOp[]; scaling: BenchScaling[] }> {
  const { deploySystem } = await import("../deploy/deploySystem");
  const { KERNEL_TEST_CONFIG } = await import("../deploy/config");
  const { MinimalEscrow__factory, MarketListingBatcher__factory } = await import("../typechain-types");
  const { ethers } = hre;
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const [, , alice, bob, carol, dave] = await ethers.getSigners();
  const nyn = s.nyn;
  const market = s.marketplace;
  const jobs = s.jobBoard;
  const unit = ethers.parseEther("10");
  const MAX = ethers.MaxUint256;
  const window = 7n * 24n * 3600n;
  const uri = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

  await (await nyn.connect(alice).transfer(bob.address, ethers.parseEther("1000000"))).wait();
  await (await nyn.connect(bob).approve(await market.getAddress(), MAX)).wait();
  await (await nyn.connect(alice).approve(await jobs.getAddress(), MAX)).wait();

  // --- goods: one warm-up cycle, then the measured steady-state cycle
  async function goodsCycle() {
    const listingId = (await market.listingCount(carol.address)) + 1n + (BigInt(carol.address) << 64n);
    const list = await gasOf(market.connect(carol).createListing(unit, 5, uri, window));
    const orderId = (await market.orderCount(bob.address)) + 1n + (BigInt(bob.address) << 64n);
    const buy = await gasOf(market.connect(bob).buy(listingId, 1, unit));
    const ship = await gasOf(market.connect(carol).ship(orderId));
    const confirm = await gasOf(market.connect(bob).confirmDelivery(orderId));
    return { list, buy, ship, confirm, total: list + buy + ship + confirm };
  }
  await goodsCycle();
  const g = await goodsCycle();
  if ((await market.uncollectedFees()) === 0n) throw new Error("benchMarket: no fee was taken");

  // --- the same buyer with an order still open: the steady-state cycle above finds the buyer's previous order
  // settled and rewrites the buyer's word; here the open order first moves to a slot of its own (a fresh slot, as
  // every order needed before), and settling it later costs one more read (it is no longer the buyer's latest).
  const lastListing = (await market.listingCount(carol.address)) + (BigInt(carol.address) << 64n);
  const openOrder = (await market.orderCount(bob.address)) + 1n + (BigInt(bob.address) << 64n);
  await (await market.connect(bob).buy(lastListing, 1, unit)).wait();
  const buyWhileOpen = await gasOf(market.connect(bob).buy(lastListing, 1, unit));
  await (await market.connect(carol).ship(openOrder)).wait();
  const confirmOlder = await gasOf(market.connect(bob).confirmDelivery(openOrder));

  const minimal = await new MinimalEscrow__factory(carol).deploy(await nyn.getAddress());
  await (await nyn.connect(bob).approve(await minimal.getAddress(), MAX)).wait();
  async function minimalCycle() {
    const list = await gasOf(minimal.connect(carol).list(unit));
    const listingId = (await minimal.connect(carol).list.staticCall(unit)) - 1n;
    const buy = await gasOf(minimal.connect(bob).buy(listingId));
    const dealId = (await minimal.connect(bob).buy.staticCall(listingId)) - 1n;
    const release = await gasOf(minimal.connect(bob).release(dealId));
    return { list, buy, release, total: list + buy + release };
  }
  // Steady state for the anchor too: one deal stays open, so the escrow's token balance never returns to zero
  // (as ours never does: balances and fees stay in the module).
  await (await minimal.connect(carol).list(unit)).wait();
  await (await minimal.connect(bob).buy(1n)).wait();
  await minimalCycle();
  const m = await minimalCycle();

  // --- jobs: one warm-up, then measured
  async function jobCycle() {
    const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 30n * 86400n;
    const jobId = (await jobs.jobCount()) + 1n;
    const post = await gasOf(jobs.connect(alice).postJob([unit], deadline, uri));
    const apply = await gasOf(jobs.connect(dave).applyForJob(jobId, uri));
    const assign = await gasOf(jobs.connect(alice).assignWorker(jobId, dave.address));
    const submit = await gasOf(jobs.connect(dave).submitMilestone(jobId, uri, ethers.id("deliverable")));
    const approve = await gasOf(jobs.connect(alice).approveMilestone(jobId));
    return { post, apply, assign, submit, approve, total: post + apply + assign + submit + approve };
  }
  await jobCycle();
  const j = await jobCycle();

  // --- buy as listings grow (the batcher is the seller of all of them)
  const batcher = await new MarketListingBatcher__factory(carol).deploy();
  const batcherAddress = await batcher.getAddress();
  let created = 0;
  async function growTo(n: number) {
    while (created < n) {
      const k = Math.min(250, n - created);
      await (
        await batcher.createListings(await market.getAddress(), k, unit, 1000, window, { gasLimit: 16_000_000 })
      ).wait();
      created += k;
    }
  }
  const ns = [1, 100, 10_000];
  const byListings: number[] = [];
  // Bob's latest order (above) is still open, so every measured buy below is in the same state: it moves the
  // previous (open) order to a slot of its own. Only the number of listings varies.
  for (const n of ns) {
    await growTo(n);
    const listingId = (BigInt(batcherAddress) << 64n) | BigInt(n);
    byListings.push(await gasOf(market.connect(bob).buy(listingId, 1, unit)));
  }
  const scaling: BenchScaling[] = [{ op: "buy (existing listings)", n: ns, gas: byListings }];

  // --- a second payment token (issue 17 part 3), measured last so the rows above keep their state: governance
  // approves the test stablecoin, then the same steady-state goods cycle and a job paid in it, and the per-token
  // pull payments. Anchored on our own NYN rows: the price of the token's balance-delta check and token lookup.
  const { TestStablecoin__factory } = await import("../typechain-types");
  const [root] = await ethers.getSigners();
  const usd = await new TestStablecoin__factory(carol).deploy();
  const usdAddress = await usd.getAddress();
  const approveToken = await gasOf(market.connect(root).setTokenApproved(usdAddress, true));
  await (await jobs.connect(root).setTokenApproved(usdAddress, true)).wait();
  for (const who of [alice, bob]) {
    await (await usd.mint(who.address, 10n ** 15n)).wait();
    await (await usd.connect(who).approve(await market.getAddress(), MAX)).wait();
    await (await usd.connect(who).approve(await jobs.getAddress(), MAX)).wait();
  }
  const price = 10_000_000n; // 10 tUSD
  async function tokenGoodsCycle() {
    const listingId = (await market.listingCount(carol.address)) + 1n + (BigInt(carol.address) << 64n);
    const list = await gasOf(market.connect(carol).createListingInToken(usdAddress, price, 5, uri, window));
    const orderId = (await market.orderCount(bob.address)) + 1n + (BigInt(bob.address) << 64n);
    const buy = await gasOf(market.connect(bob).buy(listingId, 1, price));
    const ship = await gasOf(market.connect(carol).ship(orderId));
    const confirm = await gasOf(market.connect(bob).confirmDelivery(orderId));
    return { list, buy, ship, confirm, total: list + buy + ship + confirm };
  }
  await tokenGoodsCycle();
  const t = await tokenGoodsCycle();
  const withdrawToken = await gasOf(market.connect(carol).withdrawToken(usdAddress, price / 2n));
  const collectTokenFees = await gasOf(market.connect(bob).collectTokenFees(usdAddress));
  async function tokenPost() {
    const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 30n * 86400n;
    return gasOf(jobs.connect(alice).postJobInToken(usdAddress, [price], deadline, uri));
  }
  await tokenPost();
  const postInToken = await tokenPost();

  // --- disputes (measured last: the rows above keep their state). A shipped order disputed by its buyer with
  // evidence, the seller's evidence, the arbiter's ruling; a second one settled by default once the 30-day ruling
  // window has passed (the in-process chain's clock moves; no wall-clock time enters a row); a job disputed by its
  // client after a submitted milestone, ruled. One warm-up dispute first, so the counters are not new slots.
  const arbiter = (await ethers.getSigners())[7]; // the config's "arbiter" (deploy/config.ts account order)
  async function shippedOrder() {
    const listingId = (await market.listingCount(carol.address)) + 1n + (BigInt(carol.address) << 64n);
    await (await market.connect(carol).createListing(unit, 1, uri, window)).wait();
    const orderId = (await market.orderCount(bob.address)) + 1n + (BigInt(bob.address) << 64n);
    await (await market.connect(bob).buy(listingId, 1, unit)).wait();
    await (await market.connect(carol).ship(orderId)).wait();
    return orderId;
  }
  await (await market.connect(bob).openDispute(await shippedOrder(), uri)).wait();
  let disputeId = (await market.disputeCount()) + 1n;
  const openDispute = await gasOf(market.connect(bob).openDispute(await shippedOrder(), uri));
  const submitEvidence = await gasOf(market.connect(carol).submitEvidence(disputeId, uri));
  const rule = await gasOf(market.connect(arbiter).rule(disputeId, 7_500n));
  disputeId = (await market.disputeCount()) + 1n;
  await (await market.connect(bob).openDispute(await shippedOrder(), "")).wait();
  await ethers.provider.send("evm_increaseTime", [31 * 86400]);
  const settleByDefault = await gasOf(market.connect(dave).settleDisputeByDefault(disputeId));
  async function submittedJob() {
    const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 30n * 86400n;
    const jobId = (await jobs.jobCount()) + 1n;
    await (await jobs.connect(alice).postJob([unit], deadline, uri)).wait();
    await (await jobs.connect(dave).applyForJob(jobId, uri)).wait();
    await (await jobs.connect(alice).assignWorker(jobId, dave.address)).wait();
    await (await jobs.connect(dave).submitMilestone(jobId, uri, ethers.id("deliverable"))).wait();
    return jobId;
  }
  const jobDisputeId = (await jobs.disputeCount()) + 1n;
  const openJobDispute = await gasOf(jobs.connect(alice).openDispute(await submittedJob(), uri));
  const ruleJob = await gasOf(jobs.connect(arbiter).rule(jobDisputeId, 5_000n));

  const ops: BenchOp[] = [
    op("market: list + buy + ship + confirm (fee 2.5 %)", g.total, "minimal escrow list + buy + release", m.total, {
      maxGas: 220_000,
    }),
    op("market: createListing", g.list, "minimal escrow list", m.list),
    op("market: buy", g.buy, "minimal escrow buy", m.buy),
    op("market: ship", g.ship),
    op("market: confirmDelivery", g.confirm, "minimal escrow release", m.release),
    op("market: buy (buyer's previous order still open)", buyWhileOpen, "minimal escrow buy", m.buy),
    op("market: confirmDelivery (not the buyer's latest order)", confirmOlder, "minimal escrow release", m.release),
    op("jobs: post + apply + assign + submit + approve (1 milestone)", j.total),
    op("jobs: postJob (1 milestone)", j.post),
    op("jobs: applyForJob", j.apply),
    op("jobs: assignWorker", j.assign),
    op("jobs: submitMilestone", j.submit),
    op("jobs: approveMilestone", j.approve),
    op("market: setTokenApproved (a new token)", approveToken),
    op("market (tUSD): list + buy + ship + confirm", t.total, "market: list + buy + ship + confirm (NYN)", g.total),
    op("market (tUSD): createListingInToken", t.list, "market: createListing (NYN)", g.list),
    op("market (tUSD): buy (balance-delta check)", t.buy, "market: buy (NYN)", g.buy),
    op("market (tUSD): confirmDelivery", t.confirm, "market: confirmDelivery (NYN)", g.confirm),
    op("market (tUSD): withdrawToken", withdrawToken),
    op("market (tUSD): collectTokenFees", collectTokenFees),
    op("jobs (tUSD): postJobInToken (1 milestone)", postInToken, "jobs: postJob (1 milestone, NYN)", j.post),
    op("market: openDispute (buyer, with evidence)", openDispute),
    op("market: submitEvidence (seller)", submitEvidence),
    op("market: rule (arbiter, 75 % to the buyer)", rule),
    op("market: settleDisputeByDefault (after the ruling window)", settleByDefault),
    op("jobs: openDispute (client, a submitted milestone)", openJobDispute),
    op("jobs: rule (arbiter, 50 %)", ruleJob),
  ];
  return { ops, scaling };
}

if (require.main === module) {
  // `npx hardhat run bench/market.ts`
  (async () => {
    const hre = (await import("hardhat")).default;
    const { ops, scaling } = await benchMarket(hre);
    for (const o of ops) {
      const goal = o.goal?.maxGas
        ? ` (goal ≤ ${o.goal.maxGas})`
        : o.goal?.maxRatio
          ? ` (goal ratio ≤ ${o.goal.maxRatio})`
          : "";
      const anchor = o.anchor ? `  vs ${o.anchor}: ${o.anchorGas}  ratio ${o.ratio}` : "";
      console.log(`${o.op.padEnd(62)} ${String(o.ours).padStart(9)}${anchor}${goal}`);
    }
    for (const sc of scaling) console.log(`${sc.op}: n ${sc.n.join(" / ")}  gas ${sc.gas.join(" / ")}`);
  })().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
