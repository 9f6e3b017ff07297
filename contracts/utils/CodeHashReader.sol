// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CodeHashReader
/// @notice Reads an account's code hash (EXTCODEHASH) for the deployment: Hardhat Ignition passes what it returns to
/// `Kernel.installModule(id, implementation, expectedCodeHash, initData)`. Module implementations carry immutables
/// (their kernel, their own address), so their code hash is known only once they are deployed, and Ignition can read
/// on-chain values only through a contract call. Stateless and without privileges: the kernel compares the hash itself.
contract CodeHashReader {
    /// @notice The code hash of `account` as the kernel compares it (`account.codehash`).
    /// @param account Any account.
    /// @return The keccak256 of its runtime code (zero for an empty account).
    function codeHashOf(address account) external view returns (bytes32) {
        return account.codehash;
    }
}
