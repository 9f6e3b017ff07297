// Values as a person reads them, in one place: token amounts with their symbol, times as ISO dates with how far they
// are from now, durations, enums by name, addresses with their account or contract name, ids by name. Used by the
// error printer (every decoded custom error) and by the tasks' output.
import { ErrorDescription, FunctionFragment, Interface, Result, formatUnits, getAddress } from "ethers";
import { NO_EXPIRY } from "./ids";

/** The names of the contracts' enums, in declaration order (mirror the Solidity enums; test/lib/format.test.ts checks). */
export const ENUMS = {
  /** `IProcessRegistry.Status`. */
  ProcessStatus: ["None", "Running", "Suspended", "Terminated"],
  /** `IMarketplace.ListingStatus`. */
  ListingStatus: ["None", "Active", "Cancelled"],
  /** `IMarketplace.OrderStatus`. */
  OrderStatus: ["None", "Paid", "Shipped", "Disputed", "Settled"],
  /** `IMarketEscrow.DisputeStatus`. */
  DisputeStatus: ["None", "Open", "Ruled", "DefaultSettled"],
  /** `IJobBoard.JobStatus`. */
  JobStatus: ["None", "Open", "Assigned", "Completed", "Cancelled", "Expired"],
  /** `IJobBoard.MilestoneStatus`. */
  MilestoneStatus: ["Pending", "Submitted", "Approved", "Disputed", "Resolved"],
  /** OpenZeppelin `IGovernor.ProposalState`. */
  ProposalState: ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"],
  /** OpenZeppelin `TimelockController.OperationState`. */
  OperationState: ["Unset", "Waiting", "Ready", "Done"],
} as const;

/** How one custom-error field is shown. */
export type FieldKind =
  | "nyn" // NYN-wei (18 decimals) → "1,234.5 NYN"
  | "eth" // wei → "0.5 ETH"
  | "nynPerGas" // NYN-wei per gas → "0.000000001 NYN/gas"
  | "gas" // gas units → "12,345 gas"
  | "time" // unix seconds → ISO date and relative
  | "duration" // seconds → "3 d (259,200 s)"
  | "bps" // basis points → "2.5 % (250 bps)"
  | "quorumPercent" // governor quorum numerator (of 100) → "4 %"
  | "stateBitmap" // OZ `_encodeStateBitmap` → the names of the set states
  | keyof typeof ENUMS;

/**
 * Custom-error fields whose meaning their Solidity type does not tell (a `uint256` may be NYN, gas, a time, a
 * duration or an enum): `Error.field` → kind. Fields not listed here follow their type (addresses and ids by name,
 * selectors by function name) or their name (`status` by the error's module — so only a status of another enum than
 * its module's is listed —, `deadline`/`nowTime`/`expiry` as times). test/lib/format.test.ts checks every entry against the contracts' ABIs, so none can go stale.
 */
export const ERROR_FIELDS: Record<string, Record<string, FieldKind>> = {
  ERC20InsufficientBalance: { balance: "nyn", needed: "nyn" },
  ERC20InsufficientAllowance: { allowance: "nyn", needed: "nyn" },
  ERC20ExceededSafeSupply: { increasedSupply: "nyn", cap: "nyn" },
  InsufficientBalance: { balance: "eth", needed: "eth" },
  ERC2612ExpiredSignature: { deadline: "time" },
  ERC2771ForwarderExpiredRequest: { deadline: "time" },
  VotesExpiredSignature: { expiry: "time" },
  ERC5805FutureLookup: { timepoint: "time", clock: "time" },
  NYNCapExceeded: { amount: "nyn", newSupply: "nyn", cap: "nyn" },
  GasMeterBudgetExhausted: { required: "nyn", available: "nyn" },
  GasMeterWithdrawExceedsBudget: { amount: "nyn", budget: "nyn" },
  GasMeterFeesExceeded: { amount: "nyn", fees: "nyn" },
  GasMeterPriceOutOfBounds: { price: "nynPerGas", min: "nynPerGas", max: "nynPerGas" },
  GasMeterEpochLengthOutOfBounds: { length: "duration", min: "duration", max: "duration" },
  GasMeterProcessQuotaExceeded: { used: "gas", limit: "gas" },
  GasMeterUserQuotaExceeded: { used: "gas", limit: "gas" },
  GasMeterFrozen: { budget: "nyn", threshold: "nyn" },
  KernelPauseHookGas: { gasLeft: "gas", needed: "gas" },
  ACLExpiryInPast: { expiry: "time", nowTime: "time" },
  ACLAlreadyGranted: { expiry: "time" },
  ACLExpiringRootPermission: { expiry: "time" },
  ProcessRegistryInvalidStatus: { required: "ProcessStatus" },
  MarketplacePriceAboveMax: { price: "nyn", maxPrice: "nyn" },
  MarketplaceListingNotActive: { status: "ListingStatus" },
  MarketplaceInvalidDeliveryWindow: { deliveryWindow: "duration", minWindow: "duration", maxWindow: "duration" },
  MarketEscrowInsufficientBalance: { balance: "nyn", amount: "nyn" },
  MarketEscrowFeeTooHigh: { feeBps: "bps", maxFeeBps: "bps" },
  JobBoardInvalidMilestoneStatus: { status: "MilestoneStatus" },
  GovernorInsufficientProposerVotes: { votes: "nyn", threshold: "nyn" },
  GovernorUnexpectedProposalState: { current: "ProposalState", expectedStates: "stateBitmap" },
  GovernorInvalidVotingPeriod: { votingPeriod: "duration" },
  NYNGovernorProposalThresholdTooHigh: { threshold: "nyn", max: "nyn" },
  NYNGovernorQuorumTooHigh: { numerator: "quorumPercent", max: "quorumPercent" },
  NYNGovernorQuorumTooLow: { numerator: "quorumPercent", min: "quorumPercent" },
  NYNGovernorTimelockDelayTooLong: { delay: "duration", max: "duration" },
  NYNGovernorVotingDelayTooLong: { votingDelay: "duration", max: "duration" },
  NYNGovernorVotingPeriodTooLong: { votingPeriod: "duration", max: "duration" },
  NYNGovernorVotingPeriodTooShort: { votingPeriod: "duration", min: "duration" },
  TimelockInsufficientDelay: { delay: "duration", minDelay: "duration" },
};

/** Field names that are unix times in any error (deadlines and "now" fields). */
const TIME_FIELDS = /^(deadline|nowTime|expiry|reviewDeadline|revisionDeadline)$/;

/** What the formatter knows about the deployment: names of addresses and ids, the chain's time, known ABIs. */
export interface FormatContext {
  /** Lower-case address → name (`alice`, `timelock`, `GasMeter`). */
  names?: Map<string, string>;
  /** bytes32 id → name (`MINT_PERMISSION`, `nyn.module.acl`). */
  idName?: (id: string) => string | undefined;
  /** The chain's time (unix seconds) that relative times count from; the computer's clock when absent. */
  now?: bigint;
  /** Interfaces whose functions name a selector (`0x40c10f19 (mint)`). */
  interfaces?: Interface[];
  /**
   * Event logs (`kernel:log`): a field the error table does not know takes its unit from its name — `amount`,
   * `budget`, `cost`, `value`, `fee…`, `price…` in NYN; `gas…` and quotas in gas. (Errors never guess.)
   */
  guessUnits?: boolean;
}

/** Field names that are NYN amounts in the kernel's events. */
const NYN_FIELD_NAMES =
  /^(amount|budget|cost|value|fees?|feeAmount|balance|price|pricePerUnit|payout|refund|total|escrowed|threshold)$/;
/** Field names that are gas in the kernel's events. */
const GAS_FIELD_NAMES = /^(gas|gasUsed|gasCap|processQuota|userQuota|quota)$/;

/** `1234567.5` with thousands separators and at most `maxFraction` decimals (exact: trailing digits are cut, never rounded up). */
function groupDecimal(text: string, maxFraction = 9): string {
  const [whole, frac = ""] = text.split(".");
  const grouped = BigInt(whole).toLocaleString("en-US");
  const cut = frac.replace(/0+$/, "").slice(0, maxFraction);
  const lost = frac.replace(/0+$/, "").length > maxFraction;
  return `${grouped}${cut ? `.${cut}` : ""}${lost ? "…" : ""}`;
}

/**
 * A token amount for people: `1,234.5 NYN` (thousands separators; at most 9 decimals, an ellipsis when more are cut).
 * @param amount The amount in base units (wei: 10^-decimals of a token).
 * @param symbol The token's symbol.
 * @param decimals The token's decimals.
 * @param options `exact`: every decimal, none cut (what a proposal's voter must see).
 * @returns The amount with its symbol.
 */
export function formatAmount(amount: bigint, symbol = "NYN", decimals = 18, options: { exact?: boolean } = {}): string {
  return `${formatDecimal(amount, decimals, options)} ${symbol}`;
}

/**
 * A token amount's number alone, as {@link formatAmount} writes it (`1,234.5`): for votes and sums printed beside
 * their own unit.
 * @param amount The amount in base units (wei: 10^-decimals of a token).
 * @param decimals The token's decimals.
 * @param options `exact`: every decimal, none cut.
 * @returns The number with thousands separators.
 */
export function formatDecimal(amount: bigint, decimals = 18, options: { exact?: boolean } = {}): string {
  const negative = amount < 0n;
  const text = formatUnits(negative ? -amount : amount, decimals);
  return `${negative ? "-" : ""}${groupDecimal(text, options.exact ? decimals : 9)}`;
}

/**
 * A duration for people: `3 d 4 h (273,600 s)`; under a minute just seconds.
 * @param seconds The duration in seconds.
 * @returns The duration in the largest units, with the exact seconds.
 */
export function formatDuration(seconds: bigint | number): string {
  let s = BigInt(seconds);
  const total = s;
  if (s < 60n) return `${s} s`;
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["min", 60n],
    ["s", 1n],
  ] as const) {
    if (s >= size) {
      parts.push(`${s / size} ${unit}`);
      s %= size;
    }
  }
  return `${parts.slice(0, 2).join(" ")} (${total.toLocaleString("en-US")} s)`;
}

/** The last second of the year 9999: later times have no ISO date. */
const LAST_DATE = 253_402_300_799n;

/**
 * A unix time as an ISO date alone, `2026-12-06T13:40:00Z` (listings and tables; {@link formatTimestamp} adds how far
 * it is from now); `never` for the ACL's no-expiry value, `-` for 0.
 * @param seconds Unix seconds.
 * @returns The date.
 */
export function formatDate(seconds: bigint | number): string {
  const s = BigInt(seconds);
  if (s === NO_EXPIRY) return "never";
  if (s === 0n) return "-";
  if (s > LAST_DATE) return `${s} (after the year 9999)`;
  return new Date(Number(s) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * A unix time for people: `2026-12-06T13:40:00Z (in 3 d 4 h)`; `never` for the ACL's no-expiry value, `-` for 0.
 * @param seconds Unix seconds.
 * @param now The time to count from (the chain's; the computer's clock when absent).
 * @returns The ISO date and how far it is from `now`.
 */
export function formatTimestamp(seconds: bigint | number, now?: bigint): string {
  const s = BigInt(seconds);
  const iso = formatDate(s);
  if (s === NO_EXPIRY || s === 0n || s > LAST_DATE) return iso;
  const reference = now ?? BigInt(Math.floor(Date.now() / 1000));
  const delta = s - reference;
  const relative = delta === 0n ? "now" : delta > 0n ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
  return `${iso} (${relative.replace(/ \([\d,]+ s\)/, "")})`;
}

/**
 * An address for people: its name and the abbreviated address when known (`bob (0x90F7…b906)`), else the checksummed
 * address in full.
 * @param address The address.
 * @param names Lower-case address → name.
 * @returns The address, named when possible.
 */
export function formatAddress(address: string, names?: Map<string, string>): string {
  const checksummed = getAddress(address);
  const name = names?.get(checksummed.toLowerCase());
  if (checksummed === "0x0000000000000000000000000000000000000000") return "0x0 (none)";
  return name ? `${name} (${checksummed.slice(0, 6)}…${checksummed.slice(-4)})` : checksummed;
}

/** The enum table a `status` field means, from the error's module. */
function statusEnumFor(errorName: string): keyof typeof ENUMS | undefined {
  if (/^(ProcessRegistry|GasMeter|KernelProcess)/.test(errorName)) return "ProcessStatus";
  if (/^JobBoard/.test(errorName)) return "JobStatus";
  if (/^MarketEscrow/.test(errorName)) return "DisputeStatus";
  if (/^Marketplace/.test(errorName)) return "OrderStatus";
  return undefined;
}

/** The kind of a custom-error field: the table, then its name, then nothing (its type decides). */
export function fieldKind(errorName: string, fieldName: string): FieldKind | undefined {
  const listed = ERROR_FIELDS[errorName]?.[fieldName];
  if (listed) return listed;
  if (fieldName === "status") return statusEnumFor(errorName);
  if (TIME_FIELDS.test(fieldName)) return "time";
  return undefined;
}

function formatKind(kind: FieldKind, value: bigint, ctx: FormatContext): string {
  switch (kind) {
    case "nyn":
      return formatAmount(value, "NYN");
    case "eth":
      return formatAmount(value, "ETH");
    case "nynPerGas":
      return `${groupDecimal(formatUnits(value, 18), 18)} NYN/gas`;
    case "gas":
      return `${value.toLocaleString("en-US")} gas`;
    case "time":
      return formatTimestamp(value, ctx.now);
    case "duration":
      return formatDuration(value);
    case "bps":
      return `${groupDecimal(formatUnits(value, 2), 2)} % (${value} bps)`;
    case "quorumPercent":
      return `${value} %`;
    case "stateBitmap": {
      const names = ENUMS.ProposalState.filter((_, i) => (value >> BigInt(i)) & 1n);
      return names.length ? names.join("|") : "none";
    }
    default: {
      const names: readonly string[] = ENUMS[kind];
      const name = names[Number(value)];
      return name === undefined ? `${value} (unknown ${kind})` : name;
    }
  }
}

/** A selector with the function it calls, when one of the known interfaces has it. */
function formatSelector(selector: string, ctx: FormatContext): string {
  for (const iface of ctx.interfaces ?? []) {
    const fn = iface.fragments.find((f) => f instanceof FunctionFragment && f.selector === selector) as
      FunctionFragment | undefined;
    if (fn) return `${selector} (${fn.name})`;
  }
  return selector;
}

/**
 * One field of a decoded custom error, as people read it.
 * @param errorName The error's name (decides what a bare `uint256` means).
 * @param fieldName The field's name.
 * @param type The field's Solidity type.
 * @param value The decoded value.
 * @param ctx Names, time and interfaces.
 * @returns The value, formatted.
 */
export function formatField(
  errorName: string,
  fieldName: string,
  type: string,
  value: unknown,
  ctx: FormatContext = {},
): string {
  if (value instanceof Result || Array.isArray(value))
    return `[${Array.from(value as unknown[])
      .map((v) => formatField(errorName, fieldName, type.replace(/\[\d*\]$/, ""), v, ctx))
      .join(", ")}]`;
  if (type === "address" && typeof value === "string") return formatAddress(value, ctx.names);
  const kind = fieldKind(errorName, fieldName);
  if (type === "bytes32" && typeof value === "string" && kind) return formatKind(kind, BigInt(value), ctx);
  if (type === "bytes32" && typeof value === "string") {
    const name = ctx.idName?.(value);
    return name && name !== value ? name : value;
  }
  if (type === "bytes4" && typeof value === "string") return formatSelector(value, ctx);
  if (typeof value === "bigint") {
    if (kind) return formatKind(kind, value, ctx);
    if (ctx.guessUnits && NYN_FIELD_NAMES.test(fieldName)) return formatKind("nyn", value, ctx);
    if (ctx.guessUnits && GAS_FIELD_NAMES.test(fieldName)) return formatKind("gas", value, ctx);
    return value.toString();
  }
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/**
 * `Name(field=value, …)` for a decoded custom error, every value formatted for people ({@link formatField}).
 * @param parsed The decoded error (ethers `Interface.parseError`).
 * @param ctx Names, time and interfaces; without it, values are formatted by their kind alone.
 * @returns One line.
 */
export function formatErrorDescription(parsed: ErrorDescription, ctx: FormatContext = {}): string {
  const args = parsed.fragment.inputs.map(
    (input, i) => `${input.name || `arg${i}`}=${formatField(parsed.name, input.name, input.type, parsed.args[i], ctx)}`,
  );
  return `${parsed.name}(${args.join(", ")})`;
}
