// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev What a MarketEscrow dispute is about (the first word of its record, fixed when it opens): the escrowed
/// amount in dispute and the payer who paid it in (who receives the ruling's share of it). Layout (bit offset,
/// width):
///   payer (0, 160: the buyer or client) | amount (160, 96: in the escrow token's smallest unit; escrow amounts
///   are below 2^96).
/// The same bits as `IMarketEscrow.DisputeRecord`'s first slot when the compiler packed it (ADR 0009).
type DisputeClaim is uint256;

using DisputeClaimLibrary for DisputeClaim global;

/// @title DisputeClaimLibrary
/// @notice Getters and `with…` setters of a {DisputeClaim} word (Uniswap v4 `Slot0` style).
library DisputeClaimLibrary {
    uint256 internal constant PAYER_MASK = (1 << 160) - 1;
    uint256 internal constant AMOUNT_OFFSET = 160;

    // ------------------------------------------------------------------ getters

    function payer(DisputeClaim c) internal pure returns (address) {
        return address(uint160(DisputeClaim.unwrap(c)));
    }

    function amount(DisputeClaim c) internal pure returns (uint96) {
        return uint96(DisputeClaim.unwrap(c) >> AMOUNT_OFFSET);
    }

    // ------------------------------------------------------------------ setters (a new word)

    function withPayer(DisputeClaim c, address v) internal pure returns (DisputeClaim) {
        return DisputeClaim.wrap((DisputeClaim.unwrap(c) & ~PAYER_MASK) | uint160(v));
    }

    function withAmount(DisputeClaim c, uint96 v) internal pure returns (DisputeClaim) {
        return DisputeClaim.wrap((DisputeClaim.unwrap(c) & PAYER_MASK) | (uint256(v) << AMOUNT_OFFSET));
    }

    /// @dev The claim of `payer_` over `amount_` (below 2^96: an escrow amount).
    function pack(address payer_, uint256 amount_) internal pure returns (DisputeClaim) {
        return DisputeClaim.wrap(uint160(payer_) | (amount_ << AMOUNT_OFFSET));
    }
}
