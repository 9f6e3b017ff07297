// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev One entry of a MarketEscrow module's token list (its `tokens` word). Layout (bit offset, width):
///   token (0, 160: the ERC-20 address) | approved (160, 1: new listings, purchases and jobs may use it).
type EscrowToken is uint256;

using EscrowTokenLibrary for EscrowToken global;

/// @title EscrowTokenLibrary
/// @notice Getters and `with…` setters of an {EscrowToken} word (Uniswap v4 `Slot0` style).
library EscrowTokenLibrary {
    uint256 internal constant TOKEN_MASK = (1 << 160) - 1;
    uint256 internal constant APPROVED_OFFSET = 160;
    uint256 internal constant APPROVED_FLAG = 1 << APPROVED_OFFSET;

    function token(EscrowToken t) internal pure returns (address) {
        return address(uint160(EscrowToken.unwrap(t)));
    }

    function approved(EscrowToken t) internal pure returns (bool) {
        return EscrowToken.unwrap(t) & APPROVED_FLAG != 0;
    }

    /// @dev The entry of `token_`, approved or not.
    function pack(address token_, bool approved_) internal pure returns (EscrowToken) {
        return EscrowToken.wrap(uint160(token_) | (approved_ ? APPROVED_FLAG : 0));
    }

    function withToken(EscrowToken t, address v) internal pure returns (EscrowToken) {
        return EscrowToken.wrap((EscrowToken.unwrap(t) & ~TOKEN_MASK) | uint160(v));
    }

    function withApproved(EscrowToken t, bool v) internal pure returns (EscrowToken) {
        return EscrowToken.wrap((EscrowToken.unwrap(t) & ~APPROVED_FLAG) | (v ? APPROVED_FLAG : 0));
    }
}
