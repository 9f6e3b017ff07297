// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPermissionCondition} from "../interfaces/IPermissionCondition.sol";

/// @title TokenBalanceCondition
/// @notice Grants while the account holds at least `MIN_BALANCE` of `TOKEN` (e.g. "holds at least 100 NYN":
/// token-gated access). Immutable: to change the threshold, deploy another and re-grant.
/// @dev Source: Aragon OSx `PermissionCondition` (an `IPermissionCondition`). A balance can be borrowed for one
/// transaction (flash loan): gate only what a one-transaction holder may do.
contract TokenBalanceCondition is IPermissionCondition {
    /// @notice The token whose balance is checked (NYN in the deployment).
    IERC20 public immutable TOKEN;
    /// @notice The least balance that grants, in the token's base units (NYN: wei, 18 decimals).
    uint256 public immutable MIN_BALANCE;

    /// @param token The ERC-20 token.
    /// @param minBalance The least balance that grants (token base units).
    constructor(IERC20 token, uint256 minBalance) {
        TOKEN = token;
        MIN_BALANCE = minBalance;
    }

    /// @inheritdoc IPermissionCondition
    function isGranted(address, address who, bytes32, bytes calldata) external view returns (bool) {
        return TOKEN.balanceOf(who) >= MIN_BALANCE;
    }
}
