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

    /// @dev Per seller: its compact id and its listing counter (one slot, written by every `createListing`).
    struct SellerRecord {
        uint40 id;
        uint64 listingCount;
    }

    /// @dev A listing in one slot.
    struct ListingRecord {
        uint96 pricePerUnit;
        uint64 quantity;
        uint32 deliveryWindow;
        ListingStatus status;
        uint40 sellerId;
    }

    /// @dev An order in one slot.
    struct OrderRecord {
        uint40 sellerId;
        OrderStatus status;
        uint16 feeBps;
        uint40 deadline;
        uint32 deliveryWindow;
        uint96 amount;
    }

    /// @custom:storage-location erc7201:nyn.storage.Marketplace
    struct MarketplaceStorage {
        uint40 sellerCount;
        mapping(address seller => SellerRecord) sellers;
        mapping(uint40 sellerId => address seller) sellerAddresses;
        mapping(uint256 listingId => ListingRecord) listings;
        mapping(uint256 orderId => OrderRecord) orders;
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
        MarketplaceStorage storage $ = _s();
        SellerRecord memory seller = $.sellers[msg.sender];
        if (seller.id == 0) {
            // Cannot overflow: 2^40 sellers would cost far more gas than exists.
            unchecked {
                seller.id = ++$.sellerCount;
            }
            $.sellerAddresses[seller.id] = msg.sender;
            emit SellerRegistered(msg.sender, seller.id);
        }
        // Cannot overflow: one listing per call; 2^64 calls are out of reach.
        unchecked {
            ++seller.listingCount;
        }
        $.sellers[msg.sender] = seller;
        listingId = _id(msg.sender, seller.listingCount);
        $.listings[listingId] = ListingRecord({
            pricePerUnit: pricePerUnit.toUint96(),
            quantity: quantity.toUint64(),
            deliveryWindow: uint32(deliveryWindow), // <= MAX_DELIVERY_WINDOW, checked above
            status: ListingStatus.Active,
            sellerId: seller.id
        });
        emit ListingCreated(listingId, msg.sender, pricePerUnit, quantity, deliveryWindow, metadataURI);
    }

    /// @inheritdoc IMarketplace
    function updatePrice(uint256 listingId, uint256 newPricePerUnit) external {
        if (newPricePerUnit == 0) revert MarketplaceZeroPrice();
        ListingRecord storage lst = _ownActiveListing(listingId);
        uint256 old = lst.pricePerUnit;
        lst.pricePerUnit = newPricePerUnit.toUint96();
        emit ListingPriceUpdated(listingId, old, newPricePerUnit);
    }

    /// @inheritdoc IMarketplace
    function updateQuantity(uint256 listingId, uint256 newQuantity) external {
        if (newQuantity == 0) revert MarketplaceZeroQuantity();
        ListingRecord storage lst = _ownActiveListing(listingId);
        uint256 old = lst.quantity;
        lst.quantity = newQuantity.toUint64();
        emit ListingQuantityUpdated(listingId, old, newQuantity);
    }

    /// @inheritdoc IMarketplace
    function cancelListing(uint256 listingId) external {
        ListingRecord storage lst = _ownActiveListing(listingId);
        lst.status = ListingStatus.Cancelled;
        emit ListingCancelled(listingId);
    }

    // ------------------------------------------------------------------ orders

    /// @inheritdoc IMarketplace
    function buy(
        uint256 listingId,
        uint256 quantity,
        uint256 maxPricePerUnit
    ) external whenKernelNotPaused nonReentrant returns (uint256 orderId) {
        return _buy(listingId, quantity, maxPricePerUnit);
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
    ) external whenKernelNotPaused nonReentrant returns (uint256 orderId) {
        (IERC20 token_, ) = _tokenAndFee();
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
        OrderRecord storage o = _order(orderId);
        _onlySeller(orderId, o.sellerId);
        OrderStatus status = o.status;
        if (status != OrderStatus.Paid) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = o.deadline;
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        uint256 confirmBy = block.timestamp + o.deliveryWindow;
        o.status = OrderStatus.Shipped;
        o.deadline = uint40(confirmBy); // block.timestamp + at most 365 days < 2^40
        emit OrderShipped(orderId, confirmBy);
    }

    /// @inheritdoc IMarketplace
    function confirmDelivery(uint256 orderId) external nonReentrant {
        OrderRecord storage o = _order(orderId);
        address buyer = _owner(orderId);
        if (msg.sender != buyer) revert MarketplaceNotBuyer(orderId, msg.sender, buyer);
        OrderStatus status = o.status;
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        _complete(orderId, o, false);
    }

    /// @inheritdoc IMarketplace
    function refundOrder(uint256 orderId) external nonReentrant {
        OrderRecord storage o = _order(orderId);
        _onlySeller(orderId, o.sellerId);
        OrderStatus status = o.status;
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        _refund(orderId, o, false);
    }

    /// @inheritdoc IMarketplace
    function settle(uint256 orderId) external nonReentrant {
        OrderRecord storage o = _order(orderId);
        OrderStatus status = o.status;
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        uint256 deadline = o.deadline;
        if (block.timestamp <= deadline) revert MarketplaceDeadlineNotPassed(orderId, deadline, block.timestamp);
        if (status == OrderStatus.Paid) _refund(orderId, o, true);
        else _complete(orderId, o, true);
    }

    /// @inheritdoc IMarketplace
    function openDispute(
        uint256 orderId,
        string calldata evidenceURI
    ) external nonReentrant returns (uint256 disputeId) {
        OrderRecord storage o = _order(orderId);
        address buyer = _owner(orderId);
        address seller = _s().sellerAddresses[o.sellerId];
        if (msg.sender != buyer && msg.sender != seller) revert MarketplaceNotParty(orderId, msg.sender);
        OrderStatus status = o.status;
        if (status != OrderStatus.Shipped) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = o.deadline;
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        o.status = OrderStatus.Disputed;
        disputeId = _openDisputeFor(buyer, seller, o.amount, o.feeBps, orderId, msg.sender, evidenceURI);
        emit OrderDisputed(orderId, disputeId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketplace
    function listing(uint256 listingId) external view returns (Listing memory) {
        ListingRecord storage lst = _s().listings[listingId];
        if (lst.status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        return _listingView(lst);
    }

    /// @inheritdoc IMarketplace
    function listingCount(address seller) external view returns (uint256) {
        return _s().sellers[seller].listingCount;
    }

    /// @inheritdoc IMarketplace
    function listingsBySeller(
        address seller,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Listing[] memory listings) {
        MarketplaceStorage storage $ = _s();
        uint256 count = _pageSize($.sellers[seller].listingCount, offset, limit);
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
        return _orderView(_order(orderId));
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

    function _buy(uint256 listingId, uint256 quantity, uint256 maxPricePerUnit) private returns (uint256 orderId) {
        (uint40 sellerId, uint256 amount, uint32 window) = _take(listingId, quantity, maxPricePerUnit);
        (IERC20 token_, uint16 fee) = _tokenAndFee();
        MarketplaceStorage storage $ = _s();
        uint256 n;
        // Cannot overflow, and stays below 2^64 (the id's nonce field): one order per call.
        unchecked {
            n = ++$.orderCounts[msg.sender];
        }
        orderId = _id(msg.sender, n);
        uint256 shipBy = block.timestamp + window;
        $.orders[orderId] = OrderRecord({
            sellerId: sellerId,
            status: OrderStatus.Paid,
            feeBps: fee,
            deadline: uint40(shipBy), // block.timestamp + at most 365 days < 2^40
            deliveryWindow: window,
            amount: amount.toUint96()
        });
        emit OrderPlaced(orderId, listingId, msg.sender, quantity, amount, shipBy);
        _pullPayment(token_, msg.sender, amount);
    }

    /// @dev Take `quantity` units from an active listing at a price within `maxPricePerUnit`.
    function _take(
        uint256 listingId,
        uint256 quantity,
        uint256 maxPricePerUnit
    ) private returns (uint40 sellerId, uint256 amount, uint32 window) {
        if (quantity == 0) revert MarketplaceZeroQuantity();
        ListingRecord storage lst = _s().listings[listingId];
        ListingRecord memory listed = lst;
        if (listed.status != ListingStatus.Active) {
            if (listed.status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
            revert MarketplaceListingNotActive(listingId, listed.status);
        }
        if (msg.sender == _owner(listingId)) revert MarketplaceSelfPurchase(listingId, msg.sender);
        if (quantity > listed.quantity) revert MarketplaceInsufficientQuantity(listingId, quantity, listed.quantity);
        if (listed.pricePerUnit > maxPricePerUnit) {
            revert MarketplacePriceAboveMax(listingId, listed.pricePerUnit, maxPricePerUnit);
        }
        // Cannot underflow: quantity <= listed.quantity, checked above.
        unchecked {
            lst.quantity = listed.quantity - uint64(quantity);
        }
        amount = uint256(listed.pricePerUnit) * quantity; // < 2^96 * 2^64: no overflow; narrowed by the caller
        return (listed.sellerId, amount, listed.deliveryWindow);
    }

    function _complete(uint256 orderId, OrderRecord storage o, bool byTimeout) private {
        uint256 amount = o.amount;
        address seller = _s().sellerAddresses[o.sellerId];
        o.status = OrderStatus.Completed;
        o.amount = 0;
        (uint256 net, uint256 fee) = _payPayee(seller, amount, o.feeBps, Completion.Sale);
        emit OrderCompleted(orderId, net, fee, byTimeout);
    }

    function _refund(uint256 orderId, OrderRecord storage o, bool byTimeout) private {
        uint256 amount = o.amount;
        o.status = OrderStatus.Refunded;
        o.amount = 0;
        _credit(_owner(orderId), amount);
        emit OrderRefunded(orderId, amount, byTimeout);
    }

    /// @dev A dispute over order `orderId` was settled (the base credited both sides): the order is Resolved.
    function _onDisputeSettled(uint256 orderId, uint256 disputeId) internal override {
        OrderRecord storage o = _s().orders[orderId];
        o.status = OrderStatus.Resolved;
        o.amount = 0;
        emit OrderResolved(orderId, disputeId);
    }

    function _siblingModuleId() internal pure override returns (bytes32) {
        return KernelIds.JOB_BOARD;
    }

    /// @dev Reverts unless the caller is the seller with compact id `sellerId`.
    function _onlySeller(uint256 orderId, uint40 sellerId) private view {
        MarketplaceStorage storage $ = _s();
        if ($.sellers[msg.sender].id != sellerId) {
            revert MarketplaceNotSeller(orderId, msg.sender, $.sellerAddresses[sellerId]);
        }
    }

    function _listingView(ListingRecord storage lst) private view returns (Listing memory) {
        return
            Listing({
                pricePerUnit: lst.pricePerUnit,
                quantity: lst.quantity,
                deliveryWindow: lst.deliveryWindow,
                status: lst.status
            });
    }

    function _orderView(OrderRecord storage o) private view returns (Order memory) {
        return
            Order({
                seller: _s().sellerAddresses[o.sellerId],
                status: o.status,
                feeBps: o.feeBps,
                deadline: o.deadline,
                deliveryWindow: o.deliveryWindow,
                amount: o.amount
            });
    }

    /// @dev The caller's own active listing.
    function _ownActiveListing(uint256 listingId) private view returns (ListingRecord storage lst) {
        lst = _s().listings[listingId];
        ListingStatus status = lst.status;
        if (status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        address seller = _owner(listingId);
        if (msg.sender != seller) revert MarketplaceNotSeller(listingId, msg.sender, seller);
        if (status != ListingStatus.Active) revert MarketplaceListingNotActive(listingId, status);
    }

    function _order(uint256 orderId) private view returns (OrderRecord storage o) {
        o = _s().orders[orderId];
        if (o.status == OrderStatus.None) revert MarketplaceUnknownOrder(orderId);
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
