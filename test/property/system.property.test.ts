import hre from "hardhat";
import fc from "fast-check";
import { expect } from "chai";
import { Model, World, checkInvariants, initialModel, setupWorld, stats } from "./model";
import { systemCommands } from "./commands";
import { staticInvariants, systemInvariants } from "./invariants";
import { runPrologue, settleEverything } from "./prologue";

/**
 * The cross-module stateful property test (SECURITY.md "Invariants"): one model, and random sequences interleaving
 * kernel, ACL, registry, NYN, program (Counter), relayed, gas meter, governance, marketplace and job board commands
 * on the in-process Hardhat network. Each step is predicted exactly by the model (success with every event of the
 * watched contracts, or the exact custom error with its arguments; metered and relayed charges to the gas, see
 * commands/meter.ts); every invariant of SECURITY.md is checked after every step (invariants/); at the end of every
 * sequence every escrow is settled (prologue.ts `settleEverything`). Every sequence starts, by evm_revert, from the
 * state the prologue leaves (prologue.ts: a queued proposal, orders and jobs at each stage, a dispute, budgets).
 *
 * The world (model.ts `setupWorld`) is the system deployed with the deployer as root (KERNEL_TEST_CONFIG), so the
 * kernel, ACL, registry and NYN commands act directly, with the real NYNGovernor and TimelockController, the
 * timelock holding only what its proposals use: SET_METER_PARAMS (setPrice, setEpochLength), MARKET_ADMIN on both
 * market modules (setFee) and the management of the marketplace's ARBITER (grant or revoke arbiters).
 *
 * Budget: about 2 minutes for the default 200 sequences on 2 shared cores. Reads dominate (every EVM call frame
 * of an eth_call costs ~0.3 ms on EDR): the invariants read what the model knows, every live item every step,
 * and finished items and redundant views one per step, rotating (model.ts `ReadBatch.sample`/`probed`).
 *
 * Environment:
 *   PROPERTY_SEED   fast-check seed (default: a fixed seed, so CI runs the same sequences every time)
 *   PROPERTY_RUNS   number of sequences (default 200; 10 under solidity-coverage, which traces every call: ~8x slower)
 *   PROPERTY_STEPS  maximum commands per sequence (default 20)
 *   PROPERTY_PATH   replay a failing case: the `path` fast-check printed with its seed (PROPERTY_SEED)
 *   PROPERTY_REPLAY the counterexample's `replayPath` (in its comment), to replay the shrunk sequence exactly
 *   PROPERTY_TRACE  print every resolved step
 * On failure fast-check prints the seed, the path and the shrunk sequence of resolved calls, e.g.
 *   PROPERTY_SEED=5134670 PROPERTY_PATH="3:3:2" PROPERTY_REPLAY="HE/+:N" \
 *     npx hardhat test test/property/system.property.test.ts
 */

// A seed with which every outcome listed below happens at least once in 200 sequences (re-chosen when a command is
// added: the draws shift; 0x4e594e, "NYN", served until publishProgram/publishVersion joined the commands; with the
// names and the conditional grants both in, seeds 2 and 3 miss an outcome — jobDefaultRefund, publishVersion — and 4
// reached them all until issue 17's freezing, sponsorship rules and second token joined: then 4 missed
// disputeInRevisionWindow, and 10 reaches them all, the new outcomes included).
const DEFAULT_SEED = 10;
const underCoverage =
  Boolean(process.env.SOLIDITY_COVERAGE) ||
  (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

describe("System (stateful property)", function () {
  it("holds every SECURITY.md invariant after each step of random cross-module sequences", async function () {
    this.timeout(0); // bounded by PROPERTY_RUNS × PROPERTY_STEPS; see the header for the budget
    const seed = envInt("PROPERTY_SEED", DEFAULT_SEED);
    const maxCommands = envInt("PROPERTY_STEPS", 20);
    const path = process.env.PROPERTY_PATH || undefined;
    const replayPath = process.env.PROPERTY_REPLAY || undefined;
    // A replay (PROPERTY_PATH) runs the one failing case; otherwise 200 sequences (10 under coverage).
    const numRuns = envInt("PROPERTY_RUNS", path ? 1 : underCoverage ? 10 : 200);

    const world: World = await setupWorld(systemInvariants);
    // The initial state already satisfies the invariants (the model is built from the config, not read back).
    const base = await initialModel(world);
    await checkInvariants(base, world, [...staticInvariants, ...world.invariants], true);
    await runPrologue(base, world);
    let snapshot: string = await hre.network.provider.send("evm_snapshot");

    const prologueSteps = stats.steps;
    stats.sequences = 0;
    stats.steps = 0;
    stats.reads = 0;
    stats.byCommand.clear();
    world.gasCounts = { predicted: 0, learned: 0, accurate: 0 };
    const started = Date.now();
    console.log(
      `      property: seed ${seed}, ${numRuns} sequences of up to ${maxCommands} commands` +
        (path ? `, path ${path}` : ""),
    );

    await fc.assert(
      fc.asyncProperty(fc.commands(systemCommands, { maxCommands, size: "max", replayPath }), async (commands) => {
        // Every sequence starts from the same deployed state: evm_revert, then a new snapshot (a revert uses it up).
        expect(await hre.network.provider.send("evm_revert", [snapshot])).to.equal(true);
        snapshot = await hre.network.provider.send("evm_snapshot");
        stats.sequences++;
        if (process.env.PROPERTY_TRACE) console.log(`      sequence ${stats.sequences}`);
        // A long test says how far it is (issue 13 S15): a line every 25 sequences.
        else if (stats.sequences % 25 === 0) {
          const elapsed = ((Date.now() - started) / 1000).toFixed(0);
          console.log(`      … ${stats.sequences}/${numRuns} sequences, ${stats.steps} steps, ${elapsed} s`);
        }
        const model: Model = structuredClone(base);
        await fc.asyncModelRun(() => ({ model, real: world }), commands);
        await settleEverything(model, world);
      }),
      { seed, numRuns, verbose: true, ...(path ? { path, endOnFailure: true } : {}) },
    );

    const seconds = (Date.now() - started) / 1000;
    const rows = [...stats.byCommand.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    console.log(
      `      property: ${stats.sequences} sequences, ${stats.steps} steps (with the end-of-sequence settlements; ` +
        `prologue ${prologueSteps}), ${stats.reads} invariant reads in ${seconds.toFixed(1)} s; ` +
        `charged calls: ${world.gasCounts.predicted} predicted to the gas, ${world.gasCounts.learned} first sightings ` +
        `of a call shape (${world.gasTable.size} shapes), ${world.gasCounts.accurate} within 5 % of their receipt`,
    );
    console.log(
      "      " +
        rows.map(([name, c]) => `${name} ${c.ok}/${c.reverted}${c.noop ? `/${c.noop} skipped` : ""}`).join(", ") +
        "  (ok/reverted)",
    );
    expect(stats.sequences).to.be.gte(numRuns);
    // Sanity: the generator reached the interesting outcomes, not only failures (with the fixed seed every command
    // below succeeds at least once; "proposalDefeated" counts proposals seen turning Defeated).
    const ok = (name: string) => stats.byCommand.get(name)?.ok ?? 0;
    if (numRuns >= 100 && !path) {
      for (const name of [
        "spawn",
        "suspend",
        "kill",
        "transferProcessOwnership",
        "registerProgram",
        "publishProgram",
        "publishVersion",
        "grantPermission",
        "grantPermissionWithCondition",
        "grantPermissionWithMinBalance",
        "setCondition",
        "revokePermission",
        "renouncePermission",
        "grantCapability",
        "grantCapabilityWithCondition",
        "pause",
        "unpause",
        "increment",
        "relayedIncrement",
        "reset",
        "mint",
        "transfer",
        "strayTransfer",
        "delegate",
        "permit",
        // gas meter
        "deposit",
        "withdrawBudget",
        "meteredIncrement",
        "relayedMetered",
        "claim",
        "setQuota",
        "setRelayGasCap",
        "setLowBudgetThreshold",
        "setPrice",
        "setEpochLength",
        "collectMeterFees",
        "advanceTime",
        // gas meter, issue 17: freezing (refusals counted as frozenRefusal, deposits lifting it as unfreeze) and
        // sponsorship selector rules (refusals counted as selectorRefusal)
        "setFreezeThreshold",
        "frozenRefusal",
        "unfreeze",
        "setRelaySelectors",
        "setRelaySelectorsOnly",
        "selectorRefusal",
        // governance
        "propose",
        "vote",
        "queue",
        "execute",
        "cancel",
        "proposalDefeated",
        // marketplace
        "createListing",
        "updatePrice",
        "cancelListing",
        "buy",
        "ship",
        "confirm",
        "refund",
        "settleOrder",
        "disputeOrder",
        "rule",
        "settleByDefault",
        "withdraw",
        "collectFees",
        "setFee",
        // second token (issue 17 part 3)
        "approveToken",
        "removeToken",
        "createListingInToken",
        "buyInToken",
        "withdrawToken",
        "collectTokenFees",
        "postJobInToken",
        // job board
        "postJob",
        "applyForJob",
        "assignWorker",
        "submitMilestone",
        "approveMilestone",
        "requestChanges",
        "resubmitInRevisionWindow",
        "disputeInRevisionWindow",
        "claimMilestone",
        "cancelJob",
        "reclaimExpired",
        "disputeMilestone",
        "jobDefaultRefund",
        "jobDefaultPay",
        // name service
        "claimName",
        "nameProcess",
        "releaseProcessName",
        "transferName",
        "acceptName",
      ]) {
        expect(ok(name), `${name} never succeeded`).to.be.greaterThan(0);
      }
    }
  });
});
