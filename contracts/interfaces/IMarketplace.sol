// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMarketEscrow} from "./IMarketEscrow.sol";

/// @title IMarketplace
/// @notice The NYN OS goods marketplace: sellers list goods priced in NYN; buyers pay into escrow; the seller is paid
/// (minus the fee) once the buyer confirms delivery, or once the buyer stays silent past the delivery window after
/// shipping; the buyer gets the money back if the seller does not ship within the delivery window; either party may
/// dispute a shipped order before its confirmation deadline, and an arbiter then rules a split. Stale orders can be
/// settled by anyone once their deadline has passed. Payments are pulled (`withdraw`).
/// @dev Ids carry their owner so that per-account pagination costs nothing to maintain: a listing id is
/// `uint256(uint160(seller)) << 64 | n` for the seller's n-th listing (n from 1), an order id is
/// `uint256(uint160(buyer)) << 64 | n` for the buyer's n-th order (n from 1, below 2^32: `buy` reverts with
/// `SafeCastOverflowedUintDowncast` beyond). A seller gets a compact id (below 2^32) at its first listing so that
/// an order fits one storage slot, with its number: a buyer's latest order is kept in a word of the buyer's own
/// (which also gives its order count), so that buying again after the previous order settled rewrites that word
/// rather than filling a fresh slot. Listing metadata URIs are emitted in `ListingCreated`, not stored.
/// Order deadlines: a paid order must be shipped by `deadline` (purchase time + the
/// listing's delivery window); a shipped order must be confirmed or disputed by `deadline` (ship time + the same
/// window).
interface IMarketplace is IMarketEscrow {
    /// @notice Life of a listing.
    enum ListingStatus {
        None,
        Active,
        Cancelled
    }

    /// @notice Life of an order. Settled is terminal: the order was completed (`OrderCompleted`: the seller was
    /// credited, on confirmation or after the buyer's window), refunded (`OrderRefunded`: not shipped in time, or
    /// refunded by the seller) or resolved (`OrderResolved`: the dispute was ruled or settled by default); its
    /// record is then deleted (a storage refund), so `order` shows only the status and the events tell which.
    enum OrderStatus {
        None,
        Paid, // NYN escrowed; waiting for the seller to ship by `deadline`
        Shipped, // waiting for the buyer to confirm (or dispute) by `deadline`
        Disputed, // waiting for the arbiter
        Settled // completed, refunded or resolved (terminal; every other field reads zero)
    }

    /// @notice A listing (stored in one slot, with its seller's compact id).
    struct Listing {
        uint96 pricePerUnit; // NYN-wei per unit
        uint64 quantity; // units still for sale
        uint32 deliveryWindow; // seconds: time to ship after a purchase, and time to confirm after shipping
        ListingStatus status;
    }

    /// @notice An order (stored in one slot, the seller as its compact id; the listing and quantity are in
    /// `OrderPlaced`). A settled order's record is deleted: it reads status Settled and zero everywhere else.
    struct Order {
        address seller;
        OrderStatus status;
        uint16 feeBps; // the fee locked at purchase
        uint40 deadline; // seconds: ship-by while Paid, confirm-by while Shipped
        uint32 deliveryWindow; // seconds, copied from the listing at purchase
        uint96 amount; // NYN-wei escrowed
    }

    /// @notice `seller` listed for the first time and got the compact id `sellerId` (orders store it).
    /// @param seller The seller.
    /// @param sellerId Its compact id (below 2^32).
    event SellerRegistered(address indexed seller, uint256 sellerId);
    /// @notice Listing `listingId` (just created) is priced in `token`, an approved token other than NYN (listings
    /// without this event are priced in NYN); its prices and orders are in that token's smallest unit.
    /// @param listingId The listing.
    /// @param token The ERC-20 token.
    event ListingPricedInToken(uint256 indexed listingId, address indexed token);
    /// @notice `seller` listed `quantity` units at `pricePerUnit` NYN-wei each, to ship within `deliveryWindow`
    /// seconds of a purchase; `metadataURI` describes the goods (ERC-1497 meta-evidence of its orders' disputes).
    /// @param listingId The new listing.
    /// @param seller Its seller.
    /// @param pricePerUnit The price per unit (NYN-wei, or the listing token's smallest unit).
    /// @param quantity Units for sale.
    /// @param deliveryWindow Seconds to ship after a purchase, and to confirm after shipping.
    /// @param metadataURI What is sold.
    event ListingCreated(
        uint256 indexed listingId,
        address indexed seller,
        uint256 pricePerUnit,
        uint256 quantity,
        uint256 deliveryWindow,
        string metadataURI
    );
    /// @notice The price per unit of `listingId` changed from `oldPrice` to `newPrice` (NYN-wei).
    /// @param listingId The listing.
    /// @param oldPrice The price per unit before (NYN-wei, or the listing token's smallest unit).
    /// @param newPrice The price per unit now, in the same unit.
    event ListingPriceUpdated(uint256 indexed listingId, uint256 oldPrice, uint256 newPrice);
    /// @notice The quantity for sale of `listingId` changed from `oldQuantity` to `newQuantity`.
    /// @param listingId The listing.
    /// @param oldQuantity Units for sale before.
    /// @param newQuantity Units for sale now.
    event ListingQuantityUpdated(uint256 indexed listingId, uint256 oldQuantity, uint256 newQuantity);
    /// @notice `listingId` was cancelled by its seller (its open orders are unaffected).
    /// @param listingId The listing.
    event ListingCancelled(uint256 indexed listingId);
    /// @notice `buyer` bought `quantity` units of `listingId` for `amount` NYN-wei, now escrowed; the seller must
    /// ship by `shipBy` (seconds).
    /// @param orderId The new order.
    /// @param listingId The listing.
    /// @param buyer The buyer.
    /// @param quantity Units bought.
    /// @param amount Escrowed (NYN-wei, or the listing token's smallest unit).
    /// @param shipBy The seller's shipping deadline, in seconds since epoch.
    event OrderPlaced(
        uint256 indexed orderId,
        uint256 indexed listingId,
        address indexed buyer,
        uint256 quantity,
        uint256 amount,
        uint256 shipBy
    );
    /// @notice The seller shipped `orderId`; the buyer must confirm or dispute by `confirmBy` (seconds).
    /// @param orderId The order.
    /// @param confirmBy The buyer's deadline to confirm or dispute, in seconds since epoch.
    event OrderShipped(uint256 indexed orderId, uint256 confirmBy);
    /// @notice `orderId` completed: the seller was credited `sellerAmount` and `fee` went to the fees (NYN-wei);
    /// `byTimeout` when the buyer stayed silent past the window rather than confirming.
    /// @param orderId The order.
    /// @param sellerAmount Credited to the seller (NYN-wei, or the listing token's smallest unit).
    /// @param fee Added to the uncollected fees, in the same unit.
    /// @param byTimeout True if settled after the buyer's confirmation deadline, false if the buyer confirmed.
    event OrderCompleted(uint256 indexed orderId, uint256 sellerAmount, uint256 fee, bool byTimeout);
    /// @notice `orderId` was refunded: the buyer was credited `amount` NYN-wei; `byTimeout` when the seller did not
    /// ship in time rather than refunding of its own accord.
    /// @param orderId The order.
    /// @param amount Credited to the buyer (NYN-wei, or the listing token's smallest unit).
    /// @param byTimeout True if settled after the seller's shipping deadline, false if the seller refunded.
    event OrderRefunded(uint256 indexed orderId, uint256 amount, bool byTimeout);
    /// @notice `orderId` was disputed by `openedBy` as dispute `disputeId`.
    /// @param orderId The order.
    /// @param disputeId The local dispute id.
    /// @param openedBy The party who opened it.
    event OrderDisputed(uint256 indexed orderId, uint256 indexed disputeId, address indexed openedBy);
    /// @notice The dispute over `orderId` was settled: the order is Settled.
    /// @param orderId The order.
    /// @param disputeId The local dispute id.
    event OrderResolved(uint256 indexed orderId, uint256 indexed disputeId);

    /// @notice A price of 0 was given.
    error MarketplaceZeroPrice();
    /// @notice A quantity of 0 was given.
    error MarketplaceZeroQuantity();
    /// @notice `deliveryWindow` (seconds) is outside [`minWindow`, `maxWindow`].
    /// @param deliveryWindow The delivery window refused, in seconds.
    /// @param minWindow `MIN_DELIVERY_WINDOW`, in seconds.
    /// @param maxWindow `MAX_DELIVERY_WINDOW`, in seconds.
    error MarketplaceInvalidDeliveryWindow(uint256 deliveryWindow, uint256 minWindow, uint256 maxWindow);
    /// @notice No listing has id `listingId`.
    /// @param listingId The listing id asked for.
    error MarketplaceUnknownListing(uint256 listingId);
    /// @notice `listingId` is `status`, not active.
    /// @param listingId The listing.
    /// @param status Its status.
    error MarketplaceListingNotActive(uint256 listingId, ListingStatus status);
    /// @notice `caller` is not the seller (`seller`) of listing or order `id`.
    /// @param id The listing or order id.
    /// @param caller The account that tried.
    /// @param seller The seller.
    error MarketplaceNotSeller(uint256 id, address caller, address seller);
    /// @notice `caller` is not the buyer (`buyer`) of `orderId`.
    /// @param orderId The order.
    /// @param caller The account that tried.
    /// @param buyer The order's buyer.
    error MarketplaceNotBuyer(uint256 orderId, address caller, address buyer);
    /// @notice `caller` is neither the buyer nor the seller of `orderId`.
    /// @param orderId The order.
    /// @param caller The account that tried.
    error MarketplaceNotParty(uint256 orderId, address caller);
    /// @notice `requested` units of `listingId` were asked for; `available` are for sale.
    /// @param listingId The listing.
    /// @param requested The units asked for.
    /// @param available The units for sale.
    error MarketplaceInsufficientQuantity(uint256 listingId, uint256 requested, uint256 available);
    /// @notice The price per unit of `listingId` is `price`, above the buyer's `maxPrice` (NYN-wei).
    /// @param listingId The listing.
    /// @param price Its price per unit (NYN-wei, or the listing token's smallest unit).
    /// @param maxPrice The buyer's maximum price per unit, in the same unit.
    error MarketplacePriceAboveMax(uint256 listingId, uint256 price, uint256 maxPrice);
    /// @notice The seller of `listingId` cannot buy from it.
    /// @param listingId The listing.
    /// @param buyer The caller, the listing's seller.
    error MarketplaceSelfPurchase(uint256 listingId, address buyer);
    /// @notice No order has id `orderId`.
    /// @param orderId The order id asked for.
    error MarketplaceUnknownOrder(uint256 orderId);
    /// @notice `orderId` is `status`, which does not allow this.
    /// @param orderId The order.
    /// @param status Its status.
    error MarketplaceInvalidOrderStatus(uint256 orderId, OrderStatus status);
    /// @notice The deadline of `orderId` passed at `deadline` (now `nowTime`).
    /// @param orderId The order.
    /// @param deadline Its deadline, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error MarketplaceDeadlinePassed(uint256 orderId, uint256 deadline, uint256 nowTime);
    /// @notice The deadline of `orderId` is `deadline`, not yet passed (now `nowTime`).
    /// @param orderId The order.
    /// @param deadline Its deadline, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error MarketplaceDeadlineNotPassed(uint256 orderId, uint256 deadline, uint256 nowTime);

    /// @notice List `quantity` units at `pricePerUnit` NYN-wei each.
    /// @dev Anyone (also while the kernel is paused: a listing moves no NYN, and buying is paused). Reverts with
    /// `MarketplaceZeroPrice`, `MarketplaceZeroQuantity`, `MarketplaceInvalidDeliveryWindow`,
    /// `SafeCastOverflowedUintDowncast`.
    /// @param pricePerUnit NYN-wei per unit (> 0, < 2^96).
    /// @param quantity Units for sale (> 0, < 2^64).
    /// @param metadataURI What is sold (emitted, not stored).
    /// @param deliveryWindow Seconds the seller has to ship after a purchase, and the buyer to confirm after
    /// shipping; within [`MIN_DELIVERY_WINDOW`, `MAX_DELIVERY_WINDOW`].
    /// @return listingId `uint256(uint160(seller)) << 64 | n`.
    function createListing(
        uint256 pricePerUnit,
        uint256 quantity,
        string calldata metadataURI,
        uint256 deliveryWindow
    ) external returns (uint256 listingId);

    /// @notice Create a listing priced in `token` (an approved token; NYN works too, as `createListing`): prices,
    /// orders, balances and fees of this listing are in that token's smallest unit.
    /// @dev Anyone. Reverts with `MarketEscrowTokenNotApproved` and everything `createListing` reverts with.
    /// @param token The ERC-20 token (approved: see `tokenAt`, `tokenIdOf`).
    /// @param pricePerUnit The token's smallest unit per unit (> 0, below 2^96).
    /// @param quantity Units for sale (> 0, below 2^64).
    /// @param metadataURI What is sold (emitted, not stored).
    /// @param deliveryWindow Seconds (1 hour to 365 days): time to ship after a purchase, and to confirm after.
    /// @return listingId The seller's address in the high 160 bits, its listing number in the low 64.
    function createListingInToken(
        IERC20 token,
        uint256 pricePerUnit,
        uint256 quantity,
        string calldata metadataURI,
        uint256 deliveryWindow
    ) external returns (uint256 listingId);

    /// @notice Change the price per unit of an active listing (pending orders keep their price).
    /// @dev The listing's seller. Reverts with `MarketplaceZeroPrice`, `MarketplaceUnknownListing`,
    /// `MarketplaceNotSeller`, `MarketplaceListingNotActive`, `SafeCastOverflowedUintDowncast`.
    /// @param listingId The listing.
    /// @param newPricePerUnit The new price per unit (NYN-wei, or the listing token's smallest unit).
    function updatePrice(uint256 listingId, uint256 newPricePerUnit) external;

    /// @notice Set the units still for sale of an active listing (use `cancelListing` to stop selling).
    /// @dev The listing's seller. Reverts with `MarketplaceZeroQuantity`, `MarketplaceUnknownListing`,
    /// `MarketplaceNotSeller`, `MarketplaceListingNotActive`, `SafeCastOverflowedUintDowncast`.
    /// @param listingId The listing.
    /// @param newQuantity Units for sale from now on.
    function updateQuantity(uint256 listingId, uint256 newQuantity) external;

    /// @notice Stop selling (orders already placed are unaffected).
    /// @dev The listing's seller. Reverts with `MarketplaceUnknownListing`, `MarketplaceNotSeller`,
    /// `MarketplaceListingNotActive`.
    /// @param listingId The listing.
    function cancelListing(uint256 listingId) external;

    /// @notice Buy `quantity` units of `listingId`, paying `quantity × price` NYN-wei into escrow (the caller must
    /// have approved this module). Reverts if the price is above `maxPricePerUnit`, so a seller raising the price
    /// while the purchase is pending cannot overcharge.
    /// @dev Anyone but the seller, while the kernel is not paused. Reverts with `MarketplaceZeroQuantity`,
    /// `MarketplaceUnknownListing`, `MarketplaceListingNotActive`, `MarketplaceSelfPurchase`,
    /// `MarketplaceInsufficientQuantity`, `MarketplacePriceAboveMax`, `ERC20InsufficientAllowance`,
    /// `ERC20InsufficientBalance`, `KernelPaused`, `ReentrancyGuardReentrantCall`; for a listing priced in another
    /// token (paid in that token, see `listingToken`) also `MarketEscrowTokenNotApproved` (the token was removed),
    /// `MarketEscrowFeeOnTransfer` (it delivered less than sent) and whatever its transfer reverts with.
    /// @return orderId `uint256(uint160(buyer)) << 64 | n` (n < 2^32).
    /// @param listingId The listing.
    /// @param quantity Units to buy (> 0).
    /// @param maxPricePerUnit The most the caller pays per unit (NYN-wei, or the listing token's smallest unit).
    function buy(uint256 listingId, uint256 quantity, uint256 maxPricePerUnit) external returns (uint256 orderId);

    /// @notice `buy` with an EIP-2612 permit (one transaction, no prior approval): the permit must be signed for
    /// `quantity × maxPricePerUnit` (the listing token's smallest unit, NYN-wei for NYN) to this module, valid until
    /// `permitDeadline`. Permit policy (`Permit.permitOrAllowance`, as `GasMeter.depositWithPermit` and
    /// `JobBoard.postJobWithPermit`): a permit that fails (e.g. already used by a front-runner) is ignored when the
    /// allowance already covers `quantity × maxPricePerUnit`; otherwise the call reverts with the permit's error.
    /// @dev Anyone, while the kernel is not paused. Reverts as `buy`, and with the token's permit error
    /// (`ERC2612ExpiredSignature`, `ERC2612InvalidSigner`; empty for a token without EIP-2612) when the permit fails
    /// and the allowance does not cover `quantity × maxPricePerUnit`.
    /// @param listingId The listing (its token must support EIP-2612 for the permit to apply).
    /// @param quantity Units to buy (> 0).
    /// @param maxPricePerUnit The most the caller pays per unit (NYN-wei, or the listing token's smallest unit).
    /// @param permitDeadline The permit's deadline, in seconds since epoch.
    /// @param v The permit signature's recovery id.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return orderId `uint256(uint160(buyer)) << 64 | n` (n < 2^32).
    function buyWithPermit(
        uint256 listingId,
        uint256 quantity,
        uint256 maxPricePerUnit,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 orderId);

    /// @notice Mark a paid order shipped; the buyer then has the delivery window to confirm or dispute.
    /// @dev The order's seller, by the ship deadline. Reverts with `MarketplaceUnknownOrder`,
    /// `MarketplaceNotSeller`, `MarketplaceInvalidOrderStatus`, `MarketplaceDeadlinePassed`.
    /// @param orderId The paid order.
    function ship(uint256 orderId) external;

    /// @notice Confirm delivery: the seller is credited the amount minus the fee.
    /// @dev The order's buyer, while the order is Paid or Shipped. Reverts with `MarketplaceUnknownOrder`,
    /// `MarketplaceNotBuyer`, `MarketplaceInvalidOrderStatus`, `ReentrancyGuardReentrantCall`.
    /// @param orderId The shipped order.
    function confirmDelivery(uint256 orderId) external;

    /// @notice The seller refunds the buyer in full (e.g. out of stock).
    /// @dev The order's seller, while the order is Paid or Shipped. Reverts with `MarketplaceUnknownOrder`,
    /// `MarketplaceNotSeller`, `MarketplaceInvalidOrderStatus`, `ReentrancyGuardReentrantCall`.
    /// @param orderId The paid or shipped order.
    function refundOrder(uint256 orderId) external;

    /// @notice Settle a stale order once its deadline has passed: a Paid order (never shipped) refunds the buyer; a
    /// Shipped order (buyer silent) pays the seller minus the fee.
    /// @dev Anyone. Reverts with `MarketplaceUnknownOrder`, `MarketplaceInvalidOrderStatus`,
    /// `MarketplaceDeadlineNotPassed`, `ReentrancyGuardReentrantCall`.
    /// @param orderId The order, past its deadline.
    function settle(uint256 orderId) external;

    /// @notice Dispute a shipped order before its confirmation deadline; the arbiter then rules a split.
    /// @dev The order's buyer or seller. Reverts with `MarketplaceUnknownOrder`, `MarketplaceNotParty`,
    /// `MarketplaceInvalidOrderStatus`, `MarketplaceDeadlinePassed`, `ReentrancyGuardReentrantCall`.
    /// @param evidenceURI The opener's evidence (ERC-1497), may be empty.
    /// @return disputeId The local dispute id.
    /// @param orderId The shipped order.
    function openDispute(uint256 orderId, string calldata evidenceURI) external returns (uint256 disputeId);

    /// @notice The shortest delivery window: 1 hour.
    /// @return The shortest delivery window, in seconds.
    function MIN_DELIVERY_WINDOW() external view returns (uint256);

    /// @notice The longest delivery window: 365 days.
    /// @return The longest delivery window, in seconds.
    function MAX_DELIVERY_WINDOW() external view returns (uint256);

    /// @notice Listing `listingId`. Reverts with `MarketplaceUnknownListing`.
    /// @param listingId The listing.
    /// @return Its `Listing` (price per unit, quantity, delivery window, status).
    function listing(uint256 listingId) external view returns (Listing memory);

    /// @notice The token listing `listingId` is priced in (NYN unless created by `createListingInToken`).
    /// @dev Reverts with `MarketplaceUnknownListing`.
    /// @param listingId The listing.
    /// @return The ERC-20 token.
    function listingToken(uint256 listingId) external view returns (IERC20);

    /// @notice The token order `orderId` is escrowed in (its listing's). Reverts with `MarketplaceUnknownOrder`, or
    /// `MarketplaceInvalidOrderStatus` for a settled order (its record is deleted).
    /// @param orderId The order.
    /// @return The ERC-20 token.
    function orderToken(uint256 orderId) external view returns (IERC20);

    /// @notice How many listings `seller` has created.
    /// @param seller The seller.
    /// @return The number of listings it created.
    function listingCount(address seller) external view returns (uint256);

    /// @notice `seller`'s listings, oldest first, paginated (`offset` from 0).
    /// @param seller The seller.
    /// @param offset The first position to return (0-based).
    /// @param limit The most listings to return.
    /// @return ids The listing ids at positions [offset, offset + limit) (fewer at the end).
    /// @return listings The listings, in the same order.
    function listingsBySeller(
        address seller,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Listing[] memory listings);

    /// @notice Order `orderId` (status Settled, other fields zero, once settled). Reverts with
    /// `MarketplaceUnknownOrder` for an id no buyer was given.
    /// @param orderId The order.
    /// @return Its `Order` (seller, status, fee, deadline, delivery window, amount).
    function order(uint256 orderId) external view returns (Order memory);

    /// @notice How many orders `buyer` has placed.
    /// @param buyer The buyer.
    /// @return The number of orders it placed.
    function orderCount(address buyer) external view returns (uint256);

    /// @notice `buyer`'s orders, oldest first, paginated (`offset` from 0).
    /// @param buyer The buyer.
    /// @param offset The first position to return (0-based).
    /// @param limit The most orders to return.
    /// @return ids The order ids at positions [offset, offset + limit) (fewer at the end).
    /// @return orders The orders, in the same order.
    function ordersByBuyer(
        address buyer,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, Order[] memory orders);
}
