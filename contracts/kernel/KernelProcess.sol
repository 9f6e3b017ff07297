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
/// @notice Base of every NYN OS program. A program is deployed once (the implementation, locked), registered in the
/// process registry, and each process is an EIP-1167 clone bound to its PID by `initializeProcess`. Its functions
/// ask the kernel before they run: `onlyRunning` (the process and all its ancestors are running) and
/// `onlyCapable(capability)` (running, and the caller owns the process or holds the capability on it); functions
/// marked `metered` are charged for the gas they use from the process's NYN budget in the gas meter.
/// @dev The caller is the ERC-2771 sender (`_msgSender()`): relayed calls through the kernel's trusted forwarder
/// act for the signing user; `tx.origin` is never used. Kernel, registry, ACL and forwarder addresses are immutables
/// of the implementation, which clones share (module proxies never move).
abstract contract KernelProcess is ERC2771Context, IKernelProcess {
    /// @custom:storage-location erc7201:nyn.storage.KernelProcess
    struct KernelProcessStorage {
        uint256 pid;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.KernelProcess")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant KERNEL_PROCESS_STORAGE =
        0x4aca7258d6a78587f75aebc62f863bacfb2f88f98bd63cc61f6ca83524428b00;
    /// @dev PID value that locks the implementation contract itself.
    uint256 private constant LOCKED = type(uint256).max;

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

    /// @param kernel_ The kernel whose registry spawns this program's processes.
    constructor(IKernel kernel_) ERC2771Context(kernel_.trustedForwarder()) {
        _KERNEL = kernel_;
        _REGISTRY = IProcessRegistry(kernel_.moduleAddress(KernelIds.PROCESS_REGISTRY));
        _ACL = IACL(kernel_.acl());
        _METER = IGasMeter(kernel_.moduleAddress(KernelIds.GAS_METER));
        _s().pid = LOCKED; // the implementation can never be initialised
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless this process and its ancestors are running.
    modifier onlyRunning() {
        _requireRunning();
        _;
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless running, and with `KernelProcessMissingCapability`
    /// unless the caller (ERC-2771 sender) owns the process or holds an unexpired `capability` on it.
    modifier onlyCapable(bytes32 capability) {
        _requireCapable(capability);
        _;
    }

    /// @notice Reverts with `KernelProcessNotRunning` unless running, and with `KernelProcessNotOwner` unless the
    /// caller owns the process.
    modifier onlyProcessOwner() {
        _requireOwner();
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
    function initializeProcess(uint256 pid_, bytes calldata initData) external {
        if (msg.sender != address(_REGISTRY)) revert KernelProcessOnlyRegistry(msg.sender);
        KernelProcessStorage storage $ = _s();
        if ($.pid != 0) revert KernelProcessAlreadyInitialized();
        $.pid = pid_;
        emit ProcessInitialized(pid_);
        _initializeProcess(initData);
    }

    /// @inheritdoc IKernelProcess
    function pid() public view returns (uint256) {
        uint256 p = _s().pid;
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
        return _REGISTRY.ownerOf(_s().pid);
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
        uint256 unmeasured = METERED_CALL_OVERHEAD;
        // A caller without code is the account that sent the transaction (EOAs only start transactions): this call
        // is the whole transaction, so its intrinsic gas and calldata are this call's too. (A contract calling from
        // its constructor also has no code; it is over-charged by that much.)
        if (caller.code.length == 0) unmeasured += CalldataGas.TX_BASE_GAS + CalldataGas.cost(msg.data);
        meter.charge(_s().pid, _msgSender(), gasAtEntry - gasleft() + unmeasured);
    }

    function _requireRunning() internal view {
        uint256 p = _s().pid;
        IProcessRegistry.Status status = _REGISTRY.statusOf(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, uint8(status));
    }

    function _requireCapable(bytes32 capability) internal view {
        uint256 p = _s().pid;
        (address owner, uint32 generation, IProcessRegistry.Status status) = _REGISTRY.callContext(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, uint8(status));
        address who = _msgSender();
        if (who == owner) return;
        if (block.timestamp > _ACL.capabilityExpiryAt(p, generation, who, capability)) {
            revert KernelProcessMissingCapability(p, who, capability);
        }
    }

    function _requireOwner() internal view {
        uint256 p = _s().pid;
        (address owner,, IProcessRegistry.Status status) = _REGISTRY.callContext(p);
        if (status != IProcessRegistry.Status.Running) revert KernelProcessNotRunning(p, uint8(status));
        address who = _msgSender();
        if (who != owner) revert KernelProcessNotOwner(p, who);
    }

    function _s() private pure returns (KernelProcessStorage storage $) {
        assembly {
            $.slot := KERNEL_PROCESS_STORAGE
        }
    }
}
