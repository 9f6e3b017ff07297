import { ethers } from "ethers";
import { Counter, Counter__factory } from "../../typechain-types";
import { CAPABILITY, NO_EXPIRY } from "../../lib/ids";
import { signForwardRequest } from "../../lib/forwardRequest";
import { formatAmount } from "../../lib/format";
import { describeError } from "../../lib/errors";
import type { DemoContext } from "./context";
import { spawnCounter } from "./core";

/** The GasCharged event of a receipt, if any. */
function charge(ctx: DemoContext, receipt: ethers.TransactionReceipt) {
  for (const log of receipt.logs) {
    try {
      const parsed = ctx.system.gasMeter.interface.parseLog(log);
      if (parsed?.name === "GasCharged")
        return { gas: parsed.args.gasUsed as bigint, cost: parsed.args.cost as bigint };
    } catch {
      // not the meter's
    }
  }
  throw new Error("no GasCharged event");
}

/**
 * Gas metering: PID 1 (Alice's Counter, from the core chapter, or a new one) gets a NYN budget; a metered call is
 * charged to it; Bob — a fresh wallet with no ETH and no NYN — uses the Counter through a relayer, whom the budget
 * reimburses; the relayer claims its NYN; a per-user quota stops Bob's burst with the decoded error.
 * Leaves `meterPid` in `ctx.state`.
 */
export async function meterChapter(ctx: DemoContext): Promise<void> {
  const { gasMeter, nyn, acl, forwarder } = ctx.system;
  const { alice, relayer } = ctx.cast;
  const provider = alice.provider;

  ctx.chapter("Gas metering: the app pays for its users");
  let pid = ctx.state.pid1 as bigint | undefined;
  let counter: Counter;
  if (pid === undefined) {
    const spawned = await spawnCounter(ctx, "alice spawns a Counter process", alice, 0n);
    pid = spawned.pid;
    counter = spawned.counter;
  } else {
    counter = Counter__factory.connect(await ctx.system.registry.instanceOf(pid), alice);
  }
  const meterAddress = await gasMeter.getAddress();
  ctx.say(
    `price ${await gasMeter.price()} NYN-wei per gas; epoch ${await gasMeter.currentEpoch()} of ${(await gasMeter.epochInfo()).epochLength} s`,
  );

  const budget = ethers.parseEther("100");
  await ctx.tx("alice approves the gas meter for 100 NYN", nyn.connect(alice).approve(meterAddress, budget));
  await ctx.tx(`alice funds PID ${pid} with 100 NYN`, gasMeter.connect(alice).deposit(pid, budget));
  await ctx.tx(
    `alice reimburses relayers up to 300,000 gas a request`,
    gasMeter.connect(alice).setRelayGasCap(pid, 300_000n),
  );

  const direct = await ctx.tx(`alice increments PID ${pid} (metered call)`, counter.connect(alice).incrementMetered());
  const c1 = charge(ctx, direct);
  ctx.gas["metered call"] = direct.gasUsed;
  ctx.say(
    `charged ${c1.gas} gas = ${formatAmount(c1.cost)} to PID ${pid} (receipt: ${direct.gasUsed} gas); budget now ${formatAmount(await gasMeter.budgetOf(pid))}`,
  );

  ctx.chapter("Bob has no ETH and no NYN, and uses the Counter through a relayer");
  const bob = ethers.Wallet.createRandom().connect(provider);
  ctx.say(
    `Bob is a fresh wallet ${bob.address}: ${formatAmount(await provider!.getBalance(bob.address), "ETH")}, ${formatAmount(await nyn.balanceOf(bob.address))}`,
  );
  await ctx.tx(
    `alice grants Bob INCREMENT on PID ${pid}`,
    acl.connect(alice).grantCapability(pid, bob.address, CAPABILITY.INCREMENT, NO_EXPIRY),
  );
  const target = await counter.getAddress();
  const data = counter.interface.encodeFunctionData("incrementMetered");
  const sign = () => signForwardRequest(forwarder.connect(relayer), bob, { to: target, data });
  const relayed = await ctx.tx(
    "relayer submits Bob's signed increment",
    forwarder.connect(relayer).executeRelayed(await sign(), pid),
  );
  const c2 = charge(ctx, relayed);
  ctx.gas["relayed metered call"] = relayed.gasUsed;
  ctx.say(
    `counter ${await counter.count()}, Bob's increments ${await counter.incrementsBy(bob.address)}; Bob still has ` +
      `${formatAmount(await provider!.getBalance(bob.address), "ETH")} and ${formatAmount(await nyn.balanceOf(bob.address))}`,
  );
  ctx.say(
    `PID ${pid} paid ${formatAmount(c2.cost)} for ${c2.gas} gas (relayer's receipt: ${relayed.gasUsed}); relayer can claim ${formatAmount(await gasMeter.claimable(relayer.address))}`,
  );

  const before = await nyn.balanceOf(relayer.address);
  await ctx.tx("relayer claims its NYN", gasMeter.connect(relayer).claim(relayer.address));
  ctx.say(`relayer received ${formatAmount((await nyn.balanceOf(relayer.address)) - before)}`);

  // --- issue 17 part 1: batched relays
  ctx.chapter("A relayer batches several users' requests into one transaction");
  const batch = [await sign(), await signForwardRequest(forwarder.connect(relayer), alice, { to: target, data })];
  const batched = await ctx.tx(
    "relayer submits Bob's and Alice's signed increments in one executeRelayedBatch",
    forwarder.connect(relayer).executeRelayedBatch(batch, [pid, pid], relayer.address),
  );
  ctx.gas["relayed batch of 2"] = batched.gasUsed;
  for (const log of batched.logs) {
    const parsed = (() => {
      try {
        return gasMeter.interface.parseLog(log);
      } catch {
        return null;
      }
    })();
    if (parsed?.name === "GasCharged")
      ctx.say(
        `${parsed.args.user === alice.address ? "Alice's" : "Bob's"} request: ${parsed.args.gasUsed} gas = ${formatAmount(parsed.args.cost)} charged to PID ${parsed.args.pid}`,
      );
    if (parsed?.name === "RelayerReimbursed")
      ctx.say(`PID ${parsed.args.pid} credits the relayer once for the batch: ${formatAmount(parsed.args.amount)}`);
  }
  ctx.say(
    `one transaction of ${batched.gasUsed} gas; each request paid for its own gas and a share of the transaction's; ` +
      `relayer can claim ${formatAmount(await gasMeter.claimable(relayer.address))}`,
  );

  // --- issue 17 part 2: sponsorship rules (which functions relayed calls may reach at the budget's expense)
  ctx.chapter("Sponsorship rules: the budget pays only for the functions its owner chose");
  await ctx.tx(
    `alice sponsors relayed calls of incrementMetered only on PID ${pid}`,
    gasMeter.connect(alice).setRelaySelectors(pid, [counter.interface.getFunction("incrementMetered").selector], true),
  );
  await ctx.tx(`alice turns the selector rule on`, gasMeter.connect(alice).setRelaySelectorsOnly(pid, true));
  const plain = counter.interface.encodeFunctionData("increment");
  await ctx.expectRevert(
    "relayer submits Bob's signed plain increment (not sponsored)",
    forwarder
      .connect(relayer)
      .executeRelayed(await signForwardRequest(forwarder.connect(relayer), bob, { to: target, data: plain }), pid),
    "GasMeterSelectorNotSponsored",
  );
  await ctx.tx(
    "relayer submits Bob's signed metered increment (sponsored)",
    forwarder.connect(relayer).executeRelayed(await sign(), pid),
  );
  await ctx.tx(`alice turns the selector rule off`, gasMeter.connect(alice).setRelaySelectorsOnly(pid, false));

  ctx.chapter("A per-user quota stops a burst");
  await ctx.tx(
    `alice sets a per-user quota of 300,000 gas per epoch on PID ${pid}`,
    gasMeter.connect(alice).setQuota(pid, 0n, 300_000n),
  );
  for (let i = 1; i <= 5; i++) {
    const request = await sign();
    const label = `relayer submits Bob's burst request #${i}`;
    let refused = false;
    try {
      await forwarder.connect(relayer).executeRelayed.staticCall(request, pid);
    } catch (error) {
      if (!describeError(error).startsWith("GasMeterUserQuotaExceeded")) throw error;
      refused = true;
    }
    if (refused) {
      await ctx.expectRevert(
        label,
        forwarder.connect(relayer).executeRelayed(request, pid),
        "GasMeterUserQuotaExceeded",
      );
      break;
    }
    await ctx.tx(label, forwarder.connect(relayer).executeRelayed(request, pid));
    if (i === 5) throw new Error("the quota never stopped the burst");
  }
  const epoch = await gasMeter.currentEpoch();
  const info = await gasMeter.meterInfo(pid);
  ctx.say(
    `Bob used ${await gasMeter.userUsage(pid, bob.address, epoch)} of 300,000 gas this epoch; PID ${pid}: budget ${formatAmount(info.budget)}, ` +
      `${info.usedThisEpoch} gas this epoch, runway ${info.runwayGas} gas`,
  );
  ctx.state.meterPid = pid;
}
