import { getAddress, isAddress, type Address } from "viem";

/**
 * An account as the user typed it: an address, or a name the console knows (`alice`, `timelock`), like the tasks.
 * @param text What was typed.
 * @param names Lower-case address → name.
 * @returns The address, or undefined when it is neither.
 */
export function resolveAccount(text: string, names: Map<string, string>): Address | undefined {
  const t = text.trim();
  if (isAddress(t)) return getAddress(t);
  for (const [address, name] of names) if (name.toLowerCase() === t.toLowerCase()) return getAddress(address);
  return undefined;
}
