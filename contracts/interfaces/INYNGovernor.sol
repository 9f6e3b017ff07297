// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INYNGovernor
/// @notice What the NYN OS governor adds to OpenZeppelin's `IGovernor`: bounded governance parameters, a propose-time
/// guard that refuses any proposal that would take governance's own powers away (the governor's timelock roles, the
/// timelock's self-administration, the timelock's kernel root), and an execution-end check that no executed proposal
/// took them away by any path, so no vote can brick the DAO.
interface INYNGovernor {
    /// @notice The governor's starting parameters (all durations in seconds: the clock is ERC-6372 `mode=timestamp`).
    struct Params {
        uint48 votingDelay; // seconds between propose and the vote snapshot/start
        uint32 votingPeriod; // seconds the vote stays open (before any late-quorum extension)
        uint256 proposalThreshold; // NYN-wei of votes needed to propose
        uint256 quorumNumerator; // percent of the total NYN supply at the snapshot that must vote for or abstain
    }

    /// @notice Action `index` of a proposal calls `selector` on `target` in a way that would remove governance's
    /// own powers (the governor's proposer/canceller/executor role, the timelock's self-administration or kernel
    /// root, the timelock binding), add an outside timelock admin, or that is malformed. Proposing it is refused.
    /// @param index The action's index in the proposal (0-based).
    /// @param target The contract the action calls.
    /// @param selector The function selector it calls (zero-padded if the calldata is shorter than 4 bytes).
    error NYNGovernorProtectedAction(uint256 index, address target, bytes4 selector);
    /// @notice The voting delay `votingDelay` (seconds) is above `max`.
    /// @param votingDelay The voting delay refused (seconds).
    /// @param max `MAX_VOTING_DELAY` (seconds).
    error NYNGovernorVotingDelayTooLong(uint256 votingDelay, uint256 max);
    /// @notice The voting period `votingPeriod` (seconds) is below `min`: a vote that short may close before any
    /// voter's transaction is mined.
    /// @param votingPeriod The voting period refused (seconds).
    /// @param min `MIN_VOTING_PERIOD`.
    error NYNGovernorVotingPeriodTooShort(uint256 votingPeriod, uint256 min);
    /// @notice The voting period `votingPeriod` (seconds) is above `max`.
    /// @param votingPeriod The voting period refused (seconds).
    /// @param max `MAX_VOTING_PERIOD` (seconds).
    error NYNGovernorVotingPeriodTooLong(uint256 votingPeriod, uint256 max);
    /// @notice The proposal threshold `threshold` (NYN-wei) is above `max`, `MAX_PROPOSAL_THRESHOLD_PERCENT` of the
    /// NYN supply.
    /// @param threshold The proposal threshold refused (NYN-wei).
    /// @param max `maxProposalThreshold()` when checked (NYN-wei).
    error NYNGovernorProposalThresholdTooHigh(uint256 threshold, uint256 max);
    /// @notice The quorum numerator `numerator` (percent) is below `min`.
    /// @param numerator The quorum numerator refused (percent).
    /// @param min `MIN_QUORUM_NUMERATOR`.
    error NYNGovernorQuorumTooLow(uint256 numerator, uint256 min);
    /// @notice The quorum numerator `numerator` (percent) is above `max`: the NYN that never votes (treasury, meter,
    /// escrows) would make the quorum unreachable.
    /// @param numerator The quorum numerator refused (percent).
    /// @param max `MAX_QUORUM_NUMERATOR`.
    error NYNGovernorQuorumTooHigh(uint256 numerator, uint256 max);
    /// @notice An executed proposal would leave `who` without `what` on `where` — the governor without a timelock
    /// role (PROPOSER, EXECUTOR or CANCELLER), or the timelock without the kernel's ROOT permission. The whole
    /// execution reverts.
    /// @param who The holder that would lose the power: this governor (a timelock role) or the timelock (root).
    /// @param where The timelock (for a role) or the kernel (for ROOT_PERMISSION).
    /// @param what The TimelockController role id or `ROOT_PERMISSION`.
    error NYNGovernorPowerLost(address who, address where, bytes32 what);
    /// @notice A proposal would set the timelock's delay to `delay` seconds, above `max`.
    /// @param delay The timelock delay refused (seconds).
    /// @param max `MAX_TIMELOCK_DELAY` (seconds).
    error NYNGovernorTimelockDelayTooLong(uint256 delay, uint256 max);
    /// @notice The governor's timelock is fixed: it is the kernel's root and holds the treasury.
    error NYNGovernorTimelockFixed();
    /// @notice The voting token's ERC-6372 clock is `mode`, not `mode=timestamp`.
    /// @param mode The token's `CLOCK_MODE()` string.
    error NYNGovernorUnsupportedClock(string mode);
    /// @notice A zero address was given for `what`.
    /// @param what The name of the argument that was the zero address.
    error NYNGovernorZeroAddress(string what);

    /// @notice The longest voting delay a proposal may set: 30 days (seconds).
    /// @return The cap, in seconds (30 days).
    function MAX_VOTING_DELAY() external view returns (uint256);

    /// @notice The shortest voting period a proposal may set: 60 seconds (five 12-second L1 slots).
    /// @return The floor, in seconds (60).
    function MIN_VOTING_PERIOD() external view returns (uint256);

    /// @notice The longest voting period a proposal may set: 60 days (seconds).
    /// @return The cap, in seconds (60 days).
    function MAX_VOTING_PERIOD() external view returns (uint256);

    /// @notice The highest proposal threshold, in percent of the NYN supply: 1 (a tenth of the ~10 % of the supply
    /// that votes at launch).
    /// @return The cap, in percent of the NYN supply (1).
    function MAX_PROPOSAL_THRESHOLD_PERCENT() external view returns (uint256);

    /// @notice The lowest quorum a proposal may set: 1 (percent of the total supply at the snapshot).
    /// @return The floor, in percent of the total supply (1).
    function MIN_QUORUM_NUMERATOR() external view returns (uint256);

    /// @notice The highest quorum a proposal may set: 5 (percent of the total supply at the snapshot), half the
    /// ~10 % of the supply that votes at launch (the treasury's, the meter's and the escrows' NYN never votes).
    /// @return The cap, in percent of the total supply (5).
    function MAX_QUORUM_NUMERATOR() external view returns (uint256);

    /// @notice The highest proposal threshold a proposal may set now (NYN-wei): `MAX_PROPOSAL_THRESHOLD_PERCENT` of
    /// the NYN supply one second ago.
    /// @return The cap, in NYN-wei (18 decimals).
    function maxProposalThreshold() external view returns (uint256);

    /// @notice The longest timelock delay a proposal may set: 30 days (seconds).
    /// @return The cap, in seconds (30 days).
    function MAX_TIMELOCK_DELAY() external view returns (uint256);

    /// @notice The kernel whose root the timelock is.
    /// @return The kernel's address.
    function kernel() external view returns (address);

    /// @notice The kernel's ACL (where the timelock's root is recorded).
    /// @return The ACL module's address.
    function acl() external view returns (address);

    /// @notice Check proposal actions against the guard `propose` applies, without proposing.
    /// @dev Anyone (a view). Reverts for the first offending action with `NYNGovernorProtectedAction`,
    /// `NYNGovernorTimelockDelayTooLong` or the bound error of a governor setter (`NYNGovernorQuorumTooHigh`, …);
    /// returns normally when `propose` would accept the actions.
    /// @param targets The contracts the timelock would call.
    /// @param calldatas The calls (selector + ABI-encoded arguments).
    function validateActions(address[] calldata targets, bytes[] calldata calldatas) external view;
}
