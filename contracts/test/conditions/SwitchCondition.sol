// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPermissionCondition} from "../../interfaces/IPermissionCondition.sol";

/// @notice Test double: answers a settable boolean.
contract SwitchCondition is IPermissionCondition {
    bool public answer;

    function set(bool answer_) external {
        answer = answer_;
    }

    function isGranted(address, address, bytes32, bytes calldata) external view returns (bool) {
        return answer;
    }
}
