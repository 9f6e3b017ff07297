import { expect } from "chai";
import fs from "fs";
import path from "path";
import hre from "hardhat";
import { MODULE } from "../../lib/ids";
import {
  ACL__factory,
  GasMeter__factory,
  JobBoard__factory,
  Kernel,
  Marketplace__factory,
  NameService__factory,
  ProcessRegistry__factory,
  ProcessRegistryV2__factory,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";
import { systemFixture } from "../fixtures/system";
import { KernelModuleContext, shouldBehaveLikeKernelModule, TestSystem } from "./KernelModule.behavior";

const { ethers } = hre;

/** Every contract that inherits contracts/kernel/KernelModule.sol and that the deploy installs (plus the V2 upgrade). */

async function aclContext(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, alice } = s.accounts;
  const acl = s.acl;
  const build = async () => (await new ACL__factory(deployer).deploy(s.addresses.nyn)).getAddress();
  return {
    s,
    module: acl,
    moduleId: MODULE.ACL,
    version: 1n,
    kernelless: true,
    initialize: (target, runner) => ACL__factory.connect(target, runner).initialize(alice.address),
    initData: acl.interface.encodeFunctionData("initialize", [deployer.address]),
    buildFor: build,
    guardedCall: () => acl.createPermission(alice.address, s.addresses.kernel, ethers.id("BEHAVIOUR"), alice.address),
    mirrorsPause: false,
  };
}

async function registryContext(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, alice } = s.accounts;
  return {
    s,
    module: s.registry,
    moduleId: MODULE.PROCESS_REGISTRY,
    version: 1n,
    initialize: (target, runner) => ProcessRegistry__factory.connect(target, runner).initialize(),
    initData: s.registry.interface.encodeFunctionData("initialize"),
    buildFor: async (k: Kernel) => (await new ProcessRegistry__factory(deployer).deploy(k)).getAddress(),
    guardedCall: () => s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0),
    mirrorsPause: false,
  };
}

async function registryV2Context(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, alice } = s.accounts;
  const impl = await (await new ProcessRegistryV2__factory(deployer).deploy(s.addresses.kernel)).getAddress();
  const migrate = ProcessRegistryV2__factory.createInterface().encodeFunctionData("initializeV2");
  await (await s.kernel.upgradeModule(MODULE.PROCESS_REGISTRY, impl, await codeHashOf(impl), migrate)).wait();
  const v2 = ProcessRegistryV2__factory.connect(s.addresses.processRegistry, deployer);
  return {
    s,
    module: v2,
    moduleId: MODULE.PROCESS_REGISTRY,
    version: 2n,
    // Its initializer is `initializeV2` (reinitializer(2)); `initialize` (version 1) is spent too.
    initialize: (target, runner) => ProcessRegistryV2__factory.connect(target, runner).initializeV2(),
    initData: v2.interface.encodeFunctionData("initialize"),
    buildFor: async (k: Kernel) => (await new ProcessRegistryV2__factory(deployer).deploy(k)).getAddress(),
    guardedCall: () => v2.connect(alice).spawn(s.programs.Counter, "0x", 0),
    mirrorsPause: false,
  };
}

async function gasMeterContext(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, alice } = s.accounts;
  await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).wait();
  await (await s.nyn.connect(alice).approve(s.addresses.gasMeter, ethers.MaxUint256)).wait();
  const [price, epoch] = [await s.gasMeter.price(), (await s.gasMeter.epochInfo()).epochLength];
  return {
    s,
    module: s.gasMeter,
    moduleId: MODULE.GAS_METER,
    version: 1n,
    initialize: (target, runner) => GasMeter__factory.connect(target, runner).initialize(price, epoch),
    initData: s.gasMeter.interface.encodeFunctionData("initialize", [price, epoch]),
    buildFor: async (k: Kernel) => (await new GasMeter__factory(deployer).deploy(k, s.addresses.nyn)).getAddress(),
    guardedCall: () => s.gasMeter.connect(alice).deposit(1, 1n),
    mirrorsPause: false,
  };
}

async function nameServiceContext(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, alice } = s.accounts;
  return {
    s,
    module: s.names,
    moduleId: MODULE.NAME_SERVICE,
    version: 1n,
    initialize: (target, runner) => NameService__factory.connect(target, runner).initialize(deployer.address, "nyn"),
    initData: s.names.interface.encodeFunctionData("initialize", [deployer.address, "nyn"]),
    buildFor: async (k: Kernel) => (await new NameService__factory(deployer).deploy(k, s.addresses.nyn)).getAddress(),
    guardedCall: () => s.names.connect(alice).claim("behaviour"),
    mirrorsPause: false,
  };
}

async function marketplaceContext(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, bob, carol } = s.accounts;
  const market = s.marketplace;
  await (await market.connect(carol).createListing(1n, 10n, "ipfs://behaviour", 86_400n)).wait();
  await (await s.nyn.connect(deployer).transfer(bob.address, 10n)).wait();
  await (await s.nyn.connect(bob).approve(s.addresses.marketplace, ethers.MaxUint256)).wait();
  const listingId = (BigInt(carol.address) << 64n) | 1n;
  return {
    s,
    module: market,
    moduleId: MODULE.MARKETPLACE,
    version: 1n,
    initialize: (target, runner) =>
      Marketplace__factory.connect(target, runner).initialize(s.addresses.nyn, deployer.address, 0),
    initData: market.interface.encodeFunctionData("initialize", [s.addresses.nyn, deployer.address, 0]),
    buildFor: async (k: Kernel) => (await new Marketplace__factory(deployer).deploy(k)).getAddress(),
    guardedCall: () => market.connect(bob).buy(listingId, 1n, 1n),
    mirrorsPause: true,
  };
}

async function jobBoardContext(): Promise<KernelModuleContext> {
  const s: TestSystem = await systemFixture();
  const { deployer, alice } = s.accounts;
  const jobs = s.jobBoard;
  await (await s.nyn.connect(alice).approve(s.addresses.jobBoard, ethers.MaxUint256)).wait();
  return {
    s,
    module: jobs,
    moduleId: MODULE.JOB_BOARD,
    version: 1n,
    initialize: (target, runner) =>
      JobBoard__factory.connect(target, runner).initialize(s.addresses.nyn, deployer.address, 0),
    initData: jobs.interface.encodeFunctionData("initialize", [s.addresses.nyn, deployer.address, 0]),
    buildFor: async (k: Kernel) => (await new JobBoard__factory(deployer).deploy(k)).getAddress(),
    // A deadline far from any block time the test reaches.
    guardedCall: () => jobs.connect(alice).postJob([1n], 4_000_000_000n, "ipfs://behaviour"),
    mirrorsPause: true,
  };
}

/** [contract name, test title, context]. */
const MODULES: [string, string, () => Promise<KernelModuleContext>][] = [
  ["ACL", "ACL", aclContext],
  ["ProcessRegistry", "ProcessRegistry", registryContext],
  ["ProcessRegistryV2", "ProcessRegistryV2 (after the upgrade)", registryV2Context],
  ["GasMeter", "GasMeter", gasMeterContext],
  ["NameService", "NameService", nameServiceContext],
  ["Marketplace", "Marketplace", marketplaceContext],
  ["JobBoard", "JobBoard", jobBoardContext],
];

/** The concrete contracts under contracts/ (test contracts aside) that inherit KernelModule, directly or not. */
function kernelModulesInSources(): string[] {
  const root = path.join(__dirname, "../../contracts");
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "test" ? [] : walk(full);
      return e.name.endsWith(".sol") ? [full] : [];
    });
  const parents = new Map<string, { abstract: boolean; bases: string[] }>();
  for (const file of walk(root)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(abstract\s+)?contract\s+(\w+)\s+is\s+([^{]+)\{/gm)) {
      parents.set(m[2], { abstract: !!m[1], bases: m[3].split(",").map((b) => b.trim().split(/[\s(]/)[0]) });
    }
  }
  const inherits = (name: string): boolean =>
    name === "KernelModule" || (parents.get(name)?.bases ?? []).some((b) => inherits(b));
  return [...parents].filter(([name, c]) => !c.abstract && inherits(name)).map(([name]) => name);
}

describe("Kernel modules: shared behaviour", function () {
  it("runs for every contract that inherits KernelModule", function () {
    expect(kernelModulesInSources().sort()).to.deep.equal(MODULES.map(([name]) => name).sort());
  });

  for (const [, title, context] of MODULES) {
    describe(title, function () {
      shouldBehaveLikeKernelModule(context);
    });
  }
});
