import { id } from "ethers";

/** Module ids of the kernel's module table (mirror `KernelIds.sol`). */
export const MODULE = {
  ACL: id("nyn.module.acl"),
  PROCESS_REGISTRY: id("nyn.module.process-registry"),
  GAS_METER: id("nyn.module.gas-meter"),
  MARKETPLACE: id("nyn.module.marketplace"),
  JOB_BOARD: id("nyn.module.job-board"),
  NAME_SERVICE: id("nyn.module.name-service"),
} as const;

/** Permission ids (`keccak256("NAME_PERMISSION")`, mirror `KernelIds.sol`). */
export const PERMISSION = {
  ROOT: id("ROOT_PERMISSION"),
  PAUSE: id("PAUSE_PERMISSION"),
  REGISTER_PROGRAM: id("REGISTER_PROGRAM_PERMISSION"),
  PROCESS_ADMIN: id("PROCESS_ADMIN_PERMISSION"),
  MINT: id("MINT_PERMISSION"),
  MARKET_ADMIN: id("MARKET_ADMIN_PERMISSION"),
  ARBITER: id("ARBITER_PERMISSION"),
  MARKET_TOKENS: id("MARKET_TOKENS_PERMISSION"),
  SET_METER_PARAMS: id("SET_METER_PARAMS_PERMISSION"),
  COLLECT_METER_FEES: id("COLLECT_METER_FEES_PERMISSION"),
  SET_NAME_FEE: id("SET_NAME_FEE_PERMISSION"),
} as const;

/** Capability ids of the sample program. */
export const CAPABILITY = {
  INCREMENT: id("INCREMENT_CAPABILITY"),
} as const;

/** Reverse lookup: a human name for a known permission/module/capability id. */
export function nameOfId(value: string): string {
  for (const table of [PERMISSION, MODULE, CAPABILITY] as Record<string, string>[]) {
    for (const [name, v] of Object.entries(table)) if (v === value) return name;
  }
  return value;
}

/** `type(uint64).max`: the ACL's "never expires". */
export const NO_EXPIRY = (1n << 64n) - 1n;
/** The ACL's wildcard grantee. */
export const ANY_ENTITY = "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF";
