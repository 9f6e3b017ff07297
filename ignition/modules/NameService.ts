import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { IDS, SystemShape, who } from "./shape";
import { createPermissions, install, ModulePermissions } from "./Kernel";

/** The name service's permissions: SET_NAME_FEE for root (protected). */
export const NAME_SERVICE_PERMISSIONS: ModulePermissions = {
  where: "NameService",
  address: "nameService",
  rows: [{ what: "SET_NAME_FEE", holder: "root", protect: true }],
};

/**
 * The name service: ENS-style names (`alice.nyn`, `counter.alice.nyn`). Its implementation reads the process registry
 * from the kernel at construction and takes the NYN token (claim fees); installed behind a kernel proxy after the
 * market (the sixth module), with the root name and root as the fee treasury. Fee 0 at deployment.
 * Permission: SET_NAME_FEE for root (protected).
 *
 * Parameters: `NameService.rootName` (default "nyn").
 */
export function nameServiceModule(
  shape: SystemShape,
  timelock: IgnitionModule,
  kernel: IgnitionModule,
  token: IgnitionModule,
  market: IgnitionModule,
) {
  return buildModule("NameService", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const { nyn } = m.useModule(token) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const implementation = m.contract("NameService", [k.kernel, nyn], { id: "NameServiceImplementation" });
    const { proxy: nameService } = install(
      m,
      { kernel: k.kernel, codeHashReader: k.codeHashReader },
      IDS.MODULE_NAME_SERVICE,
      implementation,
      { fn: "initialize", args: [root, m.getParameter("rootName", "nyn")] },
      "NameService",
      [market], // install order: …, Marketplace, JobBoard, NameService
    );
    createPermissions(m, k.acl, nameService, NAME_SERVICE_PERMISSIONS, { root, arbiter: root });
    return { nameService, nameServiceImplementation: implementation };
  });
}
