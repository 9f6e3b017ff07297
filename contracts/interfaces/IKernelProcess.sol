// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProcessRegistry} from "./IProcessRegistry.sol";

/// @title IKernelProcess
/// @notice What the process registry calls on a freshly spawned process, and what anyone may read from it.
interface IKernelProcess {
    /// @notice The process was bound to PID `pid`.
    /// @param pid The PID this process is bound to.
    event ProcessInitialized(uint256 indexed pid);

    /// @notice Only the process registry may initialise a process; `caller` tried.
    /// @param caller The account that called `initializeProcess`.
    error KernelProcessOnlyRegistry(address caller);
    /// @notice The process is already initialised or bound to another PID, or this is the program implementation
    /// itself (which is never a process).
    error KernelProcessAlreadyInitialized();
    /// @notice Process `pid` is not running: its effective status is `status` (2 = Suspended, 3 = Terminated).
    /// @param pid The process.
    /// @param status Its effective status.
    error KernelProcessNotRunning(uint256 pid, IProcessRegistry.Status status);
    /// @notice `who` holds no capability `capability` on process `pid` (and does not own it).
    /// @param pid The process.
    /// @param who The caller (the ERC-2771 sender when relayed).
    /// @param capability The capability it lacks.
    error KernelProcessMissingCapability(uint256 pid, address who, bytes32 capability);
    /// @notice `who` is not the owner of process `pid`.
    /// @param pid The process.
    /// @param who The caller (the ERC-2771 sender when relayed).
    error KernelProcessNotOwner(uint256 pid, address who);
    /// @notice No gas meter was installed when this program was deployed: its metered functions cannot run.
    error KernelProcessNoGasMeter();

    /// @notice Bind this process to PID `pid` and run the program's own initialisation with `initData`.
    /// @dev Only the process registry, which calls it exactly once per process, right after creating the clone. A
    /// clone created by `spawn` carries its PID in its code (EIP-1167 immutable argument) and writes no initialised
    /// flag: the registry's single call is what makes the initialisation run once, and a call binding another PID
    /// reverts. A clone without arguments (deterministic spawn) stores its PID and refuses any second call. Reverts
    /// with `KernelProcessOnlyRegistry`, `KernelProcessAlreadyInitialized`.
    /// @param pid The PID the registry assigned to this process.
    /// @param initData The data for the program's own initialisation (`_initialize`), or empty.
    function initializeProcess(uint256 pid, bytes calldata initData) external;

    /// @notice This process's PID (0 on the program implementation itself).
    /// @return This process's PID.
    function pid() external view returns (uint256);

    /// @notice The kernel this process runs on.
    /// @return The kernel's address.
    function kernel() external view returns (address);

    /// @notice The gas meter that charges this process's metered functions and reimburses relayers of requests to
    /// it (zero if the program was deployed before the kernel had one).
    /// @return The gas meter module's address, or the zero address.
    function gasMeter() external view returns (address);
}
