// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelModule} from "../kernel/KernelModule.sol";

/// @title PauseHookModule
/// @notice Test-only kernel module that records the kernel's pause hook (`kernelPauseChanged`), or misbehaves in it:
/// mode 0 records, mode 1 reverts, mode 2 burns all the gas it is given. Used to test `Kernel.pause`/`unpause`.
contract PauseHookModule is KernelModule {
    /// @custom:storage-location erc7201:nyn.storage.PauseHookModule
    struct PauseHookModuleStorage {
        uint8 mode;
        bool lastPaused;
        uint64 calls;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.PauseHookModule")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PAUSE_HOOK_MODULE_STORAGE =
        0x9866c139ae2bfca5c2bb020114a56240a1d7921c3340371db80957965689fa00;

    /// @notice The hook was told to revert.
    error PauseHookModuleRefused(bool paused);

    /// @notice Build the implementation for `kernel_`.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    /// @notice Bind to the deploying kernel; `mode_` as in the title.
    function initialize(uint8 mode_) external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
        _st().mode = mode_;
    }

    /// @notice How often the hook ran to completion, and the last flag it was given.
    function hookCalls() external view returns (uint64 calls, bool lastPaused) {
        PauseHookModuleStorage storage $ = _st();
        return ($.calls, $.lastPaused);
    }

    function _onKernelPauseChanged(bool paused_) internal override {
        PauseHookModuleStorage storage $ = _st();
        uint8 mode = $.mode;
        if (mode == 1) revert PauseHookModuleRefused(paused_);
        if (mode == 2) {
            // Burn everything the kernel gave: the hook runs out of gas.
            while (true) {}
        }
        ++$.calls;
        $.lastPaused = paused_;
    }

    function _st() private pure returns (PauseHookModuleStorage storage $) {
        assembly {
            $.slot := PAUSE_HOOK_MODULE_STORAGE
        }
    }
}
