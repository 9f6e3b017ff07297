// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlEnumerable} from "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";

/// @title BenchAccessControlEnumerable
/// @notice Benchmark anchor: OpenZeppelin AccessControlEnumerable, the enumerable role store closest to our ACL.
contract BenchAccessControlEnumerable is AccessControlEnumerable {
    constructor() {
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }
}
