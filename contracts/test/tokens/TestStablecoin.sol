// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestStablecoin
/// @notice Test and local networks only: a plain ERC-20 stand-in for a stablecoin (6 decimals, like USDC), with a
/// free faucet. The demo and the local deploy use it as the market's second payment token; it is never deployed on a
/// real network.
contract TestStablecoin is ERC20 {
    /// @notice Build the token (no supply: use `mint`).
    constructor() ERC20("Test USD", "tUSD") {}

    /// @notice Mint `amount` to `to` (anyone: a test faucet).
    /// @param to The account credited.
    /// @param amount The token's smallest unit (10^-6 tUSD).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice 6, as USDC.
    /// @return The number of decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
