import fs from "fs";
import path from "path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import {
  ACL__factory,
  GasMeter__factory,
  JobBoard__factory,
  Kernel__factory,
  KernelForwarder__factory,
  Marketplace__factory,
  NameService__factory,
  NYN__factory,
  NYNGovernor__factory,
  ProcessRegistry__factory,
  TimelockController__factory,
} from "../typechain-types";
import type { SystemConfig } from "./config";
import { PERMISSION } from "../lib/ids";
import {
  expectedGovernanceRoles,
  expectedPermissionTable,
  verifyGovernanceRoles,
  verifyPermissionTable,
} from "./permissions";
import { deploymentDir, deploymentPath, DeployOptions, resolveAccount, System, SystemAddresses } from "./deploySystem";
import { SYSTEM_PERMISSIONS, systemModule } from "../ignition/modules/System";
import type { SystemShape } from "../ignition/modules/shape";
import { vestingWalletId } from "../ignition/modules/NYN";

/** The deployment id Ignition records under: `NYN_DEPLOYMENT_ID`, else Ignition's default `chain-<id>`. */
export function deploymentId(chainId: number | bigint): string {
  return process.env.NYN_DEPLOYMENT_ID || `chain-${chainId}`;
}

/** A config's shape (what the System module is made of) and its Ignition parameters (the values). */
export async function ignitionInputs(
  hre: HardhatRuntimeEnvironment,
  config: SystemConfig,
): Promise<{ shape: SystemShape; parameters: DeploymentParameters }> {
  const symbolic = (name: string) => name === "timelock" || name === "deployer";
  const named: Record<string, string | bigint> = {};
  const holders: string[] = [];
  for (const [index, { holder, vesting }] of config.allocations.entries()) {
    if (vesting) {
      // A vesting slot names its beneficiary by an address parameter (a literal address gets a name of its own).
      if (symbolic(holder))
        throw new Error(`allocation ${index}: a vesting beneficiary must be an account, not ${holder}`);
      const name = hre.ethers.isAddress(holder) ? `beneficiary${index}` : holder;
      holders.push(`vesting:${name}`);
      named[name] = await resolveAccount(hre, holder);
      named[`${name}VestingStart`] = vesting.start;
      named[`${name}VestingCliff`] = vesting.cliff;
      named[`${name}VestingDuration`] = vesting.duration;
    } else if (symbolic(holder) || hre.ethers.isAddress(holder)) holders.push(holder);
    else {
      holders.push(holder);
      named[holder] = await resolveAccount(hre, holder);
    }
  }
  const root = symbolic(config.root) ? config.root : await resolveAccount(hre, config.root);
  const g = config.governance;
  return {
    shape: { root, holders },
    parameters: {
      $global: {
        guardian: await resolveAccount(hre, config.guardian),
        arbiter: await resolveAccount(hre, config.arbiter),
      },
      Timelock: { minDelay: g.timelockDelay },
      Governance: {
        votingDelay: g.votingDelay,
        votingPeriod: g.votingPeriod,
        proposalThreshold: g.proposalThreshold,
        quorumPercent: g.quorumPercent,
      },
      NYN: { amounts: config.allocations.map((a) => a.amount), ...named },
    },
  };
}

/** The System module's results and the ids Ignition records their futures under. */
const FUTURE_IDS = {
  kernel: "Kernel#Kernel",
  acl: "Kernel#ACL",
  aclImplementation: "NYN#ACLImplementation",
  forwarder: "Kernel#KernelForwarder",
  codeHashReader: "Kernel#CodeHashReader",
  processRegistry: "ProcessRegistry#ProcessRegistry",
  processRegistryImplementation: "ProcessRegistry#ProcessRegistryImplementation",
  nyn: "NYN#NYN",
  gasMeter: "GasMeter#GasMeter",
  gasMeterImplementation: "GasMeter#GasMeterImplementation",
  marketplace: "Market#Marketplace",
  marketplaceImplementation: "Market#MarketplaceImplementation",
  jobBoard: "Market#JobBoard",
  jobBoardImplementation: "Market#JobBoardImplementation",
  nameService: "NameService#NameService",
  nameServiceImplementation: "NameService#NameServiceImplementation",
  counter: "Counter#Counter",
  governor: "Governance#NYNGovernor",
  timelock: "Timelock#TimelockController",
} as const;

/** The System module's recorded futures (`<Module>#<id>` in deployed_addresses.json) as the system's addresses. */
export function addressesFromRecord(record: Record<string, string>): Omit<SystemAddresses, "programs"> {
  const get = (key: string) => {
    const value = record[key];
    if (!value) throw new Error(`the Ignition record has no ${key}`);
    return value;
  };
  return {
    kernel: get("Kernel#Kernel"),
    acl: get("Kernel#ACL"),
    processRegistry: get("ProcessRegistry#ProcessRegistry"),
    nyn: get("NYN#NYN"),
    forwarder: get("Kernel#KernelForwarder"),
    marketplace: get("Market#Marketplace"),
    jobBoard: get("Market#JobBoard"),
    governor: get("Governance#NYNGovernor"),
    timelock: get("Timelock#TimelockController"),
    gasMeter: get("GasMeter#GasMeter"),
    vestingWallets: vestingWalletsOf(record),
    nameService: get("NameService#NameService"),
    implementations: {
      ACL: get("NYN#ACLImplementation"),
      ProcessRegistry: get("ProcessRegistry#ProcessRegistryImplementation"),
      Counter: get("Counter#Counter"),
      Marketplace: get("Market#MarketplaceImplementation"),
      JobBoard: get("Market#JobBoardImplementation"),
      GasMeter: get("GasMeter#GasMeterImplementation"),
      NameService: get("NameService#NameServiceImplementation"),
    },
  };
}

/** The vesting wallets in a record (`NYN#VestingWallet_<name>`), by beneficiary slot name. */
function vestingWalletsOf(record: Record<string, string>): Record<string, string> {
  const prefix = `NYN#${vestingWalletId("")}`;
  const wallets: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith(prefix)) wallets[key.slice(prefix.length)] = value;
  }
  return wallets;
}

/** In-process (`hardhat` network) deployments recorded for the loader: that chain lives only in this process. */
const inProcess = new WeakMap<object, { addresses: Record<string, string>; deployBlock: number }>();

/**
 * On the in-process network, make `system` the deployment tasks load (`loadSystem`) again. Test fixtures that run
 * tasks call it after `loadFixture`: a snapshot restores the chain, not this record, which a later deploy in the same
 * process may have replaced.
 */
export function recordInProcess(hre: HardhatRuntimeEnvironment, system: System): void {
  if (hre.network.name !== "hardhat") throw new Error("recordInProcess is for the in-process hardhat network");
  const a = system.addresses;
  const record: Record<string, string> = {
    [FUTURE_IDS.kernel]: a.kernel,
    [FUTURE_IDS.acl]: a.acl,
    [FUTURE_IDS.aclImplementation]: a.implementations.ACL,
    [FUTURE_IDS.forwarder]: a.forwarder,
    [FUTURE_IDS.processRegistry]: a.processRegistry,
    [FUTURE_IDS.processRegistryImplementation]: a.implementations.ProcessRegistry,
    [FUTURE_IDS.nyn]: a.nyn,
    [FUTURE_IDS.gasMeter]: a.gasMeter,
    [FUTURE_IDS.gasMeterImplementation]: a.implementations.GasMeter,
    [FUTURE_IDS.marketplace]: a.marketplace,
    [FUTURE_IDS.marketplaceImplementation]: a.implementations.Marketplace,
    [FUTURE_IDS.jobBoard]: a.jobBoard,
    [FUTURE_IDS.jobBoardImplementation]: a.implementations.JobBoard,
    [FUTURE_IDS.nameService]: a.nameService,
    [FUTURE_IDS.nameServiceImplementation]: a.implementations.NameService,
    [FUTURE_IDS.counter]: a.implementations.Counter,
    [FUTURE_IDS.governor]: a.governor,
    [FUTURE_IDS.timelock]: a.timelock,
  };
  for (const [name, wallet] of Object.entries(a.vestingWallets)) record[`NYN#${vestingWalletId(name)}`] = wallet;
  inProcess.set(hre.network.provider, { addresses: record, deployBlock: system.deployBlock });
}

/** The record of the deployment on `hre`'s network: Ignition's deployed_addresses.json, or the in-process one. */
export async function readRecord(
  hre: HardhatRuntimeEnvironment,
): Promise<{ file: string; addresses: Record<string, string>; deployBlock?: number } | undefined> {
  if (hre.network.name === "hardhat") {
    const r = inProcess.get(hre.network.provider);
    return r && { file: "(in-process)", ...r };
  }
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const file = deploymentPath(hre, deploymentId(chainId));
  if (!fs.existsSync(file)) return undefined;
  return { file, addresses: JSON.parse(fs.readFileSync(file, "utf8")) };
}

/** The block of the deployment's first transaction, from Ignition's journal (for event replays). */
export function firstBlockOf(dir: string): number | undefined {
  const journal = `${dir}/journal.jsonl`;
  if (!fs.existsSync(journal)) return undefined;
  let first: number | undefined;
  for (const line of fs.readFileSync(journal, "utf8").split("\n")) {
    const match = /"blockNumber":(\d+)/.exec(line);
    if (match) first = Math.min(first ?? Infinity, Number(match[1]));
  }
  return first;
}

/**
 * Typed handles on a deployed system, its roles read back from the chain (root = the ROOT holder, guardian = the
 * PAUSE holder, arbiter = the Marketplace's ARBITER holder) and the sample program's id.
 */
export async function connectSystem(
  hre: HardhatRuntimeEnvironment,
  record: Record<string, string>,
  deployBlock: number,
): Promise<System> {
  const [signer] = await hre.ethers.getSigners();
  const a = addressesFromRecord(record);
  const acl = ACL__factory.connect(a.acl, signer);
  const registry = ProcessRegistry__factory.connect(a.processRegistry, signer);
  const only = async (where: string, what: string) => {
    const holders = await acl.permissionHolders(where, what, 0, 2);
    if (holders.length !== 1) throw new Error(`expected one holder of ${what} on ${where}, found ${holders.length}`);
    return holders[0];
  };
  const programs: Record<string, number> = {};
  const count = Number(await registry.programCount());
  for (let id = 1; id <= count; id++) {
    if ((await registry.program(id)).implementation === a.implementations.Counter) programs.Counter = id;
  }
  const roles = {
    deployer: signer.address,
    root: await only(a.kernel, PERMISSION.ROOT),
    guardian: await only(a.kernel, PERMISSION.PAUSE),
    arbiter: await only(a.marketplace, PERMISSION.ARBITER),
  };
  const addresses: SystemAddresses = { ...a, programs };
  return {
    kernel: Kernel__factory.connect(a.kernel, signer),
    acl,
    registry,
    nyn: NYN__factory.connect(a.nyn, signer),
    forwarder: KernelForwarder__factory.connect(a.forwarder, signer),
    marketplace: Marketplace__factory.connect(a.marketplace, signer),
    jobBoard: JobBoard__factory.connect(a.jobBoard, signer),
    governor: NYNGovernor__factory.connect(a.governor, signer),
    timelock: TimelockController__factory.connect(a.timelock, signer),
    gasMeter: GasMeter__factory.connect(a.gasMeter, signer),
    names: NameService__factory.connect(a.nameService, signer),
    programs,
    addresses,
    roles,
    permissions: expectedPermissionTable(addresses, roles, SYSTEM_PERMISSIONS),
    deployBlock,
    gas: {},
    transactions: 0,
  };
}

/**
 * After a deploy: the permission table and the governance roles are exactly what was meant (throws listing every
 * difference), and the deployer holds and manages nothing unless the config made it root, guardian or arbiter.
 */
export async function verifySystem(
  s: System,
  meant: { root: string; guardian: string; arbiter: string },
  deployer: string,
): Promise<void> {
  const expected = expectedPermissionTable(s.addresses, meant, SYSTEM_PERMISSIONS);
  await verifyPermissionTable(s.acl, expected);
  await verifyGovernanceRoles(
    s.timelock,
    s.governor,
    expectedGovernanceRoles(s.addresses, { guardian: meant.guardian }),
    s.deployBlock,
  );
  const d = deployer.toLowerCase();
  if (![meant.root, meant.guardian, meant.arbiter].some((x) => x.toLowerCase() === d)) {
    const residue = expected
      .filter((row) => row.holders.concat(row.manager).some((h) => h.toLowerCase() === d))
      .map((row) => `${row.whereName}.${row.whatName}`);
    for (const row of expected) {
      if (await s.acl.hasPermission(deployer, row.where, row.what)) residue.push(`${row.whereName}.${row.whatName}`);
    }
    if (residue.length > 0) throw new Error(`deploySystem: the deployer still holds ${residue.join(", ")}`);
  }
}

/**
 * Make a journal that an interrupted run left resumable. Ignition (0.15) journals a future's execution state, then —
 * after an await — its transaction request; a run killed in between leaves a state with no network interaction, and
 * the next run stops on an internal invariant ("Unable to find network interaction for … when trying to get pending
 * onchain interaction"). Such a future sent nothing, so its lines are dropped and Ignition starts it again. Nothing
 * else is touched: a future that requested a transaction is Ignition's to resume (it finds it by nonce and hash).
 */
export function repairJournal(dir: string, log?: (line: string) => void): void {
  const file = `${dir}/journal.jsonl`;
  if (!fs.existsSync(file)) return;
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const records = lines.map((l) => JSON.parse(l) as { type: string; futureId?: string });
  const started = new Set<string>();
  const interacted = new Set<string>();
  for (const r of records) {
    if (!r.futureId) continue;
    if (/^(DEPLOYMENT|CALL|SEND_DATA)_EXECUTION_STATE_INITIALIZE$/.test(r.type)) started.add(r.futureId);
    else interacted.add(r.futureId);
  }
  const idle = [...started].filter((f) => !interacted.has(f));
  if (idle.length === 0) return;
  const kept = lines.filter((_, i) => !(records[i].futureId && idle.includes(records[i].futureId!)));
  fs.writeFileSync(file, kept.join("\n") + "\n");
  log?.(`  journal: ${idle.join(", ")} had started but sent nothing when the last run stopped; restarting them`);
}

/** A deploy that would replace a live recorded deployment without `NYN_FORCE=1` (issue 13 S11). */
export class DeploymentExistsError extends Error {
  override name = "DeploymentExistsError";
}

/**
 * Before deploying to a real node, decide what happens to the deployment recorded in `ignition/deployments/<id>/`:
 * - none, or a live one without `fresh`: nothing (Ignition resumes it; on a complete deployment it sends nothing);
 * - stale (its kernel has no code: a local node was restarted) on a local development chain (31337): moved aside to
 *   `<id>.previous/` so Ignition starts over; on any other chain refused (the record does not match the chain);
 * - live, with `fresh` (the demo deploys its own) or `force`: refused unless `force` (`NYN_FORCE=1`), then moved aside
 *   to `<id>.previous/` (replacing an older backup) — a record is never deleted silently.
 * @param hre The Hardhat runtime (its network is the real node).
 * @param id The deployment id (`chain-<id>` or `NYN_DEPLOYMENT_ID`).
 * @param options `fresh`: a new deployment is wanted; `force`: replacing a live one is allowed; `log`: progress lines.
 * @throws DeploymentExistsError when a live deployment would be replaced without `force`.
 */
export async function prepareDeployment(
  hre: HardhatRuntimeEnvironment,
  id: string,
  options: { fresh?: boolean; force?: boolean; log?: (line: string) => void },
): Promise<void> {
  const dir = deploymentDir(hre, id);
  if (!fs.existsSync(dir)) return;
  repairJournal(dir, options.log);
  const file = deploymentPath(hre, id);
  const kernel: string | undefined = fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, "utf8"))["Kernel#Kernel"]
    : undefined;
  const stale = kernel !== undefined && (await hre.ethers.provider.getCode(kernel)) === "0x";
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const backup = `${dir}.previous`;
  const shown = path.relative(process.cwd(), dir) || dir;
  if (stale) {
    if (chainId !== 31337n)
      throw new Error(`the deployment recorded in ${shown} has no kernel on chain ${chainId} (kernel ${kernel})`);
  } else {
    if (!options.fresh && !options.force) return;
    if (!options.force)
      throw new DeploymentExistsError(
        `a deployment is recorded for chain ${chainId} in ${shown}${kernel ? ` (kernel ${kernel}, live on this node)` : ""}; ` +
          `this run deploys a new one and would replace it. Run again with NYN_FORCE=1 to replace it (the record is ` +
          `kept in ${path.relative(process.cwd(), backup) || backup}), or use a fresh node.`,
      );
  }
  fs.rmSync(backup, { recursive: true, force: true });
  fs.renameSync(dir, backup);
  options.log?.(
    `  ${stale ? "stale (the node was restarted)" : "previous"} deployment record ${shown} moved to ${path.relative(process.cwd(), backup) || backup}`,
  );
}

/** {@link deploySystem}: Ignition deploy, connect, verify. */
export async function deployIgnition(
  hre: HardhatRuntimeEnvironment,
  config: SystemConfig,
  options: DeployOptions,
): Promise<System> {
  const log = options.log ?? (() => undefined);
  const provider = hre.ethers.provider;
  const chainId = (await provider.getNetwork()).chainId;
  const [deployer] = await hre.ethers.getSigners();
  const { shape, parameters } = await ignitionInputs(hre, config);
  const id = deploymentId(chainId);
  if (hre.network.name !== "hardhat") await prepareDeployment(hre, id, options);
  const startBlock = await provider.getBlockNumber();
  const started = Date.now();
  const result = await hre.ignition.deploy(systemModule(shape), {
    parameters,
    deploymentId: hre.network.name === "hardhat" ? undefined : id,
    displayUi: options.ui ?? false,
    // Ignition waits for a new block between batches, polling every second by default: local chains mine each
    // transaction at once (a 45-transaction deploy would spend ~20 s asleep in-process).
    config: chainId === 31337n ? { blockPollingInterval: 5 } : {},
  });
  const endBlock = await provider.getBlockNumber();

  // What this run cost: every transaction the deployer sent in its blocks (a resumed run counts only its own).
  const gas: Record<string, bigint> = {};
  let transactions = 0;
  for (let n = startBlock + 1; n <= endBlock; n++) {
    const block = await provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (tx.from.toLowerCase() !== deployer.address.toLowerCase()) continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      transactions++;
      gas[`${String(transactions).padStart(2, "0")} ${tx.to ?? "create " + receipt?.contractAddress}`] =
        receipt!.gasUsed;
    }
  }

  const record: Record<string, string> = {};
  const contracts = result as unknown as Record<string, { getAddress(): Promise<string> }>;
  for (const [key, futureId] of Object.entries(FUTURE_IDS)) record[futureId] = await contracts[key].getAddress();
  for (const [key, contract] of Object.entries(contracts)) {
    if (key.startsWith(vestingWalletId(""))) record[`NYN#${key}`] = await contract.getAddress();
  }
  let deployBlock = startBlock + 1;
  if (hre.network.name === "hardhat") {
    if (options.record) inProcess.set(hre.network.provider, { addresses: record, deployBlock });
  } else {
    deployBlock = firstBlockOf(deploymentDir(hre, id)) ?? deployBlock;
  }
  const system = await connectSystem(hre, record, deployBlock);
  system.gas = gas;
  system.transactions = transactions;
  const meant = {
    root: config.root === "timelock" ? system.addresses.timelock : await resolveAccount(hre, config.root),
    guardian: await resolveAccount(hre, config.guardian),
    arbiter: await resolveAccount(hre, config.arbiter),
  };
  await verifySystem(system, meant, deployer.address);
  log(
    `  ${transactions} transactions, ${Object.values(gas).reduce((x, y) => x + y, 0n)} gas, ${Date.now() - started} ms`,
  );
  return system;
}
