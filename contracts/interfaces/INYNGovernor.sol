// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INYNGovernor
/// @notice What the NYN OS governor adds to OpenZeppelin's `IGovernor`: bounded governance parameters and a
/// propose-time guard that refuses any proposal that would take governance's own powers away (the governor's
/// timelock roles, the timelock's self-administration, the timelock's kernel root), so no vote can brick the DAO.
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
    error NYNGovernorProtectedAction(uint256 index, address target, bytes4 selector);
    /// @notice The voting delay `votingDelay` (seconds) is above `max`.
    error NYNGovernorVotingDelayTooLong(uint256 votingDelay, uint256 max);
    /// @notice The voting period `votingPeriod` (seconds) is above `max` (zero is refused by OpenZeppelin's
    /// `GovernorInvalidVotingPeriod`).
    error NYNGovernorVotingPeriodTooLong(uint256 votingPeriod, uint256 max);
    /// @notice The proposal threshold `threshold` (NYN-wei) is above `max`.
    error NYNGovernorProposalThresholdTooHigh(uint256 threshold, uint256 max);
    /// @notice The quorum numerator `numerator` (percent) is below `min` (above 100 is refused by OpenZeppelin's
    /// `GovernorInvalidQuorumFraction`).
    error NYNGovernorQuorumTooLow(uint256 numerator, uint256 min);
    /// @notice A proposal would set the timelock's delay to `delay` seconds, above `max`.
    error NYNGovernorTimelockDelayTooLong(uint256 delay, uint256 max);
    /// @notice The governor's timelock is fixed: it is the kernel's root and holds the treasury.
    error NYNGovernorTimelockFixed();
    /// @notice The voting token's ERC-6372 clock is `mode`, not `mode=timestamp`.
    error NYNGovernorUnsupportedClock(string mode);
    /// @notice A zero address was given for `what`.
    error NYNGovernorZeroAddress(string what);

    /// @notice The longest voting delay a proposal may set: 30 days (seconds).
    function MAX_VOTING_DELAY() external view returns (uint256);

    /// @notice The longest voting period a proposal may set: 60 days (seconds).
    function MAX_VOTING_PERIOD() external view returns (uint256);

    /// @notice The highest proposal threshold a proposal may set: 1 % of the NYN cap, 50,000,000 NYN (NYN-wei).
    function MAX_PROPOSAL_THRESHOLD() external view returns (uint256);

    /// @notice The lowest quorum a proposal may set: 1 (percent of the total supply at the snapshot).
    function MIN_QUORUM_NUMERATOR() external view returns (uint256);

    /// @notice The longest timelock delay a proposal may set: 30 days (seconds).
    function MAX_TIMELOCK_DELAY() external view returns (uint256);

    /// @notice The kernel whose root the timelock is.
    function kernel() external view returns (address);

    /// @notice The kernel's ACL (where the timelock's root is recorded).
    function acl() external view returns (address);

    /// @notice Check proposal actions against the guard `propose` applies, without proposing.
    /// @dev Anyone (a view). Reverts with `NYNGovernorProtectedAction` or `NYNGovernorTimelockDelayTooLong` for the
    /// first offending action; returns normally when `propose` would accept the actions.
    /// @param targets The contracts the timelock would call.
    /// @param calldatas The calls (selector + ABI-encoded arguments).
    function validateActions(address[] calldata targets, bytes[] calldata calldatas) external view;
}
