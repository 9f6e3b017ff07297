// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Pagination} from "../../libraries/Pagination.sol";

/// @dev Test harness: exposes `Pagination.window`.
contract PaginationHarness {
    function window(uint256 total, uint256 offset, uint256 limit) external pure returns (uint256 start, uint256 end) {
        return Pagination.window(total, offset, limit);
    }
}
