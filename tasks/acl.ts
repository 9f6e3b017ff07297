import { task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import {
  PLUGIN,
  addressFor,
  capabilityFor,
  permissionFor,
  sent,
  signerFor,
  withSystem,
  formatContextFor,
  printJson,
  pidFor,
} from "./util";
import { formatAddress, formatAmount, formatDate } from "../lib/format";
import { whois } from "../lib/whois";
import { ANY_ENTITY, NO_EXPIRY } from "../lib/ids";
import type { System } from "../deploy/deploySystem";
import { parseAmount, parseDuration, parseUint } from "../lib/input";
import { describeCondition, describeGrantCondition } from "../lib/conditions";

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

/** `--what`: a capability of process `pid` when given, else a kernel permission (see tasks/util.ts). */
async function whatFor(
  hre: Parameters<typeof addressFor>[0],
  s: System,
  args: { what: string; pid?: string; rawId?: boolean },
): Promise<string> {
  return args.pid
    ? capabilityFor(hre, s, await pidFor(s, args.pid), args.what, args.rawId)
    : permissionFor(args.what, args.rawId);
}

/**
 * `--expires SECONDS` from the chain's latest block time (not this computer's clock: a dev chain moved forward by
 * `--fast-forward` runs ahead of it), or never.
 */
async function expiryOf(hre: Parameters<typeof addressFor>[0], seconds: string | undefined): Promise<bigint> {
  if (!seconds || seconds === "never") return (1n << 64n) - 1n;
  const duration = parseDuration(seconds, "--expires");
  const latest = await hre.ethers.provider.getBlock("latest");
  return BigInt(latest!.timestamp) + duration;
}

/**
 * Refuse up front (nothing sent) a grant or revoke by an account that does not manage the permission, saying who
 * does: after the deploy the governance timelock manages every kernel permission, which then changes only by
 * proposal.
 */
async function requireManager(
  s: System,
  where: string,
  what: string,
  args: { who: string; what: string; where?: string; from: string },
  caller: string,
): Promise<void> {
  const manager = await s.acl.getPermissionManager(where, what);
  if (manager.toLowerCase() === caller.toLowerCase()) return;
  if (manager === "0x0000000000000000000000000000000000000000") {
    throw new HardhatPluginError(PLUGIN, `--what: ${args.what} was never created on ${where} (no manager)`);
  }
  const timelock = manager.toLowerCase() === s.addresses.timelock.toLowerCase();
  throw new HardhatPluginError(
    PLUGIN,
    `--from ${args.from} (${caller}) does not manage ${args.what} on ${args.where}: ${timelock ? "the governance timelock" : manager} does.` +
      (timelock
        ? ` Nothing was sent. Propose it: npx hardhat dao:propose --grant ${args.what} --grant-on ${args.where} --grant-to ${args.who} --description "…" --from <a delegate>`
        : " Nothing was sent."),
  );
}

task("acl:grant", "Grant a permission (who, where, what), or with --pid a capability on a process")
  .addParam("who", "Grantee (name, index or address)")
  .addParam("what", "Permission name (e.g. MINT), or with --pid a capability the program defines (e.g. INCREMENT)")
  .addOptionalParam("where", "Contract the permission is on (kernel, acl, registry, nyn, module name, address)")
  .addOptionalParam("pid", "Grant a process-scoped capability on this PID instead (you must own the process)")
  .addOptionalParam("expires", "Seconds from now until expiry (default: never)")
  .addOptionalParam(
    "condition",
    "Grant only while this IPermissionCondition contract says yes (an address; deploy a built-in one with acl:condition)",
  )
  .addOptionalParam(
    "minBalance",
    "Grant only while the account holds at least this much NYN (e.g. 100): the condition built into the ACL, no contract",
  )
  .addOptionalParam("from", "The permission's manager / the process owner", "deployer")
  .addFlag("rawId", "Accept a raw 0x id for --what (otherwise only known names)")
  .setAction(
    async (
      args: {
        who: string;
        what: string;
        where?: string;
        pid?: string;
        expires?: string;
        condition?: string;
        minBalance?: string;
        from: string;
        rawId: boolean;
      },
      hre,
    ) =>
      withSystem(hre, async (s) => {
        const acl = s.acl.connect(await signerFor(hre, args.from));
        const who = await addressFor(hre, args.who, s);
        const what = await whatFor(hre, s, args);
        const expiry = await expiryOf(hre, args.expires);
        if (args.condition && args.minBalance) {
          throw new HardhatPluginError(PLUGIN, "give --condition or --min-balance, not both");
        }
        const condition = args.condition ? await conditionFor(hre, args.condition) : undefined;
        const minBalance = args.minBalance ? parseAmount(args.minBalance, "--min-balance") : undefined;
        const when = condition
          ? ` while ${await describeCondition(hre.ethers.provider, condition)}`
          : minBalance
            ? ` while holding ≥ ${formatAmount(minBalance)} (built into the ACL)`
            : "";
        if (args.pid) {
          const label = `grant capability ${args.what} on PID ${args.pid} to ${who} until ${formatDate(expiry)}${when}`;
          const pid = await pidFor(s, args.pid);
          await sent(
            label,
            condition
              ? acl.grantCapabilityWithCondition(pid, who, what, expiry, condition)
              : minBalance
                ? acl.grantCapabilityWithMinBalance(pid, who, what, expiry, minBalance)
                : acl.grantCapability(pid, who, what, expiry),
          );
        } else {
          if (!args.where) throw new HardhatPluginError(PLUGIN, "give --where (or --pid for a capability)");
          const where = await whereFor(s, args.where, hre);
          await requireManager(s, where, what, args, (await signerFor(hre, args.from)).address);
          await sent(
            `grant ${args.what} on ${where} to ${who} until ${formatDate(expiry)}${when}`,
            condition
              ? acl.grantPermissionWithCondition(who, where, what, expiry, condition)
              : minBalance
                ? acl.grantPermissionWithMinBalance(who, where, what, expiry, minBalance)
                : acl.grantPermission(who, where, what, expiry),
          );
        }
      }),
  );

/** `--condition`: the address of a contract (refused up front when no code is there). */
async function conditionFor(hre: Parameters<typeof addressFor>[0], value: string): Promise<string> {
  if (!hre.ethers.isAddress(value)) {
    throw new HardhatPluginError(PLUGIN, `--condition: "${value}" is not an address (deploy one with acl:condition)`);
  }
  const address = hre.ethers.getAddress(value);
  if ((await hre.ethers.provider.getCode(address)) === "0x") {
    throw new HardhatPluginError(PLUGIN, `--condition: no contract at ${address}. Nothing was sent.`);
  }
  return address;
}

task("acl:condition", "Deploy a built-in grant condition (contracts/conditions/) and print its address")
  .addOptionalParam("nynAtLeast", "Holds at least this many NYN (e.g. 100 or 0.5)")
  .addOptionalParam("votesAtLeast", "Has at least this many NYN votes (ERC-5805, delegated, at the current clock)")
  .addOptionalParam("notBefore", "Time window: first second (unix seconds, or a duration from now such as 1h)")
  .addOptionalParam("notAfter", "Time window: last second (unix seconds, or a duration from now such as 7d)")
  .addOptionalParam("allOf", "All of these condition addresses (comma-separated, at most 8)")
  .addOptionalParam("anyOf", "Any of these condition addresses (comma-separated, at most 8)")
  .addOptionalParam("from", "The deploying account", "deployer")
  .setAction(
    async (
      args: {
        nynAtLeast?: string;
        votesAtLeast?: string;
        notBefore?: string;
        notAfter?: string;
        allOf?: string;
        anyOf?: string;
        from: string;
      },
      hre,
    ) =>
      withSystem(hre, async (s) => {
        const kinds = [args.nynAtLeast, args.votesAtLeast, args.notBefore ?? args.notAfter, args.allOf, args.anyOf];
        if (kinds.filter((k) => k !== undefined).length !== 1) {
          throw new HardhatPluginError(
            PLUGIN,
            "give exactly one of --nyn-at-least, --votes-at-least, --not-before/--not-after, --all-of, --any-of",
          );
        }
        const signer = await signerFor(hre, args.from);
        const types = await import("../typechain-types");
        const latest = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
        const timeOf = (value: string, flag: string) =>
          /^[0-9]+$/.test(value) && value.length >= 9 ? parseUint(value, flag) : latest + parseDuration(value, flag);
        let deploying;
        if (args.nynAtLeast !== undefined) {
          const min = parseAmount(args.nynAtLeast, "--nyn-at-least");
          deploying = new types.TokenBalanceCondition__factory(signer).deploy(s.addresses.nyn, min);
        } else if (args.votesAtLeast !== undefined) {
          const min = parseAmount(args.votesAtLeast, "--votes-at-least");
          deploying = new types.VotesCondition__factory(signer).deploy(s.addresses.nyn, min);
        } else if (args.notBefore !== undefined || args.notAfter !== undefined) {
          const notBefore = args.notBefore ? timeOf(args.notBefore, "--not-before") : latest;
          const notAfter = args.notAfter ? timeOf(args.notAfter, "--not-after") : (1n << 64n) - 1n;
          deploying = new types.TimeWindowCondition__factory(signer).deploy(notBefore, notAfter);
        } else {
          const list = (args.allOf ?? args.anyOf)!.split(",").map((a) => a.trim());
          for (const a of list) await conditionFor(hre, a);
          deploying = new types.CombinedCondition__factory(signer).deploy(args.allOf ? 0 : 1, list);
        }
        const contract = await deploying;
        await contract.waitForDeployment();
        const address = await contract.getAddress();
        const description = await describeCondition(hre.ethers.provider, address);
        console.log(`condition ${address}: ${description}`);
        console.log(`use it: npx hardhat acl:grant --condition ${address} --who <account or ${ANY_ENTITY}> …`);
      }),
  );

task("acl:revoke", "Revoke a permission, or with --pid a capability on a process")
  .addParam("who", "Holder (name, index or address)")
  .addParam("what", "Permission name, or with --pid a capability the program defines")
  .addOptionalParam("where", "Contract the permission is on")
  .addOptionalParam("pid", "Revoke a process-scoped capability on this PID instead")
  .addOptionalParam("from", "The permission's manager / the process owner", "deployer")
  .addFlag("rawId", "Accept a raw 0x id for --what (otherwise only known names)")
  .setAction(
    async (args: { who: string; what: string; where?: string; pid?: string; from: string; rawId: boolean }, hre) =>
      withSystem(hre, async (s) => {
        const acl = s.acl.connect(await signerFor(hre, args.from));
        const who = await addressFor(hre, args.who, s);
        const what = await whatFor(hre, s, args);
        if (args.pid) {
          await sent(
            `revoke capability ${args.what} on PID ${args.pid} from ${who}`,
            acl.revokeCapability(await pidFor(s, args.pid), who, what),
          );
        } else {
          if (!args.where) throw new HardhatPluginError(PLUGIN, "give --where (or --pid for a capability)");
          const where = await whereFor(s, args.where, hre);
          await requireManager(s, where, what, args, (await signerFor(hre, args.from)).address);
          await sent(`revoke ${args.what} from ${who}`, acl.revokePermission(who, where, what));
        }
      }),
  );

task("acl:check", "May WHO do WHAT on WHERE (or on process --pid)? Lists holders too")
  .addParam("who", "Account (name, index or address)")
  .addParam("what", "Permission name, or with --pid a capability the program defines")
  .addOptionalParam("where", "Contract the permission is on")
  .addOptionalParam("pid", "Check a process-scoped capability on this PID instead")
  .addFlag("rawId", "Accept a raw 0x id for --what (otherwise only known names)")
  .addFlag("json", "Print only JSON")
  .setAction(
    async (args: { who: string; what: string; where?: string; pid?: string; rawId: boolean; json: boolean }, hre) =>
      withSystem(hre, async (s) => {
        const who = await addressFor(hre, args.who, s);
        const what = await whatFor(hre, s, args);
        if (args.pid) {
          const pid = await pidFor(s, args.pid);
          const [conditionalExpiry, condition] = await s.acl.capabilityCondition(pid, who, what);
          const [everyoneExpiry, everyoneCondition] = await s.acl.capabilityCondition(pid, ANY_ENTITY, what);
          const [minBalance, everyoneMinBalance] = await Promise.all([
            s.acl.capabilityMinBalance(pid, who, what),
            s.acl.capabilityMinBalance(pid, ANY_ENTITY, what),
          ]);
          const view = {
            who,
            pid,
            capability: what,
            allowed: await s.acl.hasCapability(pid, who, what),
            expiry: await s.acl.capabilityExpiry(pid, who, what),
            conditional: conditionalExpiry === 0n ? null : { expiry: conditionalExpiry, condition, minBalance },
            everyone:
              everyoneExpiry === 0n
                ? null
                : { expiry: everyoneExpiry, condition: everyoneCondition, minBalance: everyoneMinBalance },
            owner: await s.registry.ownerOf(pid),
          };
          if (args.json) return printJson(view);
          console.log(
            `${who} ${view.allowed ? "MAY" : "may NOT"} use ${args.what} on PID ${pid} (expiry ${formatDate(view.expiry)}; owner ${view.owner})`,
          );
          const provider = hre.ethers.provider;
          if (view.conditional) {
            console.log(
              `its conditional grant: until ${formatDate(conditionalExpiry)} while ${await describeGrantCondition(provider, condition, minBalance)}`,
            );
          }
          if (view.everyone) {
            console.log(
              `granted to everyone until ${formatDate(everyoneExpiry)} while ${await describeGrantCondition(provider, everyoneCondition, everyoneMinBalance)}`,
            );
          }
          return;
        }
        if (!args.where) throw new HardhatPluginError(PLUGIN, "give --where (or --pid for a capability)");
        const where = await whereFor(s, args.where, hre);
        const count = await s.acl.permissionHolderCount(where, what);
        const view = {
          who,
          where,
          permission: what,
          allowed: await s.acl.hasPermission(who, where, what),
          expiry: await s.acl.permissionExpiry(who, where, what),
          condition: await s.acl.permissionCondition(who, where, what),
          everyoneCondition: await s.acl.permissionCondition(ANY_ENTITY, where, what),
          minBalance: await s.acl.permissionMinBalance(who, where, what),
          everyoneMinBalance: await s.acl.permissionMinBalance(ANY_ENTITY, where, what),
          manager: await s.acl.getPermissionManager(where, what),
          holderCount: count,
          holders: await s.acl.permissionHolders(where, what, 0, 20),
        };
        if (args.json) return printJson(view);
        console.log(
          `${who} ${view.allowed ? "HAS" : "does NOT have"} ${args.what} on ${where} (expiry ${formatDate(view.expiry)})`,
        );
        for (const [whose, c, min] of [
          ["its grant", view.condition, view.minBalance],
          ["the grant to everyone", view.everyoneCondition, view.everyoneMinBalance],
        ] as const) {
          if (c !== hre.ethers.ZeroAddress) {
            console.log(`${whose} holds only while ${await describeGrantCondition(hre.ethers.provider, c, min)}`);
          }
        }
        console.log(
          `manager ${view.manager}; ${count} holder(s): ${view.holders.join(", ")}${count > 20n ? ", …" : ""}`,
        );
      }),
  );

task("acl:whois", "What may an account do: its permissions (with expiry), grants to everyone, its process capabilities")
  .addParam("who", "Account (name, index, address, or a name-service name: alice.nyn)")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { who: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who, s);
      const view = await whois(s.acl, who, s.deployBlock);
      if (args.json) return printJson({ ...view, name: (await s.names.name(who)) || null });
      const ctx = await formatContextFor(hre, s);
      const id = (what: string) => ctx.idName?.(what) ?? what;
      const name = (address: string) => formatAddress(address, ctx.names);
      const until = (h: { expiry: bigint; active: boolean }) =>
        h.expiry === NO_EXPIRY ? "never expires" : `${h.active ? "until" : "EXPIRED"} ${formatDate(h.expiry)}`;
      const provider = hre.ethers.provider;
      const when = async (h: { condition?: string; minBalance?: bigint }) =>
        h.condition ? await describeGrantCondition(provider, h.condition, h.minBalance) : "-";
      const Table = (await import("cli-table3")).default;
      const style = process.stdout.isTTY ? undefined : { head: [], border: [] };
      console.log(`${name(who)} may do:`);
      const permissions = new Table({ head: ["on", "permission", "expiry", "condition"], style });
      for (const h of view.permissions) permissions.push([name(h.where), id(h.what), until(h), await when(h)]);
      console.log(
        view.permissions.length === 0
          ? "permissions: none of its own"
          : `permissions (${view.permissions.length}):\n${permissions.toString()}`,
      );
      if (view.everyone.length > 0) {
        const everyone = new Table({ head: ["on", "permission (granted to everyone)", "expiry", "condition"], style });
        for (const h of view.everyone) everyone.push([name(h.where), id(h.what), until(h), await when(h)]);
        console.log(`granted to everyone (ANY_ENTITY), so to ${args.who} too:\n${everyone.toString()}`);
      }
      const capabilities = new Table({ head: ["PID", "capability", "expiry", "condition"], style });
      const state = (c: (typeof view.capabilities)[number]) =>
        c.active
          ? until(c)
          : c.condition
            ? "denied now (condition, expiry or termination)"
            : "void now (expired or terminated)";
      for (const c of view.capabilities) {
        capabilities.push([c.pid.toString(), id(c.what), state(c), await when(c)]);
      }
      console.log(
        view.capabilities.length === 0
          ? "process capabilities: none granted (a process's owner may use all of its own)"
          : `process capabilities (${view.capabilities.length}; a process's owner may also use all of its own):\n${capabilities.toString()}`,
      );
      if (view.everyoneCapabilities.length > 0) {
        const everyone = new Table({
          head: ["PID", "capability (granted to everyone)", "for this account", "condition"],
          style,
        });
        for (const c of view.everyoneCapabilities) {
          everyone.push([c.pid.toString(), id(c.what), c.active ? "granted now" : "denied now", await when(c)]);
        }
        console.log(`process capabilities granted to everyone (ANY_ENTITY):\n${everyone.toString()}`);
      }
    }),
  );
