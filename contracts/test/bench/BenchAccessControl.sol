// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title BenchAccessControl
/// @notice Benchmark anchor: OpenZeppelin AccessControl `onlyRole` on a function identical to an unchecked one.
contract BenchAccessControl is AccessControl {
    bytes32 public constant CALLER_ROLE = keccak256("CALLER_ROLE");
    uint256 public counter;

    constructor() {
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }

    function checkedCall() external onlyRole(CALLER_ROLE) {
        ++counter;
    }

    function uncheckedCall() external {
        ++counter;
    }
}
