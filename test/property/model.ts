import hre from "hardhat";
import type fc from "fast-check";
import type {
  BaseContract,
  ContractTransactionResponse,
  FunctionFragment,
  Interface,
  TransactionReceipt,
} from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ANY_ENTITY, CAPABILITY, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { GAS_METER_DEFAULTS } from "../../deploy/modules/gasMeter";
import { DEFAULT_MARKET_FEE_BPS } from "../../deploy/modules/market";
import { KERNEL_TEST_CONFIG } from "../../deploy/config";
import { decodeRevert, describeError, formatDecodedError, revertDataOf } from "../../lib/errors";
import { nodeOf } from "../../lib/names";
import { systemFixture } from "../fixtures/system";
import { SwitchCondition__factory, TestStablecoin__factory } from "../../typechain-types";
import type { TestStablecoin } from "../../typechain-types";

/**
 * The model of the stateful property test (test/property/system.property.test.ts): a plain-TypeScript mirror of the
 * deployed system, the world (the real contracts and accounts), one transaction runner that predicts each call's
 * exact outcome, and the invariant registry checked after every step.
 *
 * Areas: kernel, ACL, registry, NYN, program (Counter) and the forwarder; the gas meter (budgets, metered and
 * relayed calls, quotas, epochs); governance (NYNGovernor + TimelockController); the marketplace and the job board.
 * To add an area: add its slice to {@link Model} and {@link initialModel}, its commands in commands/<area>.ts and
 * its invariants in invariants/<area>.ts, and list both in the two index files.
 */

/** The NYN hard cap in NYN-wei. */
export const CAP = 5_000_000_000n * 10n ** 18n;
/** `ProcessRegistry.MAX_DEPTH`. */
export const MAX_DEPTH = 8;
/** Wildcard in expected revert or event arguments. */
export const ANY = Symbol("any");

// ------------------------------------------------------------------------------------------------ world

/** A permission (where, what) the commands act on and the invariants compare. */
export interface PermissionPair {
  name: string;
  where: string;
  what: string;
  /** Root-level: on the kernel or the ACL, or protected by root (no wildcard, no expiry). */
  rootLevel: boolean;
}

/** The real system under test (fast-check's "real"). */
export interface World {
  /** The system as deploySystem() leaves it, with the named accounts. */
  s: Awaited<ReturnType<typeof systemFixture>>;
  /** The accounts that act; index = actor id. Nobody else ever holds NYN, so Σ over them is Σ over everyone. */
  actors: HardhatEthersSigner[];
  names: string[];
  addresses: string[];
  /** Submits relayed requests (not an actor). */
  relayer: HardhatEthersSigner;
  /** The account that must hold ROOT at all times (config.root: the timelock once governance is deployed). */
  root: string;
  pairs: PermissionPair[];
  /** Capability ids the commands grant and the invariants check (INCREMENT is the one Counter uses). */
  capabilities: { name: string; id: string }[];
  /** Issue 16 part 3: the one condition conditional grants use (`SwitchCondition`, contracts/test/; off at setup). */
  condition: string;
  /** Everyone a permission can be granted to: the actors and `ANY_ENTITY`. */
  grantees: string[];
  /** Contracts whose events every command must predict exactly (ACL, registry, kernel). */
  watched: Map<string, Interface>;
  /** The invariants checked after every step (see invariants/index.ts). */
  invariants: Invariant[];
  /** Clone addresses of the initial processes (with the meter's epoch anchor, all the initial model reads back). */
  initialInstances: string[];
  /** Publishers of the programs deploySystem registered (program id - 1). */
  initialPublishers: string[];
  /** The arbiter named by the config: holds ARBITER on both market modules (not an actor: it never holds NYN). */
  arbiter: HardhatEthersSigner;
  /** Relayers of reimbursed requests (`KernelForwarder.executeRelayed`): the relayer account and Dave. */
  relayers: HardhatEthersSigner[];
  /** Every account that can hold NYN: the actors, the relayer and the three modules that escrow NYN. */
  holders: string[];
  /** The governance timelock (the governor's executor; see `setupWorld` for what it may do). */
  timelock: string;
  /** Permissions the model needs that no ACL command acts on (MARKET_ADMIN, COLLECT_METER_FEES). */
  extraPairs: PermissionPair[];
  /** The grants and managers `setupWorld` added to the deployed permission table (the initial model has them). */
  setupAcl: SetupAcl;
  /** When the meter's epoch 1 started (its anchor), read once: the deploy block's timestamp. */
  meterAnchor: bigint;
  /**
   * Gas charged for a metered or relayed call by call shape (see commands/meter.ts): learned the first time a shape
   * is seen, then predicted exactly. Lives across sequences (gas is a function of the shape, not of history).
   */
  gasTable: Map<string, bigint>;
  /** Charged calls whose gas was predicted from a learned shape, and first sightings of a shape. */
  gasCounts: { predicted: number; learned: number; accurate: number };
  /** The model after the prologue (test/property/prologue.ts): every sequence starts from a copy of it. */
  base?: Model;
  /**
   * Issue 17 part 3: the market's second payment token, a TestStablecoin (tUSD, 6 decimals) deployed by `setupWorld`,
   * minted to every actor but Mallory ({@link TUSD_MINT}) and approved without limit to both market modules by them;
   * the prologue approves it on both modules (MARKET_TOKENS, held by the root).
   */
  tusd: TestStablecoin;
  tusdAddress: string;
}

/** tUSD (10^-6 units) `setupWorld` mints to each actor but Mallory (actor 6, who has none: her purchases fail). */
export const TUSD_MINT = 10n ** 12n;

const ACTOR_NAMES = ["deployer", "guardian", "alice", "bob", "carol", "dave", "mallory"] as const;

/**
 * Governance in this world: the system is deployed with the deployer as root (KERNEL_TEST_CONFIG), so the kernel,
 * ACL, registry and NYN commands act directly; the real NYNGovernor and TimelockController are deployed as always,
 * and the timelock gets exactly what the proposals of commands/governance.ts act on: SET_METER_PARAMS on the meter
 * (setPrice, setEpochLength), MARKET_ADMIN on both market modules (setFee), and the management of ARBITER on the
 * marketplace (grant or revoke arbiters). The deployer keeps its own grants, so ACL commands can also take the
 * timelock's SET_METER_PARAMS away and make a later proposal fail.
 */
interface SetupAcl {
  grants: { who: string; where: string; what: string }[];
  managers: { where: string; what: string; manager: string }[];
}

/**
 * The processes every sequence starts with (spawned in {@link setupWorld}, before the snapshot), so that commands
 * act on live processes from the first step: Alice's Counter PID 1 (counting from 0) and its child PID 2 (from 7).
 */
const INITIAL_PROCESSES = [
  { owner: "alice", parent: 0, start: 0n },
  { owner: "alice", parent: 1, start: 7n },
] as const;

/**
 * Deploy the system exactly as deploySystem() leaves it, name the actors and spawn the initial processes; every
 * actor approves the meter and the market modules without limit (not modelled: no command changes these
 * allowances), and the timelock gets the powers its proposals use (see the comment above).
 */
export async function setupWorld(invariants: Invariant[]): Promise<World> {
  const s = await systemFixture();
  for (const p of INITIAL_PROCESSES) {
    const init = hre.ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [p.start]);
    await (await s.registry.connect(s.accounts[p.owner]).spawn(s.programs.Counter, init, p.parent)).wait();
  }
  const actors = ACTOR_NAMES.map((n) => s.accounts[n]);
  const addresses = actors.map((a) => a.address);
  const a = s.addresses;
  for (const who of actors) {
    for (const spender of [a.gasMeter, a.marketplace, a.jobBoard]) {
      await (await s.nyn.connect(who).approve(spender, hre.ethers.MaxUint256)).wait();
    }
  }
  // Names (issue 16): every sequence starts with alice.nyn (naming PID 1 counter.alice.nyn) and bob.nyn, which bob has
  // offered to carol (see `initialModel`), so that the name commands act on names from the first step.
  const { alice, bob, carol } = s.accounts;
  await (await s.names.connect(alice).claim("alice")).wait();
  await (await s.names.connect(alice).nameProcess(nodeOf("alice.nyn"), "counter", 1)).wait();
  await (await s.names.connect(bob).claim("bob")).wait();
  await (await s.names.connect(bob).transferName(nodeOf("bob.nyn"), carol.address)).wait();
  const timelock = a.timelock;
  const root = s.accounts.deployer;
  const setupAcl: SetupAcl = {
    grants: [
      { who: timelock, where: a.gasMeter, what: PERMISSION.SET_METER_PARAMS },
      { who: timelock, where: a.marketplace, what: PERMISSION.MARKET_ADMIN },
      { who: timelock, where: a.jobBoard, what: PERMISSION.MARKET_ADMIN },
    ],
    managers: [{ where: a.marketplace, what: PERMISSION.ARBITER, manager: timelock }],
  };
  for (const g of setupAcl.grants) {
    await (await s.acl.connect(root).grantPermission(g.who, g.where, g.what, NO_EXPIRY)).wait();
  }
  for (const x of setupAcl.managers) {
    await (await s.acl.connect(root).setPermissionManager(x.manager, x.where, x.what)).wait();
  }
  const pairs: PermissionPair[] = [
    { name: "ROOT", where: a.kernel, what: PERMISSION.ROOT, rootLevel: true },
    { name: "PAUSE", where: a.kernel, what: PERMISSION.PAUSE, rootLevel: true },
    { name: "REGISTER_PROGRAM", where: a.processRegistry, what: PERMISSION.REGISTER_PROGRAM, rootLevel: false },
    { name: "PROCESS_ADMIN", where: a.processRegistry, what: PERMISSION.PROCESS_ADMIN, rootLevel: true },
    { name: "MINT", where: a.nyn, what: PERMISSION.MINT, rootLevel: true },
    // Managed by the deployer: ACL commands can take the timelock's grant away (a later proposal then fails).
    { name: "SET_METER_PARAMS", where: a.gasMeter, what: PERMISSION.SET_METER_PARAMS, rootLevel: true },
    // Managed by the deployer: ACL commands grant and revoke job-board arbiters directly.
    { name: "ARBITER@jobBoard", where: a.jobBoard, what: PERMISSION.ARBITER, rootLevel: true },
    // Managed by the timelock: only proposals grant and revoke marketplace arbiters.
    { name: "ARBITER@marketplace", where: a.marketplace, what: PERMISSION.ARBITER, rootLevel: true },
  ];
  const extraPairs: PermissionPair[] = [
    { name: "MARKET_ADMIN@marketplace", where: a.marketplace, what: PERMISSION.MARKET_ADMIN, rootLevel: true },
    { name: "MARKET_ADMIN@jobBoard", where: a.jobBoard, what: PERMISSION.MARKET_ADMIN, rootLevel: true },
    { name: "COLLECT_METER_FEES", where: a.gasMeter, what: PERMISSION.COLLECT_METER_FEES, rootLevel: true },
    // Issue 17 part 3: the root approves and removes the market's second token (tUSD) on each module.
    { name: "MARKET_TOKENS@marketplace", where: a.marketplace, what: PERMISSION.MARKET_TOKENS, rootLevel: true },
    { name: "MARKET_TOKENS@jobBoard", where: a.jobBoard, what: PERMISSION.MARKET_TOKENS, rootLevel: true },
  ];
  const watched = new Map<string, Interface>([
    [a.acl.toLowerCase(), s.acl.interface as unknown as Interface],
    [a.processRegistry.toLowerCase(), s.registry.interface as unknown as Interface],
    [a.kernel.toLowerCase(), s.kernel.interface as unknown as Interface],
    [a.gasMeter.toLowerCase(), s.gasMeter.interface as unknown as Interface],
    [a.forwarder.toLowerCase(), s.forwarder.interface as unknown as Interface],
    [a.governor.toLowerCase(), s.governor.interface as unknown as Interface],
    [a.marketplace.toLowerCase(), s.marketplace.interface as unknown as Interface],
    [a.jobBoard.toLowerCase(), s.jobBoard.interface as unknown as Interface],
    [a.nameService.toLowerCase(), s.names.interface as unknown as Interface],
  ]);
  const condition = await new SwitchCondition__factory(root).deploy();
  await condition.waitForDeployment();
  const tusd = await new TestStablecoin__factory(root).deploy();
  await tusd.waitForDeployment();
  for (const [i, who] of actors.entries()) {
    if (i !== 6) await (await tusd.mint(who.address, TUSD_MINT)).wait();
    for (const spender of [a.marketplace, a.jobBoard]) {
      await (await tusd.connect(who).approve(spender, hre.ethers.MaxUint256)).wait();
    }
  }
  const [, , startedAt] = await s.gasMeter.epochInfo();
  const [epoch] = await s.gasMeter.epochInfo();
  if (epoch !== 1n) throw new Error(`the meter is in epoch ${epoch} at setup`);
  return {
    s,
    actors,
    names: [...ACTOR_NAMES],
    addresses,
    relayer: s.accounts.relayer,
    root: s.roles.root,
    pairs,
    capabilities: [
      { name: "INCREMENT", id: CAPABILITY.INCREMENT },
      { name: "OTHER", id: hre.ethers.id("OTHER_CAPABILITY") },
    ],
    grantees: [...addresses, ANY_ENTITY],
    condition: await condition.getAddress(),
    watched,
    invariants,
    initialInstances: await Promise.all(INITIAL_PROCESSES.map((_, i) => s.registry.instanceOf(i + 1))),
    initialPublishers: await Promise.all(
      Object.keys(s.programs).map(async (_, i) => lower((await s.registry.program(i + 1)).publisher)),
    ),
    arbiter: s.accounts.arbiter,
    relayers: [s.accounts.relayer, s.accounts.dave],
    holders: [
      ...addresses,
      s.accounts.relayer.address,
      a.gasMeter,
      a.marketplace,
      a.jobBoard,
      ...Object.values(a.vestingWallets),
    ],
    timelock,
    extraPairs,
    setupAcl,
    meterAnchor: startedAt,
    gasTable: new Map(),
    gasCounts: { predicted: 0, learned: 0, accurate: 0 },
    tusd,
    tusdAddress: await tusd.getAddress(),
  };
}

/** A readable name for an address of the world. */
export function nameOf(w: World, address: string): string {
  const known = actorAt(w, address);
  if (known) return w.names[known.index];
  if (address.toLowerCase() === ANY_ENTITY.toLowerCase()) return "ANY";
  const a = w.s.addresses;
  const special: [string, string][] = [
    [w.relayer.address, "relayer"],
    [w.arbiter.address, "arbiter"],
    [a.timelock, "timelock"],
    [a.gasMeter, "meter"],
    [a.marketplace, "marketplace"],
    [a.jobBoard, "jobBoard"],
  ];
  for (const [x, name] of special) if (x.toLowerCase() === address.toLowerCase()) return name;
  return address.slice(0, 10);
}

// ------------------------------------------------------------------------------------------------ model

/** `IProcessRegistry.Status`. */
export enum Status {
  None = 0,
  Running = 1,
  Suspended = 2,
  Terminated = 3,
}

export interface ProcessModel {
  pid: number;
  parent: number;
  depth: number;
  owner: string;
  /** Own status (the effective one is derived along the ancestor chain). */
  status: Status;
  generation: number;
  instance: string;
  /** Counter state of the process (every process runs the Counter program). */
  count: bigint;
  incrementsBy: Map<string, bigint>;
}

export type PermitSignature = import("../../lib/permit").SignedPermit;

/** A process's account in the gas meter (`GasMeter.Account` + `Settings`), and the per-user usage it recorded. */
export interface MeterAccount {
  budget: bigint;
  usageEpoch: bigint;
  used: bigint;
  processQuota: bigint;
  userQuota: bigint;
  lowThreshold: bigint;
  relayGasCap: bigint;
  /** Issue 17: NYN-wei, 0 = off; charges are refused (`GasMeterFrozen`) while the budget is at or below it. */
  freezeThreshold: bigint;
  /** Issue 17: the selector rule (`setRelaySelectorsOnly`): only sponsored selectors are reimbursed when relayed. */
  selectorsOnly: boolean;
  /** Issue 17: the selectors (lower-case 0x-hex bytes4) set sponsored by `setRelaySelectors`. */
  sponsored: Set<string>;
  /** user → usage, recorded while the process has a per-user quota (a recorded slot stays non-zero). */
  users: Map<string, { epoch: bigint; used: bigint }>;
}

/** What an executed proposal does (one action; see commands/governance.ts). */
export interface GovAction {
  kind: "price" | "epoch" | "fee" | "arbiter" | "unarbiter";
  value: bigint;
  /** `fee`: 0 = marketplace, 1 = job board. */
  module: number;
  /** `arbiter`/`unarbiter`: the account. */
  who: string;
}

export interface ProposalModel {
  id: bigint;
  action: GovAction;
  label: string;
  target: string;
  calldata: string;
  description: string;
  proposer: string;
  voteStart: bigint;
  voteEnd: bigint;
  /** 0 until queued. */
  eta: bigint;
  executed: boolean;
  canceled: boolean;
  /** voter → support. */
  votes: Map<string, number>;
  /** against, for, abstain (NYN-wei of votes). */
  tally: [bigint, bigint, bigint];
}

/** Votes after a block (ERC20Votes checkpoints, by timestamp): what `getPastVotes`/`getPastTotalSupply` return. */
export interface VoteCheckpoint {
  at: bigint;
  votes: Map<string, bigint>;
  supply: bigint;
}

/** `MarketEscrow.Account`. */
export interface EscrowAccount {
  balance: bigint;
  /** Issue 17: the tUSD it may withdraw (`withdrawableToken`). */
  tokenBalance: bigint;
  completedSales: number;
  completedJobs: number;
  disputesOpened: number;
  disputesWon: number;
  disputesLost: number;
}

export interface DisputeModel {
  id: number;
  payer: string;
  payee: string;
  amount: bigint;
  feeBps: bigint;
  deadline: bigint;
  /** `IMarketEscrow.DisputeStatus`: 1 Open, 2 Ruled, 3 DefaultSettled. */
  status: number;
  share: bigint;
  /** The order id (marketplace) or job id (job board). */
  escrowId: bigint;
  openedBy: string;
  /** The escrow's token: 0 NYN, 1 tUSD. */
  token: number;
}

/** What both market modules share (MarketEscrow). */
export interface EscrowModel {
  feeBps: bigint;
  treasury: string;
  fees: bigint;
  accounts: Map<string, EscrowAccount>;
  disputes: DisputeModel[];
  /** Issue 17: whether tUSD is approved here, its id (0: never approved; then 1) and its uncollected fees. */
  tokenApproved: boolean;
  tokenId: number;
  tokenFees: bigint;
}

export interface ListingModel {
  id: bigint;
  seller: string;
  price: bigint;
  quantity: bigint;
  window: bigint;
  /** `IMarketplace.ListingStatus`: 1 Active, 2 Cancelled. */
  status: number;
  /** The payment token: 0 NYN, 1 tUSD. */
  token: number;
}

export interface OrderModel {
  id: bigint;
  listingId: bigint;
  buyer: string;
  seller: string;
  /**
   * The model's finer order status: 1 Paid, 2 Shipped, 3 Completed, 4 Refunded, 5 Disputed, 6 Resolved. The contract
   * reports 3, 4 and 6 as one terminal `Settled` (and deletes the record): see `orderStatusOnChain`.
   */
  status: number;
  feeBps: bigint;
  deadline: bigint;
  window: bigint;
  /** NYN-wei still escrowed. */
  amount: bigint;
  /** NYN-wei escrowed at purchase, and paid out of it since (to anyone, fees included). */
  deposit: bigint;
  paidOut: bigint;
  /** How many times the order reached a terminal status (must stay ≤ 1). */
  settlements: number;
  /** The escrow's token (its listing's): 0 NYN, 1 tUSD. */
  token: number;
}

export interface MilestoneModel {
  amount: bigint;
  /** `IJobBoard.MilestoneStatus`: 0 Pending, 1 Submitted, 2 Approved, 3 Disputed, 4 Resolved. */
  status: number;
  reviewDeadline: bigint;
  /** After a change request: the last second the worker may resubmit or dispute (0n: never sent back). */
  revisionDeadline: bigint;
  hash: string;
}

export interface JobModel {
  id: number;
  client: string;
  /** `IJobBoard.JobStatus`: 1 Open, 2 Assigned, 3 Completed, 4 Cancelled, 5 Expired. */
  status: number;
  milestones: MilestoneModel[];
  current: number;
  feeBps: bigint;
  deadline: bigint;
  cancelRequested: boolean;
  worker: string;
  escrowed: bigint;
  applicants: Set<string>;
  deposit: bigint;
  paidOut: bigint;
  /** The escrow's token: 0 NYN, 1 tUSD. */
  token: number;
}

export interface Model {
  /** Timestamp of the latest block (seconds); a transaction runs at `now + 1`. */
  now: bigint;
  kernel: { paused: boolean };
  acl: {
    /** pairKey → (grantee → expiry). A grantee stays a holder until revoked, expired or not. */
    grants: Map<string, Map<string, bigint>>;
    managers: Map<string, string>;
    /** capabilityKey(pid, generation, who, what) → expiry. */
    capabilities: Map<string, bigint>;
    /** Issue 16 part 3: `conditionKey(pair, who)` of the grants made with the world's switch condition. */
    conditional: Set<string>;
    /** The switch condition's answer (false at setup). */
    conditionOn: boolean;
    /**
     * The `conditional` keys whose condition is the ACL's built-in balance condition (NYN), with their minimum in
     * NYN-wei (`grantPermissionWithMinBalance`); the other conditional grants use the switch.
     */
    minBalances: Map<string, bigint>;
    /** The `capabilities` keys whose grant is conditional (the world's switch condition). */
    conditionalCapabilities: Set<string>;
    /** The world's switch condition (the address errors name). */
    condition: string;
  };
  registry: {
    processes: ProcessModel[];
    programCount: number;
    /** Each program's publisher and its line of versions (index = id - 1; 0 = no link). */
    programs: { publisher: string; previous: number; next: number }[];
  };
  nyn: {
    supply: bigint;
    balances: Map<string, bigint>;
    /** account → delegatee (absent = none). */
    delegates: Map<string, string>;
    nonces: Map<string, bigint>;
    /** allowanceKey(owner, spender) → value, for the pairs a permit touched. */
    allowances: Map<string, bigint>;
    /** The last permit each owner used (to replay it). */
    lastPermit: Map<string, PermitSignature>;
    /** NYN-wei sent to a module by plain transfer (no deposit, purchase or job): held, but owed to nobody. */
    stray: Map<string, bigint>;
  };
  forwarder: { nonces: Map<string, bigint> };
  /** Issue 17: tUSD balances (smallest unit) of the actors and both market modules (nobody else holds any). */
  tusd: Map<string, bigint>;
  meter: {
    price: bigint;
    epochLength: bigint;
    /** Epoch `offset` started at `anchor` (seconds). */
    anchor: bigint;
    offset: bigint;
    fees: bigint;
    /** pid → account, for every PID the meter commands touched (any other PID has an all-zero account). */
    accounts: Map<number, MeterAccount>;
    /** relayer → NYN-wei it can claim. */
    claimable: Map<string, bigint>;
  };
  gov: {
    proposals: ProposalModel[];
    /** Vote checkpoints after each step that moved votes (oldest first). */
    history: VoteCheckpoint[];
  };
  market: EscrowModel & {
    sellers: Map<string, { id: number; listingCount: number }>;
    sellerCount: number;
    listings: ListingModel[];
    orders: OrderModel[];
    orderCounts: Map<string, number>;
  };
  jobs: EscrowModel & { jobs: JobModel[] };
  /** The name service (issue 16): records by EIP-137 node, primary names (reverse records), pending transfers. */
  names: NamesModel;
  /** What the invariants read on chain after the previous step (for the "only increases" / "terminal" checks). */
  seen: {
    processCount: bigint;
    terminated: Set<number>;
    nynNonces: Map<string, bigint>;
    forwarderNonces: Map<string, bigint>;
    /** proposal id → the last state read (states only move forward). */
    proposalStates: Map<string, number>;
  };
}

/** One name of the name service: an account name (`pid` 0, `holder` its owner) or a process name (`holder` the
 * instance, `generation` the process's owner generation when named; `pid` 0 and `holder` zero once released). */
export interface NameRecordModel {
  fullName: string;
  parent: string;
  holder: string;
  pid: number;
  generation: number;
}

export interface NamesModel {
  records: Map<string, NameRecordModel>;
  /** account or instance (lower case) → node of its chosen primary name. */
  reverse: Map<string, string>;
  /** node → proposed new owner (lower case). */
  pending: Map<string, string>;
}

export const lower = (a: string) => a.toLowerCase();
export const pairKey = (where: string, what: string) => `${lower(where)}|${what}`;
export const capabilityKey = (pid: number, generation: number, who: string, what: string) =>
  `${pid}|${generation}|${lower(who)}|${what}`;
export const allowanceKey = (owner: string, spender: string) => `${lower(owner)}|${lower(spender)}`;

/** The model of a fresh deployment, built from the deploy config and the expected permission table (not read back). */
export async function initialModel(w: World): Promise<Model> {
  const block = await hre.ethers.provider.getBlock("latest");
  const grants = new Map<string, Map<string, bigint>>();
  const managers = new Map<string, string>();
  for (const row of w.s.permissions) {
    const key = pairKey(row.where, row.what);
    grants.set(key, new Map(row.holders.map((h) => [lower(h), NO_EXPIRY])));
    managers.set(key, lower(row.manager));
  }
  for (const g of w.setupAcl.grants) grants.get(pairKey(g.where, g.what))!.set(lower(g.who), NO_EXPIRY);
  for (const x of w.setupAcl.managers) managers.set(pairKey(x.where, x.what), lower(x.manager));
  const balances = new Map<string, bigint>(w.holders.map((a) => [lower(a), 0n]));
  let supply = 0n;
  for (const alloc of KERNEL_TEST_CONFIG.allocations) {
    // A vesting allocation is minted into the beneficiary's vesting wallet (deploy config `vesting`).
    const holder = lower(
      alloc.vesting
        ? w.s.addresses.vestingWallets[alloc.holder]
        : w.s.accounts[alloc.holder as keyof typeof w.s.accounts].address,
    );
    balances.set(holder, (balances.get(holder) ?? 0n) + alloc.amount);
    supply += alloc.amount;
  }
  const zeros = () => new Map<string, bigint>(w.addresses.map((a) => [lower(a), 0n]));
  const now = BigInt(block!.timestamp);
  const escrow = (): EscrowModel => ({
    feeBps: DEFAULT_MARKET_FEE_BPS,
    treasury: lower(w.root), // deploySystem: the market's treasury is the root
    fees: 0n,
    accounts: new Map(),
    disputes: [],
    tokenApproved: false,
    tokenId: 0,
    tokenFees: 0n,
  });
  return {
    now,
    kernel: { paused: false },
    acl: {
      grants,
      managers,
      capabilities: new Map(),
      conditional: new Set(),
      conditionOn: false,
      minBalances: new Map(),
      conditionalCapabilities: new Set(),
      condition: w.condition,
    },
    registry: {
      processes: INITIAL_PROCESSES.map((p, i) => ({
        pid: i + 1,
        parent: p.parent,
        depth: p.parent === 0 ? 1 : 2,
        owner: lower(w.s.accounts[p.owner].address),
        status: Status.Running,
        generation: 0,
        instance: lower(w.initialInstances[i]),
        count: p.start,
        incrementsBy: new Map(),
      })),
      programCount: Object.keys(w.s.programs).length,
      programs: w.initialPublishers.map((publisher) => ({ publisher, previous: 0, next: 0 })),
    },
    nyn: {
      supply,
      balances,
      delegates: new Map(),
      nonces: zeros(),
      allowances: new Map(),
      lastPermit: new Map(),
      stray: new Map(),
    },
    forwarder: { nonces: zeros() },
    tusd: new Map([
      ...w.addresses.map((a, i): [string, bigint] => [lower(a), i === 6 ? 0n : TUSD_MINT]),
      [lower(w.s.addresses.marketplace), 0n],
      [lower(w.s.addresses.jobBoard), 0n],
    ]),
    meter: {
      price: GAS_METER_DEFAULTS.price,
      epochLength: BigInt(GAS_METER_DEFAULTS.epochLength),
      anchor: w.meterAnchor,
      offset: 1n,
      fees: 0n,
      accounts: new Map(),
      claimable: new Map(),
    },
    gov: { proposals: [], history: [{ at: now, votes: new Map(), supply }] },
    market: { ...escrow(), sellers: new Map(), sellerCount: 0, listings: [], orders: [], orderCounts: new Map() },
    jobs: { ...escrow(), jobs: [] },
    names: initialNames(w),
    seen: {
      processCount: BigInt(INITIAL_PROCESSES.length),
      terminated: new Set(),
      nynNonces: zeros(),
      forwarderNonces: zeros(),
      proposalStates: new Map(),
    },
  };
}

/** The names `setupWorld` leaves: alice.nyn, counter.alice.nyn (PID 1), bob.nyn offered to carol. */
function initialNames(w: World): NamesModel {
  const [alice, bob, carol] = [w.s.accounts.alice, w.s.accounts.bob, w.s.accounts.carol].map((x) => lower(x.address));
  const [root, aliceNode, counterNode, bobNode] = ["nyn", "alice.nyn", "counter.alice.nyn", "bob.nyn"].map(nodeOf);
  const instance = lower(w.initialInstances[0]);
  const account = (fullName: string, holder: string): NameRecordModel => ({
    fullName,
    parent: root,
    holder,
    pid: 0,
    generation: 0,
  });
  return {
    records: new Map([
      [aliceNode, account("alice.nyn", alice)],
      [counterNode, { fullName: "counter.alice.nyn", parent: aliceNode, holder: instance, pid: 1, generation: 0 }],
      [bobNode, account("bob.nyn", bob)],
    ]),
    reverse: new Map([
      [alice, aliceNode],
      [instance, counterNode],
      [bob, bobNode],
    ]),
    pending: new Map([[bobNode, carol]]),
  };
}

// ------------------------------------------------------------------------------------------------ model queries

export function processOf(m: Model, pid: number): ProcessModel | undefined {
  return pid >= 1 ? m.registry.processes[pid - 1] : undefined;
}

/** The most severe status along the ancestor chain (ProcessRegistry `_effectiveStatus`). */
export function effectiveStatus(m: Model, pid: number): Status {
  let p = processOf(m, pid)!;
  let status = p.status;
  while (p.parent !== 0 && status !== Status.Terminated) {
    p = processOf(m, p.parent)!;
    if (p.status > status) status = p.status;
  }
  return status;
}

/**
 * ACL `hasPermission(who, where, what)` at time `at` (a direct or `ANY_ENTITY` grant, expiry inclusive; a conditional
 * grant counts only while the world's switch condition says yes).
 */
export function hasPermission(m: Model, who: string, pair: PermissionPair, at: bigint): boolean {
  return grantState(m, who, who, pair, at) === "granted" || grantState(m, ANY_ENTITY, who, pair, at) === "granted";
}

/** The key of `who`'s grant of `pair` in `Model.acl.conditional`. */
export function conditionKey(pair: PermissionPair, who: string): string {
  return `${pairKey(pair.where, pair.what)}|${lower(who)}`;
}

/**
 * `grantee`'s grant of `pair` at `at` when `who` asks: none (no unexpired grant), granted, or denied by its condition
 * (the switch, or the built-in balance condition on `who`'s NYN balance).
 */
function grantState(
  m: Model,
  grantee: string,
  who: string,
  pair: PermissionPair,
  at: bigint,
): "none" | "granted" | "denied" {
  const expiry = m.acl.grants.get(pairKey(pair.where, pair.what))?.get(lower(grantee)) ?? 0n;
  if (at > expiry) return "none";
  const key = conditionKey(pair, grantee);
  if (!m.acl.conditional.has(key)) return "granted";
  const min = m.acl.minBalances.get(key);
  if (min !== undefined) return nynBalance(m, who) >= min ? "granted" : "denied";
  return m.acl.conditionOn ? "granted" : "denied";
}

/** The condition address of `grantee`'s conditional grant of `pair`: NYN for the built-in one, else the switch. */
export function conditionOf(m: Model, w: World, pair: PermissionPair, grantee: string): string {
  return m.acl.minBalances.has(conditionKey(pair, grantee)) ? w.s.addresses.nyn : w.condition;
}

/**
 * The error a module's `auth` check reverts with when `hasPermission` is false: `ACLConditionDenied` naming the
 * world's condition when an unexpired conditional grant (own or `ANY_ENTITY`) denied, else `ACLUnauthorized`.
 */
export function permissionFailure(m: Model, w: World, who: string, pair: PermissionPair, at: bigint): Expected {
  // ACL.checkPermission names the grant to everyone's condition first, then the account's own.
  const denier = [ANY_ENTITY, who].find((g) => grantState(m, g, who, pair, at) === "denied");
  return denier
    ? failure("ACLConditionDenied", [conditionOf(m, w, pair, denier), who, pair.where, pair.what])
    : failure("ACLUnauthorized", [who, pair.where, pair.what]);
}

export function pairNamed(w: World, name: string): PermissionPair {
  return w.pairs.find((p) => p.name === name)!;
}

/** ACL `capabilityExpiry(pid, who, what)` under the current owner generation (0 for a conditional grant). */
export function capabilityExpiry(m: Model, pid: number, who: string, what: string): bigint {
  const grant = capabilityGrant(m, pid, who, what);
  return grant.conditional ? 0n : grant.expiry;
}

/** `who`'s grant of `what` on `pid` under the current owner generation, either kind (expiry 0: none). */
export function capabilityGrant(m: Model, pid: number, who: string, what: string) {
  const key = capabilityKey(pid, processOf(m, pid)!.generation, who, what);
  return { expiry: m.acl.capabilities.get(key) ?? 0n, conditional: m.acl.conditionalCapabilities.has(key) };
}

/** ACL `hasCapability(pid, who, what)` at time `at` (a conditional grant only while the switch says yes). */
export function hasCapability(m: Model, pid: number, who: string, what: string, at: bigint): boolean {
  if (effectiveStatus(m, pid) === Status.Terminated) return false;
  if (lower(who) === lower(processOf(m, pid)!.owner)) return true;
  const grant = capabilityGrant(m, pid, who, what);
  return at <= grant.expiry && (!grant.conditional || m.acl.conditionOn);
}

/** NYN votes of `account` as the model derives them: Σ balances of the accounts delegating to it. */
export function votesOf(m: Model, account: string): bigint {
  let votes = 0n;
  for (const [from, to] of m.nyn.delegates) if (to === lower(account)) votes += m.nyn.balances.get(from) ?? 0n;
  return votes;
}

/** Move `amount` NYN-wei between two holders in the model. */
export function moveNyn(m: Model, from: string, to: string, amount: bigint): void {
  const b = m.nyn.balances;
  b.set(lower(from), (b.get(lower(from)) ?? 0n) - amount);
  b.set(lower(to), (b.get(lower(to)) ?? 0n) + amount);
}

export const nynBalance = (m: Model, a: string) => m.nyn.balances.get(lower(a)) ?? 0n;

/** Issue 17: `a`'s balance of token `token` (0 NYN, 1 tUSD). */
export const tokenBalance = (m: Model, token: number, a: string) =>
  token === 0 ? nynBalance(m, a) : (m.tusd.get(lower(a)) ?? 0n);

/** Move `amount` of token `token` (0 NYN, 1 tUSD) between two holders in the model. */
export function moveToken(m: Model, token: number, from: string, to: string, amount: bigint): void {
  if (token === 0) return moveNyn(m, from, to, amount);
  m.tusd.set(lower(from), (m.tusd.get(lower(from)) ?? 0n) - amount);
  m.tusd.set(lower(to), (m.tusd.get(lower(to)) ?? 0n) + amount);
}

/** Record the votes and supply after the latest block if they moved (ERC20Votes writes a checkpoint then). */
export function checkpointVotes(m: Model, w: World): void {
  const last = m.gov.history[m.gov.history.length - 1];
  const votes = new Map<string, bigint>();
  for (const a of w.addresses) {
    const v = votesOf(m, a);
    if (v !== 0n) votes.set(lower(a), v);
  }
  const same =
    last.supply === m.nyn.supply &&
    last.votes.size === votes.size &&
    [...votes].every(([a, v]) => last.votes.get(a) === v);
  if (same) return;
  if (last.at === m.now) m.gov.history.pop(); // one block per timestamp: the later state of that block wins
  m.gov.history.push({ at: m.now, votes, supply: m.nyn.supply });
}

function checkpointAt(m: Model, t: bigint): VoteCheckpoint {
  let found = m.gov.history[0];
  for (const c of m.gov.history) if (c.at <= t) found = c;
  return found;
}

/** `NYN.getPastVotes(account, t)`. */
export function pastVotes(m: Model, account: string, t: bigint): bigint {
  return checkpointAt(m, t).votes.get(lower(account)) ?? 0n;
}

/** `NYN.getPastTotalSupply(t)`. */
export function pastSupply(m: Model, t: bigint): bigint {
  return checkpointAt(m, t).supply;
}

/** The meter's epoch at time `t` (`GasMeter._epochOf`). */
export function epochAt(m: Model, t: bigint): bigint {
  return m.meter.offset + (t - m.meter.anchor) / m.meter.epochLength;
}

/** The meter account of `pid` (created all-zero on first use). */
export function meterAccount(m: Model, pid: number): MeterAccount {
  let a = m.meter.accounts.get(pid);
  if (!a) {
    a = {
      budget: 0n,
      usageEpoch: 0n,
      used: 0n,
      processQuota: 0n,
      userQuota: 0n,
      lowThreshold: 0n,
      relayGasCap: 0n,
      freezeThreshold: 0n,
      selectorsOnly: false,
      sponsored: new Set(),
      users: new Map(),
    };
    m.meter.accounts.set(pid, a);
  }
  return a;
}

/** A permission pair of the world by name (ACL commands' pairs and the extra ones). */
export function anyPair(w: World, name: string): PermissionPair {
  return w.pairs.find((p) => p.name === name) ?? w.extraPairs.find((p) => p.name === name)!;
}

/** Pick `list[sel % length]` (undefined for an empty list). */
export function pick<T>(list: readonly T[], sel: number): T | undefined {
  return list.length === 0 ? undefined : list[((sel % list.length) + list.length) % list.length];
}

// ------------------------------------------------------------------------------------------------ running steps

/** One event a step must emit from a watched contract, in order. */
export interface ExpectedEvent {
  emitter: string;
  name: string;
  args: unknown[];
}

/** The predicted outcome of a transaction: success with exactly these watched events, or this custom error. */
export type Expected = { ok: true; events: ExpectedEvent[] } | { ok: false; error: string; args?: unknown[] };

export const success = (...events: ExpectedEvent[]): Expected => ({ ok: true, events });
export const failure = (error: string, args?: unknown[]): Expected => ({ ok: false, error, args });
export const event = (emitter: string, name: string, ...args: unknown[]): ExpectedEvent => ({ emitter, name, args });

/** A decoded event of a watched contract. */
export interface DecodedEvent {
  emitter: string;
  name: string;
  args: unknown[];
}

/** Counts of what the property test ran (printed at the end; the report quotes them). */
export const stats = {
  sequences: 0,
  steps: 0,
  reads: 0,
  byCommand: new Map<string, { ok: number; reverted: number; noop: number }>(),
  record(name: string, outcome: "ok" | "reverted" | "noop") {
    const entry = this.byCommand.get(name) ?? { ok: 0, reverted: 0, noop: 0 };
    if (outcome === "ok") entry.ok++;
    else if (outcome === "reverted") entry.reverted++;
    else entry.noop++;
    this.byCommand.set(name, entry);
  },
};

function sameValue(expected: unknown, actual: unknown): boolean {
  if (expected === ANY) return true;
  if (typeof expected === "number" || typeof expected === "bigint") {
    return (typeof actual === "bigint" || typeof actual === "number") && BigInt(actual) === BigInt(expected);
  }
  if (typeof expected === "boolean") return actual === expected;
  if (typeof expected === "string") return typeof actual === "string" && lower(actual) === lower(expected);
  if (Array.isArray(expected)) {
    const a = Array.from(actual as ArrayLike<unknown>);
    return a.length === expected.length && expected.every((e, i) => sameValue(e, a[i]));
  }
  return expected === actual;
}

function show(v: unknown): string {
  if (v === ANY) return "*";
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return String(v);
}

export function decodeWatchedEvents(w: World, receipt: TransactionReceipt): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (const log of receipt.logs) {
    const iface = w.watched.get(lower(log.address));
    if (!iface) continue;
    const parsed = iface.parseLog(log);
    if (!parsed) throw new Error(`unknown event from watched contract ${log.address}: ${log.topics[0]}`);
    events.push({ emitter: lower(log.address), name: parsed.name, args: Array.from(parsed.args) });
  }
  return events;
}

/** Set the next block's timestamp: every transaction of the test runs exactly at `model.now + 1`. */
export async function pinNextBlock(m: Model): Promise<bigint> {
  const at = m.now + 1n;
  await hre.network.provider.send("evm_setNextBlockTimestamp", [Number(at)]);
  return at;
}

const GAS_LIMIT = 5_000_000n;

/** What a sent transaction did: its receipt, or the error it reverted with (decoded when it is a custom error). */
export interface Outcome {
  receipt?: TransactionReceipt;
  error?: unknown;
  /** The decoded custom error of a revert. */
  reverted?: { name: string; args: unknown[] };
}

/**
 * Send one transaction at `model.now + 1` (the time its prediction used) with a fixed gas limit (no estimation:
 * a reverting transaction is mined too, so time advances the same way). Check the outcome with {@link verify}.
 */
export async function submit(
  m: Model,
  send: (overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>,
): Promise<Outcome> {
  let outcome: Outcome;
  try {
    outcome = { receipt: (await (await send({ gasLimit: GAS_LIMIT })).wait())! };
  } catch (error) {
    const data = revertDataOf(error);
    const parsed = data ? decodeRevert(data) : undefined;
    outcome = { error, reverted: parsed ? { name: parsed.name, args: Array.from(parsed.args) } : undefined };
  }
  m.now += 1n; // the transaction's block, mined whether it succeeded or reverted
  return outcome;
}

/**
 * Check an outcome against the prediction: success with exactly the predicted events of the watched contracts, or
 * the predicted custom error with its arguments. Returns the decoded watched events on success.
 */
export function verify(w: World, label: string, outcome: Outcome, expected: Expected): DecodedEvent[] {
  if (outcome.error !== undefined) {
    stats.record(label, "reverted");
    const { error, reverted } = outcome;
    if (expected.ok) throw new Error(`${label}: expected success, reverted with ${describeError(error)}`);
    if (!reverted || reverted.name !== expected.error) {
      throw new Error(`${label}: expected ${expected.error}, reverted with ${describeError(error)}`);
    }
    if (expected.args && !sameValue(expected.args, reverted.args)) {
      const data = revertDataOf(error);
      const parsed = data ? decodeRevert(data) : undefined;
      throw new Error(
        `${label}: expected ${expected.error}(${show(expected.args)}), got ${parsed ? formatDecodedError(parsed) : reverted.name}`,
      );
    }
    return [];
  }
  stats.record(label, "ok");
  if (!expected.ok) {
    throw new Error(`${label}: expected revert ${expected.error}(${show(expected.args ?? [])}), but it succeeded`);
  }
  const events = decodeWatchedEvents(w, outcome.receipt!);
  const want = expected.events.map((e) => ({ ...e, emitter: lower(e.emitter) }));
  const same =
    events.length === want.length &&
    want.every(
      (e, i) => e.emitter === events[i].emitter && e.name === events[i].name && sameValue(e.args, events[i].args),
    );
  if (!same) {
    const fmt = (list: { emitter: string; name: string; args: unknown[] }[]) =>
      list.map((e) => `${nameOf(w, e.emitter)}.${e.name}(${show(e.args)})`).join("; ");
    throw new Error(`${label}: events of the watched contracts\n  expected: ${fmt(want)}\n  actual:   ${fmt(events)}`);
  }
  return events;
}

/** {@link submit} then {@link verify}. */
export async function exec(
  m: Model,
  w: World,
  label: string,
  send: (overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>,
  expected: Expected,
): Promise<DecodedEvent[]> {
  return verify(w, label, await submit(m, send), expected);
}

// ------------------------------------------------------------------------------------------------ batched reads

/** The value of one batched read, available after {@link ReadBatch.run}. */
export class Ref<T> {
  ok = false;
  private _value: unknown;
  /** The decoded custom error (or raw revert data) when the read reverted. */
  revert?: string;
  constructor(readonly label: string) {}
  set(value: unknown) {
    this.ok = true;
    this._value = value;
  }
  get value(): T {
    if (!this.ok) throw new Error(`read ${this.label} reverted: ${this.revert}`);
    return this._value as T;
  }
}

/** Calldata by (method, args): the same reads repeat every step. */
const calldataCache = new Map<string, { fragment: FunctionFragment; data: string }>();

/**
 * The reads of one invariant check, sent together as raw `eth_call`s at the latest block. (Measured on Hardhat
 * 2.29/EDR: one plain `eth_call` costs ~0.2 ms, while the same read nested in an aggregating contract's staticcall
 * costs 0.4-1 ms, so the batch does not go through a multicall contract.)
 */
export class ReadBatch {
  private reads: { target: string; data: string; iface: Interface; fragment: FunctionFragment; ref: Ref<unknown> }[] =
    [];
  private extra: { fn: () => Promise<unknown>; ref: Ref<unknown> }[] = [];
  /**
   * A full check reads everything, probes included (at the start and at the end of each sequence); after a step,
   * reads whose value no command of the step could have changed without another read showing it are sampled: one
   * rotating probe per step (see {@link probed}).
   */
  constructor(readonly full = false) {}

  /**
   * The items to read: every live one, and of the finished ones (`done`), one per step, rotating (all in a full
   * check). A finished escrow or proposal can only change by a bug; the rotation still reaches it, and a finished
   * escrow that holds NYN again shows in the module's conservation sum at once.
   */
  sample<T>(items: readonly T[], done: (item: T) => boolean, salt = 0): T[] {
    const finished = items.filter(done);
    return items.filter((x) => !done(x) || this.probed(finished.indexOf(x), finished.length, salt));
  }

  /** Whether item `i` of `n` is read in this check: always in a full check, else one item per step, rotating. */
  probed(i: number, n: number, salt = 0): boolean {
    return this.full || n === 0 || i === (stats.steps + salt) % n;
  }

  /** Call view `method(args)` of `contract`. */
  read<T = unknown>(contract: BaseContract, method: string, args: unknown[] = []): Ref<T> {
    const iface = contract.interface as unknown as Interface;
    const target = contract.target as string;
    const ref = new Ref<T>(`${method}(${args.map(show).join(", ")})`);
    const key = `${target}|${method}|${args.map(show).join("|")}`;
    let cached = calldataCache.get(key);
    if (cached === undefined) {
      const fragment = iface.getFunction(method)!;
      cached = { fragment, data: iface.encodeFunctionData(fragment, args) };
      calldataCache.set(key, cached);
    }
    this.reads.push({ target, data: cached.data, iface, fragment: cached.fragment, ref: ref as Ref<unknown> });
    return ref;
  }

  /** Any other asynchronous read (e.g. the latest block). */
  query<T>(label: string, fn: () => Promise<T>): Ref<T> {
    const ref = new Ref<T>(label);
    this.extra.push({ fn, ref: ref as Ref<unknown> });
    return ref;
  }

  get size(): number {
    return this.reads.length + this.extra.length;
  }

  async run(): Promise<void> {
    const provider = hre.network.provider;
    await Promise.all([
      ...this.reads.map(async (r) => {
        try {
          const ret: string = await provider.send("eth_call", [{ to: r.target, data: r.data }, "latest"]);
          const decoded = r.iface.decodeFunctionResult(r.fragment, ret);
          r.ref.set(decoded.length === 1 ? decoded[0] : decoded);
        } catch (e) {
          const data = revertDataOf(e);
          const parsed = data ? decodeRevert(data) : undefined;
          r.ref.revert = parsed ? formatDecodedError(parsed) : describeError(e);
        }
      }),
      ...this.extra.map(async (x) => x.ref.set(await x.fn())),
    ]);
  }
}

// ------------------------------------------------------------------------------------------------ invariants

/**
 * One invariant of SECURITY.md. `collect` registers its reads on the shared batch and returns the check to run once
 * they resolved (throw to fail; the message names the invariant). All invariants share one `eth_call` per step.
 */
export interface Invariant {
  area: string;
  name: string;
  collect(b: ReadBatch, m: Model, w: World): () => void;
}

/** Read everything the invariants need in one call, then run every check. */
export async function checkInvariants(m: Model, w: World, invariants: Invariant[], full = false): Promise<void> {
  const batch = new ReadBatch(full);
  const checks = invariants.map((inv) => ({ inv, check: inv.collect(batch, m, w) }));
  stats.reads += batch.size;
  await batch.run();
  for (const { inv, check } of checks) {
    try {
      check();
    } catch (e) {
      throw new Error(`invariant [${inv.area}] ${inv.name}: ${(e as Error).message}`);
    }
  }
}

/** Throw `message` unless `condition`. */
export function ensure(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

// ------------------------------------------------------------------------------------------------ commands

/** Selector resolving to "the current owner of the target process" instead of a fixed actor. */
export const OWNER = -1;

/**
 * Base of every command. Arguments are selectors (small integers) resolved against the model when the command
 * runs, so a command stays meaningful when shrinking removes earlier ones. `toString` shows the resolved call of
 * the last run, which is what fast-check prints for the shrunk counterexample.
 */
export abstract class SystemCommand<A extends object = object> implements fc.AsyncCommand<Model, World> {
  /** The resolved call of the last run, e.g. `spawn(alice, parent=2) -> ok`. */
  protected resolved = ""; // set before the transaction, so a failing step shows what it was doing

  abstract readonly name: string;

  /** @param a The command's raw selectors, as the arbitrary generated them. */
  constructor(protected readonly a: A) {}

  /** The raw selectors (shown until the command has run), bigints in decimal. */
  protected selectors(): string {
    return JSON.stringify(this.a, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  }
  /** Whether the command may run in this state (default: always). */
  check(_m: Readonly<Model>): boolean {
    return true;
  }
  /** Predict, act, update the model; return the resolved call for display. */
  protected abstract step(m: Model, w: World): Promise<string>;

  async run(m: Model, w: World): Promise<void> {
    await this.act(m, w);
    await checkInvariants(m, w, w.invariants);
  }

  /** The step without the invariant check (the end-of-sequence settlement checks once, after all its steps). */
  async act(m: Model, w: World): Promise<void> {
    this.resolved = await this.step(m, w);
    checkpointVotes(m, w);
    stats.steps++;
    if (process.env.PROPERTY_TRACE) console.log(`        ${this.resolved}`);
  }

  toString(): string {
    return this.resolved || `${this.name}{${this.selectors()}}`;
  }
}

/** The actor whose address is `address` (any case), or undefined when no actor has it (e.g. `ANY_ENTITY`). */
export function actorAt(w: World, address: string): { address: string; index: number } | undefined {
  const index = w.addresses.findIndex((a) => lower(a) === lower(address));
  return index >= 0 ? { address: w.addresses[index], index } : undefined;
}

/** The actor `sel` picks (`OWNER` = the owner of process `pid`). */
export function actor(m: Model, w: World, sel: number, pid?: number): { address: string; index: number } {
  if (sel === OWNER && pid !== undefined) {
    const p = processOf(m, pid);
    const owner = p && actorAt(w, p.owner);
    if (owner) return owner;
  }
  const index = ((sel % w.actors.length) + w.actors.length) % w.actors.length;
  return { address: w.addresses[index], index };
}

/** A PID from selector `sel`: one of the existing processes, or (1 in 8, with `allowUnknown`) the next, unknown PID. */
export function pickPid(m: Model, sel: number, allowUnknown = true): number {
  const n = m.registry.processes.length;
  if (n === 0 || (allowUnknown && sel % 8 === 7)) return n + 1;
  return (Math.floor(sel / 8) % n) + 1;
}

export { NO_EXPIRY, ANY_ENTITY };
