import { task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { PLUGIN, addressFor, idFor, sent, signerFor, withSystem, formatTime } from "./util";
import type { System } from "../deploy/deploySystem";

/** Resolve `--where` (kernel, acl, registry, nyn, a module name, or an address). */
async function whereFor(s: System, where: string, hre: Parameters<typeof addressFor>[0]): Promise<string> {
  const known: Record<string, string> = {
    kernel: s.addresses.kernel,
    acl: s.addresses.acl,
    registry: s.addresses.processRegistry,
    processregistry: s.addresses.processRegistry,
    nyn: s.addresses.nyn,
  };
  const key = where.toLowerCase();
  if (known[key]) return known[key];
  const moduleAddress = await s.kernel.moduleAddress(hre.ethers.id(`nyn.module.${key}`));
  if (moduleAddress !== hre.ethers.ZeroAddress) return moduleAddress;
  if (hre.ethers.isAddress(where)) return hre.ethers.getAddress(where);
  throw new HardhatPluginError(
    PLUGIN,
    `unknown --where "${where}" (kernel, acl, registry, nyn, a module name or an address)`,
  );
}

function expiryOf(hre: Parameters<typeof idFor>[0], seconds: string | undefined): bigint {
  void hre;
  if (!seconds || seconds === "never") return (1n << 64n) - 1n;
  return BigInt(Math.floor(Date.now() / 1000)) + BigInt(seconds);
}

task("acl:grant", "Grant a permission (who, where, what), or with --pid a capability on a process")
  .addParam("who", "Grantee (name, index or address)")
  .addParam("what", "Permission or capability name (e.g. MINT, INCREMENT_CAPABILITY) or 0x id")
  .addOptionalParam("where", "Contract the permission is on (kernel, acl, registry, nyn, module name, address)")
  .addOptionalParam("pid", "Grant a process-scoped capability on this PID instead (you must own the process)")
  .addOptionalParam("expires", "Seconds from now until expiry (default: never)")
  .addOptionalParam("from", "The permission's manager / the process owner", "deployer")
  .setAction(
    async (args: { who: string; what: string; where?: string; pid?: string; expires?: string; from: string }, hre) =>
      withSystem(hre, async (s) => {
        const acl = s.acl.connect(await signerFor(hre, args.from));
        const who = await addressFor(hre, args.who);
        const what = idFor(hre, args.what);
        const expiry = expiryOf(hre, args.expires);
        if (args.pid) {
          await sent(
            `grant capability ${args.what} on PID ${args.pid} to ${who} until ${formatTime(expiry)}`,
            acl.grantCapability(BigInt(args.pid), who, what, expiry),
          );
        } else {
          if (!args.where) throw new HardhatPluginError(PLUGIN, "give --where (or --pid for a capability)");
          const where = await whereFor(s, args.where, hre);
          await sent(
            `grant ${args.what} on ${where} to ${who} until ${formatTime(expiry)}`,
            acl.grantPermission(who, where, what, expiry),
          );
        }
      }),
  );

task("acl:revoke", "Revoke a permission, or with --pid a capability on a process")
  .addParam("who", "Holder (name, index or address)")
  .addParam("what", "Permission or capability name or 0x id")
  .addOptionalParam("where", "Contract the permission is on")
  .addOptionalParam("pid", "Revoke a process-scoped capability on this PID instead")
  .addOptionalParam("from", "The permission's manager / the process owner", "deployer")
  .setAction(async (args: { who: string; what: string; where?: string; pid?: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const acl = s.acl.connect(await signerFor(hre, args.from));
      const who = await addressFor(hre, args.who);
      const what = idFor(hre, args.what);
      if (args.pid) {
        await sent(
          `revoke capability ${args.what} on PID ${args.pid} from ${who}`,
          acl.revokeCapability(BigInt(args.pid), who, what),
        );
      } else {
        if (!args.where) throw new HardhatPluginError(PLUGIN, "give --where (or --pid for a capability)");
        await sent(
          `revoke ${args.what} from ${who}`,
          acl.revokePermission(who, await whereFor(s, args.where, hre), what),
        );
      }
    }),
  );

task("acl:check", "May WHO do WHAT on WHERE (or on process --pid)? Lists holders too")
  .addParam("who", "Account (name, index or address)")
  .addParam("what", "Permission or capability name or 0x id")
  .addOptionalParam("where", "Contract the permission is on")
  .addOptionalParam("pid", "Check a process-scoped capability on this PID instead")
  .setAction(async (args: { who: string; what: string; where?: string; pid?: string }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who);
      const what = idFor(hre, args.what);
      if (args.pid) {
        const pid = BigInt(args.pid);
        const ok = await s.acl.hasCapability(pid, who, what);
        console.log(
          `${who} ${ok ? "MAY" : "may NOT"} use ${args.what} on PID ${pid} (expiry ${formatTime(await s.acl.capabilityExpiry(pid, who, what))}; owner ${await s.registry.ownerOf(pid)})`,
        );
        return;
      }
      if (!args.where) throw new HardhatPluginError(PLUGIN, "give --where (or --pid for a capability)");
      const where = await whereFor(s, args.where, hre);
      const ok = await s.acl.hasPermission(who, where, what);
      console.log(
        `${who} ${ok ? "HAS" : "does NOT have"} ${args.what} on ${where} (expiry ${formatTime(await s.acl.permissionExpiry(who, where, what))})`,
      );
      const count = await s.acl.permissionHolderCount(where, what);
      console.log(
        `manager ${await s.acl.getPermissionManager(where, what)}; ${count} holder(s): ${(await s.acl.permissionHolders(where, what, 0, 20)).join(", ")}${count > 20n ? ", …" : ""}`,
      );
    }),
  );
