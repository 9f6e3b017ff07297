import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Governance, part 1: the OpenZeppelin TimelockController (used as is) — the kernel's root and the DAO treasury —
 * deployed first so that the other modules can name it. It starts with no proposer and no executor; the deployer is
 * its admin only until the Governance module hands the roles to the governor and renounces.
 *
 * Parameters: `Timelock.minDelay` (seconds between queue and execute: the guardian's window to cancel).
 */
export function timelockModule() {
  return buildModule("Timelock", (m) => {
    const minDelay = m.getParameter<number>("minDelay");
    const timelock = m.contract("TimelockController", [minDelay, [], [], m.getAccount(0)]);
    return { timelock };
  });
}
