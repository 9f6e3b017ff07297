// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ConditionalGrant, ConditionalGrantLibrary} from "../../types/ConditionalGrant.sol";

/// @dev Test harness: exposes the `ConditionalGrant` getters and setters on raw words.
contract ConditionalGrantHarness {
    function read(uint256 word) external pure returns (uint64 expiry, address condition) {
        ConditionalGrant g = ConditionalGrant.wrap(word);
        return (g.expiry(), g.condition());
    }

    function pack(uint64 expiry, address condition) external pure returns (uint256) {
        return ConditionalGrant.unwrap(ConditionalGrantLibrary.pack(expiry, condition));
    }

    function withExpiry(uint256 word, uint64 expiry) external pure returns (uint256) {
        return ConditionalGrant.unwrap(ConditionalGrant.wrap(word).withExpiry(expiry));
    }

    function withCondition(uint256 word, address condition) external pure returns (uint256) {
        return ConditionalGrant.unwrap(ConditionalGrant.wrap(word).withCondition(condition));
    }
}
