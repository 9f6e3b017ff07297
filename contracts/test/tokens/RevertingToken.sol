// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title RevertingToken
/// @notice Test only: an ERC-20 whose transfers revert while its owner has frozen it (as a paused or blocklisting
/// token would), to show that such a token can only hurt its own payments: escrows in it keep their accounting, and
/// NYN and other tokens move as usual.
contract RevertingToken is ERC20 {
    /// @notice Whether every transfer reverts now.
    bool public frozen;

    /// @notice A transfer was attempted while frozen.
    error RevertingTokenFrozen();

    /// @notice Build the token.
    constructor() ERC20("Reverting", "REV") {}

    /// @notice Mint freely (test token).
    /// @param to The account credited.
    /// @param amount The token's smallest unit.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Freeze or unfreeze every transfer (anyone: test token).
    /// @param frozen_ True to make every transfer revert.
    function setFrozen(bool frozen_) external {
        frozen = frozen_;
    }

    /// @dev Revert every transfer while frozen.
    function _update(address from, address to, uint256 value) internal override {
        if (frozen) revert RevertingTokenFrozen();
        super._update(from, to, value);
    }
}
