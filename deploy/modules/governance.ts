import type { INYNGovernor } from "../../typechain-types/contracts/governance/NYNGovernor";
import type { GovernanceConfig } from "../config";

/** The config's governance parameters as the governor's constructor struct. */
export function governorParams(config: GovernanceConfig): INYNGovernor.ParamsStruct {
  return {
    votingDelay: config.votingDelay,
    votingPeriod: config.votingPeriod,
    proposalThreshold: config.proposalThreshold,
    quorumNumerator: config.quorumPercent,
  };
}
