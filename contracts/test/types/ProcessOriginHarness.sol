// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ProcessOrigin, ProcessOriginLibrary} from "../../types/ProcessOrigin.sol";

/// @dev Test harness: exposes the `ProcessOrigin` getters and setters on raw words.
contract ProcessOriginHarness {
    function create(address instance, uint32 programId, uint40 createdAt) external pure returns (uint256) {
        return ProcessOrigin.unwrap(ProcessOriginLibrary.create(instance, programId, createdAt));
    }

    function read(uint256 word) external pure returns (address instance, uint32 programId, uint40 createdAt) {
        ProcessOrigin o = ProcessOrigin.wrap(word);
        return (o.instance(), o.programId(), o.createdAt());
    }

    function withInstance(uint256 word, address instance) external pure returns (uint256) {
        return ProcessOrigin.unwrap(ProcessOrigin.wrap(word).withInstance(instance));
    }

    function withProgramId(uint256 word, uint32 programId) external pure returns (uint256) {
        return ProcessOrigin.unwrap(ProcessOrigin.wrap(word).withProgramId(programId));
    }

    function withCreatedAt(uint256 word, uint40 createdAt) external pure returns (uint256) {
        return ProcessOrigin.unwrap(ProcessOrigin.wrap(word).withCreatedAt(createdAt));
    }
}
