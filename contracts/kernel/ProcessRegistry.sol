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
import {Pagination} from "../libraries/Pagination.sol";
import {ProcessControl, ProcessControlLibrary} from "../types/ProcessControl.sol";
import {ProcessOrigin, ProcessOriginLibrary} from "../types/ProcessOrigin.sol";

/// @title ProcessRegistry
/// @notice Programs and processes of NYN OS (see {IProcessRegistry}).
/// @dev Suspend and kill write only the target's own status; a process's effective status is the most severe status
/// on its ancestor chain (at most `MAX_DEPTH` steps). Every entry point is O(1) in the number of processes. Record
/// layout and cascade: docs/adr/0002-process-records-and-cascade.md.
contract ProcessRegistry is KernelModule, IProcessRegistry {
    using SafeCast for uint256;

    /// @inheritdoc IProcessRegistry
    uint8 public constant MAX_DEPTH = 8;

    /// @dev Two storage slots per process, each one typed word (layouts in `contracts/types/`).
    struct ProcessRecord {
        ProcessControl control; // slot 0, the hot slot: owner, parent, status, depth, ownership generation
        ProcessOrigin origin; // slot 1: instance, program id, creation time
    }

    /// @dev A registered program in storage: what `spawn` reads (implementation, deprecated; code hash) in two slots.
    struct ProgramRecord {
        address implementation;
        bool deprecated;
        uint40 registeredAt;
        bool verified; // packed in the first word with the three above (appended: existing records read false)
        bytes32 codeHash;
        address publisher;
        string name;
        string version;
        string metadataURI;
    }

    /// @dev A program's place in its line of versions (0 = none), apart from its record so that publishing a first
    /// version writes nothing more than before.
    struct VersionLinks {
        uint32 previousVersion;
        uint32 nextVersion;
    }

    /// @custom:storage-location erc7201:nyn.storage.ProcessRegistry
    struct ProcessRegistryStorage {
        uint48 processCount;
        uint32 programCount;
        mapping(uint256 pid => ProcessRecord) processes;
        mapping(uint256 pid => string) metadataURIs;
        mapping(uint32 programId => ProgramRecord) programs;
        mapping(uint32 programId => VersionLinks) versions; // appended
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.ProcessRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PROCESS_REGISTRY_STORAGE =
        0xf2337c807dea95d64672e4cba7237abcb22f5d2829dddbc1f9b1990c5100d200;

    /// @notice Build the registry implementation for `kernel_` (see `KernelModule`).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

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
        programId = _addProgram(implementation, name, version_, metadataURI, true);
        emit ProgramVerified(programId, true, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function publishProgram(
        address implementation,
        string calldata name,
        string calldata version_,
        string calldata metadataURI
    ) external whenKernelNotPaused returns (uint32 programId) {
        programId = _addProgram(implementation, name, version_, metadataURI, false);
    }

    /// @inheritdoc IProcessRegistry
    function publishVersion(
        uint32 previousVersion,
        address implementation,
        string calldata version_,
        string calldata metadataURI
    ) external whenKernelNotPaused returns (uint32 programId) {
        ProgramRecord storage previous = _program(previousVersion);
        address publisher = previous.publisher;
        if (msg.sender != publisher) revert ProcessRegistryNotPublisher(previousVersion, msg.sender, publisher);
        ProcessRegistryStorage storage $ = _s();
        uint32 next = $.versions[previousVersion].nextVersion;
        if (next != 0) revert ProcessRegistryNotLatestVersion(previousVersion, next);
        programId = _addProgram(implementation, previous.name, version_, metadataURI, false);
        $.versions[previousVersion].nextVersion = programId;
        $.versions[programId].previousVersion = previousVersion;
        emit ProgramVersionPublished(previousVersion, programId, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function setProgramVerified(uint32 programId, bool verified) external auth(KernelIds.REGISTER_PROGRAM_PERMISSION) {
        _program(programId).verified = verified;
        emit ProgramVerified(programId, verified, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function deprecateProgram(uint32 programId) external {
        ProgramRecord storage prog = _program(programId);
        if (msg.sender != prog.publisher) _checkPermission(msg.sender, KernelIds.REGISTER_PROGRAM_PERMISSION);
        prog.deprecated = true;
        emit ProgramDeprecated(programId, msg.sender);
    }

    /// @dev Record a program, its code hash pinned, the caller as its publisher; emits `ProgramRegistered`.
    function _addProgram(
        address implementation,
        string memory name,
        string calldata version_,
        string calldata metadataURI,
        bool verified
    ) private returns (uint32 programId) {
        if (implementation.code.length == 0) revert ProcessRegistryNotAContract(implementation);
        ProcessRegistryStorage storage $ = _s();
        programId = ++$.programCount;
        bytes32 codeHash = implementation.codehash;
        $.programs[programId] = ProgramRecord({
            implementation: implementation,
            deprecated: false,
            registeredAt: block.timestamp.toUint40(),
            verified: verified,
            codeHash: codeHash,
            publisher: msg.sender,
            name: name,
            version: version_,
            metadataURI: metadataURI
        });
        emit ProgramRegistered(programId, implementation, codeHash, name, version_, msg.sender);
    }

    // ------------------------------------------------------------------ processes

    /// @inheritdoc IProcessRegistry
    function spawn(
        uint32 programId,
        bytes calldata initData,
        uint256 parentPid
    ) external whenKernelNotPaused returns (uint256 pid) {
        (pid, ) = _spawn(programId, initData, parentPid, false, bytes32(0));
    }

    /// @dev The spawn logic, shared with later versions. Without `deterministic`, the clone is created with CREATE
    /// and carries the PID as its immutable argument (`KernelProcess` reads it from the clone's code); with
    /// `deterministic`, it is created with CREATE2 under `salt` (EIP-1014) without arguments, so that its address does
    /// not depend on the PID, and the process keeps its PID in storage instead.
    function _spawn(
        uint32 programId,
        bytes calldata initData,
        uint256 parentPid,
        bool deterministic,
        bytes32 salt
    ) internal returns (uint256 pid, address instance) {
        address implementation = _spawnableImplementation(programId);
        uint256 depth = parentPid == 0 ? 1 : _childDepth(parentPid);
        ProcessRegistryStorage storage $ = _s();
        // Cannot overflow: one PID per transaction; 2^48 spawns (over 10^19 gas) are out of reach.
        unchecked {
            pid = ++$.processCount;
        }
        if (deterministic) instance = Clones.cloneDeterministic(implementation, salt);
        else instance = Clones.cloneWithImmutableArgs(implementation, abi.encodePacked(uint48(pid))); // pid < 2^48
        _newRecord($.processes[pid], parentPid.toUint48(), depth, instance, programId);
        emit ProcessSpawned(pid, programId, parentPid, instance, msg.sender);
        // Called exactly once per process, here: for a clone with the PID in its code this is the only guarantee
        // that the program's initialisation runs once (see `KernelProcess.initializeProcess`).
        IKernelProcess(instance).initializeProcess(pid, initData);
    }

    /// @inheritdoc IProcessRegistry
    function suspend(uint256 pid) external {
        (ProcessRecord storage p, ProcessControl control) = _controlled(pid);
        Status status = control.status();
        if (status != Status.Running) revert ProcessRegistryInvalidStatus(pid, status, Status.Running);
        p.control = control.withStatus(Status.Suspended);
        emit ProcessSuspended(pid, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function resume(uint256 pid) external whenKernelNotPaused {
        (ProcessRecord storage p, ProcessControl control) = _controlled(pid);
        Status status = control.status();
        if (status != Status.Suspended) revert ProcessRegistryInvalidStatus(pid, status, Status.Suspended);
        p.control = control.withStatus(Status.Running);
        emit ProcessResumed(pid, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function kill(uint256 pid) external {
        (ProcessRecord storage p, ProcessControl control) = _controlled(pid);
        p.control = control.withStatus(Status.Terminated);
        emit ProcessKilled(pid, msg.sender);
    }

    /// @inheritdoc IProcessRegistry
    function transferProcessOwnership(uint256 pid, address newOwner) external whenKernelNotPaused {
        if (newOwner == address(0)) revert ProcessRegistryZeroAddress("newOwner");
        (ProcessRecord storage p, ProcessControl control) = _ownedLive(pid);
        address previous = control.owner();
        p.control = control.withOwner(newOwner).withGeneration((uint256(control.generation()) + 1).toUint32());
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
        (ProcessRecord storage p, ProcessControl control) = _process(pid);
        ProcessOrigin origin = p.origin;
        info = ProcessInfo({
            pid: pid,
            instance: origin.instance(),
            owner: control.owner(),
            parentPid: control.parent(),
            programId: origin.programId(),
            status: control.status(),
            effectiveStatus: _effectiveStatus(control),
            depth: uint8(control.depth()),
            createdAt: origin.createdAt(),
            ownerGeneration: control.generation(),
            metadataURI: _s().metadataURIs[pid]
        });
    }

    /// @inheritdoc IProcessRegistry
    function processes(uint256 offset, uint256 limit) external view returns (ProcessInfo[] memory list) {
        (uint256 start, uint256 end) = Pagination.window(_s().processCount, offset, limit);
        list = new ProcessInfo[](end - start);
        for (uint256 i = start; i < end; ++i) {
            list[i - start] = processInfo(i + 1);
        }
    }

    /// @inheritdoc IProcessRegistry
    function processCount() external view returns (uint256) {
        return _s().processCount;
    }

    /// @inheritdoc IProcessRegistry
    function program(uint32 programId) external view returns (Program memory) {
        ProgramRecord storage prog = _program(programId);
        return
            Program({
                implementation: prog.implementation,
                codeHash: prog.codeHash,
                deprecated: prog.deprecated,
                registeredAt: prog.registeredAt,
                publisher: prog.publisher,
                name: prog.name,
                version: prog.version,
                metadataURI: prog.metadataURI,
                verified: prog.verified,
                previousVersion: _s().versions[programId].previousVersion,
                nextVersion: _s().versions[programId].nextVersion
            });
    }

    /// @inheritdoc IProcessRegistry
    function programCount() external view returns (uint32) {
        return _s().programCount;
    }

    /// @inheritdoc IProcessRegistry
    function ownerOf(uint256 pid) external view returns (address) {
        (, ProcessControl control) = _process(pid);
        return control.owner();
    }

    /// @inheritdoc IProcessRegistry
    function instanceOf(uint256 pid) external view returns (address) {
        (ProcessRecord storage p, ) = _process(pid);
        return p.origin.instance();
    }

    /// @inheritdoc IProcessRegistry
    function statusOf(uint256 pid) external view returns (Status) {
        (, ProcessControl control) = _process(pid);
        return _effectiveStatus(control);
    }

    /// @inheritdoc IProcessRegistry
    function isRunning(uint256 pid) external view returns (bool) {
        ProcessControl control = _s().processes[pid].control;
        return control.owner() != address(0) && _effectiveStatus(control) == Status.Running;
    }

    /// @inheritdoc IProcessRegistry
    function callContext(uint256 pid) external view returns (address owner, uint32 generation, Status effectiveStatus) {
        (, ProcessControl control) = _process(pid);
        return (control.owner(), control.generation(), _effectiveStatus(control));
    }

    /// @inheritdoc IProcessRegistry
    function instanceAndStatusOf(uint256 pid) external view returns (address instance, Status effectiveStatus) {
        (ProcessRecord storage p, ProcessControl control) = _process(pid);
        return (p.origin.instance(), _effectiveStatus(control));
    }

    // ------------------------------------------------------------------ internals

    /// @dev The implementation of program `programId`, which must exist, not be deprecated, and still have the code
    /// hash pinned at registration.
    function _spawnableImplementation(uint32 programId) private view returns (address implementation) {
        ProgramRecord storage prog = _program(programId);
        implementation = prog.implementation;
        if (prog.deprecated) revert ProcessRegistryProgramDeprecated(programId);
        bytes32 actual = implementation.codehash;
        if (actual != prog.codeHash) revert ProcessRegistryProgramCodeChanged(programId, prog.codeHash, actual);
    }

    /// @dev The depth of a new child of `parentPid`: the caller must own the parent or be the parent process itself,
    /// the parent must be running (effectively), and not at `MAX_DEPTH`.
    function _childDepth(uint256 parentPid) private view returns (uint256 depth) {
        (ProcessRecord storage parent, ProcessControl control) = _process(parentPid);
        if (msg.sender != control.owner() && msg.sender != parent.origin.instance()) {
            revert ProcessRegistryNotParentController(parentPid, msg.sender);
        }
        Status parentStatus = _effectiveStatus(control);
        if (parentStatus != Status.Running) {
            revert ProcessRegistryInvalidStatus(parentPid, parentStatus, Status.Running);
        }
        uint256 parentDepth = control.depth();
        if (parentDepth >= MAX_DEPTH) revert ProcessRegistryMaxDepthExceeded(parentPid, MAX_DEPTH);
        // Cannot overflow: parentDepth < MAX_DEPTH (8).
        unchecked {
            depth = parentDepth + 1;
        }
    }

    /// @dev The most severe status along the ancestor chain (Terminated > Suspended > Running) of the process whose
    /// hot slot is `control`. At most `MAX_DEPTH` iterations, one storage slot each, because `depth` is bounded at
    /// spawn.
    function _effectiveStatus(ProcessControl control) private view returns (Status status) {
        status = control.status();
        uint256 parent = control.parent();
        mapping(uint256 => ProcessRecord) storage all = _s().processes;
        while (parent != 0 && status != Status.Terminated) {
            ProcessControl ancestor = all[parent].control;
            Status ancestorStatus = ancestor.status();
            if (ancestorStatus > status) status = ancestorStatus;
            parent = ancestor.parent();
        }
    }

    /// @dev Write the record of a new top-level or child process (two whole slots): owned by the caller, Running,
    /// generation 0.
    function _newRecord(
        ProcessRecord storage p,
        uint48 parent,
        uint256 depth,
        address instance,
        uint32 programId
    ) private {
        p.control = ProcessControlLibrary.create(msg.sender, parent, depth); // depth <= MAX_DEPTH
        p.origin = ProcessOriginLibrary.create(instance, programId, block.timestamp.toUint40());
    }

    /// @dev The process, which the caller must own or administer, and which must not be (effectively) terminated.
    function _controlled(uint256 pid) private view returns (ProcessRecord storage p, ProcessControl control) {
        (p, control) = _process(pid);
        address owner = control.owner();
        if (
            msg.sender != owner && !_acl().hasPermission(msg.sender, address(this), KernelIds.PROCESS_ADMIN_PERMISSION)
        ) {
            revert ProcessRegistryNotOwner(pid, msg.sender, owner);
        }
        if (_effectiveStatus(control) == Status.Terminated) revert ProcessRegistryProcessTerminated(pid);
    }

    /// @dev The process, which the caller must own, and which must not be (effectively) terminated.
    function _ownedLive(uint256 pid) private view returns (ProcessRecord storage p, ProcessControl control) {
        (p, control) = _process(pid);
        address owner = control.owner();
        if (msg.sender != owner) revert ProcessRegistryNotOwner(pid, msg.sender, owner);
        if (_effectiveStatus(control) == Status.Terminated) revert ProcessRegistryProcessTerminated(pid);
    }

    /// @dev The record of an existing process (its owner is never zero) and its hot slot, else reverts.
    function _process(uint256 pid) private view returns (ProcessRecord storage p, ProcessControl control) {
        p = _s().processes[pid];
        control = p.control;
        if (control.owner() == address(0)) revert ProcessRegistryUnknownProcess(pid);
    }

    function _program(uint32 programId) internal view returns (ProgramRecord storage prog) {
        prog = _s().programs[programId];
        if (prog.implementation == address(0)) revert ProcessRegistryUnknownProgram(programId);
    }

    function _s() internal pure returns (ProcessRegistryStorage storage $) {
        assembly {
            $.slot := PROCESS_REGISTRY_STORAGE
        }
    }
}
