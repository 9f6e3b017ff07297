import { ErrorDescription, Interface, Result } from "ethers";
import * as factories from "../typechain-types";

let interfaces: Interface[] | undefined;

/** Every contract interface TypeChain generated (their custom errors decode revert data). */
function allInterfaces(): Interface[] {
  if (!interfaces) {
    interfaces = [];
    const seen = new Set<string>();
    const visit = (obj: unknown) => {
      if (!obj || typeof obj !== "object") return;
      for (const value of Object.values(obj as Record<string, unknown>)) {
        if (
          typeof value === "function" &&
          "abi" in value &&
          typeof (value as { createInterface?: unknown }).createInterface === "function"
        ) {
          const iface = (value as unknown as { createInterface(): Interface }).createInterface();
          const key = iface.formatJson();
          if (!seen.has(key)) {
            seen.add(key);
            interfaces!.push(iface);
          }
        } else if (value && typeof value === "object") {
          visit(value);
        }
      }
    };
    visit(factories);
  }
  return interfaces;
}

/** Find revert data (0x…) anywhere in an ethers / Hardhat error. */
export function revertDataOf(error: unknown): string | undefined {
  const stack: unknown[] = [error];
  const seen = new Set<unknown>();
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data;
    if (data && typeof data === "object") stack.push(data);
    for (const key of ["error", "info", "cause", "payload"]) stack.push((e as Record<string, unknown>)[key]);
  }
  return undefined;
}

/** Decode revert data against every known contract's custom errors. */
export function decodeRevert(data: string): ErrorDescription | undefined {
  for (const iface of allInterfaces()) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return parsed;
    } catch {
      // not this interface
    }
  }
  return undefined;
}

function formatValue(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Result || Array.isArray(v))
    return `[${Array.from(v as unknown[])
      .map(formatValue)
      .join(", ")}]`;
  return String(v);
}

/** `Name(param=value, …)` for a decoded custom error. */
export function formatDecodedError(parsed: ErrorDescription): string {
  const args = parsed.fragment.inputs.map((input, i) => `${input.name || `arg${i}`}=${formatValue(parsed.args[i])}`);
  return `${parsed.name}(${args.join(", ")})`;
}

/**
 * One readable line for raw revert data (e.g. the `reason` of `KernelForwarder`'s `RelayedCallReverted`): the decoded
 * custom error with its values, `Error(string)`/`Panic(uint256)` as ethers decodes them, or a note on what is there.
 */
export function describeRevertData(data: string): string {
  if (data === "0x") return "no revert data (a bare revert or out of gas)";
  const parsed = decodeRevert(data);
  if (parsed) return formatDecodedError(parsed);
  return `undecoded revert data ${data.length > 74 ? `${data.slice(0, 74)}…` : data} (${(data.length - 2) / 2} bytes)`;
}

/**
 * Turn any error from a contract call into one readable line: the decoded custom error with its values when the
 * chain returned revert data, Hardhat's own decoded message on the in-process network, or the error's message.
 */
export function describeError(error: unknown): string {
  const data = revertDataOf(error);
  if (data) {
    const parsed = decodeRevert(data);
    if (parsed) return formatDecodedError(parsed);
  }
  const message = (error as { shortMessage?: string; message?: string })?.shortMessage ?? (error as Error)?.message;
  const m = /reverted with custom error '([^']+)'/.exec(message ?? "");
  if (m) return m[1];
  return message ?? String(error);
}

/** The custom error's name, if the error is a decodable revert. */
export function revertName(error: unknown): string | undefined {
  const data = revertDataOf(error);
  if (data) return decodeRevert(data)?.name;
  const m = /reverted with custom error '([A-Za-z0-9_]+)\(/.exec((error as Error)?.message ?? "");
  return m?.[1];
}
