// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelModule} from "../kernel/KernelModule.sol";

/// @title RebindingModule
/// @notice Test-only kernel module that tries to run the `KernelModule` initializer again after initialisation, to
/// show that a module can never re-bind itself to another kernel or ACL (`onlyInitializing`).
contract RebindingModule is KernelModule {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    /// @notice Bind to the deploying kernel (run by the kernel through the proxy).
    function initialize() external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
    }

    /// @notice Re-run the base initializer with `acl_`: reverts with `NotInitializing`.
    function rebind(IACL acl_) external {
        __KernelModule_init(acl_);
    }
}
