import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { IDS, NO_EXPIRY, SystemShape, who } from "./shape";

/**
 * The end of the bootstrap, when root is not the deployer: the deployer passes the two powers it needed — ROOT
 * (every install, createPermission and protectPermission above) and REGISTER_PROGRAM (the sample program) — to root:
 * grant, set root as manager, renounce its own. Runs after every module that needs them. Every other permission was
 * created for its final holder, managed by root, in its own module.
 */
export function handoverModule(
  shape: SystemShape,
  parts: {
    timelock: IgnitionModule;
    kernel: IgnitionModule;
    registry: IgnitionModule;
    needsRoot: IgnitionModule[];
    counter: IgnitionModule;
  },
) {
  return buildModule("Handover", (m) => {
    const t = m.useModule(parts.timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(parts.kernel) as Record<string, CallableContractFuture<string>>;
    const { processRegistry } = m.useModule(parts.registry) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const hand = (name: string, where: CallableContractFuture<string>, what: string, after: IgnitionModule[]) => {
      const granted = m.call(k.acl, "grantPermission", [root, where, what, NO_EXPIRY], { id: `grant${name}`, after });
      const managed = m.call(k.acl, "setPermissionManager", [root, where, what], {
        id: `manager${name}`,
        after: [granted],
      });
      m.call(k.acl, "renouncePermission", [where, what], { id: `renounce${name}`, after: [managed] });
    };
    hand("REGISTER_PROGRAM", processRegistry, IDS.REGISTER_PROGRAM, [parts.counter]);
    hand("ROOT", k.kernel, IDS.ROOT, [...parts.needsRoot, parts.counter]);
    return {};
  });
}
