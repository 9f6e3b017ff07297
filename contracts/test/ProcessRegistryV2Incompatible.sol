// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelModule} from "../kernel/KernelModule.sol";

/// @title ProcessRegistryV2Incompatible
/// @notice TEST ONLY (case D6 storage-collision): a "version 2" of the process registry whose ERC-7201 namespace
/// `nyn.storage.ProcessRegistry` has its fields reordered and retyped. Installed, it would read every process count,
/// program and process record from the wrong slots. `lib/upgradeSafety.ts` must refuse to propose it.
contract ProcessRegistryV2Incompatible is KernelModule {
    /// @custom:storage-location erc7201:nyn.storage.ProcessRegistry
    struct ProcessRegistryStorage {
        uint32 programCount; // was second, and processCount (uint48) was first
        uint256 processCount; // retyped from uint48
        mapping(uint32 programId => address) programs; // was the fourth field, a Program struct
        mapping(uint256 pid => address) processes; // was the second field, a ProcessRecord struct
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.ProcessRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PROCESS_REGISTRY_STORAGE =
        0xf2337c807dea95d64672e4cba7237abcb22f5d2829dddbc1f9b1990c5100d200;

    /// @notice Build the implementation for `kernel_`.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    /// @notice Initialise (never used: the test only validates this contract).
    function initialize() external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
    }

    /// @notice The process count, read from the wrong slot.
    function processCount() external view returns (uint256) {
        return _s().processCount;
    }

    /// @notice Version 2.
    function version() public pure override returns (uint256) {
        return 2;
    }

    function _s() private pure returns (ProcessRegistryStorage storage $) {
        assembly {
            $.slot := PROCESS_REGISTRY_STORAGE
        }
    }
}
