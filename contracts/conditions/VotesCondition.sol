// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IPermissionCondition} from "../interfaces/IPermissionCondition.sol";

/// @title VotesCondition
/// @notice Grants while the account has at least `MIN_VOTES` votes (ERC-5805 `getVotes`: its delegated voting power
/// at the token's current `clock()`), e.g. "a NYN delegate with at least 1,000 votes".
/// @dev Source: ERC-5805 / OpenZeppelin `Votes`; Aragon OSx `PermissionCondition`. Current votes move within a
/// transaction (delegation); `getPastVotes` would be flash-proof but is not defined at the current clock.
contract VotesCondition is IPermissionCondition {
    /// @notice The ERC-5805 votes token (NYN in the deployment).
    IERC5805 public immutable TOKEN;
    /// @notice The least votes that grant, in the token's base units (NYN: wei, 18 decimals).
    uint256 public immutable MIN_VOTES;

    /// @param token The ERC-5805 token.
    /// @param minVotes The least votes that grant (token base units).
    constructor(IERC5805 token, uint256 minVotes) {
        TOKEN = token;
        MIN_VOTES = minVotes;
    }

    /// @inheritdoc IPermissionCondition
    function isGranted(address, address who, bytes32, bytes calldata) external view returns (bool) {
        return TOKEN.getVotes(who) >= MIN_VOTES;
    }
}
