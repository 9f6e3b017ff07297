// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";

/// @title PlainRecipient
/// @notice Test contract that trusts the forwarder but is no kernel process (names no gas meter).
contract PlainRecipient is ERC2771Context {
    address public lastSender;

    constructor(address forwarder) ERC2771Context(forwarder) {}

    function touch() external {
        lastSender = _msgSender();
    }
}
