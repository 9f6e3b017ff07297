// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev One grant of (who, where, what) in the `ACL`: the grant exists (and `who` is in the permission's holder list)
/// iff `position != 0`. Layout, from the low-order bits (Solidity's packing of the former struct, kept bit for bit):
///   bits   0-63   expiry           uint64, seconds, inclusive; `type(uint64).max` = never; kept after expiry until
///                                  revoked or renounced
///   bits  64-95   position         uint32, 1-based index of `who` in the permission's holder list
///   bits  96-127  accountPosition  uint32, 1-based index of the permission in `who`'s list of grants
///   bits 128-135  conditional      bool (bit 128): valid only while its condition grants
///   bits 136-231  minBalance       uint96: non-zero = the built-in condition "holds >= minBalance of the balance
///                                  token"
///   bits 232-255  unused (zero)
type PermissionGrant is uint256;

using PermissionGrantLibrary for PermissionGrant global;

/// @title PermissionGrantLibrary
/// @notice Getters and `with…` setters of a `PermissionGrant` word (Uniswap v4 `Slot0` style).
library PermissionGrantLibrary {
    uint256 internal constant EXPIRY_MASK = 0xffffffffffffffff;
    uint256 internal constant POSITION_OFFSET = 64;
    uint256 internal constant POSITION_MASK = 0xffffffff;
    uint256 internal constant ACCOUNT_POSITION_OFFSET = 96;
    uint256 internal constant ACCOUNT_POSITION_MASK = 0xffffffff;
    uint256 internal constant CONDITIONAL_OFFSET = 128;
    uint256 internal constant CONDITIONAL_MASK = 0xff;
    uint256 internal constant MIN_BALANCE_OFFSET = 136;
    uint256 internal constant MIN_BALANCE_MASK = 0xffffffffffffffffffffffff;

    function expiry(PermissionGrant self) internal pure returns (uint64) {
        return uint64(PermissionGrant.unwrap(self));
    }

    function position(PermissionGrant self) internal pure returns (uint256) {
        return (PermissionGrant.unwrap(self) >> POSITION_OFFSET) & POSITION_MASK;
    }

    function accountPosition(PermissionGrant self) internal pure returns (uint256) {
        return (PermissionGrant.unwrap(self) >> ACCOUNT_POSITION_OFFSET) & ACCOUNT_POSITION_MASK;
    }

    function isConditional(PermissionGrant self) internal pure returns (bool) {
        return (PermissionGrant.unwrap(self) >> CONDITIONAL_OFFSET) & CONDITIONAL_MASK != 0;
    }

    function minBalance(PermissionGrant self) internal pure returns (uint256) {
        return (PermissionGrant.unwrap(self) >> MIN_BALANCE_OFFSET) & MIN_BALANCE_MASK;
    }

    function withExpiry(PermissionGrant self, uint64 expiry_) internal pure returns (PermissionGrant) {
        return PermissionGrant.wrap((PermissionGrant.unwrap(self) & ~EXPIRY_MASK) | expiry_);
    }

    function withPosition(PermissionGrant self, uint32 position_) internal pure returns (PermissionGrant) {
        return _with(self, POSITION_OFFSET, POSITION_MASK, position_);
    }

    function withAccountPosition(
        PermissionGrant self,
        uint32 accountPosition_
    ) internal pure returns (PermissionGrant) {
        return _with(self, ACCOUNT_POSITION_OFFSET, ACCOUNT_POSITION_MASK, accountPosition_);
    }

    function withConditional(PermissionGrant self, bool conditional_) internal pure returns (PermissionGrant) {
        return _with(self, CONDITIONAL_OFFSET, CONDITIONAL_MASK, conditional_ ? 1 : 0);
    }

    function withMinBalance(PermissionGrant self, uint96 minBalance_) internal pure returns (PermissionGrant) {
        return _with(self, MIN_BALANCE_OFFSET, MIN_BALANCE_MASK, minBalance_);
    }

    function _with(
        PermissionGrant self,
        uint256 offset,
        uint256 mask,
        uint256 value
    ) private pure returns (PermissionGrant) {
        return PermissionGrant.wrap((PermissionGrant.unwrap(self) & ~(mask << offset)) | ((value & mask) << offset));
    }
}
