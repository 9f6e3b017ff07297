// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PermissionGrant} from "../../types/PermissionGrant.sol";

/// @dev Test harness: exposes the `PermissionGrant` getters and setters on raw words.
contract PermissionGrantHarness {
    function read(
        uint256 word
    )
        external
        pure
        returns (uint64 expiry, uint256 position, uint256 accountPosition, bool conditional, uint256 minBalance)
    {
        PermissionGrant g = PermissionGrant.wrap(word);
        return (g.expiry(), g.position(), g.accountPosition(), g.isConditional(), g.minBalance());
    }

    function withExpiry(uint256 word, uint64 expiry) external pure returns (uint256) {
        return PermissionGrant.unwrap(PermissionGrant.wrap(word).withExpiry(expiry));
    }

    function withPosition(uint256 word, uint32 position) external pure returns (uint256) {
        return PermissionGrant.unwrap(PermissionGrant.wrap(word).withPosition(position));
    }

    function withAccountPosition(uint256 word, uint32 accountPosition) external pure returns (uint256) {
        return PermissionGrant.unwrap(PermissionGrant.wrap(word).withAccountPosition(accountPosition));
    }

    function withConditional(uint256 word, bool conditional) external pure returns (uint256) {
        return PermissionGrant.unwrap(PermissionGrant.wrap(word).withConditional(conditional));
    }

    function withMinBalance(uint256 word, uint96 minBalance) external pure returns (uint256) {
        return PermissionGrant.unwrap(PermissionGrant.wrap(word).withMinBalance(minBalance));
    }
}
