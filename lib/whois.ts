import type { ACL } from "../typechain-types";
import { ZeroAddress } from "ethers";
import { ANY_ENTITY } from "./ids";

/** One permission an account holds, as `ACL.permissionsOf` lists it, with whether it is in force now. */
export interface PermissionHolding {
  /** The contract the permission gates. */
  where: string;
  /** The permission id (bytes32). */
  what: string;
  /** Unix seconds; `2^64 - 1` = never. */
  expiry: bigint;
  /** Unexpired at the chain's latest block time. */
  active: boolean;
  /** The grant's condition contract (`IPermissionCondition`), or undefined for an unconditional grant. */
  condition?: string;
  /** The built-in balance condition's minimum, NYN-wei (then `condition` is the balance token, NYN). */
  minBalance?: bigint;
}

/** One capability an account was granted on a process, with its state under the process's current owner. */
export interface CapabilityHolding {
  pid: bigint;
  /** The capability id (bytes32). */
  what: string;
  /** The grant's expiry under the current owner (0 when it lapsed with an ownership change or was revoked). */
  expiry: bigint;
  /** `ACL.hasCapability` now (false once the process is terminated, or while its condition denies). */
  active: boolean;
  /** The grant's condition contract, or undefined for an unconditional grant. */
  condition?: string;
  /** The built-in balance condition's minimum, NYN-wei (then `condition` is the balance token, NYN). */
  minBalance?: bigint;
}

/** Everything one account may do in a deployment. */
export interface Whois {
  who: string;
  /** The account's own grants (`permissionsOf`), whole list. */
  permissions: PermissionHolding[];
  /** Grants to everyone (`permissionsOf(ANY_ENTITY)`): they apply to this account too. */
  everyone: PermissionHolding[];
  /** Process capabilities granted to the account and still recorded under the process's current owner. */
  capabilities: CapabilityHolding[];
  /** Process capabilities granted to everyone (`ANY_ENTITY`, usually with a condition); `active` is for this account. */
  everyoneCapabilities: CapabilityHolding[];
}

/** Read an account's list from `ACL.permissionsOf`, a page of `page` at a time. */
async function permissionsOf(acl: ACL, who: string, now: bigint, page = 100): Promise<PermissionHolding[]> {
  const total = await acl.permissionCountOf(who);
  const out: PermissionHolding[] = [];
  for (let offset = 0n; offset < total; offset += BigInt(page)) {
    for (const h of await acl.permissionsOf(who, offset, page)) {
      const minBalance = h.condition === ZeroAddress ? 0n : await acl.permissionMinBalance(who, h.where, h.what);
      const condition =
        h.condition === ZeroAddress ? {} : { condition: h.condition, ...(minBalance > 0n ? { minBalance } : {}) };
      out.push({ where: h.where, what: h.what, expiry: h.expiry, active: now <= h.expiry, ...condition });
    }
  }
  return out;
}

/**
 * What may `who` do: its permissions and the grants to everyone from the ACL's introspection views (kept on-chain, O(1)
 * per grant, each with its condition if any), and its process capabilities (and those granted to everyone) from the ACL's `CapabilityGranted` events filtered by the indexed grantee
 * (read in block ranges of `chunk`, since RPC providers cap log ranges), each checked against the ACL now: a grant made
 * under an earlier owner, revoked, renounced or on a terminated process does not count.
 * @param acl The ACL (connected to a provider).
 * @param who The account (checksummed or not).
 * @param fromBlock The deployment's first block (events before it cannot exist).
 * @param options `chunk`: block range per log query (default 10,000).
 * @returns The account's permissions, the grants to everyone, and its live capabilities.
 */
export async function whois(
  acl: ACL,
  who: string,
  fromBlock: number,
  options: { chunk?: number } = {},
): Promise<Whois> {
  const provider = acl.runner!.provider!;
  const latest = await provider.getBlock("latest");
  const now = BigInt(latest!.timestamp);
  const range = { from: fromBlock, to: latest!.number, chunk: options.chunk ?? 10_000 };
  const everyone = who.toLowerCase() === ANY_ENTITY.toLowerCase();
  return {
    who,
    permissions: await permissionsOf(acl, who, now),
    everyone: everyone ? [] : await permissionsOf(acl, ANY_ENTITY, now),
    capabilities: await capabilitiesOf(acl, who, who, range),
    everyoneCapabilities: everyone ? [] : await capabilitiesOf(acl, ANY_ENTITY, who, range),
  };
}

/**
 * The live capability grants to `grantee` (from the `CapabilityGranted` events naming it, read in block ranges of
 * `chunk`), each checked for `asker` with `ACL.hasCapability` (conditions evaluated for `asker`).
 */
async function capabilitiesOf(
  acl: ACL,
  grantee: string,
  asker: string,
  range: { from: number; to: number; chunk: number },
): Promise<CapabilityHolding[]> {
  const seen = new Map<string, { pid: bigint; what: string }>();
  for (let start = range.from; start <= range.to; start += range.chunk) {
    const end = Math.min(range.to, start + range.chunk - 1);
    for (const e of await acl.queryFilter(acl.filters.CapabilityGranted(undefined, grantee), start, end)) {
      seen.set(`${e.args.pid}:${e.args.what}`, { pid: e.args.pid, what: e.args.what });
    }
  }
  const capabilities: CapabilityHolding[] = [];
  for (const { pid, what } of seen.values()) {
    const [expiry, [conditionalExpiry, condition], active] = await Promise.all([
      acl.capabilityExpiry(pid, grantee, what),
      acl.capabilityCondition(pid, grantee, what),
      acl.hasCapability(pid, asker, what),
    ]);
    if (expiry !== 0n) capabilities.push({ pid, what, expiry, active });
    else if (conditionalExpiry !== 0n) {
      const minBalance = await acl.capabilityMinBalance(pid, grantee, what);
      const builtIn = minBalance > 0n ? { minBalance } : {};
      capabilities.push({ pid, what, expiry: conditionalExpiry, active, condition, ...builtIn });
    }
  }
  capabilities.sort((a, b) => (a.pid < b.pid ? -1 : a.pid > b.pid ? 1 : a.what.localeCompare(b.what)));
  return capabilities;
}
