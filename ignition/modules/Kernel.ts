import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  Future,
  IgnitionModuleBuilder,
  IgnitionModule,
} from "@nomicfoundation/ignition-core";
import { IDS, SystemShape, who } from "./shape";
import type { PERMISSION } from "../../lib/ids";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * The kernel and its ACL: the ERC-2771 forwarder processes trust, the ACL implementation, the Kernel (which installs
 * the ACL behind a proxy in its constructor — a bootstrap build without a balance token, upgraded by the NYN module
 * once NYN exists — with the deployer as the bootstrap root: only a root may install modules
 * and create permissions), and `CodeHashReader` (Ignition reads the implementations' code hashes through it, for
 * `installModule`). Modules are installed in a fixed order — ACL, ProcessRegistry, GasMeter, Marketplace, JobBoard, NameService —
 * which `Kernel.moduleIds` lists. Permission: PAUSE for the guardian, managed by the final root.
 *
 * Parameters: `guardian` (module or `$global`).
 */
export function kernelModule(shape: SystemShape, timelock: IgnitionModule) {
  return buildModule("Kernel", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const forwarder = m.contract("KernelForwarder");
    // The bootstrap build: no balance token yet (NYN needs the ACL first); the NYN module upgrades it.
    const aclImplementation = m.contract("ACL", [ZERO_ADDRESS], { id: "ACLBootstrapImplementation" });
    const kernel = m.contract("Kernel", [m.getAccount(0), aclImplementation, forwarder]);
    const acl = m.contractAt("ACL", m.staticCall(kernel, "acl"), { id: "ACL" });
    const codeHashReader = m.contract("CodeHashReader");
    const guardian = m.getParameter<string>("guardian");
    m.call(acl, "createPermission", [guardian, kernel, IDS.PAUSE, who(m, shape.root, t)], { id: "createPAUSE" });
    return { kernel, acl, aclImplementation, forwarder, codeHashReader };
  });
}

/**
 * Install a module implementation behind a kernel proxy: its code hash read on chain (the implementation carries
 * immutables, so the artifact's bytecode is not its code), `installModule` with that hash pinned, and the proxy read
 * from the `ModuleInstalled` event. Returns the install call and the proxy (as `contractName`, id `name`).
 */
export function install<C extends string>(
  m: IgnitionModuleBuilder,
  k: { kernel: CallableContractFuture<string>; codeHashReader: CallableContractFuture<string> },
  moduleId: string,
  implementation: CallableContractFuture<C>,
  init: { fn: string; args: unknown[] },
  name: C,
  after: (Future | IgnitionModule)[] = [],
) {
  const codeHash = m.staticCall(k.codeHashReader, "codeHashOf", [implementation], 0, { id: `${name}CodeHash` });
  const initData = m.encodeFunctionCall(implementation, init.fn, init.args as never[], { id: `${name}InitData` });
  const installed = m.call(k.kernel, "installModule", [moduleId, implementation, codeHash, initData], {
    id: `install${name}`,
    after,
  });
  const proxy = m.readEventArgument(installed, "ModuleInstalled", "proxy", { emitter: k.kernel, id: `${name}Proxy` });
  return { installed, proxy: m.contractAt(name, proxy, { id: name }) };
}

/** Who holds a module's permission once the system is deployed (the parameters name each one). */
export type PermissionHolder = "root" | "arbiter";

/**
 * The permissions a module declares, as data (Aragon OSx `PermissionLib`'s idea): where (the module's contract name
 * and its `SystemAddresses` key), and each permission's id, final holder and whether it is protected. Each Ignition
 * module creates its own rows with {@link createPermissions}; `deploy/permissions.ts` checks a deployment against the
 * same rows (`SYSTEM_PERMISSIONS` in System.ts), so a permission is written once. Every row is managed by root.
 */
export interface ModulePermissions {
  where: string;
  /** The module's key in `SystemAddresses` (e.g. "nameService"). */
  address: string;
  rows: readonly { what: keyof typeof PERMISSION; holder: PermissionHolder; protect: boolean }[];
}

/** Create every row of `declared` on `where`, for the final holders, managed by `holders.root` (see {@link permission}). */
export function createPermissions(
  m: IgnitionModuleBuilder,
  acl: CallableContractFuture<string>,
  where: CallableContractFuture<string>,
  declared: ModulePermissions,
  holders: Record<PermissionHolder, unknown>,
  suffix = "",
) {
  return declared.rows.flatMap((row) =>
    permission(
      m,
      acl,
      { holder: holders[row.holder], where, what: row.what, manager: holders.root, protect: row.protect },
      suffix,
    ),
  );
}

/**
 * Create a permission for its final holder, managed by the final root, and (for powers that move money or state
 * of others) protect it: root-level, never to ANY_ENTITY, never expiring. Both calls need the bootstrap root.
 */
export function permission(
  m: IgnitionModuleBuilder,
  acl: CallableContractFuture<string>,
  args: {
    holder: unknown;
    where: CallableContractFuture<string>;
    what: keyof typeof IDS;
    manager: unknown;
    protect: boolean;
  },
  suffix = "",
) {
  const created = m.call(acl, "createPermission", [args.holder, args.where, IDS[args.what], args.manager] as never[], {
    id: `create${args.what}${suffix}`,
  });
  if (!args.protect) return [created];
  const protectedCall = m.call(acl, "protectPermission", [args.where, IDS[args.what]], {
    id: `protect${args.what}${suffix}`,
    after: [created],
  });
  return [created, protectedCall];
}
