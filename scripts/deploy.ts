import path from "path";
import hre from "hardhat";
import { deploySystem } from "../deploy/deploySystem";
import { loadSystem } from "../deploy/loadSystem";
import { deploymentId, prepareDeployment, verifySystem } from "../deploy/ignition";
import { parametersFile } from "../ignition/modules/System";
import { describeFailure } from "../lib/errors";
import { estimating } from "../lib/send";

/**
 * `npm run deploy -- --network <net>`: `npx hardhat ignition deploy ignition/modules/System.ts --parameters
 * ignition/parameters/<net>.json` (or the file `NYN_PARAMETERS` names), recorded in `ignition/deployments/chain-<id>/`
 * (or `NYN_DEPLOYMENT_ID`) — resumable: run again after an interruption, it continues where it stopped and ends with
 * the same addresses; on a complete deployment it sends nothing — then the permission-table and governance-role
 * checks (exit 1 on any difference). On the in-process `hardhat` network: the same modules, in memory.
 */
async function main() {
  if (hre.network.name === "hardhat") {
    const s = await deploySystem(hre, undefined, { log: console.log });
    console.log(`Deployed in-process (not recorded): kernel ${s.addresses.kernel}, ${s.transactions} transactions`);
    return;
  }
  const parameters = process.env.NYN_PARAMETERS || parametersFile(hre.network.name);
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const id = deploymentId(chainId);
  await prepareDeployment(hre, id, { log: console.log, force: process.env.NYN_FORCE === "1" });
  // Local development chains: poll for blocks every 50 ms instead of Ignition's 1 s, and one confirmation is final
  // (Ignition asks for 5 unless the node says it automines; anvil with --block-time does not).
  if (chainId === 31337n) {
    hre.config.ignition.blockPollingInterval = 50;
    hre.config.ignition.requiredConfirmations = 1;
  }
  const before = await hre.ethers.provider.getTransactionCount((await hre.ethers.getSigners())[0].address);
  await hre.run(
    { scope: "ignition", task: "deploy" },
    { modulePath: path.join(__dirname, "..", "ignition", "modules", "System.ts"), parameters, deploymentId: id },
  );
  if (process.exitCode) throw new Error(`ignition deploy did not complete (see above); run again to resume`);
  const system = await loadSystem(hre);
  await verifySystem(system, meantBy(parameters, system.addresses.timelock), system.roles.deployer);
  const sent = (await hre.ethers.provider.getTransactionCount(system.roles.deployer)) - before;
  console.log(`\nKernel ${system.addresses.kernel} (deployment ${id})`);
  console.log(`Root ${system.roles.root}, guardian ${system.roles.guardian}, arbiter ${system.roles.arbiter}`);
  console.log(`This run sent ${sent} transactions.`);
  console.log("Permission table and governance roles verified; the deployer holds nothing it was not given.");
}

/** Who the parameters file meant as root, guardian and arbiter. */
function meantBy(file: string, timelock: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require(path.resolve(file));
  const root: string = json.System.root === "timelock" ? timelock : json.System.root;
  const param = (name: string) => json.Kernel?.[name] ?? json.Market?.[name] ?? json.$global?.[name];
  return { root, guardian: param("guardian"), arbiter: param("arbiter") };
}

estimating(hre, main).catch(async (error) => {
  console.error(`deploy failed: ${await describeFailure(error, hre.ethers.provider)}`);
  process.exitCode = 1;
});
