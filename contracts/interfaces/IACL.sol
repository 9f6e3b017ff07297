// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IACL
/// @notice The NYN OS permission table. A permission is a triple (who, where, what): account `who` may call the
/// functions of contract `where` gated by permission id `what` (`keccak256("NAME_PERMISSION")`), optionally until
/// an expiry time. Each (where, what) has a manager who alone may grant and revoke it (aragonOS ACL model).
/// Process-scoped capabilities: the owner of process `pid` grants capability `what` on that process to an account
/// (a wallet or another process's contract), optionally expiring; programs check them through `KernelProcess`.
interface IACL {
    /// @notice One permission held by an account, as `permissionsOf` lists it.
    /// @param where The contract the permission gates.
    /// @param what The permission id (`keccak256("NAME_PERMISSION")`).
    /// @param expiry The grant's expiry in seconds since epoch (`type(uint64).max` = never); a past value means the
    /// grant has run out but was not yet revoked or renounced.
    /// @param condition The grant's condition (`IPermissionCondition`), or `address(0)` for an unconditional grant.
    struct Holding {
        address where;
        bytes32 what;
        uint64 expiry;
        address condition;
    }

    /// @notice One permission (where, what), as `permissions` lists it.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param manager The account that alone may grant and revoke it.
    /// @param holderCount How many accounts hold a grant (expired ones included until removed).
    /// @param rootLevel Whether it is root-level (see `isRootLevel`).
    struct PermissionInfo {
        address where;
        bytes32 what;
        address manager;
        uint256 holderCount;
        bool rootLevel;
    }

    /// @notice A permission was created with its first holder and its manager.
    /// @param who The first holder.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param manager The account that alone may grant and revoke it.
    event PermissionCreated(address indexed who, address indexed where, bytes32 indexed what, address manager);
    /// @notice `who` was granted `what` on `where` until `expiry` (seconds since epoch; `type(uint64).max` = never).
    /// @param who The grantee (or `ANY_ENTITY`).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param expiry The grant's expiry, in seconds since epoch, inclusive (`type(uint64).max` = never).
    /// @param grantedBy The manager that granted it.
    event PermissionGranted(
        address indexed who,
        address indexed where,
        bytes32 indexed what,
        uint64 expiry,
        address grantedBy
    );
    /// @notice `who` lost `what` on `where` (revoked by the manager, or renounced when `revokedBy == who`).
    /// @param who The account that lost it.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param revokedBy The manager (revoked), or `who` (renounced).
    event PermissionRevoked(address indexed who, address indexed where, bytes32 indexed what, address revokedBy);
    /// @notice Permission (`where`, `what`) became root-level by root's decision (one-way): no wildcard, no expiry.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    event PermissionProtected(address indexed where, bytes32 indexed what);
    /// @notice The manager of (`where`, `what`) changed.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param manager The new manager.
    event PermissionManagerChanged(address indexed where, bytes32 indexed what, address indexed manager);
    /// @notice The grant of `what` on `where` to `who` just made (its `PermissionGranted` comes first) holds only while
    /// `condition` (an `IPermissionCondition`, Aragon OSx) says yes.
    /// @param who The grantee (often `ANY_ENTITY`: "everyone who passes the condition").
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param condition The condition contract.
    event PermissionConditionSet(address indexed who, address indexed where, bytes32 indexed what, address condition);
    /// @notice The grant of capability `what` on process `pid` to `who` just made (its `CapabilityGranted` comes first)
    /// holds only while `condition` says yes.
    /// @param pid The process.
    /// @param who The grantee (often `ANY_ENTITY`).
    /// @param what The capability id.
    /// @param condition The condition contract.
    event CapabilityConditionSet(uint256 indexed pid, address indexed who, bytes32 indexed what, address condition);
    /// @notice The conditional grant of `what` on `where` to `who` just made (its `PermissionConditionSet` naming the
    /// balance token comes first) is the built-in balance condition: `who` must hold at least `minBalance`.
    /// @param who The grantee (often `ANY_ENTITY`).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param minBalance The least balance admitted, in the balance token's units (NYN-wei, 18 decimals).
    event PermissionMinBalanceSet(address indexed who, address indexed where, bytes32 indexed what, uint256 minBalance);
    /// @notice The conditional grant of capability `what` on process `pid` to `who` just made (its
    /// `CapabilityConditionSet` naming the balance token comes first) is the built-in balance condition.
    /// @param pid The process.
    /// @param who The grantee (often `ANY_ENTITY`).
    /// @param what The capability id.
    /// @param minBalance The least balance admitted, in the balance token's units (NYN-wei, 18 decimals).
    event CapabilityMinBalanceSet(uint256 indexed pid, address indexed who, bytes32 indexed what, uint256 minBalance);
    /// @notice The owner of process `pid` granted capability `what` on it to `who` until `expiry`.
    /// @param pid The process.
    /// @param who The grantee (a wallet, another process's contract, or `ANY_ENTITY`).
    /// @param what The capability id.
    /// @param expiry The grant's expiry, in seconds since epoch, inclusive (`type(uint64).max` = never).
    event CapabilityGranted(uint256 indexed pid, address indexed who, bytes32 indexed what, uint64 expiry);
    /// @notice Capability `what` on process `pid` was taken from `who` (revoked by the owner or renounced).
    /// @param pid The process.
    /// @param who The account that lost it.
    /// @param what The capability id.
    /// @param revokedBy The process owner (revoked), or `who` (renounced).
    event CapabilityRevoked(uint256 indexed pid, address indexed who, bytes32 indexed what, address revokedBy);

    /// @notice `who` lacks permission `what` on `where`.
    /// @param who The account checked (the caller, or the ERC-2771 sender when relayed).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLUnauthorized(address who, address where, bytes32 what);
    /// @notice `caller` is not the manager of (`where`, `what`); `manager` is.
    /// @param caller The account that tried.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param manager The permission's manager.
    error ACLNotManager(address caller, address where, bytes32 what, address manager);
    /// @notice The permission (`where`, `what`) already exists (has a manager).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param manager Its manager.
    error ACLPermissionExists(address where, bytes32 what, address manager);
    /// @notice The permission (`where`, `what`) does not exist (has no manager).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLPermissionMissing(address where, bytes32 what);
    /// @notice `who` already holds `what` on `where` (until `expiry`).
    /// @param who The grantee.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param expiry The existing grant's expiry, in seconds since epoch (`type(uint64).max` = never).
    error ACLAlreadyGranted(address who, address where, bytes32 what, uint64 expiry);
    /// @notice `who` does not hold `what` on `where`.
    /// @param who The account without the grant.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLNotGranted(address who, address where, bytes32 what);
    /// @notice Root-level permissions (on the kernel or the ACL) cannot be granted to `ANY_ENTITY`.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLWildcardRootPermission(address where, bytes32 what);
    /// @notice `ANY_ENTITY` cannot manage a permission (`where`, `what`): management would be frozen or open to all.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLWildcardManager(address where, bytes32 what);
    /// @notice Root-level permissions cannot expire.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param expiry The expiry refused, in seconds since epoch.
    error ACLExpiringRootPermission(address where, bytes32 what, uint64 expiry);
    /// @notice The last holder of `ROOT_PERMISSION` on the kernel cannot be removed (it would lock the system out).
    /// @param who The last holder.
    /// @param where The kernel.
    /// @param what `ROOT_PERMISSION`.
    error ACLLastHolder(address who, address where, bytes32 what);
    /// @notice The expiry `expiry` is not in the future (now: `nowTime`).
    /// @param expiry The expiry refused, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error ACLExpiryInPast(uint64 expiry, uint64 nowTime);
    /// @notice A zero address was given as the parameter `what` ("who", "where", "manager", "newManager", "root").
    /// @param what The parameter that was zero.
    error ACLZeroAddress(string what);
    /// @notice `caller` does not own process `pid` (`owner` does).
    /// @param pid The process.
    /// @param caller The account that tried.
    /// @param owner The process's owner.
    error ACLNotProcessOwner(uint256 pid, address caller, address owner);
    /// @notice Process `pid` is terminated: its capabilities are void and none can be granted.
    /// @param pid The process.
    error ACLProcessTerminated(uint256 pid);
    /// @notice `who` holds no capability `what` on process `pid`.
    /// @param pid The process.
    /// @param who The account without the grant.
    /// @param what The capability id.
    error ACLCapabilityNotGranted(uint256 pid, address who, bytes32 what);
    /// @notice `who`'s only grants of `what` on `where` are conditional and `condition` (the last one evaluated)
    /// denied: it returned false, reverted, ran out of its gas cap or returned something other than one boolean.
    /// @param condition The denying condition contract.
    /// @param who The account checked.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLConditionDenied(address condition, address who, address where, bytes32 what);
    /// @notice `who`'s only grants of capability `what` on process `pid` are conditional and `condition` denied.
    /// @param pid The process.
    /// @param condition The denying condition contract.
    /// @param who The account checked.
    /// @param what The capability id.
    error ACLCapabilityConditionDenied(uint256 pid, address condition, address who, bytes32 what);
    /// @notice Root-level permissions cannot be conditional (as they cannot be granted to `ANY_ENTITY`): a condition
    /// that starts to deny could lock root out.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    error ACLConditionalRootPermission(address where, bytes32 what);
    /// @notice The condition `condition` is not a contract.
    /// @param condition The address given as a condition.
    error ACLConditionNotContract(address condition);
    /// @notice This ACL build has no balance token (it was built before NYN existed), so it cannot grant with the
    /// built-in balance condition.
    error ACLNoBalanceToken();
    /// @notice A built-in balance condition's minimum must be at least 1 and at most `max` token units.
    /// @param minBalance The minimum given, in token units (NYN-wei).
    /// @param max The largest minimum (2^96 - 1).
    error ACLMinBalanceOutOfRange(uint256 minBalance, uint256 max);

    /// @notice Create permission (`where`, `what`), grant it to `who` (no expiry) and set its `manager`.
    /// @dev Only root (`ROOT_PERMISSION` on the kernel). Reverts with `ACLUnauthorized`, `ACLPermissionExists`,
    /// `ACLZeroAddress`, `ACLWildcardRootPermission`, `KernelPaused`.
    /// @param who The first holder.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param manager The account that alone may grant and revoke it.
    function createPermission(address who, address where, bytes32 what, address manager) external;

    /// @notice Grant `what` on `where` to `who` until `expiry` (seconds; `type(uint64).max` for no expiry).
    /// @dev Only the permission's manager. Reverts with `ACLNotManager`, `ACLPermissionMissing`,
    /// `ACLAlreadyGranted`, `ACLWildcardRootPermission`, `ACLExpiringRootPermission`, `ACLExpiryInPast`,
    /// `ACLZeroAddress`, `KernelPaused`.
    /// @param who The grantee (or `ANY_ENTITY`, except for root-level permissions).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param expiry The grant's expiry, in seconds since epoch, inclusive (`type(uint64).max` = never).
    function grantPermission(address who, address where, bytes32 what, uint64 expiry) external;

    /// @notice Revoke `what` on `where` from `who`.
    /// @dev Only the permission's manager. Reverts with `ACLNotManager`, `ACLNotGranted`, `ACLLastHolder`.
    /// @param who The holder to take it from.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    function revokePermission(address who, address where, bytes32 what) external;

    /// @notice The caller gives up `what` on `where`.
    /// @dev Any holder. Reverts with `ACLNotGranted`, `ACLLastHolder`.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    function renouncePermission(address where, bytes32 what) external;

    /// @notice Hand the management of (`where`, `what`) to `newManager`.
    /// @dev Only the current manager. Reverts with `ACLNotManager`, `ACLPermissionMissing`, `ACLZeroAddress`,
    /// `ACLWildcardManager`.
    /// @param newManager The new manager (not the zero address or `ANY_ENTITY`).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    function setPermissionManager(address newManager, address where, bytes32 what) external;

    /// @notice Whether `who` holds `what` on `where` now (directly or through `ANY_ENTITY`, unexpired; a conditional
    /// grant only while its condition grants: false, never a revert, when it denies — `checkPermission` says why).
    /// @param who The account.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return True if `who` holds the permission now.
    function hasPermission(address who, address where, bytes32 what) external view returns (bool);

    /// @notice The expiry of `who`'s grant of `what` on `where` (0 = none, `type(uint64).max` = never expires).
    /// @param who The grantee.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return The expiry, in seconds since epoch (0 = none, `type(uint64).max` = never).
    function permissionExpiry(address who, address where, bytes32 what) external view returns (uint64);

    /// @notice The manager of (`where`, `what`), or the zero address if the permission was never created.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return The manager, or the zero address.
    function getPermissionManager(address where, bytes32 what) external view returns (address);

    /// @notice How many accounts hold a grant of `what` on `where` (expired grants count until removed).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return The number of holders (expired grants included until removed).
    function permissionHolderCount(address where, bytes32 what) external view returns (uint256);

    /// @notice Holders of `what` on `where`, paginated (order is not stable across revocations).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param offset The first position to return (0-based).
    /// @param limit The most holders to return.
    /// @return holders The holders at positions [offset, offset + limit) (fewer at the end).
    function permissionHolders(
        address where,
        bytes32 what,
        uint256 offset,
        uint256 limit
    ) external view returns (address[] memory holders);

    /// @notice How many permissions `who` holds a grant of (expired grants count until removed).
    /// @param who The account (a wallet, a contract, or `ANY_ENTITY` for the grants to everyone).
    /// @return count The length of `who`'s list in `permissionsOf`.
    function permissionCountOf(address who) external view returns (uint256 count);

    /// @notice Everything `who` may do in the permission table: each (where, what) `who` holds a grant of, with the
    /// grant's expiry, paginated. The index is kept O(1) per grant and revocation (swap-and-pop, so the order is not
    /// stable across revocations). Grants to `ANY_ENTITY` apply to `who` too: list `permissionsOf(ANY_ENTITY, …)`.
    /// @dev Anyone. Idea: "what may this account do" (OpenZeppelin AccessManager enumeration requests,
    /// openzeppelin-contracts #6698). Covers grants made since this index exists (see the README on upgrades).
    /// @param who The account.
    /// @param offset The first position to return (0-based).
    /// @param limit The most entries to return.
    /// @return holdings The grants at positions [offset, offset + limit) of `who`'s list (fewer at its end).
    function permissionsOf(
        address who,
        uint256 offset,
        uint256 limit
    ) external view returns (Holding[] memory holdings);

    /// @notice How many permissions (where, what) were ever created (a permission is never deleted).
    /// @return count The length of the list `permissions` pages through.
    function permissionCount() external view returns (uint256 count);

    /// @notice Every permission the table holds, in creation order, with its manager and holder count, paginated.
    /// @dev Anyone.
    /// @param offset The first position to return (0-based; position 0 is root's `ROOT_PERMISSION` on the kernel).
    /// @param limit The most entries to return.
    /// @return list The permissions at positions [offset, offset + limit) (fewer at the end).
    function permissions(uint256 offset, uint256 limit) external view returns (PermissionInfo[] memory list);

    /// @notice Whether (`where`, `what`) is root-level: `where` is the kernel or the ACL, or root protected it (e.g.
    /// minting, fee and price setters). Root-level permissions cannot be granted to `ANY_ENTITY` and cannot expire;
    /// the last holder of `ROOT_PERMISSION` cannot be removed.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return True if the permission is root-level.
    function isRootLevel(address where, bytes32 what) external view returns (bool);

    /// @notice Make permission (`where`, `what`) root-level for good (one-way): it can no longer be granted to
    /// `ANY_ENTITY` or with an expiry. Existing expiring grants run out as granted.
    /// @dev Only root. Reverts with `ACLUnauthorized`, `ACLPermissionMissing`, `ACLWildcardRootPermission` (a wildcard
    /// grant exists: revoke it first), `ACLConditionalRootPermission` (a conditional grant exists: revoke it first).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    function protectPermission(address where, bytes32 what) external;

    /// @notice The owner of process `pid` grants capability `what` on it to `who` until `expiry`
    /// (`type(uint64).max` = never). Replaces an earlier grant to the same account.
    /// @dev Only the process owner. Reverts with `ACLNotProcessOwner`, `ACLProcessTerminated`, `ACLExpiryInPast`,
    /// `ACLZeroAddress`, `ProcessRegistryUnknownProcess`, `KernelPaused`.
    /// @param pid The process.
    /// @param who The grantee (a wallet, another process's contract, or `ANY_ENTITY`).
    /// @param what The capability id.
    /// @param expiry The grant's expiry, in seconds since epoch, inclusive (`type(uint64).max` = never).
    function grantCapability(uint256 pid, address who, bytes32 what, uint64 expiry) external;

    /// @notice The owner of process `pid` revokes capability `what` from `who`.
    /// @dev Only the process owner. Reverts with `ACLNotProcessOwner`, `ACLCapabilityNotGranted`.
    /// @param pid The process.
    /// @param who The grantee to take it from.
    /// @param what The capability id.
    function revokeCapability(uint256 pid, address who, bytes32 what) external;

    /// @notice The caller gives up capability `what` on process `pid`.
    /// @dev Reverts with `ACLCapabilityNotGranted`.
    /// @param pid The process.
    /// @param what The capability id.
    function renounceCapability(uint256 pid, bytes32 what) external;

    /// @notice Whether `who` may use capability `what` on process `pid` now: `who` owns the process, or holds an
    /// unexpired grant made under the current owner, or such a grant to `ANY_ENTITY` exists (a conditional one only
    /// while its condition grants; the condition sees `where = msg.sender`). A terminated process grants nothing.
    /// @param pid The process.
    /// @param who The account.
    /// @param what The capability id.
    /// @return True if `who` may use the capability now.
    function hasCapability(uint256 pid, address who, bytes32 what) external view returns (bool);

    /// @notice The expiry of `who`'s unconditional grant of `what` on `pid` under the current owner (0 = none; a
    /// conditional grant reads 0 here: see `capabilityCondition`).
    /// @param pid The process.
    /// @param who The grantee.
    /// @param what The capability id.
    /// @return The expiry, in seconds since epoch (0 = none, `type(uint64).max` = never).
    function capabilityExpiry(uint256 pid, address who, bytes32 what) external view returns (uint64);

    /// @notice The expiry of `who`'s unconditional grant of `what` on `pid` made under ownership `generation` (0 =
    /// none, or a conditional grant): the single storage read `KernelProcess` uses once it has the generation from
    /// the registry (it then asks `checkCapabilityAt` for conditional and `ANY_ENTITY` grants).
    /// @param pid The process.
    /// @param generation The ownership generation (from `ProcessRegistry.callContext`).
    /// @param who The grantee.
    /// @param what The capability id.
    /// @return The expiry, in seconds since epoch (0 = none, `type(uint64).max` = never).
    function capabilityExpiryAt(
        uint256 pid,
        uint32 generation,
        address who,
        bytes32 what
    ) external view returns (uint64);

    // ------------------------------------------------------------------ conditions (Aragon OSx IPermissionCondition)

    /// @notice The manager grants `what` on `where` to `who` until `expiry`, valid only while `condition` grants it:
    /// at each check the ACL calls `condition.isGranted(where, who, what, "")` (static, at most `CONDITION_GAS_LIMIT`
    /// gas); a revert, running out of gas, or any answer but `true` denies. `who` may be `ANY_ENTITY`: everyone whom
    /// the condition admits (token-gated access). Emits `PermissionGranted` then `PermissionConditionSet`.
    /// @dev Only the manager of (`where`, `what`). Source: Aragon OSx `PermissionManager.grantWithCondition`.
    /// Reverts with `ACLPermissionMissing`, `ACLNotManager`, `ACLConditionalRootPermission`,
    /// `ACLConditionNotContract`, `ACLZeroAddress`, `ACLExpiryInPast`, `ACLAlreadyGranted`, `KernelPaused`.
    /// @param who The grantee (or `ANY_ENTITY`).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param expiry Seconds since epoch, inclusive (`type(uint64).max` = never).
    /// @param condition The `IPermissionCondition` contract.
    function grantPermissionWithCondition(
        address who,
        address where,
        bytes32 what,
        uint64 expiry,
        address condition
    ) external;

    /// @notice The condition of `who`'s grant of `what` on `where` (`address(0)`: unconditional or no grant).
    /// @param who The grantee.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return condition The condition contract.
    function permissionCondition(address who, address where, bytes32 what) external view returns (address condition);

    /// @notice The manager of (`where`, `what`) grants it to `who` until `expiry`, valid only while the account
    /// checked holds at least `minBalance` of the balance token (NYN): the built-in balance condition, evaluated inside
    /// the ACL from the grant record itself (no condition contract, no extra storage read: under half the gas of
    /// `TokenBalanceCondition`). `permissionCondition` then names the balance token. Emits `PermissionGranted`,
    /// `PermissionConditionSet` (condition: the balance token) and `PermissionMinBalanceSet`.
    /// @dev Only the manager of (`where`, `what`). Source: Aragon OSx `grantWithCondition`, the condition built in.
    /// Reverts with `ACLPermissionMissing`, `ACLNotManager`, `ACLConditionalRootPermission`, `ACLNoBalanceToken`,
    /// `ACLMinBalanceOutOfRange`, `ACLZeroAddress`, `ACLExpiryInPast`, `ACLAlreadyGranted`, `KernelPaused`.
    /// @param who The grantee (or `ANY_ENTITY`).
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @param expiry Seconds since epoch, inclusive (`type(uint64).max` = never).
    /// @param minBalance The least balance admitted, NYN-wei (18 decimals), 1 .. 2^96 - 1.
    function grantPermissionWithMinBalance(
        address who,
        address where,
        bytes32 what,
        uint64 expiry,
        uint256 minBalance
    ) external;

    /// @notice The built-in balance condition's minimum on `who`'s grant of `what` on `where` (0: none).
    /// @param who The grantee.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    /// @return The least balance admitted, NYN-wei.
    function permissionMinBalance(address who, address where, bytes32 what) external view returns (uint256);

    /// @notice The token of the built-in balance condition (NYN), `address(0)` in a build without one.
    /// @return The token.
    function balanceToken() external view returns (address);

    /// @notice As `hasPermission`, but reverts with the reason: returns when `who` may do `what` on `where`; reverts
    /// with `ACLConditionDenied` naming the condition when only conditional grants exist and they deny, and with
    /// `ACLUnauthorized` when no unexpired grant exists. Modules call it after `hasPermission` said no, to explain.
    /// @param who The account.
    /// @param where The contract the permission gates.
    /// @param what The permission id.
    function checkPermission(address who, address where, bytes32 what) external view;

    /// @notice The owner of process `pid` grants capability `what` on it to `who` until `expiry`, valid only while
    /// `condition` grants it: at each check the ACL calls `condition.isGranted(checker, who, what, abi.encode(pid))`
    /// (`checker`: the contract asking, usually the program; static, at most `CONDITION_GAS_LIMIT` gas). `who` may be
    /// `ANY_ENTITY`. Replaces an earlier grant (conditional or not) to the same account. Emits `CapabilityGranted` then
    /// `CapabilityConditionSet`.
    /// @dev Only the process owner. Reverts with `ACLNotProcessOwner`, `ACLProcessTerminated`, `ACLExpiryInPast`,
    /// `ACLZeroAddress`, `ACLConditionNotContract`, `ProcessRegistryUnknownProcess`, `KernelPaused`.
    /// @param pid The process.
    /// @param who The grantee (or `ANY_ENTITY`).
    /// @param what The capability id.
    /// @param expiry Seconds since epoch, inclusive (`type(uint64).max` = never).
    /// @param condition The `IPermissionCondition` contract.
    function grantCapabilityWithCondition(
        uint256 pid,
        address who,
        bytes32 what,
        uint64 expiry,
        address condition
    ) external;

    /// @notice As `grantCapabilityWithCondition`, with the built-in balance condition: valid only while the caller
    /// holds at least `minBalance` of the balance token (NYN), read from the grant word itself (token-gated access at
    /// under half of `TokenBalanceCondition`'s gas). `capabilityCondition` then names the balance token. Emits
    /// `CapabilityGranted`, `CapabilityConditionSet` (condition: the balance token) and `CapabilityMinBalanceSet`.
    /// @dev Only the process owner. Reverts with `ACLNoBalanceToken`, `ACLMinBalanceOutOfRange`, `ACLNotProcessOwner`,
    /// `ACLProcessTerminated`, `ACLExpiryInPast`, `ACLZeroAddress`, `ProcessRegistryUnknownProcess`, `KernelPaused`.
    /// @param pid The process.
    /// @param who The grantee (or `ANY_ENTITY`).
    /// @param what The capability id.
    /// @param expiry Seconds since epoch, inclusive (`type(uint64).max` = never).
    /// @param minBalance The least balance admitted, NYN-wei (18 decimals), 1 .. 2^96 - 1.
    function grantCapabilityWithMinBalance(
        uint256 pid,
        address who,
        bytes32 what,
        uint64 expiry,
        uint256 minBalance
    ) external;

    /// @notice The built-in balance condition's minimum on `who`'s grant of capability `what` on `pid` under the
    /// current owner (0: none).
    /// @param pid The process.
    /// @param who The grantee.
    /// @param what The capability id.
    /// @return The least balance admitted, NYN-wei.
    function capabilityMinBalance(uint256 pid, address who, bytes32 what) external view returns (uint256);

    /// @notice `who`'s conditional grant of `what` on `pid` under the current owner (zeros: none). An unconditional
    /// grant is read with `capabilityExpiry`.
    /// @param pid The process.
    /// @param who The grantee.
    /// @param what The capability id.
    /// @return expiry Seconds since epoch, inclusive (0 = none).
    /// @return condition The condition contract.
    function capabilityCondition(
        uint256 pid,
        address who,
        bytes32 what
    ) external view returns (uint64 expiry, address condition);

    /// @notice The slow path of a capability check, after `capabilityExpiryAt` found no unconditional grant of `who`:
    /// true when `who`'s conditional grant, or a grant to `ANY_ENTITY` (unconditional or conditional), made under
    /// ownership `generation` is unexpired and its condition (if any) grants; false when there is no such grant;
    /// reverts with `ACLCapabilityConditionDenied` naming the condition when such grants exist but deny.
    /// @dev The condition sees `where = msg.sender` (the checking program) and `data = abi.encode(pid)`.
    /// @param pid The process.
    /// @param generation The ownership generation (from `ProcessRegistry.callContext`).
    /// @param who The account.
    /// @param what The capability id.
    /// @return granted Whether a grant admits `who`.
    function checkCapabilityAt(
        uint256 pid,
        uint32 generation,
        address who,
        bytes32 what
    ) external view returns (bool granted);
}
