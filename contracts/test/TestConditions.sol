// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPermissionCondition} from "../interfaces/IPermissionCondition.sol";

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

/// @notice Test double: always reverts.
contract RevertingCondition {
    error Nope();

    function isGranted(address, address, bytes32, bytes calldata) external pure returns (bool) {
        revert Nope();
    }
}

/// @notice Test double: loops until it runs out of gas.
contract GasBurningCondition {
    function isGranted(address, address, bytes32, bytes calldata) external view returns (bool) {
        uint256 x;
        while (gasleft() > 0) x = uint256(keccak256(abi.encode(x)));
        return true;
    }
}

/// @notice Test double: returns `words` words of 1 (1 word of 2 when `words == 0`): never one `true` word.
contract GarbageCondition {
    uint256 public immutable WORDS;

    constructor(uint256 words) {
        WORDS = words;
    }

    fallback() external {
        uint256 words = WORDS;
        assembly {
            if iszero(words) {
                mstore(0, 2)
                return(0, 32)
            }
            for {
                let i := 0
            } lt(i, words) {
                i := add(i, 1)
            } {
                mstore(mul(i, 32), 1)
            }
            return(0, mul(words, 32))
        }
    }
}

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
