// Names of accounts and processes (the NameService module, ENS-style): namehash, the label rule, forward and reverse
// resolution, and the address → name map the formatters use. Mirrors contracts/kernel/NameService.sol.
import { ZeroHash, concat, getAddress, keccak256, toUtf8Bytes } from "ethers";
import type { NameService } from "../typechain-types";

/** The shortest and longest label, in bytes (`NameService.MIN_LABEL_LENGTH` / `MAX_LABEL_LENGTH`). */
export const MIN_LABEL_LENGTH = 3;
export const MAX_LABEL_LENGTH = 32;

/** A label that breaks the rule, and why (the same check as the contract's `_checkLabel`). */
export class NameError extends Error {
  override name = "NameError";
}

/**
 * Check one label as the contract does: 3–32 bytes of a–z, 0–9 and inner hyphens.
 * @param label The label.
 * @returns Nothing; throws a {@link NameError} naming the label and the first bad position.
 */
export function checkLabel(label: string): void {
  if (label.length < MIN_LABEL_LENGTH || label.length > MAX_LABEL_LENGTH) {
    throw new NameError(
      `label "${label}" is ${label.length} characters long; labels are ${MIN_LABEL_LENGTH} to ${MAX_LABEL_LENGTH}`,
    );
  }
  for (let i = 0; i < label.length; i++) {
    const c = label[i];
    const ok = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (c === "-" && i !== 0 && i !== label.length - 1);
    if (!ok)
      throw new NameError(`label "${label}" has a forbidden character "${c}" at position ${i} (a-z, 0-9, inner -)`);
  }
}

/**
 * Whether `value` looks like a name (`alice.nyn`, `counter.alice.nyn`) rather than an address, a number or an
 * account keyword: at least two dot-separated labels.
 */
export function looksLikeName(value: string): boolean {
  return /^[^.\s]+(\.[^.\s]+)+$/.test(value) && !/^0x[0-9a-fA-F]{40}$/.test(value);
}

/**
 * The EIP-137 node of a full name, computed as the contract does: `keccak256(node(parent), keccak256(label))` over the
 * labels as given, without ENS normalisation (ethers' `namehash` normalises first: for the names this service accepts
 * — lowercase a–z, 0–9, hyphen — both agree; for any other input they differ, and the contract refuses the label).
 */
export function nodeOf(name: string): string {
  let node = ZeroHash;
  if (name === "") return node;
  for (const label of name.split(".").reverse()) node = keccak256(concat([node, keccak256(toUtf8Bytes(label))]));
  return node;
}

/**
 * What a name resolves to now: the address (`addr(node)`), the PID when it names a process, and its owner.
 * @throws NameError when the name does not resolve.
 */
export async function resolveName(
  ns: NameService,
  name: string,
): Promise<{ node: string; address: string; pid: bigint; owner: string }> {
  const node = nodeOf(name);
  const [address, pid, owner] = await Promise.all([ns.addr(node), ns.pidOf(node), ns.owner(node)]);
  if (address === "0x0000000000000000000000000000000000000000") {
    throw new NameError(`the name "${name}" does not resolve (never claimed, released, or its process was killed)`);
  }
  return { node, address: getAddress(address), pid, owner };
}

/** The primary name of an address (EIP-181, forward-checked by the contract), or undefined. */
export async function reverseName(ns: NameService, address: string): Promise<string | undefined> {
  const name = await ns.name(address);
  return name === "" ? undefined : name;
}

/**
 * Every address with a primary name now, as lower-case address → name: the candidates from the service's
 * `ReverseNameSet` events since `fromBlock`, each checked with `name(address)` (which applies the primary-name rule:
 * a record counts only while its name resolves back).
 * @param ns The name service.
 * @param fromBlock The deployment's first block.
 * @param options `chunk`: block range per log query (default 10,000).
 */
export async function primaryNames(
  ns: NameService,
  fromBlock = 0,
  options: { chunk?: number } = {},
): Promise<Map<string, string>> {
  // In block ranges of `chunk` (default 10,000), as lib/whois.ts: RPC providers cap the range of a log query.
  const chunk = options.chunk ?? 10_000;
  const latest = await ns.runner!.provider!.getBlockNumber();
  const accounts = new Set<string>();
  for (let start = fromBlock; start <= latest; start += chunk) {
    const end = Math.min(latest, start + chunk - 1);
    for (const e of await ns.queryFilter(ns.filters.ReverseNameSet(), start, end)) {
      accounts.add(e.args.account.toLowerCase());
    }
  }
  const candidates = [...accounts];
  const names = await Promise.all(candidates.map((a) => ns.name(a)));
  const out = new Map<string, string>();
  candidates.forEach((a, i) => {
    if (names[i] !== "") out.set(a, names[i]);
  });
  return out;
}
