// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {CloneAnchorTarget} from "./CloneAnchorTarget.sol";

/// @title CloneAnchorFactory
/// @notice Benchmark anchor for spawn: OpenZeppelin `Clones.clone` plus an initializer writing three slots.
contract CloneAnchorFactory {
    address public immutable IMPLEMENTATION;
    uint256 public count;

    constructor() {
        IMPLEMENTATION = address(new CloneAnchorTarget());
    }

    function create(uint256 parent) external returns (address instance) {
        instance = Clones.clone(IMPLEMENTATION);
        CloneAnchorTarget(instance).initialize(msg.sender, ++count, parent);
    }
}
