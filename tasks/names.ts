// Name shell: ENS-style names of accounts (`alice.nyn`) and processes (`counter.alice.nyn`) through the NameService.
import { task } from "hardhat/config";
import { addressFor, formatContextFor, pidFor, printJson, sent, signerFor, withSystem } from "./util";
import { formatAddress, formatAmount } from "../lib/format";

task("name:claim", "Claim an account name under the root (`alice` → alice.nyn); pays the claim fee, if any")
  .addParam("label", "The label (3-32 of a-z, 0-9, inner -), or the full name (alice.nyn)")
  .addOptionalParam("from", "Who claims (name, index or address)", "deployer")
  .setAction(async (args: { label: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const { checkLabel } = await import("../lib/names");
      const root = await s.names.rootName();
      const label = args.label.endsWith(`.${root}`) ? args.label.slice(0, -root.length - 1) : args.label;
      checkLabel(label);
      const signer = await signerFor(hre, args.from);
      const fee = await s.names.fee();
      if (fee > 0n && (await s.nyn.allowance(signer.address, s.addresses.nameService)) < fee) {
        await sent("approve the claim fee", s.nyn.connect(signer).approve(s.addresses.nameService, fee));
      }
      await sent(`claim ${label}.${root}`, s.names.connect(signer).claim(label));
      const primary = await s.names.name(signer.address);
      console.log(
        `${label}.${root} → ${signer.address}${fee > 0n ? `  (fee ${formatAmount(fee)} to the treasury)` : ""}` +
          `; primary name of ${signer.address}: ${primary || "(none)"}`,
      );
    }),
  );

task("name:set", "Name a process under your account name (`--pid 1 --name counter.alice.nyn`)")
  .addParam("name", "The full process name: <label>.<your account name>")
  .addParam("pid", "The process (a PID you own)")
  .addOptionalParam("from", "The owner of the parent name and the process", "deployer")
  .setAction(async (args: { name: string; pid: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const { checkLabel, nodeOf, NameError } = await import("../lib/names");
      const dot = args.name.indexOf(".");
      if (dot < 0) throw new NameError(`--name: "${args.name}" is not <label>.<account name>`);
      const label = args.name.slice(0, dot);
      const parent = args.name.slice(dot + 1);
      checkLabel(label);
      const pid = await pidFor(s, args.pid);
      const signer = await signerFor(hre, args.from);
      await sent(`name PID ${pid} ${args.name}`, s.names.connect(signer).nameProcess(nodeOf(parent), label, pid));
      console.log(`${args.name} → PID ${pid} (${await s.names.addr(nodeOf(args.name))})`);
    }),
  );

task("name:resolve", "Forward resolution: what a name points to now (addr(node), EIP-137)")
  .addParam("name", "The full name (alice.nyn, counter.alice.nyn)")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { name: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const { nodeOf } = await import("../lib/names");
      const node = nodeOf(args.name);
      const r = await s.names.record(node);
      const view = {
        name: args.name,
        node,
        address: r.addr,
        owner: r.owner,
        pid: r.pid,
        live: r.live,
        pendingOwner: r.pendingOwner,
      };
      if (args.json) return printJson(view);
      const ctx = await formatContextFor(hre, s);
      if (!r.live) {
        console.log(`${args.name} does not resolve${r.name ? " (released, or its process was killed)" : " (free)"}`);
        console.log(`  node   ${node}`);
        return;
      }
      console.log(`${args.name} → ${r.addr}`);
      console.log(`  node   ${node}`);
      console.log(`  owner  ${formatAddress(r.owner, ctx.names)}`);
      if (r.pid !== 0n) console.log(`  PID    ${r.pid}`);
    }),
  );

task("name:reverse", "Reverse resolution: the primary name of an address (EIP-181, checked forward)")
  .addParam("who", "Account (name, index or address) or process instance address")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { who: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who, s);
      const name = await s.names.name(who);
      if (args.json) return printJson({ address: who, name: name || null });
      console.log(name ? `${who} is ${name}` : `${who} has no primary name`);
    }),
  );

task("name:primary", "Choose your primary name (reverse record) among the names that resolve to you")
  .addParam("name", "A name that resolves to you")
  .addOptionalParam("from", "Whose primary name", "deployer")
  .setAction(async (args: { name: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const { nodeOf } = await import("../lib/names");
      const signer = await signerFor(hre, args.from);
      await sent(`primary name ${args.name}`, s.names.connect(signer).setName(nodeOf(args.name)));
    }),
  );

task("name:transfer", "Offer an account name to a new owner (two steps: they run name:accept)")
  .addParam("name", "The account name (alice.nyn)")
  .addParam("to", "The new owner (name, index or address)")
  .addOptionalParam("from", "The name's owner", "deployer")
  .setAction(async (args: { name: string; to: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const { nodeOf } = await import("../lib/names");
      const to = await addressFor(hre, args.to, s);
      const signer = await signerFor(hre, args.from);
      await sent(`offer ${args.name} to ${to}`, s.names.connect(signer).transferName(nodeOf(args.name), to));
    }),
  );

task("name:accept", "Accept an account name offered to you (name:transfer)")
  .addParam("name", "The account name")
  .addOptionalParam("from", "The proposed owner", "deployer")
  .setAction(async (args: { name: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const { nodeOf } = await import("../lib/names");
      const signer = await signerFor(hre, args.from);
      await sent(`accept ${args.name}`, s.names.connect(signer).acceptName(nodeOf(args.name)));
    }),
  );

task("name:fee", "Show the name claim fee (NYN), its cap and the treasury")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const view = {
        root: await s.names.rootName(),
        fee: await s.names.fee(),
        maxFee: await s.names.MAX_FEE(),
        treasury: await s.names.treasury(),
      };
      if (args.json) return printJson(view);
      console.log(`root ${view.root}   fee ${formatAmount(view.fee)} (cap ${formatAmount(view.maxFee)})`);
      console.log(`treasury ${view.treasury}`);
    }),
  );
