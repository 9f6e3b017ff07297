// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMarketplace} from "../interfaces/IMarketplace.sol";

/// @title MarketListingBatcher
/// @notice Test and benchmark helper only: creates many Marketplace listings (as their seller) in one transaction,
/// to measure that buying stays flat as listings grow.
contract MarketListingBatcher {
    /// @notice Create `count` listings of `quantity` units at `pricePerUnit` NYN-wei, delivery window `window`.
    /// @return lastListingId The id of the last listing created.
    function createListings(
        IMarketplace market,
        uint256 count,
        uint256 pricePerUnit,
        uint256 quantity,
        uint256 window
    ) external returns (uint256 lastListingId) {
        for (uint256 i = 0; i < count; ++i) {
            lastListingId = market.createListing(pricePerUnit, quantity, "", window);
        }
    }
}
