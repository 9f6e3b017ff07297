import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { IDS, SystemShape, who } from "./shape";
import { createPermissions, install, ModulePermissions, permission } from "./Kernel";

/**
 * The registry's permissions at their final holders: PROCESS_ADMIN for root (protected). REGISTER_PROGRAM is not
 * among them: the deployer holds and manages it while programs are registered, and the handover passes it to root.
 */
export const PROCESS_REGISTRY_PERMISSIONS: ModulePermissions = {
  where: "ProcessRegistry",
  address: "processRegistry",
  rows: [{ what: "PROCESS_ADMIN", holder: "root", protect: true }],
};

/**
 * The process registry: its implementation (built for the kernel), installed behind a kernel proxy. Permissions:
 * PROCESS_ADMIN for root (protected); REGISTER_PROGRAM for the deployer, managed by the deployer — the one power of
 * the bootstrap that outlives it by a few transactions: the Counter module registers the sample program with it and
 * the Handover module passes it to root (grant, manager, renounce) unless the deployer is root.
 */
export function processRegistryModule(shape: SystemShape, timelock: IgnitionModule, kernel: IgnitionModule) {
  return buildModule("ProcessRegistry", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const implementation = m.contract("ProcessRegistry", [k.kernel], { id: "ProcessRegistryImplementation" });
    const { installed, proxy: processRegistry } = install(
      m,
      { kernel: k.kernel, codeHashReader: k.codeHashReader },
      IDS.MODULE_PROCESS_REGISTRY,
      implementation,
      { fn: "initialize", args: [] },
      "ProcessRegistry",
    );
    createPermissions(m, k.acl, processRegistry, PROCESS_REGISTRY_PERMISSIONS, { root, arbiter: root });
    const deployer = m.getAccount(0);
    permission(m, k.acl, {
      holder: deployer,
      where: processRegistry,
      what: "REGISTER_PROGRAM",
      manager: deployer,
      protect: false,
    });
    void installed;
    return { processRegistry, processRegistryImplementation: implementation };
  });
}
