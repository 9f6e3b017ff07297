// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";

/// @title BenchAccessManaged
/// @notice Benchmark anchor: OpenZeppelin AccessManager `restricted` on a function identical to an unchecked one.
contract BenchAccessManaged is AccessManaged {
    uint256 public counter;

    constructor(address manager) AccessManaged(manager) {}

    function checkedCall() external restricted {
        ++counter;
    }

    function uncheckedCall() external {
        ++counter;
    }
}
