import type { ContractTransactionReceipt, ContractTransactionResponse, Signer } from "ethers";
import { ACL, GasMeter, GasMeter__factory, Kernel } from "../../typechain-types";
import { MODULE, PERMISSION } from "../ids";
import type { PermissionRow } from "../permissions";
import { codeHashOfContract } from "../../lib/codeHash";

/** The meter's parameters at deployment (governance changes them later, within the contract's bounds). */
export interface GasMeterParams {
  /** NYN-wei per gas unit (1e9 = 1 gwei of NYN per gas: a 70,000-gas call costs 0.00007 NYN). */
  price: bigint;
  /** Epoch length in seconds (quotas reset when the epoch number changes). */
  epochLength: number;
}

/** Default meter parameters for every network. */
export const GAS_METER_DEFAULTS: GasMeterParams = { price: 1_000_000_000n, epochLength: 86_400 };

/** The deployer's helpers from `deploySystem` (each records the gas of its step). */
interface Steps {
  step<T extends { deploymentTransaction(): ContractTransactionResponse | null; getAddress(): Promise<string> }>(
    name: string,
    deploying: Promise<T>,
  ): Promise<T>;
  send(name: string, tx: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt>;
}

/** What {@link deployGasMeter} leaves. */
export interface GasMeterDeployment {
  gasMeter: GasMeter;
  address: string;
  implementation: string;
}

/**
 * Deploy the GasMeter implementation (bound to `kernel`'s registry and forwarder, budgets in `nyn`), install it
 * under `KernelIds.GAS_METER`, and create its governance permissions with the deployer as holder and manager
 * (`deploySystem` hands them to root with {@link gasMeterHandoff}). Must run after the process registry is installed
 * and before programs are deployed (programs read the meter's address into an immutable).
 */
export async function deployGasMeter(
  deployer: Signer,
  kernel: Kernel,
  acl: ACL,
  nyn: string,
  steps: Steps,
  params: GasMeterParams = GAS_METER_DEFAULTS,
): Promise<GasMeterDeployment> {
  const deployerAddress = await deployer.getAddress();
  const impl = await steps.step(
    "GasMeter (impl)",
    new GasMeter__factory(deployer).deploy(await kernel.getAddress(), nyn),
  );
  const initData = GasMeter__factory.createInterface().encodeFunctionData("initialize", [
    params.price,
    params.epochLength,
  ]);
  await steps.send(
    "install GasMeter",
    kernel.installModule(MODULE.GAS_METER, await impl.getAddress(), await codeHashOfContract(impl), initData),
  );
  const address = await kernel.moduleAddress(MODULE.GAS_METER);
  await steps.send(
    "create SET_METER_PARAMS",
    acl.createPermission(deployerAddress, address, PERMISSION.SET_METER_PARAMS, deployerAddress),
  );
  await steps.send(
    "create COLLECT_METER_FEES",
    acl.createPermission(deployerAddress, address, PERMISSION.COLLECT_METER_FEES, deployerAddress),
  );
  // Pricing and fee collection move money: never to ANY_ENTITY, never expiring.
  await steps.send("protect SET_METER_PARAMS", acl.protectPermission(address, PERMISSION.SET_METER_PARAMS));
  await steps.send("protect COLLECT_METER_FEES", acl.protectPermission(address, PERMISSION.COLLECT_METER_FEES));
  return { gasMeter: GasMeter__factory.connect(address, deployer), address, implementation: await impl.getAddress() };
}

/** The meter's permissions for `deploySystem`'s hand-over to root: [where, what, deployerHolds]. */
export function gasMeterHandoff(gasMeter: string): [string, string, boolean][] {
  return [
    [gasMeter, PERMISSION.SET_METER_PARAMS, true],
    [gasMeter, PERMISSION.COLLECT_METER_FEES, true],
  ];
}

/** The meter's rows of the expected permission table: both powers with root, managed by root. */
export function gasMeterPermissionRows(gasMeter: string, who: { root: string }): PermissionRow[] {
  return [
    {
      whereName: "GasMeter",
      where: gasMeter,
      whatName: "SET_METER_PARAMS",
      what: PERMISSION.SET_METER_PARAMS,
      holders: [who.root],
      manager: who.root,
    },
    {
      whereName: "GasMeter",
      where: gasMeter,
      whatName: "COLLECT_METER_FEES",
      what: PERMISSION.COLLECT_METER_FEES,
      holders: [who.root],
      manager: who.root,
    },
  ];
}
