// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "./IKernel.sol";

/// @title IKernelModule
/// @notice What every NYN OS kernel module answers, whatever its function: the kernel it is bound to, the kernel its
/// implementation was built for, its version, and the kernel's pause hook. A module is a UUPS implementation
/// (ERC-1822 / ERC-1967) behind a proxy the kernel deployed, upgradeable only by that kernel; its storage is
/// namespaced per ERC-7201. The kernel talks to its modules through this interface only.
interface IKernelModule {
    /// @notice Only the kernel may initialise, upgrade or notify a module.
    /// @param caller The account that tried.
    error KernelModuleOnlyKernel(address caller);
    /// @notice An upgrade named an implementation built for another kernel.
    /// @param implementation The new implementation's address.
    /// @param builtFor The kernel it was built for (its `implementationKernel()`).
    error KernelModuleWrongKernel(address implementation, address builtFor);

    /// @notice The kernel this module belongs to: the one that ran its initializer (zero on an implementation).
    /// @return The kernel's address.
    function kernel() external view returns (IKernel);

    /// @notice The kernel this implementation was built for: an immutable of its code (zero for the ACL, which is
    /// built before its kernel).
    /// @return The kernel's address.
    function implementationKernel() external view returns (address);

    /// @notice The module's version: 1 for the first implementation, 2 for a V2, and so on.
    /// @return The version number.
    function version() external pure returns (uint256);

    /// @notice The kernel was paused or unpaused; a module may mirror the flag so that its pause guard need not call
    /// the kernel. Called by `Kernel.pause` and `Kernel.unpause` with a fixed gas allowance (50,000 gas).
    /// @dev Only the kernel this module is bound to. Reverts with `KernelModuleOnlyKernel`.
    /// @param paused_ True when the kernel was paused, false when it was unpaused.
    function kernelPauseChanged(bool paused_) external;
}
