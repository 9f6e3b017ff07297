// Kernel events in words ("alice spawned process 7 (Counter 1.0.0)"), for the overview's latest events and a process's
// history. Addresses, amounts and times are written by lib/format (the tasks' own wording); permission, capability and
// module ids by deploy/ids; the events without a sentence of their own read as `Contract.Event(name=value, …)`.
import { formatAddress, formatAmount, formatDuration, formatTimestamp } from "../../../lib/format";
import { NO_EXPIRY, nameOfId } from "../../../deploy/ids";
import type { KernelEvent } from "./indexer";

/** What a sentence needs: names of addresses and programs. */
export interface EventContext {
  /** Lower-case address → name. */
  names: Map<string, string>;
  /** Program id → "name version". */
  programs: Map<number, string>;
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
      return `${who("seller")} listed ${String(a.quantity)} × "${String(a.metadataURI)}" at ${nyn("pricePerUnit")} each (delivery within ${formatDuration(n("deliveryWindow"))})`;
    case "OrderPlaced":
      return `${who("buyer")} bought ${String(a.quantity)} of listing ${short("listingId")} for ${nyn("amount")} (order ${short("orderId")})`;
    case "OrderShipped":
      return `order ${short("orderId")} shipped`;
    case "OrderRefunded":
      return `order ${short("orderId")} refunded (${nyn("amount")})`;
    case "OrderCompleted":
      return `order ${short("orderId")} completed: the seller was paid ${nyn("sellerAmount")}`;
    case "Incremented":
      return `${who("by")} incremented process ${String(a.pid)}'s counter to ${String(a.count)}`;
    case "JobPosted":
      return `${who("client")} posted job ${String(a.jobId)} (budget ${nyn("budget")})`;
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
