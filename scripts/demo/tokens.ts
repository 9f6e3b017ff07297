import type { DemoContext } from "./context";

/**
 * Demo chapter "A second payment token" (issue 17 part 3): a stablecoin stand-in (tUSD, 6 decimals, deployed by the
 * demo: local networks only) is approved for the marketplace and the job board by a DAO proposal (NIP-3); Carol sells
 * a keyboard for 25 tUSD to Bob; Carol and the treasury are paid in tUSD, NYN balances untouched; a fee-on-transfer
 * token is refused at deposit. Runs after the governance chapter (the voters have delegated).
 */
export async function tokensChapter(ctx: DemoContext): Promise<void> {
  const { hre, system: s, cast } = ctx;
  const { ethers } = hre;
  const dao = await import("../../lib/dao");
  const { formatAmount } = await import("../../lib/format");
  const { TestStablecoin__factory, FeeOnTransferToken__factory } = await import("../../typechain-types");
  if (!dao.canFastForward(hre))
    throw new Error(`the token chapter moves time: ${dao.timeTravelUnavailable(hre.network.name)}`);
  const { alice, bob, carol, dave, deployer } = cast;
  const market = s.marketplace;
  const jobs = s.jobBoard;
  const g = s.governor;
  const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const wait = async (label: string, until: bigint) => {
    const from = await now();
    await dao.advanceTo(hre, until);
    ctx.say(`… ${label}: time moves on ${until > from ? until - from : 0n} s`);
  };
  const usd = (n: number) => BigInt(n) * 10n ** 6n;
  const showUsd = (amount: bigint) => formatAmount(amount, "tUSD", 6);

  ctx.chapter("Market: a second payment token, approved by the DAO");
  const stable = await new TestStablecoin__factory(deployer).deploy();
  await stable.waitForDeployment();
  const stableAddress = await stable.getAddress();
  ctx.say(`tUSD, a test stablecoin stand-in (6 decimals, local networks only), at ${stableAddress}`);

  // NIP-3: the timelock (root, holder of MARKET_TOKENS_PERMISSION on both modules) approves tUSD on both.
  const approve = (module: typeof market | typeof jobs, name: string) => ({
    target: s.addresses[name === "Marketplace" ? "marketplace" : "jobBoard"],
    value: 0n,
    data: module.interface.encodeFunctionData("setTokenApproved", [stableAddress, true]),
    label: `${name}.setTokenApproved(tUSD, true)`,
  });
  const nip3 = dao.proposalOf(
    [approve(market, "Marketplace"), approve(jobs, "JobBoard")],
    "NIP-3: accept tUSD as a payment token on the marketplace and the job board",
  );
  await ctx.tx(
    "alice proposes NIP-3 (approve tUSD)",
    g.connect(alice).propose(nip3.targets, nip3.values, nip3.calldatas, nip3.description),
  );
  const id = await g.hashProposal(...dao.lifecycleArgs(nip3));
  await wait("the voting delay passes", (await g.proposalSnapshot(id)) + 1n);
  await ctx.tx("alice votes for", g.connect(alice).castVote(id, dao.SUPPORT.for));
  await ctx.tx("carol votes for", g.connect(carol).castVote(id, dao.SUPPORT.for));
  await wait("the vote closes", (await g.proposalDeadline(id)) + 1n);
  await ctx.tx("queue NIP-3", g.connect(bob).queue(...dao.lifecycleArgs(nip3)));
  await wait("the timelock delay passes", await g.proposalEta(id));
  await ctx.tx("execute NIP-3", g.connect(bob).execute(...dao.lifecycleArgs(nip3)));
  const [listed, approved] = await market.tokenAt(await market.tokenIdOf(stableAddress));
  ctx.say(`marketplace token #${await market.tokenIdOf(stableAddress)}: ${listed} approved=${approved}`);

  // A sale priced in tUSD: escrow, fee and withdrawal all in tUSD.
  await ctx.tx("bob gets 100 tUSD from the faucet", stable.mint(bob.address, usd(100)));
  const listingId = (BigInt(carol.address) << 64n) | ((await market.listingCount(carol.address)) + 1n);
  await ctx.tx(
    "carol lists a keyboard at 25 tUSD",
    market.connect(carol).createListingInToken(stableAddress, usd(25), 1, "ipfs://nyn-demo/goods/keyboard-usd", 86_400),
  );
  await ctx.tx(
    "bob approves 25 tUSD to the marketplace",
    stable.connect(bob).approve(s.addresses.marketplace, usd(25)),
  );
  const bobNyn = await s.nyn.balanceOf(bob.address);
  const orderId = (BigInt(bob.address) << 64n) | ((await market.orderCount(bob.address)) + 1n);
  await ctx.tx("bob buys it for 25 tUSD", market.connect(bob).buy(listingId, 1, usd(25)));
  ctx.say(`order 0x${orderId.toString(16)}: ${showUsd((await market.order(orderId)).amount)} in escrow`);
  await ctx.tx("carol ships", market.connect(carol).ship(orderId));
  await ctx.tx("bob confirms delivery", market.connect(bob).confirmDelivery(orderId));
  const owed = await market.withdrawableToken(carol.address, stableAddress);
  ctx.say(
    `carol is owed ${showUsd(owed)}; fees in tUSD ${showUsd(await market.uncollectedTokenFees(stableAddress))}; bob's NYN unchanged: ${(await s.nyn.balanceOf(bob.address)) === bobNyn}`,
  );
  await ctx.tx("carol withdraws her tUSD", market.connect(carol).withdrawToken(stableAddress, owed));
  await ctx.tx("anyone sends the tUSD fees to the treasury", market.connect(dave).collectTokenFees(stableAddress));
  ctx.say(`treasury tUSD: ${showUsd(await stable.balanceOf(await market.treasury()))}; carol ${showUsd(owed)}`);

  // A token that delivers less than sent is refused at deposit, with the amounts (a test token; not approved here,
  // so the refusal shown is the token list's). The balance-delta check is in test/market/tokens.test.ts.
  const fot = await new FeeOnTransferToken__factory(deployer).deploy();
  await fot.waitForDeployment();
  await ctx.expectRevert(
    "alice tries to post a job paid in an unapproved fee-on-transfer token",
    jobs.connect(alice).postJobInToken(await fot.getAddress(), [1_000n], (await now()) + 86_400n, "ipfs://x"),
    "MarketEscrowTokenNotApproved",
  );
  ctx.state.tokens = { stable: stableAddress, proposal: id, listingId, orderId };
}
