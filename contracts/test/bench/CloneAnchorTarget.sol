// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CloneAnchorTarget
/// @notice Benchmark anchor: the implementation behind `CloneAnchor`, whose initializer writes three slots.
contract CloneAnchorTarget {
    address public owner;
    uint256 public id;
    uint256 public parent;

    function initialize(address owner_, uint256 id_, uint256 parent_) external {
        owner = owner_;
        id = id_;
        parent = parent_;
    }
}
