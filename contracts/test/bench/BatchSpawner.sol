// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProcessRegistry} from "../../interfaces/IProcessRegistry.sol";

/// @title BatchSpawner
/// @notice Benchmark helper: spawns many processes in one transaction to grow the registry for scaling runs.
contract BatchSpawner {
    function spawnMany(IProcessRegistry registry, uint32 programId, uint256 n) external {
        for (uint256 i = 0; i < n; ++i) {
            registry.spawn(programId, "", 0);
        }
    }
}
