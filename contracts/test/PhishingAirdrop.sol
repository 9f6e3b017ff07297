// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title PhishingAirdrop
/// @notice Test-only attacker (SECURITY.md A8 tx-origin-phish): lures a privileged account into calling `claim()`,
/// which forwards a prepared privileged call (`payload` to `target`) hoping the target authorises `tx.origin`.
/// Reverts bubble up unchanged so tests can assert the exact custom error.
contract PhishingAirdrop {
    address private immutable _TARGET;
    bytes private _payload;

    /// @param target The kernel contract to attack. @param payload The privileged call to forward.
    constructor(address target, bytes memory payload) {
        _TARGET = target;
        _payload = payload;
    }

    /// @notice The bait: "claim your airdrop". Forwards the prepared call; its revert bubbles up unchanged.
    function claim() external {
        Address.functionCall(_TARGET, _payload);
    }
}
