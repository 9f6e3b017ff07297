import type { ACL } from "../typechain-types";
import { PERMISSION } from "./ids";
import type { SystemAddresses } from "./deploySystem";
import { gasMeterPermissionRows } from "./modules/gasMeter";

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
 * The permission table a fresh deployment must leave: every power sits with `root` (the timelock once governance
 * is deployed), except `PAUSE`, which the guardian holds and root manages. The deployer keeps nothing unless it
 * is the root.
 */
export function expectedPermissionTable(
  a: SystemAddresses,
  who: { root: string; guardian: string },
): PermissionRow[] {
  return [
    { whereName: "Kernel", where: a.kernel, whatName: "ROOT", what: PERMISSION.ROOT, holders: [who.root], manager: who.root },
    { whereName: "Kernel", where: a.kernel, whatName: "PAUSE", what: PERMISSION.PAUSE, holders: [who.guardian], manager: who.root },
    {
      whereName: "ProcessRegistry",
      where: a.processRegistry,
      whatName: "REGISTER_PROGRAM",
      what: PERMISSION.REGISTER_PROGRAM,
      holders: [who.root],
      manager: who.root,
    },
    {
      whereName: "ProcessRegistry",
      where: a.processRegistry,
      whatName: "PROCESS_ADMIN",
      what: PERMISSION.PROCESS_ADMIN,
      holders: [who.root],
      manager: who.root,
    },
    { whereName: "NYN", where: a.nyn, whatName: "MINT", what: PERMISSION.MINT, holders: [who.root], manager: who.root },
    ...gasMeterPermissionRows(a.gasMeter, who),
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
