// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev A Marketplace seller's word (per address). Layout (bit offset, width):
///   id (0, 40: the compact seller id assigned at the first listing, below 2^32; 0: not a seller yet)
///   | listingCount (40, 64: listings created, so the seller's n-th listing id is `seller << 64 | n`).
type MarketSeller is uint256;

using MarketSellerLibrary for MarketSeller global;

/// @title MarketSellerLibrary
/// @notice Getters and `with…` setters of a {MarketSeller} word (Uniswap v4 `Slot0` style).
library MarketSellerLibrary {
    uint256 internal constant ID_MASK = (1 << 40) - 1;
    uint256 internal constant COUNT_OFFSET = 40;
    uint256 internal constant COUNT_MASK = (1 << 64) - 1;

    function id(MarketSeller s) internal pure returns (uint256) {
        return MarketSeller.unwrap(s) & ID_MASK;
    }

    function listingCount(MarketSeller s) internal pure returns (uint256) {
        return (MarketSeller.unwrap(s) >> COUNT_OFFSET) & COUNT_MASK;
    }

    function withId(MarketSeller s, uint256 v) internal pure returns (MarketSeller) {
        return MarketSeller.wrap((MarketSeller.unwrap(s) & ~ID_MASK) | (v & ID_MASK));
    }

    function withListingCount(MarketSeller s, uint256 v) internal pure returns (MarketSeller) {
        return
            MarketSeller.wrap(
                (MarketSeller.unwrap(s) & ~(COUNT_MASK << COUNT_OFFSET)) | ((v & COUNT_MASK) << COUNT_OFFSET)
            );
    }

    /// @dev The word of seller `sellerId` (below 2^40) with `count` (below 2^64) listings.
    function pack(uint256 sellerId, uint256 count) internal pure returns (MarketSeller) {
        return MarketSeller.wrap(sellerId | (count << COUNT_OFFSET));
    }
}
