// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IACL} from "../interfaces/IACL.sol";
import {IPermissionCondition} from "../interfaces/IPermissionCondition.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {KernelModule} from "./KernelModule.sol";
import {Pagination} from "../libraries/Pagination.sol";
import {PermissionGrant} from "../types/PermissionGrant.sol";
import {CapabilityGrant} from "../types/CapabilityGrant.sol";
import {ConditionalGrant, ConditionalGrantLibrary} from "../types/ConditionalGrant.sol";

/// @title ACL
/// @notice The NYN OS permission table (see {IACL}): (who, where, what) grants with optional expiry, a manager per
/// permission, paginated holder enumeration, guards for root-level permissions, and process-scoped capabilities;
/// any non-root-level grant may carry a condition (Aragon OSx `IPermissionCondition`, e.g. token-gated access).
/// @dev Model: aragonOS ACL (managers, `ANY_ENTITY`), OpenZeppelin AccessControlEnumerable (enumeration),
/// OpenZeppelin AccessManager (expiring grants). Every operation is O(1) in the number of grants. Storage layout and
/// its gas reasons: docs/adr/0004-acl-storage.md.
contract ACL is KernelModule, IACL {
    /// @notice Grant to this address to give a (non-root-level) permission to everyone.
    address public constant ANY_ENTITY = address(type(uint160).max);
    /// @notice The expiry that means "never expires".
    uint64 public constant NO_EXPIRY = type(uint64).max;

    /// @dev One permission (where, what): it exists iff `manager != address(0)`.
    struct Permission {
        address manager;
        bool isProtected; // root-level by root's decision (one-way)
        uint32 holderCount; // holders with a grant record, expired ones included
        uint24 conditionalCount; // of which conditional (root-level permissions have none)
        uint32 id; // 1-based creation number: `refs[id]` is (where, what)
    }

    /// @dev What a permission id stands for.
    struct PermissionRef {
        address where;
        bytes32 what;
    }

    /// @custom:storage-location erc7201:nyn.storage.ACL
    struct ACLStorage {
        mapping(bytes32 grantKey => PermissionGrant) grants; // grantKey = keccak256(who, where, what)
        mapping(bytes32 permissionKey => Permission) permissions; // permissionKey = keccak256(where, what)
        mapping(bytes32 permissionKey => mapping(uint256 index => address holder)) holders; // 0-based
        mapping(bytes32 capabilityKey => CapabilityGrant) capabilities; // keccak256(pid, generation, who, what)
        mapping(uint256 id => PermissionRef) refs; // permission ids, 1-based, in creation order
        uint256 permissionCount; // the last id given
        // Each account's grants as 32-bit permission ids, eight lanes per word: lane 0 of word 0 is the list's length,
        // lane i (i >= 1) the permission at 1-based position i.
        mapping(address who => mapping(uint256 word => uint256 lanes)) accountLanes;
        // Conditions (appended): the condition of each conditional permission grant, and each conditional capability
        // grant as expiry (bits 0-63) | condition (bits 64-223). A conditional capability's `capabilities` word holds
        // 0 as expiry (so an expiry-only check denies) and the conditional flag (see `CapabilityGrant`).
        mapping(bytes32 grantKey => address condition) conditions;
        mapping(bytes32 capabilityKey => ConditionalGrant record) conditionalCapabilities;
    }

    /// @notice The most gas a condition's `isGranted` may use per evaluation; beyond it the condition denies.
    uint256 public constant CONDITION_GAS_LIMIT = 100_000;

    /// @dev The token of the built-in balance condition (see `balanceToken`). An immutable, so a check reads no
    /// storage for it.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    address private immutable _BALANCE_TOKEN;

    /// @dev A grant's state at a check.
    uint256 private constant NONE = 0; // no unexpired grant
    uint256 private constant GRANTED = 1;
    uint256 private constant DENIED = 2; // unexpired, but its condition says no

    /// @dev Width of one lane of `accountLanes`, in bits.
    uint256 private constant LANE_BITS = 32;
    /// @dev Mask of one lane.
    uint256 private constant LANE_MASK = 0xffffffff;

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.ACL")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant ACL_STORAGE = 0x925e0d24409ee56c16c036bdecf1f96f4a2bad0f5f95b236c8c2805f16de0a00;

    /// @notice Build the ACL implementation. The ACL is installed by the kernel's constructor, so it is built before
    /// any kernel exists: it keeps its kernel in storage only (see `_kernel`). The deploy installs a first build with
    /// no balance token, then, once NYN exists, upgrades to a build with `balanceToken = NYN`.
    /// @param balanceToken_ The token of the built-in balance condition (`address(0)`: none).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(address balanceToken_) KernelModule(IKernel(address(0))) {
        _BALANCE_TOKEN = balanceToken_;
    }

    /// @notice Initialise the permission table with `root` holding `ROOT_PERMISSION` on the kernel (the deploying
    /// kernel is `msg.sender`), managed by `root`.
    /// @dev Called once, by the kernel, through the proxy. Reverts with `ACLZeroAddress`, `InvalidInitialization`.
    function initialize(address root) external initializer {
        if (root == address(0)) revert ACLZeroAddress("root");
        __KernelModule_init(IACL(address(this)));
        _create(root, msg.sender, KernelIds.ROOT_PERMISSION, root);
    }

    // ------------------------------------------------------------------ permissions

    /// @inheritdoc IACL
    function createPermission(address who, address where, bytes32 what, address manager) external whenKernelNotPaused {
        _checkRootCaller();
        _create(who, where, what, manager);
    }

    /// @inheritdoc IACL
    function grantPermission(address who, address where, bytes32 what, uint64 expiry) external whenKernelNotPaused {
        _checkManager(where, what);
        _grant(who, where, what, expiry, address(0), 0);
    }

    /// @inheritdoc IACL
    function revokePermission(address who, address where, bytes32 what) external {
        _checkManager(where, what);
        _revoke(who, where, what);
    }

    /// @inheritdoc IACL
    function renouncePermission(address where, bytes32 what) external {
        _revoke(msg.sender, where, what);
    }

    /// @inheritdoc IACL
    function setPermissionManager(address newManager, address where, bytes32 what) external {
        _checkManager(where, what);
        if (newManager == address(0)) revert ACLZeroAddress("newManager");
        if (newManager == ANY_ENTITY) revert ACLWildcardManager(where, what);
        _s().permissions[_permissionKey(where, what)].manager = newManager;
        emit PermissionManagerChanged(where, what, newManager);
    }

    /// @inheritdoc IACL
    function hasPermission(address who, address where, bytes32 what) public view returns (bool) {
        ACLStorage storage $ = _s();
        bytes32 gkey = _grantKey(who, where, what);
        PermissionGrant grant = $.grants[gkey];
        // Inclusive: a grant is valid up to and including its expiry second. An unconditional grant reads one word.
        if (block.timestamp <= grant.expiry()) {
            if (!grant.isConditional()) return true;
            uint256 minimum = grant.minBalance();
            if (
                minimum != 0
                    ? _holdsMinBalance(who, minimum)
                    : _conditionHolds($.conditions[gkey], where, who, what, "")
            ) return true;
        }
        gkey = _grantKey(ANY_ENTITY, where, what);
        grant = $.grants[gkey];
        if (block.timestamp > grant.expiry()) return false;
        if (!grant.isConditional()) return true;
        uint256 minBalance = grant.minBalance();
        return
            minBalance != 0
                ? _holdsMinBalance(who, minBalance)
                : _conditionHolds($.conditions[gkey], where, who, what, "");
    }

    /// @inheritdoc IACL
    function permissionExpiry(address who, address where, bytes32 what) external view returns (uint64) {
        return _s().grants[_grantKey(who, where, what)].expiry();
    }

    /// @inheritdoc IACL
    function getPermissionManager(address where, bytes32 what) external view returns (address) {
        return _s().permissions[_permissionKey(where, what)].manager;
    }

    /// @inheritdoc IACL
    function permissionHolderCount(address where, bytes32 what) external view returns (uint256) {
        return _s().permissions[_permissionKey(where, what)].holderCount;
    }

    /// @inheritdoc IACL
    function permissionHolders(
        address where,
        bytes32 what,
        uint256 offset,
        uint256 limit
    ) external view returns (address[] memory holders) {
        ACLStorage storage $ = _s();
        bytes32 pkey = _permissionKey(where, what);
        mapping(uint256 => address) storage list = $.holders[pkey];
        (uint256 start, uint256 end) = Pagination.window($.permissions[pkey].holderCount, offset, limit);
        holders = new address[](end - start);
        for (uint256 i = start; i < end; ++i) {
            holders[i - start] = list[i];
        }
    }

    /// @inheritdoc IACL
    function permissionCountOf(address who) external view returns (uint256 count) {
        return _s().accountLanes[who][0] & LANE_MASK;
    }

    /// @inheritdoc IACL
    function permissionsOf(
        address who,
        uint256 offset,
        uint256 limit
    ) external view returns (Holding[] memory holdings) {
        ACLStorage storage $ = _s();
        mapping(uint256 => uint256) storage lanes = $.accountLanes[who];
        (uint256 start, uint256 end) = Pagination.window(lanes[0] & LANE_MASK, offset, limit);
        holdings = new Holding[](end - start);
        for (uint256 i = start; i < end; ++i) {
            holdings[i - start] = _holding(who, (lanes[(i + 1) / 8] >> (((i + 1) % 8) * LANE_BITS)) & LANE_MASK);
        }
    }

    /// @inheritdoc IACL
    function permissionCount() external view returns (uint256 count) {
        return _s().permissionCount;
    }

    /// @inheritdoc IACL
    function permissions(uint256 offset, uint256 limit) external view returns (PermissionInfo[] memory list) {
        ACLStorage storage $ = _s();
        (uint256 start, uint256 end) = Pagination.window($.permissionCount, offset, limit);
        list = new PermissionInfo[](end - start);
        for (uint256 i = start; i < end; ++i) {
            PermissionRef storage ref = $.refs[i + 1];
            (address where, bytes32 what) = (ref.where, ref.what);
            Permission storage permission = $.permissions[_permissionKey(where, what)];
            list[i - start] = PermissionInfo(
                where,
                what,
                permission.manager,
                permission.holderCount,
                isRootLevel(where, what)
            );
        }
    }

    /// @inheritdoc IACL
    function isRootLevel(address where, bytes32 what) public view returns (bool) {
        return
            where == address(kernel()) ||
            where == address(this) ||
            _s().permissions[_permissionKey(where, what)].isProtected;
    }

    /// @inheritdoc IACL
    function protectPermission(address where, bytes32 what) external {
        _checkRootCaller();
        ACLStorage storage $ = _s();
        Permission storage permission = $.permissions[_permissionKey(where, what)];
        if (permission.manager == address(0)) revert ACLPermissionMissing(where, what);
        if ($.grants[_grantKey(ANY_ENTITY, where, what)].position() != 0) revert ACLWildcardRootPermission(where, what);
        if (permission.conditionalCount != 0) revert ACLConditionalRootPermission(where, what);
        permission.isProtected = true;
        emit PermissionProtected(where, what);
    }

    // ------------------------------------------------------------------ process-scoped capabilities

    /// @inheritdoc IACL
    function grantCapability(uint256 pid, address who, bytes32 what, uint64 expiry) external whenKernelNotPaused {
        uint32 generation = _capabilityGrantable(pid, who, expiry);
        // The whole word: no condition flag.
        _s().capabilities[_capabilityKey(pid, generation, who, what)] = CapabilityGrant.wrap(expiry);
        emit CapabilityGranted(pid, who, what, expiry);
    }

    /// @inheritdoc IACL
    function revokeCapability(uint256 pid, address who, bytes32 what) external {
        (address owner, uint32 generation, ) = _registry().callContext(pid);
        if (msg.sender != owner) revert ACLNotProcessOwner(pid, msg.sender, owner);
        _removeCapability(pid, generation, who, what);
    }

    /// @inheritdoc IACL
    function renounceCapability(uint256 pid, bytes32 what) external {
        (, uint32 generation, ) = _registry().callContext(pid);
        _removeCapability(pid, generation, msg.sender, what);
    }

    /// @inheritdoc IACL
    function hasCapability(uint256 pid, address who, bytes32 what) external view returns (bool) {
        (address owner, uint32 generation, IProcessRegistry.Status status) = _registry().callContext(pid);
        bool terminated = status == IProcessRegistry.Status.Terminated;
        if (terminated) return false;
        if (who == owner) return true;
        if (block.timestamp <= _s().capabilities[_capabilityKey(pid, generation, who, what)].expiry()) return true;
        (uint256 state, ) = _capabilityFallback(pid, generation, who, what);
        return state == GRANTED;
    }

    /// @inheritdoc IACL
    function capabilityExpiry(uint256 pid, address who, bytes32 what) external view returns (uint64) {
        (, uint32 generation, ) = _registry().callContext(pid);
        return _s().capabilities[_capabilityKey(pid, generation, who, what)].expiry();
    }

    /// @inheritdoc IACL
    function capabilityExpiryAt(
        uint256 pid,
        uint32 generation,
        address who,
        bytes32 what
    ) external view returns (uint64) {
        return _s().capabilities[_capabilityKey(pid, generation, who, what)].expiry();
    }

    // ------------------------------------------------------------------ conditions

    /// @inheritdoc IACL
    function grantPermissionWithCondition(
        address who,
        address where,
        bytes32 what,
        uint64 expiry,
        address condition
    ) external whenKernelNotPaused {
        _checkManager(where, what);
        if (isRootLevel(where, what)) revert ACLConditionalRootPermission(where, what);
        if (condition.code.length == 0) revert ACLConditionNotContract(condition);
        _grant(who, where, what, expiry, condition, 0);
    }

    /// @inheritdoc IACL
    function grantPermissionWithMinBalance(
        address who,
        address where,
        bytes32 what,
        uint64 expiry,
        uint256 minBalance
    ) external whenKernelNotPaused {
        _checkManager(where, what);
        if (isRootLevel(where, what)) revert ACLConditionalRootPermission(where, what);
        address token = _checkMinBalance(minBalance);
        _grant(who, where, what, expiry, token, minBalance);
    }

    /// @inheritdoc IACL
    function permissionMinBalance(address who, address where, bytes32 what) external view returns (uint256) {
        return _s().grants[_grantKey(who, where, what)].minBalance();
    }

    /// @inheritdoc IACL
    function balanceToken() external view returns (address) {
        return _BALANCE_TOKEN;
    }

    /// @inheritdoc IACL
    function permissionCondition(address who, address where, bytes32 what) external view returns (address condition) {
        return _s().conditions[_grantKey(who, where, what)];
    }

    /// @inheritdoc IACL
    function checkPermission(address who, address where, bytes32 what) external view {
        (uint256 state, address condition) = _permissionState(who, who, where, what);
        if (state == GRANTED) return;
        (uint256 anyState, address anyCondition) = _permissionState(ANY_ENTITY, who, where, what);
        if (anyState == GRANTED) return;
        if (anyState == DENIED) revert ACLConditionDenied(anyCondition, who, where, what);
        if (state == DENIED) revert ACLConditionDenied(condition, who, where, what);
        revert ACLUnauthorized(who, where, what);
    }

    /// @inheritdoc IACL
    function grantCapabilityWithCondition(
        uint256 pid,
        address who,
        bytes32 what,
        uint64 expiry,
        address condition
    ) external whenKernelNotPaused {
        if (condition.code.length == 0) revert ACLConditionNotContract(condition);
        uint32 generation = _capabilityGrantable(pid, who, expiry);
        bytes32 ckey = _capabilityKey(pid, generation, who, what);
        _s().capabilities[ckey] = CapabilityGrant.wrap(0).withConditional(true); // expiry 0: expiry-only checks deny
        _s().conditionalCapabilities[ckey] = ConditionalGrantLibrary.pack(expiry, condition);
        emit CapabilityGranted(pid, who, what, expiry);
        emit CapabilityConditionSet(pid, who, what, condition);
    }

    /// @inheritdoc IACL
    function grantCapabilityWithMinBalance(
        uint256 pid,
        address who,
        bytes32 what,
        uint64 expiry,
        uint256 minBalance
    ) external whenKernelNotPaused {
        address token = _checkMinBalance(minBalance);
        uint32 generation = _capabilityGrantable(pid, who, expiry);
        bytes32 ckey = _capabilityKey(pid, generation, who, what);
        // Expiry 0 in the low bits (an expiry-only check denies); the check reads expiry and minimum from this word.
        // `minBalance` < 2^96: checked by `_checkMinBalance`.
        _s().capabilities[ckey] = CapabilityGrant
            .wrap(0)
            .withConditional(true)
            .withConditionalExpiry(expiry)
            .withMinBalance(uint96(minBalance));
        _s().conditionalCapabilities[ckey] = ConditionalGrantLibrary.pack(expiry, token); // for the views
        emit CapabilityGranted(pid, who, what, expiry);
        emit CapabilityConditionSet(pid, who, what, token);
        emit CapabilityMinBalanceSet(pid, who, what, minBalance);
    }

    /// @inheritdoc IACL
    function capabilityMinBalance(uint256 pid, address who, bytes32 what) external view returns (uint256) {
        (, uint32 generation, ) = _registry().callContext(pid);
        CapabilityGrant grant = _s().capabilities[_capabilityKey(pid, generation, who, what)];
        return grant.isConditional() ? grant.minBalance() : 0;
    }

    /// @inheritdoc IACL
    function capabilityCondition(
        uint256 pid,
        address who,
        bytes32 what
    ) external view returns (uint64 expiry, address condition) {
        (, uint32 generation, ) = _registry().callContext(pid);
        return _conditionalCapability(_capabilityKey(pid, generation, who, what));
    }

    /// @inheritdoc IACL
    function checkCapabilityAt(
        uint256 pid,
        uint32 generation,
        address who,
        bytes32 what
    ) external view returns (bool granted) {
        (uint256 state, address condition) = _capabilityFallback(pid, generation, who, what);
        if (state == DENIED) revert ACLCapabilityConditionDenied(pid, condition, who, what);
        return state == GRANTED;
    }

    // ------------------------------------------------------------------ internals

    /// @dev The checks of a capability grant; returns the process's ownership generation.
    function _capabilityGrantable(uint256 pid, address who, uint64 expiry) private view returns (uint32 generation) {
        if (who == address(0)) revert ACLZeroAddress("who");
        if (expiry <= block.timestamp) revert ACLExpiryInPast(expiry, uint64(block.timestamp));
        address owner;
        IProcessRegistry.Status status;
        (owner, generation, status) = _registry().callContext(pid);
        bool terminated = status == IProcessRegistry.Status.Terminated;
        if (msg.sender != owner) revert ACLNotProcessOwner(pid, msg.sender, owner);
        if (terminated) revert ACLProcessTerminated(pid);
    }

    /// @dev A capability check past `who`'s unconditional grant: `who`'s conditional grant, then `ANY_ENTITY`'s
    /// unconditional and conditional grants. GRANTED, NONE, or DENIED with the last denying condition.
    function _capabilityFallback(
        uint256 pid,
        uint32 generation,
        address who,
        bytes32 what
    ) private view returns (uint256 state, address condition) {
        bytes memory data = abi.encode(pid);
        state = _capabilityState(_capabilityKey(pid, generation, who, what), who, what, data, false);
        if (state == GRANTED) return (GRANTED, address(0));
        if (state == DENIED) (, condition) = _conditionalCapability(_capabilityKey(pid, generation, who, what));
        uint256 anyState = _capabilityState(_capabilityKey(pid, generation, ANY_ENTITY, what), who, what, data, true);
        if (anyState == GRANTED) return (GRANTED, address(0));
        if (anyState == DENIED) {
            (, condition) = _conditionalCapability(_capabilityKey(pid, generation, ANY_ENTITY, what));
            return (DENIED, condition);
        }
    }

    /// @dev The state of capability grant `ckey` when `who` asks; `unconditionalToo`: an unconditional grant counts
    /// (for `who`'s own key the caller already read it).
    function _capabilityState(
        bytes32 ckey,
        address who,
        bytes32 what,
        bytes memory data,
        bool unconditionalToo
    ) private view returns (uint256 state) {
        CapabilityGrant grant = _s().capabilities[ckey];
        if (!grant.isConditional()) {
            return unconditionalToo && block.timestamp <= grant.expiry() ? GRANTED : NONE;
        }
        uint256 minBalance = grant.minBalance();
        if (minBalance != 0) {
            // The built-in balance condition: expiry and minimum in this word, the token an immutable.
            if (block.timestamp > grant.conditionalExpiry()) return NONE;
            return _holdsMinBalance(who, minBalance) ? GRANTED : DENIED;
        }
        (uint64 expiry, address condition) = _conditionalCapability(ckey);
        if (block.timestamp > expiry) return NONE;
        return _conditionHolds(condition, msg.sender, who, what, data) ? GRANTED : DENIED;
    }

    /// @dev The conditional grant behind capability key `ckey` (zeros unless its word carries the flag).
    function _conditionalCapability(bytes32 ckey) private view returns (uint64 expiry, address condition) {
        if (!_s().capabilities[ckey].isConditional()) return (0, address(0));
        ConditionalGrant record = _s().conditionalCapabilities[ckey];
        return (record.expiry(), record.condition());
    }

    function _create(address who, address where, bytes32 what, address manager) private {
        if (who == address(0)) revert ACLZeroAddress("who");
        if (where == address(0)) revert ACLZeroAddress("where");
        if (manager == address(0)) revert ACLZeroAddress("manager");
        Permission storage permission = _s().permissions[_permissionKey(where, what)];
        address existing = permission.manager;
        if (existing != address(0)) revert ACLPermissionExists(where, what, existing);
        ACLStorage storage $ = _s();
        uint256 id = $.permissionCount + 1; // < 2^32: each creation is a root decision (a vote)
        $.permissionCount = id;
        $.refs[id] = PermissionRef(where, what);
        permission.manager = manager;
        permission.id = uint32(id);
        emit PermissionCreated(who, where, what, manager);
        emit PermissionManagerChanged(where, what, manager);
        _grant(who, where, what, NO_EXPIRY, address(0), 0);
    }

    /// @dev `minBalance` non-zero: the built-in balance condition (then `condition` is the balance token).
    function _grant(
        address who,
        address where,
        bytes32 what,
        uint64 expiry,
        address condition,
        uint256 minBalance
    ) private {
        if (who == address(0)) revert ACLZeroAddress("who");
        if (isRootLevel(where, what)) {
            if (who == ANY_ENTITY) revert ACLWildcardRootPermission(where, what);
            if (expiry != NO_EXPIRY) revert ACLExpiringRootPermission(where, what, expiry);
        }
        if (expiry <= block.timestamp) revert ACLExpiryInPast(expiry, uint64(block.timestamp));
        ACLStorage storage $ = _s();
        bytes32 gkey = _grantKey(who, where, what);
        PermissionGrant grant = $.grants[gkey]; // the whole record: one read, one write
        uint64 current = grant.expiry();
        if (block.timestamp <= current) revert ACLAlreadyGranted(who, where, what, current);
        // Positions kept (an expired grant being renewed keeps both); the expiry replaced below.
        if (grant.position() == 0) grant = _appendHolder(grant, who, where, what);
        bool wasConditional = grant.isConditional();
        if (condition != address(0) || wasConditional) {
            _setCondition(gkey, where, what, condition, wasConditional);
            // `minBalance` < 2^96: checked by `_checkMinBalance` (0 for a condition contract).
            grant = grant.withConditional(condition != address(0)).withMinBalance(uint96(minBalance));
        }
        $.grants[gkey] = grant.withExpiry(expiry);
        emit PermissionGranted(who, where, what, expiry, msg.sender);
        if (condition != address(0)) emit PermissionConditionSet(who, where, what, condition);
        if (minBalance != 0) emit PermissionMinBalanceSet(who, where, what, minBalance);
    }

    /// @dev A new holder: append `who` to the permission's list and the permission to `who`'s list; returns `grant`
    /// with both 1-based positions.
    function _appendHolder(
        PermissionGrant grant,
        address who,
        address where,
        bytes32 what
    ) private returns (PermissionGrant) {
        ACLStorage storage $ = _s();
        bytes32 pkey = _permissionKey(where, what);
        Permission storage permission = $.permissions[pkey];
        uint256 count = permission.holderCount;
        $.holders[pkey][count] = who;
        // Cannot overflow: 2^32 holders, or 2^32 grants of one account, would cost far more gas than exists.
        unchecked {
            permission.holderCount = uint32(count + 1);
            return
                grant.withPosition(uint32(count + 1)).withAccountPosition(
                    uint32(_appendLane($.accountLanes[who], permission.id))
                );
        }
    }

    /// @dev Record grant `gkey`'s new condition (`address(0)`: none) and keep the permission's conditional count.
    function _setCondition(bytes32 gkey, address where, bytes32 what, address condition, bool wasConditional) private {
        ACLStorage storage $ = _s();
        $.conditions[gkey] = condition;
        bool isConditional = condition != address(0);
        if (isConditional == wasConditional) return;
        Permission storage permission = $.permissions[_permissionKey(where, what)];
        // Cannot overflow: 2^24 conditional grants of one permission cost far more gas than exists; cannot
        // underflow: the grant being replaced was counted.
        unchecked {
            permission.conditionalCount =
                isConditional ? permission.conditionalCount + 1 : permission.conditionalCount - 1;
        }
    }

    /// @dev The state of `grantee`'s grant of (`where`, `what`) when `who` asks: NONE, GRANTED or DENIED (by the
    /// returned condition). `grantee` is `who` or `ANY_ENTITY`.
    function _permissionState(
        address grantee,
        address who,
        address where,
        bytes32 what
    ) private view returns (uint256 state, address condition) {
        bytes32 gkey = _grantKey(grantee, where, what);
        PermissionGrant grant = _s().grants[gkey];
        // Inclusive: a grant is valid up to and including its expiry second.
        if (block.timestamp > grant.expiry()) return (NONE, address(0));
        if (!grant.isConditional()) return (GRANTED, address(0));
        state = _grantConditionHolds(gkey, grant, where, who, what) ? GRANTED : DENIED;
        if (state == DENIED) condition = _s().conditions[gkey];
    }

    /// @dev Whether the condition of conditional grant `gkey` (record `grant`) admits `who`: the built-in balance
    /// condition read from the record itself, else the condition contract.
    function _grantConditionHolds(
        bytes32 gkey,
        PermissionGrant grant,
        address where,
        address who,
        bytes32 what
    ) private view returns (bool) {
        uint256 minBalance = grant.minBalance();
        if (minBalance != 0) return _holdsMinBalance(who, minBalance);
        return _conditionHolds(_s().conditions[gkey], where, who, what, "");
    }

    /// @dev The built-in condition: `who` holds at least `minBalance` of the balance token (its `balanceOf`, static, at
    /// most `CONDITION_GAS_LIMIT` gas; a failed call denies). As `TokenBalanceCondition`, without a call to it.
    function _holdsMinBalance(address who, uint256 minBalance) private view returns (bool holds) {
        address token = _BALANCE_TOKEN;
        assembly ("memory-safe") {
            mstore(0x00, 0x70a08231) // balanceOf(address), its selector in bytes 28-31
            mstore(0x20, who)
            let ok := staticcall(CONDITION_GAS_LIMIT, token, 0x1c, 0x24, 0x00, 0x20)
            holds := and(and(ok, gt(returndatasize(), 0x1f)), iszero(lt(mload(0x00), minBalance)))
        }
    }

    /// @dev A built-in condition's minimum is valid (1 .. 2^96 - 1 token units) and this build has its token.
    function _checkMinBalance(uint256 minBalance) private view returns (address token) {
        token = _BALANCE_TOKEN;
        if (token == address(0)) revert ACLNoBalanceToken();
        if (minBalance == 0 || minBalance > type(uint96).max) {
            revert ACLMinBalanceOutOfRange(minBalance, type(uint96).max);
        }
    }

    /// @dev Ask `condition` (static call, at most `CONDITION_GAS_LIMIT` gas, at most 32 bytes of answer copied):
    /// true only for a successful call answering exactly one word equal to 1 (`true`).
    function _conditionHolds(
        address condition,
        address where,
        address who,
        bytes32 what,
        bytes memory data
    ) private view returns (bool holds) {
        bytes memory callData = abi.encodeCall(IPermissionCondition.isGranted, (where, who, what, data));
        assembly ("memory-safe") {
            let ok := staticcall(CONDITION_GAS_LIMIT, condition, add(callData, 32), mload(callData), 0, 0)
            if and(ok, eq(returndatasize(), 32)) {
                returndatacopy(0, 0, 32) // scratch space
                holds := eq(mload(0), 1)
            }
        }
    }

    function _revoke(address who, address where, bytes32 what) private {
        bytes32 gkey = _grantKey(who, where, what);
        PermissionGrant grant = _s().grants[gkey];
        uint256 position = grant.position();
        if (position == 0) revert ACLNotGranted(who, where, what);
        bool conditional = grant.isConditional();
        _removeHolder(who, where, what, position, conditional);
        _s().grants[gkey] = PermissionGrant.wrap(0);
        if (conditional) delete _s().conditions[gkey];
        _removeLane(who, grant.accountPosition());
        emit PermissionRevoked(who, where, what, msg.sender);
    }

    /// @dev Take `who` (at 1-based `position`) out of the holder list of (`where`, `what`).
    function _removeHolder(address who, address where, bytes32 what, uint256 position, bool conditional) private {
        ACLStorage storage $ = _s();
        bytes32 pkey = _permissionKey(where, what);
        Permission storage permission = $.permissions[pkey];
        uint256 count = permission.holderCount;
        if (where == address(kernel()) && what == KernelIds.ROOT_PERMISSION && count == 1) {
            revert ACLLastHolder(who, where, what);
        }
        // Swap-and-pop, as EnumerableSet.remove: the last holder takes the removed one's place.
        mapping(uint256 => address) storage list = $.holders[pkey];
        // Cannot underflow: position >= 1 and count >= position (the grant is in the list).
        unchecked {
            if (position != count) {
                address last = list[count - 1];
                list[position - 1] = last;
                bytes32 lastKey = _grantKey(last, where, what);
                $.grants[lastKey] = $.grants[lastKey].withPosition(uint32(position));
            }
            delete list[count - 1];
            permission.holderCount = uint32(count - 1);
            if (conditional) --permission.conditionalCount; // counted at the grant
        }
    }

    /// @dev `who`'s grant of permission `id` (lane i + 1 holds the id at 0-based position i: lane 0 is the length).
    function _holding(address who, uint256 id) private view returns (Holding memory) {
        PermissionRef storage ref = _s().refs[id];
        (address where, bytes32 what) = (ref.where, ref.what);
        bytes32 gkey = _grantKey(who, where, what);
        return Holding(where, what, _s().grants[gkey].expiry(), _s().conditions[gkey]);
    }

    /// @dev Append `id` to an account's lanes; returns its 1-based position.
    function _appendLane(mapping(uint256 => uint256) storage lanes, uint256 id) private returns (uint256 position) {
        uint256 head = lanes[0];
        // Cannot overflow: an account's grants are far fewer than 2^32 (each costs a storage write).
        unchecked {
            position = (head & LANE_MASK) + 1;
        }
        head = (head & ~LANE_MASK) | position;
        uint256 shift = (position % 8) * LANE_BITS;
        if (position < 8) {
            lanes[0] = head | (id << shift); // the length and the entry share the word
        } else {
            lanes[0] = head;
            uint256 w = position / 8;
            lanes[w] = (lanes[w] & ~(LANE_MASK << shift)) | (id << shift);
        }
    }

    /// @dev Remove position `position` from `who`'s lanes, swap-and-pop: the last entry takes its place and its grant
    /// record learns its new position.
    function _removeLane(address who, uint256 position) private {
        ACLStorage storage $ = _s();
        mapping(uint256 => uint256) storage lanes = $.accountLanes[who];
        uint256 last = lanes[0] & LANE_MASK; // >= position >= 1: the removed grant is in the list
        uint256 lastShift = (last % 8) * LANE_BITS;
        uint256 lastWord = lanes[last / 8];
        if (position != last) {
            uint256 movedId = (lastWord >> lastShift) & LANE_MASK;
            uint256 shift = (position % 8) * LANE_BITS;
            uint256 w = position / 8;
            uint256 word = w == last / 8 ? lastWord : lanes[w];
            word = (word & ~(LANE_MASK << shift)) | (movedId << shift);
            if (w == last / 8) lastWord = word;
            else lanes[w] = word;
            PermissionRef storage moved = $.refs[movedId];
            bytes32 movedKey = _grantKey(who, moved.where, moved.what);
            $.grants[movedKey] = $.grants[movedKey].withAccountPosition(uint32(position));
        }
        lastWord &= ~(LANE_MASK << lastShift);
        // Cannot underflow: last >= 1. The length lives in lane 0 of word 0.
        unchecked {
            if (last / 8 == 0) {
                lanes[0] = (lastWord & ~LANE_MASK) | (last - 1);
            } else {
                lanes[last / 8] = lastWord;
                uint256 head = lanes[0];
                lanes[0] = (head & ~LANE_MASK) | (last - 1);
            }
        }
    }

    function _removeCapability(uint256 pid, uint32 generation, address who, bytes32 what) private {
        bytes32 ckey = _capabilityKey(pid, generation, who, what);
        if (CapabilityGrant.unwrap(_s().capabilities[ckey]) == 0) revert ACLCapabilityNotGranted(pid, who, what);
        // The whole word: the conditional record (if any) goes inert with its flag.
        _s().capabilities[ckey] = CapabilityGrant.wrap(0);
        emit CapabilityRevoked(pid, who, what, msg.sender);
    }

    function _checkRootCaller() private view {
        if (!hasPermission(msg.sender, address(kernel()), KernelIds.ROOT_PERMISSION)) {
            revert ACLUnauthorized(msg.sender, address(kernel()), KernelIds.ROOT_PERMISSION);
        }
    }

    function _checkManager(address where, bytes32 what) private view {
        address manager = _s().permissions[_permissionKey(where, what)].manager;
        if (manager == address(0)) revert ACLPermissionMissing(where, what);
        if (msg.sender != manager) revert ACLNotManager(msg.sender, where, what, manager);
    }

    /// @dev The ACL has no kernel immutable (see the constructor): the kernel that ran its initializer.
    function _kernel() internal view override returns (IKernel) {
        return kernel();
    }

    /// @dev The ACL is its own ACL.
    function _acl() internal view override returns (IACL) {
        return IACL(address(this));
    }

    function _registry() private view returns (IProcessRegistry) {
        return IProcessRegistry(kernel().moduleAddress(KernelIds.PROCESS_REGISTRY));
    }

    function _grantKey(address who, address where, bytes32 what) private pure returns (bytes32) {
        return keccak256(abi.encode(who, where, what));
    }

    function _permissionKey(address where, bytes32 what) private pure returns (bytes32) {
        return keccak256(abi.encode(where, what));
    }

    function _capabilityKey(uint256 pid, uint32 generation, address who, bytes32 what) private pure returns (bytes32) {
        return keccak256(abi.encode(pid, generation, who, what));
    }

    function _s() private pure returns (ACLStorage storage $) {
        assembly {
            $.slot := ACL_STORAGE
        }
    }
}
