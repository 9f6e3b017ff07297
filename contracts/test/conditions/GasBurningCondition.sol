// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test double: loops until it runs out of gas.
contract GasBurningCondition {
    function isGranted(address, address, bytes32, bytes calldata) external view returns (bool) {
        uint256 x;
        while (gasleft() > 0) x = uint256(keccak256(abi.encode(x)));
        return true;
    }
}
