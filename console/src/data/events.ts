// Kernel events in words ("alice spawned process 7 (Counter 1.0.0)"), for the overview's latest events and a process's
// history. Addresses, amounts and times are written by lib/format (the tasks' own wording); permission, capability and
// module ids by lib/ids; the events without a sentence of their own read as `Contract.Event(name=value, …)`.
import { formatAddress, formatAmount, formatDuration, formatTimestamp } from "../../../lib/format";
import { NO_EXPIRY, nameOfId } from "../../../lib/ids";
import { decodeRevert, formatDecodedError } from "../../../lib/errors";
import { toFunctionSelector, type Abi, type AbiFunction } from "viem";
import * as abis from "../generated/abis";
import { programAbis } from "../generated/programs";
import type { KernelEvent } from "./indexer";

/** What a sentence needs: names of addresses and programs. */
export interface EventContext {
  /** Lower-case address → name. */
  names: Map<string, string>;
  /** Program id → "name version". */
  programs: Map<number, string>;
  /** Payment tokens (issue 17 part 3), when known: market amounts are then written in their own token. */
  tokens?: EventTokens;
}

/** What the wording knows of the market modules' payment tokens besides NYN. */
export interface EventTokens {
  /** Lower-case token address → its ERC-20 symbol and decimals. */
  byAddress: Map<string, { symbol: string; decimals: number }>;
  /** Listing, order and job ids (decimal strings) → their payment token's address (absent: NYN). */
  listings: Map<string, string>;
  orders: Map<string, string>;
  jobs: Map<string, string>;
}

let selectorNames: Map<string, string> | undefined;
/** A function selector → `name(types)`, from every ABI the console has (the system's and the programs'). */
function functionOf(selector: string): string | undefined {
  if (!selectorNames) {
    selectorNames = new Map();
    const all = [
      ...Object.values(abis as unknown as Record<string, Abi>),
      ...Object.values(programAbis as unknown as Record<string, Abi>),
    ];
    for (const abi of all)
      for (const item of abi)
        if (item.type === "function") {
          const fn = item as AbiFunction;
          const signature = `${fn.name}(${fn.inputs.map((i) => i.type).join(",")})`;
          selectorNames.set(toFunctionSelector(signature), signature);
        }
  }
  return selectorNames.get(selector.toLowerCase());
}

const SUPPORT = ["against", "for", "abstain on"];
const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * One event in words.
 * @param e The event (as the indexer stores it: arguments as JSON, bigints as decimal strings).
 * @param ctx Names of addresses and programs.
 * @returns A sentence, or `Contract.Event(name=value, …)` for an event without one.
 */
export function describeEvent(e: KernelEvent, ctx: EventContext): string {
  const a = e.args;
  const who = (key: string) => formatAddress(String(a[key]), ctx.names);
  const n = (key: string) => BigInt(String(a[key]));
  const nyn = (key: string) => formatAmount(n(key));
  /** A token's symbol (its address when unknown). */
  const symbol = (address: string) =>
    ctx.tokens?.byAddress.get(address.toLowerCase())?.symbol ?? formatAddress(address, ctx.names);
  /** An amount in the token at `address`. */
  const inToken = (address: string | undefined, key: string) => {
    if (!address) return nyn(key);
    const t = ctx.tokens?.byAddress.get(address.toLowerCase());
    return t
      ? formatAmount(n(key), t.symbol, t.decimals)
      : `${n(key)} (base units of ${formatAddress(address, ctx.names)})`;
  };
  /** An amount of a listing's, an order's or a job's (in its payment token). */
  const escrowed = (kind: "listings" | "orders" | "jobs", idKey: string, key: string) =>
    inToken(ctx.tokens?.[kind].get(String(a[idKey])), key);
  /** Which market module emitted the event. */
  const module = e.contract === "JobBoard" ? "the job board" : "the marketplace";
  const id = (key: string) => nameOfId(String(a[key]));
  const program = (key: string) => ctx.programs.get(Number(a[key])) ?? `program #${String(a[key])}`;
  const expiry = (key: string) => (n(key) === NO_EXPIRY ? "no expiry" : `until ${formatTimestamp(n(key))}`);
  const short = (key: string) => {
    const text = String(a[key]);
    return text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text;
  };
  /** An argument for the generic form: addresses named, long hex shortened. */
  const value = (v: unknown) => {
    if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) return formatAddress(v, ctx.names);
    if (typeof v === "string" && /^0x[0-9a-fA-F]{42,}$/.test(v)) return `${v.slice(0, 10)}…${v.slice(-6)}`;
    return JSON.stringify(v);
  };
  switch (e.name) {
    case "ProcessSpawned":
      return (
        `${who("owner")} spawned process ${String(a.pid)} (${program("programId")})` +
        (n("parentPid") === 0n ? "" : ` under process ${String(a.parentPid)}`)
      );
    case "ProcessSuspended":
      return `${who("by")} suspended process ${String(a.pid)}`;
    case "ProcessResumed":
      return `${who("by")} resumed process ${String(a.pid)}`;
    case "ProcessKilled":
      return `${who("by")} killed process ${String(a.pid)}`;
    case "ProcessOwnershipTransferred":
      return `${who("previousOwner")} transferred process ${String(a.pid)} to ${who("newOwner")}`;
    case "ProcessMetadataUpdated":
      return `process ${String(a.pid)}'s metadata set to "${String(a.metadataURI)}"`;
    case "ProcessInitialized":
      return `process ${String(a.pid)} initialized`;
    case "RelayGasCapSet":
      return `process ${String(a.pid)}'s relayed calls reimbursed up to ${n("gasCap").toLocaleString("en-US")} gas each`;
    case "FreezeThresholdSet":
      return n("threshold") === 0n
        ? `process ${String(a.pid)}'s freezing threshold turned off`
        : `process ${String(a.pid)} freezes (refuses metered and relayed calls) at or below ${nyn("threshold")}`;
    case "RelaySelectorSet": {
      const selector = String(a.selector);
      const fn = functionOf(selector);
      return `process ${String(a.pid)} ${a.sponsored ? "sponsors" : "no longer sponsors"} relayed calls of ${fn ? `${fn} (${selector})` : selector}`;
    }
    case "RelaySelectorsOnlySet":
      return a.only
        ? `process ${String(a.pid)} reimburses relayed requests only for its sponsored functions`
        : `process ${String(a.pid)} reimburses relayed requests whatever function they call`;
    case "RelaySignerCapabilitySet":
      return /^0x0+$/.test(String(a.capability))
        ? `process ${String(a.pid)} reimburses relayed requests signed by anyone`
        : `process ${String(a.pid)} reimburses relayed requests only when their signer holds ${id("capability")}`;
    case "RelayRevertedCallsSponsoredSet":
      return a.sponsored
        ? `process ${String(a.pid)} reimburses relayed requests whose call reverts`
        : `process ${String(a.pid)} no longer reimburses relayed requests whose call reverts`;
    case "RelayedRequestSkipped": {
      const reason = String(a.reason ?? "0x");
      const decoded = reason.length >= 10 ? decodeRevert(reason) : undefined;
      return (
        `the forwarder skipped request ${String(a.index)} of a batch, signed by ${who("from")}: ` +
        (decoded ? formatDecodedError(decoded, { names: ctx.names }) : reason === "0x" ? "no reason" : reason)
      );
    }
    case "ListingPricedInToken":
      return `listing ${short("listingId")} is priced in ${symbol(String(a.token))}`;
    case "JobPricedInToken":
      return `job ${String(a.jobId)} is paid in ${symbol(String(a.token))}`;
    case "TokenApproved":
      return `${module} accepts ${symbol(String(a.token))} as payment token #${String(a.tokenId)}`;
    case "TokenRemoved":
      return `${module} no longer accepts ${symbol(String(a.token))} (payment token #${String(a.tokenId)}) for new escrows`;
    case "TokenWithdrawn":
      return `${who("account")} withdrew ${inToken(String(a.token), "amount")} from ${module}`;
    case "TokenFeesCollected":
      return `${who("by")} sent ${module}'s fees of ${inToken(String(a.token), "amount")} to ${who("treasury")}`;
    case "Withdrawn":
      return `${who("account")} withdrew ${nyn("amount")} from ${module}`;
    case "FeesCollected":
      return e.contract === "GasMeter"
        ? `${who("by")} collected ${nyn("amount")} of the meter's fees to ${who("to")}`
        : `${who("by")} sent ${module}'s fees of ${nyn("amount")} to ${who("treasury")}`;
    case "LowBudgetThresholdSet":
      return `process ${String(a.pid)} warns when its budget falls below ${nyn("threshold")}`;
    case "ProgramRegistered":
      return `${who("publisher")} registered program #${String(a.programId)} (${String(a.name)} ${String(a.version)})`;
    case "BudgetDeposited":
      return `${who("from")} deposited ${nyn("amount")} into process ${String(a.pid)}'s budget (now ${nyn("budget")})`;
    case "BudgetWithdrawn":
      return `${nyn("amount")} withdrawn from process ${String(a.pid)}'s budget to ${who("to")} (now ${nyn("budget")})`;
    case "GasCharged":
      return `process ${String(a.pid)} charged ${n("gasUsed").toLocaleString("en-US")} gas (${nyn("cost")}) for ${who("user")}`;
    case "QuotaSet":
      return `process ${String(a.pid)}'s quotas set: ${n("processQuota").toLocaleString("en-US")} gas per epoch, ${n("userQuota").toLocaleString("en-US")} per user`;
    case "CapabilityGranted":
      return `${who("who")} may ${id("what")} on process ${String(a.pid)} (${expiry("expiry")})`;
    case "CapabilityRevoked":
      return `${who("revokedBy")} revoked ${who("who")}'s ${id("what")} on process ${String(a.pid)}`;
    case "PermissionGranted":
      return `${who("grantedBy")} granted ${who("who")} ${id("what")} on ${who("where")} (${expiry("expiry")})`;
    case "PermissionRevoked":
      return `${who("revokedBy")} revoked ${who("who")}'s ${id("what")} on ${who("where")}`;
    case "Transfer":
      if (String(a.from) === ZERO) return `${nyn("value")} minted to ${who("to")}`;
      if (String(a.to) === ZERO) return `${who("from")} burned ${nyn("value")}`;
      return `${who("from")} sent ${who("to")} ${nyn("value")}`;
    case "Approval":
      return `${who("owner")} allowed ${who("spender")} to spend ${nyn("value")}`;
    case "DelegateChanged":
      return `${who("delegator")} delegated their votes to ${who("toDelegate")}`;
    case "DelegateVotesChanged":
      return `${who("delegate")}'s votes went from ${nyn("previousVotes")} to ${nyn("newVotes")}`;
    case "ProposalCreated":
      return `${who("proposer")} proposed "${String(a.description)}"`;
    case "VoteCast":
      return (
        `${who("voter")} voted ${SUPPORT[Number(a.support)] ?? "?"} proposal ${short("proposalId")} with ${nyn("weight")}` +
        (a.reason ? ` ("${String(a.reason)}")` : "")
      );
    case "ProposalQueued":
      return `proposal ${short("proposalId")} queued in the timelock`;
    case "ProposalExecuted":
      return `proposal ${short("proposalId")} executed`;
    case "ProposalCanceled":
      return `proposal ${short("proposalId")} cancelled`;
    case "ListingCreated":
      return `${who("seller")} listed ${String(a.quantity)} × "${String(a.metadataURI)}" at ${escrowed("listings", "listingId", "pricePerUnit")} each (delivery within ${formatDuration(n("deliveryWindow"))})`;
    case "OrderPlaced":
      return `${who("buyer")} bought ${String(a.quantity)} of listing ${short("listingId")} for ${escrowed("listings", "listingId", "amount")} (order ${short("orderId")})`;
    case "OrderShipped":
      return `order ${short("orderId")} shipped`;
    case "OrderRefunded":
      return `order ${short("orderId")} refunded (${escrowed("orders", "orderId", "amount")})`;
    case "OrderCompleted":
      return `order ${short("orderId")} completed: the seller was paid ${escrowed("orders", "orderId", "sellerAmount")}`;
    case "Incremented":
      return `${who("by")} incremented process ${String(a.pid)}'s counter to ${String(a.count)}`;
    case "JobPosted":
      return `${who("client")} posted job ${String(a.jobId)} (budget ${escrowed("jobs", "jobId", "budget")})`;
    case "CallExecuted":
      return `the timelock executed call ${String(a.index)} of operation ${short("id")} on ${who("target")}`;
    case "CallScheduled":
      return `call ${String(a.index)} of operation ${short("id")} on ${who("target")} scheduled in the timelock`;
    case "ModuleInstalled":
      return `module ${id("moduleId")} installed at ${who("proxy")}`;
    default:
      return `${e.contract}.${e.name}(${Object.entries(a)
        .map(([k, v]) => `${k}=${value(v)}`)
        .join(", ")})`;
  }
}
