// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title BenchTimestampVotesToken
/// @notice BENCHMARK ANCHOR: an unmodified OpenZeppelin ERC20 + ERC20Permit + ERC20Votes token with the timestamp
/// clock (as the OpenZeppelin wizard writes it), minted once to the given holders.
contract BenchTimestampVotesToken is ERC20, ERC20Permit, ERC20Votes {
    /// @param holders Initial holders. @param amounts Their balances (wei).
    constructor(address[] memory holders, uint256[] memory amounts) ERC20("Bench", "BNCH") ERC20Permit("Bench") {
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amounts[i]);
        }
    }

    /// @notice ERC-6372: timestamps.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc Nonces
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
