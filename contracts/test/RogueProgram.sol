// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {KernelProcess} from "../kernel/KernelProcess.sol";

/// @title RogueProgram
/// @notice Test-only malicious program for ../shared/ATTACKS.md F1–F4: a program that no DAO reviewed, whose code
/// does whatever anyone asks, with no guard at all. `exec` makes its process's contract (the clone, the address the
/// kernel knows as the process) call anything; every attack an unreviewed program could make reduces to such calls.
contract RogueProgram is KernelProcess {
    /// @param kernel_ The kernel this program runs on.
    constructor(IKernel kernel_) KernelProcess(kernel_) {}

    /// @notice Anyone: make this process's contract call `target` with `data`; bubbles up the call's revert data.
    /// @param target The contract to call.
    /// @param data The call.
    /// @return result What the call returned.
    function exec(address target, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice Anyone: charge `gasUsed` gas to process `targetPid` from this process's contract, as a metered call
    /// would (the meter accepts a charge only from the process's own contract).
    /// @param targetPid The process charged.
    /// @param user The user the charge is booked to.
    /// @param gasUsed Gas to charge.
    function chargeTo(uint256 targetPid, address user, uint256 gasUsed) external {
        _METER.charge(targetPid, user, gasUsed, type(uint256).max);
    }

    function _initializeProcess(bytes calldata) internal pure override {}
}
