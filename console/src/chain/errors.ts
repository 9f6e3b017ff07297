import { BaseError, ContractFunctionRevertedError } from "viem";
import { decodeRevert, formatDecodedError, revertDataOf } from "../../../lib/errors";

/**
 * One line, in words, for a failed call or transaction: the decoded custom error with its values, formatted by the
 * project's own decoder and formatter (lib/errors.ts, lib/format.ts — the same line the tasks print), never raw hex.
 * @param error What viem or wagmi threw.
 * @param names Lower-case address → name, so addresses read as `alice (0x7099…79C8)`.
 * @returns The decoded error, else the error's short message.
 */
export function describeFailure(error: unknown, names?: Map<string, string>): string {
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
    if (parsed) return formatDecodedError(parsed, { names });
  }
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
