// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title MinimalEscrow
/// @notice Benchmark anchor only (not part of NYN OS): the least a goods escrow can do — list at a price, buy into
/// escrow, the buyer releases to the seller. No fee, deadlines, disputes, quantities, proxy, pause or reputation.
contract MinimalEscrow {
    using SafeERC20 for IERC20;

    struct Listing {
        address seller;
        uint96 price;
    }

    struct Deal {
        address buyer;
        uint96 amount;
        address seller;
    }

    IERC20 private immutable _TOKEN;
    uint256 private _listingCount;
    uint256 private _dealCount;
    mapping(uint256 listingId => Listing) private _listings;
    mapping(uint256 dealId => Deal) private _deals;

    /// @notice A listing was created.
    event Listed(uint256 indexed listingId, address indexed seller, uint256 price);
    /// @notice A listing was bought into escrow.
    event Bought(uint256 indexed dealId, uint256 indexed listingId, address indexed buyer);
    /// @notice The buyer released a deal to the seller.
    event Released(uint256 indexed dealId);

    /// @notice The caller is not the buyer of the deal.
    error MinimalEscrowNotBuyer(uint256 dealId, address caller);

    /// @param token_ The payment token.
    constructor(IERC20 token_) {
        _TOKEN = token_;
    }

    /// @notice List one item at `price`.
    function list(uint96 price) external returns (uint256 listingId) {
        listingId = ++_listingCount;
        _listings[listingId] = Listing(msg.sender, price);
        emit Listed(listingId, msg.sender, price);
    }

    /// @notice Buy listing `listingId` into escrow.
    function buy(uint256 listingId) external returns (uint256 dealId) {
        Listing memory lst = _listings[listingId];
        dealId = ++_dealCount;
        _deals[dealId] = Deal(msg.sender, lst.price, lst.seller);
        emit Bought(dealId, listingId, msg.sender);
        _TOKEN.safeTransferFrom(msg.sender, address(this), lst.price);
    }

    /// @notice The buyer releases the escrow to the seller.
    function release(uint256 dealId) external {
        Deal memory d = _deals[dealId];
        if (msg.sender != d.buyer) revert MinimalEscrowNotBuyer(dealId, msg.sender);
        delete _deals[dealId];
        emit Released(dealId);
        _TOKEN.safeTransfer(d.seller, d.amount);
    }
}
