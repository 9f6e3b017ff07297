// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProcessRegistry} from "../../interfaces/IProcessRegistry.sol";
import {ProcessControl, ProcessControlLibrary} from "../../types/ProcessControl.sol";

/// @dev Test harness: exposes the `ProcessControl` getters and setters on raw words.
contract ProcessControlHarness {
    function create(address owner, uint256 parent, uint256 depth) external pure returns (uint256) {
        return ProcessControl.unwrap(ProcessControlLibrary.create(owner, parent, depth));
    }

    function read(
        uint256 word
    )
        external
        pure
        returns (address owner, uint256 parent, IProcessRegistry.Status status, uint256 depth, uint32 generation)
    {
        ProcessControl c = ProcessControl.wrap(word);
        return (c.owner(), c.parent(), c.status(), c.depth(), c.generation());
    }

    function withOwner(uint256 word, address owner) external pure returns (uint256) {
        return ProcessControl.unwrap(ProcessControl.wrap(word).withOwner(owner));
    }

    function withParent(uint256 word, uint48 parent) external pure returns (uint256) {
        return ProcessControl.unwrap(ProcessControl.wrap(word).withParent(parent));
    }

    function withStatus(uint256 word, IProcessRegistry.Status status) external pure returns (uint256) {
        return ProcessControl.unwrap(ProcessControl.wrap(word).withStatus(status));
    }

    function withDepth(uint256 word, uint8 depth) external pure returns (uint256) {
        return ProcessControl.unwrap(ProcessControl.wrap(word).withDepth(depth));
    }

    function withGeneration(uint256 word, uint32 generation) external pure returns (uint256) {
        return ProcessControl.unwrap(ProcessControl.wrap(word).withGeneration(generation));
    }
}
