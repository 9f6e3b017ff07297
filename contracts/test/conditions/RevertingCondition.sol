// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test double: always reverts.
contract RevertingCondition {
    error Nope();

    function isGranted(address, address, bytes32, bytes calldata) external pure returns (bool) {
        revert Nope();
    }
}
