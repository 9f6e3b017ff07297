// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The gas meter's global parameters, one storage word (`GasMeter` storage, first slot of its ERC-7201
/// namespace), read by every direct charge, whose fees it also writes. Layout, from the low-order bits (the layout of
/// the `Params` struct it replaces, so deployed storage reads the same):
///
///   bits   0- 55  price        uint56   NYN-wei per gas
///   bits  56- 87  epochLength  uint32   seconds
///   bits  88-127  epochAnchor  uint40   timestamp (seconds) at which epoch `epochOffset` started
///   bits 128-159  epochOffset  uint32   the epoch number at `epochAnchor`
///   bits 160-255  fees         uint96   NYN-wei paid by direct metered calls, not yet collected
type MeterParams is uint256;

using MeterParamsLibrary for MeterParams global;

/// @title MeterParamsLibrary
/// @notice Getters and `with…` setters of a {MeterParams} word (Uniswap v4 `Slot0Library` style): each field's offset
/// and width are defined here once; a setter returns a new word with one field replaced and every other bit kept.
/// Setters take the field's own width: a caller narrows a wider value first (OpenZeppelin `SafeCast`).
library MeterParamsLibrary {
    uint256 internal constant PRICE_OFFSET = 0;
    uint256 internal constant PRICE_MASK = 0xffffffffffffff; // 56 bits
    uint256 internal constant EPOCH_LENGTH_OFFSET = 56;
    uint256 internal constant EPOCH_LENGTH_MASK = 0xffffffff; // 32 bits
    uint256 internal constant EPOCH_ANCHOR_OFFSET = 88;
    uint256 internal constant EPOCH_ANCHOR_MASK = 0xffffffffff; // 40 bits
    uint256 internal constant EPOCH_OFFSET_OFFSET = 128;
    uint256 internal constant EPOCH_OFFSET_MASK = 0xffffffff; // 32 bits
    uint256 internal constant FEES_OFFSET = 160;
    uint256 internal constant FEES_MASK = 0xffffffffffffffffffffffff; // 96 bits

    // ------------------------------------------------------------------ getters

    /// @dev NYN-wei per gas.
    function price(MeterParams self) internal pure returns (uint56 v) {
        assembly ("memory-safe") {
            v := and(self, PRICE_MASK)
        }
    }

    /// @dev The epoch length, in seconds.
    function epochLength(MeterParams self) internal pure returns (uint32 v) {
        assembly ("memory-safe") {
            v := and(shr(EPOCH_LENGTH_OFFSET, self), EPOCH_LENGTH_MASK)
        }
    }

    /// @dev The timestamp (seconds) at which epoch `epochOffset` started.
    function epochAnchor(MeterParams self) internal pure returns (uint40 v) {
        assembly ("memory-safe") {
            v := and(shr(EPOCH_ANCHOR_OFFSET, self), EPOCH_ANCHOR_MASK)
        }
    }

    /// @dev The epoch number at `epochAnchor`.
    function epochOffset(MeterParams self) internal pure returns (uint32 v) {
        assembly ("memory-safe") {
            v := and(shr(EPOCH_OFFSET_OFFSET, self), EPOCH_OFFSET_MASK)
        }
    }

    /// @dev Uncollected fees, in NYN-wei.
    function fees(MeterParams self) internal pure returns (uint96 v) {
        assembly ("memory-safe") {
            v := shr(FEES_OFFSET, self)
        }
    }

    /// @dev The epoch at `timestamp` (not before `epochAnchor`):
    /// `epochOffset + (timestamp - epochAnchor) / epochLength`.
    /// Cannot overflow (32- and 40-bit fields); reverts (division by zero) on an uninitialised word.
    function epochAt(MeterParams self, uint256 timestamp) internal pure returns (uint256) {
        uint256 length;
        uint256 anchor;
        uint256 offset;
        assembly ("memory-safe") {
            length := and(shr(EPOCH_LENGTH_OFFSET, self), EPOCH_LENGTH_MASK)
            anchor := and(shr(EPOCH_ANCHOR_OFFSET, self), EPOCH_ANCHOR_MASK)
            offset := and(shr(EPOCH_OFFSET_OFFSET, self), EPOCH_OFFSET_MASK)
        }
        // Cannot underflow: the anchor is the timestamp of a past block.
        unchecked {
            return offset + (timestamp - anchor) / length;
        }
    }

    // ------------------------------------------------------------------ setters

    /// @dev The word with `price` replaced.
    function withPrice(MeterParams self, uint56 v) internal pure returns (MeterParams w) {
        assembly ("memory-safe") {
            w := or(and(self, not(PRICE_MASK)), and(v, PRICE_MASK))
        }
    }

    /// @dev The word with `epochLength` replaced.
    function withEpochLength(MeterParams self, uint32 v) internal pure returns (MeterParams w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(EPOCH_LENGTH_OFFSET, EPOCH_LENGTH_MASK))),
                shl(EPOCH_LENGTH_OFFSET, and(v, EPOCH_LENGTH_MASK))
            )
        }
    }

    /// @dev The word with `epochAnchor` replaced.
    function withEpochAnchor(MeterParams self, uint40 v) internal pure returns (MeterParams w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(EPOCH_ANCHOR_OFFSET, EPOCH_ANCHOR_MASK))),
                shl(EPOCH_ANCHOR_OFFSET, and(v, EPOCH_ANCHOR_MASK))
            )
        }
    }

    /// @dev The word with `epochOffset` replaced.
    function withEpochOffset(MeterParams self, uint32 v) internal pure returns (MeterParams w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(EPOCH_OFFSET_OFFSET, EPOCH_OFFSET_MASK))),
                shl(EPOCH_OFFSET_OFFSET, and(v, EPOCH_OFFSET_MASK))
            )
        }
    }

    /// @dev The word with `fees` replaced.
    function withFees(MeterParams self, uint96 v) internal pure returns (MeterParams w) {
        assembly ("memory-safe") {
            w := or(and(self, not(shl(FEES_OFFSET, FEES_MASK))), shl(FEES_OFFSET, and(v, FEES_MASK)))
        }
    }
}
