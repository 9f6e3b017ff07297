import type { IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import type { CallableContractFuture } from "@nomicfoundation/ignition-core";
import { isAddress } from "ethers";
import { MODULE, PERMISSION } from "../../lib/ids";

/**
 * Who an Ignition module gives something to: the governance timelock (a future of this deployment), the deployer
 * (Ignition's account 0), or a literal address.
 */
export type Who = "timelock" | "deployer" | string;

/**
 * What a System module is made of, fixed when the module is built (Ignition modules are static: a parameter can
 * change a value, never how many transactions there are or which future an argument names). The values — addresses,
 * amounts, periods — are module parameters (`ignition/parameters/<network>.json`).
 */
export interface SystemShape {
  /** Holds ROOT_PERMISSION and manages every permission at the end: "timelock" on every real network. */
  root: Who;
  /**
   * The NYN allocation slots, in order: "timelock" (the DAO treasury), "deployer", the name of an address
   * parameter of the NYN module (e.g. "alice": `NYN.alice`), or `"vesting:<name>"`: a vesting wallet whose
   * beneficiary is the address parameter `NYN.<name>` (see ignition/modules/NYN.ts). Their amounts are the NYN
   * module's `amounts` parameter.
   */
  holders: Who[];
}

/** The beneficiary's name of a vesting slot (`"vesting:carol"` → `"carol"`), or undefined for any other slot. */
export function vestingBeneficiary(slot: Who): string | undefined {
  return slot.startsWith("vesting:") ? slot.slice("vesting:".length) : undefined;
}

/** The production shape: the timelock is root and holds the treasury. */
export const PRODUCTION_SHAPE: SystemShape = { root: "timelock", holders: ["timelock"] };

/** `type(uint64).max`: the ACL's "never expires". */
export const NO_EXPIRY = (1n << 64n) - 1n;

/** Module and permission ids, from the one table (lib/ids.ts, which mirrors `KernelIds.sol`). */
export const IDS = {
  MODULE_ACL: MODULE.ACL,
  MODULE_PROCESS_REGISTRY: MODULE.PROCESS_REGISTRY,
  MODULE_GAS_METER: MODULE.GAS_METER,
  MODULE_MARKETPLACE: MODULE.MARKETPLACE,
  MODULE_JOB_BOARD: MODULE.JOB_BOARD,
  MODULE_NAME_SERVICE: MODULE.NAME_SERVICE,
  ...PERMISSION,
} as const;

/**
 * A `Who` as an Ignition argument: the timelock future, account 0, a literal address, or (any other name) an address
 * parameter of the module being built.
 */
export function who(m: IgnitionModuleBuilder, value: Who, timelock: CallableContractFuture<string>) {
  if (value === "timelock") return timelock;
  if (value === "deployer") return m.getAccount(0);
  if (isAddress(value)) return value;
  return m.getParameter<string>(value);
}
