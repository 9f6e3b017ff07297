// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MeterParams} from "../../types/MeterParams.sol";

/// @title MeterParamsHarness
/// @notice Test contract: exposes the `MeterParams` getters and setters, and packs the struct the type replaced
/// (`GasMeter.Params` before issue 18) so a test can compare the two layouts bit for bit.
contract MeterParamsHarness {
    /// @dev The struct `MeterParams` replaced, member for member.
    struct LegacyParams {
        uint56 price;
        uint32 epochLength;
        uint40 epochAnchor;
        uint32 epochOffset;
        uint96 fees;
    }

    LegacyParams private _legacy;

    /// @notice Every field of `word`.
    /// @param word A `MeterParams` word.
    /// @return price NYN-wei per gas.
    /// @return epochLength Seconds.
    /// @return epochAnchor Timestamp, in seconds.
    /// @return epochOffset The epoch number at the anchor.
    /// @return fees NYN-wei.
    function fields(
        uint256 word
    ) external pure returns (uint56 price, uint32 epochLength, uint40 epochAnchor, uint32 epochOffset, uint96 fees) {
        MeterParams p = MeterParams.wrap(word);
        return (p.price(), p.epochLength(), p.epochAnchor(), p.epochOffset(), p.fees());
    }

    /// @notice `word.withPrice(v)`.
    /// @param word A `MeterParams` word.
    /// @param v The new price.
    /// @return The new word.
    function withPrice(uint256 word, uint56 v) external pure returns (uint256) {
        return MeterParams.unwrap(MeterParams.wrap(word).withPrice(v));
    }

    /// @notice `word.withEpochLength(v)`.
    /// @param word A `MeterParams` word.
    /// @param v The new epoch length.
    /// @return The new word.
    function withEpochLength(uint256 word, uint32 v) external pure returns (uint256) {
        return MeterParams.unwrap(MeterParams.wrap(word).withEpochLength(v));
    }

    /// @notice `word.withEpochAnchor(v)`.
    /// @param word A `MeterParams` word.
    /// @param v The new anchor.
    /// @return The new word.
    function withEpochAnchor(uint256 word, uint40 v) external pure returns (uint256) {
        return MeterParams.unwrap(MeterParams.wrap(word).withEpochAnchor(v));
    }

    /// @notice `word.withEpochOffset(v)`.
    /// @param word A `MeterParams` word.
    /// @param v The new epoch offset.
    /// @return The new word.
    function withEpochOffset(uint256 word, uint32 v) external pure returns (uint256) {
        return MeterParams.unwrap(MeterParams.wrap(word).withEpochOffset(v));
    }

    /// @notice `word.withFees(v)`.
    /// @param word A `MeterParams` word.
    /// @param v The new fees.
    /// @return The new word.
    function withFees(uint256 word, uint96 v) external pure returns (uint256) {
        return MeterParams.unwrap(MeterParams.wrap(word).withFees(v));
    }

    /// @notice `word.epochAt(timestamp)`.
    /// @param word A `MeterParams` word.
    /// @param timestamp Seconds, not before the anchor.
    /// @return The epoch at `timestamp`.
    function epochAt(uint256 word, uint256 timestamp) external pure returns (uint256) {
        return MeterParams.wrap(word).epochAt(timestamp);
    }

    /// @notice Store the legacy struct with these members and return its raw storage word.
    /// @param p The members.
    /// @return word The slot's content.
    function legacyWord(LegacyParams calldata p) external returns (uint256 word) {
        _legacy = p;
        assembly ("memory-safe") {
            word := sload(_legacy.slot)
        }
    }
}
