// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IACL} from "../../interfaces/IACL.sol";
import {IKernel} from "../../interfaces/IKernel.sol";
import {KernelModule} from "../../kernel/KernelModule.sol";

/// @dev {TestModule}'s value as a typed word: the same slot and the same 256 bits.
type TestValue is uint256;

/// @title TestModuleRetyped
/// @notice Test-only upgrade of {TestModule} whose one storage member changed type without moving a bit
/// (`uint256` → `TestValue`, docs/adr/0009): upgrades-core reports it as an incompatible type, so `dao:propose
/// --upgrade` refuses it unless the retype is listed with `--retyped`.
contract TestModuleRetyped is KernelModule {
    /// @custom:storage-location erc7201:nyn.storage.TestModule
    struct TestModuleStorage {
        TestValue value;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.TestModule")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant TEST_MODULE_STORAGE = 0x48ad85858a25dae0b5c81f314b543f35fd85aa4ef7cdde06174dcc7cddc23200;

    /// @notice Build the implementation for `kernel_`.
    /// @param kernel_ The kernel this implementation serves.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    /// @notice Bind to the deploying kernel and store `value_` (a fresh install, as {TestModule}'s `initialize`).
    /// @param value_ The value to store.
    function initialize(uint256 value_) external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
        _tm().value = TestValue.wrap(value_);
    }

    /// @notice The stored value, read through its new type.
    /// @return The value {TestModule} stored.
    function value() external view returns (uint256) {
        return TestValue.unwrap(_tm().value);
    }

    /// @notice Version 2.
    /// @return 2.
    function version() public pure override returns (uint256) {
        return 2;
    }

    function _tm() private pure returns (TestModuleStorage storage $) {
        assembly {
            $.slot := TEST_MODULE_STORAGE
        }
    }
}
