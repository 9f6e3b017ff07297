// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IProcessRegistryV2} from "../interfaces/IProcessRegistryV2.sol";
import {ProcessRegistry} from "../kernel/ProcessRegistry.sol";
import {IKernel} from "../interfaces/IKernel.sol";

/// @title ProcessRegistryV2
/// @notice The process registry, version 2 (see {IProcessRegistryV2}): deterministic, owner-bound process addresses.
/// Installed by a governance proposal that calls `Kernel.upgradeModule` with this implementation's code hash pinned
/// and `initializeV2` as the atomic migration.
/// @dev Upgrade-safe by construction: it inherits version 1 unchanged and keeps its new state in its own ERC-7201
/// namespace, so V1's namespace (`nyn.storage.ProcessRegistry`) is untouched; checked before proposing by
/// `lib/upgradeSafety.ts` (OpenZeppelin upgrades-core).
contract ProcessRegistryV2 is ProcessRegistry, IProcessRegistryV2 {
    using SafeCast for uint256;

    /// @custom:storage-location erc7201:nyn.storage.ProcessRegistryV2
    struct ProcessRegistryV2Storage {
        uint64 firstV2Pid;
        uint40 migratedAt;
        mapping(bytes32 spawnKey => uint256 pid) deterministicPids;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.ProcessRegistryV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PROCESS_REGISTRY_V2_STORAGE =
        0x30c93525a652cc23e1c27559580160ea6ce545048cbae84726293843429a6700;

    /// @notice Build the version-2 implementation for `kernel_` (the kernel the registry's proxy belongs to).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) ProcessRegistry(kernel_) {}

    /// @inheritdoc IProcessRegistryV2
    /// @custom:oz-upgrades-validate-as-initializer
    /// @custom:oz-upgrades-unsafe-allow missing-initializer-call
    function initializeV2() external reinitializer(2) {
        if (msg.sender != address(kernel())) revert KernelModuleOnlyKernel(msg.sender);
        ProcessRegistryV2Storage storage $ = _sV2();
        // Cannot overflow: processCount < 2^64 - 1 (one PID per transaction).
        unchecked {
            $.firstV2Pid = _s().processCount + 1;
        }
        $.migratedAt = block.timestamp.toUint40();
        emit ProcessRegistryMigrated(2, $.firstV2Pid);
    }

    /// @inheritdoc IProcessRegistryV2
    function spawnDeterministic(
        uint32 programId,
        bytes calldata initData,
        uint256 parentPid,
        bytes32 salt
    ) external whenKernelNotPaused returns (uint256 pid, address instance) {
        bytes32 key = spawnKey(msg.sender, salt);
        ProcessRegistryV2Storage storage $ = _sV2();
        uint256 existing = $.deterministicPids[key];
        if (existing != 0) revert ProcessRegistryV2SaltUsed(msg.sender, salt, existing);
        // Effects before the program's initializer runs inside `_spawn`: the PID `_spawn` assigns is the next one.
        // Cannot overflow: processCount < 2^64 - 1 (one PID per transaction).
        unchecked {
            pid = uint256(_s().processCount) + 1;
        }
        $.deterministicPids[key] = pid;
        (, instance) = _spawn(programId, initData, parentPid, true, key);
        emit ProcessSpawnedDeterministically(pid, msg.sender, salt, instance);
    }

    /// @inheritdoc IProcessRegistryV2
    function predictProcessAddress(uint32 programId, address owner, bytes32 salt) public view returns (address) {
        return Clones.predictDeterministicAddress(_program(programId).implementation, spawnKey(owner, salt));
    }

    /// @inheritdoc IProcessRegistryV2
    function deterministicPidOf(address owner, bytes32 salt) external view returns (uint256) {
        return _sV2().deterministicPids[spawnKey(owner, salt)];
    }

    /// @inheritdoc IProcessRegistryV2
    function spawnKey(address owner, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(owner, salt));
    }

    /// @inheritdoc IProcessRegistryV2
    function migration() external view returns (uint256 firstV2Pid, uint256 migratedAt) {
        ProcessRegistryV2Storage storage $ = _sV2();
        return ($.firstV2Pid, $.migratedAt);
    }

    /// @notice The module's version: 2.
    function version() public pure override returns (uint256) {
        return 2;
    }

    function _sV2() private pure returns (ProcessRegistryV2Storage storage $) {
        assembly {
            $.slot := PROCESS_REGISTRY_V2_STORAGE
        }
    }
}
