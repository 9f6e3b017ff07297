// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {Pagination} from "../libraries/Pagination.sol";
import {ACL} from "./ACL.sol";
import {IKernelModule} from "../interfaces/IKernelModule.sol";

/// @title Kernel
/// @notice The NYN OS kernel (see {IKernel}). Deployed once; it installs the ACL in its constructor, then holds the
/// module table. Only `ROOT_PERMISSION` holders (the governance timelock after deployment) install or upgrade
/// modules; `PAUSE_PERMISSION` holders (the guardian) pause the entry points but can neither upgrade nor grant.
/// @dev The kernel itself is not upgradeable: the root of trust stays fixed while every module behind it can be
/// replaced by a vote. Its module proxies never move, so processes and integrators can cache their addresses.
contract Kernel is IKernel {
    /// @dev `moduleId => proxy`.
    mapping(bytes32 moduleId => address proxy) private _modules;
    /// @dev `moduleId => implementation` (mirrors each proxy's ERC-1967 slot; only the kernel can upgrade).
    mapping(bytes32 moduleId => address implementation) private _implementations;
    /// @dev Installed module ids, in install order (for paginated listing only).
    bytes32[] private _moduleIds;
    bool private _paused;
    IACL private immutable _ACL;
    /// @dev Gas each module gets for `kernelPauseChanged` (a module that mirrors the flag writes one slot).
    uint256 private constant PAUSE_HOOK_GAS = 50_000;
    address private immutable _FORWARDER;

    /// @notice Deploy the kernel and install the ACL behind a proxy, with `root` holding `ROOT_PERMISSION`.
    /// @param root The first root (the deployer during deployment; `deploySystem` hands it to the timelock).
    /// @param aclImplementation The ACL implementation (its initializer is locked).
    /// @param forwarder The ERC-2771 forwarder processes trust for relayed calls (may be zero: no relaying).
    constructor(address root, address aclImplementation, address forwarder) {
        if (root == address(0)) revert KernelZeroAddress("root");
        if (aclImplementation.code.length == 0) revert KernelNotAContract(aclImplementation);
        address proxy = address(new ERC1967Proxy(aclImplementation, abi.encodeCall(ACL.initialize, (root))));
        _ACL = IACL(proxy);
        _FORWARDER = forwarder;
        _modules[KernelIds.ACL] = proxy;
        _implementations[KernelIds.ACL] = aclImplementation;
        _moduleIds.push(KernelIds.ACL);
        emit ModuleInstalled(KernelIds.ACL, proxy, aclImplementation);
    }

    /// @inheritdoc IKernel
    function installModule(
        bytes32 moduleId,
        address implementation,
        bytes32 expectedCodeHash,
        bytes calldata initData
    ) external returns (address proxy) {
        _checkRoot();
        address existing = _modules[moduleId];
        if (existing != address(0)) revert KernelModuleAlreadyInstalled(moduleId, existing);
        if (implementation.code.length == 0) revert KernelNotAContract(implementation);
        bytes32 actual = implementation.codehash;
        if (actual != expectedCodeHash) revert KernelCodeHashMismatch(implementation, expectedCodeHash, actual);
        proxy = address(new ERC1967Proxy(implementation, initData));
        // The initializer must have bound the module to this kernel: an uninitialised proxy could be claimed by anyone.
        if (_boundKernel(proxy) != address(this)) revert KernelModuleNotBound(moduleId, proxy);
        _modules[moduleId] = proxy;
        _implementations[moduleId] = implementation;
        _moduleIds.push(moduleId);
        emit ModuleInstalled(moduleId, proxy, implementation);
    }

    /// @inheritdoc IKernel
    function upgradeModule(
        bytes32 moduleId,
        address newImplementation,
        bytes32 expectedCodeHash,
        bytes calldata data
    ) external {
        _checkRoot();
        address proxy = _modules[moduleId];
        if (proxy == address(0)) revert KernelUnknownModule(moduleId);
        if (newImplementation.code.length == 0) revert KernelNotAContract(newImplementation);
        bytes32 actual = newImplementation.codehash;
        if (actual != expectedCodeHash) revert KernelCodeHashMismatch(newImplementation, expectedCodeHash, actual);
        address oldImplementation = _implementations[moduleId];
        _implementations[moduleId] = newImplementation;
        UUPSUpgradeable(proxy).upgradeToAndCall(newImplementation, data);
        emit ModuleUpgraded(moduleId, oldImplementation, newImplementation);
    }

    /// @inheritdoc IKernel
    function pause() external {
        _checkPauser();
        if (_paused) revert KernelPaused();
        _paused = true;
        emit KernelPauseChanged(msg.sender, true);
        _tellModules(true);
    }

    /// @inheritdoc IKernel
    function unpause() external {
        _checkPauser();
        if (!_paused) revert KernelNotPaused();
        _paused = false;
        emit KernelPauseChanged(msg.sender, false);
        _tellModules(false);
    }

    /// @inheritdoc IKernel
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @inheritdoc IKernel
    function moduleAddress(bytes32 moduleId) external view returns (address) {
        return _modules[moduleId];
    }

    /// @inheritdoc IKernel
    function moduleImplementation(bytes32 moduleId) external view returns (address) {
        address proxy = _modules[moduleId];
        if (proxy == address(0)) revert KernelUnknownModule(moduleId);
        return _implementations[moduleId];
    }

    /// @inheritdoc IKernel
    function moduleCount() external view returns (uint256) {
        return _moduleIds.length;
    }

    /// @inheritdoc IKernel
    function moduleIds(uint256 offset, uint256 limit) external view returns (bytes32[] memory ids) {
        (uint256 start, uint256 end) = Pagination.window(_moduleIds.length, offset, limit);
        ids = new bytes32[](end - start);
        for (uint256 i = start; i < end; ++i) {
            ids[i - start] = _moduleIds[i];
        }
    }

    /// @inheritdoc IKernel
    function acl() external view returns (address) {
        return address(_ACL);
    }

    /// @inheritdoc IKernel
    function trustedForwarder() external view returns (address) {
        return _FORWARDER;
    }

    /// @inheritdoc IKernel
    function isRoot(address account) public view returns (bool) {
        return _ACL.hasPermission(account, address(this), KernelIds.ROOT_PERMISSION);
    }

    /// @dev The kernel a module proxy is bound to (`IKernelModule.kernel()`), or zero if it does not answer.
    function _boundKernel(address proxy) private view returns (address) {
        (bool ok, bytes memory ret) = proxy.staticcall(abi.encodeCall(IKernelModule.kernel, ()));
        return ok && ret.length == 32 ? abi.decode(ret, (address)) : address(0);
    }

    /// @dev Tell every installed module that the pause flag is now `paused_` (see `pause`). Each hook gets exactly
    /// `PAUSE_HOOK_GAS`: the call is not made unless that much is available (EIP-150 would pass at most 63/64 of what
    /// is left), so a module that mirrors the flag never misses it for want of gas. A hook that reverts does not stop
    /// the pause (`KernelPauseHookFailed` names the module). Bounded by the module table, which only
    /// root grows.
    function _tellModules(bool paused_) private {
        uint256 count = _moduleIds.length;
        uint256 needed = (PAUSE_HOOK_GAS * 64) / 63 + 10_000; // the allowance, EIP-150's 1/64, the call's own cost
        for (uint256 i = 0; i < count; ++i) {
            bytes32 moduleId = _moduleIds[i];
            if (gasleft() < needed) revert KernelPauseHookGas(gasleft(), needed);
            try IKernelModule(_modules[moduleId]).kernelPauseChanged{gas: PAUSE_HOOK_GAS}(paused_) {} catch {
                emit KernelPauseHookFailed(moduleId);
            }
        }
    }

    function _checkRoot() private view {
        if (!isRoot(msg.sender)) revert KernelUnauthorized(msg.sender, KernelIds.ROOT_PERMISSION);
    }

    function _checkPauser() private view {
        if (!_ACL.hasPermission(msg.sender, address(this), KernelIds.PAUSE_PERMISSION) && !isRoot(msg.sender)) {
            revert KernelUnauthorized(msg.sender, KernelIds.PAUSE_PERMISSION);
        }
    }
}
