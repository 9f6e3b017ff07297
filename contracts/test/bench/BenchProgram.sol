// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../../interfaces/IKernel.sol";
import {KernelProcess} from "../../kernel/KernelProcess.sol";

/// @title BenchProgram
/// @notice Benchmark subject: a program with capability-checked, running-checked and unchecked twins of one function.
contract BenchProgram is KernelProcess {
    bytes32 public constant CALL_CAPABILITY = keccak256("CALL_CAPABILITY");
    uint256 public counter;

    constructor(IKernel kernel_) KernelProcess(kernel_) {}

    function capableCall() external onlyCapable(CALL_CAPABILITY) {
        ++counter;
    }

    function runningCall() external onlyRunning {
        ++counter;
    }

    function uncheckedCall() external {
        ++counter;
    }

    function _initializeProcess(bytes calldata) internal override {}
}
