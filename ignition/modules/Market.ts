import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, Future, IgnitionModule } from "@nomicfoundation/ignition-core";
import { IDS, SystemShape, who } from "./shape";
import { createPermissions, install, ModulePermissions } from "./Kernel";

/** Each market module's rows: MARKET_ADMIN, MARKET_TOKENS for root and ARBITER for the arbiter (all protected). */
function marketRows(where: "Marketplace" | "JobBoard", address: "marketplace" | "jobBoard"): ModulePermissions {
  return {
    where,
    address,
    rows: [
      { what: "MARKET_ADMIN", holder: "root", protect: true },
      // Issue 17 part 3: governance approves and removes the tokens besides NYN that prices may be in.
      { what: "MARKET_TOKENS", holder: "root", protect: true },
      { what: "ARBITER", holder: "arbiter", protect: true },
    ],
  };
}

/** The market modules' permissions. */
export const MARKET_PERMISSIONS = {
  Marketplace: marketRows("Marketplace", "marketplace"),
  JobBoard: marketRows("JobBoard", "jobBoard"),
} as const;

/**
 * The market: Marketplace (goods) and JobBoard (gigs), each installed behind a kernel proxy, paying in NYN, fees to
 * root (the treasury). Permissions on each: MARKET_ADMIN and MARKET_TOKENS (approve and remove payment tokens besides
 * NYN) for root, and ARBITER for the arbiter; all managed by root and protected.
 *
 * Parameters: `arbiter` (module or `$global`), `Market.feeBps` (default 250 = 2.5 %).
 */
export function marketModule(
  shape: SystemShape,
  timelock: IgnitionModule,
  kernel: IgnitionModule,
  token: IgnitionModule,
  meter: IgnitionModule,
) {
  return buildModule("Market", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const { nyn } = m.useModule(token) as Record<string, CallableContractFuture<string>>;
    const root = who(m, shape.root, t);
    const arbiter = m.getParameter<string>("arbiter");
    const feeBps = m.getParameter("feeBps", 250);
    const result: Record<string, CallableContractFuture<string>> = {};
    let previous: (Future | IgnitionModule)[] = [meter]; // install order: GasMeter, Marketplace, JobBoard
    for (const [name, moduleId] of [
      ["Marketplace", IDS.MODULE_MARKETPLACE],
      ["JobBoard", IDS.MODULE_JOB_BOARD],
    ] as const) {
      const implementation = m.contract(name, [k.kernel], { id: `${name}Implementation` });
      const { installed, proxy } = install(
        m,
        { kernel: k.kernel, codeHashReader: k.codeHashReader },
        moduleId,
        implementation,
        { fn: "initialize", args: [nyn, root, feeBps] },
        name,
        previous,
      );
      previous = [installed];
      createPermissions(m, k.acl, proxy, MARKET_PERMISSIONS[name], { root, arbiter }, name);
      result[name] = proxy;
      result[`${name}Implementation`] = implementation;
    }
    return {
      marketplace: result.Marketplace,
      marketplaceImplementation: result.MarketplaceImplementation,
      jobBoard: result.JobBoard,
      jobBoardImplementation: result.JobBoardImplementation,
    };
  });
}
