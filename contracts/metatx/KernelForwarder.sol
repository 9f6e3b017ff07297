// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title KernelForwarder
/// @notice The NYN OS trusted forwarder (ERC-2771): users sign EIP-712 `ForwardRequest`s and any relayer submits
/// them; kernel processes read the signing user with `_msgSender()`. OpenZeppelin's audited `ERC2771Forwarder`
/// (nonces, deadlines, the 63/64 gas check, batch execution) under the EIP-712 domain name "NYN OS Forwarder".
contract KernelForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("NYN OS Forwarder") {}
}
