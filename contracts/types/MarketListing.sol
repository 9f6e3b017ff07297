// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMarketplace} from "../interfaces/IMarketplace.sol";

/// @dev A Marketplace listing's word (read and written whole: one SLOAD and at most one SSTORE per call).
/// Layout (bit offset, width):
///   pricePerUnit (0, 96: in the listing token's smallest unit) | quantity (96, 64: units left)
///   | deliveryWindow (160, 32: seconds) | status (192, 8: `IMarketplace.ListingStatus`)
///   | sellerId (200, 40: the seller's compact id) | tokenId (240, 8: the payment token's id, 0: NYN).
type MarketListing is uint256;

using MarketListingLibrary for MarketListing global;

/// @title MarketListingLibrary
/// @notice Getters and `with…` setters of a {MarketListing} word (Uniswap v4 `Slot0` style).
library MarketListingLibrary {
    uint256 internal constant PRICE_MASK = (1 << 96) - 1;
    uint256 internal constant QUANTITY_OFFSET = 96;
    uint256 internal constant QUANTITY_MASK = (1 << 64) - 1;
    uint256 internal constant WINDOW_OFFSET = 160;
    uint256 internal constant WINDOW_MASK = (1 << 32) - 1;
    uint256 internal constant STATUS_OFFSET = 192;
    uint256 internal constant STATUS_MASK = (1 << 8) - 1;
    uint256 internal constant SELLER_OFFSET = 200;
    uint256 internal constant SELLER_MASK = (1 << 40) - 1;
    uint256 internal constant TOKEN_OFFSET = 240;
    uint256 internal constant TOKEN_MASK = (1 << 8) - 1;

    // ------------------------------------------------------------------ getters

    function pricePerUnit(MarketListing listing) internal pure returns (uint96) {
        return uint96(MarketListing.unwrap(listing));
    }

    function quantity(MarketListing listing) internal pure returns (uint64) {
        return uint64(MarketListing.unwrap(listing) >> QUANTITY_OFFSET);
    }

    function deliveryWindow(MarketListing listing) internal pure returns (uint32) {
        return uint32(MarketListing.unwrap(listing) >> WINDOW_OFFSET);
    }

    function status(MarketListing listing) internal pure returns (IMarketplace.ListingStatus) {
        return IMarketplace.ListingStatus(uint8(MarketListing.unwrap(listing) >> STATUS_OFFSET));
    }

    function sellerId(MarketListing listing) internal pure returns (uint40) {
        return uint40(MarketListing.unwrap(listing) >> SELLER_OFFSET);
    }

    function tokenId(MarketListing listing) internal pure returns (uint8) {
        return uint8(MarketListing.unwrap(listing) >> TOKEN_OFFSET);
    }

    // ------------------------------------------------------------------ setters (a new word)

    function withPricePerUnit(MarketListing listing, uint256 v) internal pure returns (MarketListing) {
        return _with(listing, 0, PRICE_MASK, v);
    }

    function withQuantity(MarketListing listing, uint256 v) internal pure returns (MarketListing) {
        return _with(listing, QUANTITY_OFFSET, QUANTITY_MASK, v);
    }

    function withDeliveryWindow(MarketListing listing, uint256 v) internal pure returns (MarketListing) {
        return _with(listing, WINDOW_OFFSET, WINDOW_MASK, v);
    }

    function withStatus(MarketListing listing, IMarketplace.ListingStatus v) internal pure returns (MarketListing) {
        return _with(listing, STATUS_OFFSET, STATUS_MASK, uint256(v));
    }

    function withSellerId(MarketListing listing, uint256 v) internal pure returns (MarketListing) {
        return _with(listing, SELLER_OFFSET, SELLER_MASK, v);
    }

    function withTokenId(MarketListing listing, uint256 v) internal pure returns (MarketListing) {
        return _with(listing, TOKEN_OFFSET, TOKEN_MASK, v);
    }

    /// @dev `listing` with `units` fewer units (the caller checked `units <= listing.quantity()`: only that field
    /// changes).
    function minusQuantity(MarketListing listing, uint256 units) internal pure returns (MarketListing) {
        unchecked {
            return MarketListing.wrap(MarketListing.unwrap(listing) - (units << QUANTITY_OFFSET));
        }
    }

    /// @dev A listing word from its fields, each already within its width.
    function pack(
        uint256 pricePerUnit_,
        uint256 quantity_,
        uint256 deliveryWindow_,
        IMarketplace.ListingStatus status_,
        uint256 sellerId_,
        uint256 tokenId_
    ) internal pure returns (MarketListing) {
        return
            MarketListing.wrap(
                pricePerUnit_ |
                    (quantity_ << QUANTITY_OFFSET) |
                    (deliveryWindow_ << WINDOW_OFFSET) |
                    (uint256(status_) << STATUS_OFFSET) |
                    (sellerId_ << SELLER_OFFSET) |
                    (tokenId_ << TOKEN_OFFSET)
            );
    }

    function _with(
        MarketListing listing,
        uint256 offset,
        uint256 mask,
        uint256 v
    ) private pure returns (MarketListing) {
        return MarketListing.wrap((MarketListing.unwrap(listing) & ~(mask << offset)) | ((v & mask) << offset));
    }
}
