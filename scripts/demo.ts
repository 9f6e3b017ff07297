import hre from "hardhat";
import { deploySystem } from "../deploy/deploySystem";
import { describeFailure } from "../lib/errors";
import { estimating } from "../lib/send";
import { Cast, makeContext } from "./demo/context";
import { coreChapter } from "./demo/core";
import { marketChapter } from "./demo/market";
import { meterChapter } from "./demo/meter";
import { governanceChapter } from "./demo/governance";
import { tokensChapter } from "./demo/tokens";

/**
 * `npm run demo [-- --network localhost]`: the NYN OS story, end to end, on the in-process Hardhat network or a
 * real node (a Hardhat node or anvil). Every step prints its transaction hash and gas; expected failures print their
 * decoded custom error. Every transaction is estimated before it is signed (`estimating`).
 */
async function main() {
  const signers = await hre.ethers.getSigners();
  if (signers.length < 8) throw new Error(`the demo needs 8 funded accounts on ${hre.network.name}`);
  const [deployer, guardian, alice, bob, carol, dave, relayer, arbiter] = signers;
  const cast: Cast = { deployer, guardian, alice, bob, carol, dave, relayer, arbiter };

  console.log(
    `NYN OS demo on network "${hre.network.name}" (chain ${(await hre.ethers.provider.getNetwork()).chainId})`,
  );
  console.log(`\n== Deploy ${"=".repeat(62)}`);
  const system = await deploySystem(hre, undefined, {
    log: console.log,
    fresh: true,
    force: process.env.NYN_FORCE === "1",
  });
  const deployGas = Object.values(system.gas).reduce((a, b) => a + b, 0n);
  console.log(`   kernel ${system.addresses.kernel}; root ${system.roles.root}; total deploy gas ${deployGas}`);

  const ctx = makeContext(hre, system, cast);
  await coreChapter(ctx);
  await meterChapter(ctx);
  await marketChapter(ctx);
  await governanceChapter(ctx);
  await tokensChapter(ctx); // issue 17 part 3: a second payment token, approved by the DAO

  console.log(`\n== Gas summary ${"=".repeat(56)}`);
  for (const key of [
    "spawn a process",
    "claim a name",
    "name a process",
    "grant a capability",
    "permission-checked call",
    "permission-checked call (capability holder)",
  ]) {
    if (ctx.gas[key] !== undefined) console.log(`   ${key.padEnd(48)} ${ctx.gas[key]}`);
  }
  console.log("\nThe story ran to the end.");
}

estimating(hre, main).catch(async (error) => {
  console.error(`\ndemo failed: ${await describeFailure(error, hre.ethers.provider)}`);
  process.exitCode = 1;
});
