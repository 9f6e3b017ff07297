import { BaseError, ContractFunctionRevertedError } from "viem";
import type { ErrorDescription } from "ethers";
import { allInterfaces, decodeRevert, formatDecodedError, revertDataOf } from "../../../lib/errors";
import { fieldKind, formatAmount, formatField } from "../../../lib/format";

/** The unit of a write's amounts when it pays in a token other than NYN (its ERC-20 symbol and decimals). */
export interface AmountUnit {
  symbol: string;
  decimals: number;
}

/**
 * Custom-error fields that hold an amount of the token a market call pays in, though lib/format's table (which
 * speaks of NYN) does not know it: `MarketEscrowFeeOnTransfer`'s, and every field the table calls NYN in the ERC-20
 * and market errors.
 */
const TOKEN_AMOUNT_FIELDS: Record<string, string[]> = {
  MarketEscrowFeeOnTransfer: ["expected", "received"],
};
const TOKEN_ERRORS = /^(ERC20|MarketEscrow|Marketplace|JobBoard)/;

/**
 * A decoded error with its token amounts in `unit` (`ERC20InsufficientAllowance(spender=Marketplace (…), allowance=0
 * tUSD, needed=25 tUSD)`); every other field as lib/format writes it.
 */
function formatInUnit(parsed: ErrorDescription, names: Map<string, string> | undefined, unit: AmountUnit): string {
  const ctx = { names, interfaces: allInterfaces() };
  const args = parsed.fragment.inputs.map((input, i) => {
    const value = parsed.args[i];
    const amount =
      TOKEN_AMOUNT_FIELDS[parsed.name]?.includes(input.name) || fieldKind(parsed.name, input.name) === "nyn";
    const text =
      amount && typeof value === "bigint"
        ? formatAmount(value, unit.symbol, unit.decimals)
        : formatField(parsed.name, input.name, input.type, value, ctx);
    return `${input.name || `arg${i}`}=${text}`;
  });
  return `${parsed.name}(${args.join(", ")})`;
}

/**
 * One line, in words, for a failed call or transaction: the decoded custom error with its values, formatted by the
 * project's own decoder and formatter (lib/errors.ts, lib/format.ts — the same line the tasks print), never raw hex.
 * @param error What viem or wagmi threw.
 * @param names Lower-case address → name, so addresses read as `alice (0x7099…79C8)`.
 * @param unit The token the call paid in, when not NYN: the ERC-20 and market errors' amounts are then written in it.
 * @returns The decoded error, else the error's short message.
 */
export function describeFailure(error: unknown, names?: Map<string, string>, unit?: AmountUnit): string {
  let data: string | undefined;
  if (error instanceof BaseError) {
    const reverted = error.walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError | null;
    data = reverted?.raw;
  }
  data ??= revertDataOf(error);
  if (data && data !== "0x") {
    const parsed = decodeRevert(data);
    if (parsed)
      return unit && TOKEN_ERRORS.test(parsed.name)
        ? formatInUnit(parsed, names, unit)
        : formatDecodedError(parsed, { names });
  }
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
