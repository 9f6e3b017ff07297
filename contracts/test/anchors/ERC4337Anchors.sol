// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Benchmark anchors (bench/relay.ts): the ERC-4337 v0.7 reference contracts from npm
// `@account-abstraction/contracts@0.7.0` (EntryPoint, SimpleAccount and its factory, the sample VerifyingPaymaster),
// compiled here with the project's solc and settings: Hardhat compiles only what a project source imports.
// Imported, never copied; deployed by the benchmark only, never by the system's deploy.
import {EntryPoint} from "@account-abstraction/contracts/core/EntryPoint.sol";
import {SimpleAccountFactory} from "@account-abstraction/contracts/samples/SimpleAccountFactory.sol";
import {VerifyingPaymaster} from "@account-abstraction/contracts/samples/VerifyingPaymaster.sol";

/// @title ERC4337Anchors
/// @notice Holds the imports above (the benchmark deploys `EntryPoint`, `SimpleAccountFactory` and
/// `VerifyingPaymaster` from their own artifacts).
abstract contract ERC4337Anchors {
    /// @dev The anchors' creation code sizes, in bytes (keeps the imports used).
    function _anchorSizes() internal pure returns (uint256, uint256, uint256) {
        return (
            type(EntryPoint).creationCode.length,
            type(SimpleAccountFactory).creationCode.length,
            type(VerifyingPaymaster).creationCode.length
        );
    }
}
