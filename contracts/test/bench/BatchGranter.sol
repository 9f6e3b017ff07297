// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IACL} from "../../interfaces/IACL.sol";

/// @title BatchGranter
/// @notice Benchmark helper: as the manager of a permission, grants it to many synthetic accounts in one transaction
/// to grow the ACL for scaling runs.
contract BatchGranter {
    function grantMany(IACL acl, address where, bytes32 what, uint256 from, uint256 n) external {
        for (uint256 i = from; i < from + n; ++i) {
            acl.grantPermission(address(uint160(0x100000 + i)), where, what, type(uint64).max);
        }
    }
}
