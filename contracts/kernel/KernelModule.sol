// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {IKernelModule} from "../interfaces/IKernelModule.sol";

/// @title KernelModule
/// @notice Base of every NYN OS kernel module: a UUPS implementation (ERC-1822 / ERC-1967) behind a proxy that the
/// kernel deployed, upgradeable only by the kernel, with `auth(permission)` checks through the ACL and a
/// `whenKernelNotPaused` guard. Storage is namespaced per ERC-7201.
/// @dev An implementation is built for one kernel (constructor argument): only that kernel may initialise a proxy of
/// it, and an upgrade must go to an implementation built for the same kernel. The ACL, built before its kernel, passes
/// no kernel and overrides `_kernel()` and `_acl()`. Design record: docs/adr/0001-kernel-modules.md.
abstract contract KernelModule is IKernelModule, Initializable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:nyn.storage.KernelModule
    struct KernelModuleStorage {
        IKernel kernel;
        IACL acl;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.KernelModule")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KERNEL_MODULE_STORAGE = 0x390ac5611db91abb11d448c9de621899682266e55b3c2a0596f8b8d2f048f600;

    /// @dev The kernel this implementation was built for (zero: the ACL).
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IKernel private immutable _BUILT_FOR_KERNEL;
    /// @dev That kernel's ACL (zero when there is no kernel).
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IACL private immutable _BUILT_FOR_ACL;

    /// @param kernel_ The kernel whose proxies will run this implementation (zero only for the ACL).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) {
        _BUILT_FOR_KERNEL = kernel_;
        _BUILT_FOR_ACL = address(kernel_) == address(0) ? IACL(address(0)) : IACL(kernel_.acl());
        _disableInitializers();
    }

    /// @dev Binds the module to the kernel that is deploying it (`msg.sender` of the proxy's initializer, which must be
    /// the kernel this implementation was built for, else `KernelModuleOnlyKernel`) and to the ACL (`acl_`; the ACL
    /// passes itself).
    // solhint-disable-next-line func-name-mixedcase
    function __KernelModule_init(IACL acl_) internal onlyInitializing {
        address builtFor = address(_BUILT_FOR_KERNEL);
        if (builtFor != address(0) && msg.sender != builtFor) revert KernelModuleOnlyKernel(msg.sender);
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
        _checkKernelNotPaused();
        _;
    }

    /// @inheritdoc IKernelModule
    function kernel() public view returns (IKernel) {
        return _kernelModuleStorage().kernel;
    }

    /// @inheritdoc IKernelModule
    function implementationKernel() external view returns (address) {
        return address(_BUILT_FOR_KERNEL);
    }

    /// @inheritdoc IKernelModule
    /// @dev The flag reaches `_onKernelPauseChanged`, which a module may specialise.
    function kernelPauseChanged(bool paused_) external {
        if (msg.sender != address(_kernelModuleStorage().kernel)) revert KernelModuleOnlyKernel(msg.sender);
        _onKernelPauseChanged(paused_);
    }

    /// @inheritdoc IKernelModule
    function version() public pure virtual returns (uint256) {
        return 1;
    }

    /// @dev The kernel, for the checks on every call: the immutable.
    function _kernel() internal view virtual returns (IKernel) {
        return _BUILT_FOR_KERNEL;
    }

    /// @dev The ACL, for the checks on every call: the immutable.
    function _acl() internal view virtual returns (IACL) {
        return _BUILT_FOR_ACL;
    }

    function _checkPermission(address who, bytes32 what) internal view {
        if (!_acl().hasPermission(who, address(this), what)) {
            _acl().checkPermission(who, address(this), what); // reverts with the reason (e.g. `ACLConditionDenied`)
            revert IACL.ACLUnauthorized(who, address(this), what);
        }
    }

    /// @dev Reverts with `KernelPaused` while the kernel is paused. A module that mirrors the flag overrides this
    /// to read its mirror (and must fall back to asking the kernel whenever the mirror may be stale).
    function _checkKernelNotPaused() internal view virtual {
        if (_kernel().paused()) revert IKernel.KernelPaused();
    }

    /// @dev The kernel was paused or unpaused (see `kernelPauseChanged`); nothing by default. An override must not
    /// revert nor need more than the kernel's hook allowance (50,000 gas).
    function _onKernelPauseChanged(bool) internal virtual {}

    /// @dev UUPS: only the kernel upgrades (it checks `ROOT_PERMISSION` and the pinned code hash), and only to an
    /// implementation built for the same kernel (one that does not answer `implementationKernel` is left to the
    /// UUPS checks).
    function _authorizeUpgrade(address newImplementation) internal view override {
        if (msg.sender != address(_kernelModuleStorage().kernel)) revert KernelModuleOnlyKernel(msg.sender);
        (bool ok, bytes memory ret) = newImplementation.staticcall(
            abi.encodeCall(IKernelModule.implementationKernel, ())
        );
        if (ok && ret.length == 32) {
            address builtFor = abi.decode(ret, (address));
            if (builtFor != address(_BUILT_FOR_KERNEL)) revert KernelModuleWrongKernel(newImplementation, builtFor);
        }
    }

    function _kernelModuleStorage() private pure returns (KernelModuleStorage storage $) {
        assembly {
            $.slot := KERNEL_MODULE_STORAGE
        }
    }
}
