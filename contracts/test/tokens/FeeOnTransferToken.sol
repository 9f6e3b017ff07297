// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test only: an ERC-20 that burns 1 % of every transfer (as some deflationary tokens do), so the receiver
/// gets less than was sent. The market modules must refuse it at deposit (`MarketEscrowFeeOnTransfer`).
contract FeeOnTransferToken is ERC20 {
    /// @notice The share of each transfer burnt, in basis points: 100 (1 %).
    uint256 public constant FEE_BPS = 100;

    /// @notice Build the token.
    constructor() ERC20("Fee on transfer", "FOT") {}

    /// @notice Mint freely (test token).
    /// @param to The account credited.
    /// @param amount The token's smallest unit.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @dev Burn `FEE_BPS` of every transfer between accounts (mints and burns are exact).
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = (value * FEE_BPS) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
