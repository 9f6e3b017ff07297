// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CapabilityGrant} from "../../types/CapabilityGrant.sol";

/// @dev Test harness: exposes the `CapabilityGrant` getters and setters on raw words.
contract CapabilityGrantHarness {
    function read(
        uint256 word
    ) external pure returns (uint64 expiry, bool conditional, uint64 conditionalExpiry, uint256 minBalance) {
        CapabilityGrant g = CapabilityGrant.wrap(word);
        return (g.expiry(), g.isConditional(), g.conditionalExpiry(), g.minBalance());
    }

    function withExpiry(uint256 word, uint64 expiry) external pure returns (uint256) {
        return CapabilityGrant.unwrap(CapabilityGrant.wrap(word).withExpiry(expiry));
    }

    function withConditional(uint256 word, bool conditional) external pure returns (uint256) {
        return CapabilityGrant.unwrap(CapabilityGrant.wrap(word).withConditional(conditional));
    }

    function withConditionalExpiry(uint256 word, uint64 expiry) external pure returns (uint256) {
        return CapabilityGrant.unwrap(CapabilityGrant.wrap(word).withConditionalExpiry(expiry));
    }

    function withMinBalance(uint256 word, uint96 minBalance) external pure returns (uint256) {
        return CapabilityGrant.unwrap(CapabilityGrant.wrap(word).withMinBalance(minBalance));
    }
}
