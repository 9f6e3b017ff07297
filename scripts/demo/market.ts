import { signPermit } from "../../lib/permit";
import { ENUMS, formatAmount } from "../../lib/format";
import type { DemoContext } from "./context";

/**
 * Demo chapter: the market. Carol sells goods to Bob through escrow (the treasury receives the fee); Alice hires
 * Dave for a two-milestone job: the first is approved and paid, the second is disputed and the arbiter splits it.
 * Reputations are printed at the end. Leaves `ctx.state.market` (order and job ids) for later chapters.
 */
export async function marketChapter(ctx: DemoContext): Promise<void> {
  const { hre, system, cast } = ctx;
  const { ethers } = hre;
  const { alice, bob, carol, dave, arbiter, deployer } = cast;
  const market = system.marketplace;
  const jobs = system.jobBoard;
  const nyn = system.nyn;
  const NYN = (n: number | string) => ethers.parseEther(String(n));
  const marketAddress = await market.getAddress();
  const jobsAddress = await jobs.getAddress();
  const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);

  ctx.chapter("Market: goods and gig jobs paid in NYN");
  ctx.say(
    `Marketplace ${marketAddress}, JobBoard ${jobsAddress}: fee ${await market.feeBps()} bps, treasury ${await market.treasury()}`,
  );

  // --- goods ----------------------------------------------------------------------------------------------
  await ctx.tx("alice gives bob 1,000 NYN", nyn.connect(alice).transfer(bob.address, NYN(1_000)));

  const listingId = (BigInt(carol.address) << 64n) | ((await market.listingCount(carol.address)) + 1n);
  await ctx.tx(
    "carol lists 5 keyboards at 120 NYN (3-day window)",
    market.connect(carol).createListing(NYN(120), 5, "ipfs://nyn-demo/goods/mechanical-keyboard", 3 * 86_400),
  );
  await ctx.tx("carol raises the price to 130 NYN", market.connect(carol).updatePrice(listingId, NYN(130)));
  await ctx.tx("bob approves 120 NYN to the marketplace", nyn.connect(bob).approve(marketAddress, NYN(120)));
  await ctx.expectRevert(
    "bob's buy capped at 120 NYN/unit is refused (E3)",
    market.connect(bob).buy(listingId, 1, NYN(120)),
    "MarketplacePriceAboveMax",
  );

  // Bob accepts 130 and pays with an EIP-2612 permit: no separate approval transaction.
  const permitDeadline = (await now()) + 3_600n;
  const { v, r, s } = await signPermit(nyn, bob, marketAddress, NYN(130), permitDeadline);
  const orderId = (BigInt(bob.address) << 64n) | ((await market.orderCount(bob.address)) + 1n);
  await ctx.tx(
    "bob buys 1 keyboard at 130 NYN with a permit",
    market.connect(bob).buyWithPermit(listingId, 1, NYN(130), permitDeadline, v, r, s),
  );
  ctx.say(`order 0x${orderId.toString(16)}: ${formatAmount((await market.order(orderId)).amount)} in escrow`);
  await ctx.tx("carol ships the order", market.connect(carol).ship(orderId));
  await ctx.expectRevert(
    "carol tries to settle before bob's window ends",
    market.connect(carol).settle(orderId),
    "MarketplaceDeadlineNotPassed",
  );
  await ctx.tx("bob confirms delivery", market.connect(bob).confirmDelivery(orderId));
  const fee = await market.uncollectedFees();
  ctx.say(
    `carol is owed ${formatAmount(await market.withdrawable(carol.address))}; fees awaiting the treasury: ${formatAmount(fee)}`,
  );

  const treasury = await market.treasury();
  const before = await nyn.balanceOf(treasury);
  await ctx.tx("anyone sends the fees to the treasury", market.connect(deployer).collectFees());
  ctx.say(`treasury ${treasury} received ${formatAmount((await nyn.balanceOf(treasury)) - before)}`);
  await ctx.tx("carol withdraws her sale", market.connect(carol).withdraw(await market.withdrawable(carol.address)));

  // --- a two-milestone job ----------------------------------------------------------------------------------
  await ctx.tx("alice approves 1,000 NYN to the job board", nyn.connect(alice).approve(jobsAddress, NYN(1_000)));
  const deadline = (await now()) + 30n * 86_400n;
  await ctx.tx(
    "alice posts a job: 400 + 600 NYN, 30 days",
    jobs.connect(alice).postJob([NYN(400), NYN(600)], deadline, "ipfs://nyn-demo/jobs/landing-page"),
  );
  const jobId = await jobs.jobCount();
  ctx.say(
    `job ${jobId}: ${formatAmount((await jobs.job(jobId)).escrowed)} escrowed; open jobs: ${await jobs.openJobCount()}`,
  );
  await ctx.tx("dave applies", jobs.connect(dave).applyForJob(jobId, "ipfs://nyn-demo/proposals/dave"));
  await ctx.tx("alice assigns dave", jobs.connect(alice).assignWorker(jobId, dave.address));
  await ctx.expectRevert(
    "carol tries to submit work on dave's job (E7)",
    jobs.connect(carol).submitMilestone(jobId, "ipfs://x", ethers.id("x")),
    "JobBoardNotWorker",
  );

  const design = "ipfs://nyn-demo/deliverables/design";
  await ctx.tx(
    "dave submits milestone 1 (design)",
    jobs.connect(dave).submitMilestone(jobId, design, ethers.id(design)),
  );
  await ctx.tx("alice approves milestone 1", jobs.connect(alice).approveMilestone(jobId));
  ctx.say(`dave is owed ${formatAmount(await jobs.withdrawable(dave.address))} (400 NYN minus the fee)`);

  const site = "ipfs://nyn-demo/deliverables/site";
  await ctx.tx("dave submits milestone 2 (site)", jobs.connect(dave).submitMilestone(jobId, site, ethers.id(site)));
  await ctx.tx(
    "alice disputes milestone 2",
    jobs.connect(alice).openDispute(jobId, "ipfs://nyn-demo/evidence/broken-links"),
  );
  const disputeId = await jobs.disputeCount();
  await ctx.tx(
    "dave submits evidence",
    jobs.connect(dave).submitEvidence(disputeId, "ipfs://nyn-demo/evidence/test-report"),
  );
  await ctx.expectRevert(
    "bob tries to rule (no ARBITER_PERMISSION)",
    jobs.connect(bob).rule(disputeId, 10_000),
    "MarketEscrowNotArbitrator",
  );
  await ctx.tx("the arbiter rules 30 % to alice, 70 % to dave", jobs.connect(arbiter).rule(disputeId, 3_000));
  await ctx.expectRevert(
    "the arbiter tries to rule again (final)",
    jobs.connect(arbiter).rule(disputeId, 0),
    "MarketEscrowDisputeNotOpen",
  );
  const job = await jobs.job(jobId);
  ctx.say(`job ${jobId} is ${ENUMS.JobStatus[Number(job.status)]}; escrow left ${formatAmount(job.escrowed)}`);
  ctx.say(
    `alice is owed ${formatAmount(await jobs.withdrawable(alice.address))}, dave ${formatAmount(await jobs.withdrawable(dave.address))}`,
  );
  await ctx.tx("dave withdraws", jobs.connect(dave).withdraw(await jobs.withdrawable(dave.address)));
  await ctx.tx("alice withdraws her share", jobs.connect(alice).withdraw(await jobs.withdrawable(alice.address)));
  await ctx.tx("anyone sends the job fees to the treasury", jobs.collectFees());

  // --- reputations -------------------------------------------------------------------------------------------
  ctx.say("reputation (marketplace + job board): sales / jobs / disputes opened / won / lost");
  for (const [name, who] of Object.entries({ alice, bob, carol, dave })) {
    const rep = await market.reputation(who.address);
    ctx.say(
      `  ${name.padEnd(6)} ${rep.completedSales} / ${rep.completedJobs} / ${rep.disputesOpened} / ${rep.disputesWon} / ${rep.disputesLost}`,
    );
  }
  ctx.state.market = { listingId, orderId, jobId, disputeId };
}
