import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";

export const { ethers } = hre;

/** `n` NYN in NYN-wei. */
export const nyn = (n: number | string) => ethers.parseEther(String(n));
export const DAY = 86_400n;
export const WINDOW = 3n * DAY;
export const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
export const FEE_BPS = 250n;
export const BPS = 10_000n;

/** Order and listing statuses (IMarketplace enums). */
export const ListingStatus = { None: 0n, Active: 1n, Cancelled: 2n } as const;
export const OrderStatus = { None: 0n, Paid: 1n, Shipped: 2n, Disputed: 3n, Settled: 4n } as const;
export const JobStatus = { None: 0n, Open: 1n, Assigned: 2n, Completed: 3n, Cancelled: 4n, Expired: 5n } as const;
export const MilestoneStatus = { Pending: 0n, Submitted: 1n, Approved: 2n, Disputed: 3n, Resolved: 4n } as const;
export const DisputeStatus = { None: 0n, Open: 1n, Ruled: 2n, DefaultSettled: 3n } as const;

/** Listing and order ids: the account in the high 160 bits, its n-th listing/order in the low 64. */
export const idOf = (account: string, n: bigint | number) => (BigInt(account) << 64n) | BigInt(n);

/** The fee taken from `gross` at `bps`. */
export const feeOf = (gross: bigint, bps: bigint = FEE_BPS) => (gross * bps) / BPS;

export async function now(): Promise<bigint> {
  return BigInt(await time.latest());
}

/**
 * The deployed system with the market ready to trade: Bob (no NYN at deploy) gets 1,000,000 NYN from Alice, and
 * every named trader has approved both market modules without limit.
 */
export async function marketFixture() {
  const s = await systemFixture();
  const { alice, bob, carol, dave, deployer } = s.accounts;
  const market = s.marketplace;
  const jobs = s.jobBoard;
  await s.nyn.connect(alice).transfer(bob.address, nyn(1_000_000));
  for (const who of [alice, bob, carol, dave, deployer]) {
    await s.nyn.connect(who).approve(await market.getAddress(), ethers.MaxUint256);
    await s.nyn.connect(who).approve(await jobs.getAddress(), ethers.MaxUint256);
  }
  return { ...s, market, jobs };
}

/** Carol lists 10 units at 100 NYN (window 3 days); returns the listing id. */
export async function listed(f: Awaited<ReturnType<typeof marketFixture>>, price = nyn(100), quantity = 10n) {
  const { carol } = f.accounts;
  const n = (await f.market.listingCount(carol.address)) + 1n;
  await f.market.connect(carol).createListing(price, quantity, URI, WINDOW);
  return idOf(carol.address, n);
}

/** Bob buys `quantity` of `listingId` at its price; returns the order id. */
export async function bought(f: Awaited<ReturnType<typeof marketFixture>>, listingId: bigint, quantity = 1n) {
  const { bob } = f.accounts;
  const price = (await f.market.listing(listingId)).pricePerUnit;
  const n = (await f.market.orderCount(bob.address)) + 1n;
  await f.market.connect(bob).buy(listingId, quantity, price);
  return idOf(bob.address, n);
}

/** A listing bought by Bob (1 unit, 100 NYN) and shipped by Carol; returns the ids. */
export async function shippedOrder(f: Awaited<ReturnType<typeof marketFixture>>) {
  const listingId = await listed(f);
  const orderId = await bought(f, listingId);
  await f.market.connect(f.accounts.carol).ship(orderId);
  return { listingId, orderId };
}

/** Alice posts a job with `milestones` (NYN-wei), deadline in 30 days; returns the job id and the deadline. */
export async function posted(
  f: Awaited<ReturnType<typeof marketFixture>>,
  milestones: bigint[] = [nyn(300), nyn(700)],
) {
  const deadline = (await now()) + 30n * DAY;
  await f.jobs.connect(f.accounts.alice).postJob(milestones, deadline, URI);
  return { jobId: await f.jobs.jobCount(), deadline };
}

/** Alice's job with Dave applied and assigned. */
export async function assigned(f: Awaited<ReturnType<typeof marketFixture>>, milestones?: bigint[]) {
  const p = await posted(f, milestones);
  await f.jobs.connect(f.accounts.dave).applyForJob(p.jobId, URI);
  await f.jobs.connect(f.accounts.alice).assignWorker(p.jobId, f.accounts.dave.address);
  return p;
}
