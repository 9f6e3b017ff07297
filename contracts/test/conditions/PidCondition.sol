// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPermissionCondition} from "../../interfaces/IPermissionCondition.sol";

/// @notice Test double: grants only the capability data `abi.encode(pid)` it was built with, checked by `where`.
contract PidCondition is IPermissionCondition {
    uint256 public immutable PID;

    constructor(uint256 pid) {
        PID = pid;
    }

    function isGranted(address, address, bytes32, bytes calldata data) external view returns (bool) {
        return data.length == 32 && abi.decode(data, (uint256)) == PID;
    }
}
