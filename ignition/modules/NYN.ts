import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { IDS, SystemShape, vestingBeneficiary, who } from "./shape";
import { createPermissions, ModulePermissions } from "./Kernel";

/** The token's permission: MINT for root (protected). */
export const NYN_PERMISSIONS: ModulePermissions = {
  where: "NYN",
  address: "nyn",
  rows: [{ what: "MINT", holder: "root", protect: true }],
};

/**
 * The NYN token (ERC-20 + permit + votes, 5,000,000,000 NYN cap; minting asks the ACL), minted at construction to
 * the shape's holders, and one `NYNVestingWallet` (OZ `VestingWalletCliff` + delegation) per vesting slot
 * (`"vesting:<name>"`), deployed first so its allocation is minted straight into it. Permission: MINT for root
 * (protected). Then the ACL's final implementation (NYN as its balance-condition token), installed by upgrade.
 *
 * Parameters: `NYN.amounts` (NYN-wei per holder slot, in the shape's order); one address parameter per named slot
 * (e.g. `NYN.alice`); per vesting slot `"vesting:<name>"` the beneficiary `NYN.<name>` and its schedule in seconds,
 * `NYN.<name>VestingStart` (Unix time), `NYN.<name>VestingCliff` and `NYN.<name>VestingDuration`.
 */
export function nynModule(shape: SystemShape, timelock: IgnitionModule, kernel: IgnitionModule) {
  return buildModule("NYN", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const wallets: Record<string, CallableContractFuture<"NYNVestingWallet">> = {};
    const holders = shape.holders.map((slot) => {
      const name = vestingBeneficiary(slot);
      if (name === undefined) return who(m, slot, t);
      const wallet = m.contract(
        "NYNVestingWallet",
        [
          who(m, name, t),
          m.getParameter(`${name}VestingStart`),
          m.getParameter(`${name}VestingDuration`),
          m.getParameter(`${name}VestingCliff`),
        ],
        { id: vestingWalletId(name) },
      );
      wallets[vestingWalletId(name)] = wallet;
      return wallet;
    });
    const nyn = m.contract("NYN", [k.acl, holders, m.getParameter("amounts")]);
    createPermissions(m, k.acl, nyn, NYN_PERMISSIONS, { root, arbiter: root });
    // The ACL's final build: NYN as the built-in balance condition's token (an immutable), installed by the
    // bootstrap root as a kernel module upgrade with its code hash pinned (as `install` does).
    const aclImplementation = m.contract("ACL", [nyn], { id: "ACLImplementation" });
    const aclCodeHash = m.staticCall(k.codeHashReader, "codeHashOf", [aclImplementation], 0, { id: "ACLCodeHash" });
    m.call(k.kernel, "upgradeModule", [IDS.MODULE_ACL, aclImplementation, aclCodeHash, "0x"], { id: "upgradeACL" });
    return { nyn, aclImplementation, ...wallets };
  });
}

/** The Ignition future id of the vesting wallet of slot `"vesting:<name>"` (`NYN#VestingWallet_<name>`). */
export function vestingWalletId(name: string): string {
  return `VestingWallet_${name}`;
}
