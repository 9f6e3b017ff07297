import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { id, ZeroHash } from "ethers";

/**
 * Governance, part 2: the NYNGovernor over NYN and the timelock, with the guardian as its proposal guardian; then
 * the timelock's roles: PROPOSER, CANCELLER and EXECUTOR to the governor only (`Governor.execute` is already
 * permissionless; one executor is one checkable address), and the deployer renounces the timelock admin: the
 * timelock administers itself, through proposals only.
 *
 * Parameters: `guardian` (module or `$global`), `Governance.votingDelay`,
 * `Governance.votingPeriod` (seconds: NYN and the governor use the timestamp clock), `Governance.proposalThreshold`
 * (NYN-wei of votes), `Governance.quorumPercent`.
 */
export function governanceModule(timelock: IgnitionModule, kernel: IgnitionModule, token: IgnitionModule) {
  return buildModule("Governance", (m) => {
    const t = m.useModule(timelock).timelock as CallableContractFuture<"TimelockController">;
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const { nyn } = m.useModule(token) as Record<string, CallableContractFuture<string>>;
    const guardian = m.getParameter<string>("guardian");
    const governor = m.contract("NYNGovernor", [
      nyn,
      t,
      k.kernel,
      guardian,
      {
        votingDelay: m.getParameter("votingDelay"),
        votingPeriod: m.getParameter("votingPeriod"),
        proposalThreshold: m.getParameter("proposalThreshold"),
        quorumNumerator: m.getParameter("quorumPercent"),
      },
    ]);
    const grants = (["PROPOSER", "CANCELLER", "EXECUTOR"] as const).map((role) =>
      m.call(t, "grantRole", [id(`${role}_ROLE`), governor], { id: `grant${role}` }),
    );
    m.call(t, "renounceRole", [ZeroHash, m.getAccount(0)], { id: "renounceAdmin", after: grants });
    return { governor };
  });
}
