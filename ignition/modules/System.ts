import fs from "fs";
import path from "path";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { SystemShape } from "./shape";
import { timelockModule } from "./Timelock";
import { kernelModule, type ModulePermissions } from "./Kernel";
import { PROCESS_REGISTRY_PERMISSIONS, processRegistryModule } from "./ProcessRegistry";
import { NYN_PERMISSIONS, nynModule } from "./NYN";
import { GAS_METER_PERMISSIONS, gasMeterModule } from "./GasMeter";
import { MARKET_PERMISSIONS, marketModule } from "./Market";
import { NAME_SERVICE_PERMISSIONS, nameServiceModule } from "./NameService";
import { counterModule } from "./Counter";
import { governanceModule } from "./Governance";
import { handoverModule } from "./Handover";

/**
 * The permissions the modules declare (each module's own rows, created by its Ignition module), in install order:
 * what a fresh deployment's permission table must show besides the kernel's ROOT and PAUSE and the registry's
 * REGISTER_PROGRAM (deploy/permissions.ts). A new module adds its declaration here, next to its module below.
 */
export const SYSTEM_PERMISSIONS: readonly ModulePermissions[] = [
  PROCESS_REGISTRY_PERMISSIONS,
  NYN_PERMISSIONS,
  GAS_METER_PERMISSIONS,
  MARKET_PERMISSIONS.Marketplace,
  MARKET_PERMISSIONS.JobBoard,
  NAME_SERVICE_PERMISSIONS,
];

/**
 * The whole NYN OS, composed of one module per kernel part: Timelock → Kernel (+ ACL, forwarder) → ProcessRegistry
 * → NYN → GasMeter → Market → NameService → Counter → Governance, then Handover (the bootstrap root passes ROOT and
 * REGISTER_PROGRAM to the final root; absent when the deployer stays root, as in the kernel unit tests).
 */
export function systemModule(shape: SystemShape) {
  const timelock = timelockModule();
  const kernel = kernelModule(shape, timelock);
  const registry = processRegistryModule(shape, timelock, kernel);
  const nyn = nynModule(shape, timelock, kernel);
  const meter = gasMeterModule(shape, timelock, kernel, registry, nyn);
  const market = marketModule(shape, timelock, kernel, nyn, meter);
  const names = nameServiceModule(shape, timelock, kernel, nyn, market);
  const counter = counterModule(kernel, registry, meter);
  const governance = governanceModule(timelock, kernel, nyn);
  const handover =
    shape.root === "deployer"
      ? undefined
      : handoverModule(shape, {
          timelock,
          kernel,
          registry,
          needsRoot: [kernel, registry, nyn, meter, market, names],
          counter,
        });
  return buildModule("System", (m) => {
    if (handover) m.useModule(handover);
    return {
      ...m.useModule(timelock),
      ...m.useModule(kernel),
      ...m.useModule(registry),
      ...m.useModule(nyn),
      ...m.useModule(meter),
      ...m.useModule(market),
      ...m.useModule(names),
      ...m.useModule(counter),
      ...m.useModule(governance),
    };
  });
}

/** The parameters file of a network: `ignition/parameters/<network>.json` (`hardhat` uses `localhost.json`). */
export function parametersFile(network: string): string {
  return path.join(__dirname, "..", "parameters", `${network === "hardhat" ? "localhost" : network}.json`);
}

/**
 * The shape a parameters file declares (`System.root`, `System.holders`): what the module is made of, where the rest
 * of the file gives its values. Ignition modules are static, so the shape is read when the module is built.
 */
export function shapeOf(file: string): SystemShape {
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const shape = json.System as SystemShape | undefined;
  if (!shape?.root || !Array.isArray(shape.holders))
    throw new Error(`${file}: "System": { "root", "holders" } missing`);
  return { root: shape.root, holders: shape.holders };
}

function networkName(): string {
  // The module file is loaded by `npx hardhat ignition deploy|visualize`: Hardhat's runtime is already built.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("hardhat") as { network: { name: string } }).network.name;
}

/**
 * `npx hardhat ignition deploy ignition/modules/System.ts --network <net> --parameters ignition/parameters/<net>.json`:
 * the shape is read from that network's file (or the file `NYN_PARAMETERS` names), which must be the one passed.
 */
export default systemModule(shapeOf(process.env.NYN_PARAMETERS || parametersFile(networkName())));
