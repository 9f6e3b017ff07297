// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev A process's hot state in the gas meter, one storage word per PID: everything a charge reads and writes.
/// Layout, from the low-order bits (the layout of the `Account` struct it replaces, so deployed storage reads the
/// same):
///
///   bits   0- 95  budget         uint96  NYN-wei (the NYN cap, 5e27, is below 2^96)
///   bits  96-127  usageEpoch     uint32  the epoch `used` belongs to
///   bits 128-175  used           uint48  gas charged in `usageEpoch`
///   bits 176-215  processQuota   uint40  gas per epoch, 0 = unlimited
///   bits 216-247  userQuota      uint32  gas per user per epoch, 0 = unlimited (and per-user usage not recorded)
///   bits 248-255  hasThresholds  bool    a low-budget or freezing threshold is set: charges read the settings
type MeterAccount is uint256;

using MeterAccountLibrary for MeterAccount global;

/// @title MeterAccountLibrary
/// @notice Getters and `with…` setters of a {MeterAccount} word (Uniswap v4 `Slot0Library` style): each field's offset
/// and width are defined here once; a setter returns a new word with one field replaced and every other bit kept.
/// Setters take the field's own width: a caller narrows a wider value first (OpenZeppelin `SafeCast`).
library MeterAccountLibrary {
    uint256 internal constant BUDGET_OFFSET = 0;
    uint256 internal constant BUDGET_MASK = 0xffffffffffffffffffffffff; // 96 bits
    uint256 internal constant USAGE_EPOCH_OFFSET = 96;
    uint256 internal constant USAGE_EPOCH_MASK = 0xffffffff; // 32 bits
    uint256 internal constant USED_OFFSET = 128;
    uint256 internal constant USED_MASK = 0xffffffffffff; // 48 bits
    uint256 internal constant PROCESS_QUOTA_OFFSET = 176;
    uint256 internal constant PROCESS_QUOTA_MASK = 0xffffffffff; // 40 bits
    uint256 internal constant USER_QUOTA_OFFSET = 216;
    uint256 internal constant USER_QUOTA_MASK = 0xffffffff; // 32 bits
    uint256 internal constant HAS_THRESHOLDS_OFFSET = 248;
    uint256 internal constant HAS_THRESHOLDS_MASK = 0xff; // 8 bits (a Solidity bool: 0 or 1)

    // ------------------------------------------------------------------ getters

    /// @dev The budget, in NYN-wei.
    function budget(MeterAccount self) internal pure returns (uint96 v) {
        assembly ("memory-safe") {
            v := and(self, BUDGET_MASK)
        }
    }

    /// @dev The epoch `used` belongs to.
    function usageEpoch(MeterAccount self) internal pure returns (uint32 v) {
        assembly ("memory-safe") {
            v := and(shr(USAGE_EPOCH_OFFSET, self), USAGE_EPOCH_MASK)
        }
    }

    /// @dev Gas charged in `usageEpoch`.
    function used(MeterAccount self) internal pure returns (uint48 v) {
        assembly ("memory-safe") {
            v := and(shr(USED_OFFSET, self), USED_MASK)
        }
    }

    /// @dev Gas charged in `epoch`: `used` when it belongs to `epoch`, else 0 (the lazy quota reset).
    function usageIn(MeterAccount self, uint256 epoch) internal pure returns (uint256 v) {
        assembly ("memory-safe") {
            v := mul(
                eq(and(shr(USAGE_EPOCH_OFFSET, self), USAGE_EPOCH_MASK), epoch),
                and(shr(USED_OFFSET, self), USED_MASK)
            )
        }
    }

    /// @dev The process quota, in gas per epoch (0 = unlimited).
    function processQuota(MeterAccount self) internal pure returns (uint40 v) {
        assembly ("memory-safe") {
            v := and(shr(PROCESS_QUOTA_OFFSET, self), PROCESS_QUOTA_MASK)
        }
    }

    /// @dev The per-user quota, in gas per user per epoch (0 = unlimited, per-user usage not recorded).
    function userQuota(MeterAccount self) internal pure returns (uint32 v) {
        assembly ("memory-safe") {
            v := and(shr(USER_QUOTA_OFFSET, self), USER_QUOTA_MASK)
        }
    }

    /// @dev Whether a low-budget or freezing threshold is set (any non-zero byte reads as set).
    function hasThresholds(MeterAccount self) internal pure returns (bool v) {
        assembly ("memory-safe") {
            v := iszero(iszero(shr(HAS_THRESHOLDS_OFFSET, self)))
        }
    }

    // ------------------------------------------------------------------ setters

    /// @dev The word with `budget` replaced.
    function withBudget(MeterAccount self, uint96 v) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(and(self, not(BUDGET_MASK)), and(v, BUDGET_MASK))
        }
    }

    /// @dev The word with `usageEpoch` replaced.
    function withUsageEpoch(MeterAccount self, uint32 v) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(USAGE_EPOCH_OFFSET, USAGE_EPOCH_MASK))),
                shl(USAGE_EPOCH_OFFSET, and(v, USAGE_EPOCH_MASK))
            )
        }
    }

    /// @dev The word with `used` replaced.
    function withUsed(MeterAccount self, uint48 v) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(and(self, not(shl(USED_OFFSET, USED_MASK))), shl(USED_OFFSET, and(v, USED_MASK)))
        }
    }

    /// @dev The word after a charge: `budget`, `usageEpoch` and `used` replaced at once (the hot path's one write),
    /// the quotas and the flag kept.
    function withCharge(
        MeterAccount self,
        uint96 budget_,
        uint32 usageEpoch_,
        uint48 used_
    ) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(
                and(
                    self,
                    not(or(BUDGET_MASK, or(shl(USAGE_EPOCH_OFFSET, USAGE_EPOCH_MASK), shl(USED_OFFSET, USED_MASK))))
                ),
                or(
                    and(budget_, BUDGET_MASK),
                    or(
                        shl(USAGE_EPOCH_OFFSET, and(usageEpoch_, USAGE_EPOCH_MASK)),
                        shl(USED_OFFSET, and(used_, USED_MASK))
                    )
                )
            )
        }
    }

    /// @dev The word with `processQuota` replaced.
    function withProcessQuota(MeterAccount self, uint40 v) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(PROCESS_QUOTA_OFFSET, PROCESS_QUOTA_MASK))),
                shl(PROCESS_QUOTA_OFFSET, and(v, PROCESS_QUOTA_MASK))
            )
        }
    }

    /// @dev The word with `userQuota` replaced.
    function withUserQuota(MeterAccount self, uint32 v) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(USER_QUOTA_OFFSET, USER_QUOTA_MASK))),
                shl(USER_QUOTA_OFFSET, and(v, USER_QUOTA_MASK))
            )
        }
    }

    /// @dev The word with `hasThresholds` replaced (stored as 1 or 0, as Solidity stores a bool).
    function withHasThresholds(MeterAccount self, bool v) internal pure returns (MeterAccount w) {
        assembly ("memory-safe") {
            w := or(and(self, not(shl(HAS_THRESHOLDS_OFFSET, HAS_THRESHOLDS_MASK))), shl(HAS_THRESHOLDS_OFFSET, v))
        }
    }
}
