// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receives MeterHookToken's transfer hook.
interface IHookTokenReceiver {
    /// @notice Called after `amount` tokens arrived from `from`.
    function tokensReceived(address from, uint256 amount) external;
}

/// @title MeterHookToken
/// @notice Test token with an ERC-777-like hook: a transfer to an account that opted in calls it back, which lets
/// a receiver re-enter the sender (B2).
contract MeterHookToken is ERC20 {
    mapping(address account => bool) public hooked;

    constructor() ERC20("Hook", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHooked(address account, bool on) external {
        hooked[account] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hooked[to]) IHookTokenReceiver(to).tokensReceived(from, value);
    }
}
