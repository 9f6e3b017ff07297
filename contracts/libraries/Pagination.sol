// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Pagination
/// @notice The one clamp of every paginated view: the window [start, end) of a list of `total` entries asked for from
/// `offset`, at most `limit` entries.
library Pagination {
    /// @notice The window of a page: `start = min(offset, total)`, `end = min(total, offset + limit)` without overflow
    /// for any `limit` (`type(uint256).max` means "all the rest").
    /// @param total The number of entries in the list.
    /// @param offset The 0-based index of the first entry asked for.
    /// @param limit The most entries asked for.
    /// @return start The first index of the page (`total` when `offset` is past the end: an empty page).
    /// @return end One past the last index of the page (`end - start` is the page's length).
    function window(uint256 total, uint256 offset, uint256 limit) internal pure returns (uint256 start, uint256 end) {
        if (offset >= total) return (total, total);
        // Cannot underflow: offset < total.
        unchecked {
            end = limit > total - offset ? total : offset + limit;
        }
        start = offset;
    }
}
