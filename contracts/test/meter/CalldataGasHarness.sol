// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CalldataGas} from "../../libraries/CalldataGas.sol";

/// @title CalldataGasHarness
/// @notice Test contract: exposes the CalldataGas library.
contract CalldataGasHarness {
    /// @notice `CalldataGas.cost(data)`.
    /// @param data Any bytes.
    /// @return The EIP-2028 calldata gas of `data`.
    function cost(bytes calldata data) external pure returns (uint256) {
        return CalldataGas.cost(data);
    }

    /// @notice `CalldataGas.tokens(data)`.
    /// @param data Any bytes.
    /// @return The EIP-7623 tokens of `data`.
    function tokens(bytes calldata data) external pure returns (uint256) {
        return CalldataGas.tokens(data);
    }

    /// @notice `CalldataGas.txOverhead(calldataTokens, executionGas)`.
    /// @param calldataTokens Tokens of a transaction's calldata.
    /// @param executionGas Its execution gas.
    /// @return The gas the transaction pays beyond its execution.
    function txOverhead(uint256 calldataTokens, uint256 executionGas) external view returns (uint256) {
        return CalldataGas.txOverhead(calldataTokens, executionGas);
    }

    /// @notice `CalldataGas.floorActive()`.
    /// @return Whether EIP-7623 applies (Prague or later).
    function floorActive() external view returns (bool) {
        return CalldataGas.floorActive();
    }
}
