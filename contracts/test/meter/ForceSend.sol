// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ForceSend
/// @notice Test helper: forces its ETH into `target` with SELFDESTRUCT (no receive function can refuse it; B7).
contract ForceSend {
    constructor(address payable target) payable {
        selfdestruct(target);
    }
}
