// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev One user's usage of one process in the gas meter, one storage word per (PID, user), written only while the
/// process has a per-user quota. Layout, from the low-order bits (the layout of the `UserUsage` struct it replaces,
/// so deployed storage reads the same):
///
///   bits  0-31  epoch  uint32  the epoch `used` belongs to (0 = never recorded: epochs start at 1)
///   bits 32-79  used   uint48  gas charged for the user in `epoch`
///   bits 80-255 (zero)
type MeterUserUsage is uint256;

using MeterUserUsageLibrary for MeterUserUsage global;

/// @title MeterUserUsageLibrary
/// @notice Getters and `with…` setters of a {MeterUserUsage} word (Uniswap v4 `Slot0Library` style).
library MeterUserUsageLibrary {
    uint256 internal constant EPOCH_OFFSET = 0;
    uint256 internal constant EPOCH_MASK = 0xffffffff; // 32 bits
    uint256 internal constant USED_OFFSET = 32;
    uint256 internal constant USED_MASK = 0xffffffffffff; // 48 bits

    /// @dev The epoch `used` belongs to (0 = never recorded).
    function epoch(MeterUserUsage self) internal pure returns (uint32 v) {
        assembly ("memory-safe") {
            v := and(self, EPOCH_MASK)
        }
    }

    /// @dev Gas charged for the user in `epoch`.
    function used(MeterUserUsage self) internal pure returns (uint48 v) {
        assembly ("memory-safe") {
            v := and(shr(USED_OFFSET, self), USED_MASK)
        }
    }

    /// @dev Gas charged for the user in `epoch_`: `used` when it belongs to `epoch_`, else 0 (the lazy quota reset).
    function usageIn(MeterUserUsage self, uint256 epoch_) internal pure returns (uint256 v) {
        assembly ("memory-safe") {
            v := mul(eq(and(self, EPOCH_MASK), epoch_), and(shr(USED_OFFSET, self), USED_MASK))
        }
    }

    /// @dev The word with `epoch` replaced.
    function withEpoch(MeterUserUsage self, uint32 v) internal pure returns (MeterUserUsage w) {
        assembly ("memory-safe") {
            w := or(and(self, not(EPOCH_MASK)), and(v, EPOCH_MASK))
        }
    }

    /// @dev The word with `used` replaced.
    function withUsed(MeterUserUsage self, uint48 v) internal pure returns (MeterUserUsage w) {
        assembly ("memory-safe") {
            w := or(and(self, not(shl(USED_OFFSET, USED_MASK))), shl(USED_OFFSET, and(v, USED_MASK)))
        }
    }
}
