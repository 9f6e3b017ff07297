import fs from "fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Interface, id as keccakId } from "ethers";
import type { ACL, Kernel, NYN, NYNGovernor, ProcessRegistry, TimelockController } from "../typechain-types";
import { parseAmount } from "./input";
import { ENUMS, formatAmount } from "./format";

/**
 * What the DAO's action builders need of a deployment (deploy/deploySystem.ts's `System` has it): the contracts whose
 * calls they encode and their addresses. Declared here so lib/ imports nothing above it.
 */
export interface System {
  kernel: Kernel;
  acl: ACL;
  registry: ProcessRegistry;
  nyn: NYN;
  governor: NYNGovernor;
  timelock: TimelockController;
  addresses: { kernel: string; acl: string; processRegistry: string; nyn: string; governor: string; timelock: string };
}

/** One call the timelock makes when a proposal executes. */
export interface Action {
  target: string;
  value: bigint;
  data: string;
  /** Human-readable summary, for listings. */
  label: string;
}

/** A proposal as the governor hashes it (its id is `hashProposal(targets, values, calldatas, keccak(description))`). */
export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** A proposal found on chain from its `ProposalCreated` event. */
export interface ProposalRecord extends Proposal {
  proposalId: bigint;
  proposer: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: number;
}

/** `IGovernor.ProposalState` names, by value. */
export const STATE_NAMES = ENUMS.ProposalState;
/** `GovernorCountingSimple` vote types. */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;

/** Collect actions into a proposal. */
export function proposalOf(actions: Action[], description: string): Proposal {
  return {
    targets: actions.map((a) => a.target),
    values: actions.map((a) => a.value),
    calldatas: actions.map((a) => a.data),
    description,
  };
}

/** `keccak256(bytes(description))`, as queue/execute/cancel take it. */
export function descriptionHash(description: string): string {
  return keccakId(description);
}

/** The arguments of `queue`/`execute`/`cancel` for `p`. */
export function lifecycleArgs(p: Proposal): [string[], bigint[], string[], string] {
  return [p.targets, p.values, p.calldatas, descriptionHash(p.description)];
}

// ------------------------------------------------------------------ action builders

/** `Kernel.upgradeModule(moduleId, impl, codeHash, migration)`: the upgrade, with the code hash pinned. */
export function upgradeAction(
  s: Pick<System, "kernel" | "addresses">,
  plan: { moduleId: string; moduleName: string; newImplementation: string; codeHash: string; newContract?: string },
  migration = "0x",
): Action {
  return {
    target: s.addresses.kernel,
    value: 0n,
    data: s.kernel.interface.encodeFunctionData("upgradeModule", [
      plan.moduleId,
      plan.newImplementation,
      plan.codeHash,
      migration,
    ]),
    label: `Kernel.upgradeModule(${plan.moduleName} → ${plan.newContract ?? plan.newImplementation}, codehash ${plan.codeHash.slice(0, 10)}…${migration !== "0x" ? ", with migration" : ""})`,
  };
}

/** `NYN.transfer(to, amount)` from the treasury (the timelock). */
export function transferAction(s: Pick<System, "nyn" | "addresses">, to: string, amount: bigint): Action {
  return {
    target: s.addresses.nyn,
    value: 0n,
    data: s.nyn.interface.encodeFunctionData("transfer", [to, amount]),
    label: `NYN.transfer(${to}, ${formatAmount(amount, "NYN", 18, { exact: true })}) from the treasury`,
  };
}

/** `NYN.mint(to, amount)`: within the cap, by the timelock's MINT_PERMISSION. */
export function mintAction(s: Pick<System, "nyn" | "addresses">, to: string, amount: bigint): Action {
  return {
    target: s.addresses.nyn,
    value: 0n,
    data: s.nyn.interface.encodeFunctionData("mint", [to, amount]),
    label: `NYN.mint(${to}, ${formatAmount(amount, "NYN", 18, { exact: true })})`,
  };
}

/** `ACL.grantPermission(who, where, what, expiry)`: the timelock manages every permission. */
export function grantAction(
  s: Pick<System, "acl" | "addresses">,
  who: string,
  where: string,
  what: string,
  expiry: bigint,
  whatName = what,
): Action {
  return {
    target: s.addresses.acl,
    value: 0n,
    data: s.acl.interface.encodeFunctionData("grantPermission", [who, where, what, expiry]),
    label: `ACL.grantPermission(${whatName} on ${where} to ${who})`,
  };
}

/**
 * `ProcessRegistry.setProgramVerified(programId, verified)`: the DAO's review mark on a published program (the
 * timelock holds REGISTER_PROGRAM after the deploy).
 * @param s The deployment.
 * @param programId The program.
 * @param verified The mark (false takes it back).
 * @returns The action.
 */
export function verifyProgramAction(
  s: Pick<System, "registry" | "addresses">,
  programId: number,
  verified: boolean,
): Action {
  return {
    target: s.addresses.processRegistry,
    value: 0n,
    data: s.registry.interface.encodeFunctionData("setProgramVerified", [programId, verified]),
    label: `ProcessRegistry.setProgramVerified(program ${programId}, ${verified})`,
  };
}

/** Governance parameters `setAction` knows, with where they live. */
export const PARAMETERS = {
  votingDelay: "NYNGovernor.setVotingDelay (seconds)",
  votingPeriod: "NYNGovernor.setVotingPeriod (seconds)",
  proposalThreshold: "NYNGovernor.setProposalThreshold (NYN, decimals allowed)",
  quorum: "NYNGovernor.updateQuorumNumerator (percent)",
  proposalGuardian: "NYNGovernor.setProposalGuardian (address)",
  timelockDelay: "TimelockController.updateDelay (seconds)",
} as const;
export type ParameterName = keyof typeof PARAMETERS;

/** The action that sets governance parameter `name` to `value` (see {@link PARAMETERS}). */
export function setAction(s: Pick<System, "governor" | "timelock" | "addresses">, name: string, value: string): Action {
  const g = s.governor.interface;
  const target = s.addresses.governor;
  const int = () => {
    if (!/^\d+$/.test(value)) throw new Error(`${name} needs a whole number, got "${value}"`);
    return BigInt(value);
  };
  const make = (data: string, what = `${name} = ${value}`): Action => ({
    target,
    value: 0n,
    data,
    label: `set ${what}`,
  });
  switch (name as ParameterName) {
    case "votingDelay":
      return make(g.encodeFunctionData("setVotingDelay", [int()]));
    case "votingPeriod":
      return make(g.encodeFunctionData("setVotingPeriod", [int()]));
    case "proposalThreshold":
      return make(
        g.encodeFunctionData("setProposalThreshold", [parseAmount(value, "amount")]),
        `proposalThreshold = ${value} NYN`,
      );
    case "quorum":
      return make(g.encodeFunctionData("updateQuorumNumerator", [int()]), `quorum = ${value} %`);
    case "proposalGuardian":
      return make(g.encodeFunctionData("setProposalGuardian", [value]));
    case "timelockDelay":
      return {
        target: s.addresses.timelock,
        value: 0n,
        data: s.timelock.interface.encodeFunctionData("updateDelay", [int()]),
        label: `set timelockDelay = ${value} s`,
      };
    default:
      throw new Error(`unknown parameter "${name}" (known: ${Object.keys(PARAMETERS).join(", ")})`);
  }
}

/**
 * Arbitrary actions from a JSON file: an array of `{ "target": "<address | kernel | acl | processRegistry | nyn |
 * governor | timelock | forwarder>", "value"?: "wei", and either "data": "0x…" or "signature":
 * "transfer(address,uint256)" with "args": [...] }`.
 */
export function actionsFromJson(file: string, s: Pick<System, "addresses">): Action[] {
  const raw = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${file}: expected a non-empty JSON array of actions`);
  const named = s.addresses as unknown as Record<string, unknown>;
  return raw.map(
    (
      entry: { target: string; value?: string | number; data?: string; signature?: string; args?: unknown[] },
      i: number,
    ) => {
      if (!entry || typeof entry.target !== "string") throw new Error(`${file}[${i}]: missing "target"`);
      const target = /^0x[0-9a-fA-F]{40}$/.test(entry.target)
        ? entry.target
        : (named[entry.target] as string | undefined);
      if (typeof target !== "string") throw new Error(`${file}[${i}]: unknown target "${entry.target}"`);
      let data = entry.data;
      let label = `${entry.target}: ${data?.slice(0, 10) ?? ""}`;
      if (entry.signature) {
        const iface = new Interface([`function ${entry.signature}`]);
        const fn = iface.fragments[0] as unknown as { name: string };
        data = iface.encodeFunctionData(fn.name, entry.args ?? []);
        label = `${entry.target}.${entry.signature} ${JSON.stringify(entry.args ?? [])}`;
      }
      if (!data || !/^0x([0-9a-fA-F]{2})*$/.test(data))
        throw new Error(`${file}[${i}]: needs "data" (0x…) or "signature" + "args"`);
      return { target, value: BigInt(entry.value ?? 0), data, label };
    },
  );
}

// ------------------------------------------------------------------ reading proposals

/**
 * Proposals from the governor's `ProposalCreated` events since `fromBlock`, oldest first, read in block ranges of
 * `chunk` (RPC providers cap log ranges). `offset`/`limit` paginate the result.
 */
export async function listProposals(
  governor: NYNGovernor,
  fromBlock: number,
  options: { offset?: number; limit?: number; chunk?: number; toBlock?: number } = {},
): Promise<ProposalRecord[]> {
  const provider = governor.runner!.provider!;
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  const chunk = options.chunk ?? 10_000;
  const offset = options.offset ?? 0;
  const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
  const out: ProposalRecord[] = [];
  for (let start = fromBlock; start <= toBlock && out.length < offset + limit; start += chunk) {
    const events = await governor.queryFilter(
      governor.filters.ProposalCreated(),
      start,
      Math.min(toBlock, start + chunk - 1),
    );
    for (const e of events) {
      out.push({
        proposalId: e.args.proposalId,
        proposer: e.args.proposer,
        targets: [...e.args.targets],
        values: [...e.args[3]],
        calldatas: [...e.args.calldatas],
        description: e.args.description,
        voteStart: e.args.voteStart,
        voteEnd: e.args.voteEnd,
        blockNumber: e.blockNumber,
      });
    }
  }
  return out.slice(offset, offset + limit);
}

/** The proposal with id `proposalId` (from its event); throws if the governor never saw it. */
export async function findProposal(
  governor: NYNGovernor,
  proposalId: bigint,
  fromBlock: number,
): Promise<ProposalRecord> {
  const snapshot = await governor.proposalSnapshot(proposalId);
  if (snapshot === 0n) throw new Error(`no proposal ${proposalId} on this governor`);
  const all = await listProposals(governor, fromBlock);
  const found = all.find((p) => p.proposalId === proposalId);
  if (!found)
    throw new Error(`proposal ${proposalId} exists but its ProposalCreated event is not after block ${fromBlock}`);
  return found;
}

// ------------------------------------------------------------------ time (local networks)

/**
 * Whether `--fast-forward` may move time on this network: the in-process `hardhat` network or `localhost` (a local
 * development node: `npx hardhat node` or anvil). Public networks have no clock to move.
 */
export function canFastForward(hre: HardhatRuntimeEnvironment): boolean {
  return hre.network.name === "hardhat" || hre.network.name === "localhost";
}

/** Why time cannot move on `network` (for `--fast-forward` and the demo's governance chapter). */
export function timeTravelUnavailable(network: string): string {
  return (
    `time travel (--fast-forward) moves the chain's clock with evm_setNextBlockTimestamp and evm_mine, which only a ` +
    `local development node offers (the in-process hardhat network, or localhost: npx hardhat node or anvil); it is ` +
    `not available on ${network}`
  );
}

/**
 * Move the chain's clock so that the next block is at `timestamp` or later (local networks only), and mine it. Uses
 * only `evm_setNextBlockTimestamp` and `evm_mine`, which Hardhat and anvil both implement (no `hardhat_` methods);
 * a node that refuses them gets a clear error.
 */
export async function advanceTo(hre: HardhatRuntimeEnvironment, timestamp: bigint): Promise<void> {
  if (!canFastForward(hre)) throw new Error(timeTravelUnavailable(hre.network.name));
  const latest = await hre.ethers.provider.getBlock("latest");
  const now = BigInt(latest!.timestamp);
  const call = async (method: string, params: unknown[]) => {
    try {
      await hre.network.provider.send(method, params);
    } catch (error) {
      throw new Error(
        `the node behind "${hre.network.name}" refused ${method} (${(error as Error).message}): ` +
          `time travel needs a local development node (npx hardhat node or anvil)`,
      );
    }
  };
  if (timestamp > now) await call("evm_setNextBlockTimestamp", [Number(timestamp)]);
  await call("evm_mine", []);
}
