// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";
import {IKernelProcess} from "../interfaces/IKernelProcess.sol";
import {IGasMeter} from "../interfaces/IGasMeter.sol";
import {IKernelForwarder} from "../interfaces/IKernelForwarder.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {CalldataGas} from "../libraries/CalldataGas.sol";

/// @title KernelProcess
/// @notice Base of every NYN OS program. A program is deployed once (the implementation, which never acts as a
/// process), registered in the process registry, and each process is an EIP-1167 clone bound to its PID. Its functions
/// ask the kernel before they run: `onlyRunning` (the process and all its ancestors are running) and
/// `onlyCapable(capability)` (running, and the caller owns the process or holds the capability on it); functions
/// marked `metered` are charged for the gas they use from the process's NYN budget in the gas meter.
/// @dev The caller is the ERC-2771 sender (`_msgSender()`): relayed calls through the kernel's trusted forwarder
/// act for the signing user; `tx.origin` is never used. Kernel, registry, ACL and forwarder addresses are immutables
/// of the implementation, which clones share (module proxies never move).
/// A PID read from a contract's code or storage is that contract's claim only: the registry's `instanceOf(pid)` is
/// the truth. PID binding (in the clone's code, or in storage for a deterministic clone):
/// docs/adr/0003-pid-in-clone-code.md.
abstract contract KernelProcess is ERC2771Context, IKernelProcess {
    /// @custom:storage-location erc7201:nyn.storage.KernelProcess
    struct KernelProcessStorage {
        uint256 pid; // only for clones without arguments (deterministic spawns)
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.KernelProcess")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KERNEL_PROCESS_STORAGE =
        0x4aca7258d6a78587f75aebc62f863bacfb2f88f98bd63cc61f6ca83524428b00;
    /// @dev PID value the implementation contract itself reports internally: no process has it, so every guarded
    /// function of the implementation reverts with `ProcessRegistryUnknownProcess`.
    uint256 private constant LOCKED = type(uint256).max;
    /// @dev Where a clone's immutable arguments start in its code (OpenZeppelin `Clones`: after the 45-byte runtime).
    uint256 private constant CLONE_ARGS_OFFSET = 0x2d;
    /// @dev The PID argument is a uint48 (6 bytes): the registry's PID counter is a uint48.
    uint256 private constant PID_ARG_SHIFT = 256 - 48;

    /// @notice Gas of a metered call that its own `gasleft()` readings cannot see, besides the transaction's intrinsic
    /// gas and calldata (added from `msg.data` when the caller is the transaction's sender) and the charge's own tail
    /// (the meter's `CHARGE_OVERHEAD`): the EIP-1167 clone's DELEGATECALL to the program (cold: 2,600 + copy), the
    /// function dispatch and argument decoding before the modifier's first reading, the call into the meter (cold
    /// proxy account 2,600, ERC-1967 implementation slot 2,100, cold implementation 2,600, calldata copies) and the
    /// return path after it.
    /// @dev Derived by measurement: in test/kernel/GasMeter.test.ts ("measurement accuracy") the gas charged for a
    /// metered Counter call is compared with the receipt of the same transaction and must stay within 5 %; the
    /// constants were set from the receipt minus the measured part. A call that finds the meter already warm (a
    /// second metered call in one transaction) is over-charged by at most ~7,000 gas.
    uint256 public constant METERED_CALL_OVERHEAD = 11_300;

    IKernel internal immutable _KERNEL;
    IProcessRegistry internal immutable _REGISTRY;
    IACL internal immutable _ACL;
    /// @dev The kernel's gas meter when the program was deployed (zero if none was installed yet: metered functions
    /// then revert). Module proxies never move, so the address stays valid across meter upgrades.
    IGasMeter internal immutable _METER;
    /// @dev The implementation's own address: code running at this address is not a process.
    address private immutable _SELF;

    /// @param kernel_ The kernel whose registry spawns this program's processes.
    constructor(IKernel kernel_) ERC2771Context(kernel_.trustedForwarder()) {
        _KERNEL = kernel_;
        _REGISTRY = IProcessRegistry(kernel_.moduleAddress(KernelIds.PROCESS_REGISTRY));
        _ACL = IACL(kernel_.acl());
        _METER = IGasMeter(kernel_.moduleAddress(KernelIds.GAS_METER));
        _SELF = address(this);
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless this process and its ancestors are running.
    modifier onlyRunning() {
        _checkRunning();
        _;
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless running, and with `KernelProcessMissingCapability`
    /// unless the caller (ERC-2771 sender) owns the process or holds an unexpired `capability` on it.
    modifier onlyCapable(bytes32 capability) {
        _checkCapable(capability);
        _;
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless running, and with `KernelProcessNotOwner` unless the
    /// caller owns the process.
    modifier onlyProcessOwner() {
        _checkOwner();
        _;
    }

    /// @notice Charge the gas this call uses to the process's budget in the gas meter, for the caller (the ERC-2771
    /// sender): `gasleft()` at entry and exit, plus `METERED_CALL_OVERHEAD`, plus the intrinsic gas and calldata of
    /// the transaction when the caller is the account that sent it (a caller without code). Put it first among the
    /// modifiers so their checks are metered too. When the call is part of a reimbursed relayed request to this
    /// process (`KernelForwarder.executeRelayed`), the forwarder charges the whole request instead, once.
    /// @dev Reverts (after the body, undoing it) with `KernelProcessNoGasMeter`, or whatever the meter's `charge`
    /// reverts with: `GasMeterBudgetExhausted`, `GasMeterProcessQuotaExceeded`, `GasMeterUserQuotaExceeded`,
    /// `GasMeterProcessNotRunning`.
    modifier metered() {
        uint256 gasAtEntry = gasleft();
        _;
        _chargeMeteredCall(gasAtEntry);
    }

    /// @inheritdoc IKernelProcess
    /// @dev The registry calls it exactly once per process, right after creating the clone (`ProcessRegistry._spawn`):
    /// for a clone whose PID is in its code, that call is the guarantee that the program's initialisation runs once
    /// (no storage flag is written, which saves a new storage slot per spawn). What the process itself refuses:
    /// any caller but the registry (`KernelProcessOnlyRegistry`), running on the implementation, and binding to a PID
    /// other than the one in its code (`KernelProcessAlreadyInitialized`); a clone without arguments is bound in
    /// storage once and refuses any later call (`KernelProcessAlreadyInitialized`).
    function initializeProcess(uint256 pid_, bytes calldata initData) external {
        if (msg.sender != address(_REGISTRY)) revert KernelProcessOnlyRegistry(msg.sender);
        if (address(this) == _SELF) revert KernelProcessAlreadyInitialized();
        uint256 bound = _clonePid();
        if (bound == 0) {
            KernelProcessStorage storage $ = _s();
            if ($.pid != 0) revert KernelProcessAlreadyInitialized();
            $.pid = pid_;
        } else if (bound != pid_) {
            revert KernelProcessAlreadyInitialized();
        }
        emit ProcessInitialized(pid_);
        _initializeProcess(initData);
    }

    /// @inheritdoc IKernelProcess
    function pid() public view returns (uint256) {
        uint256 p = _pid();
        return p == LOCKED ? 0 : p;
    }

    /// @inheritdoc IKernelProcess
    function kernel() external view returns (address) {
        return address(_KERNEL);
    }

    /// @inheritdoc IKernelProcess
    function gasMeter() external view returns (address) {
        return address(_METER);
    }

    /// @notice The current owner of this process (from the registry).
    function processOwner() public view returns (address) {
        return _REGISTRY.ownerOf(_pid());
    }

    /// @dev The program's own initialisation, run once at spawn with the spawner's `initData`.
    function _initializeProcess(bytes calldata initData) internal virtual;

    /// @dev The tail of `metered`: skip when the forwarder charges the whole relayed request; otherwise report the
    /// gas used since `gasAtEntry` plus what the call cannot measure, and let the meter charge it.
    function _chargeMeteredCall(uint256 gasAtEntry) internal {
        address caller = msg.sender;
        if (caller == trustedForwarder() && IKernelForwarder(caller).meteredRelayTarget() == address(this)) return;
        IGasMeter meter = _METER;
        if (address(meter) == address(0)) revert KernelProcessNoGasMeter();
        // When the caller is the transaction's sender, the transaction's intrinsic gas and calldata are this call's
        // to pay; the meter counts them once per transaction. Any other caller (a contract, a contract's constructor,
        // which has no code yet) pays its own transaction. tx.origin is read for this accounting only, never to
        // authorise anything.
        uint256 txTokens = CalldataGas.NOT_SENDER;
        // solhint-disable-next-line avoid-tx-origin
        if (caller == tx.origin) txTokens = CalldataGas.tokens(msg.data);
        uint256 unmeasured = METERED_CALL_OVERHEAD + _cloneCopyGas(msg.data.length);
        meter.charge(_pid(), _msgSender(), gasAtEntry - gasleft() + unmeasured, txTokens);
    }

    /// @dev What the EIP-1167 clone spent copying `size` bytes of calldata into fresh memory before delegating to the
    /// program (memory expansion 3 gas a word + words²/512, copy 3 gas a word): before the modifier's first reading,
    /// and large for padded calldata.
    function _cloneCopyGas(uint256 size) private pure returns (uint256) {
        // Cannot overflow: calldata size is bounded by the block gas limit far below 2^128.
        unchecked {
            uint256 words = (size + 31) / 32;
            return 6 * words + (words * words) / 512;
        }
    }

    function _checkRunning() internal view {
        uint256 p = _pid();
        IProcessRegistry.Status status = _REGISTRY.statusOf(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, status);
    }

    function _checkCapable(bytes32 capability) internal view {
        uint256 p = _pid();
        (address owner, uint32 generation, IProcessRegistry.Status status) = _REGISTRY.callContext(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, status);
        address who = _msgSender();
        if (who == owner) return;
        if (block.timestamp > _ACL.capabilityExpiryAt(p, generation, who, capability)) {
            // Conditional and wildcard grants; a denying condition reverts with `ACLCapabilityConditionDenied`.
            if (!_ACL.checkCapabilityAt(p, generation, who, capability)) {
                revert KernelProcessMissingCapability(p, who, capability);
            }
        }
    }

    function _checkOwner() internal view {
        uint256 p = _pid();
        (address owner, , IProcessRegistry.Status status) = _REGISTRY.callContext(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, status);
        address who = _msgSender();
        if (who != owner) revert KernelProcessNotOwner(p, who);
    }

    /// @dev This process's PID: from the clone's code, else (a clone without arguments) from storage; `LOCKED` on the
    /// implementation.
    function _pid() internal view returns (uint256 p) {
        if (address(this) == _SELF) return LOCKED;
        p = _clonePid();
        if (p == 0) p = _s().pid;
    }

    /// @dev The PID argument in this clone's code, or 0 when the code has none (a plain 45-byte EIP-1167 clone: code
    /// beyond its end reads as zeros; PIDs start at 1). Not meaningful on the implementation (see `_SELF`).
    function _clonePid() private view returns (uint256 p) {
        uint256 offset = CLONE_ARGS_OFFSET;
        uint256 shift = PID_ARG_SHIFT;
        assembly ("memory-safe") {
            // The executing account (the clone) is warm: 100 gas plus one word of copying, into scratch space.
            extcodecopy(address(), 0x00, offset, 0x20)
            p := shr(shift, mload(0x00))
        }
    }

    function _s() private pure returns (KernelProcessStorage storage $) {
        assembly {
            $.slot := KERNEL_PROCESS_STORAGE
        }
    }
}
