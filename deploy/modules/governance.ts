import type { ContractTransactionResponse, Signer, TransactionReceipt } from "ethers";
import {
  NYNGovernor,
  NYNGovernor__factory,
  TimelockController,
  TimelockController__factory,
} from "../../typechain-types";
import type { INYNGovernor } from "../../typechain-types/contracts/governance/NYNGovernor";
import type { GovernanceConfig } from "../config";

/** The `step` helper of deploySystem: deploy, wait, record gas under `name`. */
export type DeployStep = <
  T extends { deploymentTransaction(): ContractTransactionResponse | null; getAddress(): Promise<string> },
>(
  name: string,
  deploying: Promise<T>,
) => Promise<T>;
/** The `send` helper of deploySystem: send, wait, record gas under `name`. */
export type SendStep = (name: string, tx: Promise<ContractTransactionResponse>) => Promise<TransactionReceipt>;

/** The config's governance parameters as the governor's constructor struct. */
export function governorParams(config: GovernanceConfig): INYNGovernor.ParamsStruct {
  return {
    votingDelay: config.votingDelay,
    votingPeriod: config.votingPeriod,
    proposalThreshold: config.proposalThreshold,
    quorumNumerator: config.quorumPercent,
  };
}

/**
 * Governance, part 1: the OpenZeppelin TimelockController (used as is), deployed first so that `"timelock"` can
 * name the kernel's root and the treasury's NYN allocation. It starts with no proposer and no executor; the
 * deployer is a temporary admin only until {@link deployGovernor} hands the roles to the governor and renounces.
 */
export async function deployTimelock(
  deployer: Signer,
  config: GovernanceConfig,
  step: DeployStep,
): Promise<TimelockController> {
  return step(
    "TimelockController",
    new TimelockController__factory(deployer).deploy(config.timelockDelay, [], [], await deployer.getAddress()),
  );
}

/**
 * Governance, part 2: the NYNGovernor over `nyn` and `timelock`, with `guardian` as its proposal guardian. Then
 * the timelock's roles: PROPOSER and CANCELLER to the governor (its queue and cancel), EXECUTOR to the governor
 * only — not open (address(0)): `Governor.execute` is already permissionless, so an open executor adds no liveness
 * but a second execution path that skips the governor's bookkeeping (ProposalExecuted, the onlyGovernance call
 * queue), and "the last executor" becomes one checkable address the governor refuses to revoke. Finally the
 * deployer renounces the timelock admin: the timelock administers itself, through proposals only.
 */
export async function deployGovernor(args: {
  deployer: Signer;
  timelock: TimelockController;
  nyn: string;
  kernel: string;
  guardian: string;
  config: GovernanceConfig;
  step: DeployStep;
  send: SendStep;
}): Promise<NYNGovernor> {
  const { deployer, timelock, step, send } = args;
  const governor = await step(
    "NYNGovernor",
    new NYNGovernor__factory(deployer).deploy(
      args.nyn,
      await timelock.getAddress(),
      args.kernel,
      args.guardian,
      governorParams(args.config),
    ),
  );
  const g = await governor.getAddress();
  const tl = timelock.connect(deployer);
  await send("timelock PROPOSER to governor", tl.grantRole(await timelock.PROPOSER_ROLE(), g));
  await send("timelock CANCELLER to governor", tl.grantRole(await timelock.CANCELLER_ROLE(), g));
  await send("timelock EXECUTOR to governor", tl.grantRole(await timelock.EXECUTOR_ROLE(), g));
  await send(
    "timelock admin renounced",
    tl.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), await deployer.getAddress()),
  );
  return governor;
}
