// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {INameService} from "../interfaces/INameService.sol";
import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {KernelModule} from "./KernelModule.sol";

/// @title NameService
/// @notice The NYN OS name service (see {INameService}): ENS-style names for accounts (`alice.nyn`) and processes
/// (`counter.alice.nyn`), EIP-137 namehash nodes, `addr(node)` forward resolution, EIP-181 primary names.
/// @dev Every entry point is O(1): a label is validated byte by byte, bounded by `MAX_LABEL_LENGTH`; nothing loops
/// over names, accounts or processes. A process name is released lazily: `addr` asks the registry for the process's
/// call context (one call) and resolves only while the process is not terminated and still has the ownership
/// generation it had when named; so a kill or an ownership transfer needs no hook here. Gas: a name is three slots
/// (the hot word — owner or instance, PID, generation —, the parent node, the full name, short names in one slot),
/// plus one slot for the reverse record.
contract NameService is KernelModule, ReentrancyGuardTransient, INameService {
    using SafeERC20 for IERC20;

    /// @notice The shortest label, in bytes.
    uint256 public constant MIN_LABEL_LENGTH = 3;
    /// @notice The longest label, in bytes.
    uint256 public constant MAX_LABEL_LENGTH = 32;
    /// @inheritdoc INameService
    uint256 public constant MAX_FEE = 1_000e18;

    /// @dev One name. Account names: `account` set, `holder` is the owner, `pid` 0. Process names: `holder` is the
    /// instance the name resolves to, `pid` the process, `generation` its ownership generation when named (pid 0 and
    /// holder zero once released). The first slot holds everything `addr` needs (one SLOAD for an account name).
    struct Name {
        address holder;
        uint48 pid;
        uint32 generation;
        bool account;
        bytes32 parent;
        string fullName;
    }

    /// @custom:storage-location erc7201:nyn.storage.NameService
    struct NameServiceStorage {
        bytes32 rootNode;
        string rootName;
        address treasury;
        uint256 fee;
        mapping(bytes32 node => Name) names;
        mapping(bytes32 node => address) pendingOwners;
        mapping(address account => bytes32 node) reverse;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.NameService")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant NAME_SERVICE_STORAGE = 0x012c5c2b58f13b11919ba0d4aa1fde853dd1a9ad6be16b620d49ffdd8a7af700;

    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 private immutable _NYN;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IProcessRegistry private immutable _REGISTRY;

    /// @notice Build the implementation for `kernel_` (whose process registry it binds), with fees paid in `nyn_`.
    /// @dev Reverts with `NameServiceZeroAddress` when the token or the kernel's registry is missing.
    /// @param kernel_ The kernel whose proxy will run this implementation.
    /// @param nyn_ The NYN token (claim fees).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_, IERC20 nyn_) KernelModule(kernel_) {
        address registry_ = kernel_.moduleAddress(KernelIds.PROCESS_REGISTRY);
        if (address(nyn_) == address(0) || registry_ == address(0)) revert NameServiceZeroAddress();
        _NYN = nyn_;
        _REGISTRY = IProcessRegistry(registry_);
    }

    /// @notice Initialise the name service under the root name `rootLabel` (e.g. "nyn"), fees to `treasury_`, fee 0.
    /// @dev Once, by the kernel (through `installModule`). Reverts with `KernelModuleOnlyKernel`,
    /// `NameServiceZeroAddress`, `NameServiceInvalidLabel`, `NameServiceLabelLength`, `InvalidInitialization`.
    /// @param treasury_ Where claim fees go (the timelock).
    /// @param rootLabel The root name.
    function initialize(address treasury_, string calldata rootLabel) external initializer {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
        if (treasury_ == address(0)) revert NameServiceZeroAddress();
        _checkLabel(rootLabel);
        NameServiceStorage storage $ = _s();
        $.treasury = treasury_;
        $.rootName = rootLabel;
        $.rootNode = _child(bytes32(0), rootLabel);
        emit NameFeeChanged(0, 0);
    }

    // ------------------------------------------------------------------ registration

    /// @inheritdoc INameService
    function claim(string calldata label) external whenKernelNotPaused nonReentrant returns (bytes32 node) {
        _checkLabel(label);
        NameServiceStorage storage $ = _s();
        node = _child($.rootNode, label);
        Name storage n = $.names[node];
        if (n.holder != address(0)) revert NameServiceTaken(node, n.holder);
        string memory full = string.concat(label, ".", $.rootName);
        n.holder = msg.sender;
        n.account = true;
        n.parent = $.rootNode;
        n.fullName = full;
        uint256 paid = $.fee;
        emit NameClaimed(node, full, msg.sender, paid);
        emit AddrChanged(node, msg.sender);
        bytes32 primary = $.reverse[msg.sender];
        if (primary == bytes32(0) || _addr(primary) != msg.sender) {
            $.reverse[msg.sender] = node;
            emit ReverseNameSet(msg.sender, node);
        }
        if (paid != 0) _NYN.safeTransferFrom(msg.sender, $.treasury, paid);
    }

    /// @inheritdoc INameService
    function nameProcess(
        bytes32 parent,
        string calldata label,
        uint256 pid
    ) external whenKernelNotPaused returns (bytes32 node) {
        NameServiceStorage storage $ = _s();
        _ownedAccountName(parent);
        (address processOwner, uint32 generation, IProcessRegistry.Status status) = _REGISTRY.callContext(pid);
        if (processOwner != msg.sender) revert NameServiceNotProcessOwner(pid, msg.sender, processOwner);
        if (status == IProcessRegistry.Status.Terminated) revert NameServiceProcessTerminated(pid);
        _checkLabel(label);
        node = _child(parent, label);
        Name storage n = $.names[node];
        if (n.parent != bytes32(0) && _addr(node) != address(0)) revert NameServiceTaken(node, msg.sender);
        address instance = _REGISTRY.instanceOf(pid);
        string memory full = string.concat(label, ".", $.names[parent].fullName);
        n.holder = instance;
        n.pid = uint48(pid); // PIDs are below 2^48 (the registry's counter is a uint48)
        n.generation = generation;
        n.parent = parent;
        n.fullName = full;
        $.reverse[instance] = node;
        emit ProcessNamed(node, full, pid, instance, parent, msg.sender);
        emit AddrChanged(node, instance);
        emit ReverseNameSet(instance, node);
    }

    /// @inheritdoc INameService
    function releaseProcessName(bytes32 node) external {
        Name storage n = _s().names[node];
        bytes32 parent = n.parent;
        if (parent == bytes32(0) || n.account) revert NameServiceNotProcessName(node);
        _ownedAccountName(parent);
        uint256 pid = n.pid;
        n.pid = 0;
        n.holder = address(0);
        emit ProcessNameReleased(node, pid, msg.sender);
        emit AddrChanged(node, address(0));
    }

    /// @inheritdoc INameService
    function transferName(bytes32 node, address to) external whenKernelNotPaused {
        _ownedAccountName(node);
        _s().pendingOwners[node] = to;
        emit NameTransferStarted(node, msg.sender, to);
    }

    /// @inheritdoc INameService
    function acceptName(bytes32 node) external whenKernelNotPaused {
        NameServiceStorage storage $ = _s();
        address pending = $.pendingOwners[node];
        // `msg.sender` is never address(0), so no pending owner (zero) never matches.
        if (pending != msg.sender) revert NameServiceNotPendingOwner(node, msg.sender, pending);
        Name storage n = $.names[node];
        address from = n.holder;
        delete $.pendingOwners[node];
        n.holder = msg.sender;
        emit NameTransferred(node, from, msg.sender);
        emit AddrChanged(node, msg.sender);
    }

    /// @inheritdoc INameService
    function setName(bytes32 node) external whenKernelNotPaused {
        if (node != bytes32(0)) {
            address resolved = _addr(node);
            if (resolved != msg.sender) revert NameServiceNotResolvingToCaller(node, msg.sender, resolved);
        }
        _s().reverse[msg.sender] = node;
        emit ReverseNameSet(msg.sender, node);
    }

    /// @inheritdoc INameService
    function setFee(uint256 newFee) external auth(KernelIds.SET_NAME_FEE_PERMISSION) {
        if (newFee > MAX_FEE) revert NameServiceFeeTooHigh(newFee, MAX_FEE);
        NameServiceStorage storage $ = _s();
        uint256 old = $.fee;
        $.fee = newFee;
        emit NameFeeChanged(old, newFee);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INameService
    function addr(bytes32 node) external view returns (address) {
        return _addr(node);
    }

    /// @inheritdoc INameService
    function owner(bytes32 node) public view returns (address) {
        Name storage n = _s().names[node];
        if (n.account) return n.holder;
        return _addr(node) == address(0) ? address(0) : _s().names[n.parent].holder;
    }

    /// @inheritdoc INameService
    function pidOf(bytes32 node) external view returns (uint256) {
        Name storage n = _s().names[node];
        return n.pid != 0 && _addr(node) != address(0) ? n.pid : 0;
    }

    /// @inheritdoc INameService
    function name(address account) external view returns (string memory) {
        bytes32 node = _s().reverse[account];
        // No reverse record is ever made for address(0): `setName` and `claim` record `msg.sender`, `nameProcess` an
        // instance.
        if (node == bytes32(0) || _addr(node) != account) return "";
        return _s().names[node].fullName;
    }

    /// @inheritdoc INameService
    function record(bytes32 node) external view returns (NameRecord memory r) {
        Name storage n = _s().names[node];
        address resolved = _addr(node);
        r = NameRecord({
            name: n.fullName,
            parent: n.parent,
            owner: owner(node),
            addr: resolved,
            pid: n.pid,
            live: resolved != address(0),
            pendingOwner: _s().pendingOwners[node]
        });
    }

    /// @inheritdoc INameService
    function childNode(bytes32 parent, string calldata label) external pure returns (bytes32) {
        return _child(parent, label);
    }

    /// @inheritdoc INameService
    function rootName() external view returns (string memory) {
        return _s().rootName;
    }

    /// @inheritdoc INameService
    function rootNode() external view returns (bytes32) {
        return _s().rootNode;
    }

    /// @inheritdoc INameService
    function fee() external view returns (uint256) {
        return _s().fee;
    }

    /// @inheritdoc INameService
    function treasury() external view returns (address) {
        return _s().treasury;
    }

    /// @notice ERC-165: this contract answers ERC-165 (0x01ffc9a7) and ENS's `addr(bytes32)` (0x3b3b57de, EIP-137).
    /// @param interfaceId The interface id asked about.
    /// @return Whether it is supported.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == 0x3b3b57de;
    }

    // ------------------------------------------------------------------ internals

    /// @dev What `node` resolves to now (see `addr`).
    function _addr(bytes32 node) private view returns (address) {
        Name storage n = _s().names[node];
        uint256 pid = n.pid;
        if (pid == 0) return n.account ? n.holder : address(0);
        (, uint32 generation, IProcessRegistry.Status status) = _REGISTRY.callContext(pid);
        if (status == IProcessRegistry.Status.Terminated || generation != n.generation) return address(0);
        return n.holder;
    }

    /// @dev Reverts unless `node` is an account name the caller owns.
    function _ownedAccountName(bytes32 node) private view {
        Name storage n = _s().names[node];
        if (!n.account) revert NameServiceNotAccountName(node);
        if (n.holder != msg.sender) revert NameServiceNotNameOwner(node, msg.sender, n.holder);
    }

    /// @dev EIP-137: the node of `label` under `parent`.
    function _child(bytes32 parent, string calldata label) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(parent, keccak256(bytes(label))));
    }

    /// @dev The label rules (see {INameService}): length within bounds, a–z 0–9 and inner hyphens only. One pass over
    /// at most `MAX_LABEL_LENGTH` bytes.
    function _checkLabel(string calldata label) private pure {
        bytes calldata b = bytes(label);
        uint256 length = b.length;
        if (length < MIN_LABEL_LENGTH || length > MAX_LABEL_LENGTH) {
            revert NameServiceLabelLength(label, length, MIN_LABEL_LENGTH, MAX_LABEL_LENGTH);
        }
        for (uint256 i; i < length; ++i) {
            bytes1 c = b[i];
            bool ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c == 0x2d && i != 0 && i != length - 1);
            if (!ok) revert NameServiceInvalidLabel(label, i);
        }
    }

    function _s() private pure returns (NameServiceStorage storage $) {
        assembly {
            $.slot := NAME_SERVICE_STORAGE
        }
    }
}
