// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @title BatchProposer
/// @notice Benchmark helper: delegates its own NYN to itself (fund it above the proposal threshold) and creates many
/// governor proposals in one transaction, to measure that voting stays flat as proposals grow.
contract BatchProposer {
    /// @notice Self-delegate `token`'s votes, so NYN sent here counts towards the proposal threshold.
    constructor(IVotes token) {
        token.delegate(address(this));
    }

    /// @notice Create `count` proposals of one no-op action (a call with empty data to this contract), described
    /// "bench proposal <i>" for i in [from, from + count), so every proposal id is distinct.
    function proposeMany(IGovernor governor, uint256 from, uint256 count) external {
        address[] memory targets = new address[](1);
        targets[0] = address(this);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        for (uint256 i = from; i < from + count; ++i) {
            governor.propose(targets, values, calldatas, string.concat("bench proposal ", Strings.toString(i)));
        }
    }
}
