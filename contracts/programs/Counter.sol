// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {KernelProcess} from "../kernel/KernelProcess.sol";

/// @title Counter
/// @notice The NYN OS sample program: a shared counter. Anyone holding `INCREMENT_CAPABILITY` on the process (or its
/// owner) may increment it while the process runs; the owner may reset it. `incrementMetered` does the same work and
/// is charged to the process's NYN budget in the gas meter (the app pays). Used by the demo and the tests.
contract Counter is KernelProcess {
    /// @notice The capability a process owner grants to let an account increment the counter.
    bytes32 public constant INCREMENT_CAPABILITY = keccak256("INCREMENT_CAPABILITY");

    uint256 private _count;
    mapping(address account => uint256 increments) private _incrementsBy;

    /// @notice `by` (the ERC-2771 sender) raised the counter of process `pid` to `count`.
    event Incremented(uint256 indexed pid, address indexed by, uint256 count);
    /// @notice The owner reset the counter of process `pid` to `count`.
    event Reset(uint256 indexed pid, uint256 count);

    /// @param kernel_ The kernel this program runs on.
    constructor(IKernel kernel_) KernelProcess(kernel_) {}

    /// @notice Add one to the counter.
    /// @dev The owner or a holder of `INCREMENT_CAPABILITY`, while running. Reverts with `KernelProcessNotRunning`,
    /// `KernelProcessMissingCapability`.
    /// @return newCount The counter after the call.
    function increment() external onlyCapable(INCREMENT_CAPABILITY) returns (uint256 newCount) {
        newCount = _increment();
    }

    /// @notice Add one to the counter, paid from the process's gas budget (metered).
    /// @dev As {increment}, and charged to the budget in the gas meter. Reverts with `KernelProcessNotRunning`,
    /// `KernelProcessMissingCapability`, `GasMeterBudgetExhausted`, `GasMeterProcessQuotaExceeded`,
    /// `GasMeterUserQuotaExceeded`, `KernelProcessNoGasMeter`.
    /// @return newCount The counter after the call.
    function incrementMetered() external metered onlyCapable(INCREMENT_CAPABILITY) returns (uint256 newCount) {
        newCount = _increment();
    }

    /// @notice Set the counter to `value`.
    /// @dev The owner only, while running. Reverts with `KernelProcessNotRunning`, `KernelProcessNotOwner`.
    function reset(uint256 value) external onlyProcessOwner {
        _count = value;
        emit Reset(pid(), value);
    }

    /// @notice The counter.
    function count() external view returns (uint256) {
        return _count;
    }

    /// @notice How many times `account` incremented the counter.
    function incrementsBy(address account) external view returns (uint256) {
        return _incrementsBy[account];
    }

    function _increment() private returns (uint256 newCount) {
        newCount = ++_count;
        address by = _msgSender();
        ++_incrementsBy[by];
        emit Incremented(pid(), by, newCount);
    }

    /// @dev `initData` is empty or `abi.encode(uint256 start)`.
    function _initializeProcess(bytes calldata initData) internal override {
        if (initData.length != 0) _count = abi.decode(initData, (uint256));
    }
}
