// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPermissionCondition
/// @notice A condition on a grant of the NYN OS ACL: the grant holds only while `isGranted` answers true.
/// @dev Source: Aragon OSx `IPermissionCondition` (same selector). The ACL calls it with `staticcall` and a fixed gas
/// cap (`ACL.CONDITION_GAS_LIMIT`); a revert, running out of gas, or any answer but one `true` word denies.
interface IPermissionCondition {
    /// @notice Whether `who` may do `what` on `where` now.
    /// @param where For a permission, the contract it gates; for a capability, the contract checking it (the program).
    /// @param who The account asking.
    /// @param what The permission or capability id.
    /// @param data Empty for a permission; `abi.encode(uint256 pid)` for a capability.
    /// @return isPermitted True to grant.
    function isGranted(
        address where,
        address who,
        bytes32 what,
        bytes calldata data
    ) external view returns (bool isPermitted);
}
