import type fc from "fast-check";
import type { SystemCommand } from "../model";
import { aclCommands } from "./acl";
import { governanceCommands as gov } from "./governance";
import { jobCommands as jobs } from "./jobs";
import { kernelCommands } from "./kernel";
import { marketCommands as market } from "./market";
import { meterCommands as meter } from "./meter";
import { namesCommands as names } from "./names";
import { nynCommands } from "./nyn";
import { programCommands } from "./program";
import { registryCommands } from "./registry";

/**
 * Every command of the stateful property test, by area. A new module adds `commands/<area>.ts` exporting its
 * arbitraries and lists them here (a fast-check `fc.commands` draws uniformly from this list; an arbitrary listed
 * n times is drawn n times as often). The weights keep each area's multi-step flows reachable within one sequence
 * (a proposal needs propose, vote, time, queue, time, execute; an order buy, ship, confirm or dispute and rule).
 */
export const systemCommands: fc.Arbitrary<SystemCommand>[] = [
  ...kernelCommands,
  kernelCommands[kernelCommands.length - 1], // advanceTime three times as often: deadlines drive governance,
  kernelCommands[kernelCommands.length - 1], // the market and the job board
  ...aclCommands,
  aclCommands[3], // grantCapability twice as often: capabilities gate the programs
  ...registryCommands,
  registryCommands[0], // spawn twice as often: most commands need processes
  registryCommands[1], // suspend twice as often: resume needs a suspended process
  ...nynCommands,
  ...programCommands,
  // gas meter
  meter.deposit,
  meter.deposit,
  meter.meteredIncrement,
  meter.meteredIncrement,
  meter.meteredIncrement,
  meter.relayedMetered,
  meter.relayedMetered,
  meter.relayedMetered,
  meter.withdrawBudget,
  meter.claim,
  meter.setting,
  meter.setting,
  meter.param,
  meter.collect,
  // gas meter, issue 17: freezing threshold and sponsorship selector rules
  meter.freeze,
  meter.freeze,
  meter.freeze,
  meter.selectorRule,
  meter.selectorRule,
  // governance
  gov.propose,
  gov.vote,
  gov.vote,
  gov.queue,
  gov.queue,
  gov.execute,
  gov.execute,
  gov.cancel,
  // marketplace and shared escrow
  market.createListing,
  market.updatePrice,
  market.cancelListing,
  market.buy,
  market.buy,
  market.order,
  market.order,
  market.order,
  market.order,
  market.rule,
  market.rule,
  market.settleByDefault,
  market.withdraw,
  market.withdraw,
  market.collectFees,
  market.setFee,
  market.tokenApproval, // issue 17: tUSD removed or approved again
  market.tokenApproval,
  // job board
  jobs.postJob,
  jobs.step,
  jobs.step,
  jobs.step,
  jobs.step,
  jobs.step,
  jobs.step,
  // name service (issue 16)
  names.claim,
  names.claim,
  names.claim,
  names.nameProcess,
  names.nameProcess,
  names.nameProcess,
  names.release,
  names.release,
  names.transfer,
  names.transfer,
  names.accept,
  names.accept,
];
