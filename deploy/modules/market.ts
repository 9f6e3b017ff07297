import type { ContractTransactionResponse, Signer, TransactionReceipt } from "ethers";
import { ACL, JobBoard, JobBoard__factory, Kernel, Marketplace, Marketplace__factory } from "../../typechain-types";
import { MODULE, PERMISSION } from "../ids";
import type { PermissionRow } from "../permissions";
import { codeHashOfContract } from "../../lib/codeHash";

/** The fee both market modules start with: 250 basis points (2.5 %); governance may set 0–1,000 (10 %). */
export const DEFAULT_MARKET_FEE_BPS = 250n;

/** Addresses of the market modules (proxies) and their implementations. */
export interface MarketAddresses {
  marketplace: string;
  jobBoard: string;
}

/** What {@link deployMarket} needs from `deploySystem`. */
export interface MarketDeployDeps {
  signer: Signer;
  kernel: Kernel;
  acl: ACL;
  /** The payment token (NYN). */
  nyn: string;
  /** Where fees are collected: the kernel root (the timelock once governance is deployed). */
  treasury: string;
  /** The account that holds ARBITER_PERMISSION on both modules. */
  arbiter: string;
  /** The deployer (temporary holder and manager of MARKET_ADMIN, handed to root by `deploySystem`). */
  deployer: string;
  feeBps?: bigint;
  /** `deploySystem`'s logged, gas-recorded deployment step. */
  step<T extends { deploymentTransaction(): ContractTransactionResponse | null; getAddress(): Promise<string> }>(
    name: string,
    deploying: Promise<T>,
  ): Promise<T>;
  /** `deploySystem`'s logged, gas-recorded transaction step. */
  send(name: string, tx: Promise<ContractTransactionResponse>): Promise<TransactionReceipt>;
}

/** The deployed market modules. */
export interface MarketDeployment {
  marketplace: Marketplace;
  jobBoard: JobBoard;
  addresses: MarketAddresses;
  implementations: { Marketplace: string; JobBoard: string };
  /** Permissions to hand to root: [where, what, deployer holds it]. */
  handed: [string, string, boolean][];
}

/**
 * Install the Marketplace and JobBoard modules (UUPS proxies deployed by the kernel, paying in NYN, fees to
 * `treasury`), create MARKET_ADMIN_PERMISSION on each (deployer as holder and manager, handed to root later) and
 * ARBITER_PERMISSION on each (held by `arbiter`, managed by the deployer until handed to root), then check the
 * modules' wiring.
 */
export async function deployMarket(deps: MarketDeployDeps): Promise<MarketDeployment> {
  const { signer, kernel, acl, nyn, treasury, arbiter, deployer, step, send } = deps;
  const feeBps = deps.feeBps ?? DEFAULT_MARKET_FEE_BPS;
  const kernelAddress = await kernel.getAddress(); // implementations are built for their kernel

  const marketImpl = await step("Marketplace (impl)", new Marketplace__factory(signer).deploy(kernelAddress));
  await send(
    "install Marketplace",
    kernel.installModule(
      MODULE.MARKETPLACE,
      await marketImpl.getAddress(),
      await codeHashOfContract(marketImpl),
      Marketplace__factory.createInterface().encodeFunctionData("initialize", [nyn, treasury, feeBps]),
    ),
  );
  const jobImpl = await step("JobBoard (impl)", new JobBoard__factory(signer).deploy(kernelAddress));
  await send(
    "install JobBoard",
    kernel.installModule(
      MODULE.JOB_BOARD,
      await jobImpl.getAddress(),
      await codeHashOfContract(jobImpl),
      JobBoard__factory.createInterface().encodeFunctionData("initialize", [nyn, treasury, feeBps]),
    ),
  );
  const marketplace = Marketplace__factory.connect(await kernel.moduleAddress(MODULE.MARKETPLACE), signer);
  const jobBoard = JobBoard__factory.connect(await kernel.moduleAddress(MODULE.JOB_BOARD), signer);
  const addresses: MarketAddresses = {
    marketplace: await marketplace.getAddress(),
    jobBoard: await jobBoard.getAddress(),
  };

  const handed: [string, string, boolean][] = [];
  for (const [name, where] of [
    ["Marketplace", addresses.marketplace],
    ["JobBoard", addresses.jobBoard],
  ] as const) {
    await send(
      `create MARKET_ADMIN (${name})`,
      acl.createPermission(deployer, where, PERMISSION.MARKET_ADMIN, deployer),
    );
    await send(`create ARBITER (${name})`, acl.createPermission(arbiter, where, PERMISSION.ARBITER, deployer));
    // Fee/treasury control and arbitration move money: never to ANY_ENTITY, never expiring.
    await send(`protect MARKET_ADMIN (${name})`, acl.protectPermission(where, PERMISSION.MARKET_ADMIN));
    await send(`protect ARBITER (${name})`, acl.protectPermission(where, PERMISSION.ARBITER));
    handed.push([where, PERMISSION.MARKET_ADMIN, true], [where, PERMISSION.ARBITER, false]);
  }

  for (const [name, module] of [
    ["Marketplace", marketplace],
    ["JobBoard", jobBoard],
  ] as const) {
    const [token, tr, fee] = await Promise.all([module.token(), module.treasury(), module.feeBps()]);
    if (token !== nyn || tr !== treasury || fee !== feeBps) {
      throw new Error(`deployMarket: ${name} is wired to token ${token}, treasury ${tr}, fee ${fee}`);
    }
  }

  return {
    marketplace,
    jobBoard,
    addresses,
    implementations: { Marketplace: await marketImpl.getAddress(), JobBoard: await jobImpl.getAddress() },
    handed,
  };
}

/** The rows the market adds to the expected permission table. */
export function marketPermissionRows(a: MarketAddresses, who: { root: string; arbiter: string }): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (const [whereName, where] of [
    ["Marketplace", a.marketplace],
    ["JobBoard", a.jobBoard],
  ] as const) {
    rows.push(
      {
        whereName,
        where,
        whatName: "MARKET_ADMIN",
        what: PERMISSION.MARKET_ADMIN,
        holders: [who.root],
        manager: who.root,
      },
      { whereName, where, whatName: "ARBITER", what: PERMISSION.ARBITER, holders: [who.arbiter], manager: who.root },
    );
  }
  return rows;
}

/** Typed handles on recorded market modules. */
export function connectMarket(a: MarketAddresses, signer: Signer): { marketplace: Marketplace; jobBoard: JobBoard } {
  return {
    marketplace: Marketplace__factory.connect(a.marketplace, signer),
    jobBoard: JobBoard__factory.connect(a.jobBoard, signer),
  };
}
