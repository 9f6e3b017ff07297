// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {ProcessRegistry} from "../kernel/ProcessRegistry.sol";

/// @title TestRegistryV2
/// @notice Test-only V2 of the process registry (same storage, version 2): shows that programs and processes survive
/// an upgrade through `Kernel.upgradeModule`.
contract TestRegistryV2 is ProcessRegistry {
    /// @notice Build the implementation for `kernel_`.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) ProcessRegistry(kernel_) {}

    /// @notice V2.
    function version() public pure override returns (uint256) {
        return 2;
    }
}
