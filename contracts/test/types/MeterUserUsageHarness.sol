// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MeterUserUsage} from "../../types/MeterUserUsage.sol";

/// @title MeterUserUsageHarness
/// @notice Test contract: exposes the `MeterUserUsage` getters and setters, and packs the struct the type replaced
/// (`GasMeter.UserUsage` before issue 18) so a test can compare the two layouts bit for bit.
contract MeterUserUsageHarness {
    /// @dev The struct `MeterUserUsage` replaced, member for member.
    struct LegacyUserUsage {
        uint32 epoch;
        uint48 used;
    }

    LegacyUserUsage private _legacy;

    /// @notice Every field of `word`.
    /// @param word A `MeterUserUsage` word.
    /// @return epoch The epoch of `used`.
    /// @return used Gas.
    function fields(uint256 word) external pure returns (uint32 epoch, uint48 used) {
        MeterUserUsage u = MeterUserUsage.wrap(word);
        return (u.epoch(), u.used());
    }

    /// @notice `word.usageIn(epoch)`.
    /// @param word A `MeterUserUsage` word.
    /// @param epoch An epoch number.
    /// @return Gas used in `epoch`.
    function usageIn(uint256 word, uint256 epoch) external pure returns (uint256) {
        return MeterUserUsage.wrap(word).usageIn(epoch);
    }

    /// @notice `word.withEpoch(v)`.
    /// @param word A `MeterUserUsage` word.
    /// @param v The new value.
    /// @return The new word.
    function withEpoch(uint256 word, uint32 v) external pure returns (uint256) {
        return MeterUserUsage.unwrap(MeterUserUsage.wrap(word).withEpoch(v));
    }

    /// @notice `word.withUsed(v)`.
    /// @param word A `MeterUserUsage` word.
    /// @param v The new value.
    /// @return The new word.
    function withUsed(uint256 word, uint48 v) external pure returns (uint256) {
        return MeterUserUsage.unwrap(MeterUserUsage.wrap(word).withUsed(v));
    }

    /// @notice Store the legacy struct with these members and return its raw storage word.
    /// @param u The members.
    /// @return word The slot's content.
    function legacyWord(LegacyUserUsage calldata u) external returns (uint256 word) {
        _legacy = u;
        assembly ("memory-safe") {
            word := sload(_legacy.slot)
        }
    }
}
