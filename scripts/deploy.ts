import hre from "hardhat";
import { deploySystem } from "../deploy/deploySystem";
import { describeFailure } from "../lib/errors";
import { estimating } from "../lib/send";

/** `npx hardhat run scripts/deploy.ts [--network localhost]`: deploy NYN OS and record its addresses. */
async function main() {
  console.log(`Deploying NYN OS to ${hre.network.name}…`);
  const system = await deploySystem(hre, undefined, { log: console.log });
  const total = Object.values(system.gas).reduce((a, b) => a + b, 0n);
  console.log(`\nKernel ${system.addresses.kernel}`);
  console.log(`Root ${system.roles.root}, guardian ${system.roles.guardian}`);
  console.log(`Total deploy gas: ${total}`);
  console.log(`Recorded in deployments/${hre.network.name}.json`);
}

estimating(hre, main).catch(async (error) => {
  console.error(`deploy failed: ${await describeFailure(error, hre.ethers.provider)}`);
  process.exitCode = 1;
});
