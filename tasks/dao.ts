import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { guardedBy, printJson, progress } from "./util";
import { formatDecimal, formatTimestamp } from "../lib/format";
import { parseAmount } from "../lib/input";

// The DAO shell. Nothing here imports typechain-types or deploy/* at top level (hardhat.config loads tasks before
// compiling): everything is imported inside the actions.

const PLUGIN = "nyn-dao";

/** {@link guardedBy} for the DAO shell's tasks. */
const guarded = <T>(hre: HardhatRuntimeEnvironment, body: () => Promise<T>) => guardedBy(PLUGIN, hre, body);

async function open(hre: HardhatRuntimeEnvironment, from?: string) {
  const { loadSystem } = await import("../deploy/loadSystem");
  const { addressFor, signerFor } = await import("./util");
  const dao = await import("../lib/dao");
  const s = await loadSystem(hre);
  progress();
  const resolve = (name: string) => addressFor(hre, name, s);
  const signer = await signerFor(hre, from ?? "deployer");
  return { s, dao, signer, resolve, governor: s.governor.connect(signer) };
}

type Opened = Awaited<ReturnType<typeof open>>;

/** `--id`: a decimal or 0x proposal id, or `latest`. */
async function proposalFor(o: Opened, idText: string) {
  if (idText === "latest") {
    const all = await o.dao.listProposals(o.s.governor, o.s.deployBlock);
    if (all.length === 0) throw new Error("no proposal yet");
    return all[all.length - 1];
  }
  const { parseUint } = await import("../lib/input");
  const id = parseUint(idText, "--id", { what: "a proposal id (decimal or 0x hex, or latest)" });
  return o.dao.findProposal(o.s.governor, id, o.s.deployBlock);
}

async function now(hre: HardhatRuntimeEnvironment): Promise<bigint> {
  return BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
}

function requireFastForward(o: Opened, hre: HardhatRuntimeEnvironment) {
  if (!o.dao.canFastForward(hre)) throw new HardhatPluginError(PLUGIN, o.dao.timeTravelUnavailable(hre.network.name));
}

/** A lifecycle step's start (queue, execute): the shell opened as `from`, the proposal `id`, and, with
 * `--fast-forward`, the check that the node can travel in time. */
async function openProposal(hre: HardhatRuntimeEnvironment, args: { id: string; from?: string; fastForward: boolean }) {
  const o = await open(hre, args.from);
  const p = await proposalFor(o, args.id);
  if (args.fastForward) requireFastForward(o, hre);
  return { o, p };
}

async function stateName(o: Opened, id: bigint): Promise<string> {
  return o.dao.STATE_NAMES[Number(await o.s.governor.state(id))];
}

function when(ts: bigint, reference: bigint): string {
  return formatTimestamp(ts, reference);
}

task("dao:delegate", "Delegate your NYN votes (to yourself by default); votes count from the next second on")
  .addOptionalParam("from", "Named account or address whose votes to delegate (default: first signer)")
  .addOptionalParam("to", "Delegatee (named account or address; default: yourself)")
  .setAction(async (args: { from?: string; to?: string }, hre) =>
    guarded(hre, async () => {
      const o = await open(hre, args.from);
      const to = args.to ? await o.resolve(args.to) : o.signer.address;
      const receipt = await (await o.s.nyn.connect(o.signer).delegate(to)).wait();
      const votes = await o.s.nyn.getVotes(to);
      console.log(
        `${o.signer.address} delegated to ${to} (gas ${receipt!.gasUsed}); ${to} now has ${formatDecimal(votes)} votes`,
      );
    }),
  );

task("dao:propose", "Propose actions to the DAO (they run from the timelock: the kernel's root and the treasury)")
  .addOptionalParam("from", "Proposer (named account or address; needs the proposal threshold in delegated votes)")
  .addParam("description", "The proposal's description (its hash is part of the proposal id)")
  .addOptionalParam("upgrade", "Module to upgrade (ProcessRegistry, ACL, …): validated against the deployed one first")
  .addOptionalParam("impl", "Contract name of the new implementation (with --upgrade)")
  .addOptionalParam(
    "implAddress",
    "Already deployed implementation (must hold exactly --impl's code); default: deploy it",
  )
  .addOptionalParam(
    "migrate",
    "Migration function of the new implementation run atomically with the upgrade, e.g. initializeV2",
  )
  .addOptionalParam("migrateArgs", "JSON array of the migration's arguments", "[]")
  .addOptionalParam(
    "retyped",
    `Storage members retyped without moving a bit (ADR 0009), as upgrades-core names them: "member: from -> to", ` +
      `several separated by ";" (with --upgrade)`,
  )
  .addOptionalParam(
    "set",
    `Governance parameters, e.g. "votingPeriod=600,quorum=5" (votingDelay, votingPeriod, proposalThreshold, quorum, proposalGuardian, timelockDelay)`,
  )
  .addOptionalParam("transferTo", "Pay treasury NYN to this account (with --transfer-amount)")
  .addOptionalParam("transferAmount", "NYN to pay from the treasury (decimals allowed)")
  .addOptionalParam("mintTo", "Mint NYN within the cap to this account, e.g. timelock (with --mint-amount)")
  .addOptionalParam("mintAmount", "NYN to mint (decimals allowed)")
  .addOptionalParam("grant", "Permission to grant, e.g. REGISTER_PROGRAM (with --grant-on and --grant-to)")
  .addOptionalParam("grantOn", "Where: kernel, acl, processRegistry, nyn or an address")
  .addOptionalParam("grantTo", "Who receives the permission")
  .addOptionalParam("grantExpiry", "Expiry (unix seconds) or never", "never")
  .addOptionalParam("verifyProgram", "Mark this program id verified (the DAO's review of a published program)")
  .addOptionalParam("unverifyProgram", "Take the verified mark from this program id")
  .addOptionalParam("actions", "JSON file of arbitrary actions: [{target, value?, data | signature + args}]")
  .addFlag("fastForward", "hardhat/localhost: advance time until the vote is open")
  .addFlag(
    "skipSimulation",
    "Do not simulate each action from the timelock first (for actions that depend on an earlier action's effect)",
  )
  .setAction(
    async (
      args: {
        skipSimulation: boolean;
        from?: string;
        description: string;
        upgrade?: string;
        impl?: string;
        implAddress?: string;
        migrate?: string;
        migrateArgs: string;
        retyped?: string;
        set?: string;
        transferTo?: string;
        transferAmount?: string;
        mintTo?: string;
        mintAmount?: string;
        grant?: string;
        grantOn?: string;
        grantTo?: string;
        grantExpiry: string;
        verifyProgram?: string;
        unverifyProgram?: string;
        actions?: string;
        fastForward: boolean;
      },
      hre,
    ) =>
      guarded(hre, async () => {
        const o = await open(hre, args.from);
        const { s, dao } = o;
        if (args.fastForward) requireFastForward(o, hre);
        const actions: import("../lib/dao").Action[] = [];

        if (!args.upgrade && (args.impl || args.retyped !== undefined)) {
          throw new Error("--impl and --retyped go with --upgrade <module>");
        }
        if (args.upgrade) {
          if (!args.impl) throw new Error("--upgrade needs --impl <ContractName>");
          const { prepareModuleUpgrade, parseRetyped } = await import("../lib/upgradeSafety");
          const plan = await prepareModuleUpgrade(hre, {
            kernel: s.kernel,
            module: args.upgrade,
            contract: args.impl,
            implementation: args.implAddress,
            retyped: args.retyped === undefined ? undefined : parseRetyped(args.retyped),
            deployer: o.signer,
            log: (line) => console.log(`  ✓ ${line}`),
          });
          let migration = "0x";
          if (args.migrate) {
            const factory = await hre.ethers.getContractFactory(plan.newContract);
            migration = factory.interface.encodeFunctionData(args.migrate, JSON.parse(args.migrateArgs));
          }
          console.log(`  ✓ code hash pinned: ${plan.codeHash}`);
          actions.push(dao.upgradeAction(s, plan, migration));
        }
        if (args.set) {
          for (const pair of args.set
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean)) {
            const [name, value] = pair.split("=");
            if (value === undefined) throw new Error(`--set expects name=value, got "${pair}"`);
            const v = name === "proposalGuardian" ? await o.resolve(value) : value;
            actions.push(dao.setAction(s, name, v));
          }
        }
        if (args.transferTo || args.transferAmount) {
          if (!args.transferTo || !args.transferAmount)
            throw new Error("--transfer-to and --transfer-amount go together");
          actions.push(
            dao.transferAction(
              s,
              await o.resolve(args.transferTo),
              parseAmount(args.transferAmount, "--transfer-amount"),
            ),
          );
        }
        if (args.mintTo || args.mintAmount) {
          if (!args.mintTo || !args.mintAmount) throw new Error("--mint-to and --mint-amount go together");
          actions.push(dao.mintAction(s, await o.resolve(args.mintTo), parseAmount(args.mintAmount, "--mint-amount")));
        }
        if (args.grant) {
          if (!args.grantOn || !args.grantTo) throw new Error("--grant needs --grant-on and --grant-to");
          const { PERMISSION, NO_EXPIRY } = await import("../lib/ids");
          const key = args.grant.replace(/_PERMISSION$/, "").toUpperCase();
          const what = /^0x[0-9a-fA-F]{64}$/.test(args.grant)
            ? args.grant
            : (PERMISSION as Record<string, string>)[key];
          if (!what)
            throw new Error(`unknown permission "${args.grant}" (known: ${Object.keys(PERMISSION).join(", ")})`);
          const addresses = s.addresses as unknown as Record<string, string>;
          const where = hre.ethers.isAddress(args.grantOn) ? args.grantOn : addresses[args.grantOn];
          if (typeof where !== "string") throw new Error(`unknown --grant-on "${args.grantOn}"`);
          const expiry =
            args.grantExpiry === "never"
              ? NO_EXPIRY
              : (await import("../lib/input")).parseUint(args.grantExpiry, "--grant-expiry", {
                  what: "a unix time (or never)",
                });
          actions.push(dao.grantAction(s, await o.resolve(args.grantTo), where, what, expiry, key));
        }
        for (const [flag, value, verified] of [
          ["--verify-program", args.verifyProgram, true],
          ["--unverify-program", args.unverifyProgram, false],
        ] as const) {
          if (value === undefined) continue;
          const { parseUint } = await import("../lib/input");
          const id = Number(parseUint(value, flag, { what: "a program id", min: 1n, max: 2n ** 32n - 1n }));
          actions.push(dao.verifyProgramAction(s, id, verified));
        }
        if (args.actions) actions.push(...dao.actionsFromJson(args.actions, s));
        if (actions.length === 0) {
          throw new Error("nothing to propose: use --upgrade, --set, --transfer-to, --mint-to, --grant or --actions");
        }

        const p = dao.proposalOf(actions, args.description);
        await s.governor.validateActions(p.targets, p.calldatas); // the guard, before spending gas
        // Each action as the timelock will run it (eth_call from the timelock, against today's state): an action
        // the target would refuse at execution is refused now, before a vote is spent on it. The governor's own
        // setters only run inside an execution (validateActions checked their bounds above).
        if (!args.skipSimulation) {
          for (const [i, a] of actions.entries()) {
            if (a.target.toLowerCase() === s.addresses.governor.toLowerCase()) continue;
            try {
              await hre.ethers.provider.call({
                from: s.addresses.timelock,
                to: a.target,
                data: a.data,
                value: a.value,
              });
            } catch (error) {
              const { describeFailure } = await import("../lib/errors");
              throw new HardhatPluginError(
                PLUGIN,
                `action ${i + 1} (${a.label}) would fail when the timelock executes it: ${await describeFailure(error, hre.ethers.provider)} (nothing was proposed; --skip-simulation if it depends on an earlier action)`,
              );
            }
          }
        }
        const receipt = await (await o.governor.propose(p.targets, p.values, p.calldatas, p.description)).wait();
        const id = await s.governor.hashProposal(...dao.lifecycleArgs(p));
        console.log(`Proposal ${id}`);
        console.log(`  by ${o.signer.address}, gas ${receipt!.gasUsed}: "${args.description}"`);
        actions.forEach((a, i) => console.log(`  ${i + 1}. ${a.label}`));
        const t = await now(hre);
        console.log(
          `  voting opens ${when(await s.governor.proposalSnapshot(id), t)}, closes ${when(await s.governor.proposalDeadline(id), t)}`,
        );
        if (args.fastForward) {
          await dao.advanceTo(hre, (await s.governor.proposalSnapshot(id)) + 1n);
          console.log(`  fast-forwarded: the vote is ${await stateName(o, id)}`);
        }
        return id;
      }),
  );

task("dao:vote", "Vote on a proposal: for, against or abstain, with an optional reason")
  .addParam("id", "Proposal id (or latest)")
  .addParam("support", "for | against | abstain")
  .addOptionalParam("reason", "Reason recorded on chain with the vote", "")
  .addOptionalParam("from", "Voter (named account or address)")
  .addFlag("fastForward", "hardhat/localhost: if the vote is not open yet, advance time until it is")
  .addFlag("allowZero", "Vote even with no voting power at the proposal's snapshot (it still uses up your vote)")
  .setAction(
    async (
      args: { id: string; support: string; reason: string; from?: string; fastForward: boolean; allowZero: boolean },
      hre,
    ) =>
      guarded(hre, async () => {
        const o = await open(hre, args.from);
        const support = (o.dao.SUPPORT as Record<string, number>)[args.support.toLowerCase()];
        if (support === undefined) throw new Error(`--support must be for, against or abstain, not "${args.support}"`);
        const p = await proposalFor(o, args.id);
        if (args.fastForward) {
          requireFastForward(o, hre);
          if ((await o.s.governor.state(p.proposalId)) === 0n)
            await o.dao.advanceTo(hre, (await o.s.governor.proposalSnapshot(p.proposalId)) + 1n);
        }
        // A vote without weight spends the voter's one vote on this proposal for nothing: refuse it unless asked.
        if (!args.allowZero && (await o.s.governor.state(p.proposalId)) === 1n) {
          const snapshot = await o.s.governor.proposalSnapshot(p.proposalId);
          if ((await o.s.governor.getVotes(o.signer.address, snapshot)) === 0n) {
            throw new HardhatPluginError(
              PLUGIN,
              `${o.signer.address} has no votes at this proposal's snapshot (${snapshot}): NYN counts only once delegated ` +
                `before the snapshot (dao:delegate). Nothing was sent; --allow-zero votes anyway and uses up your vote.`,
            );
          }
        }
        const receipt = await (await o.governor.castVoteWithReason(p.proposalId, support, args.reason)).wait();
        const weight = await o.s.governor.getVotes(o.signer.address, await o.s.governor.proposalSnapshot(p.proposalId));
        const [against, forVotes, abstain] = await o.s.governor.proposalVotes(p.proposalId);
        console.log(
          `${o.signer.address} voted ${args.support} with ${formatDecimal(weight)} votes${args.reason ? ` ("${args.reason}")` : ""} (gas ${receipt!.gasUsed})`,
        );
        console.log(
          `  tally: for ${formatDecimal(forVotes)}, against ${formatDecimal(against)}, abstain ${formatDecimal(abstain)}`,
        );
      }),
  );

task("dao:queue", "Queue a succeeded proposal in the timelock")
  .addParam("id", "Proposal id (or latest)")
  .addOptionalParam("from", "Sender (anyone may queue)")
  .addFlag("fastForward", "hardhat/localhost: end the vote first if needed, and advance to the ETA after queueing")
  .setAction(async (args: { id: string; from?: string; fastForward: boolean }, hre) =>
    guarded(hre, async () => {
      const { o, p } = await openProposal(hre, args);
      if (args.fastForward) {
        const state = await o.s.governor.state(p.proposalId);
        if (state <= 1n) await o.dao.advanceTo(hre, (await o.s.governor.proposalDeadline(p.proposalId)) + 1n);
      }
      const receipt = await (await o.governor.queue(...o.dao.lifecycleArgs(p))).wait();
      const eta = await o.s.governor.proposalEta(p.proposalId);
      console.log(`Queued ${p.proposalId} (gas ${receipt!.gasUsed}); executable ${when(eta, await now(hre))}`);
      if (args.fastForward) {
        await o.dao.advanceTo(hre, eta);
        console.log("  fast-forwarded to the ETA");
      }
    }),
  );

task("dao:execute", "Execute a queued proposal once its timelock delay has passed")
  .addParam("id", "Proposal id (or latest)")
  .addOptionalParam("from", "Sender (anyone may execute)")
  .addFlag("fastForward", "hardhat/localhost: advance to the ETA first if needed")
  .setAction(async (args: { id: string; from?: string; fastForward: boolean }, hre) =>
    guarded(hre, async () => {
      const { o, p } = await openProposal(hre, args);
      if (args.fastForward) {
        const eta = await o.s.governor.proposalEta(p.proposalId);
        if (eta > (await now(hre))) await o.dao.advanceTo(hre, eta);
      }
      const receipt = await (await o.governor.execute(...o.dao.lifecycleArgs(p))).wait();
      console.log(`Executed ${p.proposalId} (gas ${receipt!.gasUsed})`);
      const decoder = (await import("../lib/actions")).decoderFor(o.s, [
        (await import("../typechain-types")).ProcessRegistryV2__factory.createInterface(),
      ]);
      p.targets.forEach((t, i) =>
        console.log(`  ${i + 1}. ${decoder.decode({ target: t, value: p.values[i], data: p.calldatas[i] }).sentence}`),
      );
    }),
  );

task("dao:cancel", "Cancel a proposal that is not executed (the guardian, at any stage; a proposer while pending)")
  .addParam("id", "Proposal id (or latest)")
  .addOptionalParam("from", "Sender (default: guardian)", "guardian")
  .setAction(async (args: { id: string; from: string }, hre) =>
    guarded(hre, async () => {
      const o = await open(hre, args.from);
      const p = await proposalFor(o, args.id);
      const receipt = await (await o.governor.cancel(...o.dao.lifecycleArgs(p))).wait();
      console.log(
        `Cancelled ${p.proposalId} by ${o.signer.address} (gas ${receipt!.gasUsed}); state ${await stateName(o, p.proposalId)}`,
      );
    }),
  );

task("dao:status", "A proposal's state, votes, quorum, snapshot, deadline, ETA and actions")
  .addParam("id", "Proposal id (or latest)")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { id: string; json: boolean }, hre) =>
    guarded(hre, async () => {
      const o = await open(hre);
      const { s } = o;
      const p = await proposalFor(o, args.id);
      const id = p.proposalId;
      const [against, forVotes, abstain] = await s.governor.proposalVotes(id);
      const snapshot = await s.governor.proposalSnapshot(id);
      const t = await now(hre);
      const quorum = snapshot < t ? await s.governor.quorum(snapshot) : undefined;
      const decoder = (await import("../lib/actions")).decoderFor(s, [
        (await import("../typechain-types")).ProcessRegistryV2__factory.createInterface(),
      ]);
      const view = {
        id,
        description: p.description,
        proposer: p.proposer,
        state: await stateName(o, id),
        votes: { for: forVotes, against, abstain },
        quorum: quorum ?? null,
        quorumNumerator: await s.governor["quorumNumerator(uint256)"](snapshot),
        snapshot,
        deadline: await s.governor.proposalDeadline(id),
        eta: await s.governor.proposalEta(id),
        actions: p.targets.map((target, i) => ({
          target,
          value: p.values[i],
          calldata: p.calldatas[i],
          description: decoder.decode({ target, value: p.values[i], data: p.calldatas[i] }).sentence,
        })),
      };
      if (args.json) return printJson(view);
      console.log(`Proposal ${id}`);
      console.log(`  "${p.description}" by ${p.proposer}`);
      console.log(`  state     ${view.state}`);
      console.log(
        `  votes     for ${formatDecimal(forVotes)}, against ${formatDecimal(against)}, abstain ${formatDecimal(abstain)}`,
      );
      console.log(
        `  quorum    ${quorum === undefined ? `${view.quorumNumerator} % of the supply at the snapshot` : `${formatDecimal(quorum)} (for + abstain: ${formatDecimal(forVotes + abstain)}${forVotes + abstain >= quorum ? ", reached" : ""})`}`,
      );
      console.log(`  snapshot  ${when(snapshot, t)}`);
      console.log(`  deadline  ${when(view.deadline, t)}`);
      console.log(`  eta       ${when(view.eta, t)}`);
      view.actions.forEach((action, i) => console.log(`  ${i + 1}. ${action.description}`));
    }),
  );

task("dao:proposals", "List proposals (from ProposalCreated events, oldest first, paginated)")
  .addOptionalParam("offset", "Skip this many", 0, types.int)
  .addOptionalParam("limit", "Show at most this many", 20, types.int)
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { offset: number; limit: number; json: boolean }, hre) =>
    guarded(hre, async () => {
      const o = await open(hre);
      const list = await o.dao.listProposals(o.s.governor, o.s.deployBlock, { offset: args.offset, limit: args.limit });
      const rows = [];
      for (const p of list) {
        const [against, forVotes, abstain] = await o.s.governor.proposalVotes(p.proposalId);
        rows.push({
          id: p.proposalId,
          state: await stateName(o, p.proposalId),
          proposer: p.proposer,
          description: p.description,
          votes: { for: forVotes, against, abstain },
        });
      }
      if (args.json) return printJson({ offset: args.offset, proposals: rows });
      if (rows.length === 0) {
        console.log(args.offset === 0 ? "No proposals yet." : `No proposals after the first ${args.offset}.`);
        return;
      }
      for (const [i, r] of rows.entries()) {
        const id = r.id.toString();
        console.log(
          `${String(args.offset + i + 1).padStart(3)}. ${r.state.padEnd(9)} ${id.slice(0, 8)}…${id.slice(-6)}  ` +
            `for ${formatDecimal(r.votes.for)} / against ${formatDecimal(r.votes.against)} / abstain ${formatDecimal(r.votes.abstain)}  "${r.description.split("\n")[0].slice(0, 60)}"`,
        );
      }
    }),
  );
