// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IKernel
/// @notice The NYN OS kernel: the single root of trust. It holds the module table (module id => ERC-1967 proxy),
/// installs and upgrades modules (each a UUPS proxy that only the kernel may upgrade), and holds the pause switch
/// that the guardian may pull. Who may do what is decided by the ACL module (`KernelIds.ACL`).
interface IKernel {
    /// @notice A module was installed: `proxy` now answers for `moduleId`, running `implementation`.
    /// @param moduleId The module id (e.g. `keccak256("nyn.module.gas-meter")`).
    /// @param proxy The ERC-1967 proxy address users call; it never changes for the module's life.
    /// @param implementation The implementation contract behind the proxy.
    event ModuleInstalled(bytes32 indexed moduleId, address indexed proxy, address indexed implementation);

    /// @notice A module's implementation was replaced.
    /// @param moduleId The module id.
    /// @param oldImplementation The implementation before the upgrade.
    /// @param newImplementation The implementation after the upgrade (its code hash was checked).
    event ModuleUpgraded(bytes32 indexed moduleId, address oldImplementation, address indexed newImplementation);

    /// @notice The kernel entry points were paused (`paused == true`) or unpaused.
    /// @param account Who flipped the switch.
    /// @param paused The new state.
    event KernelPauseChanged(address indexed account, bool paused);
    /// @notice Module `moduleId`'s pause hook (`kernelPauseChanged`) reverted: if that module mirrors the pause flag,
    /// its mirror may be stale (watch for this event after every pause and unpause).
    /// @param moduleId The module whose `kernelPauseChanged` hook reverted or ran out of gas.
    event KernelPauseHookFailed(bytes32 indexed moduleId);

    /// @notice The caller lacks `permission` on the kernel.
    /// @param who The caller (the ERC-2771 sender when relayed).
    /// @param permission The permission it lacks (e.g. `ROOT_PERMISSION`, `PAUSE_PERMISSION`).
    error KernelUnauthorized(address who, bytes32 permission);
    /// @notice `moduleId` is already installed.
    /// @param moduleId The module id asked for.
    /// @param proxy The proxy already installed under it.
    error KernelModuleAlreadyInstalled(bytes32 moduleId, address proxy);
    /// @notice `moduleId` is not installed.
    /// @param moduleId The module id that has no proxy.
    error KernelUnknownModule(bytes32 moduleId);
    /// @notice `implementation` has no code.
    /// @param implementation The address given as implementation.
    error KernelNotAContract(address implementation);
    /// @notice The implementation's code hash is not the one the caller (the vote) pinned.
    /// @param implementation The implementation whose code hash was checked.
    /// @param expected The code hash the caller pinned (keccak256 of the runtime code).
    /// @param actual The implementation's EXTCODEHASH.
    error KernelCodeHashMismatch(address implementation, bytes32 expected, bytes32 actual);
    /// @notice The initializer of module `moduleId` did not bind its new `proxy` to this kernel (e.g. empty init data):
    /// an uninitialised proxy could be initialised by anyone, who would then control its upgrades.
    /// @param moduleId The module id being installed.
    /// @param proxy The new proxy, not bound to this kernel by its initializer.
    error KernelModuleNotBound(bytes32 moduleId, address proxy);
    /// @notice A zero address was given for `what`.
    /// @param what The name of the argument that was the zero address.
    error KernelZeroAddress(string what);
    /// @notice The kernel is paused.
    error KernelPaused();
    /// @notice The kernel is not paused.
    error KernelNotPaused();
    /// @notice `gasLeft` is below `needed`: not enough to give the next module its full pause hook gas.
    /// @param gasLeft The gas left before the next module's hook, in gas.
    /// @param needed The gas the hook needs (its allowance plus the call's overhead), in gas.
    error KernelPauseHookGas(uint256 gasLeft, uint256 needed);

    /// @notice Install a new module: deploy an ERC-1967 proxy to `implementation`, which must have the code hash
    /// `expectedCodeHash` (pinned by the caller, as in {upgradeModule}, so the code installed is the code reviewed or
    /// voted on), initialised with `initData` (the initializer sees the kernel as `msg.sender`).
    /// @dev Only a holder of `ROOT_PERMISSION` on the kernel (the timelock, once governance is deployed).
    /// Reverts with `KernelUnauthorized`, `KernelModuleAlreadyInstalled`, `KernelNotAContract`,
    /// `KernelCodeHashMismatch`, `KernelModuleNotBound` (the initializer did not bind the module to this kernel), or
    /// the initializer's error.
    /// @param moduleId The module id to install under.
    /// @param implementation The UUPS implementation (must only let the kernel upgrade it).
    /// @param expectedCodeHash The implementation's EXTCODEHASH (keccak256 of its runtime code).
    /// @param initData The initializer call, e.g. `abi.encodeCall(GasMeter.initialize, (...))`.
    /// @return proxy The new module's address.
    function installModule(
        bytes32 moduleId,
        address implementation,
        bytes32 expectedCodeHash,
        bytes calldata initData
    ) external returns (address proxy);

    /// @notice Upgrade module `moduleId` to `newImplementation`, which must have the code hash `expectedCodeHash`
    /// (pinned in the proposal so the code executed is the code voted on; ERC-1967 / ERC-1822 UUPS upgrade).
    /// `data`, if non-empty, is called on the proxy atomically with the upgrade (e.g. a `reinitializer(n)` migration).
    /// @dev Only a holder of `ROOT_PERMISSION`. Reverts with `KernelUnauthorized`, `KernelUnknownModule`,
    /// `KernelCodeHashMismatch`, or whatever the proxy's upgrade reverts with.
    /// @param moduleId The installed module to upgrade.
    /// @param newImplementation The new UUPS implementation.
    /// @param expectedCodeHash The new implementation's EXTCODEHASH, as pinned in the proposal.
    /// @param data The call made on the proxy right after the upgrade (e.g. a `reinitializer(n)` migration), or empty.
    function upgradeModule(
        bytes32 moduleId,
        address newImplementation,
        bytes32 expectedCodeHash,
        bytes calldata data
    ) external;

    /// @notice Pause the kernel entry points (grants, spawns, lifecycle calls, deposits, trades).
    /// @dev Holders of `PAUSE_PERMISSION` (the guardian) or `ROOT_PERMISSION`. Then tells every installed module
    /// (`KernelModule.kernelPauseChanged(true)`, each with a fixed gas allowance; a module whose hook fails is
    /// skipped, with `KernelPauseHookFailed`) so that a module may mirror the flag in its own storage and check it
    /// without calling the kernel. The loop is over the module table, which only root grows. Reverts with
    /// `KernelUnauthorized`, `KernelPaused`, `KernelPauseHookGas` (send more gas: every hook must get its full
    /// allowance).
    function pause() external;

    /// @notice Unpause the kernel entry points.
    /// @dev Holders of `PAUSE_PERMISSION` or `ROOT_PERMISSION`. Tells every module as `pause` does. Reverts with
    /// `KernelUnauthorized`, `KernelNotPaused`, `KernelPauseHookGas`.
    function unpause() external;

    /// @notice Whether the kernel entry points are paused.
    /// @return True while the kernel is paused.
    function paused() external view returns (bool);

    /// @notice The proxy installed for `moduleId`, or the zero address.
    /// @param moduleId The module id (e.g. `KernelIds.GAS_METER`).
    /// @return The module's ERC-1967 proxy address, or the zero address if not installed.
    function moduleAddress(bytes32 moduleId) external view returns (address);

    /// @notice The implementation currently behind module `moduleId` (ERC-1967 implementation slot).
    /// @dev Reverts with `KernelUnknownModule`.
    /// @param moduleId The module id.
    /// @return The implementation address in the proxy's ERC-1967 implementation slot.
    function moduleImplementation(bytes32 moduleId) external view returns (address);

    /// @notice The number of installed modules.
    /// @return The number of installed modules.
    function moduleCount() external view returns (uint256);

    /// @notice Installed module ids, paginated.
    /// @param offset Index of the first id (0-based, in installation order).
    /// @param limit Maximum number of ids returned.
    /// @return ids Up to `limit` module ids from index `offset` (empty past the end).
    function moduleIds(uint256 offset, uint256 limit) external view returns (bytes32[] memory ids);

    /// @notice The ACL module (permission table).
    /// @return The ACL module's proxy address.
    function acl() external view returns (address);

    /// @notice The ERC-2771 forwarder that kernel processes trust for relayed calls.
    /// @return The ERC-2771 forwarder address (the kernel's `KernelForwarder`).
    function trustedForwarder() external view returns (address);

    /// @notice Whether `account` holds `ROOT_PERMISSION` on the kernel.
    /// @param account The account asked about.
    /// @return True if `account` holds `ROOT_PERMISSION` on the kernel.
    function isRoot(address account) external view returns (bool);
}
