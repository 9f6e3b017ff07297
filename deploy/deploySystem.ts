import fs from "fs";
import path from "path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer, ContractTransactionResponse } from "ethers";
import {
  ACL,
  ACL__factory,
  Counter__factory,
  GasMeter,
  Kernel,
  Kernel__factory,
  KernelForwarder,
  KernelForwarder__factory,
  NYN,
  NYN__factory,
  NYNGovernor,
  ProcessRegistry,
  ProcessRegistry__factory,
  TimelockController,
} from "../typechain-types";
import { configFor, NAMED_ACCOUNTS, SystemConfig } from "./config";
import { MODULE, PERMISSION } from "./ids";
import {
  expectedGovernanceRoles,
  expectedPermissionTable,
  PermissionRow,
  verifyGovernanceRoles,
  verifyPermissionTable,
} from "./permissions";
import { deployGovernor, deployTimelock } from "./modules/governance";
import { deployMarket } from "./modules/market";
import type { JobBoard, Marketplace } from "../typechain-types";
import { deployGasMeter, gasMeterHandoff } from "./modules/gasMeter";
import { codeHashOfContract } from "../lib/codeHash";

/** Addresses of a deployed system, as recorded in `deployments/<network>.json`. */
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
  /** Program ids by name (`Counter` is the sample program). */
  programs: Record<string, number>;
  addresses: SystemAddresses;
  /** Resolved addresses of the config's accounts. */
  roles: { deployer: string; root: string; guardian: string; arbiter: string };
  /** The permission table `deploySystem` left (and verified). */
  permissions: PermissionRow[];
  deployBlock: number;
  /** Gas used by every deploy transaction, by step name. */
  gas: Record<string, bigint>;
}

/** Options of {@link deploySystem}. */
export interface DeployOptions {
  /** Write `deployments/<network>.json` (default: true except on the in-process `hardhat` network in tests). */
  record?: boolean;
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
 * Deploy the whole NYN OS — written once, used by `scripts/deploy.ts`, the demo, the test fixtures and the tasks.
 *
 * Order: forwarder → ACL implementation → Kernel (installs the ACL with the deployer as temporary root) →
 * ProcessRegistry module → NYN token → permissions → sample program → hand root to `config.root` → verify the
 * permission table (throws if it differs from {@link expectedPermissionTable}) → record the deployment.
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
  const log = options.log ?? (() => undefined);
  const [deployer] = await hre.ethers.getSigners();
  const deployerAddress = await deployer.getAddress();
  const guardian = await resolveAccount(hre, config.guardian);
  const arbiter = await resolveAccount(hre, config.arbiter);
  const gas: Record<string, bigint> = {};
  const startBlock = await hre.ethers.provider.getBlockNumber();

  async function step<
    T extends { deploymentTransaction(): ContractTransactionResponse | null; getAddress(): Promise<string> },
  >(name: string, deploying: Promise<T>): Promise<T> {
    const contract = await deploying;
    const receipt = await contract.deploymentTransaction()!.wait();
    gas[name] = receipt!.gasUsed;
    log(`  ${name.padEnd(28)} ${receipt!.contractAddress}  gas ${receipt!.gasUsed}`);
    return contract;
  }
  async function send(name: string, tx: Promise<ContractTransactionResponse>) {
    const receipt = await (await tx).wait();
    gas[name] = receipt!.gasUsed;
    log(`  ${name.padEnd(28)} tx ${receipt!.hash.slice(0, 12)}…  gas ${receipt!.gasUsed}`);
    return receipt!;
  }

  const d = deployer as Signer;
  // Governance, part 1: the timelock first, so that "timelock" can name the root and the treasury's allocation.
  const timelock = await deployTimelock(d, config.governance, step);
  const named = { timelock: await timelock.getAddress() };
  const root = await resolveAccount(hre, config.root, named);
  const forwarder = await step("KernelForwarder", new KernelForwarder__factory(d).deploy());
  const aclImpl = await step("ACL (implementation)", new ACL__factory(d).deploy());
  const kernel = await step(
    "Kernel (+ ACL proxy)",
    new Kernel__factory(d).deploy(deployerAddress, await aclImpl.getAddress(), await forwarder.getAddress()),
  );
  const kernelAddress = await kernel.getAddress();
  const acl = ACL__factory.connect(await kernel.acl(), d);

  const registryImpl = await step("ProcessRegistry (impl)", new ProcessRegistry__factory(d).deploy(kernelAddress));
  await send(
    "install ProcessRegistry",
    kernel.installModule(
      MODULE.PROCESS_REGISTRY,
      await registryImpl.getAddress(),
      await codeHashOfContract(registryImpl),
      ProcessRegistry__factory.createInterface().encodeFunctionData("initialize"),
    ),
  );
  const registry = ProcessRegistry__factory.connect(await kernel.moduleAddress(MODULE.PROCESS_REGISTRY), d);
  const registryAddress = await registry.getAddress();

  const holders = await Promise.all(config.allocations.map((a) => resolveAccount(hre, a.holder, named)));
  const nyn = await step(
    "NYN",
    new NYN__factory(d).deploy(
      await acl.getAddress(),
      holders,
      config.allocations.map((a) => a.amount),
    ),
  );
  const nynAddress = await nyn.getAddress();

  // The gas meter (before any program: programs read its address at construction).
  const meter = await deployGasMeter(d, kernel, acl, nynAddress, { step, send });

  // Permissions, created with the deployer as holder and manager; handed to `root` below.
  await send(
    "create REGISTER_PROGRAM",
    acl.createPermission(deployerAddress, registryAddress, PERMISSION.REGISTER_PROGRAM, deployerAddress),
  );
  await send(
    "create PROCESS_ADMIN",
    acl.createPermission(deployerAddress, registryAddress, PERMISSION.PROCESS_ADMIN, deployerAddress),
  );
  await send("create MINT", acl.createPermission(deployerAddress, nynAddress, PERMISSION.MINT, deployerAddress));
  await send(
    "create PAUSE (guardian)",
    acl.createPermission(guardian, kernelAddress, PERMISSION.PAUSE, deployerAddress),
  );
  // Minting and process administration must never go to ANY_ENTITY or expire: make them root-level.
  await send("protect MINT", acl.protectPermission(nynAddress, PERMISSION.MINT));
  await send("protect PROCESS_ADMIN", acl.protectPermission(registryAddress, PERMISSION.PROCESS_ADMIN));

  // The market modules (Marketplace, JobBoard), paying in NYN, fees to the root; their permissions.
  const market = await deployMarket({
    signer: d,
    kernel,
    acl,
    nyn: nynAddress,
    treasury: root,
    arbiter,
    deployer: deployerAddress,
    step,
    send,
  });

  // The sample program.
  const counterImpl = await step("Counter (program)", new Counter__factory(d).deploy(kernelAddress));
  await send(
    "register Counter",
    registry.registerProgram(await counterImpl.getAddress(), "Counter", "1.0.0", "ipfs://nyn-os/programs/counter"),
  );
  const programs = { Counter: Number(await registry.programCount()) };

  // Hand every permission the deployer holds or manages to the final root.
  if (root !== deployerAddress) {
    const handed: [string, string, boolean][] = [
      [kernelAddress, PERMISSION.ROOT, true],
      [registryAddress, PERMISSION.REGISTER_PROGRAM, true],
      [registryAddress, PERMISSION.PROCESS_ADMIN, true],
      [nynAddress, PERMISSION.MINT, true],
      [kernelAddress, PERMISSION.PAUSE, false],
      ...market.handed,
      ...gasMeterHandoff(meter.address),
    ];
    const NEVER = (1n << 64n) - 1n;
    for (const [where, what, deployerHolds] of handed) {
      if (deployerHolds) {
        await send(`grant ${what.slice(0, 8)} to root`, acl.grantPermission(root, where, what, NEVER));
        await send(`revoke ${what.slice(0, 8)} from deployer`, acl.revokePermission(deployerAddress, where, what));
      }
      await send(`manager ${what.slice(0, 8)} to root`, acl.setPermissionManager(root, where, what));
    }
  }

  // Governance, part 2: the governor gets the timelock's roles; the deployer renounces the timelock admin.
  const governor = await deployGovernor({
    deployer: d,
    timelock,
    nyn: nynAddress,
    kernel: kernelAddress,
    guardian,
    config: config.governance,
    step,
    send,
  });

  const addresses: SystemAddresses = {
    kernel: kernelAddress,
    acl: await acl.getAddress(),
    processRegistry: registryAddress,
    nyn: nynAddress,
    forwarder: await forwarder.getAddress(),
    ...market.addresses,
    governor: await governor.getAddress(),
    timelock: named.timelock,
    gasMeter: meter.address,
    implementations: {
      ACL: await aclImpl.getAddress(),
      ProcessRegistry: await registryImpl.getAddress(),
      Counter: await counterImpl.getAddress(),
      ...market.implementations,
      GasMeter: meter.implementation,
    },
    programs,
  };

  const expected = expectedPermissionTable(addresses, { root, guardian, arbiter });
  await verifyPermissionTable(acl, expected);
  await verifyGovernanceRoles(timelock, governor, expectedGovernanceRoles(addresses, { guardian }), startBlock + 1);

  const deployBlock = startBlock + 1;
  const system: System = {
    kernel,
    acl,
    registry,
    nyn,
    forwarder,
    marketplace: market.marketplace,
    jobBoard: market.jobBoard,
    governor,
    timelock,
    gasMeter: meter.gasMeter,
    programs,
    addresses,
    roles: { deployer: deployerAddress, root, guardian, arbiter },
    permissions: expected,
    deployBlock,
    gas,
  };
  if (options.record ?? true) recordDeployment(hre, system, config);
  return system;
}

/** The file a network's deployment is recorded in. */
export function deploymentPath(hre: HardhatRuntimeEnvironment): string {
  return path.join(hre.config.paths.root, "deployments", `${hre.network.name}.json`);
}

/**
 * Write `system` to {@link deploymentPath} (where tasks load it). Test fixtures that run tasks call it again after
 * `loadFixture`: a snapshot restores the chain, not this file, which another fixture may have overwritten.
 */
export function recordDeployment(hre: HardhatRuntimeEnvironment, system: System, config: SystemConfig): void {
  const file = deploymentPath(hre);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const json = {
    network: hre.network.name,
    chainId: Number(hre.network.config.chainId ?? 0),
    deployBlock: system.deployBlock,
    deployedAt: new Date().toISOString(),
    addresses: system.addresses,
    roles: system.roles,
    config: {
      ...config,
      allocations: config.allocations.map((a) => ({ holder: a.holder, amount: a.amount.toString() })),
      governance: { ...config.governance, proposalThreshold: config.governance.proposalThreshold.toString() },
    },
  };
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
}
