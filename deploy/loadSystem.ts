import fs from "fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  ACL__factory,
  GasMeter__factory,
  Kernel__factory,
  KernelForwarder__factory,
  NYN__factory,
  NYNGovernor__factory,
  ProcessRegistry__factory,
  TimelockController__factory,
} from "../typechain-types";
import { deploymentPath, System, SystemAddresses } from "./deploySystem";
import { expectedPermissionTable } from "./permissions";
import { connectMarket } from "./modules/market";

/** Thrown when a network has no recorded deployment. */
export class NoDeploymentError extends Error {
  override name = "NoDeploymentError";
}

/**
 * Connect to the deployment recorded in `deployments/<network>.json`, with the first signer (or `signer`).
 * Throws {@link NoDeploymentError} with instructions when there is none, or when the recorded kernel has no code
 * (e.g. `npx hardhat node` was restarted).
 */
export async function loadSystem(hre: HardhatRuntimeEnvironment): Promise<System> {
  const file = deploymentPath(hre);
  if (!fs.existsSync(file)) {
    throw new NoDeploymentError(
      `no deployment recorded for network "${hre.network.name}" (${file}). ` +
        `Deploy first: npx hardhat run scripts/deploy.ts --network ${hre.network.name}`,
    );
  }
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const a: SystemAddresses = json.addresses;
  if ((await hre.ethers.provider.getCode(a.kernel)) === "0x") {
    throw new NoDeploymentError(
      `the deployment recorded in ${file} is not on this chain (no code at the kernel ${a.kernel}); ` +
        `the node was probably restarted. Deploy again: npx hardhat run scripts/deploy.ts --network ${hre.network.name}`,
    );
  }
  const [signer] = await hre.ethers.getSigners();
  return {
    kernel: Kernel__factory.connect(a.kernel, signer),
    acl: ACL__factory.connect(a.acl, signer),
    registry: ProcessRegistry__factory.connect(a.processRegistry, signer),
    nyn: NYN__factory.connect(a.nyn, signer),
    forwarder: KernelForwarder__factory.connect(a.forwarder, signer),
    ...connectMarket(a, signer),
    governor: NYNGovernor__factory.connect(a.governor, signer),
    timelock: TimelockController__factory.connect(a.timelock, signer),
    gasMeter: GasMeter__factory.connect(a.gasMeter, signer),
    programs: a.programs,
    addresses: a,
    roles: json.roles,
    permissions: expectedPermissionTable(a, json.roles),
    deployBlock: json.deployBlock,
    gas: {},
  };
}
