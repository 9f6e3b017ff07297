// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPermissionCondition} from "../interfaces/IPermissionCondition.sol";

/// @title CombinedCondition
/// @notice Grants when all (`ALL_OF`) or any (`ANY_OF`) of up to `MAX_CONDITIONS` conditions grant. Each is asked
/// as the ACL asks (static call; a revert or an answer other than one `true` word is a no); evaluation stops at the
/// first deciding answer. All of them share the ACL's gas cap for this condition.
/// @dev Source: Aragon OSx `RuledCondition` (logical operators), bounded. Reverts at construction with
/// `CombinedConditionSize`, `CombinedConditionNotContract`.
contract CombinedCondition is IPermissionCondition {
    /// @notice How the answers combine.
    enum Mode {
        ALL_OF,
        ANY_OF
    }

    /// @notice The most conditions one combination holds.
    uint256 public constant MAX_CONDITIONS = 8;

    /// @notice How the answers combine.
    Mode public immutable MODE;

    IPermissionCondition[] private _conditions;

    /// @notice `count` conditions were given: a combination holds 1 to `MAX_CONDITIONS`.
    /// @param count The number given.
    error CombinedConditionSize(uint256 count);
    /// @notice Condition `condition` is not a contract.
    /// @param condition The address given.
    error CombinedConditionNotContract(address condition);

    /// @param mode `ALL_OF` or `ANY_OF`.
    /// @param list The conditions (1 to `MAX_CONDITIONS`, contracts).
    constructor(Mode mode, IPermissionCondition[] memory list) {
        if (list.length == 0 || list.length > MAX_CONDITIONS) revert CombinedConditionSize(list.length);
        for (uint256 i = 0; i < list.length; ++i) {
            if (address(list[i]).code.length == 0) revert CombinedConditionNotContract(address(list[i]));
            _conditions.push(list[i]);
        }
        MODE = mode;
    }

    /// @notice The combined conditions, in evaluation order.
    /// @return list The conditions.
    function conditions() external view returns (IPermissionCondition[] memory list) {
        return _conditions;
    }

    /// @inheritdoc IPermissionCondition
    function isGranted(address where, address who, bytes32 what, bytes calldata data) external view returns (bool) {
        bool any = MODE == Mode.ANY_OF;
        uint256 n = _conditions.length;
        for (uint256 i = 0; i < n; ++i) {
            if (_holds(_conditions[i], where, who, what, data) == any) return any; // deciding answer
        }
        return !any;
    }

    /// @dev True only for a successful static call answering exactly one word equal to 1.
    function _holds(
        IPermissionCondition condition,
        address where,
        address who,
        bytes32 what,
        bytes calldata data
    ) private view returns (bool holds) {
        bytes memory callData = abi.encodeCall(IPermissionCondition.isGranted, (where, who, what, data));
        assembly ("memory-safe") {
            let ok := staticcall(gas(), condition, add(callData, 32), mload(callData), 0, 0)
            if and(ok, eq(returndatasize(), 32)) {
                returndatacopy(0, 0, 32)
                holds := eq(mload(0), 1)
            }
        }
    }
}
