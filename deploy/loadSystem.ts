import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { System } from "./deploySystem";
import { connectSystem, readRecord } from "./ignition";

/** Thrown when a network has no recorded deployment. */
export class NoDeploymentError extends Error {
  override name = "NoDeploymentError";
}

/**
 * Connect to the deployment Ignition recorded for this chain (`ignition/deployments/chain-<id>/deployed_addresses.json`,
 * or `NYN_DEPLOYMENT_ID`; on the in-process network, the one `deploySystem(…, { record: true })` kept), with the first
 * signer. Throws {@link NoDeploymentError} with instructions when there is none, or when the recorded kernel has no
 * code (e.g. `npx hardhat node` was restarted).
 */
export async function loadSystem(hre: HardhatRuntimeEnvironment): Promise<System> {
  const record = await readRecord(hre);
  const deploy = `npm run deploy -- --network ${hre.network.name}`;
  if (!record && hre.network.name === "hardhat") {
    throw new NoDeploymentError(
      `no deployment on the in-process network "hardhat" (each command starts a new, empty chain there): ` +
        `add --network localhost, with a node running (npx hardhat node) and the system deployed to it ` +
        `(npm run deploy -- --network localhost)`,
    );
  }
  if (!record) {
    throw new NoDeploymentError(`no deployment recorded for network "${hre.network.name}". Deploy first: ${deploy}`);
  }
  const kernel = record.addresses["Kernel#Kernel"];
  if (!kernel || (await hre.ethers.provider.getCode(kernel)) === "0x") {
    throw new NoDeploymentError(
      `the deployment recorded in ${record.file} is not on this chain (no code at the kernel ${kernel}); ` +
        `the node was probably restarted. Deploy again: ${deploy}`,
    );
  }
  return connectSystem(hre, record.addresses, record.deployBlock ?? (await firstBlock(record.file)));
}

async function firstBlock(file: string): Promise<number> {
  const { firstBlockOf } = await import("./ignition");
  return firstBlockOf(file.replace(/deployed_addresses\.json$/, "")) ?? 0;
}
