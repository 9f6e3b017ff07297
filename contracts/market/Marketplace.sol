// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {MarketEscrow} from "./MarketEscrow.sol";

/// @title Marketplace
/// @notice The NYN OS goods marketplace module (see {IMarketplace}), installed by the kernel under
/// `KernelIds.MARKETPLACE`: listings, escrowed orders with ship/confirm deadlines, disputes, fees to the treasury.
/// @dev Gas: a listing and an order are one storage slot each; ids carry the seller (listings) or the buyer
/// (orders) so "listings by seller" and "orders by buyer" need only a per-account counter; an order names its
/// seller by a 40-bit compact id assigned at the seller's first listing. Every call is O(1); the paginated views
/// are O(limit).
contract Marketplace is MarketEscrow, IMarketplace {
    using SafeCast for uint256;

    /// @inheritdoc IMarketplace
    uint256 public constant MIN_DELIVERY_WINDOW = 1 hours;
    /// @inheritdoc IMarketplace
    uint256 public constant MAX_DELIVERY_WINDOW = 365 days;

    // Records are packed into one storage word each and read and written as whole words (one SLOAD and at most
    // one SSTORE per record per call; the compiler would re-read and write packed structs field by field).
    //
    // Seller word (per address): compact id (40 bits) | listing count (64) << 40.
    // Listing word: pricePerUnit (96) | quantity (64) << 96 | deliveryWindow (32) << 160 | ListingStatus (8) << 192
    //   | sellerId (40) << 200.
    // Order word: sellerId (40) | OrderStatus (8) << 40 | feeBps (16) << 48 | deadline (40) << 64
    //   | deliveryWindow (32) << 104 | amount (96) << 136.
    uint256 private constant SELLER_COUNT = 40;
    uint256 private constant LISTING_QUANTITY = 96;
    uint256 private constant LISTING_WINDOW = 160;
    uint256 private constant LISTING_STATUS = 192;
    uint256 private constant LISTING_SELLER = 200;
    uint256 private constant ORDER_STATUS = 40;
    uint256 private constant ORDER_FEE = 48;
    uint256 private constant ORDER_DEADLINE = 64;
    uint256 private constant ORDER_WINDOW = 104;
    uint256 private constant ORDER_AMOUNT = 136;

    /// @custom:storage-location erc7201:nyn.storage.Marketplace
    struct MarketplaceStorage {
        uint40 sellerCount;
        mapping(address seller => uint256 word) sellers;
        mapping(uint40 sellerId => address seller) sellerAddresses;
        mapping(uint256 listingId => uint256 word) listings;
        mapping(uint256 orderId => uint256 word) orders;
        mapping(address buyer => uint256 count) orderCounts;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.Marketplace")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MARKETPLACE_STORAGE = 0xf9a1502c1e78ee95d7778e0ff72c29506f1bb6c050767fcb4a327fa661d9cc00;

    /// @notice Build the implementation for `kernel_` (see `KernelModule`).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) MarketEscrow(kernel_) {}

    /// @notice Initialise the marketplace (called once by the kernel through the proxy).
    /// @dev Reverts with `MarketEscrowZeroAddress`, `MarketEscrowFeeTooHigh`, `InvalidInitialization`.
    /// @param token_ The payment token (NYN). @param treasury_ Where fees are collected (the kernel root).
    /// @param feeBps_ The initial fee in basis points (at most `MAX_FEE_BPS`).
    function initialize(IERC20 token_, address treasury_, uint256 feeBps_) external initializer {
        __MarketEscrow_init(token_, treasury_, feeBps_);
    }

    // ------------------------------------------------------------------ listings

    /// @inheritdoc IMarketplace
    function createListing(
        uint256 pricePerUnit,
        uint256 quantity,
        string calldata metadataURI,
        uint256 deliveryWindow
    ) external returns (uint256 listingId) {
        if (pricePerUnit == 0) revert MarketplaceZeroPrice();
        if (quantity == 0) revert MarketplaceZeroQuantity();
        if (deliveryWindow < MIN_DELIVERY_WINDOW || deliveryWindow > MAX_DELIVERY_WINDOW) {
            revert MarketplaceInvalidDeliveryWindow(deliveryWindow, MIN_DELIVERY_WINDOW, MAX_DELIVERY_WINDOW);
        }
        uint256 price = pricePerUnit.toUint96();
        uint256 units = quantity.toUint64();
        MarketplaceStorage storage $ = _s();
        uint256 seller = $.sellers[msg.sender];
        uint256 sellerId = uint40(seller);
        if (sellerId == 0) {
            // Cannot overflow: 2^40 sellers would cost far more gas than exists.
            unchecked {
                sellerId = ++$.sellerCount;
            }
            $.sellerAddresses[uint40(sellerId)] = msg.sender;
            // From now on the seller's balance and reputation are kept under its seller key.
            _moveAccount(uint160(msg.sender), _sellerKey(sellerId));
            emit SellerRegistered(msg.sender, sellerId);
        }
        uint256 n;
        // Cannot overflow: one listing per call; 2^64 calls are out of reach.
        unchecked {
            n = (seller >> SELLER_COUNT) + 1;
        }
        $.sellers[msg.sender] = sellerId | (n << SELLER_COUNT);
        listingId = _id(msg.sender, n);
        $.listings[listingId] =
            price |
            (units << LISTING_QUANTITY) |
            (deliveryWindow << LISTING_WINDOW) | // <= MAX_DELIVERY_WINDOW, checked above
            (uint256(ListingStatus.Active) << LISTING_STATUS) |
            (sellerId << LISTING_SELLER);
        emit ListingCreated(listingId, msg.sender, pricePerUnit, quantity, deliveryWindow, metadataURI);
    }

    /// @inheritdoc IMarketplace
    function updatePrice(uint256 listingId, uint256 newPricePerUnit) external {
        if (newPricePerUnit == 0) revert MarketplaceZeroPrice();
        uint256 listed = _ownActiveListing(listingId);
        _s().listings[listingId] = (listed & ~uint256(type(uint96).max)) | newPricePerUnit.toUint96();
        emit ListingPriceUpdated(listingId, uint96(listed), newPricePerUnit);
    }

    /// @inheritdoc IMarketplace
    function updateQuantity(uint256 listingId, uint256 newQuantity) external {
        if (newQuantity == 0) revert MarketplaceZeroQuantity();
        uint256 listed = _ownActiveListing(listingId);
        _s().listings[listingId] =
            (listed & ~(uint256(type(uint64).max) << LISTING_QUANTITY)) |
            (uint256(newQuantity.toUint64()) << LISTING_QUANTITY);
        emit ListingQuantityUpdated(listingId, uint64(listed >> LISTING_QUANTITY), newQuantity);
    }

    /// @inheritdoc IMarketplace
    function cancelListing(uint256 listingId) external {
        uint256 listed = _ownActiveListing(listingId);
        _s().listings[listingId] =
            (listed & ~(uint256(type(uint8).max) << LISTING_STATUS)) |
            (uint256(ListingStatus.Cancelled) << LISTING_STATUS);
        emit ListingCancelled(listingId);
    }

    // ------------------------------------------------------------------ orders

    /// @inheritdoc IMarketplace
    function buy(
        uint256 listingId,
        uint256 quantity,
        uint256 maxPricePerUnit
    ) external nonReentrant returns (uint256 orderId) {
        return _buy(listingId, quantity, maxPricePerUnit); // checks the kernel's pause first
    }

    /// @inheritdoc IMarketplace
    function buyWithPermit(
        uint256 listingId,
        uint256 quantity,
        uint256 maxPricePerUnit,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 orderId) {
        (IERC20 token_, ) = _tokenAndFeeWhenRunning();
        // A front-runner may have used the permit already: then the allowance it set is what `_buy` relies on.
        try
            IERC20Permit(address(token_)).permit(
                msg.sender,
                address(this),
                Math.saturatingMul(quantity, maxPricePerUnit),
                permitDeadline,
                v,
                r,
                s
            )
        {} catch {}
        return _buy(listingId, quantity, maxPricePerUnit);
    }

    /// @inheritdoc IMarketplace
    function ship(uint256 orderId) external {
        uint256 o = _order(orderId);
        _onlySeller(orderId, o);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = uint40(o >> ORDER_DEADLINE);
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        uint256 confirmBy = block.timestamp + uint32(o >> ORDER_WINDOW); // + at most 365 days: < 2^40
        _s().orders[orderId] =
            (o & ~((uint256(type(uint8).max) << ORDER_STATUS) | (uint256(type(uint40).max) << ORDER_DEADLINE))) |
            (uint256(OrderStatus.Shipped) << ORDER_STATUS) |
            (confirmBy << ORDER_DEADLINE);
        emit OrderShipped(orderId, confirmBy);
    }

    /// @inheritdoc IMarketplace
    function confirmDelivery(uint256 orderId) external nonReentrant {
        uint256 o = _order(orderId);
        address buyer = _owner(orderId);
        if (msg.sender != buyer) revert MarketplaceNotBuyer(orderId, msg.sender, buyer);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        _complete(orderId, o, false);
    }

    /// @inheritdoc IMarketplace
    function refundOrder(uint256 orderId) external nonReentrant {
        uint256 o = _order(orderId);
        _onlySeller(orderId, o);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        _refund(orderId, o, false);
    }

    /// @inheritdoc IMarketplace
    function settle(uint256 orderId) external nonReentrant {
        uint256 o = _order(orderId);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        uint256 deadline = uint40(o >> ORDER_DEADLINE);
        if (block.timestamp <= deadline) revert MarketplaceDeadlineNotPassed(orderId, deadline, block.timestamp);
        if (status == OrderStatus.Paid) _refund(orderId, o, true);
        else _complete(orderId, o, true);
    }

    /// @inheritdoc IMarketplace
    function openDispute(
        uint256 orderId,
        string calldata evidenceURI
    ) external nonReentrant returns (uint256 disputeId) {
        uint256 o = _order(orderId);
        address buyer = _owner(orderId);
        address seller = _s().sellerAddresses[uint40(o)];
        if (msg.sender != buyer && msg.sender != seller) revert MarketplaceNotParty(orderId, msg.sender);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Shipped) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = uint40(o >> ORDER_DEADLINE);
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        _s().orders[orderId] = _withStatus(o, OrderStatus.Disputed);
        disputeId = _openDisputeFor(
            buyer,
            seller,
            uint96(o >> ORDER_AMOUNT),
            uint16(o >> ORDER_FEE),
            orderId,
            msg.sender,
            evidenceURI
        );
        emit OrderDisputed(orderId, disputeId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketplace
    function listing(uint256 listingId) external view returns (Listing memory) {
        uint256 listed = _s().listings[listingId];
        if (_listingStatus(listed) == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        return _listingView(listed);
    }

    /// @inheritdoc IMarketplace
    function listingCount(address seller) external view returns (uint256) {
        return _s().sellers[seller] >> SELLER_COUNT;
    }

    /// @inheritdoc IMarketplace
    function listingsBySeller(
        address seller,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Listing[] memory listings) {
        MarketplaceStorage storage $ = _s();
        uint256 count = _pageSize($.sellers[seller] >> SELLER_COUNT, offset, limit);
        ids = new uint256[](count);
        listings = new Listing[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = _id(seller, offset + i + 1);
            ids[i] = id;
            listings[i] = _listingView($.listings[id]);
        }
    }

    /// @inheritdoc IMarketplace
    function order(uint256 orderId) external view returns (Order memory) {
        uint256 o = _s().orders[orderId];
        if (o == 0 && !_placed(orderId)) revert MarketplaceUnknownOrder(orderId);
        return _orderView(o);
    }

    /// @inheritdoc IMarketplace
    function orderCount(address buyer) external view returns (uint256) {
        return _s().orderCounts[buyer];
    }

    /// @inheritdoc IMarketplace
    function ordersByBuyer(
        address buyer,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Order[] memory orders) {
        MarketplaceStorage storage $ = _s();
        uint256 count = _pageSize($.orderCounts[buyer], offset, limit);
        ids = new uint256[](count);
        orders = new Order[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = _id(buyer, offset + i + 1);
            ids[i] = id;
            orders[i] = _orderView($.orders[id]);
        }
    }

    // ------------------------------------------------------------------ internals

    /// @dev Buy (after the kernel's pause check, which also reads the token and the fee).
    function _buy(uint256 listingId, uint256 quantity, uint256 maxPricePerUnit) private returns (uint256 orderId) {
        (IERC20 token_, uint256 fee) = _tokenAndFeeWhenRunning();
        (uint256 listed, uint256 amount) = _take(listingId, quantity, maxPricePerUnit);
        uint256 shipBy;
        (orderId, shipBy) = _placeOrder(listed, fee, amount);
        emit OrderPlaced(orderId, listingId, msg.sender, quantity, amount, shipBy);
        _pullPayment(token_, msg.sender, amount);
    }

    /// @dev Take `quantity` units from an active listing at a price within `maxPricePerUnit`: returns the listing
    /// word (before the purchase) and the amount to pay.
    function _take(
        uint256 listingId,
        uint256 quantity,
        uint256 maxPricePerUnit
    ) private returns (uint256 listed, uint256 amount) {
        if (quantity == 0) revert MarketplaceZeroQuantity();
        mapping(uint256 => uint256) storage listings = _s().listings;
        listed = listings[listingId];
        ListingStatus status = _listingStatus(listed);
        if (status != ListingStatus.Active) {
            if (status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
            revert MarketplaceListingNotActive(listingId, status);
        }
        if (msg.sender == _owner(listingId)) revert MarketplaceSelfPurchase(listingId, msg.sender);
        uint256 available = uint64(listed >> LISTING_QUANTITY);
        if (quantity > available) revert MarketplaceInsufficientQuantity(listingId, quantity, available);
        uint256 price = uint96(listed);
        if (price > maxPricePerUnit) revert MarketplacePriceAboveMax(listingId, price, maxPricePerUnit);
        // Cannot underflow: quantity <= available, checked above, so the quantity field stays in its bits. Cannot
        // overflow: price < 2^96 and quantity <= available < 2^64; the amount is narrowed to 96 bits.
        unchecked {
            listings[listingId] = listed - (quantity << LISTING_QUANTITY);
            amount = (price * quantity).toUint96();
        }
    }

    /// @dev Record the caller's next order for `amount` NYN-wei from listing word `listed` at `fee` basis points.
    function _placeOrder(
        uint256 listed,
        uint256 fee,
        uint256 amount
    ) private returns (uint256 orderId, uint256 shipBy) {
        MarketplaceStorage storage $ = _s();
        uint256 n;
        // Cannot overflow, and stays below 2^64 (the id's nonce field): one order per call.
        unchecked {
            n = ++$.orderCounts[msg.sender];
        }
        orderId = _id(msg.sender, n);
        uint256 window = uint32(listed >> LISTING_WINDOW);
        shipBy = block.timestamp + window; // + at most 365 days: < 2^40
        $.orders[orderId] =
            uint40(listed >> LISTING_SELLER) |
            (uint256(OrderStatus.Paid) << ORDER_STATUS) |
            (fee << ORDER_FEE) |
            (shipBy << ORDER_DEADLINE) |
            (window << ORDER_WINDOW) |
            (amount << ORDER_AMOUNT);
    }

    function _complete(uint256 orderId, uint256 o, bool byTimeout) private {
        delete _s().orders[orderId]; // settled: nothing left to keep (the outcome is in the event)
        (uint256 net, uint256 fee) = _payPayee(
            _sellerKey(uint40(o)),
            uint96(o >> ORDER_AMOUNT),
            uint16(o >> ORDER_FEE),
            Completion.Sale
        );
        emit OrderCompleted(orderId, net, fee, byTimeout);
    }

    function _refund(uint256 orderId, uint256 o, bool byTimeout) private {
        uint256 amount = uint96(o >> ORDER_AMOUNT);
        delete _s().orders[orderId]; // settled: nothing left to keep (the outcome is in the event)
        _credit(_owner(orderId), amount);
        emit OrderRefunded(orderId, amount, byTimeout);
    }

    /// @dev A dispute over order `orderId` was settled (the base credited both sides): the order is Resolved.
    function _onDisputeSettled(uint256 orderId, uint256 disputeId) internal override {
        delete _s().orders[orderId]; // settled: nothing left to keep (the outcome is in the events)
        emit OrderResolved(orderId, disputeId);
    }

    /// @dev Sellers' accounts are keyed by their compact id (above 2^160: never an address key), so that
    /// completing an order credits the seller without looking up its address.
    function _accountKey(address account) internal view override returns (uint256) {
        uint256 sellerId = uint40(_s().sellers[account]);
        return sellerId == 0 ? uint160(account) : _sellerKey(sellerId);
    }

    function _sellerKey(uint256 sellerId) private pure returns (uint256) {
        return (1 << 160) | sellerId;
    }

    function _siblingModuleId() internal pure override returns (bytes32) {
        return KernelIds.JOB_BOARD;
    }

    /// @dev Reverts unless the caller is the seller of order word `o`.
    function _onlySeller(uint256 orderId, uint256 o) private view {
        MarketplaceStorage storage $ = _s();
        uint40 sellerId = uint40(o);
        if (uint40($.sellers[msg.sender]) != sellerId) {
            revert MarketplaceNotSeller(orderId, msg.sender, $.sellerAddresses[sellerId]);
        }
    }

    function _listingView(uint256 listed) private pure returns (Listing memory) {
        return
            Listing({
                pricePerUnit: uint96(listed),
                quantity: uint64(listed >> LISTING_QUANTITY),
                deliveryWindow: uint32(listed >> LISTING_WINDOW),
                status: _listingStatus(listed)
            });
    }

    /// @dev The view of order word `o`; a settled order's word is zero: status Settled, every field zero.
    function _orderView(uint256 o) private view returns (Order memory) {
        if (o == 0) return Order(address(0), OrderStatus.Settled, 0, 0, 0, 0);
        return
            Order({
                seller: _s().sellerAddresses[uint40(o)],
                status: _status(o),
                feeBps: uint16(o >> ORDER_FEE),
                deadline: uint40(o >> ORDER_DEADLINE),
                deliveryWindow: uint32(o >> ORDER_WINDOW),
                amount: uint96(o >> ORDER_AMOUNT)
            });
    }

    /// @dev The caller's own active listing (its word).
    function _ownActiveListing(uint256 listingId) private view returns (uint256 listed) {
        listed = _s().listings[listingId];
        ListingStatus status = _listingStatus(listed);
        if (status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        address seller = _owner(listingId);
        if (msg.sender != seller) revert MarketplaceNotSeller(listingId, msg.sender, seller);
        if (status != ListingStatus.Active) revert MarketplaceListingNotActive(listingId, status);
    }

    /// @dev The word of the live (unsettled) order `orderId`; reverts with `MarketplaceInvalidOrderStatus(orderId,
    /// Settled)` if it was settled, `MarketplaceUnknownOrder` if it was never placed.
    function _order(uint256 orderId) private view returns (uint256 o) {
        o = _s().orders[orderId];
        if (o == 0) {
            if (_placed(orderId)) revert MarketplaceInvalidOrderStatus(orderId, OrderStatus.Settled);
            revert MarketplaceUnknownOrder(orderId);
        }
    }

    /// @dev Whether `orderId` is the id of an order that was placed (its buyer's n-th, n within its order count).
    function _placed(uint256 orderId) private view returns (bool) {
        uint256 n = uint64(orderId);
        return n != 0 && orderId >> 224 == 0 && n <= _s().orderCounts[_owner(orderId)];
    }

    function _status(uint256 o) private pure returns (OrderStatus) {
        return OrderStatus(uint8(o >> ORDER_STATUS));
    }

    function _withStatus(uint256 o, OrderStatus status) private pure returns (uint256) {
        return (o & ~(uint256(type(uint8).max) << ORDER_STATUS)) | (uint256(status) << ORDER_STATUS);
    }

    function _listingStatus(uint256 listed) private pure returns (ListingStatus) {
        return ListingStatus(uint8(listed >> LISTING_STATUS));
    }

    /// @dev Listing and order ids: the account in the high 160 bits, its n-th listing/order in the low 64.
    function _id(address account, uint256 n) private pure returns (uint256) {
        return (uint256(uint160(account)) << 64) | n;
    }

    /// @dev The seller of a listing id, or the buyer of an order id.
    function _owner(uint256 id) private pure returns (address) {
        return address(uint160(id >> 64));
    }

    function _pageSize(uint256 total, uint256 offset, uint256 limit) private pure returns (uint256) {
        if (offset >= total) return 0;
        uint256 left = total - offset;
        return limit < left ? limit : left;
    }

    function _s() private pure returns (MarketplaceStorage storage $) {
        assembly {
            $.slot := MARKETPLACE_STORAGE
        }
    }
}
