// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {TestModule} from "./TestModule.sol";

/// @title TestModuleV2
/// @notice Test-only V2 of {TestModule}: same storage plus a new namespaced field set by a `reinitializer(2)`
/// migration that runs atomically with the upgrade.
contract TestModuleV2 is TestModule {
    /// @custom:storage-location erc7201:nyn.storage.TestModuleV2
    struct TestModuleV2Storage {
        uint256 extra;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.TestModuleV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant TEST_MODULE_V2_STORAGE =
        0xad2ea643ab125d3d44890284eebe7f79ac31b04057e93d2a6d8177bbb4754f00;

    /// @notice Build the implementation for `kernel_`.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) TestModule(kernel_) {}

    /// @notice The V2 migration: store `extra_`. Runs once, as the `data` of the upgrade.
    function initializeV2(uint256 extra_) external reinitializer(2) {
        _v2().extra = extra_;
    }

    /// @notice The field V2 added.
    function extra() external view returns (uint256) {
        return _v2().extra;
    }

    /// @notice V2.
    function version() public pure override returns (uint256) {
        return 2;
    }

    function _v2() private pure returns (TestModuleV2Storage storage $) {
        assembly {
            $.slot := TEST_MODULE_V2_STORAGE
        }
    }
}
