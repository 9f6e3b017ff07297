// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev One process-scoped capability grant in the `ACL` (the `capabilities` word of keccak256(pid, generation, who,
/// what)); zero = no grant. Layout, from the low-order bits (kept bit for bit from the former hand-packed word):
///   bits   0-63   expiry             uint64, seconds, inclusive, of an unconditional grant (0 for a conditional one,
///                                    so that an expiry-only check denies)
///   bit   64      conditional        the grant is conditional: its condition is in `conditionalCapabilities`
///   bits  96-159  conditionalExpiry  uint64, seconds: the expiry of a built-in balance-condition grant
///   bits 160-255  minBalance         uint96: non-zero = the built-in condition "holds >= minBalance of the balance
///                                    token"
type CapabilityGrant is uint256;

using CapabilityGrantLibrary for CapabilityGrant global;

/// @title CapabilityGrantLibrary
/// @notice Getters and `with…` setters of a `CapabilityGrant` word (Uniswap v4 `Slot0` style).
library CapabilityGrantLibrary {
    uint256 internal constant EXPIRY_MASK = 0xffffffffffffffff;
    uint256 internal constant CONDITIONAL_OFFSET = 64;
    uint256 internal constant CONDITIONAL_MASK = 0x1;
    uint256 internal constant CONDITIONAL_EXPIRY_OFFSET = 96;
    uint256 internal constant CONDITIONAL_EXPIRY_MASK = 0xffffffffffffffff;
    uint256 internal constant MIN_BALANCE_OFFSET = 160;
    uint256 internal constant MIN_BALANCE_MASK = 0xffffffffffffffffffffffff;

    function expiry(CapabilityGrant self) internal pure returns (uint64) {
        return uint64(CapabilityGrant.unwrap(self));
    }

    function isConditional(CapabilityGrant self) internal pure returns (bool) {
        return (CapabilityGrant.unwrap(self) >> CONDITIONAL_OFFSET) & CONDITIONAL_MASK != 0;
    }

    function conditionalExpiry(CapabilityGrant self) internal pure returns (uint64) {
        return uint64(CapabilityGrant.unwrap(self) >> CONDITIONAL_EXPIRY_OFFSET);
    }

    function minBalance(CapabilityGrant self) internal pure returns (uint256) {
        return CapabilityGrant.unwrap(self) >> MIN_BALANCE_OFFSET;
    }

    function withExpiry(CapabilityGrant self, uint64 expiry_) internal pure returns (CapabilityGrant) {
        return CapabilityGrant.wrap((CapabilityGrant.unwrap(self) & ~EXPIRY_MASK) | expiry_);
    }

    function withConditional(CapabilityGrant self, bool conditional_) internal pure returns (CapabilityGrant) {
        return _with(self, CONDITIONAL_OFFSET, CONDITIONAL_MASK, conditional_ ? 1 : 0);
    }

    function withConditionalExpiry(CapabilityGrant self, uint64 expiry_) internal pure returns (CapabilityGrant) {
        return _with(self, CONDITIONAL_EXPIRY_OFFSET, CONDITIONAL_EXPIRY_MASK, expiry_);
    }

    function withMinBalance(CapabilityGrant self, uint96 minBalance_) internal pure returns (CapabilityGrant) {
        return _with(self, MIN_BALANCE_OFFSET, MIN_BALANCE_MASK, minBalance_);
    }

    function _with(
        CapabilityGrant self,
        uint256 offset,
        uint256 mask,
        uint256 value
    ) private pure returns (CapabilityGrant) {
        return CapabilityGrant.wrap((CapabilityGrant.unwrap(self) & ~(mask << offset)) | ((value & mask) << offset));
    }
}
