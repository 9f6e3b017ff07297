// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProcessRegistry} from "./IProcessRegistry.sol";

/// @title IProcessRegistryV2
/// @notice Version 2 of the process registry: everything of {IProcessRegistry}, plus deterministic spawning. A
/// process spawned with `spawnDeterministic` lives at an address (EIP-1014 CREATE2 of its program's EIP-1167 clone,
/// without immutable arguments so that the address does not depend on the PID: such a process keeps its PID in
/// storage) that anyone can compute before it exists from (program, owner, salt), so its owner can fund it, configure
/// integrations or announce it before spawning, and the same registry address yields the same process address on
/// every chain. The salt is bound to the spawning owner, so nobody can take another owner's address first.
interface IProcessRegistryV2 is IProcessRegistry {
    /// @notice Process `pid` was spawned deterministically by `owner` under `salt` at `instance`.
    /// @param pid The new PID.
    /// @param owner Its owner (the spawner), bound into the CREATE2 salt.
    /// @param salt The caller's salt.
    /// @param instance The process's contract, at the predicted address.
    event ProcessSpawnedDeterministically(
        uint256 indexed pid,
        address indexed owner,
        bytes32 indexed salt,
        address instance
    );
    /// @notice The registry was migrated to version 2: processes from `firstV2Pid` on were spawned under V2.
    /// @param version The new initialized version (2).
    /// @param firstV2Pid The first PID spawned under version 2 (the process count at migration plus one).
    event ProcessRegistryMigrated(uint64 version, uint256 firstV2Pid);

    /// @notice `owner` already spawned process `pid` under `salt`; a salt gives one address, once.
    /// @param owner The spawning owner.
    /// @param salt The salt already used by that owner.
    /// @param pid The process spawned under it.
    error ProcessRegistryV2SaltUsed(address owner, bytes32 salt, uint256 pid);

    /// @notice The version-2 migration, run by the kernel atomically with the upgrade
    /// (`Kernel.upgradeModule(..., abi.encodeCall(initializeV2, ()))`): records where V2 begins.
    /// @dev Only the kernel, once (`reinitializer(2)`). Reverts with `InvalidInitialization`,
    /// `KernelModuleOnlyKernel`.
    function initializeV2() external;

    /// @notice Spawn a process like `spawn`, at the address `predictProcessAddress(programId, msg.sender, salt)`.
    /// @dev Anyone for a top-level process; a child only the parent's owner or the parent process itself. Reverts
    /// with `ProcessRegistryV2SaltUsed` and everything `spawn` reverts with.
    /// @param programId The program to run.
    /// @param initData The program's initialisation data.
    /// @param parentPid The parent (0 = top-level).
    /// @param salt Any value chosen by the caller.
    /// @return pid The new PID.
    /// @return instance The process's address (as predicted).
    function spawnDeterministic(
        uint32 programId,
        bytes calldata initData,
        uint256 parentPid,
        bytes32 salt
    ) external returns (uint256 pid, address instance);

    /// @notice The address `spawnDeterministic(programId, ..., salt)` called by `owner` creates (it may already
    /// exist). Reverts with `ProcessRegistryUnknownProgram`.
    /// @param programId The program.
    /// @param owner The account that will call `spawnDeterministic`.
    /// @param salt The caller's salt.
    /// @return The process's address (EIP-1014 CREATE2 of the program's EIP-1167 clone).
    function predictProcessAddress(uint32 programId, address owner, bytes32 salt) external view returns (address);

    /// @notice The PID `owner` spawned under `salt`, or 0.
    /// @param owner The spawning owner.
    /// @param salt The caller's salt.
    /// @return The PID spawned by `owner` under `salt`, or 0 if none.
    function deterministicPidOf(address owner, bytes32 salt) external view returns (uint256);

    /// @notice The CREATE2 salt of (`owner`, `salt`): `keccak256(abi.encode(owner, salt))`.
    /// @param owner The spawning owner.
    /// @param salt The caller's salt.
    /// @return The CREATE2 salt, `keccak256(abi.encode(owner, salt))`.
    function spawnKey(address owner, bytes32 salt) external pure returns (bytes32);

    /// @notice The first PID spawned under version 2 and when the migration ran (seconds); (0, 0) before it.
    /// @return firstV2Pid The first PID spawned under version 2 (0 before the migration).
    /// @return migratedAt When the migration ran, in seconds (Unix time; 0 before it).
    function migration() external view returns (uint256 firstV2Pid, uint256 migratedAt);
}
