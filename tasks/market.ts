// Market and job-board shell: goods listings and orders, gig jobs, arbitration, withdrawals, reputation.
// Typechain and deploy/* are imported inside the actions (hardhat.config loads tasks before compiling).
import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { failureText, printJson, progress, ranFromCommandLine, reportFailure, sent } from "./util";
import { ENUMS, formatAmount } from "../lib/format";
import { parseAmount, parseDuration as parseDurationInput, parseUint } from "../lib/input";

const PLUGIN = "nyn-market";

/**
 * Run a task body with every transaction estimated before signing (`lib/send.ts` `estimating`); turn any failure
 * into one readable line (decoded custom error, on any node) and a non-zero exit.
 */
async function guarded<T>(hre: HardhatRuntimeEnvironment, body: () => Promise<T>): Promise<T> {
  const { estimating } = await import("../lib/send");
  progress(`loading the NYN OS deployment on ${hre.network.name}`);
  try {
    return await estimating(hre, body);
  } catch (error) {
    progress();
    const failure =
      error instanceof HardhatPluginError ? error : new HardhatPluginError(PLUGIN, await failureText(hre, error));
    // From the command line: one line and exit code 1 (see tasks/util.ts); from code: the error, to catch.
    if (!ranFromCommandLine()) throw failure;
    reportFailure(hre, failure.message, error);
    return undefined as T;
  }
}

async function context(hre: HardhatRuntimeEnvironment, from: string) {
  const { loadSystem } = await import("../deploy/loadSystem");
  const { addressFor, signerFor } = await import("./util");
  const system = await loadSystem(hre);
  progress();
  const signer: Signer = await signerFor(hre, from);
  const address = await signer.getAddress();
  return {
    system,
    signer,
    address,
    market: system.marketplace.connect(signer),
    jobs: system.jobBoard.connect(signer),
    resolve: (who: string) => addressFor(hre, who, system),
  };
}

/** "12.5" NYN → NYN-wei (lib/input.ts: one wording for every bad amount, naming the flag). */
function parseNyn(value: string, flag: string): bigint {
  return parseAmount(value, flag);
}

function fmt(_hre: HardhatRuntimeEnvironment, wei: bigint): string {
  return formatAmount(wei);
}

/** "3d", "12h", "30m", "45s" or plain seconds → seconds (lib/input.ts). */
function parseDuration(value: string, flag = "--deadline"): bigint {
  return parseDurationInput(value, flag);
}

/** A listing, order, job or dispute id (decimal or 0x hex), naming the flag when it is not one. */
function parseId(value: string, what: string, flag = `--${what}`): bigint {
  return parseUint(value, flag, { what: `a ${what} id (decimal or 0x hex)` });
}

/** Listing and order ids carry an address in their high bits: print them in hex. */
function hexId(id: bigint): string {
  return `0x${id.toString(16).padStart(56, "0")}`;
}

const LISTING_STATUS = ENUMS.ListingStatus;
const ORDER_STATUS = ENUMS.OrderStatus;
const JOB_STATUS = ENUMS.JobStatus;

function isoTime(seconds: bigint): string {
  return seconds === 0n ? "-" : new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

// ---------------------------------------------------------------- goods

task("market:list", "List goods for sale in NYN")
  .addParam("price", "Price per unit in NYN (e.g. 12.5)")
  .addParam("quantity", "Units for sale", undefined, types.int)
  .addOptionalParam("uri", "Metadata URI describing the goods", "ipfs://nyn-os/goods")
  .addOptionalParam("window", "Delivery window: time to ship, then to confirm (e.g. 3d)", "3d")
  .addOptionalParam("from", "Seller (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const n = (await c.market.listingCount(c.address)) + 1n;
      await sent(
        "createListing",
        c.market.createListing(
          parseNyn(args.price, "--price"),
          args.quantity,
          args.uri,
          parseDuration(args.window, "--window"),
        ),
      );
      const id = (BigInt(c.address) << 64n) | n;
      console.log(`Listing ${hexId(id)} by ${c.address}: ${args.quantity} × ${args.price} NYN`);
    }),
  );

task("market:listings", "Show listings (one seller's, or every seller's)")
  .addOptionalParam("seller", "Seller (named account or address); default: every seller")
  .addOptionalParam("offset", "First listing of each seller (from 0)", 0, types.int)
  .addOptionalParam("limit", "Listings per seller", 20, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, "deployer");
      const market = c.market;
      const fromBlock = c.system.deployBlock;
      const sellers = args.seller
        ? [await c.resolve(args.seller)]
        : (await market.queryFilter(market.filters.SellerRegistered(), fromBlock)).map((e) => e.args.seller);
      const view = [];
      for (const seller of sellers) {
        const [ids, listings] = await market.listingsBySeller(seller, args.offset, args.limit);
        const uris = new Map<bigint, string>();
        for (const e of await market.queryFilter(market.filters.ListingCreated(undefined, seller), fromBlock)) {
          uris.set(e.args.listingId, e.args.metadataURI);
        }
        view.push({
          seller,
          listingCount: await market.listingCount(seller),
          listings: ids.map((id, i) => ({
            id: hexId(id),
            status: LISTING_STATUS[Number(listings[i].status)],
            pricePerUnit: listings[i].pricePerUnit,
            quantity: listings[i].quantity,
            deliveryWindow: listings[i].deliveryWindow,
            metadataURI: uris.get(id) ?? null,
          })),
        });
      }
      if (args.json) return printJson({ sellers: view });
      if (view.length === 0) console.log("No listings yet.");
      for (const v of view) {
        console.log(`Seller ${v.seller}: ${v.listingCount} listing(s)`);
        for (const l of v.listings) {
          console.log(
            `  ${l.id}  ${l.status.padEnd(9)} ${fmt(hre, l.pricePerUnit)} × ${l.quantity}` +
              `  window ${Number(l.deliveryWindow) / 3600}h  ${l.metadataURI ?? ""}`,
          );
        }
      }
    }),
  );

task("market:buy", "Buy from a listing: NYN goes into escrow (signs an EIP-2612 permit when the allowance is short)")
  .addParam("listing", "Listing id (hex or decimal)")
  .addOptionalParam("quantity", "Units", 1, types.int)
  .addOptionalParam("maxPrice", "Highest acceptable price per unit in NYN (default: the current price)")
  .addOptionalParam("from", "Buyer (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const listingId = parseId(args.listing, "listing");
      const listing = await c.market.listing(listingId);
      const maxPrice = args.maxPrice ? parseNyn(args.maxPrice, "--max-price") : listing.pricePerUnit;
      const n = (await c.market.orderCount(c.address)) + 1n;
      const marketAddress = await c.market.getAddress();
      const nyn = c.system.nyn.connect(c.signer);
      const value = maxPrice * BigInt(args.quantity);
      if ((await nyn.allowance(c.address, marketAddress)) >= value) {
        await sent("buy", c.market.buy(listingId, args.quantity, maxPrice));
      } else {
        const deadline = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp) + 3600n;
        const { signPermit } = await import("../lib/permit");
        const { v, r, s } = await signPermit(nyn, c.signer, marketAddress, value, deadline);
        await sent("buyWithPermit", c.market.buyWithPermit(listingId, args.quantity, maxPrice, deadline, v, r, s));
      }
      const orderId = (BigInt(c.address) << 64n) | n;
      const order = await c.market.order(orderId);
      console.log(
        `Order ${hexId(orderId)}: ${fmt(hre, order.amount)} escrowed; seller must ship by ${isoTime(order.deadline)}`,
      );
    }),
  );

task("market:ship", "Seller: mark an order shipped")
  .addParam("order", "Order id (hex or decimal)")
  .addOptionalParam("from", "Seller (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const orderId = parseId(args.order, "order");
      await sent("ship", c.market.ship(orderId));
      const o = await c.market.order(orderId);
      console.log(`Order ${hexId(orderId)} shipped; the buyer confirms or disputes by ${isoTime(o.deadline)}`);
    }),
  );

task("market:confirm", "Buyer: confirm delivery (the seller is credited the price minus the fee)")
  .addParam("order", "Order id (hex or decimal)")
  .addOptionalParam("from", "Buyer (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const orderId = parseId(args.order, "order");
      const receipt = await sent("confirmDelivery", c.market.confirmDelivery(orderId));
      for (const log of receipt.logs) {
        const parsed = c.market.interface.parseLog(log);
        if (parsed?.name === "OrderCompleted") {
          console.log(
            `Order ${hexId(orderId)} completed: seller credited ${fmt(hre, parsed.args.sellerAmount)}, fee ${fmt(hre, parsed.args.fee)}`,
          );
        }
      }
    }),
  );

task(
  "market:settle",
  "Anyone: settle an order whose deadline passed (refund if unshipped, pay the seller if unconfirmed)",
)
  .addParam("order", "Order id (hex or decimal)")
  .addOptionalParam("from", "Caller (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const orderId = parseId(args.order, "order");
      const receipt = await sent("settle", c.market.settle(orderId));
      for (const log of receipt.logs) {
        const parsed = c.market.interface.parseLog(log);
        if (parsed?.name === "OrderCompleted") {
          console.log(`Order ${hexId(orderId)} completed: seller credited ${fmt(hre, parsed.args.sellerAmount)}`);
        } else if (parsed?.name === "OrderRefunded") {
          console.log(`Order ${hexId(orderId)} refunded: buyer credited ${fmt(hre, parsed.args.amount)}`);
        }
      }
    }),
  );

task("market:dispute", "Buyer or seller: dispute a shipped order before its confirmation deadline")
  .addParam("order", "Order id (hex or decimal)")
  .addOptionalParam("evidence", "Evidence URI (ERC-1497)", "")
  .addOptionalParam("from", "Buyer or seller (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const orderId = parseId(args.order, "order");
      const receipt = await sent("openDispute", c.market.openDispute(orderId, args.evidence));
      for (const log of receipt.logs) {
        const parsed = c.market.interface.parseLog(log);
        if (parsed?.name === "DisputeOpened") {
          console.log(
            `Dispute ${parsed.args.disputeId} on the marketplace over ${fmt(hre, parsed.args.amount)}; ` +
              `rule with: npx hardhat arbiter:rule --module market --dispute ${parsed.args.disputeId} --payer-bps <0-10000>`,
          );
        }
      }
    }),
  );

task("market:orders", "Show a buyer's orders: id, seller, status, amount, deadline")
  .addOptionalParam("buyer", "Buyer (name, index or address)", "deployer")
  .addOptionalParam("offset", "First order (from 0)", 0, types.int)
  .addOptionalParam("limit", "Orders to show", 20, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, "deployer");
      const buyer = await c.resolve(args.buyer);
      const [ids, orders] = await c.market.ordersByBuyer(buyer, args.offset, args.limit);
      const rows = ids.map((id, i) => ({
        id: hexId(id),
        seller: orders[i].seller,
        status: ORDER_STATUS[Number(orders[i].status)],
        amount: orders[i].amount.toString(),
        deadline: Number(orders[i].deadline),
      }));
      if (args.json) return printJson({ buyer, total: Number(await c.market.orderCount(buyer)), orders: rows });
      console.log(`Buyer ${buyer}: ${await c.market.orderCount(buyer)} order(s)`);
      for (const [i, r] of rows.entries()) {
        console.log(
          `  ${r.id}  ${r.status.padEnd(8)} ${fmt(hre, orders[i].amount)} from ${r.seller}  deadline ${isoTime(orders[i].deadline)}`,
        );
      }
    }),
  );

task("market:cancel", "Seller: cancel a listing (open orders are unaffected)")
  .addParam("listing", "Listing id (hex or decimal)")
  .addOptionalParam("from", "Seller (name, index or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const id = parseId(args.listing, "listing");
      await sent(`cancel listing ${hexId(id)}`, c.market.cancelListing(id));
    }),
  );

task("market:update-price", "Seller: change a listing's price per unit (pending orders keep theirs)")
  .addParam("listing", "Listing id (hex or decimal)")
  .addParam("price", "New price per unit in NYN")
  .addOptionalParam("from", "Seller (name, index or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const id = parseId(args.listing, "listing");
      const price = parseNyn(args.price, "--price");
      await sent(`listing ${hexId(id)} now ${fmt(hre, price)} per unit`, c.market.updatePrice(id, price));
    }),
  );

// ---------------------------------------------------------------- jobs

task("job:list", "Show open jobs (or one job with --job): client, worker, status, milestones, escrow, deadline")
  .addOptionalParam("job", "One job id")
  .addOptionalParam("offset", "First open job (from 0)", 0, types.int)
  .addOptionalParam("limit", "Open jobs to show", 20, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, "deployer");
      const [ids, jobs] = args.job
        ? [[parseId(args.job, "job")], [await c.jobs.job(parseId(args.job, "job"))]]
        : await c.jobs.openJobs(args.offset, args.limit);
      const rows = ids.map((id, i) => ({
        id: Number(id),
        client: jobs[i].client,
        worker: jobs[i].worker,
        status: JOB_STATUS[Number(jobs[i].status)],
        milestones: Number(jobs[i].milestoneCount),
        currentMilestone: Number(jobs[i].currentMilestone),
        escrowed: jobs[i].escrowed.toString(),
        deadline: Number(jobs[i].deadline),
      }));
      if (args.json) return printJson(args.job ? rows[0] : { open: Number(await c.jobs.openJobCount()), jobs: rows });
      if (!args.job) console.log(`${await c.jobs.openJobCount()} open job(s)`);
      for (const [i, r] of rows.entries()) {
        console.log(
          `  job ${r.id}  ${r.status.padEnd(9)} client ${r.client}  worker ${r.worker === hre.ethers.ZeroAddress ? "-" : r.worker}` +
            `  milestone ${r.currentMilestone + 1}/${r.milestones}  escrow ${fmt(hre, jobs[i].escrowed)}  deadline ${isoTime(jobs[i].deadline)}`,
        );
      }
    }),
  );

task("job:cancel", "Cancel a job: the client before assignment (refunded), or client and worker both agreeing after")
  .addParam("job", "Job id")
  .addOptionalParam("from", "Client or worker (name, index or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const jobId = parseId(args.job, "job");
      await sent(`cancelJob ${jobId}`, c.jobs.cancelJob(jobId));
      console.log(`Job ${jobId}: ${JOB_STATUS[Number((await c.jobs.job(jobId)).status)]}`);
    }),
  );

task("job:claim", "Worker: claim a submitted milestone the client did not review within the review window")
  .addParam("job", "Job id")
  .addOptionalParam("from", "Worker (name, index or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const jobId = parseId(args.job, "job");
      await sent(`claimMilestone ${jobId}`, c.jobs.claimMilestone(jobId));
      console.log(`withdrawable on the job board: ${fmt(hre, await c.jobs.withdrawable(c.address))}`);
    }),
  );

task("job:post", "Client: post a job, escrowing its milestone budget")
  .addParam("milestones", "Milestone amounts in NYN, comma-separated (e.g. 300,700)")
  .addOptionalParam("deadline", "Time from now to deliver (e.g. 30d)", "30d")
  .addOptionalParam("uri", "Job description URI", "ipfs://nyn-os/job")
  .addOptionalParam("from", "Client (named account or address)", "deployer")
  .addFlag("approve", "Send an ERC-20 approve, then postJob (default: one postJobWithPermit transaction)")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const amounts = String(args.milestones)
        .split(",")
        .map((x) => parseNyn(x.trim(), "--milestones"));
      const budget = amounts.reduce((a, b) => a + b, 0n);
      const nyn = c.system.nyn.connect(c.signer);
      const jobsAddress = await c.jobs.getAddress();
      const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
      const deadline = now + parseDuration(args.deadline);
      // The whole post, simulated first with a permit standing in for the approve: a post that would fail leaves
      // nothing behind (no transaction, no stray approval).
      const { signPermit } = await import("../lib/permit");
      const p = await signPermit(nyn, c.signer, jobsAddress, budget, now + 3600n);
      const permitArgs = [amounts, deadline, args.uri, p.deadline, p.v, p.r, p.s] as const;
      await c.jobs.postJobWithPermit.staticCall(...permitArgs);
      if (!args.approve) {
        await sent("postJobWithPermit", c.jobs.postJobWithPermit(...permitArgs));
      } else {
        if ((await nyn.allowance(c.address, jobsAddress)) < budget)
          await sent("approve", nyn.approve(jobsAddress, budget));
        await sent("postJob", c.jobs.postJob(amounts, deadline, args.uri));
      }
      const jobId = await c.jobs.jobCount();
      console.log(
        `Job ${jobId}: ${amounts.length} milestone(s), ${fmt(hre, budget)} escrowed, deadline ${isoTime(deadline)}`,
      );
    }),
  );

task("job:apply", "Worker: apply to an open job")
  .addParam("job", "Job id")
  .addOptionalParam("proposal", "Proposal URI", "ipfs://nyn-os/proposal")
  .addOptionalParam("from", "Worker (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      await sent("applyForJob", c.jobs.applyForJob(parseId(args.job, "job"), args.proposal));
      console.log(`${c.address} applied to job ${args.job}`);
    }),
  );

task("job:assign", "Client: assign an applicant")
  .addParam("job", "Job id")
  .addParam("worker", "Worker (named account or address)")
  .addOptionalParam("from", "Client (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const worker = await c.resolve(args.worker);
      await sent("assignWorker", c.jobs.assignWorker(parseId(args.job, "job"), worker));
      console.log(`Job ${args.job} assigned to ${worker}`);
    }),
  );

task("job:submit", "Worker: submit the current milestone")
  .addParam("job", "Job id")
  .addParam("uri", "Deliverable URI")
  .addOptionalParam("hash", "Deliverable hash (default: keccak-256 of the URI)")
  .addOptionalParam("from", "Worker (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const jobId = parseId(args.job, "job");
      const index = (await c.jobs.job(jobId)).currentMilestone;
      const hash = args.hash ?? hre.ethers.id(args.uri);
      await sent("submitMilestone", c.jobs.submitMilestone(jobId, args.uri, hash));
      const m = await c.jobs.milestone(jobId, index);
      console.log(
        `Job ${jobId} milestone ${index} submitted (hash ${hash}); review until ${isoTime(m.reviewDeadline)}`,
      );
    }),
  );

task("job:approve", "Client: approve the submitted milestone (the worker is credited it minus the fee)")
  .addParam("job", "Job id")
  .addOptionalParam("from", "Client (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const jobId = parseId(args.job, "job");
      const receipt = await sent("approveMilestone", c.jobs.approveMilestone(jobId));
      for (const log of receipt.logs) {
        const parsed = c.jobs.interface.parseLog(log);
        if (parsed?.name === "MilestonePaid") {
          console.log(
            `Job ${jobId} milestone ${parsed.args.index} paid: worker credited ${fmt(hre, parsed.args.workerAmount)}, fee ${fmt(hre, parsed.args.fee)}`,
          );
        }
        if (parsed?.name === "JobCompleted") console.log(`Job ${jobId} completed`);
      }
    }),
  );

task("job:dispute", "Client or worker: dispute the current milestone")
  .addParam("job", "Job id")
  .addOptionalParam("evidence", "Evidence URI (ERC-1497)", "")
  .addOptionalParam("from", "Client or worker (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const receipt = await sent("openDispute", c.jobs.openDispute(parseId(args.job, "job"), args.evidence));
      for (const log of receipt.logs) {
        const parsed = c.jobs.interface.parseLog(log);
        if (parsed?.name === "DisputeOpened") {
          console.log(
            `Dispute ${parsed.args.disputeId} on the job board over ${fmt(hre, parsed.args.amount)}; ` +
              `rule with: npx hardhat arbiter:rule --module jobs --dispute ${parsed.args.disputeId} --payer-bps <0-10000>`,
          );
        }
      }
    }),
  );

// ---------------------------------------------------------------- arbitration, payouts, reputation

task("arbiter:rule", "Arbiter: rule a dispute with a final split")
  .addParam("dispute", "Dispute id (local to the module)")
  .addParam("payerBps", "The payer's (buyer's or client's) share in basis points, 0-10000", undefined, types.int)
  .addOptionalParam("module", "market or jobs", "market")
  .addOptionalParam("from", "Arbiter (named account or address)", "arbiter")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      if (args.module !== "market" && args.module !== "jobs")
        throw new HardhatPluginError(PLUGIN, `--module must be market or jobs`);
      const c = await context(hre, args.from);
      const module = args.module === "market" ? c.market : c.jobs;
      const receipt = await sent("rule", module.rule(parseId(args.dispute, "dispute"), args.payerBps));
      for (const log of receipt.logs) {
        const parsed = module.interface.parseLog(log);
        if (parsed?.name === "DisputeResolved") {
          console.log(
            `Dispute ${parsed.args.disputeId} ruled ${Number(parsed.args.payerShareBps) / 100}% to the payer: payer ${fmt(hre, parsed.args.payerAmount)}, ` +
              `payee ${fmt(hre, parsed.args.payeeAmount)}, fee ${fmt(hre, parsed.args.fee)}`,
          );
        }
      }
    }),
  );

task("market:withdraw", "Withdraw NYN credited by the marketplace and/or the job board")
  .addOptionalParam("amount", "Amount in NYN (default: everything)")
  .addOptionalParam("module", "market, jobs or both", "both")
  .addOptionalParam("from", "Account (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      if (!["market", "jobs", "both"].includes(args.module))
        throw new HardhatPluginError(PLUGIN, `--module must be market, jobs or both`);
      const c = await context(hre, args.from);
      const modules = { market: [c.market], jobs: [c.jobs], both: [c.market, c.jobs] }[
        args.module as "market" | "jobs" | "both"
      ];
      // With --amount, take it from the marketplace first and the rest from the job board; refuse up front (nothing
      // sent) when the chosen modules do not hold that much together.
      const available = await Promise.all(modules.map((m) => m.withdrawable(c.address)));
      const total = available.reduce((a, b) => a + b, 0n);
      let remaining = args.amount ? parseNyn(args.amount, "--amount") : total;
      if (remaining > total) {
        throw new HardhatPluginError(
          PLUGIN,
          `--amount: ${fmt(hre, remaining)} is more than ${c.address} can withdraw (${modules
            .map((m, i) => `${m === c.market ? "marketplace" : "job board"} ${fmt(hre, available[i])}`)
            .join(", ")})`,
        );
      }
      let done = false;
      for (const [i, module] of modules.entries()) {
        const amount = remaining < available[i] ? remaining : available[i];
        if (amount === 0n) continue;
        await sent(
          `withdraw ${fmt(hre, amount)} from the ${module === c.market ? "marketplace" : "job board"}`,
          module.withdraw(amount),
        );
        remaining -= amount;
        done = true;
      }
      if (!done) console.log(`Nothing to withdraw for ${c.address}`);
    }),
  );

task("market:reputation", "Show an account's market reputation (marketplace and job board together) and balances")
  .addParam("account", "Named account or address")
  .addFlag("json", "Print only JSON")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, "deployer");
      const who = await c.resolve(args.account);
      const r = await c.market.reputation(who);
      const view = {
        account: who,
        completedSales: r.completedSales,
        completedJobs: r.completedJobs,
        disputesOpened: r.disputesOpened,
        disputesWon: r.disputesWon,
        disputesLost: r.disputesLost,
        withdrawable: { marketplace: await c.market.withdrawable(who), jobBoard: await c.jobs.withdrawable(who) },
      };
      if (args.json) return printJson(view);
      console.log(`Reputation of ${who}`);
      console.log(`  completed sales  ${view.completedSales}`);
      console.log(`  completed jobs   ${view.completedJobs}`);
      console.log(`  disputes opened  ${view.disputesOpened}`);
      console.log(`  disputes won     ${view.disputesWon}`);
      console.log(`  disputes lost    ${view.disputesLost}`);
      console.log(
        `  withdrawable     ${fmt(hre, view.withdrawable.marketplace)} (marketplace), ${fmt(hre, view.withdrawable.jobBoard)} (job board)`,
      );
    }),
  );
