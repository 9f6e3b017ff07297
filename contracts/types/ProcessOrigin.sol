// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The cold word of a process record (`ProcessRegistry`): where the process came from, read by views only.
/// Layout, from the low-order bits (Solidity's packing of the former struct, kept bit for bit):
///   bits   0-159  instance   address of the process's clone
///   bits 160-191  programId  uint32
///   bits 192-231  createdAt  uint40, seconds (block timestamp of the spawn)
///   bits 232-255  unused (zero)
type ProcessOrigin is uint256;

using ProcessOriginLibrary for ProcessOrigin global;

/// @title ProcessOriginLibrary
/// @notice Getters and `with…` setters of a `ProcessOrigin` word (Uniswap v4 `Slot0` style).
library ProcessOriginLibrary {
    uint256 internal constant INSTANCE_MASK = type(uint160).max;
    uint256 internal constant PROGRAM_ID_OFFSET = 160;
    uint256 internal constant PROGRAM_ID_MASK = 0xffffffff;
    uint256 internal constant CREATED_AT_OFFSET = 192;
    uint256 internal constant CREATED_AT_MASK = 0xffffffffff;

    /// @dev The word of a new process.
    function create(address instance_, uint32 programId_, uint40 createdAt_) internal pure returns (ProcessOrigin) {
        return
            ProcessOrigin.wrap(
                uint256(uint160(instance_)) |
                    (uint256(programId_) << PROGRAM_ID_OFFSET) |
                    (uint256(createdAt_) << CREATED_AT_OFFSET)
            );
    }

    function instance(ProcessOrigin self) internal pure returns (address) {
        return address(uint160(ProcessOrigin.unwrap(self)));
    }

    function programId(ProcessOrigin self) internal pure returns (uint32) {
        return uint32(ProcessOrigin.unwrap(self) >> PROGRAM_ID_OFFSET);
    }

    function createdAt(ProcessOrigin self) internal pure returns (uint40) {
        return uint40(ProcessOrigin.unwrap(self) >> CREATED_AT_OFFSET);
    }

    function withInstance(ProcessOrigin self, address instance_) internal pure returns (ProcessOrigin) {
        return ProcessOrigin.wrap((ProcessOrigin.unwrap(self) & ~INSTANCE_MASK) | uint256(uint160(instance_)));
    }

    function withProgramId(ProcessOrigin self, uint32 programId_) internal pure returns (ProcessOrigin) {
        uint256 cleared = ProcessOrigin.unwrap(self) & ~(PROGRAM_ID_MASK << PROGRAM_ID_OFFSET);
        return ProcessOrigin.wrap(cleared | (uint256(programId_) << PROGRAM_ID_OFFSET));
    }

    function withCreatedAt(ProcessOrigin self, uint40 createdAt_) internal pure returns (ProcessOrigin) {
        uint256 cleared = ProcessOrigin.unwrap(self) & ~(CREATED_AT_MASK << CREATED_AT_OFFSET);
        return ProcessOrigin.wrap(cleared | (uint256(createdAt_) << CREATED_AT_OFFSET));
    }
}
