// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {Permit} from "../libraries/Permit.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {MarketEscrow} from "./MarketEscrow.sol";
import {MarketSeller, MarketSellerLibrary} from "../types/MarketSeller.sol";
import {MarketListing, MarketListingLibrary} from "../types/MarketListing.sol";
import {MarketOrder, MarketOrderLibrary} from "../types/MarketOrder.sol";

/// @title Marketplace
/// @notice The NYN OS goods marketplace module (see {IMarketplace}), installed by the kernel under
/// `KernelIds.MARKETPLACE`: listings, escrowed orders with ship/confirm deadlines, disputes, fees to the treasury.
/// @dev Ids carry their owner (`seller << 64 | n`, `buyer << 64 | n`); a listing and an order are one storage word
/// each. Every call is O(1); the paginated views are O(limit). Ids and words: docs/adr/0007-market-ids-and-words.md.
contract Marketplace is MarketEscrow, IMarketplace {
    using SafeCast for uint256;

    /// @inheritdoc IMarketplace
    uint256 public constant MIN_DELIVERY_WINDOW = 1 hours;
    /// @inheritdoc IMarketplace
    uint256 public constant MAX_DELIVERY_WINDOW = 365 days;

    // Records are packed into one storage word each and read and written as whole words (one SLOAD and at most
    // one SSTORE per record per call; the compiler would re-read and write packed structs field by field). Each
    // word's layout is defined once, in contracts/types/: {MarketSeller}, {MarketListing}, {MarketOrder}. A settled
    // order in its buyer's latest-order word leaves its number and status Settled there (the buyer's order count;
    // the next order overwrites it); a settled order in `orders` is deleted.
    /// @dev Bits no order id has (n < 2^32; the buyer takes bits 64-223): ids with any of them are unknown.
    uint256 private constant ORDER_ID_UNUSED = (type(uint256).max << 224) | (uint256(type(uint32).max) << 32);

    /// @dev An order word, as a struct so that a found order can be written back through its storage pointer.
    struct OrderWord {
        MarketOrder word;
    }

    /// @custom:storage-location erc7201:nyn.storage.Marketplace
    struct MarketplaceStorage {
        uint32 sellerCount;
        mapping(address seller => MarketSeller word) sellers;
        mapping(uint32 sellerId => address seller) sellerAddresses;
        mapping(uint256 listingId => MarketListing word) listings;
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
        MarketplaceStorage storage $ = _s();
        uint256 sellerId;
        uint256 n;
        {
            MarketSeller seller = $.sellers[msg.sender];
            sellerId = seller.id();
            if (sellerId == 0) {
                sellerId = ++$.sellerCount; // checked: at most 2^32 - 1 sellers (orders store 32 bits)
                $.sellerAddresses[uint32(sellerId)] = msg.sender;
                // From now on the seller's balance and reputation are kept under its seller key.
                _moveAccount(uint160(msg.sender), _sellerKey(sellerId));
                emit SellerRegistered(msg.sender, sellerId);
            }
            // Cannot overflow: one listing per call; 2^64 calls are out of reach.
            unchecked {
                n = seller.listingCount() + 1;
            }
        }
        $.sellers[msg.sender] = MarketSellerLibrary.pack(sellerId, n);
        listingId = _id(msg.sender, n);
        $.listings[listingId] = MarketListingLibrary.pack(
            pricePerUnit.toUint96(),
            quantity.toUint64(),
            deliveryWindow, // <= MAX_DELIVERY_WINDOW, checked above
            ListingStatus.Active,
            sellerId,
            tokenId // <= MAX_TOKENS
        );
        emit ListingCreated(listingId, msg.sender, pricePerUnit, quantity, deliveryWindow, metadataURI);
    }

    /// @inheritdoc IMarketplace
    function updatePrice(uint256 listingId, uint256 newPricePerUnit) external {
        if (newPricePerUnit == 0) revert MarketplaceZeroPrice();
        MarketListing listed = _ownActiveListing(listingId);
        _s().listings[listingId] = listed.withPricePerUnit(newPricePerUnit.toUint96());
        emit ListingPriceUpdated(listingId, listed.pricePerUnit(), newPricePerUnit);
    }

    /// @inheritdoc IMarketplace
    function updateQuantity(uint256 listingId, uint256 newQuantity) external {
        if (newQuantity == 0) revert MarketplaceZeroQuantity();
        MarketListing listed = _ownActiveListing(listingId);
        _s().listings[listingId] = listed.withQuantity(newQuantity.toUint64());
        emit ListingQuantityUpdated(listingId, listed.quantity(), newQuantity);
    }

    /// @inheritdoc IMarketplace
    function cancelListing(uint256 listingId) external {
        MarketListing listed = _ownActiveListing(listingId);
        _s().listings[listingId] = listed.withStatus(ListingStatus.Cancelled);
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
        _checkKernelNotPaused();
        // The listing's token (permits work where it supports EIP-2612, as NYN does; elsewhere the allowance must
        // be set already). The permit policy: see `Permit.permitOrAllowance`.
        Permit.permitOrAllowance(
            _tokenOf(_s().listings[listingId].tokenId()),
            msg.sender,
            address(this),
            Math.saturatingMul(quantity, maxPricePerUnit),
            permitDeadline,
            v,
            r,
            s
        );
        return _buy(listingId, quantity, maxPricePerUnit);
    }

    /// @inheritdoc IMarketplace
    function ship(uint256 orderId) external {
        (OrderWord storage slot, MarketOrder o, ) = _order(orderId);
        _checkSeller(orderId, o);
        OrderStatus status = o.status();
        if (status != OrderStatus.Paid) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = o.deadline();
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        uint256 confirmBy = block.timestamp + o.deliveryWindow(); // + at most 365 days < 2^40
        slot.word = o.shipped(confirmBy);
        emit OrderShipped(orderId, confirmBy);
    }

    /// @inheritdoc IMarketplace
    function confirmDelivery(uint256 orderId) external nonReentrant {
        (OrderWord storage slot, MarketOrder o, bool latest) = _order(orderId);
        address buyer = _owner(orderId);
        if (msg.sender != buyer) revert MarketplaceNotBuyer(orderId, msg.sender, buyer);
        _checkPaidOrShipped(orderId, o);
        _complete(orderId, slot, o, latest, false);
    }

    /// @inheritdoc IMarketplace
    function refundOrder(uint256 orderId) external nonReentrant {
        (OrderWord storage slot, MarketOrder o, bool latest) = _order(orderId);
        _checkSeller(orderId, o);
        _checkPaidOrShipped(orderId, o);
        _refund(orderId, slot, o, latest, false);
    }

    /// @inheritdoc IMarketplace
    function settle(uint256 orderId) external nonReentrant {
        (OrderWord storage slot, MarketOrder o, bool latest) = _order(orderId);
        OrderStatus status = _checkPaidOrShipped(orderId, o);
        uint256 deadline = o.deadline();
        if (block.timestamp <= deadline) revert MarketplaceDeadlineNotPassed(orderId, deadline, block.timestamp);
        if (status == OrderStatus.Paid) _refund(orderId, slot, o, latest, true);
        else _complete(orderId, slot, o, latest, true);
    }

    /// @inheritdoc IMarketplace
    function openDispute(
        uint256 orderId,
        string calldata evidenceURI
    ) external nonReentrant returns (uint256 disputeId) {
        MarketOrder o = _markDisputed(orderId);
        disputeId = _openDisputeFor(
            _owner(orderId),
            _s().sellerAddresses[o.sellerId()],
            o.amount(),
            uint256(o.feeBps()) | (o.tokenId() << 16),
            orderId,
            msg.sender,
            evidenceURI
        );
        emit OrderDisputed(orderId, disputeId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketplace
    function listingToken(uint256 listingId) external view returns (IERC20) {
        MarketListing listed = _s().listings[listingId];
        if (listed.status() == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        return _tokenOf(listed.tokenId());
    }

    /// @inheritdoc IMarketplace
    function orderToken(uint256 orderId) external view returns (IERC20) {
        (, MarketOrder o, ) = _order(orderId);
        return _tokenOf(o.tokenId());
    }

    /// @inheritdoc IMarketplace
    function listing(uint256 listingId) external view returns (Listing memory) {
        MarketListing listed = _s().listings[listingId];
        if (listed.status() == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        return _listingView(listed);
    }

    /// @inheritdoc IMarketplace
    function listingCount(address seller) external view returns (uint256) {
        return _s().sellers[seller].listingCount();
    }

    /// @inheritdoc IMarketplace
    function listingsBySeller(
        address seller,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Listing[] memory listings) {
        MarketplaceStorage storage $ = _s();
        uint256 count = _pageSize($.sellers[seller].listingCount(), offset, limit);
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
        (, MarketOrder o, ) = _find(orderId);
        if (o.status() == OrderStatus.None && !_placed(orderId)) revert MarketplaceUnknownOrder(orderId);
        return _orderView(o);
    }

    /// @inheritdoc IMarketplace
    function orderCount(address buyer) external view returns (uint256) {
        return _s().lastOrders[buyer].word.number();
    }

    /// @inheritdoc IMarketplace
    function ordersByBuyer(
        address buyer,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Order[] memory orders) {
        uint256 count = _pageSize(_s().lastOrders[buyer].word.number(), offset, limit);
        ids = new uint256[](count);
        orders = new Order[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = _id(buyer, offset + i + 1);
            ids[i] = id;
            (, MarketOrder o, ) = _find(id);
            orders[i] = _orderView(o);
        }
    }

    // ------------------------------------------------------------------ internals

    /// @dev Buy (after the kernel's pause check, which also reads the token and the fee).
    function _buy(uint256 listingId, uint256 quantity, uint256 maxPricePerUnit) private returns (uint256 orderId) {
        (IERC20 token_, uint256 fee) = _tokenAndFeeWhenRunning();
        (MarketListing listed, uint256 amount) = _take(listingId, quantity, maxPricePerUnit);
        uint256 tokenId = listed.tokenId();
        if (tokenId != 0) token_ = _checkApprovedToken(tokenId); // a removed token sells nothing new
        uint256 shipBy;
        (orderId, shipBy) = _placeOrder(listed, MarketOrderLibrary.terms(fee, tokenId), amount);
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
    ) private returns (MarketListing listed, uint256 amount) {
        if (quantity == 0) revert MarketplaceZeroQuantity();
        mapping(uint256 => MarketListing) storage listings = _s().listings;
        listed = listings[listingId];
        ListingStatus status = listed.status();
        if (status != ListingStatus.Active) {
            if (status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
            revert MarketplaceListingNotActive(listingId, status);
        }
        if (msg.sender == _owner(listingId)) revert MarketplaceSelfPurchase(listingId, msg.sender);
        uint256 available = listed.quantity();
        if (quantity > available) revert MarketplaceInsufficientQuantity(listingId, quantity, available);
        uint256 price = listed.pricePerUnit();
        if (price > maxPricePerUnit) revert MarketplacePriceAboveMax(listingId, price, maxPricePerUnit);
        // Cannot underflow: quantity <= available, checked above, so the quantity field stays in its bits. Cannot
        // overflow: price < 2^96 and quantity <= available < 2^64; the amount is narrowed to 96 bits.
        unchecked {
            listings[listingId] = listed.minusQuantity(quantity);
            amount = (price * quantity).toUint96();
        }
    }

    /// @dev Record the caller's next order for `amount` NYN-wei from listing word `listed` at `fee` basis points, in
    /// the caller's latest-order word; the order there before, if still open, moves to a slot of its own.
    function _placeOrder(
        MarketListing listed,
        uint256 terms,
        uint256 amount
    ) private returns (uint256 orderId, uint256 shipBy) {
        OrderWord storage slot = _s().lastOrders[msg.sender];
        MarketOrder last = slot.word;
        uint256 n;
        // Cannot overflow: n < 2^32 + 1.
        unchecked {
            n = last.number() + 1;
        }
        if (n > type(uint32).max) revert SafeCast.SafeCastOverflowedUintDowncast(32, n); // the id's n is 32 bits
        if (!last.isEmpty() && last.status() != OrderStatus.Settled) _s().orders[_id(msg.sender, n - 1)].word = last;
        orderId = _id(msg.sender, n);
        uint256 window = listed.deliveryWindow();
        shipBy = block.timestamp + window; // + at most 365 days: < 2^40
        slot.word = MarketOrderLibrary.pack(
            uint32(listed.sellerId()), // orders keep 32 bits (sellers are counted in 32 bits)
            terms, // the fee and the token id, in their bits
            shipBy,
            window, // <= MAX_DELIVERY_WINDOW < 2^25
            amount,
            n
        );
    }

    function _complete(uint256 orderId, OrderWord storage slot, MarketOrder o, bool latest, bool byTimeout) private {
        _closeOrder(slot, o, latest);
        (uint256 net, uint256 fee) = _payPayeeIn(
            o.tokenId(),
            _sellerKey(o.sellerId()),
            o.amount(),
            o.feeBps(),
            Completion.Sale
        );
        emit OrderCompleted(orderId, net, fee, byTimeout);
    }

    function _refund(uint256 orderId, OrderWord storage slot, MarketOrder o, bool latest, bool byTimeout) private {
        uint256 amount = o.amount();
        _closeOrder(slot, o, latest);
        _creditIn(o.tokenId(), _owner(orderId), amount);
        emit OrderRefunded(orderId, amount, byTimeout);
    }

    /// @dev A dispute over order `orderId` was settled (the base credited both sides): the order is Settled.
    function _onDisputeSettled(uint256 orderId, uint256 disputeId) internal override {
        (OrderWord storage slot, MarketOrder o, bool latest) = _find(orderId);
        _closeOrder(slot, o, latest);
        emit OrderResolved(orderId, disputeId);
    }

    /// @dev Check that the caller may dispute order `orderId` now and mark it Disputed; returns its word (before).
    function _markDisputed(uint256 orderId) private returns (MarketOrder o) {
        OrderWord storage slot;
        (slot, o, ) = _order(orderId);
        address seller = _s().sellerAddresses[o.sellerId()];
        if (msg.sender != _owner(orderId) && msg.sender != seller) revert MarketplaceNotParty(orderId, msg.sender);
        OrderStatus status = o.status();
        if (status != OrderStatus.Shipped) revert MarketplaceInvalidOrderStatus(orderId, status);
        uint256 deadline = o.deadline();
        if (block.timestamp > deadline) revert MarketplaceDeadlinePassed(orderId, deadline, block.timestamp);
        slot.word = o.withStatus(OrderStatus.Disputed);
    }

    /// @dev Sellers' accounts are keyed by their compact id (above 2^160: never an address key), so that
    /// completing an order credits the seller without looking up its address.
    function _accountKey(address account) internal view override returns (uint256) {
        uint256 sellerId = _s().sellers[account].id();
        return sellerId == 0 ? uint160(account) : _sellerKey(sellerId);
    }

    function _sellerKey(uint256 sellerId) private pure returns (uint256) {
        return (1 << 160) | sellerId;
    }

    function _siblingModuleId() internal pure override returns (bytes32) {
        return KernelIds.JOB_BOARD;
    }

    /// @dev Reverts unless the caller is the seller of order word `o`.
    function _checkSeller(uint256 orderId, MarketOrder o) private view {
        MarketplaceStorage storage $ = _s();
        uint32 sellerId = o.sellerId();
        if ($.sellers[msg.sender].id() != sellerId) {
            revert MarketplaceNotSeller(orderId, msg.sender, $.sellerAddresses[sellerId]);
        }
    }

    /// @dev Reverts unless order word `o` is Paid or Shipped; returns its status.
    function _checkPaidOrShipped(uint256 orderId, MarketOrder o) private pure returns (OrderStatus status) {
        status = o.status();
        if (status != OrderStatus.Paid && status != OrderStatus.Shipped) {
            revert MarketplaceInvalidOrderStatus(orderId, status);
        }
    }

    function _listingView(MarketListing listed) private pure returns (Listing memory) {
        return
            Listing({
                pricePerUnit: listed.pricePerUnit(),
                quantity: listed.quantity(),
                deliveryWindow: listed.deliveryWindow(),
                status: listed.status()
            });
    }

    /// @dev The view of order word `o` of a placed order: a settled order (word zero, or a Settled tombstone)
    /// shows status Settled and every other field zero.
    function _orderView(MarketOrder o) private view returns (Order memory) {
        OrderStatus status = o.status();
        if (status == OrderStatus.None || status == OrderStatus.Settled) {
            return Order(address(0), OrderStatus.Settled, 0, 0, 0, 0);
        }
        return
            Order({
                seller: _s().sellerAddresses[o.sellerId()],
                status: o.status(),
                feeBps: o.feeBps(),
                deadline: o.deadline(),
                deliveryWindow: uint32(o.deliveryWindow()),
                amount: o.amount()
            });
    }

    /// @dev The caller's own active listing (its word).
    function _ownActiveListing(uint256 listingId) private view returns (MarketListing listed) {
        listed = _s().listings[listingId];
        ListingStatus status = listed.status();
        if (status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        address seller = _owner(listingId);
        if (msg.sender != seller) revert MarketplaceNotSeller(listingId, msg.sender, seller);
        if (status != ListingStatus.Active) revert MarketplaceListingNotActive(listingId, status);
    }

    /// @dev The slot and word of the live (unsettled) order `orderId`, and whether it is its buyer's latest order;
    /// reverts with `MarketplaceInvalidOrderStatus(orderId, Settled)` if it was settled, `MarketplaceUnknownOrder` if
    /// it was never placed.
    function _order(uint256 orderId) private view returns (OrderWord storage slot, MarketOrder o, bool latest) {
        (slot, o, latest) = _find(orderId);
        OrderStatus status = o.status();
        if (status == OrderStatus.None || status == OrderStatus.Settled) {
            if (_placed(orderId)) revert MarketplaceInvalidOrderStatus(orderId, OrderStatus.Settled);
            revert MarketplaceUnknownOrder(orderId);
        }
    }

    /// @dev Where order `orderId` is stored, its word there (zero if none), and whether that is the buyer's
    /// latest-order word. Nothing is ever stored under an id with unused bits, so such an id finds zero.
    function _find(uint256 orderId) private view returns (OrderWord storage slot, MarketOrder o, bool latest) {
        MarketplaceStorage storage $ = _s();
        if (orderId & ORDER_ID_UNUSED == 0) {
            slot = $.lastOrders[_owner(orderId)];
            o = slot.word;
            // Every stored order word has n >= 1, so an empty word matches no id.
            if (o.number() == uint32(orderId) && !o.isEmpty()) return (slot, o, true);
        }
        slot = $.orders[orderId];
        o = slot.word;
    }

    /// @dev Settle the order in `slot` (word `o`): in its buyer's latest-order word it leaves its number and status
    /// Settled (the buyer's next order overwrites it); elsewhere the slot is cleared.
    function _closeOrder(OrderWord storage slot, MarketOrder o, bool latest) private {
        slot.word = latest ? o.settled() : MarketOrder.wrap(0);
    }

    /// @dev Whether `orderId` is the id of an order that was placed (its buyer's n-th, n within its order count).
    function _placed(uint256 orderId) private view returns (bool) {
        uint256 n = uint32(orderId);
        return orderId & ORDER_ID_UNUSED == 0 && n != 0 && n <= _s().lastOrders[_owner(orderId)].word.number();
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
