// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";

/// @dev The hot word of a process record (`ProcessRegistry`): everything a call on the process and each step of the
/// ancestor walk read, in one storage slot. Layout, from the low-order bits (Solidity's packing of the former struct,
/// kept bit for bit so that deployed records read the same):
///   bits   0-159  owner       address (never zero for an existing process: the existence check)
///   bits 160-207  parent      uint48 PID (0: top level; PIDs are below 2^48)
///   bits 208-215  status      uint8, an `IProcessRegistry.Status` (the process's own, not the effective one)
///   bits 216-223  depth       uint8 (1 for a top-level process, at most `MAX_DEPTH`)
///   bits 224-255  generation  uint32 ownership generation (+1 at each ownership transfer)
type ProcessControl is uint256;

using ProcessControlLibrary for ProcessControl global;

/// @title ProcessControlLibrary
/// @notice Getters and `with…` setters of a `ProcessControl` word (Uniswap v4 `Slot0` style).
library ProcessControlLibrary {
    uint256 internal constant OWNER_MASK = type(uint160).max;
    uint256 internal constant PARENT_OFFSET = 160;
    uint256 internal constant PARENT_MASK = 0xffffffffffff;
    uint256 internal constant STATUS_OFFSET = 208;
    uint256 internal constant STATUS_MASK = 0xff;
    uint256 internal constant DEPTH_OFFSET = 216;
    uint256 internal constant DEPTH_MASK = 0xff;
    uint256 internal constant GENERATION_OFFSET = 224;
    uint256 internal constant GENERATION_MASK = 0xffffffff;

    /// @dev A new process's word: Running, generation 0.
    function create(address owner_, uint256 parent_, uint256 depth_) internal pure returns (ProcessControl) {
        return
            ProcessControl.wrap(
                uint256(uint160(owner_)) |
                    ((parent_ & PARENT_MASK) << PARENT_OFFSET) |
                    (uint256(uint8(IProcessRegistry.Status.Running)) << STATUS_OFFSET) |
                    ((depth_ & DEPTH_MASK) << DEPTH_OFFSET)
            );
    }

    function owner(ProcessControl self) internal pure returns (address) {
        return address(uint160(ProcessControl.unwrap(self)));
    }

    function parent(ProcessControl self) internal pure returns (uint256) {
        return (ProcessControl.unwrap(self) >> PARENT_OFFSET) & PARENT_MASK;
    }

    /// @dev Always a valid `Status`: only the registry writes the word, through `create` and `withStatus`.
    function status(ProcessControl self) internal pure returns (IProcessRegistry.Status) {
        return IProcessRegistry.Status((ProcessControl.unwrap(self) >> STATUS_OFFSET) & STATUS_MASK);
    }

    function depth(ProcessControl self) internal pure returns (uint256) {
        return (ProcessControl.unwrap(self) >> DEPTH_OFFSET) & DEPTH_MASK;
    }

    function generation(ProcessControl self) internal pure returns (uint32) {
        return uint32(ProcessControl.unwrap(self) >> GENERATION_OFFSET);
    }

    function withOwner(ProcessControl self, address owner_) internal pure returns (ProcessControl) {
        return ProcessControl.wrap((ProcessControl.unwrap(self) & ~OWNER_MASK) | uint256(uint160(owner_)));
    }

    function withParent(ProcessControl self, uint48 parent_) internal pure returns (ProcessControl) {
        return _with(self, PARENT_OFFSET, PARENT_MASK, parent_);
    }

    function withStatus(ProcessControl self, IProcessRegistry.Status status_) internal pure returns (ProcessControl) {
        return _with(self, STATUS_OFFSET, STATUS_MASK, uint8(status_));
    }

    function withDepth(ProcessControl self, uint8 depth_) internal pure returns (ProcessControl) {
        return _with(self, DEPTH_OFFSET, DEPTH_MASK, depth_);
    }

    function withGeneration(ProcessControl self, uint32 generation_) internal pure returns (ProcessControl) {
        return _with(self, GENERATION_OFFSET, GENERATION_MASK, generation_);
    }

    function _with(
        ProcessControl self,
        uint256 offset,
        uint256 mask,
        uint256 value
    ) private pure returns (ProcessControl) {
        return ProcessControl.wrap((ProcessControl.unwrap(self) & ~(mask << offset)) | ((value & mask) << offset));
    }
}
