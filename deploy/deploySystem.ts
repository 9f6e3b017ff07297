import path from "path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  ACL,
  GasMeter,
  JobBoard,
  Kernel,
  KernelForwarder,
  Marketplace,
  NameService,
  NYN,
  NYNGovernor,
  ProcessRegistry,
  TimelockController,
} from "../typechain-types";
import { configFor, NAMED_ACCOUNTS, SystemConfig } from "./config";
import type { PermissionRow } from "./permissions";

/** Addresses of a deployed system, as recorded by Ignition (`ignition/deployments/<id>/deployed_addresses.json`). */
export interface SystemAddresses {
  kernel: string;
  acl: string;
  processRegistry: string;
  nyn: string;
  forwarder: string;
  marketplace: string;
  jobBoard: string;
  governor: string;
  timelock: string;
  gasMeter: string;
  /** The NYN vesting wallets (`NYNVestingWallet`), by the beneficiary's slot name in the deploy config. */
  vestingWallets: Record<string, string>;
  /** The name service (ENS-style names: `alice.nyn`, `counter.alice.nyn`). */
  nameService: string;
  implementations: Record<string, string>;
  programs: Record<string, number>;
}

/** A deployed NYN OS, with typed contract handles. */
export interface System {
  kernel: Kernel;
  acl: ACL;
  registry: ProcessRegistry;
  nyn: NYN;
  forwarder: KernelForwarder;
  marketplace: Marketplace;
  jobBoard: JobBoard;
  governor: NYNGovernor;
  /** The kernel's root (with config.root "timelock") and the NYN treasury. */
  timelock: TimelockController;
  gasMeter: GasMeter;
  /** The name service (module `NAME_SERVICE`). */
  names: NameService;
  /** Program ids by name (`Counter` is the sample program). */
  programs: Record<string, number>;
  addresses: SystemAddresses;
  /** Resolved addresses of the config's accounts. */
  roles: { deployer: string; root: string; guardian: string; arbiter: string };
  /** The permission table `deploySystem` left (and verified). */
  permissions: PermissionRow[];
  deployBlock: number;
  /** Gas used by every transaction this deploy run sent, by order and target. */
  gas: Record<string, bigint>;
  /** How many transactions this deploy run sent (0 when loaded; a resumed run counts only its own). */
  transactions: number;
}

/** Options of {@link deploySystem}. */
export interface DeployOptions {
  /**
   * On the in-process `hardhat` network, keep the deployment for `loadSystem` (tasks run in the same process). Other
   * networks are always recorded, by Ignition, in `ignition/deployments/<id>/`.
   */
  record?: boolean;
  /** On a local development chain (31337), discard a previous recorded deployment and deploy anew (the demo). */
  fresh?: boolean;
  /** Allow `fresh` to replace a live recorded deployment (it is kept in `<id>.previous/`); `NYN_FORCE=1` in scripts. */
  force?: boolean;
  /** Show Ignition's progress display. */
  ui?: boolean;
  /** Print each step (default false). */
  log?: (line: string) => void;
}

/**
 * Resolve a named account (`"alice"`), a deployed contract's keyword (`known`, e.g. `{ timelock: "0x…" }`) or a
 * literal address against the network's signers.
 */
export async function resolveAccount(
  hre: HardhatRuntimeEnvironment,
  nameOrAddress: string,
  known: Record<string, string> = {},
): Promise<string> {
  if (hre.ethers.isAddress(nameOrAddress)) return hre.ethers.getAddress(nameOrAddress);
  if (known[nameOrAddress]) return known[nameOrAddress];
  const index = NAMED_ACCOUNTS.indexOf(nameOrAddress as (typeof NAMED_ACCOUNTS)[number]);
  if (index < 0) throw new Error(`unknown account name "${nameOrAddress}" (known: ${NAMED_ACCOUNTS.join(", ")})`);
  const signers = await hre.ethers.getSigners();
  if (index >= signers.length) throw new Error(`network ${hre.network.name} has no signer for "${nameOrAddress}"`);
  return signers[index].address;
}

/**
 * Deploy the whole NYN OS with Hardhat Ignition (`ignition/modules/System.ts`, one module per kernel part) — the deploy
 * logic exists once, there; this is the typed wrapper scripts, the demo, the test fixtures and the bench call. It
 * turns `config` into the module's shape and parameters, deploys (on a real network: resumably, recorded by Ignition
 * in `ignition/deployments/chain-<id>/`), then connects to what was deployed and checks it ({@link connectSystem}:
 * the permission table, the governance roles, nothing left to the deployer).
 *
 * @param hre The Hardhat runtime (any network).
 * @param config The network's deploy config (default: {@link configFor} the network).
 * @param options Recording and logging.
 */
export async function deploySystem(
  hre: HardhatRuntimeEnvironment,
  config: SystemConfig = configFor(hre.network.name),
  options: DeployOptions = {},
): Promise<System> {
  const { deployIgnition } = await import("./ignition");
  return deployIgnition(hre, config, options);
}

/** The directory Ignition records a chain's deployment in (`ignition/deployments/chain-<id>`). */
export function deploymentDir(hre: HardhatRuntimeEnvironment, deploymentId: string): string {
  return path.join(hre.config.paths.ignition, "deployments", deploymentId);
}

/** The file a chain's deployment addresses are recorded in by Ignition. */
export function deploymentPath(hre: HardhatRuntimeEnvironment, deploymentId: string): string {
  return path.join(deploymentDir(hre, deploymentId), "deployed_addresses.json");
}
