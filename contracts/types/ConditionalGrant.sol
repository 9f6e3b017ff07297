// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev An ACL conditional capability's record (the second word of a grant whose `CapabilityGrant` carries the
/// conditional flag). Layout (bit offset, width): expiry (0, 64: seconds, `NO_EXPIRY` for none)
/// | condition (64, 160: the `IPermissionCondition` asked on every check, or the balance token of a built-in minimum).
type ConditionalGrant is uint256;

using ConditionalGrantLibrary for ConditionalGrant global;

/// @title ConditionalGrantLibrary
/// @notice Getters and the constructor of a {ConditionalGrant} word (Uniswap v4 `Slot0` style).
library ConditionalGrantLibrary {
    uint256 internal constant EXPIRY_MASK = (1 << 64) - 1;
    uint256 internal constant CONDITION_OFFSET = 64;
    uint256 internal constant CONDITION_MASK = (1 << 160) - 1;

    /// @dev The word of a grant expiring at `expiry_` under `condition_`.
    function pack(uint64 expiry_, address condition_) internal pure returns (ConditionalGrant) {
        return ConditionalGrant.wrap(uint256(expiry_) | (uint256(uint160(condition_)) << CONDITION_OFFSET));
    }

    function expiry(ConditionalGrant g) internal pure returns (uint64) {
        return uint64(ConditionalGrant.unwrap(g) & EXPIRY_MASK);
    }

    function condition(ConditionalGrant g) internal pure returns (address) {
        return address(uint160(ConditionalGrant.unwrap(g) >> CONDITION_OFFSET));
    }

    function withExpiry(ConditionalGrant g, uint64 v) internal pure returns (ConditionalGrant) {
        return ConditionalGrant.wrap((ConditionalGrant.unwrap(g) & ~EXPIRY_MASK) | v);
    }

    function withCondition(ConditionalGrant g, address v) internal pure returns (ConditionalGrant) {
        return
            ConditionalGrant.wrap(
                (ConditionalGrant.unwrap(g) & ~(CONDITION_MASK << CONDITION_OFFSET)) |
                    (uint256(uint160(v)) << CONDITION_OFFSET)
            );
    }
}
