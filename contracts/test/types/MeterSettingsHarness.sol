// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MeterSettings} from "../../types/MeterSettings.sol";

/// @title MeterSettingsHarness
/// @notice Test contract: exposes the `MeterSettings` getters and setters, and packs the struct the type replaced
/// (`GasMeter.Settings` before issue 18) so a test can compare the two layouts bit for bit.
contract MeterSettingsHarness {
    /// @dev The struct `MeterSettings` replaced, member for member.
    struct LegacySettings {
        uint96 lowThreshold;
        uint64 relayGasCap;
        uint8 relayRules; // 1: signer capability required, 2: selectors only, 4: reverted calls refused
        uint88 freezeThreshold;
    }

    /// @notice Every field of a word, as the getters read it.
    struct Fields {
        uint96 lowThreshold;
        uint64 relayGasCap;
        bool signerCapabilityRequired;
        bool selectorsOnly;
        bool revertedCallsRefused;
        uint88 freezeThreshold;
    }

    LegacySettings private _legacy;

    /// @notice Every field of `word`.
    /// @param word A `MeterSettings` word.
    /// @return f The fields.
    function fields(uint256 word) external pure returns (Fields memory f) {
        MeterSettings s = MeterSettings.wrap(word);
        f = Fields(
            s.lowThreshold(),
            s.relayGasCap(),
            s.signerCapabilityRequired(),
            s.selectorsOnly(),
            s.revertedCallsRefused(),
            s.freezeThreshold()
        );
    }

    /// @notice `word.hasRelayRules()`.
    /// @param word A `MeterSettings` word.
    /// @return Whether any relay rule is on.
    function hasRelayRules(uint256 word) external pure returns (bool) {
        return MeterSettings.wrap(word).hasRelayRules();
    }

    /// @notice `word.withLowThreshold(v)`.
    /// @param word A `MeterSettings` word.
    /// @param v The new value, in NYN-wei.
    /// @return The new word.
    function withLowThreshold(uint256 word, uint96 v) external pure returns (uint256) {
        return MeterSettings.unwrap(MeterSettings.wrap(word).withLowThreshold(v));
    }

    /// @notice `word.withRelayGasCap(v)`.
    /// @param word A `MeterSettings` word.
    /// @param v The new value, in gas.
    /// @return The new word.
    function withRelayGasCap(uint256 word, uint64 v) external pure returns (uint256) {
        return MeterSettings.unwrap(MeterSettings.wrap(word).withRelayGasCap(v));
    }

    /// @notice `word.withSignerCapabilityRequired(v)`.
    /// @param word A `MeterSettings` word.
    /// @param v The new value.
    /// @return The new word.
    function withSignerCapabilityRequired(uint256 word, bool v) external pure returns (uint256) {
        return MeterSettings.unwrap(MeterSettings.wrap(word).withSignerCapabilityRequired(v));
    }

    /// @notice `word.withSelectorsOnly(v)`.
    /// @param word A `MeterSettings` word.
    /// @param v The new value.
    /// @return The new word.
    function withSelectorsOnly(uint256 word, bool v) external pure returns (uint256) {
        return MeterSettings.unwrap(MeterSettings.wrap(word).withSelectorsOnly(v));
    }

    /// @notice `word.withRevertedCallsRefused(v)`.
    /// @param word A `MeterSettings` word.
    /// @param v The new value.
    /// @return The new word.
    function withRevertedCallsRefused(uint256 word, bool v) external pure returns (uint256) {
        return MeterSettings.unwrap(MeterSettings.wrap(word).withRevertedCallsRefused(v));
    }

    /// @notice `word.withFreezeThreshold(v)`.
    /// @param word A `MeterSettings` word.
    /// @param v The new value, in NYN-wei.
    /// @return The new word.
    function withFreezeThreshold(uint256 word, uint88 v) external pure returns (uint256) {
        return MeterSettings.unwrap(MeterSettings.wrap(word).withFreezeThreshold(v));
    }

    /// @notice Store the legacy struct with these members and return its raw storage word.
    /// @param s The members.
    /// @return word The slot's content.
    function legacyWord(LegacySettings calldata s) external returns (uint256 word) {
        _legacy = s;
        assembly ("memory-safe") {
            word := sload(_legacy.slot)
        }
    }
}
