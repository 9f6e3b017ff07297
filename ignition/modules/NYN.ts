import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { SystemShape, who } from "./shape";
import { permission } from "./Kernel";

/**
 * The NYN token (ERC-20 + permit + votes, 5,000,000,000 NYN cap; minting asks the ACL), minted at construction to
 * the shape's holders. Permission: MINT for root (protected).
 *
 * Parameters: `NYN.amounts` (NYN-wei per holder slot, in the shape's order) and one address parameter per named
 * slot (e.g. `NYN.alice`).
 */
export function nynModule(shape: SystemShape, timelock: IgnitionModule, kernel: IgnitionModule) {
  return buildModule("NYN", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const holders = shape.holders.map((h) => who(m, h, t));
    const nyn = m.contract("NYN", [k.acl, holders, m.getParameter("amounts")]);
    permission(m, k.acl, { holder: root, where: nyn, what: "MINT", manager: root, protect: true });
    return { nyn };
  });
}
