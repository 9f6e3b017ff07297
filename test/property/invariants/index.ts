import type { Invariant } from "../model";
import { aclInvariants, aclIntrospectionInvariants, aclStaticInvariants } from "./acl";
import { governanceInvariants } from "./governance";
import { kernelInvariants } from "./kernel";
import { marketInvariants } from "./market";
import { meterInvariants } from "./meter";
import { namesInvariants } from "./names";
import { nynInvariants } from "./nyn";
import { programInvariants } from "./program";
import { registryInvariants } from "./registry";

/** Every invariant checked after each step (SECURITY.md "Invariants"); a new module adds `invariants/<area>.ts`. */
export const systemInvariants: Invariant[] = [
  ...kernelInvariants,
  ...aclInvariants,
  ...aclIntrospectionInvariants,
  ...registryInvariants,
  ...nynInvariants,
  ...programInvariants,
  ...meterInvariants,
  ...governanceInvariants,
  ...marketInvariants,
  ...namesInvariants,
];

/** Facts no command can change, checked once on the initial state. */
export const staticInvariants: Invariant[] = [...aclStaticInvariants];
