import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { IDS, SystemShape, who } from "./shape";
import { createPermissions, install, ModulePermissions } from "./Kernel";

/** The meter's permissions: SET_METER_PARAMS and COLLECT_METER_FEES for root (protected). */
export const GAS_METER_PERMISSIONS: ModulePermissions = {
  where: "GasMeter",
  address: "gasMeter",
  rows: [
    { what: "SET_METER_PARAMS", holder: "root", protect: true },
    { what: "COLLECT_METER_FEES", holder: "root", protect: true },
  ],
};

/**
 * The gas meter: its implementation reads the process registry and the forwarder from the kernel at construction
 * (so it comes after the registry's install), installed behind a kernel proxy with its price and epoch length.
 * (The forwarder it reimburses relays through is deployed by the Kernel module: the kernel's constructor takes it.)
 * Permissions: SET_METER_PARAMS and COLLECT_METER_FEES for root (protected).
 *
 * Parameters: `GasMeter.price` (NYN-wei per gas, default 1e9), `GasMeter.epochLength` (seconds, default 86,400).
 */
export function gasMeterModule(
  shape: SystemShape,
  timelock: IgnitionModule,
  kernel: IgnitionModule,
  registry: IgnitionModule,
  token: IgnitionModule,
) {
  return buildModule("GasMeter", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const { nyn } = m.useModule(token) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const implementation = m.contract("GasMeter", [k.kernel, nyn], {
      id: "GasMeterImplementation",
      after: [registry],
    });
    const { proxy: gasMeter } = install(
      m,
      { kernel: k.kernel, codeHashReader: k.codeHashReader },
      IDS.MODULE_GAS_METER,
      implementation,
      {
        fn: "initialize",
        args: [m.getParameter("price", 1_000_000_000n), m.getParameter("epochLength", 86_400)],
      },
      "GasMeter",
    );
    createPermissions(m, k.acl, gasMeter, GAS_METER_PERMISSIONS, { root, arbiter: root });
    return { gasMeter, gasMeterImplementation: implementation };
  });
}
