// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @dev One market account (a MarketEscrow module's `accounts` word): what the account may withdraw in NYN and its
/// reputation in this module, so that crediting a seller or worker and counting the sale or job is one storage
/// write. Layout (bit offset, width):
///   balance (0, 96: NYN-wei withdrawable; the NYN supply cap is below 2^96) | completedSales (96, 32)
///   | completedJobs (128, 32) | disputesOpened (160, 32) | disputesWon (192, 32) | disputesLost (224, 32).
/// The counters are incremented in place, unchecked (`count`): 2^32 sales, jobs or disputes by one account would cost
/// far more gas than exists, so no counter carries into the next.
type EscrowAccount is uint256;

using EscrowAccountLibrary for EscrowAccount global;

/// @title EscrowAccountLibrary
/// @notice Getters, `with…` setters and the in-place updates of an {EscrowAccount} word (Uniswap v4 `Slot0` style).
library EscrowAccountLibrary {
    uint256 internal constant BALANCE_MASK = (1 << 96) - 1;
    uint256 internal constant COUNTER_MASK = (1 << 32) - 1;
    uint256 internal constant SALES_OFFSET = 96;
    uint256 internal constant JOBS_OFFSET = 128;
    uint256 internal constant OPENED_OFFSET = 160;
    uint256 internal constant WON_OFFSET = 192;
    uint256 internal constant LOST_OFFSET = 224;

    /// @dev One unit of each counter, as `count` takes it.
    uint256 internal constant ONE_SALE = 1 << SALES_OFFSET;
    uint256 internal constant ONE_JOB = 1 << JOBS_OFFSET;
    uint256 internal constant ONE_OPENED = 1 << OPENED_OFFSET;
    uint256 internal constant ONE_WON = 1 << WON_OFFSET;
    uint256 internal constant ONE_LOST = 1 << LOST_OFFSET;

    // ------------------------------------------------------------------ getters

    function balance(EscrowAccount a) internal pure returns (uint256) {
        return EscrowAccount.unwrap(a) & BALANCE_MASK;
    }

    function completedSales(EscrowAccount a) internal pure returns (uint32) {
        return uint32(EscrowAccount.unwrap(a) >> SALES_OFFSET);
    }

    function completedJobs(EscrowAccount a) internal pure returns (uint32) {
        return uint32(EscrowAccount.unwrap(a) >> JOBS_OFFSET);
    }

    function disputesOpened(EscrowAccount a) internal pure returns (uint32) {
        return uint32(EscrowAccount.unwrap(a) >> OPENED_OFFSET);
    }

    function disputesWon(EscrowAccount a) internal pure returns (uint32) {
        return uint32(EscrowAccount.unwrap(a) >> WON_OFFSET);
    }

    function disputesLost(EscrowAccount a) internal pure returns (uint32) {
        return uint32(EscrowAccount.unwrap(a) >> LOST_OFFSET);
    }

    function isEmpty(EscrowAccount a) internal pure returns (bool) {
        return EscrowAccount.unwrap(a) == 0;
    }

    // ------------------------------------------------------------------ setters (a new word)

    /// @dev `a` with balance `v` (reverts with `SafeCastOverflowedUintDowncast(96, v)` at 2^96 or more).
    function withBalance(EscrowAccount a, uint256 v) internal pure returns (EscrowAccount) {
        if (v > BALANCE_MASK) revert SafeCast.SafeCastOverflowedUintDowncast(96, v);
        return EscrowAccount.wrap((EscrowAccount.unwrap(a) & ~BALANCE_MASK) | v);
    }

    function withCompletedSales(EscrowAccount a, uint32 v) internal pure returns (EscrowAccount) {
        return _withCounter(a, SALES_OFFSET, v);
    }

    function withCompletedJobs(EscrowAccount a, uint32 v) internal pure returns (EscrowAccount) {
        return _withCounter(a, JOBS_OFFSET, v);
    }

    function withDisputesOpened(EscrowAccount a, uint32 v) internal pure returns (EscrowAccount) {
        return _withCounter(a, OPENED_OFFSET, v);
    }

    function withDisputesWon(EscrowAccount a, uint32 v) internal pure returns (EscrowAccount) {
        return _withCounter(a, WON_OFFSET, v);
    }

    function withDisputesLost(EscrowAccount a, uint32 v) internal pure returns (EscrowAccount) {
        return _withCounter(a, LOST_OFFSET, v);
    }

    // ------------------------------------------------------------------ in-place updates (the hot paths)

    /// @dev `a` plus `amount` NYN-wei of balance and `unit` (0 or one counter's `ONE_…`); reverts with
    /// `SafeCastOverflowedUintDowncast(96, balance)` if the balance would reach 2^96.
    function credit(EscrowAccount a, uint256 amount, uint256 unit) internal pure returns (EscrowAccount) {
        uint256 word = EscrowAccount.unwrap(a);
        uint256 newBalance = (word & BALANCE_MASK) + amount;
        if (newBalance > BALANCE_MASK) revert SafeCast.SafeCastOverflowedUintDowncast(96, newBalance);
        // Cannot overflow: the balance field stays below 2^96 (checked above); counters: see the layout.
        unchecked {
            return EscrowAccount.wrap(word + amount + unit);
        }
    }

    /// @dev `a` minus `amount` NYN-wei of balance; the caller checked `amount <= a.balance()` (only the balance
    /// field changes then).
    function debit(EscrowAccount a, uint256 amount) internal pure returns (EscrowAccount) {
        unchecked {
            return EscrowAccount.wrap(EscrowAccount.unwrap(a) - amount);
        }
    }

    /// @dev `a` with `unit` (one counter's `ONE_…`) added to that counter, unchecked (see the layout).
    function count(EscrowAccount a, uint256 unit) internal pure returns (EscrowAccount) {
        unchecked {
            return EscrowAccount.wrap(EscrowAccount.unwrap(a) + unit);
        }
    }

    function _withCounter(EscrowAccount a, uint256 offset, uint32 v) private pure returns (EscrowAccount) {
        return EscrowAccount.wrap((EscrowAccount.unwrap(a) & ~(COUNTER_MASK << offset)) | (uint256(v) << offset));
    }
}
