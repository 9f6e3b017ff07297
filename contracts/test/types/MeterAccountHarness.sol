// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MeterAccount} from "../../types/MeterAccount.sol";

/// @title MeterAccountHarness
/// @notice Test contract: exposes the `MeterAccount` getters and setters, and packs the struct the type replaced
/// (`GasMeter.Account` before issue 18) so a test can compare the two layouts bit for bit.
contract MeterAccountHarness {
    /// @dev The struct `MeterAccount` replaced, member for member.
    struct LegacyAccount {
        uint96 budget;
        uint32 usageEpoch;
        uint48 used;
        uint40 processQuota;
        uint32 userQuota;
        bool hasLowThreshold;
    }

    /// @notice Every field of a word, as the getters read it.
    struct Fields {
        uint96 budget;
        uint32 usageEpoch;
        uint48 used;
        uint40 processQuota;
        uint32 userQuota;
        bool hasThresholds;
    }

    LegacyAccount private _legacy;

    /// @notice Every field of `word`.
    /// @param word A `MeterAccount` word.
    /// @return f The fields.
    function fields(uint256 word) external pure returns (Fields memory f) {
        MeterAccount a = MeterAccount.wrap(word);
        f = Fields(a.budget(), a.usageEpoch(), a.used(), a.processQuota(), a.userQuota(), a.hasThresholds());
    }

    /// @notice `word.usageIn(epoch)`.
    /// @param word A `MeterAccount` word.
    /// @param epoch An epoch number.
    /// @return Gas used in `epoch`.
    function usageIn(uint256 word, uint256 epoch) external pure returns (uint256) {
        return MeterAccount.wrap(word).usageIn(epoch);
    }

    /// @notice `word.withBudget(v)`.
    /// @param word A `MeterAccount` word.
    /// @param v The new value.
    /// @return The new word.
    function withBudget(uint256 word, uint96 v) external pure returns (uint256) {
        return MeterAccount.unwrap(MeterAccount.wrap(word).withBudget(v));
    }

    /// @notice `word.withUsageEpoch(v)`.
    /// @param word A `MeterAccount` word.
    /// @param v The new value.
    /// @return The new word.
    function withUsageEpoch(uint256 word, uint32 v) external pure returns (uint256) {
        return MeterAccount.unwrap(MeterAccount.wrap(word).withUsageEpoch(v));
    }

    /// @notice `word.withUsed(v)`.
    /// @param word A `MeterAccount` word.
    /// @param v The new value.
    /// @return The new word.
    function withUsed(uint256 word, uint48 v) external pure returns (uint256) {
        return MeterAccount.unwrap(MeterAccount.wrap(word).withUsed(v));
    }

    /// @notice `word.withProcessQuota(v)`.
    /// @param word A `MeterAccount` word.
    /// @param v The new value.
    /// @return The new word.
    function withProcessQuota(uint256 word, uint40 v) external pure returns (uint256) {
        return MeterAccount.unwrap(MeterAccount.wrap(word).withProcessQuota(v));
    }

    /// @notice `word.withUserQuota(v)`.
    /// @param word A `MeterAccount` word.
    /// @param v The new value.
    /// @return The new word.
    function withUserQuota(uint256 word, uint32 v) external pure returns (uint256) {
        return MeterAccount.unwrap(MeterAccount.wrap(word).withUserQuota(v));
    }

    /// @notice `word.withHasThresholds(v)`.
    /// @param word A `MeterAccount` word.
    /// @param v The new value.
    /// @return The new word.
    function withHasThresholds(uint256 word, bool v) external pure returns (uint256) {
        return MeterAccount.unwrap(MeterAccount.wrap(word).withHasThresholds(v));
    }

    /// @notice Store the legacy struct with these members and return its raw storage word.
    /// @param a The members.
    /// @return word The slot's content.
    function legacyWord(LegacyAccount calldata a) external returns (uint256 word) {
        _legacy = a;
        assembly ("memory-safe") {
            word := sload(_legacy.slot)
        }
    }
}
