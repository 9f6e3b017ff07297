// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IACL} from "../../interfaces/IACL.sol";
import {IKernel} from "../../interfaces/IKernel.sol";
import {KernelModule} from "../../kernel/KernelModule.sol";

/// @title BenchModule
/// @notice Benchmark subject: a kernel module with one ACL-checked function and an identical unchecked one.
contract BenchModule is KernelModule {
    bytes32 public constant CALL_PERMISSION = keccak256("CALL_PERMISSION");
    uint256 public counter;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    function initialize() external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
    }

    function checkedCall() external auth(CALL_PERMISSION) {
        ++counter;
    }

    function uncheckedCall() external {
        ++counter;
    }
}
