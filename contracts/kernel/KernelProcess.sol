// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";
import {IKernelProcess} from "../interfaces/IKernelProcess.sol";
import {KernelIds} from "../libraries/KernelIds.sol";

/// @title KernelProcess
/// @notice Base of every NYN OS program. A program is deployed once (the implementation, locked), registered in the
/// process registry, and each process is an EIP-1167 clone bound to its PID by `initializeProcess`. Its functions
/// ask the kernel before they run: `onlyRunning` (the process and all its ancestors are running) and
/// `onlyCapable(capability)` (running, and the caller owns the process or holds the capability on it).
/// @dev The caller is the ERC-2771 sender (`_msgSender()`): relayed calls through the kernel's trusted forwarder
/// act for the signing user; `tx.origin` is never used. Kernel, registry, ACL and forwarder addresses are immutables
/// of the implementation, which clones share (module proxies never move).
abstract contract KernelProcess is ERC2771Context, IKernelProcess {
    /// @custom:storage-location erc7201:nyn.storage.KernelProcess
    struct KernelProcessStorage {
        uint256 pid;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.KernelProcess")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KERNEL_PROCESS_STORAGE =
        0x4aca7258d6a78587f75aebc62f863bacfb2f88f98bd63cc61f6ca83524428b00;
    /// @dev PID value that locks the implementation contract itself.
    uint256 private constant LOCKED = type(uint256).max;

    IKernel internal immutable _KERNEL;
    IProcessRegistry internal immutable _REGISTRY;
    IACL internal immutable _ACL;

    /// @param kernel_ The kernel whose registry spawns this program's processes.
    constructor(IKernel kernel_) ERC2771Context(kernel_.trustedForwarder()) {
        _KERNEL = kernel_;
        _REGISTRY = IProcessRegistry(kernel_.moduleAddress(KernelIds.PROCESS_REGISTRY));
        _ACL = IACL(kernel_.acl());
        _s().pid = LOCKED; // the implementation can never be initialised
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless this process and its ancestors are running.
    modifier onlyRunning() {
        _requireRunning();
        _;
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless running, and with `KernelProcessMissingCapability`
    /// unless the caller (ERC-2771 sender) owns the process or holds an unexpired `capability` on it.
    modifier onlyCapable(bytes32 capability) {
        _requireCapable(capability);
        _;
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless running, and with `KernelProcessNotOwner` unless the
    /// caller owns the process.
    modifier onlyProcessOwner() {
        _requireOwner();
        _;
    }

    /// @inheritdoc IKernelProcess
    function initializeProcess(uint256 pid_, bytes calldata initData) external {
        if (msg.sender != address(_REGISTRY)) revert KernelProcessOnlyRegistry(msg.sender);
        KernelProcessStorage storage $ = _s();
        if ($.pid != 0) revert KernelProcessAlreadyInitialized();
        $.pid = pid_;
        emit ProcessInitialized(pid_);
        _initializeProcess(initData);
    }

    /// @inheritdoc IKernelProcess
    function pid() public view returns (uint256) {
        uint256 p = _s().pid;
        return p == LOCKED ? 0 : p;
    }

    /// @inheritdoc IKernelProcess
    function kernel() external view returns (address) {
        return address(_KERNEL);
    }

    /// @notice The current owner of this process (from the registry).
    function processOwner() public view returns (address) {
        return _REGISTRY.ownerOf(_s().pid);
    }

    /// @dev The program's own initialisation, run once at spawn with the spawner's `initData`.
    function _initializeProcess(bytes calldata initData) internal virtual;

    function _requireRunning() internal view {
        uint256 p = _s().pid;
        IProcessRegistry.Status status = _REGISTRY.statusOf(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, uint8(status));
    }

    function _requireCapable(bytes32 capability) internal view {
        uint256 p = _s().pid;
        (address owner, uint32 generation, IProcessRegistry.Status status) = _REGISTRY.callContext(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, uint8(status));
        address who = _msgSender();
        if (who == owner) return;
        if (block.timestamp > _ACL.capabilityExpiryAt(p, generation, who, capability)) {
            revert KernelProcessMissingCapability(p, who, capability);
        }
    }

    function _requireOwner() internal view {
        uint256 p = _s().pid;
        (address owner,, IProcessRegistry.Status status) = _REGISTRY.callContext(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, uint8(status));
        address who = _msgSender();
        if (who != owner) revert KernelProcessNotOwner(p, who);
    }

    function _s() private pure returns (KernelProcessStorage storage $) {
        assembly {
            $.slot := KERNEL_PROCESS_STORAGE
        }
    }
}
