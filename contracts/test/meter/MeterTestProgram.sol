// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../../interfaces/IKernel.sol";
import {KernelProcess} from "../../kernel/KernelProcess.sol";
import {CalldataGas} from "../../libraries/CalldataGas.sol";

/// @title MeterTestProgram
/// @notice Test program for the gas meter: metered functions that burn a chosen amount of gas, revert, return a
/// huge payload, or skip the running check; and a loop that charges the meter for many synthetic users.
contract MeterTestProgram is KernelProcess {
    uint256 public sink;

    error MeterTestProgramFailed(uint256 value);

    constructor(IKernel kernel_) KernelProcess(kernel_) {}

    /// @notice Metered: hash `rounds` times (about 80 gas a round, linear) and store the result.
    function burn(uint256 rounds) external metered onlyRunning returns (uint256 result) {
        result = sink;
        assembly ("memory-safe") {
            for {
                let i := 0
            } lt(i, rounds) {
                i := add(i, 1)
            } {
                mstore(0x00, result)
                mstore(0x20, i)
                result := keccak256(0x00, 0x40)
            }
        }
        sink = result;
    }

    /// @notice Metered and reverting (unless `sink` is at its maximum, which no test sets).
    function fail() external metered onlyRunning {
        if (sink != type(uint256).max) revert MeterTestProgramFailed(sink);
    }

    /// @notice Metered, without any status check of its own: only the meter refuses a stopped process.
    function meteredNoCheck() external metered {
        ++sink;
    }

    /// @notice Not metered: the twin of `meteredNoCheck`.
    function unmeteredNoCheck() external {
        ++sink;
    }

    /// @notice Revert with `size` bytes of revert data (a revert-data bomb for whoever copies them).
    function revertBomb(uint256 size) external pure {
        assembly ("memory-safe") {
            mstore(0x00, 0x20)
            mstore(0x20, size)
            revert(0x00, add(0x40, size))
        }
    }

    /// @notice Return `size` bytes (a return-data bomb for whoever copies them).
    function bomb(uint256 size) external pure returns (bytes memory) {
        assembly ("memory-safe") {
            mstore(0x00, 0x20)
            mstore(0x20, size)
            return(0x00, add(0x40, size))
        }
    }

    /// @notice Charge the meter `gasEach` gas for each of `users` (grows the meter's per-user state).
    function chargeMany(address[] calldata users, uint256 gasEach) external {
        uint256 p = pid();
        for (uint256 i = 0; i < users.length; ++i) {
            _METER.charge(p, users[i], gasEach, CalldataGas.NOT_SENDER);
        }
    }

    function _initializeProcess(bytes calldata) internal override {}
}
