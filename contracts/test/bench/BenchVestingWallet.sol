// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

/// @title BenchVestingWallet
/// @notice Benchmark anchor only: OpenZeppelin's `VestingWalletCliff` unmodified (its constructor is the only
/// addition), so `NYNVestingWallet.release` is measured against the same release of OZ's own wallet.
contract BenchVestingWallet is VestingWalletCliff {
    /// @param beneficiary The owner.
    /// @param startTimestamp Start, in seconds since the epoch.
    /// @param durationSeconds Length of the schedule, in seconds.
    /// @param cliffSeconds Cliff, in seconds from the start.
    constructor(
        address beneficiary,
        uint64 startTimestamp,
        uint64 durationSeconds,
        uint64 cliffSeconds
    ) VestingWallet(beneficiary, startTimestamp, durationSeconds) VestingWalletCliff(cliffSeconds) {}
}
