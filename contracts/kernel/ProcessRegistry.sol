// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";
import {IKernelProcess} from "../interfaces/IKernelProcess.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {KernelModule} from "./KernelModule.sol";

/// @title ProcessRegistry
/// @notice Programs and processes of NYN OS (see {IProcessRegistry}).
/// @dev Cascade without loops over user-grown state: suspend and kill write only the target's own status; a
/// process's effective status is the most severe status found walking up its ancestor chain, at most `MAX_DEPTH`
/// steps of one storage read each (see `_effectiveStatus`). Every entry point is O(1) in the number of processes.
contract ProcessRegistry is KernelModule, IProcessRegistry {
    using SafeCast for uint256;

    /// @inheritdoc IProcessRegistry
    uint8 public constant MAX_DEPTH = 8;

    /// @dev Two storage slots per process, packed for spawn cost and for one-slot ancestor walks.
    struct ProcessRecord {
        // slot 0: what the ancestor walk reads
        address instance;
        uint64 parent;
        Status status;
        uint8 depth;
        // slot 1
        address owner;
        uint32 programId;
        uint40 createdAt;
        uint24 generation;
    }

    /// @custom:storage-location erc7201:nyn.storage.ProcessRegistry
    struct ProcessRegistryStorage {
        uint64 processCount;
        uint32 programCount;
        mapping(uint256 pid => ProcessRecord) processes;
        mapping(uint256 pid => string) metadataURIs;
        mapping(uint32 programId => Program) programs;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.ProcessRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PROCESS_REGISTRY_STORAGE =
        0xf2337c807dea95d64672e4cba7237abcb22f5d2829dddbc1f9b1990c5100d200;

    /// @notice Initialise the registry (called once by the kernel through the proxy).
    function initialize() external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
    }

    // ------------------------------------------------------------------ programs

    /// @inheritdoc IProcessRegistry
    function registerProgram(
        address implementation,
        string calldata name,
        string calldata version_,
        string calldata metadataURI
    ) external whenKernelNotPaused auth(KernelIds.REGISTER_PROGRAM_PERMISSION) returns (uint32 programId) {
        if (implementation.code.length == 0) revert ProcessRegistryNotAContract(implementation);
        ProcessRegistryStorage storage $ = _s();
        programId = ++$.programCount;
        bytes32 codeHash = implementation.codehash;
        $.programs[programId] = Program({
            implementation: implementation,
            codeHash: codeHash,
            deprecated: false,
            registeredAt: block.timestamp.toUint40(),
            publisher: msg.sender,
            name: name,
            version: version_,
            metadataURI: metadataURI
        });
        emit ProgramRegistered(programId, implementation, codeHash, name, version_, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function deprecateProgram(uint32 programId) external auth(KernelIds.REGISTER_PROGRAM_PERMISSION) {
        Program storage prog = _program(programId);
        prog.deprecated = true;
        emit ProgramDeprecated(programId, msg.sender);
    }

    // ------------------------------------------------------------------ processes

    /// @inheritdoc IProcessRegistry
    function spawn(uint32 programId, bytes calldata initData, uint256 parentPid)
        external
        whenKernelNotPaused
        returns (uint256 pid)
    {
        (pid,) = _spawn(programId, initData, parentPid, false, bytes32(0));
    }

    /// @dev The spawn logic, shared with later versions: with `deterministic`, the clone is created with CREATE2
    /// under `salt` (EIP-1014), otherwise with CREATE.
    function _spawn(uint32 programId, bytes calldata initData, uint256 parentPid, bool deterministic, bytes32 salt)
        internal
        returns (uint256 pid, address instance)
    {
        Program storage prog = _program(programId);
        if (prog.deprecated) revert ProcessRegistryProgramDeprecated(programId);
        address implementation = prog.implementation;
        bytes32 actual = implementation.codehash;
        if (actual != prog.codeHash) revert ProcessRegistryProgramCodeChanged(programId, prog.codeHash, actual);

        ProcessRegistryStorage storage $ = _s();
        uint8 depth = 1;
        if (parentPid != 0) {
            ProcessRecord storage parent = _process(parentPid);
            if (msg.sender != parent.owner && msg.sender != parent.instance) {
                revert ProcessRegistryNotParentController(parentPid, msg.sender);
            }
            Status parentStatus = _effectiveStatus(parent);
            if (parentStatus != Status.Running) {
                revert ProcessRegistryInvalidStatus(parentPid, parentStatus, Status.Running);
            }
            if (parent.depth >= MAX_DEPTH) revert ProcessRegistryMaxDepthExceeded(parentPid, MAX_DEPTH);
            // Cannot overflow: parent.depth < MAX_DEPTH (8).
            unchecked {
                depth = parent.depth + 1;
            }
        }
        // Cannot overflow: one PID per transaction; 2^64 spawns are out of reach.
        unchecked {
            pid = ++$.processCount;
        }
        instance = deterministic ? Clones.cloneDeterministic(implementation, salt) : Clones.clone(implementation);
        $.processes[pid] = ProcessRecord({
            instance: instance,
            parent: uint64(parentPid), // parentPid <= processCount < 2^64, checked by _process above
            status: Status.Running,
            depth: depth,
            owner: msg.sender,
            programId: programId,
            createdAt: block.timestamp.toUint40(),
            generation: 0
        });
        emit ProcessSpawned(pid, programId, parentPid, instance, msg.sender);
        IKernelProcess(instance).initializeProcess(pid, initData);
    }

    /// @inheritdoc IProcessRegistry
    function suspend(uint256 pid) external {
        ProcessRecord storage p = _controlled(pid);
        if (p.status != Status.Running) revert ProcessRegistryInvalidStatus(pid, p.status, Status.Running);
        p.status = Status.Suspended;
        emit ProcessSuspended(pid, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function resume(uint256 pid) external whenKernelNotPaused {
        ProcessRecord storage p = _controlled(pid);
        if (p.status != Status.Suspended) revert ProcessRegistryInvalidStatus(pid, p.status, Status.Suspended);
        p.status = Status.Running;
        emit ProcessResumed(pid, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function kill(uint256 pid) external {
        ProcessRecord storage p = _controlled(pid);
        p.status = Status.Terminated;
        emit ProcessKilled(pid, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function transferProcessOwnership(uint256 pid, address newOwner) external whenKernelNotPaused {
        if (newOwner == address(0)) revert ProcessRegistryZeroAddress();
        ProcessRecord storage p = _ownedLive(pid);
        address previous = p.owner;
        p.owner = newOwner;
        p.generation = (uint256(p.generation) + 1).toUint24();
        emit ProcessOwnershipTransferred(pid, previous, newOwner);
    }

    /// @inheritdoc IProcessRegistry
    function setProcessMetadata(uint256 pid, string calldata metadataURI) external whenKernelNotPaused {
        _ownedLive(pid);
        _s().metadataURIs[pid] = metadataURI;
        emit ProcessMetadataUpdated(pid, metadataURI);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProcessRegistry
    function processInfo(uint256 pid) public view returns (ProcessInfo memory info) {
        ProcessRecord storage p = _process(pid);
        info = ProcessInfo({
            pid: pid,
            instance: p.instance,
            owner: p.owner,
            parentPid: p.parent,
            programId: p.programId,
            status: p.status,
            effectiveStatus: _effectiveStatus(p),
            depth: p.depth,
            createdAt: p.createdAt,
            ownerGeneration: p.generation,
            metadataURI: _s().metadataURIs[pid]
        });
    }

    /// @inheritdoc IProcessRegistry
    function processes(uint256 offset, uint256 limit) external view returns (ProcessInfo[] memory list) {
        uint256 total = _s().processCount;
        if (offset >= total) return new ProcessInfo[](0);
        uint256 end = limit > total - offset ? total : offset + limit; // no overflow for any limit
        list = new ProcessInfo[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            list[i - offset] = processInfo(i + 1);
        }
    }

    /// @inheritdoc IProcessRegistry
    function processCount() external view returns (uint256) {
        return _s().processCount;
    }

    /// @inheritdoc IProcessRegistry
    function program(uint32 programId) external view returns (Program memory) {
        return _program(programId);
    }

    /// @inheritdoc IProcessRegistry
    function programCount() external view returns (uint32) {
        return _s().programCount;
    }

    /// @inheritdoc IProcessRegistry
    function ownerOf(uint256 pid) external view returns (address) {
        return _process(pid).owner;
    }

    /// @inheritdoc IProcessRegistry
    function instanceOf(uint256 pid) external view returns (address) {
        return _process(pid).instance;
    }

    /// @inheritdoc IProcessRegistry
    function statusOf(uint256 pid) external view returns (Status) {
        return _effectiveStatus(_process(pid));
    }

    /// @inheritdoc IProcessRegistry
    function isRunning(uint256 pid) external view returns (bool) {
        ProcessRecord storage p = _s().processes[pid];
        return p.instance != address(0) && _effectiveStatus(p) == Status.Running;
    }

    /// @inheritdoc IProcessRegistry
    function callContext(uint256 pid)
        external
        view
        returns (address owner, uint32 generation, Status effectiveStatus)
    {
        ProcessRecord storage p = _process(pid);
        return (p.owner, p.generation, _effectiveStatus(p));
    }

    // ------------------------------------------------------------------ internals

    /// @dev The most severe status along the ancestor chain (Terminated > Suspended > Running). At most
    /// `MAX_DEPTH` iterations, one storage slot each, because `depth` is bounded at spawn.
    function _effectiveStatus(ProcessRecord storage p) private view returns (Status status) {
        status = p.status;
        uint256 parent = p.parent;
        mapping(uint256 => ProcessRecord) storage all = _s().processes;
        while (parent != 0 && status != Status.Terminated) {
            ProcessRecord storage ancestor = all[parent];
            if (ancestor.status > status) status = ancestor.status;
            parent = ancestor.parent;
        }
    }

    /// @dev The process, which the caller must own or administer, and which must not be (effectively) terminated.
    function _controlled(uint256 pid) private view returns (ProcessRecord storage p) {
        p = _process(pid);
        if (msg.sender != p.owner && !_acl().hasPermission(msg.sender, address(this), KernelIds.PROCESS_ADMIN_PERMISSION))
        {
            revert ProcessRegistryNotOwner(pid, msg.sender, p.owner);
        }
        if (_effectiveStatus(p) == Status.Terminated) revert ProcessRegistryProcessTerminated(pid);
    }

    /// @dev The process, which the caller must own, and which must not be (effectively) terminated.
    function _ownedLive(uint256 pid) private view returns (ProcessRecord storage p) {
        p = _process(pid);
        if (msg.sender != p.owner) revert ProcessRegistryNotOwner(pid, msg.sender, p.owner);
        if (_effectiveStatus(p) == Status.Terminated) revert ProcessRegistryProcessTerminated(pid);
    }

    function _process(uint256 pid) private view returns (ProcessRecord storage p) {
        p = _s().processes[pid];
        if (p.instance == address(0)) revert ProcessRegistryUnknownProcess(pid);
    }

    function _program(uint32 programId) internal view returns (Program storage prog) {
        prog = _s().programs[programId];
        if (prog.implementation == address(0)) revert ProcessRegistryUnknownProgram(programId);
    }

    function _s() internal pure returns (ProcessRegistryStorage storage $) {
        assembly {
            $.slot := PROCESS_REGISTRY_STORAGE
        }
    }
}
