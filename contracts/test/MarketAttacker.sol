// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITokenReceiverHook} from "./HookToken.sol";

/// @title MarketAttacker
/// @notice Test only: a market participant (buyer, seller, worker) controlled by a test. Acts through `execute`.
/// When it receives {HookToken} it either re-enters a configured call (recording how it failed) or, as a
/// "reverting receiver", refuses the tokens.
contract MarketAttacker is ITokenReceiverHook {
    address private _reenterTarget;
    bytes private _reenterData;
    bool private _refuse;

    /// @notice How many re-entries were attempted, and how many of them succeeded.
    uint256 public attempts;
    uint256 public successes;
    /// @notice The revert data of the last failed re-entry.
    bytes public lastRevert;

    /// @notice Refused a transfer of `value`.
    error MarketAttackerRefused(uint256 value);

    /// @notice Call `target` with `data` as this contract; bubbles reverts.
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice On every received transfer, call `target` with `data` once (empty `data`: do nothing).
    function setReentry(address target, bytes calldata data) external {
        _reenterTarget = target;
        _reenterData = data;
    }

    /// @notice Refuse (revert on) every received transfer.
    function setRefuse(bool refuse) external {
        _refuse = refuse;
    }

    /// @inheritdoc ITokenReceiverHook
    function onTokenReceived(address, uint256 value) external {
        if (_refuse) revert MarketAttackerRefused(value);
        if (_reenterData.length == 0) return;
        ++attempts;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = _reenterTarget.call(_reenterData);
        if (ok) ++successes;
        else lastRevert = ret;
    }
}
