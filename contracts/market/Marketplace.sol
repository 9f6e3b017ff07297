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
/// @dev Gas: a listing and an order are one storage word each; ids carry the seller (listings) or the buyer
/// (orders) so "listings by seller" and "orders by buyer" need only a per-account counter; an order names its
/// seller by a 32-bit compact id assigned at the seller's first listing. A buyer's latest order lives in the
/// buyer's own word, which also carries its order count, so a buyer whose previous order is settled places the next
/// one with a single rewrite of that word (no counter slot, no fresh 20,000-gas slot); an order still open when its
/// buyer places another moves to a slot of its own (`orders`). Every call is O(1); the paginated views are
/// O(limit).
contract Marketplace is MarketEscrow, IMarketplace {
    using SafeCast for uint256;

    /// @inheritdoc IMarketplace
    uint256 public constant MIN_DELIVERY_WINDOW = 1 hours;
    /// @inheritdoc IMarketplace
    uint256 public constant MAX_DELIVERY_WINDOW = 365 days;

    // Records are packed into one storage word each and read and written as whole words (one SLOAD and at most
    // one SSTORE per record per call; the compiler would re-read and write packed structs field by field).
    //
    // Seller word (per address): compact id (40 bits, below 2^32) | listing count (64) << 40.
    // Listing word: pricePerUnit (96) | quantity (64) << 96 | deliveryWindow (32) << 160 | ListingStatus (8) << 192
    //   | sellerId (40) << 200 | tokenId (8) << 240 (the payment token's id, 0: NYN).
    // Order word: sellerId (32) | OrderStatus (8) << 32 | feeBps (16) << 40 | deadline (40) << 56
    //   | deliveryWindow (25) << 96 | tokenId (7) << 121 | amount (96) << 128 | n (32) << 224, n being the order's
    //   number for its buyer
    //   (`orderId = buyer << 64 | n`). A settled order in its buyer's word leaves n and status Settled there (the
    //   buyer's order count; the next order overwrites it); a settled order in `orders` is deleted. The delivery
    //   window is at most 365 days < 2^25 seconds, so the token id takes the window's top 7 bits (orders placed
    //   before tokens existed read token 0, NYN).
    uint256 private constant SELLER_COUNT = 40;
    uint256 private constant LISTING_QUANTITY = 96;
    uint256 private constant LISTING_WINDOW = 160;
    uint256 private constant LISTING_STATUS = 192;
    uint256 private constant LISTING_SELLER = 200;
    uint256 private constant LISTING_TOKEN = 240;
    uint256 private constant ORDER_STATUS = 32;
    uint256 private constant ORDER_FEE = 40;
    uint256 private constant ORDER_DEADLINE = 56;
    uint256 private constant ORDER_WINDOW = 96;
    uint256 private constant ORDER_WINDOW_MASK = (1 << 25) - 1;
    uint256 private constant ORDER_TOKEN = 121;
    uint256 private constant ORDER_AMOUNT = 128;
    uint256 private constant ORDER_NUMBER = 224;
    /// @dev Bits no order id has (n < 2^32; the buyer takes bits 64-223): ids with any of them are unknown.
    uint256 private constant ORDER_ID_UNUSED = (type(uint256).max << 224) | (uint256(type(uint32).max) << 32);

    /// @dev An order word, as a struct so that a found order can be written back through its storage pointer.
    struct OrderWord {
        uint256 word;
    }

    /// @custom:storage-location erc7201:nyn.storage.Marketplace
    struct MarketplaceStorage {
        uint32 sellerCount;
        mapping(address seller => uint256 word) sellers;
        mapping(uint32 sellerId => address seller) sellerAddresses;
        mapping(uint256 listingId => uint256 word) listings;
        mapping(uint256 orderId => OrderWord) orders; // orders that are not their buyer's latest
        mapping(address buyer => OrderWord) lastOrders; // each buyer's latest order (and so its order count)
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
        return _createListing(0, pricePerUnit, quantity, metadataURI, deliveryWindow);
    }

    /// @inheritdoc IMarketplace
    function createListingInToken(
        IERC20 token_,
        uint256 pricePerUnit,
        uint256 quantity,
        string calldata metadataURI,
        uint256 deliveryWindow
    ) external returns (uint256 listingId) {
        uint256 tokenId = _approvedTokenId(token_);
        listingId = _createListing(tokenId, pricePerUnit, quantity, metadataURI, deliveryWindow);
        if (tokenId != 0) emit ListingPricedInToken(listingId, address(token_));
    }

    /// @dev Create a listing priced in token `tokenId` (0: NYN; see {createListing}).
    function _createListing(
        uint256 tokenId,
        uint256 pricePerUnit,
        uint256 quantity,
        string calldata metadataURI,
        uint256 deliveryWindow
    ) private returns (uint256 listingId) {
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
            sellerId = ++$.sellerCount; // checked: at most 2^32 - 1 sellers (orders store 32 bits)
            $.sellerAddresses[uint32(sellerId)] = msg.sender;
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
            (sellerId << LISTING_SELLER) |
            (tokenId << LISTING_TOKEN); // <= MAX_TOKENS
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
        _requireKernelNotPaused();
        // The listing's token (permits work where it supports EIP-2612, as NYN does; elsewhere the allowance must
        // be set already). A front-runner may have used the permit already: then the allowance it set is what `_buy`
        // relies on.
        try
            IERC20Permit(address(_tokenOf(uint8(_s().listings[listingId] >> LISTING_TOKEN)))).permit(
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
        (OrderWord storage slot, uint256 o, ) = _order(orderId);
        _onlySeller(orderId, o);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = uint40(o >> ORDER_DEADLINE);
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        uint256 confirmBy = block.timestamp + ((o >> ORDER_WINDOW) & ORDER_WINDOW_MASK); // + at most 365 days < 2^40
        slot.word =
            (o & ~((uint256(type(uint8).max) << ORDER_STATUS) | (uint256(type(uint40).max) << ORDER_DEADLINE))) |
            (uint256(OrderStatus.Shipped) << ORDER_STATUS) |
            (confirmBy << ORDER_DEADLINE);
        emit OrderShipped(orderId, confirmBy);
    }

    /// @inheritdoc IMarketplace
    function confirmDelivery(uint256 orderId) external nonReentrant {
        (OrderWord storage slot, uint256 o, bool latest) = _order(orderId);
        address buyer = _owner(orderId);
        if (msg.sender != buyer) revert MarketplaceNotBuyer(orderId, msg.sender, buyer);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        _complete(orderId, slot, o, latest, false);
    }

    /// @inheritdoc IMarketplace
    function refundOrder(uint256 orderId) external nonReentrant {
        (OrderWord storage slot, uint256 o, bool latest) = _order(orderId);
        _onlySeller(orderId, o);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        _refund(orderId, slot, o, latest, false);
    }

    /// @inheritdoc IMarketplace
    function settle(uint256 orderId) external nonReentrant {
        (OrderWord storage slot, uint256 o, bool latest) = _order(orderId);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
        uint256 deadline = uint40(o >> ORDER_DEADLINE);
        if (block.timestamp <= deadline) revert MarketplaceDeadlineNotPassed(orderId, deadline, block.timestamp);
        if (status == OrderStatus.Paid) _refund(orderId, slot, o, latest, true);
        else _complete(orderId, slot, o, latest, true);
    }

    /// @inheritdoc IMarketplace
    function openDispute(
        uint256 orderId,
        string calldata evidenceURI
    ) external nonReentrant returns (uint256 disputeId) {
        uint256 o = _markDisputed(orderId);
        disputeId = _openDisputeFor(
            _owner(orderId),
            _s().sellerAddresses[uint32(o)],
            uint96(o >> ORDER_AMOUNT),
            uint16(o >> ORDER_FEE) | (_orderTokenId(o) << 16),
            orderId,
            msg.sender,
            evidenceURI
        );
        emit OrderDisputed(orderId, disputeId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketplace
    function listingToken(uint256 listingId) external view returns (IERC20) {
        uint256 listed = _s().listings[listingId];
        if (_listingStatus(listed) == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        return _tokenOf(uint8(listed >> LISTING_TOKEN));
    }

    /// @inheritdoc IMarketplace
    function orderToken(uint256 orderId) external view returns (IERC20) {
        (, uint256 o, ) = _find(orderId);
        OrderStatus status = _status(o);
        if (status == OrderStatus.None || status == OrderStatus.Settled) {
            if (_placed(orderId)) revert MarketplaceInvalidOrderStatus(orderId, OrderStatus.Settled);
            revert MarketplaceUnknownOrder(orderId);
        }
        return _tokenOf(_orderTokenId(o));
    }

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
        (, uint256 o, ) = _find(orderId);
        if (_status(o) == OrderStatus.None && !_placed(orderId)) revert MarketplaceUnknownOrder(orderId);
        return _orderView(o);
    }

    /// @inheritdoc IMarketplace
    function orderCount(address buyer) external view returns (uint256) {
        return _s().lastOrders[buyer].word >> ORDER_NUMBER;
    }

    /// @inheritdoc IMarketplace
    function ordersByBuyer(
        address buyer,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Order[] memory orders) {
        uint256 count = _pageSize(_s().lastOrders[buyer].word >> ORDER_NUMBER, offset, limit);
        ids = new uint256[](count);
        orders = new Order[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = _id(buyer, offset + i + 1);
            ids[i] = id;
            (, uint256 o, ) = _find(id);
            orders[i] = _orderView(o);
        }
    }

    // ------------------------------------------------------------------ internals

    /// @dev Buy (after the kernel's pause check, which also reads the token and the fee).
    function _buy(uint256 listingId, uint256 quantity, uint256 maxPricePerUnit) private returns (uint256 orderId) {
        (IERC20 token_, uint256 fee) = _tokenAndFeeWhenRunning();
        (uint256 listed, uint256 amount) = _take(listingId, quantity, maxPricePerUnit);
        uint256 tokenId = uint8(listed >> LISTING_TOKEN);
        if (tokenId != 0) token_ = _requireApprovedToken(tokenId); // a removed token sells nothing new
        uint256 shipBy;
        (orderId, shipBy) = _placeOrder(listed, (fee << ORDER_FEE) | (tokenId << ORDER_TOKEN), amount);
        emit OrderPlaced(orderId, listingId, msg.sender, quantity, amount, shipBy);
        if (tokenId == 0) _pullPayment(token_, msg.sender, amount);
        else _pullCheckedPayment(token_, msg.sender, amount);
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

    /// @dev Record the caller's next order for `amount` NYN-wei from listing word `listed` at `fee` basis points, in
    /// the caller's latest-order word; the order there before, if still open, moves to a slot of its own.
    function _placeOrder(
        uint256 listed,
        uint256 terms,
        uint256 amount
    ) private returns (uint256 orderId, uint256 shipBy) {
        OrderWord storage slot = _s().lastOrders[msg.sender];
        uint256 last = slot.word;
        uint256 n;
        // Cannot overflow: n < 2^32 + 1.
        unchecked {
            n = (last >> ORDER_NUMBER) + 1;
        }
        if (n > type(uint32).max) revert SafeCast.SafeCastOverflowedUintDowncast(32, n); // the id's n is 32 bits
        if (last != 0 && _status(last) != OrderStatus.Settled) _s().orders[_id(msg.sender, n - 1)].word = last;
        orderId = _id(msg.sender, n);
        uint256 window = uint32(listed >> LISTING_WINDOW);
        shipBy = block.timestamp + window; // + at most 365 days: < 2^40
        slot.word =
            uint32(listed >> LISTING_SELLER) |
            (uint256(OrderStatus.Paid) << ORDER_STATUS) |
            terms | // the fee and the token id, in their bits
            (shipBy << ORDER_DEADLINE) |
            (window << ORDER_WINDOW) | // <= MAX_DELIVERY_WINDOW < 2^25
            (amount << ORDER_AMOUNT) |
            (n << ORDER_NUMBER);
    }

    function _complete(uint256 orderId, OrderWord storage slot, uint256 o, bool latest, bool byTimeout) private {
        _closeOrder(slot, o, latest);
        (uint256 net, uint256 fee) = _payPayeeIn(
            _orderTokenId(o),
            _sellerKey(uint32(o)),
            uint96(o >> ORDER_AMOUNT),
            uint16(o >> ORDER_FEE),
            Completion.Sale
        );
        emit OrderCompleted(orderId, net, fee, byTimeout);
    }

    function _refund(uint256 orderId, OrderWord storage slot, uint256 o, bool latest, bool byTimeout) private {
        uint256 amount = uint96(o >> ORDER_AMOUNT);
        _closeOrder(slot, o, latest);
        _creditIn(_orderTokenId(o), _owner(orderId), amount);
        emit OrderRefunded(orderId, amount, byTimeout);
    }

    /// @dev A dispute over order `orderId` was settled (the base credited both sides): the order is Settled.
    function _onDisputeSettled(uint256 orderId, uint256 disputeId) internal override {
        (OrderWord storage slot, uint256 o, bool latest) = _find(orderId);
        _closeOrder(slot, o, latest);
        emit OrderResolved(orderId, disputeId);
    }

    /// @dev Check that the caller may dispute order `orderId` now and mark it Disputed; returns its word (before).
    function _markDisputed(uint256 orderId) private returns (uint256 o) {
        OrderWord storage slot;
        (slot, o, ) = _order(orderId);
        address seller = _s().sellerAddresses[uint32(o)];
        if (msg.sender != _owner(orderId) && msg.sender != seller) revert MarketplaceNotParty(orderId, msg.sender);
        OrderStatus status = _status(o);
        if (status != OrderStatus.Shipped) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = uint40(o >> ORDER_DEADLINE);
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        slot.word = _withStatus(o, OrderStatus.Disputed);
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
        uint32 sellerId = uint32(o);
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

    /// @dev The view of order word `o` of a placed order: a settled order (word zero, or a Settled tombstone)
    /// shows status Settled and every other field zero.
    function _orderView(uint256 o) private view returns (Order memory) {
        OrderStatus status = _status(o);
        if (status == OrderStatus.None || status == OrderStatus.Settled) {
            return Order(address(0), OrderStatus.Settled, 0, 0, 0, 0);
        }
        return
            Order({
                seller: _s().sellerAddresses[uint32(o)],
                status: _status(o),
                feeBps: uint16(o >> ORDER_FEE),
                deadline: uint40(o >> ORDER_DEADLINE),
                deliveryWindow: uint32((o >> ORDER_WINDOW) & ORDER_WINDOW_MASK),
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

    /// @dev The slot and word of the live (unsettled) order `orderId`, and whether it is its buyer's latest order;
    /// reverts with `MarketplaceInvalidOrderStatus(orderId, Settled)` if it was settled, `MarketplaceUnknownOrder` if
    /// it was never placed.
    function _order(uint256 orderId) private view returns (OrderWord storage slot, uint256 o, bool latest) {
        (slot, o, latest) = _find(orderId);
        OrderStatus status = _status(o);
        if (status == OrderStatus.None || status == OrderStatus.Settled) {
            if (_placed(orderId)) revert MarketplaceInvalidOrderStatus(orderId, OrderStatus.Settled);
            revert MarketplaceUnknownOrder(orderId);
        }
    }

    /// @dev Where order `orderId` is stored, its word there (zero if none), and whether that is the buyer's
    /// latest-order word. Nothing is ever stored under an id with unused bits, so such an id finds zero.
    function _find(uint256 orderId) private view returns (OrderWord storage slot, uint256 o, bool latest) {
        MarketplaceStorage storage $ = _s();
        if (orderId & ORDER_ID_UNUSED == 0) {
            slot = $.lastOrders[_owner(orderId)];
            o = slot.word;
            // Every stored order word has n >= 1, so an empty word matches no id.
            if (o >> ORDER_NUMBER == uint32(orderId) && o != 0) return (slot, o, true);
        }
        slot = $.orders[orderId];
        o = slot.word;
    }

    /// @dev Settle the order in `slot` (word `o`): in its buyer's latest-order word it leaves its number and status
    /// Settled (the buyer's next order overwrites it); elsewhere the slot is cleared.
    function _closeOrder(OrderWord storage slot, uint256 o, bool latest) private {
        slot.word = latest ? ((o >> ORDER_NUMBER) << ORDER_NUMBER) | (uint256(OrderStatus.Settled) << ORDER_STATUS) : 0;
    }

    /// @dev Whether `orderId` is the id of an order that was placed (its buyer's n-th, n within its order count).
    function _placed(uint256 orderId) private view returns (bool) {
        uint256 n = uint32(orderId);
        return orderId & ORDER_ID_UNUSED == 0 && n != 0 && n <= _s().lastOrders[_owner(orderId)].word >> ORDER_NUMBER;
    }

    /// @dev The payment token id of order word `o` (0: NYN).
    function _orderTokenId(uint256 o) private pure returns (uint256) {
        return (o >> ORDER_TOKEN) & 0x7f;
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
