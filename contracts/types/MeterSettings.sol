// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev A process's colder settings in the gas meter, one storage word per PID: its thresholds, its relay gas cap and
/// its relay sponsorship rules. Layout, from the low-order bits (the layout of the `Settings` struct it replaces, so
/// deployed storage reads the same):
///
///   bits   0- 95  lowThreshold      uint96  NYN-wei, 0 = off: `BudgetLow` is emitted when a charge crosses it
///   bits  96-159  relayGasCap       uint64  gas reimbursed per relayed request at most, 0 = relaying off
///   bits 160-167  relay rules       uint8   a set of flags (the struct's `relayRules` byte):
///                   bit 160  signerCapabilityRequired  only signers holding `relaySignerCapability` are reimbursed
///                   bit 161  selectorsOnly             only requests calling a sponsored selector are reimbursed
///                   bit 162  revertedCallsRefused      relayed requests whose call reverts are not reimbursed
///                   bits 163-167 unused: no getter reads them, no setter writes them
///   bits 168-255  freezeThreshold   uint88  NYN-wei, 0 = off: metered and relayed work refused at or below it
type MeterSettings is uint256;

using MeterSettingsLibrary for MeterSettings global;

/// @title MeterSettingsLibrary
/// @notice Getters and `with…` setters of a {MeterSettings} word (Uniswap v4 `Slot0Library` style): each field's
/// offset and width are defined here once; a setter returns a new word with one field replaced and every other bit
/// kept. Setters take the field's own width: a caller narrows a wider value first (OpenZeppelin `SafeCast`).
library MeterSettingsLibrary {
    uint256 internal constant LOW_THRESHOLD_OFFSET = 0;
    uint256 internal constant LOW_THRESHOLD_MASK = 0xffffffffffffffffffffffff; // 96 bits
    uint256 internal constant RELAY_GAS_CAP_OFFSET = 96;
    uint256 internal constant RELAY_GAS_CAP_MASK = 0xffffffffffffffff; // 64 bits
    uint256 internal constant RELAY_RULES_OFFSET = 160;
    uint256 internal constant RELAY_RULES_MASK = 0x07; // the three rule flags of the 8-bit rules byte
    uint256 internal constant SIGNER_CAPABILITY_REQUIRED_OFFSET = 160; // 1 bit
    uint256 internal constant SELECTORS_ONLY_OFFSET = 161; // 1 bit
    uint256 internal constant REVERTED_CALLS_REFUSED_OFFSET = 162; // 1 bit
    uint256 internal constant FREEZE_THRESHOLD_OFFSET = 168;
    uint256 internal constant FREEZE_THRESHOLD_MASK = 0xffffffffffffffffffffff; // 88 bits

    // ------------------------------------------------------------------ getters

    /// @dev The low-budget threshold, in NYN-wei (0 = off).
    function lowThreshold(MeterSettings self) internal pure returns (uint96 v) {
        assembly ("memory-safe") {
            v := and(self, LOW_THRESHOLD_MASK)
        }
    }

    /// @dev The relay gas cap, in gas per relayed request (0 = relaying off).
    function relayGasCap(MeterSettings self) internal pure returns (uint64 v) {
        assembly ("memory-safe") {
            v := and(shr(RELAY_GAS_CAP_OFFSET, self), RELAY_GAS_CAP_MASK)
        }
    }

    /// @dev Whether any relay rule is on (the relay path's one test before it reads a rule; unused bits ignored).
    function hasRelayRules(MeterSettings self) internal pure returns (bool v) {
        assembly ("memory-safe") {
            v := iszero(iszero(and(shr(RELAY_RULES_OFFSET, self), RELAY_RULES_MASK)))
        }
    }

    /// @dev Whether only signers holding the process's `relaySignerCapability` are reimbursed.
    function signerCapabilityRequired(MeterSettings self) internal pure returns (bool v) {
        assembly ("memory-safe") {
            v := and(shr(SIGNER_CAPABILITY_REQUIRED_OFFSET, self), 1)
        }
    }

    /// @dev Whether only relayed requests calling a sponsored selector are reimbursed (`relaySelectorsOnly`).
    function selectorsOnly(MeterSettings self) internal pure returns (bool v) {
        assembly ("memory-safe") {
            v := and(shr(SELECTORS_ONLY_OFFSET, self), 1)
        }
    }

    /// @dev Whether relayed requests whose call reverts are refused reimbursement (`relayRevertedCallsSponsored`
    /// is its negation).
    function revertedCallsRefused(MeterSettings self) internal pure returns (bool v) {
        assembly ("memory-safe") {
            v := and(shr(REVERTED_CALLS_REFUSED_OFFSET, self), 1)
        }
    }

    /// @dev The freezing threshold, in NYN-wei (0 = off).
    function freezeThreshold(MeterSettings self) internal pure returns (uint88 v) {
        assembly ("memory-safe") {
            v := shr(FREEZE_THRESHOLD_OFFSET, self)
        }
    }

    // ------------------------------------------------------------------ setters

    /// @dev The word with `lowThreshold` replaced.
    function withLowThreshold(MeterSettings self, uint96 v) internal pure returns (MeterSettings w) {
        assembly ("memory-safe") {
            w := or(and(self, not(LOW_THRESHOLD_MASK)), and(v, LOW_THRESHOLD_MASK))
        }
    }

    /// @dev The word with `relayGasCap` replaced.
    function withRelayGasCap(MeterSettings self, uint64 v) internal pure returns (MeterSettings w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(RELAY_GAS_CAP_OFFSET, RELAY_GAS_CAP_MASK))),
                shl(RELAY_GAS_CAP_OFFSET, and(v, RELAY_GAS_CAP_MASK))
            )
        }
    }

    /// @dev The word with `signerCapabilityRequired` replaced (one bit, 1 or 0; other bits kept).
    function withSignerCapabilityRequired(MeterSettings self, bool v) internal pure returns (MeterSettings w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(SIGNER_CAPABILITY_REQUIRED_OFFSET, 1))),
                shl(SIGNER_CAPABILITY_REQUIRED_OFFSET, v)
            )
        }
    }

    /// @dev The word with `selectorsOnly` replaced (one bit, 1 or 0; other bits kept).
    function withSelectorsOnly(MeterSettings self, bool v) internal pure returns (MeterSettings w) {
        assembly ("memory-safe") {
            w := or(and(self, not(shl(SELECTORS_ONLY_OFFSET, 1))), shl(SELECTORS_ONLY_OFFSET, v))
        }
    }

    /// @dev The word with `revertedCallsRefused` replaced (one bit, 1 or 0; other bits kept).
    function withRevertedCallsRefused(MeterSettings self, bool v) internal pure returns (MeterSettings w) {
        assembly ("memory-safe") {
            w := or(and(self, not(shl(REVERTED_CALLS_REFUSED_OFFSET, 1))), shl(REVERTED_CALLS_REFUSED_OFFSET, v))
        }
    }

    /// @dev The word with `freezeThreshold` replaced.
    function withFreezeThreshold(MeterSettings self, uint88 v) internal pure returns (MeterSettings w) {
        assembly ("memory-safe") {
            w := or(
                and(self, not(shl(FREEZE_THRESHOLD_OFFSET, FREEZE_THRESHOLD_MASK))),
                shl(FREEZE_THRESHOLD_OFFSET, and(v, FREEZE_THRESHOLD_MASK))
            )
        }
    }
}
