import type { ACL, NYNGovernor, TimelockController } from "../typechain-types";
import { PERMISSION } from "../lib/ids";
import type { SystemAddresses } from "./deploySystem";
import type { ModulePermissions } from "../ignition/modules/Kernel";

/** One permission (where, what) with its exact holder set and manager. */
export interface PermissionRow {
  whereName: string;
  where: string;
  whatName: string;
  what: string;
  holders: string[];
  manager: string;
}

/**
 * The permission table a fresh deployment must leave: the kernel's ROOT with `root` (the timelock once governance is
 * deployed) and PAUSE with the guardian, the registry's REGISTER_PROGRAM with root, then every row the modules declare
 * (`declared`: `SYSTEM_PERMISSIONS` of ignition/modules/System.ts, the same data their Ignition modules create), each
 * with its final holder. Root manages every permission; the deployer keeps nothing unless it is the root.
 */
export function expectedPermissionTable(
  a: SystemAddresses,
  who: { root: string; guardian: string; arbiter: string },
  declared: readonly ModulePermissions[],
): PermissionRow[] {
  const row = (whereName: string, where: string, whatName: keyof typeof PERMISSION, holder: string) => ({
    whereName,
    where,
    whatName,
    what: PERMISSION[whatName],
    holders: [holder],
    manager: who.root,
  });
  return [
    row("Kernel", a.kernel, "ROOT", who.root),
    row("Kernel", a.kernel, "PAUSE", who.guardian),
    row("ProcessRegistry", a.processRegistry, "REGISTER_PROGRAM", who.root),
    ...declared.flatMap((d) => {
      const where = (a as unknown as Record<string, unknown>)[d.address];
      if (typeof where !== "string")
        throw new Error(`${d.where}'s permissions name "${d.address}", not an address key`);
      return d.rows.map((r) => row(d.where, where, r.what, who[r.holder]));
    }),
  ];
}

/** Read the live holders and manager of each row; throw listing every difference. */
export async function verifyPermissionTable(acl: ACL, expected: PermissionRow[]): Promise<void> {
  const problems: string[] = [];
  for (const row of expected) {
    const count = await acl.permissionHolderCount(row.where, row.what);
    const holders = (await acl.permissionHolders(row.where, row.what, 0, count)).map((h) => h.toLowerCase()).sort();
    const want = row.holders.map((h) => h.toLowerCase()).sort();
    if (holders.join() !== want.join()) {
      problems.push(`${row.whereName}.${row.whatName}: holders [${holders.join(", ")}], expected [${want.join(", ")}]`);
    }
    const manager = (await acl.getPermissionManager(row.where, row.what)).toLowerCase();
    if (manager !== row.manager.toLowerCase()) {
      problems.push(`${row.whereName}.${row.whatName}: manager ${manager}, expected ${row.manager.toLowerCase()}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`deploySystem: the permission table is not what was meant:\n  - ${problems.join("\n  - ")}`);
  }
}

/** One governance role outside the ACL: a TimelockController role or the governor's proposal guardian. */
export interface GovernanceRoleRow {
  whereName: "TimelockController" | "NYNGovernor";
  roleName: "DEFAULT_ADMIN" | "PROPOSER" | "CANCELLER" | "EXECUTOR" | "PROPOSAL_GUARDIAN";
  /** The exact set of holders. */
  holders: string[];
}

/**
 * The governance roles a fresh deployment must leave: the timelock administers itself; the governor alone proposes
 * (queues), cancels and executes on it; the guardian's only governance power is the governor's proposal guardian
 * (cancel a proposal that is not executed, including a queued one). The deployer holds none.
 */
export function expectedGovernanceRoles(a: SystemAddresses, who: { guardian: string }): GovernanceRoleRow[] {
  return [
    { whereName: "TimelockController", roleName: "DEFAULT_ADMIN", holders: [a.timelock] },
    { whereName: "TimelockController", roleName: "PROPOSER", holders: [a.governor] },
    { whereName: "TimelockController", roleName: "CANCELLER", holders: [a.governor] },
    { whereName: "TimelockController", roleName: "EXECUTOR", holders: [a.governor] },
    { whereName: "NYNGovernor", roleName: "PROPOSAL_GUARDIAN", holders: [who.guardian] },
  ];
}

/**
 * The exact holders of every TimelockController role, replayed from its RoleGranted/RoleRevoked events since
 * `fromBlock` (AccessControl is not enumerable), and the governor's proposal guardian.
 */
export async function readGovernanceRoles(
  timelock: TimelockController,
  governor: NYNGovernor,
  fromBlock: number,
): Promise<Record<GovernanceRoleRow["roleName"], string[]>> {
  const names: Record<string, GovernanceRoleRow["roleName"]> = {
    [await timelock.DEFAULT_ADMIN_ROLE()]: "DEFAULT_ADMIN",
    [await timelock.PROPOSER_ROLE()]: "PROPOSER",
    [await timelock.CANCELLER_ROLE()]: "CANCELLER",
    [await timelock.EXECUTOR_ROLE()]: "EXECUTOR",
  };
  const sets: Record<string, Set<string>> = {};
  const granted = await timelock.queryFilter(timelock.filters.RoleGranted(), fromBlock);
  const revoked = await timelock.queryFilter(timelock.filters.RoleRevoked(), fromBlock);
  const events = [...granted.map((e) => ({ e, add: true })), ...revoked.map((e) => ({ e, add: false }))].sort(
    (x, y) => x.e.blockNumber - y.e.blockNumber || x.e.index - y.e.index,
  );
  for (const { e, add } of events) {
    const role = names[e.args.role] ?? e.args.role;
    const set = (sets[role] ??= new Set());
    if (add) set.add(e.args.account);
    else set.delete(e.args.account);
  }
  const out = {} as Record<GovernanceRoleRow["roleName"], string[]>;
  for (const name of Object.values(names)) out[name] = [...(sets[name] ?? [])];
  for (const [role, set] of Object.entries(sets)) {
    if (!(role in out)) out[role as GovernanceRoleRow["roleName"]] = [...set];
  }
  const guardian = await governor.proposalGuardian();
  out.PROPOSAL_GUARDIAN = guardian === "0x0000000000000000000000000000000000000000" ? [] : [guardian];
  return out;
}

/** Read the live governance roles; throw listing every difference from `expected` (and any unexpected role). */
export async function verifyGovernanceRoles(
  timelock: TimelockController,
  governor: NYNGovernor,
  expected: GovernanceRoleRow[],
  fromBlock: number,
): Promise<void> {
  const live = await readGovernanceRoles(timelock, governor, fromBlock);
  const problems: string[] = [];
  const known = new Set(expected.map((r) => r.roleName));
  for (const row of expected) {
    const have = (live[row.roleName] ?? []).map((h) => h.toLowerCase()).sort();
    const want = row.holders.map((h) => h.toLowerCase()).sort();
    if (have.join() !== want.join()) {
      problems.push(`${row.whereName}.${row.roleName}: holders [${have.join(", ")}], expected [${want.join(", ")}]`);
    }
  }
  for (const [role, holders] of Object.entries(live)) {
    if (!known.has(role as GovernanceRoleRow["roleName"]) && holders.length > 0) {
      problems.push(`TimelockController role ${role}: unexpected holders [${holders.join(", ")}]`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`deploySystem: the governance roles are not what was meant:\n  - ${problems.join("\n  - ")}`);
  }
}
