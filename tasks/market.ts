// Market and job-board shell: goods listings and orders, gig jobs, arbitration, withdrawals, reputation.
// Typechain and deploy/* are imported inside the actions (hardhat.config loads tasks before compiling).
import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { guardedBy, printJson, progress, sent } from "./util";
import { ENUMS, formatAmount, formatDate } from "../lib/format";
import { parseAmount, parseDuration, parseUint } from "../lib/input";

const PLUGIN = "nyn-market";

/** {@link guardedBy} for the market shell's tasks. */
const guarded = <T>(hre: HardhatRuntimeEnvironment, body: () => Promise<T>) => guardedBy(PLUGIN, hre, body);

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

/** A market payment token as the tasks show it (issue 17 part 3): NYN (the default) or an approved ERC-20. */
interface PayToken {
  address: string;
  symbol: string;
  decimals: number;
  isNyn: boolean;
}

type MarketModule = Awaited<ReturnType<typeof context>>["market"] | Awaited<ReturnType<typeof context>>["jobs"];

/** The symbol and decimals of the ERC-20 at `address` ("?" and 18 when it does not say). */
async function describeToken(hre: HardhatRuntimeEnvironment, address: string, nyn: string): Promise<PayToken> {
  if (address.toLowerCase() === nyn.toLowerCase()) return { address: nyn, symbol: "NYN", decimals: 18, isNyn: true };
  const erc20 = new hre.ethers.Contract(
    address,
    ["function symbol() view returns (string)", "function decimals() view returns (uint8)"],
    hre.ethers.provider,
  );
  const symbol = await erc20.symbol().catch(() => "?");
  const decimals = Number(await erc20.decimals().catch(() => 18n));
  return { address, symbol: String(symbol), decimals, isNyn: false };
}

/**
 * The payment token `spec` names on `module`: NYN (default, or "NYN"), an address, or the symbol of a token in the
 * module's token list (approved now or before).
 */
async function payToken(
  hre: HardhatRuntimeEnvironment,
  module: MarketModule,
  spec: string | undefined,
  flag = "--token",
): Promise<PayToken> {
  const nyn = await module.token();
  if (!spec || spec.toUpperCase() === "NYN") return describeToken(hre, nyn, nyn);
  const wanted: string = spec; // (isAddress narrows its argument)
  if (hre.ethers.isAddress(wanted)) return describeToken(hre, hre.ethers.getAddress(wanted), nyn);
  const count = await module.tokenCount();
  const known: string[] = [];
  for (let id = 1n; id <= count; id++) {
    const [address] = await module.tokenAt(id);
    const t = await describeToken(hre, address, nyn);
    if (t.symbol.toLowerCase() === spec.toLowerCase()) return t;
    known.push(t.symbol);
  }
  throw new HardhatPluginError(
    PLUGIN,
    `${flag}: no token "${spec}" in the token list of ${await module.getAddress()} (known: NYN${known.map((k) => `, ${k}`).join("")})`,
  );
}

/** The token of escrow `id`'s module record: an order's (Marketplace) or a job's (JobBoard); NYN when settled. */
async function escrowToken(
  hre: HardhatRuntimeEnvironment,
  c: Awaited<ReturnType<typeof context>>,
  kind: "order" | "job" | "dispute",
  id: bigint,
  module: MarketModule = c.market,
): Promise<PayToken> {
  const nyn = await c.market.token();
  if (kind === "order") {
    const address = await c.market.orderToken(id).catch(() => nyn); // a settled order has no record left
    return describeToken(hre, address, nyn);
  }
  const tokenId = kind === "job" ? (await c.jobs.job(id)).tokenId : (await module.dispute(id)).tokenId;
  const [address] = await (kind === "job" ? c.jobs : module).tokenAt(tokenId);
  return describeToken(hre, address, nyn);
}

/** `amount` of `token` for people: `12.5 tUSD`. */
function fmtIn(token: PayToken, amount: bigint): string {
  return formatAmount(amount, token.symbol, token.decimals);
}

/** The token's ERC-20 handle for approve/allowance, connected to `signer`. */
async function erc20Of(token: PayToken, signer: Signer) {
  const { IERC20__factory } = await import("../typechain-types");
  return IERC20__factory.connect(token.address, signer);
}

/** Approve `spender` for `amount` of a token other than NYN when the allowance is short (estimated, then sent). */
async function ensureAllowance(token: PayToken, signer: Signer, spender: string, amount: bigint): Promise<void> {
  const erc20 = await erc20Of(token, signer);
  if ((await erc20.allowance(await signer.getAddress(), spender)) >= amount) return;
  await sent(`approve ${fmtIn(token, amount)}`, erc20.approve(spender, amount));
}

// ---------------------------------------------------------------- goods

task("market:list", "List goods for sale in NYN or another DAO-approved token (--token)")
  .addParam("price", "Price per unit in the listing's token (e.g. 12.5)")
  .addOptionalParam("token", "Payment token: NYN (default), an approved token's symbol (e.g. tUSD) or address")
  .addParam("quantity", "Units for sale", undefined, types.int)
  .addOptionalParam("uri", "Metadata URI describing the goods", "ipfs://nyn-os/goods")
  .addOptionalParam("window", "Delivery window: time to ship, then to confirm (e.g. 3d)", "3d")
  .addOptionalParam("from", "Seller (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const token = await payToken(hre, c.market, args.token);
      const n = (await c.market.listingCount(c.address)) + 1n;
      const price = parseAmount(args.price, "--price", { decimals: token.decimals, symbol: token.symbol });
      const window = parseDuration(args.window, "--window");
      if (token.isNyn) {
        await sent("createListing", c.market.createListing(price, args.quantity, args.uri, window));
      } else {
        await sent(
          "createListingInToken",
          c.market.createListingInToken(token.address, price, args.quantity, args.uri, window),
        );
      }
      const id = (BigInt(c.address) << 64n) | n;
      console.log(`Listing ${hexId(id)} by ${c.address}: ${args.quantity} × ${fmtIn(token, price)}`);
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
        const tokens = new Map<bigint, PayToken>();
        for (const id of ids) {
          tokens.set(id, await describeToken(hre, await market.listingToken(id), await market.token()));
        }
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
            token: tokens.get(id)!,
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
            `  ${l.id}  ${l.status.padEnd(9)} ${fmtIn(l.token, l.pricePerUnit)} × ${l.quantity}` +
              `  window ${Number(l.deliveryWindow) / 3600}h  ${l.metadataURI ?? ""}`,
          );
        }
      }
    }),
  );

task(
  "market:buy",
  "Buy from a listing: its token goes into escrow (NYN: signs an EIP-2612 permit when the allowance is short; " +
    "another token: approves it first)",
)
  .addParam("listing", "Listing id (hex or decimal)")
  .addOptionalParam("quantity", "Units", 1, types.int)
  .addOptionalParam("maxPrice", "Highest acceptable price per unit in the listing's token (default: the current price)")
  .addOptionalParam("from", "Buyer (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const listingId = parseId(args.listing, "listing");
      const listing = await c.market.listing(listingId);
      const token = await describeToken(hre, await c.market.listingToken(listingId), await c.market.token());
      const maxPrice = args.maxPrice
        ? parseAmount(args.maxPrice, "--max-price", { decimals: token.decimals, symbol: token.symbol })
        : listing.pricePerUnit;
      const n = (await c.market.orderCount(c.address)) + 1n;
      const marketAddress = await c.market.getAddress();
      const nyn = c.system.nyn.connect(c.signer);
      const value = maxPrice * BigInt(args.quantity);
      if (!token.isNyn) {
        // Permits only where the token supports EIP-2612 (NYN): approve when short, then buy.
        await ensureAllowance(token, c.signer, marketAddress, value);
        await sent("buy", c.market.buy(listingId, args.quantity, maxPrice));
      } else if ((await nyn.allowance(c.address, marketAddress)) >= value) {
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
        `Order ${hexId(orderId)}: ${fmtIn(token, order.amount)} escrowed; seller must ship by ${formatDate(order.deadline)}`,
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
      console.log(`Order ${hexId(orderId)} shipped; the buyer confirms or disputes by ${formatDate(o.deadline)}`);
    }),
  );

task("market:confirm", "Buyer: confirm delivery (the seller is credited the price minus the fee)")
  .addParam("order", "Order id (hex or decimal)")
  .addOptionalParam("from", "Buyer (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const orderId = parseId(args.order, "order");
      const token = await escrowToken(hre, c, "order", orderId);
      const receipt = await sent("confirmDelivery", c.market.confirmDelivery(orderId));
      for (const log of receipt.logs) {
        const parsed = c.market.interface.parseLog(log);
        if (parsed?.name === "OrderCompleted") {
          console.log(
            `Order ${hexId(orderId)} completed: seller credited ${fmtIn(token, parsed.args.sellerAmount)}, fee ${fmtIn(token, parsed.args.fee)}`,
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
      const token = await escrowToken(hre, c, "order", orderId);
      const receipt = await sent("settle", c.market.settle(orderId));
      for (const log of receipt.logs) {
        const parsed = c.market.interface.parseLog(log);
        if (parsed?.name === "OrderCompleted") {
          console.log(`Order ${hexId(orderId)} completed: seller credited ${fmtIn(token, parsed.args.sellerAmount)}`);
        } else if (parsed?.name === "OrderRefunded") {
          console.log(`Order ${hexId(orderId)} refunded: buyer credited ${fmtIn(token, parsed.args.amount)}`);
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
      const token = await escrowToken(hre, c, "order", orderId);
      const receipt = await sent("openDispute", c.market.openDispute(orderId, args.evidence));
      for (const log of receipt.logs) {
        const parsed = c.market.interface.parseLog(log);
        if (parsed?.name === "DisputeOpened") {
          console.log(
            `Dispute ${parsed.args.disputeId} on the marketplace over ${fmtIn(token, parsed.args.amount)}; ` +
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
      const tokens = await Promise.all(ids.map((id) => escrowToken(hre, c, "order", id)));
      const rows = ids.map((id, i) => ({
        id: hexId(id),
        token: tokens[i].symbol,
        seller: orders[i].seller,
        status: ORDER_STATUS[Number(orders[i].status)],
        amount: orders[i].amount.toString(),
        deadline: Number(orders[i].deadline),
      }));
      if (args.json) return printJson({ buyer, total: Number(await c.market.orderCount(buyer)), orders: rows });
      console.log(`Buyer ${buyer}: ${await c.market.orderCount(buyer)} order(s)`);
      for (const [i, r] of rows.entries()) {
        console.log(
          `  ${r.id}  ${r.status.padEnd(8)} ${fmtIn(tokens[i], orders[i].amount)} from ${r.seller}  deadline ${formatDate(orders[i].deadline)}`,
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
      const token = await describeToken(hre, await c.market.listingToken(id), await c.market.token());
      const price = parseAmount(args.price, "--price", { decimals: token.decimals, symbol: token.symbol });
      await sent(`listing ${hexId(id)} now ${fmtIn(token, price)} per unit`, c.market.updatePrice(id, price));
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
      const nynAddress = await c.jobs.token();
      const tokens = await Promise.all(
        jobs.map(async (j) => describeToken(hre, (await c.jobs.tokenAt(j.tokenId))[0], nynAddress)),
      );
      const rows = ids.map((id, i) => ({
        id: Number(id),
        token: tokens[i].symbol,
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
            `  milestone ${r.currentMilestone + 1}/${r.milestones}  escrow ${fmtIn(tokens[i], jobs[i].escrowed)}  deadline ${formatDate(jobs[i].deadline)}`,
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
      const token = await escrowToken(hre, c, "job", jobId);
      await sent(`claimMilestone ${jobId}`, c.jobs.claimMilestone(jobId));
      const owed = await c.jobs.withdrawableToken(c.address, token.address);
      console.log(`withdrawable on the job board: ${fmtIn(token, owed)}`);
    }),
  );

task("job:post", "Client: post a job, escrowing its milestone budget (in NYN or another DAO-approved token)")
  .addParam("milestones", "Milestone amounts in the job's token, comma-separated (e.g. 300,700)")
  .addOptionalParam("token", "Payment token: NYN (default), an approved token's symbol (e.g. tUSD) or address")
  .addOptionalParam("deadline", "Time from now to deliver (e.g. 30d)", "30d")
  .addOptionalParam("uri", "Job description URI", "ipfs://nyn-os/job")
  .addOptionalParam("from", "Client (named account or address)", "deployer")
  .addFlag("approve", "Send an ERC-20 approve, then postJob (default: one postJobWithPermit transaction)")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const token = await payToken(hre, c.jobs, args.token);
      const amounts = String(args.milestones)
        .split(",")
        .map((x) => parseAmount(x.trim(), "--milestones", { decimals: token.decimals, symbol: token.symbol }));
      const budget = amounts.reduce((a, b) => a + b, 0n);
      const nyn = c.system.nyn.connect(c.signer);
      const jobsAddress = await c.jobs.getAddress();
      const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
      const deadline = now + parseDuration(args.deadline, "--deadline");
      if (!token.isNyn) {
        // No permit outside NYN: approve the budget, then post (the post is estimated before it is signed).
        await ensureAllowance(token, c.signer, jobsAddress, budget);
        await sent("postJobInToken", c.jobs.postJobInToken(token.address, amounts, deadline, args.uri));
        const id = await c.jobs.jobCount();
        console.log(
          `Job ${id}: ${amounts.length} milestone(s), ${fmtIn(token, budget)} escrowed, deadline ${formatDate(deadline)}`,
        );
        return;
      }
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
        `Job ${jobId}: ${amounts.length} milestone(s), ${formatAmount(budget)} escrowed, deadline ${formatDate(deadline)}`,
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
        `Job ${jobId} milestone ${index} submitted (hash ${hash}); review until ${formatDate(m.reviewDeadline)}`,
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
      const token = await escrowToken(hre, c, "job", jobId);
      const receipt = await sent("approveMilestone", c.jobs.approveMilestone(jobId));
      for (const log of receipt.logs) {
        const parsed = c.jobs.interface.parseLog(log);
        if (parsed?.name === "MilestonePaid") {
          console.log(
            `Job ${jobId} milestone ${parsed.args.index} paid: worker credited ${fmtIn(token, parsed.args.workerAmount)}, fee ${fmtIn(token, parsed.args.fee)}`,
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
      const jobId = parseId(args.job, "job");
      const token = await escrowToken(hre, c, "job", jobId);
      const receipt = await sent("openDispute", c.jobs.openDispute(jobId, args.evidence));
      for (const log of receipt.logs) {
        const parsed = c.jobs.interface.parseLog(log);
        if (parsed?.name === "DisputeOpened") {
          console.log(
            `Dispute ${parsed.args.disputeId} on the job board over ${fmtIn(token, parsed.args.amount)}; ` +
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
      const disputeId = parseId(args.dispute, "dispute");
      // The dispute's token (an external arbitrator's id is not a local one: then NYN is only a guess; amounts stay exact).
      const token = await escrowToken(hre, c, "dispute", disputeId, module).catch(() =>
        describeToken(hre, c.system.addresses.nyn, c.system.addresses.nyn),
      );
      const receipt = await sent("rule", module.rule(disputeId, args.payerBps));
      for (const log of receipt.logs) {
        const parsed = module.interface.parseLog(log);
        if (parsed?.name === "DisputeResolved") {
          const f = (x: bigint) => fmtIn(token, x);
          console.log(
            `Dispute ${parsed.args.disputeId} ruled ${Number(parsed.args.payerShareBps) / 100}% to the payer: payer ${f(parsed.args.payerAmount)}, ` +
              `payee ${f(parsed.args.payeeAmount)}, fee ${f(parsed.args.fee)}`,
          );
        }
      }
    }),
  );

task("market:withdraw", "Withdraw NYN (or --token) credited by the marketplace and/or the job board")
  .addOptionalParam("amount", "Amount in the token (default: everything)")
  .addOptionalParam("token", "Token: NYN (default), an approved (or removed) token's symbol or address")
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
      const token = await payToken(hre, modules[0], args.token);
      const available = await Promise.all(modules.map((m) => m.withdrawableToken(c.address, token.address)));
      const total = available.reduce((a, b) => a + b, 0n);
      let remaining = args.amount
        ? parseAmount(args.amount, "--amount", { decimals: token.decimals, symbol: token.symbol })
        : total;
      if (remaining > total) {
        throw new HardhatPluginError(
          PLUGIN,
          `--amount: ${fmtIn(token, remaining)} is more than ${c.address} can withdraw (${modules
            .map((m, i) => `${m === c.market ? "marketplace" : "job board"} ${fmtIn(token, available[i])}`)
            .join(", ")})`,
        );
      }
      let done = false;
      for (const [i, module] of modules.entries()) {
        const amount = remaining < available[i] ? remaining : available[i];
        if (amount === 0n) continue;
        await sent(
          `withdraw ${fmtIn(token, amount)} from the ${module === c.market ? "marketplace" : "job board"}`,
          token.isNyn ? module.withdraw(amount) : module.withdrawToken(token.address, amount),
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
        // Balances in the other payment tokens of either module's list (issue 17 part 3).
        withdrawableTokens: [] as { token: string; symbol: string; marketplace: bigint; jobBoard: bigint }[],
      };
      const nynAddress = await c.market.token();
      const seen = new Set<string>();
      for (const module of [c.market, c.jobs]) {
        for (let id = 1n; id <= (await module.tokenCount()); id++) {
          const [address] = await module.tokenAt(id);
          if (seen.has(address)) continue;
          seen.add(address);
          const t = await describeToken(hre, address, nynAddress);
          view.withdrawableTokens.push({
            token: address,
            symbol: t.symbol,
            marketplace: await c.market.withdrawableToken(who, address),
            jobBoard: await c.jobs.withdrawableToken(who, address),
          });
        }
      }
      if (args.json) return printJson(view);
      console.log(`Reputation of ${who}`);
      console.log(`  completed sales  ${view.completedSales}`);
      console.log(`  completed jobs   ${view.completedJobs}`);
      console.log(`  disputes opened  ${view.disputesOpened}`);
      console.log(`  disputes won     ${view.disputesWon}`);
      console.log(`  disputes lost    ${view.disputesLost}`);
      console.log(
        `  withdrawable     ${formatAmount(view.withdrawable.marketplace)} (marketplace), ${formatAmount(view.withdrawable.jobBoard)} (job board)`,
      );
      for (const w of view.withdrawableTokens) {
        const t = await describeToken(hre, w.token, nynAddress);
        console.log(`  withdrawable     ${fmtIn(t, w.marketplace)} (marketplace), ${fmtIn(t, w.jobBoard)} (job board)`);
      }
    }),
  );

// ---------------------------------------------------------------- payment tokens (issue 17 part 3)

task("market:tokens", "Show the payment tokens of the marketplace and the job board: NYN and the DAO-approved ones")
  .addFlag("json", "Print only JSON")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, "deployer");
      const view: Record<string, unknown[]> = {};
      for (const [name, module] of [
        ["marketplace", c.market],
        ["jobBoard", c.jobs],
      ] as const) {
        const rows = [];
        const nyn = await module.token();
        for (let id = 0n; id <= (await module.tokenCount()); id++) {
          const [address, approved] = await module.tokenAt(id);
          const t = await describeToken(hre, address, nyn);
          rows.push({
            id,
            address,
            symbol: t.symbol,
            decimals: t.decimals,
            approved,
            fees: await module.uncollectedTokenFees(address),
          });
        }
        view[name] = rows;
      }
      if (args.json) return printJson(view);
      for (const [name, rows] of Object.entries(view)) {
        console.log(`${name === "marketplace" ? "Marketplace" : "Job board"} payment tokens:`);
        for (const r of rows as {
          id: bigint;
          address: string;
          symbol: string;
          decimals: number;
          approved: boolean;
          fees: bigint;
        }[]) {
          const t = { address: r.address, symbol: r.symbol, decimals: r.decimals, isNyn: r.id === 0n };
          console.log(
            `  #${r.id} ${r.symbol.padEnd(6)} ${r.address}  ${r.approved ? "approved" : "removed "}  uncollected fees ${fmtIn(t, r.fees)}`,
          );
        }
      }
    }),
  );

task(
  "market:approve-token",
  "Governance: approve (or --remove) a payment token on the marketplace and the job board. Sent directly when the " +
    "signer holds MARKET_TOKENS_PERMISSION (a local deploy's root); otherwise prints the actions for dao:propose --actions",
)
  .addParam("token", "Token address (or, with --remove, an approved token's symbol)")
  .addFlag("remove", "Remove the token instead (existing escrows in it still settle)")
  .addOptionalParam("from", "Signer (named account or address)", "deployer")
  .setAction(async (args, hre) =>
    guarded(hre, async () => {
      const c = await context(hre, args.from);
      const { PERMISSION } = await import("../lib/ids");
      const approved = !args.remove;
      const actions = [];
      for (const module of [c.market, c.jobs]) {
        const token = await payToken(hre, module, args.token);
        const where = await module.getAddress();
        const name = module === c.market ? "marketplace" : "job board";
        const allowed = await c.system.acl.hasPermission(c.address, where, PERMISSION.MARKET_TOKENS);
        if (allowed) {
          await sent(
            `${approved ? "approve" : "remove"} ${token.symbol} on the ${name}`,
            module.setTokenApproved(token.address, approved),
          );
          const id = await module.tokenIdOf(token.address);
          console.log(
            `${token.symbol} (${token.address}) is token #${id} of the ${name}: ${approved ? "approved" : "removed"}`,
          );
        } else {
          actions.push({ target: where, signature: "setTokenApproved(address,bool)", args: [token.address, approved] });
        }
      }
      if (actions.length > 0) {
        console.log(
          `${c.address} holds no MARKET_TOKENS_PERMISSION: propose these actions (dao:propose --actions <file>):`,
        );
        printJson(actions);
      }
    }),
  );
