// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {IMarketEscrow} from "../interfaces/IMarketEscrow.sol";
import {EscrowAccount, EscrowAccountLibrary} from "../types/EscrowAccount.sol";
import {EscrowToken} from "../types/EscrowToken.sol";
import {MarketSeller, MarketSellerLibrary} from "../types/MarketSeller.sol";
import {MarketListing, MarketListingLibrary} from "../types/MarketListing.sol";
import {MarketOrder, MarketOrderLibrary} from "../types/MarketOrder.sol";
import {DisputeClaim, DisputeClaimLibrary} from "../types/DisputeClaim.sol";
import {DisputeState, DisputeStateLibrary} from "../types/DisputeState.sol";

/// @title MarketWordsHarness
/// @notice Test-only: exposes the market's packed storage words (contracts/types/) to test/types/*.test.ts. Each
/// `<type>Fields` returns every getter of a raw word, in layout order; each `<type>With` applies the `with…` setter
/// of field number `field` (layout order) and returns the raw word.
contract MarketWordsHarness {
    error UnknownField(uint256 field);

    /// @dev The compiler-packed record the {DisputeClaim} and {DisputeState} words replaced (`disputeLegacySlots`).
    IMarketEscrow.DisputeRecord private _legacyDispute;

    // ------------------------------------------------------------------ EscrowAccount

    function accountFields(uint256 word) external pure returns (uint256[6] memory f) {
        EscrowAccount a = EscrowAccount.wrap(word);
        f = [a.balance(), a.completedSales(), a.completedJobs(), a.disputesOpened(), a.disputesWon(), a.disputesLost()];
    }

    function accountWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        EscrowAccount a = EscrowAccount.wrap(word);
        if (field == 0) return EscrowAccount.unwrap(a.withBalance(v));
        if (field == 1) return EscrowAccount.unwrap(a.withCompletedSales(uint32(v)));
        if (field == 2) return EscrowAccount.unwrap(a.withCompletedJobs(uint32(v)));
        if (field == 3) return EscrowAccount.unwrap(a.withDisputesOpened(uint32(v)));
        if (field == 4) return EscrowAccount.unwrap(a.withDisputesWon(uint32(v)));
        if (field == 5) return EscrowAccount.unwrap(a.withDisputesLost(uint32(v)));
        revert UnknownField(field);
    }

    function accountCredit(uint256 word, uint256 amount, uint256 unit) external pure returns (uint256) {
        return EscrowAccount.unwrap(EscrowAccount.wrap(word).credit(amount, unit));
    }

    function accountDebit(uint256 word, uint256 amount) external pure returns (uint256) {
        return EscrowAccount.unwrap(EscrowAccount.wrap(word).debit(amount));
    }

    function accountCount(uint256 word, uint256 unit) external pure returns (uint256) {
        return EscrowAccount.unwrap(EscrowAccount.wrap(word).count(unit));
    }

    function accountUnits() external pure returns (uint256[5] memory) {
        return
            [
                EscrowAccountLibrary.ONE_SALE,
                EscrowAccountLibrary.ONE_JOB,
                EscrowAccountLibrary.ONE_OPENED,
                EscrowAccountLibrary.ONE_WON,
                EscrowAccountLibrary.ONE_LOST
            ];
    }

    // ------------------------------------------------------------------ EscrowToken

    function tokenFields(uint256 word) external pure returns (address token, bool approved) {
        EscrowToken t = EscrowToken.wrap(word);
        return (t.token(), t.approved());
    }

    function tokenWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        EscrowToken t = EscrowToken.wrap(word);
        if (field == 0) return EscrowToken.unwrap(t.withToken(address(uint160(v))));
        if (field == 1) return EscrowToken.unwrap(t.withApproved(v != 0));
        revert UnknownField(field);
    }

    // ------------------------------------------------------------------ MarketSeller

    function sellerFields(uint256 word) external pure returns (uint256[2] memory f) {
        MarketSeller s = MarketSeller.wrap(word);
        f = [s.id(), s.listingCount()];
    }

    function sellerWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        MarketSeller s = MarketSeller.wrap(word);
        if (field == 0) return MarketSeller.unwrap(s.withId(v));
        if (field == 1) return MarketSeller.unwrap(s.withListingCount(v));
        revert UnknownField(field);
    }

    function sellerPack(uint256 sellerId, uint256 count) external pure returns (uint256) {
        return MarketSeller.unwrap(MarketSellerLibrary.pack(sellerId, count));
    }

    // ------------------------------------------------------------------ MarketListing

    function listingFields(uint256 word) external pure returns (uint256[6] memory f) {
        MarketListing listing = MarketListing.wrap(word);
        f = [
            uint256(listing.pricePerUnit()),
            listing.quantity(),
            listing.deliveryWindow(),
            uint256(listing.status()),
            listing.sellerId(),
            listing.tokenId()
        ];
    }

    function listingWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        MarketListing listing = MarketListing.wrap(word);
        if (field == 0) return MarketListing.unwrap(listing.withPricePerUnit(v));
        if (field == 1) return MarketListing.unwrap(listing.withQuantity(v));
        if (field == 2) return MarketListing.unwrap(listing.withDeliveryWindow(v));
        if (field == 3) return MarketListing.unwrap(listing.withStatus(IMarketplace.ListingStatus(v)));
        if (field == 4) return MarketListing.unwrap(listing.withSellerId(v));
        if (field == 5) return MarketListing.unwrap(listing.withTokenId(v));
        revert UnknownField(field);
    }

    function listingMinusQuantity(uint256 word, uint256 units) external pure returns (uint256) {
        return MarketListing.unwrap(MarketListing.wrap(word).minusQuantity(units));
    }

    function listingPack(uint256[6] calldata f) external pure returns (uint256) {
        return
            MarketListing.unwrap(
                MarketListingLibrary.pack(f[0], f[1], f[2], IMarketplace.ListingStatus(f[3]), f[4], f[5])
            );
    }

    // ------------------------------------------------------------------ MarketOrder

    function orderFields(uint256 word) external pure returns (uint256[8] memory f) {
        MarketOrder o = MarketOrder.wrap(word);
        f = [
            uint256(o.sellerId()),
            uint256(o.status()),
            o.feeBps(),
            o.deadline(),
            o.deliveryWindow(),
            o.tokenId(),
            o.amount(),
            o.number()
        ];
    }

    function orderWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        MarketOrder o = MarketOrder.wrap(word);
        if (field == 0) return MarketOrder.unwrap(o.withSellerId(v));
        if (field == 1) return MarketOrder.unwrap(o.withStatus(IMarketplace.OrderStatus(v)));
        if (field == 2) return MarketOrder.unwrap(o.withFeeBps(v));
        if (field == 3) return MarketOrder.unwrap(o.withDeadline(v));
        if (field == 4) return MarketOrder.unwrap(o.withDeliveryWindow(v));
        if (field == 5) return MarketOrder.unwrap(o.withTokenId(v));
        if (field == 6) return MarketOrder.unwrap(o.withAmount(v));
        if (field == 7) return MarketOrder.unwrap(o.withNumber(v));
        revert UnknownField(field);
    }

    function orderShipped(uint256 word, uint256 confirmBy) external pure returns (uint256) {
        return MarketOrder.unwrap(MarketOrder.wrap(word).shipped(confirmBy));
    }

    function orderSettled(uint256 word) external pure returns (uint256) {
        return MarketOrder.unwrap(MarketOrder.wrap(word).settled());
    }

    function orderPack(
        uint256 sellerId,
        uint256 feeBps,
        uint256 tokenId,
        uint256 deadline,
        uint256 deliveryWindow,
        uint256 amount,
        uint256 n
    ) external pure returns (uint256) {
        return
            MarketOrder.unwrap(
                MarketOrderLibrary.pack(
                    sellerId,
                    MarketOrderLibrary.terms(feeBps, tokenId),
                    deadline,
                    deliveryWindow,
                    amount,
                    n
                )
            );
    }

    // ------------------------------------------------------------------ DisputeClaim

    function claimFields(uint256 word) external pure returns (uint256[2] memory f) {
        DisputeClaim c = DisputeClaim.wrap(word);
        f = [uint256(uint160(c.payer())), c.amount()];
    }

    function claimWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        DisputeClaim c = DisputeClaim.wrap(word);
        if (field == 0) return DisputeClaim.unwrap(c.withPayer(address(uint160(v))));
        if (field == 1) return DisputeClaim.unwrap(c.withAmount(uint96(v)));
        revert UnknownField(field);
    }

    function claimPack(address payer, uint256 amount) external pure returns (uint256) {
        return DisputeClaim.unwrap(DisputeClaimLibrary.pack(payer, amount));
    }

    // ------------------------------------------------------------------ DisputeState

    function stateFields(uint256 word) external pure returns (uint256[6] memory f) {
        DisputeState s = DisputeState.wrap(word);
        f = [
            uint256(uint160(s.payee())),
            s.feeBps(),
            s.rulingDeadline(),
            uint256(s.status()),
            s.payerShareBps(),
            s.tokenId()
        ];
    }

    function stateWith(uint256 word, uint256 field, uint256 v) external pure returns (uint256) {
        DisputeState s = DisputeState.wrap(word);
        if (field == 0) return DisputeState.unwrap(s.withPayee(address(uint160(v))));
        if (field == 1) return DisputeState.unwrap(s.withFeeBps(v));
        if (field == 2) return DisputeState.unwrap(s.withRulingDeadline(v));
        if (field == 3) return DisputeState.unwrap(s.withStatus(IMarketEscrow.DisputeStatus(v)));
        if (field == 4) return DisputeState.unwrap(s.withPayerShareBps(v));
        if (field == 5) return DisputeState.unwrap(s.withTokenId(v));
        revert UnknownField(field);
    }

    function statePack(
        address payee,
        uint256 feeBps,
        uint256 rulingDeadline,
        uint256 tokenId
    ) external pure returns (uint256) {
        return DisputeState.unwrap(DisputeStateLibrary.pack(payee, feeBps, rulingDeadline, tokenId));
    }

    function stateSettled(uint256 word, uint256 payerShareBps, bool byDefault) external pure returns (uint256) {
        return DisputeState.unwrap(DisputeState.wrap(word).settled(payerShareBps, byDefault));
    }

    /// @dev Store `r` as the compiler packs `IMarketEscrow.DisputeRecord` and return its five raw slots.
    function disputeLegacySlots(IMarketEscrow.DisputeRecord calldata r) external returns (uint256[5] memory slots) {
        _legacyDispute = r;
        assembly ("memory-safe") {
            let base := _legacyDispute.slot
            for {
                let i := 0
            } lt(i, 5) {
                i := add(i, 1)
            } {
                mstore(add(slots, mul(i, 0x20)), sload(add(base, i)))
            }
        }
    }
}
