// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IProcessRegistry
/// @notice Programs (implementation contracts pinned by code hash) and the processes spawned from them. A process
/// is an EIP-1167 clone of its program carrying its PID as an immutable argument (OpenZeppelin
/// `Clones.cloneWithImmutableArgs`, a big-endian uint48 after the 45-byte runtime), initialised once by the registry;
/// it has an owner, a parent, a status and metadata.
/// Lifecycle: Running <-> Suspended, and Terminated (terminal). Suspending or killing a process applies to all its
/// descendants without any loop: a process's *effective* status is the most severe status along its ancestor chain
/// (Terminated > Suspended > Running), read in O(depth) with depth bounded by `MAX_DEPTH`.
interface IProcessRegistry {
    /// @notice A process's own lifecycle status.
    enum Status {
        None,
        Running,
        Suspended,
        Terminated
    }

    /// @notice A registered program.
    struct Program {
        address implementation; // the code every process of this program runs (EIP-1167 target)
        bytes32 codeHash; // implementation.codehash at registration; spawn refuses if it ever differs
        bool deprecated; // no new spawns
        uint40 registeredAt; // seconds
        address publisher; // who registered (the DAO) or published (anyone) it
        string name;
        string version;
        string metadataURI;
        bool verified; // reviewed by the DAO (registered by, or marked by, a REGISTER_PROGRAM holder)
        uint32 previousVersion; // the program this one is a new version of (0 = a first version)
        uint32 nextVersion; // the newer version published from this one (0 = none yet: this is the latest)
    }

    /// @notice Everything known about one process.
    struct ProcessInfo {
        uint256 pid;
        address instance; // the process's contract (EIP-1167 clone)
        address owner;
        uint256 parentPid; // 0 for a top-level process
        uint32 programId;
        Status status; // own status
        Status effectiveStatus; // the most severe status along the ancestor chain
        uint8 depth; // 1 for a top-level process
        uint40 createdAt; // seconds
        uint32 ownerGeneration; // increases on every ownership transfer; capabilities are per generation
        string metadataURI;
    }

    /// @notice Program `programId` was registered.
    /// @param programId The new program id.
    /// @param implementation The program's implementation (EIP-1167 target).
    /// @param codeHash The implementation's code hash, pinned.
    /// @param name The program's name.
    /// @param version The version label.
    /// @param publisher Who registered or published it.
    event ProgramRegistered(
        uint32 indexed programId,
        address indexed implementation,
        bytes32 codeHash,
        string name,
        string version,
        address indexed publisher
    );
    /// @notice The DAO marked program `programId` verified (reviewed) or took the mark back.
    /// @param programId The program.
    /// @param verified Whether it is verified now.
    /// @param by The REGISTER_PROGRAM holder (the timelock, by proposal) that set it.
    event ProgramVerified(uint32 indexed programId, bool verified, address indexed by);
    /// @notice Publisher `publisher` published program `programId` as the next version of `previousVersion` (same
    /// name; unverified until the DAO reviews it). Emitted after its `ProgramRegistered`.
    /// @param previousVersion The program it follows.
    /// @param programId The new version's program id.
    /// @param publisher The publisher of both.
    event ProgramVersionPublished(uint32 indexed previousVersion, uint32 indexed programId, address indexed publisher);
    /// @notice Program `programId` was deprecated: it can no longer be spawned.
    /// @param programId The program.
    /// @param by Its publisher or the `REGISTER_PROGRAM_PERMISSION` holder that deprecated it.
    event ProgramDeprecated(uint32 indexed programId, address indexed by);
    /// @notice Process `pid` was spawned from `programId` as a child of `parentPid` (0 = none).
    /// @param pid The new PID.
    /// @param programId The program it runs.
    /// @param parentPid Its parent (0 = top-level).
    /// @param instance The process's contract (EIP-1167 clone).
    /// @param owner Its owner (the spawner).
    event ProcessSpawned(
        uint256 indexed pid,
        uint32 indexed programId,
        uint256 indexed parentPid,
        address instance,
        address owner
    );
    /// @notice Process `pid` (and so its descendants) was suspended by `by`.
    /// @param pid The process suspended.
    /// @param by The owner or `PROCESS_ADMIN_PERMISSION` holder that suspended it.
    event ProcessSuspended(uint256 indexed pid, address indexed by);
    /// @notice Process `pid` was resumed by `by`.
    /// @param pid The process resumed.
    /// @param by The owner or `PROCESS_ADMIN_PERMISSION` holder that resumed it.
    event ProcessResumed(uint256 indexed pid, address indexed by);
    /// @notice Process `pid` (and so its descendants) was killed by `by`. Terminal.
    /// @param pid The process killed.
    /// @param by The owner or `PROCESS_ADMIN_PERMISSION` holder that killed it.
    event ProcessKilled(uint256 indexed pid, address indexed by);
    /// @notice Ownership of process `pid` moved from `previousOwner` to `newOwner`.
    /// @param pid The process.
    /// @param previousOwner The owner before.
    /// @param newOwner The owner now.
    event ProcessOwnershipTransferred(uint256 indexed pid, address indexed previousOwner, address indexed newOwner);
    /// @notice The metadata URI of process `pid` was set.
    /// @param pid The process.
    /// @param metadataURI The new metadata URI.
    event ProcessMetadataUpdated(uint256 indexed pid, string metadataURI);

    /// @notice No process has PID `pid`.
    /// @param pid The PID asked for.
    error ProcessRegistryUnknownProcess(uint256 pid);
    /// @notice No program has id `programId`.
    /// @param programId The program id asked for.
    error ProcessRegistryUnknownProgram(uint32 programId);
    /// @notice Program `programId` is deprecated.
    /// @param programId The program.
    error ProcessRegistryProgramDeprecated(uint32 programId);
    /// @notice The program's code changed since registration (`expected` vs `actual` code hash).
    /// @param programId The program.
    /// @param expected The code hash pinned at registration.
    /// @param actual The implementation's code hash now.
    error ProcessRegistryProgramCodeChanged(uint32 programId, bytes32 expected, bytes32 actual);
    /// @notice `implementation` has no code.
    /// @param implementation The address given as the program's implementation.
    error ProcessRegistryNotAContract(address implementation);
    /// @notice `caller` is neither the owner (`owner`) of process `pid` nor a permitted operator.
    /// @param pid The process.
    /// @param caller The account that called (the ERC-2771 sender when relayed).
    /// @param owner The process's owner.
    error ProcessRegistryNotOwner(uint256 pid, address caller, address owner);
    /// @notice `caller` may not spawn under parent `parentPid` (only its owner or the parent process itself may).
    /// @param parentPid The parent process.
    /// @param caller The account that tried to spawn under it.
    error ProcessRegistryNotParentController(uint256 parentPid, address caller);
    /// @notice Process `pid` has effective status `status`, but the call needs `required`.
    /// @param pid The process.
    /// @param status Its effective status.
    /// @param required The status the call needs.
    error ProcessRegistryInvalidStatus(uint256 pid, Status status, Status required);
    /// @notice Process `pid` is terminated (effective status).
    /// @param pid The process.
    error ProcessRegistryProcessTerminated(uint256 pid);
    /// @notice A child of `parentPid` would be deeper than `maxDepth`.
    /// @param parentPid The parent the child was to be spawned under.
    /// @param maxDepth The deepest a process may be (`MAX_DEPTH`).
    error ProcessRegistryMaxDepthExceeded(uint256 parentPid, uint256 maxDepth);
    /// @notice The zero address was given.
    /// @param what The parameter that was zero (e.g. "newOwner").
    error ProcessRegistryZeroAddress(string what);
    /// @notice `caller` is not the publisher of program `programId` (`publisher` is).
    /// @param programId The program.
    /// @param caller The account that tried.
    /// @param publisher The program's publisher.
    error ProcessRegistryNotPublisher(uint32 programId, address caller, address publisher);
    /// @notice Program `programId` already has a newer version, `nextVersion`: publish from the latest.
    /// @param programId The program a new version was published from.
    /// @param nextVersion Its existing next version.
    error ProcessRegistryNotLatestVersion(uint32 programId, uint32 nextVersion);

    /// @notice Register program `implementation` (must be a `KernelProcess` whose initializer is locked) as the DAO's
    /// own: its code hash is pinned and it is verified from the start (see {publishProgram} for anyone's).
    /// @dev Holders of `REGISTER_PROGRAM_PERMISSION` on the registry. Reverts with `ACLUnauthorized`,
    /// `ProcessRegistryNotAContract`, `KernelPaused`.
    /// @return programId The new program id (1, 2, ...).
    /// @param implementation The `KernelProcess` contract every process of the program runs (EIP-1167 target).
    /// @param name The program's name (not unique: the id is).
    /// @param version The version label (e.g. semver).
    /// @param metadataURI Where the program is described.
    function registerProgram(
        address implementation,
        string calldata name,
        string calldata version,
        string calldata metadataURI
    ) external returns (uint32 programId);

    /// @notice Publish program `implementation` without anyone's approval (the seed principle: no approvals needed to
    /// deploy or build): its code hash is pinned as for a registered program, its caller recorded as publisher, and it
    /// is unverified until the DAO reviews it ({setProgramVerified}). Anyone may spawn it; an unverified program can
    /// affect only its own processes (ATTACKS.md F1–F4). Emits `ProgramRegistered`.
    /// @dev Anyone. Reverts with `ProcessRegistryNotAContract`, `KernelPaused`. The idea: Aragon OSx plugin repos and
    /// ERC-7484 module registries (anyone publishes; an attestation marks what was reviewed).
    /// @param implementation The `KernelProcess` contract every process of the program runs (EIP-1167 target).
    /// @param name The program's name (not unique: the id is).
    /// @param version The publisher's version label (e.g. semver).
    /// @param metadataURI Where the program is described (ERC-1497 style URI).
    /// @return programId The new program id (1, 2, ...).
    function publishProgram(
        address implementation,
        string calldata name,
        string calldata version,
        string calldata metadataURI
    ) external returns (uint32 programId);

    /// @notice Publish a new version of program `previousVersion`: a new program (its own id, implementation pinned by
    /// code hash, unverified until the DAO reviews it) with the same name and publisher, linked both ways
    /// (`previousVersion`/`nextVersion` in {program}). Versions form one line: only the latest may be followed.
    /// Processes stay pinned to the version they were spawned from (an EIP-1167 clone's target is part of its code,
    /// and a program's storage layout is its own business): to move, spawn from the new version and migrate
    /// (`process:migrate`). Emits `ProgramRegistered` and `ProgramVersionPublished`.
    /// @dev Only the publisher of `previousVersion`. Reverts with `ProcessRegistryUnknownProgram`,
    /// `ProcessRegistryNotPublisher`, `ProcessRegistryNotLatestVersion`, `ProcessRegistryNotAContract`, `KernelPaused`.
    /// The idea: Aragon OSx plugin repos (a release's builds, newest last) and npm's versions of one package.
    /// @param previousVersion The program id this version follows (must be the latest of its line).
    /// @param implementation The new version's `KernelProcess` contract.
    /// @param version The new version's label (e.g. semver).
    /// @param metadataURI Where the new version is described.
    /// @return programId The new version's program id.
    function publishVersion(
        uint32 previousVersion,
        address implementation,
        string calldata version,
        string calldata metadataURI
    ) external returns (uint32 programId);

    /// @notice Mark program `programId` verified (the DAO reviewed it) or take the mark back. Spawning does not depend
    /// on it; tasks, the demo and the console show it. Emits `ProgramVerified` (also when unchanged).
    /// @dev Holders of `REGISTER_PROGRAM_PERMISSION` (after the deploy: the timelock, by proposal). Reverts with
    /// `ACLUnauthorized`, `ProcessRegistryUnknownProgram`.
    /// @param programId The program.
    /// @param verified The mark.
    function setProgramVerified(uint32 programId, bool verified) external;

    /// @notice Stop new spawns of `programId`. Existing processes keep running.
    /// @dev Its publisher, or holders of `REGISTER_PROGRAM_PERMISSION`. Reverts with `ACLUnauthorized`,
    /// `ProcessRegistryUnknownProgram`.
    /// @param programId The program.
    function deprecateProgram(uint32 programId) external;

    /// @notice Spawn a process of `programId`, owned by the caller, as a child of `parentPid` (0 = top-level).
    /// The process is an EIP-1167 clone with its PID as immutable argument, initialised with `initData`.
    /// @dev Anyone may spawn a top-level process; a child only the parent's owner or the parent process itself.
    /// Reverts with `ProcessRegistryUnknownProgram`, `ProcessRegistryProgramDeprecated`,
    /// `ProcessRegistryProgramCodeChanged`, `ProcessRegistryUnknownProcess`, `ProcessRegistryNotParentController`,
    /// `ProcessRegistryInvalidStatus` (parent not running), `ProcessRegistryMaxDepthExceeded`, `KernelPaused`,
    /// or whatever the program's initializer reverts with.
    /// @return pid The new PID (monotonic from 1, never reused).
    /// @param programId The program to run.
    /// @param initData The call data for the process's initializer.
    /// @param parentPid The parent process (0 = top-level).
    function spawn(uint32 programId, bytes calldata initData, uint256 parentPid) external returns (uint256 pid);

    /// @notice Suspend process `pid` and, through it, all its descendants. Works while the kernel is paused: stopping
    /// a process is a safety action an incident must not block.
    /// @dev The owner or a holder of `PROCESS_ADMIN_PERMISSION`. Reverts with `ProcessRegistryNotOwner`,
    /// `ProcessRegistryUnknownProcess`, `ProcessRegistryInvalidStatus` (own status not Running),
    /// `ProcessRegistryProcessTerminated`.
    /// @param pid The running process to suspend.
    function suspend(uint256 pid) external;

    /// @notice Resume suspended process `pid` (descendants run again unless suspended themselves or by another
    /// suspended ancestor).
    /// @dev The owner or a holder of `PROCESS_ADMIN_PERMISSION`. Reverts with `ProcessRegistryNotOwner`,
    /// `ProcessRegistryUnknownProcess`, `ProcessRegistryInvalidStatus` (own status not Suspended),
    /// `ProcessRegistryProcessTerminated`, `KernelPaused`.
    /// @param pid The suspended process to resume.
    function resume(uint256 pid) external;

    /// @notice Kill process `pid` and, through it, all its descendants. Terminal: the PID is never reused. Works while
    /// the kernel is paused (a safety action).
    /// @dev The owner or a holder of `PROCESS_ADMIN_PERMISSION`. Reverts with `ProcessRegistryNotOwner`,
    /// `ProcessRegistryUnknownProcess`, `ProcessRegistryProcessTerminated`.
    /// @param pid The process to kill.
    function kill(uint256 pid) external;

    /// @notice Transfer ownership of process `pid` to `newOwner`. Capabilities granted by earlier owners lapse.
    /// @dev Only the owner. Reverts with `ProcessRegistryNotOwner`, `ProcessRegistryZeroAddress`,
    /// `ProcessRegistryProcessTerminated`, `ProcessRegistryUnknownProcess`, `KernelPaused`.
    /// @param pid The process.
    /// @param newOwner The new owner (not the zero address).
    function transferProcessOwnership(uint256 pid, address newOwner) external;

    /// @notice Set the metadata URI of process `pid`.
    /// @dev Only the owner. Reverts with `ProcessRegistryNotOwner`, `ProcessRegistryUnknownProcess`,
    /// `ProcessRegistryProcessTerminated`, `KernelPaused`.
    /// @param pid The process.
    /// @param metadataURI The new metadata URI.
    function setProcessMetadata(uint256 pid, string calldata metadataURI) external;

    /// @notice Everything about process `pid`. Reverts with `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return Its `ProcessInfo` (owner, parent, program, own and effective status, depth, creation time, ...).
    function processInfo(uint256 pid) external view returns (ProcessInfo memory);

    /// @notice Processes with PIDs `offset + 1 ..`, at most `limit` of them (PID order).
    /// @param offset The number of PIDs to skip (the first returned is `offset + 1`).
    /// @param limit Maximum number of processes returned.
    /// @return Up to `limit` `ProcessInfo` records, in PID order (empty past the end).
    function processes(uint256 offset, uint256 limit) external view returns (ProcessInfo[] memory);

    /// @notice The number of processes ever spawned (= the highest PID).
    /// @return The number of processes ever spawned (the highest PID).
    function processCount() external view returns (uint256);

    /// @notice Program `programId`. Reverts with `ProcessRegistryUnknownProgram`.
    /// @param programId The program.
    /// @return Its `Program` record (implementation, code hash, publisher, versions, ...).
    function program(uint32 programId) external view returns (Program memory);

    /// @notice The number of registered programs (= the highest program id).
    /// @return The number of registered programs (the highest program id).
    function programCount() external view returns (uint32);

    /// @notice The owner of process `pid`. Reverts with `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return Its owner.
    function ownerOf(uint256 pid) external view returns (address);

    /// @notice The contract of process `pid`. Reverts with `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return Its contract (EIP-1167 clone).
    function instanceOf(uint256 pid) external view returns (address);

    /// @notice The effective status of process `pid` (the most severe along its ancestor chain).
    /// Reverts with `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return Its effective status.
    function statusOf(uint256 pid) external view returns (Status);

    /// @notice Whether process `pid` exists and its effective status is Running.
    /// @param pid The process (any value: an unknown PID gives false).
    /// @return True if the process exists and its effective status is Running.
    function isRunning(uint256 pid) external view returns (bool);

    /// @notice What a process or the ACL needs to judge a call on `pid` in one read: the owner, the ownership
    /// generation (capabilities are per generation) and the effective status. Reverts with
    /// `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return owner Its owner.
    /// @return generation Its ownership generation (increases on every transfer).
    /// @return effectiveStatus Its effective status.
    function callContext(uint256 pid) external view returns (address owner, uint32 generation, Status effectiveStatus);

    /// @notice What the gas meter checks on every charge, in one call: the contract of process `pid` and its
    /// effective status. Reverts with `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return instance Its contract (EIP-1167 clone).
    /// @return effectiveStatus Its effective status.
    function instanceAndStatusOf(uint256 pid) external view returns (address instance, Status effectiveStatus);

    /// @notice The deepest a process tree may grow (top-level processes have depth 1).
    /// @return The maximum depth of a process (top-level = 1).
    function MAX_DEPTH() external view returns (uint8);
}
