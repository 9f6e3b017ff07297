// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";

/// @title KernelModule
/// @notice Base of every NYN OS kernel module: a UUPS implementation (ERC-1822 / ERC-1967) behind a proxy that the
/// kernel deployed, upgradeable only by the kernel, with `auth(permission)` checks through the ACL and a
/// `whenKernelNotPaused` guard. Storage is namespaced per ERC-7201.
abstract contract KernelModule is Initializable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:nyn.storage.KernelModule
    struct KernelModuleStorage {
        IKernel kernel;
        IACL acl;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.KernelModule")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KERNEL_MODULE_STORAGE =
        0x390ac5611db91abb11d448c9de621899682266e55b3c2a0596f8b8d2f048f600;

    /// @notice Only the kernel may upgrade a module; `caller` tried.
    error KernelModuleOnlyKernel(address caller);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @dev Binds the module to the kernel that is deploying it (`msg.sender` of the proxy's initializer) and to
    /// the ACL (`acl_`; the ACL passes itself).
    // solhint-disable-next-line func-name-mixedcase
    function __KernelModule_init(IACL acl_) internal onlyInitializing {
        KernelModuleStorage storage $ = _kernelModuleStorage();
        $.kernel = IKernel(msg.sender);
        $.acl = acl_;
    }

    /// @notice Reverts with `ACLUnauthorized(who, address(this), what)` unless the caller holds `what` here.
    modifier auth(bytes32 what) {
        _checkPermission(msg.sender, what);
        _;
    }

    /// @notice Reverts with `KernelPaused` while the guardian has paused the kernel.
    modifier whenKernelNotPaused() {
        _requireKernelNotPaused();
        _;
    }

    /// @notice The kernel this module belongs to.
    function kernel() public view returns (IKernel) {
        return _kernelModuleStorage().kernel;
    }

    /// @notice The module's version; V2 implementations return 2, and so on.
    function version() public pure virtual returns (uint256) {
        return 1;
    }

    function _acl() internal view returns (IACL) {
        return _kernelModuleStorage().acl;
    }

    function _checkPermission(address who, bytes32 what) internal view {
        if (!_kernelModuleStorage().acl.hasPermission(who, address(this), what)) {
            revert IACL.ACLUnauthorized(who, address(this), what);
        }
    }

    function _requireKernelNotPaused() internal view {
        if (_kernelModuleStorage().kernel.paused()) revert IKernel.KernelPaused();
    }

    /// @dev UUPS: only the kernel upgrades (it checks `ROOT_PERMISSION` and the pinned code hash).
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != address(_kernelModuleStorage().kernel)) revert KernelModuleOnlyKernel(msg.sender);
    }

    function _kernelModuleStorage() private pure returns (KernelModuleStorage storage $) {
        assembly {
            $.slot := KERNEL_MODULE_STORAGE
        }
    }
}
