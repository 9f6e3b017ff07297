// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMarketplace} from "../interfaces/IMarketplace.sol";

/// @dev A Marketplace order's word (read and written whole). Layout (bit offset, width):
///   sellerId (0, 32) | status (32, 8: `IMarketplace.OrderStatus`) | feeBps (40, 16: locked at purchase)
///   | deadline (56, 40: seconds; ship-by while Paid, confirm-by once Shipped) | deliveryWindow (96, 25: seconds)
///   | tokenId (121, 7: the payment token's id, 0: NYN) | amount (128, 96: escrowed, in the token's smallest unit)
///   | number (224, 32: the order's n for its buyer, `orderId = buyer << 64 | n`).
/// The delivery window is at most 365 days < 2^25 seconds, so the token id takes the window's top 7 bits (orders
/// placed before tokens existed read token 0, NYN). A settled order in its buyer's latest-order word keeps only its
/// number and status Settled (`settled()`): the buyer's order count.
type MarketOrder is uint256;

using MarketOrderLibrary for MarketOrder global;

/// @title MarketOrderLibrary
/// @notice Getters and `with…` setters of a {MarketOrder} word (Uniswap v4 `Slot0` style).
library MarketOrderLibrary {
    uint256 internal constant SELLER_MASK = (1 << 32) - 1;
    uint256 internal constant STATUS_OFFSET = 32;
    uint256 internal constant STATUS_MASK = (1 << 8) - 1;
    uint256 internal constant FEE_OFFSET = 40;
    uint256 internal constant FEE_MASK = (1 << 16) - 1;
    uint256 internal constant DEADLINE_OFFSET = 56;
    uint256 internal constant DEADLINE_MASK = (1 << 40) - 1;
    uint256 internal constant WINDOW_OFFSET = 96;
    uint256 internal constant WINDOW_MASK = (1 << 25) - 1;
    uint256 internal constant TOKEN_OFFSET = 121;
    uint256 internal constant TOKEN_MASK = (1 << 7) - 1;
    uint256 internal constant AMOUNT_OFFSET = 128;
    uint256 internal constant AMOUNT_MASK = (1 << 96) - 1;
    uint256 internal constant NUMBER_OFFSET = 224;

    // ------------------------------------------------------------------ getters

    function sellerId(MarketOrder o) internal pure returns (uint32) {
        return uint32(MarketOrder.unwrap(o));
    }

    function status(MarketOrder o) internal pure returns (IMarketplace.OrderStatus) {
        return IMarketplace.OrderStatus(uint8(MarketOrder.unwrap(o) >> STATUS_OFFSET));
    }

    function feeBps(MarketOrder o) internal pure returns (uint16) {
        return uint16(MarketOrder.unwrap(o) >> FEE_OFFSET);
    }

    function deadline(MarketOrder o) internal pure returns (uint40) {
        return uint40(MarketOrder.unwrap(o) >> DEADLINE_OFFSET);
    }

    function deliveryWindow(MarketOrder o) internal pure returns (uint256) {
        return (MarketOrder.unwrap(o) >> WINDOW_OFFSET) & WINDOW_MASK;
    }

    function tokenId(MarketOrder o) internal pure returns (uint256) {
        return (MarketOrder.unwrap(o) >> TOKEN_OFFSET) & TOKEN_MASK;
    }

    function amount(MarketOrder o) internal pure returns (uint96) {
        return uint96(MarketOrder.unwrap(o) >> AMOUNT_OFFSET);
    }

    function number(MarketOrder o) internal pure returns (uint256) {
        return MarketOrder.unwrap(o) >> NUMBER_OFFSET;
    }

    function isEmpty(MarketOrder o) internal pure returns (bool) {
        return MarketOrder.unwrap(o) == 0;
    }

    // ------------------------------------------------------------------ setters (a new word)

    function withSellerId(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, 0, SELLER_MASK, v);
    }

    function withStatus(MarketOrder o, IMarketplace.OrderStatus v) internal pure returns (MarketOrder) {
        return _with(o, STATUS_OFFSET, STATUS_MASK, uint256(v));
    }

    function withFeeBps(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, FEE_OFFSET, FEE_MASK, v);
    }

    function withDeadline(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, DEADLINE_OFFSET, DEADLINE_MASK, v);
    }

    function withDeliveryWindow(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, WINDOW_OFFSET, WINDOW_MASK, v);
    }

    function withTokenId(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, TOKEN_OFFSET, TOKEN_MASK, v);
    }

    function withAmount(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, AMOUNT_OFFSET, AMOUNT_MASK, v);
    }

    function withNumber(MarketOrder o, uint256 v) internal pure returns (MarketOrder) {
        return _with(o, NUMBER_OFFSET, type(uint32).max, v);
    }

    /// @dev `o` Shipped, with confirm-by `confirmBy` (below 2^40) as its deadline: status and deadline in one write.
    function shipped(MarketOrder o, uint256 confirmBy) internal pure returns (MarketOrder) {
        return
            MarketOrder.wrap(
                (MarketOrder.unwrap(o) & ~((STATUS_MASK << STATUS_OFFSET) | (DEADLINE_MASK << DEADLINE_OFFSET))) |
                    (uint256(IMarketplace.OrderStatus.Shipped) << STATUS_OFFSET) |
                    (confirmBy << DEADLINE_OFFSET)
            );
    }

    /// @dev The tombstone of settled order `o` in its buyer's latest-order word: its number, status Settled.
    function settled(MarketOrder o) internal pure returns (MarketOrder) {
        return
            MarketOrder.wrap(
                ((MarketOrder.unwrap(o) >> NUMBER_OFFSET) << NUMBER_OFFSET) |
                    (uint256(IMarketplace.OrderStatus.Settled) << STATUS_OFFSET)
            );
    }

    /// @dev The fee and token id of a new order in their bits (`pack`'s `terms`).
    function terms(uint256 feeBps_, uint256 tokenId_) internal pure returns (uint256) {
        return (feeBps_ << FEE_OFFSET) | (tokenId_ << TOKEN_OFFSET);
    }

    /// @dev A new Paid order word from its fields, each already within its width (`terms_` from `terms`).
    function pack(
        uint256 sellerId_,
        uint256 terms_,
        uint256 deadline_,
        uint256 deliveryWindow_,
        uint256 amount_,
        uint256 number_
    ) internal pure returns (MarketOrder) {
        return
            MarketOrder.wrap(
                sellerId_ |
                    (uint256(IMarketplace.OrderStatus.Paid) << STATUS_OFFSET) |
                    terms_ |
                    (deadline_ << DEADLINE_OFFSET) |
                    (deliveryWindow_ << WINDOW_OFFSET) |
                    (amount_ << AMOUNT_OFFSET) |
                    (number_ << NUMBER_OFFSET)
            );
    }

    function _with(MarketOrder o, uint256 offset, uint256 mask, uint256 v) private pure returns (MarketOrder) {
        return MarketOrder.wrap((MarketOrder.unwrap(o) & ~(mask << offset)) | ((v & mask) << offset));
    }
}
