import fc from "fast-check";
import hre from "hardhat";
import {
  DisputeModel,
  EscrowAccount,
  EscrowModel,
  Expected,
  ExpectedEvent,
  ListingModel,
  Model,
  OrderModel,
  SystemCommand,
  World,
  actor,
  actorAt,
  anyPair,
  event,
  exec,
  failure,
  hasPermission,
  lower,
  moveToken,
  nameOf,
  permissionFailure,
  pick,
  pinNextBlock,
  stats,
  success,
  tokenBalance,
} from "../model";
import { anyActor, shown } from "./common";

/**
 * Marketplace commands, and what the marketplace and the job board share (MarketEscrow: disputes ruled by ARBITER
 * holders or settled by default after the 30-day window, pull-payment withdrawals, fee collection, the governed
 * fee). Every call is predicted in the contract's check order; every NYN-wei that enters an escrow is tracked until
 * it is paid out (to the payee, the payer or the fees), and the invariants compare each module's NYN with
 * Σ open escrows + Σ withdrawable + uncollected fees (invariants/market.ts).
 *
 * Issue 17 part 3, a second token: listings and jobs may be priced in tUSD (a TestStablecoin, approved by the root
 * through MARKET_TOKENS in the prologue; `SetTokenApproved` removes or re-approves it), and every escrow, balance
 * and fee is then kept in its own token: the same flows, token by token, and conservation per token and module.
 */

export const BPS = 10_000n;
export const MAX_FEE_BPS = 1_000n;
const ARBITRATION_WINDOW = 30n * 86_400n;
const DEFAULT_PAYER_SHARE = 5_000n;
const MIN_WINDOW = 3_600n;
const MAX_WINDOW = 365n * 86_400n;
export const URI = "ipfs://nyn-os/property";

/** Fees (basis points) a fee setter picks: in bounds, and just above the cap (SECURITY.md E8). */
export const FEES = [0n, 1n, 333n, 250n, MAX_FEE_BPS, MAX_FEE_BPS + 1n];

/** Listing and order ids: the account in the high 160 bits, its n-th listing or order in the low 64. */
export const idOf = (account: string, n: number) => (BigInt(account) << 64n) | BigInt(n);

/** The module slice and contract of module `i` (0 = marketplace, 1 = job board). */
export function moduleOf(m: Model, w: World, i: number) {
  return i === 0
    ? { e: m.market as EscrowModel, c: w.s.marketplace, address: w.s.addresses.marketplace, name: "marketplace" }
    : { e: m.jobs as EscrowModel, c: w.s.jobBoard, address: w.s.addresses.jobBoard, name: "jobBoard" };
}

export function escrowAccount(e: EscrowModel, who: string): EscrowAccount {
  let a = e.accounts.get(lower(who));
  if (!a) {
    a = {
      balance: 0n,
      tokenBalance: 0n,
      completedSales: 0,
      completedJobs: 0,
      disputesOpened: 0,
      disputesWon: 0,
      disputesLost: 0,
    };
    e.accounts.set(lower(who), a);
  }
  return a;
}

/** `_payPayee`: the payee's net and the fee of `gross` at `feeBps`. */
export function split(gross: bigint, feeBps: bigint) {
  const fee = (gross * feeBps) / BPS;
  return { net: gross - fee, fee };
}

/** `_creditIn(token, who, amount)`: credit `amount` of token `token` (0 NYN, 1 tUSD) to `who`'s balance. */
export function credit(e: EscrowModel, who: string, amount: bigint, token: number) {
  const a = escrowAccount(e, who);
  if (token === 0) a.balance += amount;
  else a.tokenBalance += amount;
}

/** Apply `_payPayeeIn(token, payee, gross, feeBps, completion)` (token 0 NYN, 1 tUSD: balances and fees per token). */
export function payPayee(
  e: EscrowModel,
  payee: string,
  gross: bigint,
  feeBps: bigint,
  completion: "sale" | "job" | undefined,
  token: number,
) {
  const { net, fee } = split(gross, feeBps);
  const a = escrowAccount(e, payee);
  credit(e, payee, net, token);
  if (completion === "sale") a.completedSales++;
  if (completion === "job") a.completedJobs++;
  if (token === 0) e.fees += fee;
  else e.tokenFees += fee;
  return { net, fee };
}

/** `_openDisputeFor`: the events and the new dispute (its id is `disputes.length + 1`). */
export function openDispute(
  moduleAddress: string,
  e: EscrowModel,
  d: Omit<DisputeModel, "id" | "status" | "share">,
  evidence: string,
): { events: ExpectedEvent[]; apply: () => DisputeModel } {
  const id = e.disputes.length + 1;
  const events = [
    event(moduleAddress, "DisputeOpened", id, d.escrowId, d.openedBy, d.payer, d.payee, d.amount, d.deadline),
    event(moduleAddress, "Dispute", moduleAddress, id, d.escrowId, id),
  ];
  if (evidence !== "") events.push(event(moduleAddress, "Evidence", moduleAddress, id, d.openedBy, evidence));
  return {
    events,
    apply: () => {
      const dispute: DisputeModel = { ...d, id, status: 1, share: 0n };
      e.disputes.push(dispute);
      escrowAccount(e, d.openedBy).disputesOpened++;
      return dispute;
    },
  };
}

/** `_settleDispute` at `share` (payer's basis points): DisputeResolved's values and the model update. */
export function settleDispute(e: EscrowModel, d: DisputeModel, share: bigint) {
  const payerAmount = (d.amount * share) / BPS;
  const { net, fee } = split(d.amount - payerAmount, d.feeBps);
  return {
    payerAmount,
    payeeAmount: net,
    fee,
    apply: () => {
      d.share = share;
      if (payerAmount !== 0n) credit(e, d.payer, payerAmount, d.token);
      payPayee(e, d.payee, d.amount - payerAmount, d.feeBps, undefined, d.token);
      if (share > DEFAULT_PAYER_SHARE) {
        escrowAccount(e, d.payer).disputesWon++;
        escrowAccount(e, d.payee).disputesLost++;
      } else if (share < DEFAULT_PAYER_SHARE) {
        escrowAccount(e, d.payee).disputesWon++;
        escrowAccount(e, d.payer).disputesLost++;
      }
    },
  };
}

/** `setFee(value)` on module `i` by `by` at `at` (also a proposal's action, with the timelock as `by`). */
export function predictSetFee(m: Model, w: World, i: number, by: string, at: bigint, value: bigint): Expected {
  const { e, address } = moduleOf(m, w, i);
  const pair = anyPair(w, i === 0 ? "MARKET_ADMIN@marketplace" : "MARKET_ADMIN@jobBoard");
  if (!hasPermission(m, by, pair, at)) return failure("ACLUnauthorized", [by, pair.where, pair.what]);
  if (value > MAX_FEE_BPS) return failure("MarketEscrowFeeTooHigh", [value, MAX_FEE_BPS]);
  return success(event(address, "FeeChanged", e.feeBps, value));
}

export function applySetFee(m: Model, i: number, value: bigint) {
  (i === 0 ? m.market : m.jobs).feeBps = value;
}

/** What settling escrow `escrowId` of module `i` after its dispute does besides the dispute's own events. */
export type DisputeHook = (
  m: Model,
  w: World,
  i: number,
  d: DisputeModel,
) => { events: ExpectedEvent[]; apply: () => void };

/** Set by commands/jobs.ts: the job board's `_onDisputeSettled`. */
export const disputeHooks: DisputeHook[] = [];

/**
 * `_defaultPayerShareBps` of module `i`: the payer's share when dispute `d` is settled by default. The
 * marketplace's is the even split; commands/jobs.ts sets the job board's (it follows the milestone's work).
 */
export const defaultShares: ((m: Model, d: DisputeModel) => bigint)[] = [() => DEFAULT_PAYER_SHARE];

/** The marketplace's `_onDisputeSettled`: the order is Resolved. */
disputeHooks[0] = (m, w, _i, d) => {
  const o = m.market.orders.find((x) => x.id === d.escrowId)!;
  return {
    events: [event(w.s.addresses.marketplace, "OrderResolved", o.id, d.id)],
    apply: () => {
      o.paidOut += o.amount;
      o.amount = 0n;
      o.status = 6;
      o.settlements++;
    },
  };
};

// ------------------------------------------------------------------------------------------------ listings

/** Prices per unit: none, and amounts whose fees and ruling shares do not divide evenly (rounding shows). */
const PRICES = [0n, 10n ** 18n + 7n, 3n * 10n ** 18n + 1n, 10n ** 19n + 3n];
const QUANTITIES = [0n, 1n, 3n, 6n];
const WINDOWS = [MIN_WINDOW - 1n, MIN_WINDOW, 86_400n, 3n * 86_400n];

/** The same prices in tUSD (6 decimals: 10^-12 of the NYN amounts, rounding still uneven). */
const TOKEN_PRICES = [0n, 10n ** 6n + 7n, 3n * 10n ** 6n + 1n, 10n ** 7n + 3n];

/**
 * `createListing`, or (token 1, issue 17) `createListingInToken(tUSD, …)`: refused with
 * `MarketEscrowTokenNotApproved` while tUSD is not approved on the marketplace, else `ListingPricedInToken` follows.
 */
export class CreateListing extends SystemCommand<{
  by: number;
  price: number;
  quantity: number;
  window: number;
  token?: number;
}> {
  readonly name: string;
  constructor(a: { by: number; price: number; quantity: number; window: number; token?: number }) {
    super(a);
    this.name = a.token ? "createListingInToken" : "createListing";
  }
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const token = this.a.token ?? 0;
    const price = (token === 0 ? PRICES : TOKEN_PRICES)[this.a.price % PRICES.length];
    const quantity = QUANTITIES[this.a.quantity % QUANTITIES.length];
    const window = WINDOWS[this.a.window % WINDOWS.length];
    await pinNextBlock(m);
    const mk = w.s.addresses.marketplace;
    const seller = m.market.sellers.get(lower(by.address));
    const n = (seller?.listingCount ?? 0) + 1;
    const id = idOf(by.address, n);
    let expected: Expected;
    if (token !== 0 && !m.market.tokenApproved) expected = failure("MarketEscrowTokenNotApproved", [w.tusdAddress]);
    else if (price === 0n) expected = failure("MarketplaceZeroPrice");
    else if (quantity === 0n) expected = failure("MarketplaceZeroQuantity");
    else if (window < MIN_WINDOW || window > MAX_WINDOW) {
      expected = failure("MarketplaceInvalidDeliveryWindow", [window, MIN_WINDOW, MAX_WINDOW]);
    } else {
      expected = success(
        ...(seller ? [] : [event(mk, "SellerRegistered", by.address, m.market.sellerCount + 1)]),
        event(mk, "ListingCreated", id, by.address, price, quantity, window, URI),
        ...(token === 0 ? [] : [event(mk, "ListingPricedInToken", id, w.tusdAddress)]),
      );
    }
    const unit = token === 0 ? "" : " tUSD";
    this.resolved = shown(
      this.name,
      [w.names[by.index], `${price}${unit}`, `x${quantity}`, `window ${window}`],
      expected,
    );
    const market = w.s.marketplace.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) =>
        token === 0
          ? market.createListing(price, quantity, URI, window, o)
          : market.createListingInToken(w.tusdAddress, price, quantity, URI, window, o),
      expected,
    );
    if (expected.ok) {
      if (!seller) m.market.sellers.set(lower(by.address), { id: ++m.market.sellerCount, listingCount: 0 });
      m.market.sellers.get(lower(by.address))!.listingCount = n;
      m.market.listings.push({ id, seller: lower(by.address), price, quantity, window, status: 1, token });
    }
    return this.resolved;
  }
}

/** A listing: mostly an active one (`inStock`: with units left); for selector 31 an id nobody listed. */
function pickListing(m: Model, w: World, sel: number, inStock = false): { id: bigint; l?: ListingModel } {
  if (sel === 31) return { id: idOf(w.addresses[6], 99) };
  const active = m.market.listings.filter((l) => l.status === 1 && (!inStock || l.quantity > 0n));
  const l = sel % 4 !== 3 && active.length > 0 ? pick(active, sel >> 2)! : pick(m.market.listings, sel);
  return l ? { id: l.id, l } : { id: idOf(w.addresses[6], 99) };
}

/** `_ownActiveListing`: unknown, not the seller, not active. */
function predictOwnListing(by: string, id: bigint, l: ListingModel | undefined): Expected | undefined {
  if (!l) return failure("MarketplaceUnknownListing", [id]);
  if (lower(by) !== l.seller) return failure("MarketplaceNotSeller", [id, by, l.seller]);
  if (l.status !== 1) return failure("MarketplaceListingNotActive", [id, l.status]);
  return undefined;
}

class UpdatePrice extends SystemCommand<{ by: number; listing: number; price: number }> {
  readonly name = "updatePrice";
  protected async step(m: Model, w: World) {
    const { id, l } = pickListing(m, w, this.a.listing);
    const by = l && this.a.by < 0 ? actorAt(w, l.seller)! : actor(m, w, this.a.by);
    const price = (l?.token ? TOKEN_PRICES : PRICES)[this.a.price % PRICES.length];
    await pinNextBlock(m);
    let expected: Expected;
    if (price === 0n) expected = failure("MarketplaceZeroPrice");
    else {
      expected =
        predictOwnListing(by.address, id, l) ??
        success(event(w.s.addresses.marketplace, "ListingPriceUpdated", id, l!.price, price));
    }
    this.resolved = shown(this.name, [w.names[by.index], `listing ${shortId(w, id)}`, price], expected);
    const market = w.s.marketplace.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => market.updatePrice(id, price, o), expected);
    if (expected.ok) l!.price = price;
    return this.resolved;
  }
}

class CancelListing extends SystemCommand<{ by: number; listing: number }> {
  readonly name = "cancelListing";
  protected async step(m: Model, w: World) {
    const { id, l } = pickListing(m, w, this.a.listing);
    const by = l && this.a.by < 0 ? actorAt(w, l.seller)! : actor(m, w, this.a.by);
    await pinNextBlock(m);
    const expected =
      predictOwnListing(by.address, id, l) ?? success(event(w.s.addresses.marketplace, "ListingCancelled", id));
    this.resolved = shown(this.name, [w.names[by.index], `listing ${shortId(w, id)}`], expected);
    const market = w.s.marketplace.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => market.cancelListing(id, o), expected);
    if (expected.ok) l!.status = 2;
    return this.resolved;
  }
}

/** `seller#n` for an id (account in the high bits). */
export function shortId(w: World, id: bigint): string {
  return `${nameOf(w, hre.ethers.getAddress(hre.ethers.toBeHex(id >> 64n, 20)))}#${id & ((1n << 64n) - 1n)}`;
}

// ------------------------------------------------------------------------------------------------ orders

type MaxPrice = "exact" | "above" | "below";

export class Buy extends SystemCommand<{
  by: number;
  listing: number;
  quantity: number;
  max: MaxPrice;
  /** "last": the newest listing (the prologue's way to name one). */
  target?: "last";
}> {
  readonly name = "buy";
  protected async step(m: Model, w: World) {
    const last = m.market.listings[m.market.listings.length - 1];
    const { id, l } =
      this.a.target === "last" && last ? { id: last.id, l: last } : pickListing(m, w, this.a.listing, true);
    const by = actor(m, w, this.a.by);
    const quantity = BigInt(this.a.quantity);
    const price = l?.price ?? 10n ** 18n;
    const max = this.a.max === "exact" ? price : this.a.max === "above" ? price * 2n : price - 1n;
    const at = await pinNextBlock(m);
    const n = (m.market.orderCounts.get(lower(by.address)) ?? 0) + 1;
    const orderId = idOf(by.address, n);
    const amount = price * quantity;
    const token = l?.token ?? 0;
    const balance = tokenBalance(m, token, by.address);
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (quantity === 0n) expected = failure("MarketplaceZeroQuantity");
    else if (!l) expected = failure("MarketplaceUnknownListing", [id]);
    else if (l.status !== 1) expected = failure("MarketplaceListingNotActive", [id, l.status]);
    else if (lower(by.address) === l.seller) expected = failure("MarketplaceSelfPurchase", [id, by.address]);
    else if (quantity > l.quantity) expected = failure("MarketplaceInsufficientQuantity", [id, quantity, l.quantity]);
    else if (price > max)
      expected = failure("MarketplacePriceAboveMax", [id, price, max]); // E3
    // Issue 17: a listing in a token removed since sells nothing new.
    else if (token !== 0 && !m.market.tokenApproved) {
      expected = failure("MarketEscrowTokenNotApproved", [w.tusdAddress]);
    } else if (amount > balance) expected = failure("ERC20InsufficientBalance", [by.address, balance, amount]);
    else {
      expected = success(
        event(w.s.addresses.marketplace, "OrderPlaced", orderId, id, by.address, quantity, amount, at + l.window),
      );
    }
    this.resolved = shown(
      this.name,
      [w.names[by.index], `listing ${shortId(w, id)}`, `x${quantity}`, this.a.max],
      expected,
    );
    const market = w.s.marketplace.connect(w.actors[by.index]);
    // A purchase in tUSD counts as "buyInToken" (the required outcomes list it apart).
    await exec(m, w, token === 0 ? this.name : "buyInToken", (o) => market.buy(id, quantity, max, o), expected);
    if (expected.ok) {
      l!.quantity -= quantity;
      m.market.orderCounts.set(lower(by.address), n);
      m.market.orders.push({
        id: orderId,
        listingId: id,
        buyer: lower(by.address),
        seller: l!.seller,
        status: 1,
        feeBps: m.market.feeBps,
        deadline: at + l!.window,
        window: l!.window,
        amount,
        deposit: amount,
        paidOut: 0n,
        settlements: 0,
        token,
      });
      moveToken(m, token, by.address, w.s.addresses.marketplace, amount);
    }
    return this.resolved;
  }
}

type OrderAction = "ship" | "confirm" | "refund" | "settle" | "dispute";
/**
 * `IMarketplace.OrderStatus` for the model's finer status: None 0, Paid 1, Shipped 2, Disputed 3, Settled 4 (the
 * contract keeps one terminal status for completed, refunded and resolved orders; the events tell which).
 */
export function orderStatusOnChain(status: number): number {
  return status === 5 ? 3 : status === 3 || status === 4 || status === 6 ? 4 : status;
}

const ORDER_WANTS: Record<OrderAction, number[]> = {
  ship: [1],
  confirm: [1, 2],
  refund: [1, 2],
  settle: [1, 2],
  dispute: [2],
};

/** Who acts on an order: 0 = the entitled party, 1 = the counterparty, 2+ = actor `sel - 2`. */
function orderActor(m: Model, w: World, o: OrderModel | undefined, action: OrderAction, sel: number) {
  if (!o || sel >= 2) return actor(m, w, sel - 2);
  const sellerActs = action === "ship" || action === "refund" || (action === "dispute" && sel === 1);
  const who = (sellerActs ? sel === 0 : sel === 1) ? o.seller : o.buyer;
  return actorAt(w, who)!;
}

/** An order: for an even selector one in a state where `action` applies, else any (or an unknown id). */
function pickOrder(m: Model, w: World, sel: number, action: OrderAction): { id: bigint; o?: OrderModel } {
  const fitting = m.market.orders.filter((o) => ORDER_WANTS[action].includes(o.status));
  const o = sel % 2 === 0 && fitting.length > 0 ? pick(fitting, sel >> 1) : pick(m.market.orders, sel >> 1);
  return o ? { id: o.id, o } : { id: idOf(w.addresses[6], 99) };
}

export class OrderStep extends SystemCommand<{ by: number; order: number; evidence: boolean; target?: bigint }> {
  readonly name: string;
  constructor(
    private readonly action: OrderAction,
    a: { by: number; order: number; evidence: boolean; target?: bigint },
  ) {
    super(a);
    this.name = { ship: "ship", confirm: "confirm", refund: "refund", settle: "settleOrder", dispute: "disputeOrder" }[
      action
    ];
  }
  protected async step(m: Model, w: World) {
    // Target -1: the newest order (the prologue's way to name one).
    const targeted =
      this.a.target === -1n
        ? m.market.orders[m.market.orders.length - 1]
        : m.market.orders.find((x) => x.id === this.a.target);
    const { id, o } = targeted ? { id: targeted.id, o: targeted } : pickOrder(m, w, this.a.order, this.action);
    const by = this.action === "settle" ? actor(m, w, this.a.by) : orderActor(m, w, o, this.action, this.a.by);
    const at = await pinNextBlock(m);
    const mk = w.s.addresses.marketplace;
    const e = m.market;
    let expected: Expected = success();
    let apply = () => {};
    const sellerId = (who: string) => e.sellers.get(lower(who))?.id;
    const live = (x: OrderModel) => x.status === 1 || x.status === 2;
    if (!o) expected = failure("MarketplaceUnknownOrder", [id]);
    // A settled order's record is gone: every action refuses it before looking at who acts.
    else if (orderStatusOnChain(o.status) === 4) expected = failure("MarketplaceInvalidOrderStatus", [id, 4]);
    else if (this.action === "ship") {
      if (sellerId(by.address) !== e.sellers.get(o.seller)!.id) {
        expected = failure("MarketplaceNotSeller", [id, by.address, o.seller]);
      } else if (o.status !== 1)
        expected = failure("MarketplaceInvalidOrderStatus", [id, orderStatusOnChain(o.status)]);
      else if (at > o.deadline) expected = failure("MarketplaceDeadlinePassed", [id, o.deadline, at]);
      else {
        expected = success(event(mk, "OrderShipped", id, at + o.window));
        apply = () => {
          o.status = 2;
          o.deadline = at + o.window;
        };
      }
    } else if (this.action === "confirm" || this.action === "refund") {
      if (this.action === "confirm" && lower(by.address) !== o.buyer) {
        expected = failure("MarketplaceNotBuyer", [id, by.address, o.buyer]);
      } else if (this.action === "refund" && sellerId(by.address) !== e.sellers.get(o.seller)!.id) {
        expected = failure("MarketplaceNotSeller", [id, by.address, o.seller]);
      } else if (!live(o)) expected = failure("MarketplaceInvalidOrderStatus", [id, orderStatusOnChain(o.status)]);
      else ({ expected, apply } = this.action === "confirm" ? complete(m, w, o, false) : refund(m, w, o, false));
    } else if (this.action === "settle") {
      if (!live(o)) expected = failure("MarketplaceInvalidOrderStatus", [id, orderStatusOnChain(o.status)]);
      else if (at <= o.deadline) expected = failure("MarketplaceDeadlineNotPassed", [id, o.deadline, at]);
      else ({ expected, apply } = o.status === 1 ? refund(m, w, o, true) : complete(m, w, o, true));
    } else {
      const evidence = this.a.evidence ? URI : "";
      if (lower(by.address) !== o.buyer && lower(by.address) !== o.seller) {
        expected = failure("MarketplaceNotParty", [id, by.address]);
      } else if (o.status !== 2)
        expected = failure("MarketplaceInvalidOrderStatus", [id, orderStatusOnChain(o.status)]);
      else if (at > o.deadline) expected = failure("MarketplaceDeadlinePassed", [id, o.deadline, at]);
      else {
        const d = openDispute(
          mk,
          e,
          {
            payer: o.buyer,
            payee: o.seller,
            amount: o.amount,
            feeBps: o.feeBps,
            deadline: at + ARBITRATION_WINDOW,
            escrowId: id,
            openedBy: lower(by.address),
            token: o.token,
          },
          evidence,
        );
        expected = success(...d.events, event(mk, "OrderDisputed", id, e.disputes.length + 1, by.address));
        apply = () => {
          d.apply();
          o.status = 5;
        };
      }
    }
    this.resolved = shown(this.name, [w.names[by.index], `order ${shortId(w, id)}`], expected);
    const market = w.s.marketplace.connect(w.actors[by.index]);
    const call = {
      ship: () => market.ship,
      confirm: () => market.confirmDelivery,
      refund: () => market.refundOrder,
      settle: () => market.settle,
    } as const;
    await exec(
      m,
      w,
      this.name,
      (ov) =>
        this.action === "dispute"
          ? market.openDispute(id, this.a.evidence ? URI : "", ov)
          : call[this.action]()(id, ov),
      expected,
    );
    if (expected.ok) apply();
    return this.resolved;
  }
}

/** `_complete`: the seller is credited the amount minus the fee. */
function complete(m: Model, w: World, o: OrderModel, byTimeout: boolean) {
  const { net, fee } = split(o.amount, o.feeBps);
  return {
    expected: success(event(w.s.addresses.marketplace, "OrderCompleted", o.id, net, fee, byTimeout)),
    apply: () => {
      payPayee(m.market, o.seller, o.amount, o.feeBps, "sale", o.token);
      o.paidOut += o.amount;
      o.amount = 0n;
      o.status = 3;
      o.settlements++;
    },
  };
}

/** `_refund`: the buyer is credited the whole amount. */
function refund(m: Model, w: World, o: OrderModel, byTimeout: boolean) {
  return {
    expected: success(event(w.s.addresses.marketplace, "OrderRefunded", o.id, o.amount, byTimeout)),
    apply: () => {
      credit(m.market, o.buyer, o.amount, o.token);
      o.paidOut += o.amount;
      o.amount = 0n;
      o.status = 4;
      o.settlements++;
    },
  };
}

// ------------------------------------------------------------------------------------------------ shared escrow

const RULINGS = [0n, 3_333n, 5_000n, 7_777n, BPS, BPS + 1n];

/** A dispute of module `i`: for an even selector an open one, else any (or an unknown id). */
function pickDispute(e: EscrowModel, sel: number): { id: number; d?: DisputeModel } {
  const open = e.disputes.filter((d) => d.status === 1);
  const d = sel % 2 === 0 && open.length > 0 ? pick(open, sel >> 1) : pick(e.disputes, sel >> 1);
  return d ? { id: d.id, d } : { id: e.disputes.length + 1 };
}

/** `_liveDispute`. */
function predictLive(id: number, d: DisputeModel | undefined): Expected | undefined {
  if (!d) return failure("MarketEscrowUnknownDispute", [id]);
  if (d.status !== 1) return failure("MarketEscrowDisputeNotOpen", [id, d.status]);
  return undefined;
}

/** `rule(id, ruling)` by an ARBITER holder, or settleDisputeByDefault(id) by anyone once the window closed. */
export class Rule extends SystemCommand<{
  module: number;
  by: number;
  dispute: number;
  ruling: number;
  target?: number;
}> {
  readonly name: string;
  constructor(
    private readonly byDefault: boolean,
    a: { module: number; by: number; dispute: number; ruling: number; target?: number },
  ) {
    super(a);
    this.name = byDefault ? "settleByDefault" : "rule";
  }
  protected async step(m: Model, w: World) {
    const { e, c, address, name } = moduleOf(m, w, this.a.module);
    const { id, d } =
      this.a.target !== undefined
        ? { id: this.a.target, d: e.disputes[this.a.target - 1] }
        : pickDispute(e, this.a.dispute);
    // -1 = the arbiter named by the config; otherwise an actor (ARBITER may have been granted to one).
    const signer = this.a.by < 0 ? w.arbiter : w.actors[actor(m, w, this.a.by).index];
    const ruling = this.byDefault
      ? d
        ? defaultShares[this.a.module](m, d)
        : DEFAULT_PAYER_SHARE // an unknown dispute: the call reverts before the share matters
      : RULINGS[this.a.ruling % RULINGS.length];
    const at = await pinNextBlock(m);
    const pair = anyPair(w, this.a.module === 0 ? "ARBITER@marketplace" : "ARBITER@jobBoard");
    let expected: Expected | undefined;
    if (!this.byDefault) {
      if (!hasPermission(m, signer.address, pair, at))
        expected = failure("MarketEscrowNotArbitrator", [signer.address, id]);
      else if (ruling > BPS) expected = failure("MarketEscrowRulingOutOfRange", [ruling, BPS]);
    }
    expected ??= predictLive(id, d);
    if (!expected && !this.byDefault && at > d!.deadline) {
      expected = failure("MarketEscrowRulingWindowClosed", [id, d!.deadline, at]);
    }
    if (!expected && this.byDefault && at <= d!.deadline) {
      expected = failure("MarketEscrowRulingWindowOpen", [id, d!.deadline, at]);
    }
    let apply = () => {};
    if (!expected) {
      const s = settleDispute(e, d!, ruling);
      const hook = disputeHooks[this.a.module](m, w, this.a.module, d!);
      expected = success(
        ...(this.byDefault ? [] : [event(address, "Ruling", signer.address, id, ruling)]),
        event(address, "DisputeResolved", id, ruling, s.payerAmount, s.payeeAmount, s.fee, this.byDefault),
        ...hook.events,
      );
      apply = () => {
        // ATTACKS.md R6: count the job board's defaults by the side the work on record favoured.
        if (this.byDefault && this.a.module === 1)
          stats.record(ruling === BPS ? "jobDefaultRefund" : "jobDefaultPay", "ok");
        d!.status = this.byDefault ? 3 : 2;
        s.apply();
        hook.apply();
      };
    }
    const args = [nameOf(w, signer.address), `${name} dispute ${id}`, ...(this.byDefault ? [] : [ruling])];
    this.resolved = shown(this.name, args, expected);
    const module = c.connect(signer);
    await exec(
      m,
      w,
      this.name,
      (o) => (this.byDefault ? module.settleDisputeByDefault(id, o) : module.rule(id, ruling, o)),
      expected,
    );
    if (expected.ok) apply();
    return this.resolved;
  }
}

/** `withdraw(amount)`, or (token 1, issue 17) `withdrawToken(tUSD, amount)` from the tUSD balance. */
class EscrowWithdraw extends SystemCommand<{ module: number; by: number; permille: number | "over"; token?: number }> {
  readonly name: string;
  constructor(a: { module: number; by: number; permille: number | "over"; token?: number }) {
    super(a);
    this.name = a.token ? "withdrawToken" : "withdraw";
  }
  protected async step(m: Model, w: World) {
    const { e, c, address, name } = moduleOf(m, w, this.a.module);
    const token = this.a.token ?? 0;
    const balanceOf = (a: EscrowAccount | undefined) => (token === 0 ? a?.balance : a?.tokenBalance) ?? 0n;
    // An even selector picks someone with a balance (pull payments are how escrows pay out).
    const owed = [...e.accounts.entries()].filter(([, a]) => balanceOf(a) > 0n).map(([who]) => who);
    const who = this.a.by % 2 === 0 && owed.length > 0 ? pick(owed, this.a.by >> 1)! : w.addresses[this.a.by % 7];
    const by = actorAt(w, lower(who))!;
    const balance = balanceOf(e.accounts.get(lower(by.address)));
    const amount = this.a.permille === "over" ? balance + 1n : (balance * BigInt(this.a.permille)) / 1000n;
    await pinNextBlock(m);
    let expected: Expected;
    if (amount === 0n) expected = failure("MarketEscrowZeroAmount");
    else if (amount > balance) expected = failure("MarketEscrowInsufficientBalance", [by.address, balance, amount]);
    else if (token === 0) expected = success(event(address, "Withdrawn", by.address, amount));
    else expected = success(event(address, "TokenWithdrawn", by.address, w.tusdAddress, amount));
    this.resolved = shown(this.name, [w.names[by.index], name, amount], expected);
    const module = c.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) => (token === 0 ? module.withdraw(amount, o) : module.withdrawToken(w.tusdAddress, amount, o)),
      expected,
    );
    if (expected.ok) {
      credit(e, by.address, -amount, token);
      moveToken(m, token, address, by.address, amount);
    }
    return this.resolved;
  }
}

/** `collectFees()`, or (token 1, issue 17) `collectTokenFees(tUSD)`: anyone sends them to the treasury. */
class EscrowCollectFees extends SystemCommand<{ module: number; by: number; token?: number }> {
  readonly name: string;
  constructor(a: { module: number; by: number; token?: number }) {
    super(a);
    this.name = a.token ? "collectTokenFees" : "collectFees";
  }
  protected async step(m: Model, w: World) {
    const token = this.a.token ?? 0;
    const feesOf = (e: EscrowModel) => (token === 0 ? e.fees : e.tokenFees);
    // An even selector picks a module with fees (if any).
    const withFees = [0, 1].filter((i) => feesOf(moduleOf(m, w, i).e) > 0n);
    const i = this.a.by % 2 === 0 && withFees.length > 0 ? withFees[this.a.module % withFees.length] : this.a.module;
    const { e, c, address, name } = moduleOf(m, w, i);
    const by = actor(m, w, this.a.by);
    await pinNextBlock(m);
    const amount = feesOf(e);
    const expected =
      amount === 0n
        ? failure("MarketEscrowNoFees")
        : token === 0
          ? success(event(address, "FeesCollected", e.treasury, amount, by.address))
          : success(event(address, "TokenFeesCollected", e.treasury, w.tusdAddress, amount, by.address));
    this.resolved = shown(this.name, [w.names[by.index], name], expected);
    const module = c.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) => (token === 0 ? module.collectFees(o) : module.collectTokenFees(w.tusdAddress, o)),
      expected,
    );
    if (expected.ok) {
      if (token === 0) e.fees = 0n;
      else e.tokenFees = 0n;
      moveToken(m, token, address, e.treasury, amount);
    }
    return this.resolved;
  }
}

/**
 * Issue 17: `setTokenApproved(tUSD, approved)` (MARKET_TOKENS, held by the root), counted as approveToken or
 * removeToken: it re-approves tUSD where it was removed (if anywhere), else removes it from module `module`; the
 * wrong way (`wrongWay`: approving it where it is approved, or removing it where it is not) is refused. tUSD gets
 * id 1 on its first approval and keeps it.
 */
export class SetTokenApproved extends SystemCommand<{ module: number; by: number; wrongWay: boolean }> {
  readonly name = "setTokenApproved";
  protected async step(m: Model, w: World) {
    const removed = [0, 1].filter((i) => !moduleOf(m, w, i).e.tokenApproved);
    const module = !this.a.wrongWay && removed.length > 0 ? removed[this.a.module % removed.length] : this.a.module;
    const { e, c, address, name } = moduleOf(m, w, module);
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const pair = anyPair(w, module === 0 ? "MARKET_TOKENS@marketplace" : "MARKET_TOKENS@jobBoard");
    const approved = this.a.wrongWay ? e.tokenApproved : !e.tokenApproved;
    const label = approved ? "approveToken" : "removeToken";
    const id = e.tokenId === 0 ? 1 : e.tokenId;
    let expected: Expected;
    if (!hasPermission(m, by.address, pair, at)) expected = permissionFailure(m, w, by.address, pair, at);
    else if (approved && e.tokenApproved) expected = failure("MarketEscrowTokenAlreadyApproved", [w.tusdAddress]);
    else if (!approved && !e.tokenApproved) expected = failure("MarketEscrowTokenNotApproved", [w.tusdAddress]);
    else expected = success(event(address, approved ? "TokenApproved" : "TokenRemoved", w.tusdAddress, id));
    this.resolved = shown(label, [w.names[by.index], name, "tUSD"], expected);
    const contract = c.connect(w.actors[by.index]);
    await exec(m, w, label, (o) => contract.setTokenApproved(w.tusdAddress, approved, o), expected);
    if (expected.ok) {
      e.tokenApproved = approved;
      e.tokenId = id;
    }
    return this.resolved;
  }
}

class SetFee extends SystemCommand<{ module: number; by: number; fee: number }> {
  readonly name = "setFee";
  protected async step(m: Model, w: World) {
    const { c, name } = moduleOf(m, w, this.a.module);
    const by = actor(m, w, this.a.by);
    const fee = FEES[this.a.fee % FEES.length];
    const at = await pinNextBlock(m);
    const expected = predictSetFee(m, w, this.a.module, by.address, at, fee);
    this.resolved = shown(this.name, [w.names[by.index], name, fee], expected);
    const module = c.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => module.setFee(fee, o), expected);
    if (expected.ok) applySetFee(m, this.a.module, fee);
    return this.resolved;
  }
}

const moduleSel = fc.nat({ max: 1 });
/** Issue 17: the token of a new listing or job, or of a withdrawal or fee collection: NYN 2 in 3, tUSD 1 in 3. */
export const tokenSel = fc.constantFrom(0, 0, 1);
const permille = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 300, 1000, 1000) },
  { weight: 1, arbitrary: fc.constant("over" as const) },
);
/** 0 = the entitled party, 1 = the counterparty, 2-8 = any actor. */
const party = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 8 }) },
);
/** -1 = the configured arbiter. */
const arbiterMostly = fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: anyActor });
const sellerMostly = fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: anyActor });

/** Marketplace and shared escrow command arbitraries. */
export const marketCommands = {
  createListing: fc
    .record({
      by: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(4, 5) }, { weight: 1, arbitrary: anyActor }),
      price: fc.nat({ max: 7 }),
      quantity: fc.nat({ max: 7 }),
      window: fc.nat({ max: 7 }),
      token: tokenSel,
    })
    .map((a) => new CreateListing(a)),
  updatePrice: fc
    .record({ by: sellerMostly, listing: fc.nat({ max: 31 }), price: fc.nat({ max: 7 }) })
    .map((a) => new UpdatePrice(a)),
  cancelListing: fc.record({ by: sellerMostly, listing: fc.nat({ max: 31 }) }).map((a) => new CancelListing(a)),
  buy: fc
    .record({
      by: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 2, 2, 5) }, { weight: 1, arbitrary: anyActor }),
      listing: fc.nat({ max: 31 }),
      quantity: fc.constantFrom(1, 1, 1, 2, 0, 7),
      max: fc.constantFrom<MaxPrice>("exact", "exact", "above", "below"),
    })
    .map((a) => new Buy(a)),
  order: fc
    .record({
      action: fc.constantFrom<OrderAction>("ship", "ship", "confirm", "refund", "settle", "dispute", "dispute"),
      by: party,
      order: fc.nat({ max: 31 }),
      evidence: fc.boolean(),
    })
    .map(({ action, ...a }) => new OrderStep(action, a)),
  rule: fc
    .record({ module: moduleSel, by: arbiterMostly, dispute: fc.nat({ max: 15 }), ruling: fc.nat({ max: 11 }) })
    .map((a) => new Rule(false, a)),
  settleByDefault: fc
    .record({ module: moduleSel, by: anyActor, dispute: fc.nat({ max: 15 }), ruling: fc.constant(0) })
    .map((a) => new Rule(true, a)),
  withdraw: fc
    .record({ module: moduleSel, by: fc.nat({ max: 13 }), permille, token: tokenSel })
    .map((a) => new EscrowWithdraw(a)),
  collectFees: fc.record({ module: moduleSel, by: anyActor, token: tokenSel }).map((a) => new EscrowCollectFees(a)),
  /** Issue 17: the root (mostly) removes tUSD or approves it again; 1 in 4 the wrong way (refused). */
  tokenApproval: fc
    .record({
      module: moduleSel,
      by: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: anyActor }),
      wrongWay: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map((a) => new SetTokenApproved(a)),
  setFee: fc
    .record({
      module: moduleSel,
      by: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: anyActor }),
      fee: fc.nat({ max: 11 }),
    })
    .map((a) => new SetFee(a)),
};
