// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/// @title BenchAccessManager
/// @notice Benchmark anchor: an unmodified OpenZeppelin AccessManager (compiled with the project's settings).
contract BenchAccessManager is AccessManager {
    constructor(address admin) AccessManager(admin) {}
}
