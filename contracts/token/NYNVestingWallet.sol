// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title NYNVestingWallet
/// @notice A vesting schedule for one NYN allocation (team, advisers, treasury grants): OpenZeppelin's
/// `VestingWalletCliff` — nothing vests before `cliff()`, then linearly from `start()` to `end()` — plus the one thing
/// a governance token's holder also needs while the tokens are locked: the beneficiary (the wallet's `owner()`) may
/// delegate the wallet's voting power (ERC-5805), to itself or anyone, so unvested NYN still votes.
/// @dev Anyone may call `release(token)`; released tokens always go to the current `owner()`. Ownership (the
/// beneficiary) moves with `transferOwnership` (OZ `Ownable`). Ether sent to the wallet vests on the same schedule
/// (OZ behaviour). Source: OZ `VestingWallet` / `VestingWalletCliff` (v5.1+); the delegation follows the pattern of
/// Uniswap's and Compound's vesting contracts (`delegate` by the recipient).
contract NYNVestingWallet is VestingWalletCliff {
    /// @param beneficiary The owner, who receives released tokens and may delegate; not the zero address.
    /// @param startTimestamp Start of the schedule, in seconds since the epoch (block timestamp clock).
    /// @param durationSeconds Length of the linear schedule, in seconds (the end is `start + duration`).
    /// @param cliffSeconds Nothing vests before `start + cliffSeconds`; at most `durationSeconds`.
    /// @dev Reverts with `OwnableInvalidOwner` (zero beneficiary) and `InvalidCliffDuration` (cliff > duration).
    constructor(
        address beneficiary,
        uint64 startTimestamp,
        uint64 durationSeconds,
        uint64 cliffSeconds
    ) VestingWallet(beneficiary, startTimestamp, durationSeconds) VestingWalletCliff(cliffSeconds) {}

    /// @notice Delegate the voting power of everything this wallet holds of `token` (vested or not) to `delegatee`.
    /// The token emits ERC-5805's `DelegateChanged(wallet, from, delegatee)`.
    /// @dev Only the owner (the beneficiary). Reverts with `OwnableUnauthorizedAccount`. Source: ERC-5805 `delegate`.
    /// @param token The ERC-5805 votes token held here (NYN).
    /// @param delegatee Who votes with this wallet's balance (the zero address undelegates).
    function delegate(IVotes token, address delegatee) external onlyOwner {
        token.delegate(delegatee);
    }
}
