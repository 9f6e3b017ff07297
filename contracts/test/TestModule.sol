// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelModule} from "../kernel/KernelModule.sol";

/// @title TestModule
/// @notice Test-only kernel module: one stored value behind `auth(TEST_PERMISSION)` and `whenKernelNotPaused`, used
/// to exercise `Kernel.installModule`/`upgradeModule` and the `KernelModule` guards.
contract TestModule is KernelModule {
    /// @notice The permission that gates `setValue`.
    bytes32 public constant TEST_PERMISSION = keccak256("TEST_PERMISSION");

    /// @custom:storage-location erc7201:nyn.storage.TestModule
    struct TestModuleStorage {
        uint256 value;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.TestModule")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant TEST_MODULE_STORAGE = 0x48ad85858a25dae0b5c81f314b543f35fd85aa4ef7cdde06174dcc7cddc23200;

    /// @notice The initial value must not be zero.
    error TestModuleZeroValue();

    /// @notice Build the implementation for `kernel_`.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    /// @notice Bind to the deploying kernel and store `value` (not zero).
    function initialize(uint256 value_) external initializer {
        if (value_ == 0) revert TestModuleZeroValue();
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
        _tm().value = value_;
    }

    /// @notice Set the value; holders of `TEST_PERMISSION` on this module, while the kernel runs.
    function setValue(uint256 value_) external whenKernelNotPaused auth(TEST_PERMISSION) {
        _tm().value = value_;
    }

    /// @notice The stored value.
    function value() external view returns (uint256) {
        return _tm().value;
    }

    function _tm() private pure returns (TestModuleStorage storage $) {
        assembly {
            $.slot := TEST_MODULE_STORAGE
        }
    }
}
