// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receivers of {HookToken} that registered for the transfer hook.
interface ITokenReceiverHook {
    /// @notice Called by the token after `value` was transferred from `from` to the receiver.
    function onTokenReceived(address from, uint256 value) external;
}

/// @title HookToken
/// @notice Test only: an ERC-20 that calls `onTokenReceived` on receivers that opted in (ERC-777 / ERC-1363 style),
/// so tests can re-enter the market modules from a payout, or make a receiver refuse tokens. NYN has no such hook;
/// the market modules are written not to rely on that.
contract HookToken is ERC20 {
    mapping(address account => bool) private _hooked;

    constructor() ERC20("Hook", "HOOK") {}

    /// @notice Mint freely (test token).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Opt the caller in or out of the receive hook.
    function setHooked(bool hooked) external {
        _hooked[msg.sender] = hooked;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_hooked[to]) ITokenReceiverHook(to).onTokenReceived(from, value);
    }
}
