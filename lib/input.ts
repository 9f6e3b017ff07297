// The kernel shell's one input layer: every task parses what a user types (amounts, integers, PIDs, durations) here,
// so every bad value is refused the same way — before anything is sent — with a message that names the flag.

/**
 * A value a user typed that cannot be used; the message names the flag and says what was expected. Tasks print it as
 * one line `error: <message>` and exit 1 (tasks/util.ts).
 */
export class InputError extends Error {
  override name = "InputError";

  /**
   * @param flag The flag the value came from (`--amount`).
   * @param value What the user typed.
   * @param expected What the flag takes (`an amount of NYN (up to 18 decimals, e.g. 2.5)`).
   */
  constructor(
    readonly flag: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`${flag}: "${value}" is not ${expected}`);
  }
}

/** Options of {@link parseAmount}. */
export interface AmountOptions {
  /** The token's decimals (18 for NYN). */
  decimals?: number;
  /** The token's symbol, named in the error. */
  symbol?: string;
  /** Accept `0` (default: true). */
  allowZero?: boolean;
  /** Accept a whole number of base units with a `wei` suffix (`1500wei`). */
  allowWei?: boolean;
}

/**
 * An exact token amount in base units (wei, 10^-decimals of a token) from a decimal the user typed (`12.5`,
 * `1,000,000`): no rounding — more decimals than the token has, a sign, an exponent or anything else is refused with
 * one wording.
 * @param value What the user typed.
 * @param flag The flag it came from, named in the error.
 * @param options Decimals (18), symbol (NYN), whether 0 and a `wei` suffix are accepted.
 * @returns The amount in base units.
 * @throws InputError naming `flag` when `value` is not such an amount.
 */
export function parseAmount(value: string, flag: string, options: AmountOptions = {}): bigint {
  const { decimals = 18, symbol = "NYN", allowZero = true, allowWei = false } = options;
  const expected =
    `an amount of ${symbol} (a number with at most ${decimals} decimals, e.g. 2.5` +
    `${allowWei ? `, or base units with a "wei" suffix` : ""}${allowZero ? "" : "; more than 0"})`;
  const text = value.trim().replace(/_/g, "");
  let amount: bigint;
  if (allowWei && /^\d+wei$/.test(text)) {
    amount = BigInt(text.slice(0, -3));
  } else {
    const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
    if (!m || (m[2] !== undefined && m[2].length > decimals)) throw new InputError(flag, value, expected);
    const whole = BigInt(m[1].replace(/,/g, ""));
    amount = whole * 10n ** BigInt(decimals) + BigInt((m[2] ?? "").padEnd(decimals, "0") || "0");
  }
  if (!allowZero && amount === 0n) throw new InputError(flag, value, expected);
  return amount;
}

/** Options of {@link parseUint}. */
export interface UintOptions {
  /** What the number is, for the error (`a PID`, `a block number`). */
  what?: string;
  /** The smallest accepted value (default 0). */
  min?: bigint;
  /** The largest accepted value (default 2^256 - 1). */
  max?: bigint;
}

/**
 * A whole number from decimal or `0x` hex text, within bounds.
 * @param value What the user typed.
 * @param flag The flag it came from, named in the error.
 * @param options What it is (for the error) and its bounds.
 * @returns The number.
 * @throws InputError naming `flag` when `value` is not a whole number within the bounds.
 */
export function parseUint(value: string, flag: string, options: UintOptions = {}): bigint {
  const { what = "a whole number", min = 0n, max = (1n << 256n) - 1n } = options;
  const text = value.trim();
  const bounds =
    max === (1n << 256n) - 1n
      ? min > 0n
        ? ` (at least ${min})`
        : ""
      : ` (from ${min} to ${max.toLocaleString("en-US")})`;
  if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(text)) throw new InputError(flag, value, `${what}${bounds}`);
  const n = BigInt(text);
  if (n < min || n > max) throw new InputError(flag, value, `${what}${bounds}`);
  return n;
}

/**
 * A PID (a process id: a whole number from 1).
 * @param value What the user typed.
 * @param flag The flag it came from (default `--pid`).
 * @returns The PID.
 * @throws InputError naming `flag` when `value` is not a PID.
 */
export function parsePid(value: string, flag = "--pid"): bigint {
  return parseUint(value, flag, { what: "a PID", min: 1n });
}

/**
 * A safe JavaScript integer (offsets, limits, block numbers, counts).
 * @param value What the user typed.
 * @param flag The flag it came from.
 * @param what What it is, for the error.
 * @returns The number.
 * @throws InputError naming `flag` when `value` is not a whole number up to 2^53 - 1.
 */
export function parseCount(value: string | number, flag: string, what = "a whole number"): number {
  return Number(parseUint(String(value), flag, { what, max: BigInt(Number.MAX_SAFE_INTEGER) }));
}

/**
 * Seconds from a duration as a user types it: plain seconds (`3600`) or a number with a unit (`45s`, `90m`, `12h`,
 * `3d`, `2w`).
 * @param value What the user typed.
 * @param flag The flag it came from, named in the error.
 * @returns Seconds.
 * @throws InputError naming `flag` when `value` is not a duration.
 */
export function parseDuration(value: string, flag = "duration"): bigint {
  const m = /^(\d+)([smhdw]?)$/.exec(value.trim());
  if (!m) throw new InputError(flag, value, "a duration (seconds, or a number with s, m, h, d or w: 3600, 90m, 3d)");
  const unit = { "": 1n, s: 1n, m: 60n, h: 3600n, d: 86_400n, w: 604_800n }[m[2] as "" | "s" | "m" | "h" | "d" | "w"];
  return BigInt(m[1]) * unit;
}

/**
 * Hex bytes (`0x…`, an even number of digits), e.g. initializer or call data.
 * @param value What the user typed.
 * @param flag The flag it came from.
 * @returns The same text, checked.
 * @throws InputError naming `flag` when `value` is not hex bytes.
 */
export function parseHexBytes(value: string, flag: string): string {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(value.trim()))
    throw new InputError(flag, value, "hex bytes (0x followed by pairs of hex digits)");
  return value.trim();
}

/**
 * One of a fixed set of words (case-insensitive).
 * @param value What the user typed.
 * @param flag The flag it came from.
 * @param choices The accepted words.
 * @returns The matching choice as written in `choices`.
 * @throws InputError naming `flag` and listing the choices.
 */
export function parseChoice<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  const match = choices.find((c) => c.toLowerCase() === value.trim().toLowerCase());
  if (match === undefined) throw new InputError(flag, value, `one of ${choices.join(", ")}`);
  return match;
}
