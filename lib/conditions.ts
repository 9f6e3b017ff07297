import { Contract, type ContractRunner } from "ethers";
import { formatAmount, formatTimestamp } from "./format";

/** The views of the built-in conditions (contracts/conditions/), enough to tell which one an address is. */
const VIEWS = [
  "function TOKEN() view returns (address)",
  "function MIN_BALANCE() view returns (uint256)",
  "function MIN_VOTES() view returns (uint256)",
  "function NOT_BEFORE() view returns (uint64)",
  "function NOT_AFTER() view returns (uint64)",
  "function MODE() view returns (uint8)",
  "function conditions() view returns (address[])",
  "function symbol() view returns (string)",
];

async function attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch {
    return undefined;
  }
}

/**
 * One line for a grant's condition, the ACL's built-in balance condition included: with `minBalance` non-zero the
 * condition is the balance token itself ("holds ≥ 100 NYN (built into the ACL)"); otherwise `describeCondition`.
 * @param runner A provider (or signer).
 * @param condition The grant's condition address (`permissionCondition` / `capabilityCondition`).
 * @param minBalance The grant's built-in minimum (`permissionMinBalance` / `capabilityMinBalance`), token units.
 */
export async function describeGrantCondition(
  runner: ContractRunner,
  condition: string,
  minBalance: bigint | undefined,
): Promise<string> {
  if (!minBalance) return describeCondition(runner, condition);
  const symbol = (await attempt(() => new Contract(condition, VIEWS, runner).symbol() as Promise<string>)) ?? condition;
  return `holds ≥ ${formatAmount(minBalance, symbol)} (built into the ACL)`;
}

/**
 * One line for a grant's condition: a built-in condition in words ("holds ≥ 100 NYN", "has ≥ 1,000 NYN votes",
 * "between … and …", "all of (…)"), any other contract as "condition 0x…". Reads only views.
 * @param runner A provider (or signer).
 * @param address The condition contract.
 * @param depth Nesting left for combinations (default 2).
 */
export async function describeCondition(runner: ContractRunner, address: string, depth = 2): Promise<string> {
  const c = new Contract(address, VIEWS, runner);
  const token = await attempt(() => c.TOKEN() as Promise<string>);
  if (token) {
    const symbol = (await attempt(() => new Contract(token, VIEWS, runner).symbol() as Promise<string>)) ?? token;
    const minBalance = await attempt(() => c.MIN_BALANCE() as Promise<bigint>);
    if (minBalance !== undefined) return `holds ≥ ${formatAmount(minBalance, symbol)}`;
    const minVotes = await attempt(() => c.MIN_VOTES() as Promise<bigint>);
    if (minVotes !== undefined) return `has ≥ ${formatAmount(minVotes, symbol)} votes`;
  }
  const notBefore = await attempt(() => c.NOT_BEFORE() as Promise<bigint>);
  const notAfter = await attempt(() => c.NOT_AFTER() as Promise<bigint>);
  if (notBefore !== undefined && notAfter !== undefined) {
    return `between ${formatTimestamp(notBefore)} and ${formatTimestamp(notAfter)}`;
  }
  const mode = await attempt(() => c.MODE() as Promise<bigint>);
  const list = await attempt(() => c.conditions() as Promise<string[]>);
  if (mode !== undefined && list) {
    const parts =
      depth > 0 ? await Promise.all(list.map((a) => describeCondition(runner, a, depth - 1))) : list.map(String);
    return `${mode === 0n ? "all of" : "any of"} (${parts.join("; ")})`;
  }
  return `condition ${address}`;
}
