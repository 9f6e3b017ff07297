// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPermissionCondition} from "../interfaces/IPermissionCondition.sol";

/// @title TimeWindowCondition
/// @notice Grants from `NOT_BEFORE` to `NOT_AFTER` (block time, seconds since epoch, both inclusive), to everyone.
/// @dev Source: Aragon OSx `PermissionCondition`. Reverts at construction with `TimeWindowInvalid`.
contract TimeWindowCondition is IPermissionCondition {
    /// @notice The first second that grants.
    uint64 public immutable NOT_BEFORE;
    /// @notice The last second that grants.
    uint64 public immutable NOT_AFTER;

    /// @notice The window is empty (`notBefore > notAfter`).
    /// @param notBefore The first second given.
    /// @param notAfter The last second given.
    error TimeWindowInvalid(uint64 notBefore, uint64 notAfter);

    /// @param notBefore The first second that grants (seconds since epoch).
    /// @param notAfter The last second that grants (seconds since epoch).
    constructor(uint64 notBefore, uint64 notAfter) {
        if (notBefore > notAfter) revert TimeWindowInvalid(notBefore, notAfter);
        NOT_BEFORE = notBefore;
        NOT_AFTER = notAfter;
    }

    /// @inheritdoc IPermissionCondition
    function isGranted(address, address, bytes32, bytes calldata) external view returns (bool) {
        return block.timestamp >= NOT_BEFORE && block.timestamp <= NOT_AFTER;
    }
}
