// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice TEST ONLY: what a flash borrower implements.
interface INYNFlashBorrower {
    /// @notice Called with `amount` tokens lent; must approve their return before returning.
    function onFlashLoan(uint256 amount, bytes calldata data) external;
}

/// @title NYNFlashLender
/// @notice TEST ONLY (case D1 flash-vote): lends its whole token balance for the duration of one call, like any
/// DeFi pool with flash loans; reverts unless the tokens come back in the same transaction.
contract NYNFlashLender {
    using SafeERC20 for IERC20;

    IERC20 private immutable _TOKEN;

    /// @notice The borrower kept `missing` tokens.
    error NYNFlashLenderNotRepaid(uint256 missing);

    /// @param token The token lent.
    constructor(IERC20 token) {
        _TOKEN = token;
    }

    /// @notice Lend `amount` to `borrower` for the duration of its `onFlashLoan(amount, data)` callback.
    function flashLoan(INYNFlashBorrower borrower, uint256 amount, bytes calldata data) external {
        uint256 before = _TOKEN.balanceOf(address(this));
        _TOKEN.safeTransfer(address(borrower), amount);
        borrower.onFlashLoan(amount, data);
        _TOKEN.safeTransferFrom(address(borrower), address(this), amount);
        uint256 afterwards = _TOKEN.balanceOf(address(this));
        if (afterwards < before) revert NYNFlashLenderNotRepaid(before - afterwards);
    }
}
