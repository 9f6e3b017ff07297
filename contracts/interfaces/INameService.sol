// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INameService
/// @notice Human-readable names for NYN OS accounts and processes, ENS-style, under one root name (`nyn`).
/// An account claims `alice.nyn` (first come, first served, for an optional governed NYN fee paid to the treasury);
/// the owner of `alice.nyn` names a process it owns under it (`counter.alice.nyn`). Nodes are EIP-137 namehashes
/// (`node(label.parent) = keccak256(node(parent), keccak256(label))`), forward resolution is ENS's `addr(node)`
/// (EIP-137, interface id 0x3b3b57de), and reverse resolution follows EIP-181's primary-name rule: the name an
/// address chose (`setName`) counts only while its forward record resolves back to that address.
/// @dev Labels: 3 to 32 bytes of lowercase a–z, 0–9 and hyphen, not starting or ending with a hyphen (the DNS LDH
/// rule; a subset of ENS's UTS-46 normalisation, so every name here is already normalised for ENS tools).
/// A process name lives only as long as the naming: it resolves while the process is not terminated and has the
/// owner (ownership generation) it had when named; afterwards it resolves to nothing and the parent name's owner may
/// give it again (release is lazy: no hook in the registry, no loop).
interface INameService {
    /// @notice Everything about one name, in one call (see {record}).
    struct NameRecord {
        string name; // the full name ("counter.alice.nyn"), empty when the node was never registered
        bytes32 parent; // the parent node (the root node for an account name)
        address owner; // who controls the name now (zero when free or released)
        address addr; // what `addr(node)` resolves to now (zero when free or released)
        uint256 pid; // the named process (0 for an account name)
        bool live; // whether the name currently resolves
        address pendingOwner; // an account name's proposed new owner (zero when none)
    }

    // ------------------------------------------------------------------ events

    /// @notice `owner` claimed the account name `name` (node `node`) and paid `fee` NYN-wei to the treasury.
    /// @param node The name's node (EIP-137 namehash).
    /// @param name The full name (e.g. "alice.nyn").
    /// @param owner The claimer, now its owner.
    /// @param fee The fee paid to the treasury, in NYN-wei.
    event NameClaimed(bytes32 indexed node, string name, address indexed owner, uint256 fee);
    /// @notice `by` (the owner of parent name `parent`) named process `pid` (instance `instance`) `name` (node `node`).
    /// @param node The process name's node (EIP-137 namehash).
    /// @param name The full name (e.g. "counter.alice.nyn").
    /// @param pid The process named.
    /// @param instance The process's contract, what the name resolves to.
    /// @param parent The parent (account) name's node.
    /// @param by The parent name's owner, who named it.
    event ProcessNamed(
        bytes32 indexed node,
        string name,
        uint256 indexed pid,
        address instance,
        bytes32 indexed parent,
        address by
    );
    /// @notice `by` (the parent name's owner) released the process name `node`, which named process `pid`.
    /// @param node The process name's node.
    /// @param pid The process it named.
    /// @param by The parent name's owner.
    event ProcessNameReleased(bytes32 indexed node, uint256 indexed pid, address indexed by);
    /// @notice ENS resolver event (EIP-137): the address `node` resolves to is now `a`.
    /// @param node The name's node (EIP-137 namehash).
    /// @param a The address it resolves to now (zero: nothing).
    event AddrChanged(bytes32 indexed node, address a);
    /// @notice The owner `from` of account name `node` proposed `to` as its new owner (zero: proposal withdrawn).
    /// @param node The account name's node.
    /// @param from Its owner.
    /// @param to The proposed new owner (zero: proposal withdrawn).
    event NameTransferStarted(bytes32 indexed node, address indexed from, address indexed to);
    /// @notice The account name `node` passed from `from` to `to` (who accepted it).
    /// @param node The account name's node.
    /// @param from The owner before.
    /// @param to The owner now.
    event NameTransferred(bytes32 indexed node, address indexed from, address indexed to);
    /// @notice `account` chose `node` as its primary name (EIP-181 reverse record; zero node: cleared).
    /// @param account The account.
    /// @param node Its primary name's node (zero: cleared).
    event ReverseNameSet(address indexed account, bytes32 indexed node);
    /// @notice Governance changed the claim fee from `oldFee` to `newFee` NYN-wei.
    /// @param oldFee The claim fee before, in NYN-wei.
    /// @param newFee The claim fee now, in NYN-wei.
    event NameFeeChanged(uint256 oldFee, uint256 newFee);

    // ------------------------------------------------------------------ errors

    /// @notice `label` has a forbidden byte at `position` (0-based): only a–z, 0–9 and inner hyphens are allowed.
    /// @param label The label refused.
    /// @param position The index of the first forbidden byte (0-based).
    error NameServiceInvalidLabel(string label, uint256 position);
    /// @notice `label` is `length` bytes long; labels are `min` to `max` bytes.
    /// @param label The label refused.
    /// @param length Its length, in bytes.
    /// @param min The shortest label, in bytes (3).
    /// @param max The longest label, in bytes (32).
    error NameServiceLabelLength(string label, uint256 length, uint256 min, uint256 max);
    /// @notice The name `node` is taken by `owner` (and, for a process name, still resolves).
    /// @param node The name's node.
    /// @param owner Its current owner.
    error NameServiceTaken(bytes32 node, address owner);
    /// @notice `caller` does not own the name `node` (owned by `owner`).
    /// @param node The name's node.
    /// @param caller The account that tried.
    /// @param owner The name's owner.
    error NameServiceNotNameOwner(bytes32 node, address caller, address owner);
    /// @notice `node` is not an account name (processes are named only under account names).
    /// @param node The node given as parent.
    error NameServiceNotAccountName(bytes32 node);
    /// @notice `node` is not a registered process name.
    /// @param node The node given.
    error NameServiceNotProcessName(bytes32 node);
    /// @notice `caller` does not own process `pid` (owned by `owner`).
    /// @param pid The process.
    /// @param caller The account that tried to name it.
    /// @param owner The process's owner.
    error NameServiceNotProcessOwner(uint256 pid, address caller, address owner);
    /// @notice Process `pid` is terminated: it cannot be named.
    /// @param pid The process.
    error NameServiceProcessTerminated(uint256 pid);
    /// @notice `caller` is not the proposed new owner `pending` of name `node`.
    /// @param node The account name's node.
    /// @param caller The account that tried to accept it.
    /// @param pending The proposed new owner (zero when none).
    error NameServiceNotPendingOwner(bytes32 node, address caller, address pending);
    /// @notice The name `node` resolves to `resolved`, not to `caller`: it cannot be the caller's primary name.
    /// @param node The name's node.
    /// @param caller The account that tried to make it its primary name.
    /// @param resolved What the name resolves to now (zero when nothing).
    error NameServiceNotResolvingToCaller(bytes32 node, address caller, address resolved);
    /// @notice A claim fee of `fee` NYN-wei is above the cap `max`.
    /// @param fee The claim fee refused, in NYN-wei.
    /// @param max The cap `MAX_FEE`, in NYN-wei.
    error NameServiceFeeTooHigh(uint256 fee, uint256 max);
    /// @notice A required address (token, treasury or registry) is zero.
    error NameServiceZeroAddress();

    // ------------------------------------------------------------------ registration

    /// @notice Claim the account name `label.<root>` for the caller, first come, first served; the caller pays the
    /// claim fee (NYN-wei, `fee()`, 0 by default; approve it first) to the treasury. The caller's first name becomes
    /// its primary (reverse) name when it has none that resolves.
    /// @dev Anyone, while the kernel is not paused. Reverts with `NameServiceInvalidLabel`, `NameServiceLabelLength`,
    /// `NameServiceTaken`, `KernelPaused`, or the token's error when the fee cannot be paid.
    /// @param label The label (3–32 bytes, a–z 0–9 and inner hyphens).
    /// @return node The EIP-137 namehash of `label.<root>`.
    function claim(string calldata label) external returns (bytes32 node);

    /// @notice Name process `pid` `label.<parent name>`: `addr` of the new name resolves to the process's instance, and
    /// the instance's reverse record points to the name.
    /// @dev The caller must own the account name `parent` and the process, which must not be terminated, while the
    /// kernel is not paused. A name whose process was killed or changed owner is free again for the parent's owner.
    /// Reverts with `NameServiceNotAccountName`, `NameServiceNotNameOwner`, `NameServiceNotProcessOwner`,
    /// `NameServiceProcessTerminated`, `NameServiceInvalidLabel`, `NameServiceLabelLength`, `NameServiceTaken`,
    /// `ProcessRegistryUnknownProcess`, `KernelPaused`.
    /// @param parent The node of an account name the caller owns.
    /// @param label The label (3–32 bytes, a–z 0–9 and inner hyphens).
    /// @param pid The process to name (owned by the caller).
    /// @return node The EIP-137 namehash of `label.<parent name>`.
    function nameProcess(bytes32 parent, string calldata label, uint256 pid) external returns (bytes32 node);

    /// @notice Release the process name `node` now (it stops resolving; the label is free under its parent again).
    /// @dev The owner of the parent name only. Reverts with `NameServiceNotProcessName`, `NameServiceNotNameOwner`.
    /// @param node The process name's node.
    function releaseProcessName(bytes32 node) external;

    /// @notice Propose `to` as the new owner of the account name `node` (two steps, like OpenZeppelin Ownable2Step:
    /// the name moves only when `to` accepts; zero withdraws the proposal).
    /// @dev The name's owner only, while the kernel is not paused. Reverts with `NameServiceNotAccountName`,
    /// `NameServiceNotNameOwner`, `KernelPaused`.
    /// @param node The account name's node.
    /// @param to The proposed new owner (zero: withdraw).
    function transferName(bytes32 node, address to) external;

    /// @notice Accept the account name `node` proposed to the caller: the caller owns it and `addr(node)` resolves to
    /// the caller (the previous owner's reverse record no longer counts; its process names now belong to the caller).
    /// @dev The proposed owner only, while the kernel is not paused. Reverts with `NameServiceNotPendingOwner`,
    /// `KernelPaused`.
    /// @param node The account name's node.
    function acceptName(bytes32 node) external;

    /// @notice Choose `node` as the caller's primary name (EIP-181 reverse record); zero clears it.
    /// @dev Anyone, for themselves, while the kernel is not paused; `node` must resolve to the caller. Reverts with
    /// `NameServiceNotResolvingToCaller`, `KernelPaused`.
    /// @param node The node of a name that resolves to the caller, or zero.
    function setName(bytes32 node) external;

    /// @notice Set the claim fee to `newFee` NYN-wei (at most `MAX_FEE`).
    /// @dev Holders of `SET_NAME_FEE_PERMISSION` on this module (governance). Reverts with `NameServiceFeeTooHigh`,
    /// `ACLUnauthorized`.
    /// @param newFee The new fee in NYN-wei.
    function setFee(uint256 newFee) external;

    // ------------------------------------------------------------------ views

    /// @notice ENS forward resolution (EIP-137): the address `node` resolves to now; zero when the name is free, a
    /// process name's process is terminated or changed owner, or the name was released.
    /// @param node An EIP-137 namehash.
    /// @return The account (account names) or process instance (process names), or zero.
    function addr(bytes32 node) external view returns (address);

    /// @notice Who controls `node` now (ENS registry `owner(node)`): an account name's owner, or the owner of a live
    /// process name's parent; zero otherwise.
    /// @param node An EIP-137 namehash.
    /// @return The owner, or zero.
    function owner(bytes32 node) external view returns (address);

    /// @notice The process a live process name names (0 for account names and names that do not resolve).
    /// @param node An EIP-137 namehash.
    /// @return The PID, or 0.
    function pidOf(bytes32 node) external view returns (uint256);

    /// @notice The primary name of `account` (EIP-181 with ENS's primary-name check): the name it chose (for a
    /// process instance: the name its process was given) if that name still resolves to it, else "".
    /// @param account An account or process instance.
    /// @return The full name, or "".
    function name(address account) external view returns (string memory);

    /// @notice Everything about the name `node`.
    /// @param node An EIP-137 namehash.
    /// @return The record (an empty one for a node never registered).
    function record(bytes32 node) external view returns (NameRecord memory);

    /// @notice The EIP-137 node of `label` under `parent` (`keccak256(parent, keccak256(label))`); no validation.
    /// @param parent The parent node.
    /// @param label The label.
    /// @return The child node.
    function childNode(bytes32 parent, string calldata label) external pure returns (bytes32);

    /// @notice The root name (e.g. "nyn") under which accounts claim names.
    /// @return The root label.
    function rootName() external view returns (string memory);

    /// @notice The EIP-137 namehash of the root name.
    /// @return The root node.
    function rootNode() external view returns (bytes32);

    /// @notice The claim fee, in NYN-wei (0 by default; at most `MAX_FEE`).
    /// @return The fee.
    function fee() external view returns (uint256);

    /// @notice Where claim fees go (the DAO treasury, the timelock).
    /// @return The treasury address.
    function treasury() external view returns (address);

    /// @notice The highest claim fee governance may set: 1,000 NYN (10^21 NYN-wei).
    /// @return The cap in NYN-wei.
    function MAX_FEE() external view returns (uint256);
}
