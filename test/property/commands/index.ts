import type fc from "fast-check";
import type { SystemCommand } from "../model";
import { aclCommands } from "./acl";
import { kernelCommands } from "./kernel";
import { nynCommands } from "./nyn";
import { programCommands } from "./program";
import { registryCommands } from "./registry";

/**
 * Every command of the stateful property test, by area. A new module adds `commands/<area>.ts` exporting its
 * arbitraries and lists them here (a fast-check `fc.commands` draws uniformly from this list; list an arbitrary
 * twice to weight it).
 */
export const systemCommands: fc.Arbitrary<SystemCommand>[] = [
  ...kernelCommands,
  ...aclCommands,
  aclCommands[3], // grantCapability twice as often: capabilities gate the programs
  ...registryCommands,
  registryCommands[0], // spawn twice as often: most commands need processes
  registryCommands[1], // suspend twice as often: resume needs a suspended process
  ...nynCommands,
  ...programCommands,
];
