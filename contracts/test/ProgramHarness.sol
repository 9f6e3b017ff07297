// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {KernelProcess} from "../kernel/KernelProcess.sol";

/// @title ProgramHarness
/// @notice Test-only program exposing each `KernelProcess` guard, the ERC-2771 sender, and a way for the process
/// itself to spawn children (the registry lets a parent process spawn under itself).
contract ProgramHarness is KernelProcess {
    /// @notice The capability `useCapability` is tested with.
    bytes32 public constant USE_CAPABILITY = keccak256("USE_CAPABILITY");

    /// @notice `initData` was the one-byte rejection marker.
    error ProgramHarnessInitRejected();

    /// @param kernel_ The kernel this program runs on.
    constructor(IKernel kernel_) KernelProcess(kernel_) {}

    /// @notice Anyone, while the process runs. @return The PID.
    function ping() external view onlyRunning returns (uint256) {
        return pid();
    }

    /// @notice The owner or a holder of `capability`, while running. @return The ERC-2771 sender.
    function useCapability(bytes32 capability) external view onlyCapable(capability) returns (address) {
        return _msgSender();
    }

    /// @notice The process owner spawns a child of this process; the registry sees this process as the caller.
    function spawnChild(
        uint32 programId,
        bytes calldata initData,
        uint256 parentPid
    ) external onlyProcessOwner returns (uint256) {
        return _REGISTRY.spawn(programId, initData, parentPid);
    }

    /// @notice The ERC-2771 sender of this call.
    function sender() external view returns (address) {
        return _msgSender();
    }

    /// @dev A one-byte `initData` is rejected, to test that a failing initializer undoes the spawn.
    function _initializeProcess(bytes calldata initData) internal pure override {
        if (initData.length == 1) revert ProgramHarnessInitRejected();
    }
}
