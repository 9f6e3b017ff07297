// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Permit} from "../libraries/Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IGasMeter} from "../interfaces/IGasMeter.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IProcessRegistry} from "../interfaces/IProcessRegistry.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {CalldataGas} from "../libraries/CalldataGas.sol";
import {KernelModule} from "./KernelModule.sol";
import {MeterParams} from "../types/MeterParams.sol";
import {MeterAccount} from "../types/MeterAccount.sol";
import {MeterUserUsage} from "../types/MeterUserUsage.sol";
import {MeterSettings} from "../types/MeterSettings.sol";

/// @title GasMeter
/// @notice The NYN OS gas meter (see {IGasMeter}): NYN budgets per process, metered calls charged `gas × price`,
/// per-epoch quotas per process and per user, and relayers reimbursed from the budget of the process they served.
/// @dev No charge touches state that grows with the number of processes, users or epochs; quotas reset lazily (usage
/// is stored with its epoch number). NYN held = Σ budgets + Σ claimable + fees, exactly, as long as nobody transfers
/// NYN to the meter directly. Accounting and accuracy (transient storage, SECURITY.md R1–R4):
/// docs/adr/0005-gas-meter-accounting.md.
contract GasMeter is KernelModule, ReentrancyGuardTransient, IGasMeter {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice The lowest price governance may set: 1 NYN-wei per gas.
    uint256 public constant MIN_PRICE = 1;
    /// @notice The highest price governance may set: 10^16 NYN-wei (0.01 NYN) per gas.
    uint256 public constant MAX_PRICE = 1e16;
    /// @notice The shortest epoch governance may set, in seconds.
    uint256 public constant MIN_EPOCH_LENGTH = 1 minutes;
    /// @notice The longest epoch governance may set, in seconds.
    uint256 public constant MAX_EPOCH_LENGTH = 365 days;
    /// @notice The largest per-process quota, in gas per epoch.
    uint256 public constant MAX_PROCESS_QUOTA = type(uint40).max;
    /// @notice The largest per-user quota, in gas per epoch.
    uint256 public constant MAX_USER_QUOTA = type(uint32).max;
    /// @notice The largest freezing threshold, in NYN-wei (about 309 million NYN).
    uint256 public constant MAX_FREEZE_THRESHOLD = type(uint88).max;

    /// @notice Gas of a direct charge that the meter cannot measure itself because it comes after its last
    /// `gasleft()`: the quota checks, the writes of the account and parameter slots (warm, non-zero to non-zero:
    /// 2 × 2,900), the `GasCharged` event, and returning to the process.
    /// @dev Derived by measurement (test/kernel/GasMeter.test.ts "measurement accuracy" checks the total charged for
    /// a call against its receipt): the receipt's gasUsed minus everything measured, with cold meter access.
    uint256 public constant CHARGE_OVERHEAD = 9_085;
    /// @notice Like {CHARGE_OVERHEAD} for a relayed request: the quota checks, the account write, the relayer's
    /// claimable write (non-zero to non-zero), the `GasCharged` and `RelayerReimbursed` events, the return to the
    /// forwarder and the forwarder's epilogue.
    uint256 public constant RELAY_CHARGE_OVERHEAD = 12_470;
    /// @notice Like {RELAY_CHARGE_OVERHEAD} for one request of a relayed batch (`chargeBatchedRelay`): the quota
    /// checks, the account write, `GasCharged`, the transient credit and the return to the forwarder's item frame
    /// (the relayer's credit is written once per batch: see {BATCH_CREDIT_GAS}).
    /// @dev Derived by measurement (test/metatx/KernelForwarder.batch.test.ts: Σ charges against the receipt).
    uint256 public constant BATCHED_CHARGE_OVERHEAD = 8_680;
    /// @notice Gas of crediting a batch's relayer for one process (`creditBatchRelayer`: the transient read and
    /// clear, `RelayerReimbursed`, the loop's step), added to that process's first request in the batch.
    uint256 public constant BATCH_CREDIT_GAS = 2_200;
    /// @notice Extra gas of a storage write that creates a slot (zero to non-zero: 20,000 instead of 2,900, EIP-2200):
    /// added when a charge records a user's usage or a relayer's claimable balance for the first time.
    uint256 public constant NEW_SLOT_GAS = 17_100;
    /// @notice Gas of recording a user's usage after the charge's last measurement (the slot write, warm, non-zero
    /// to non-zero, and its bookkeeping): added to charges of processes with a per-user quota.
    uint256 public constant USER_USAGE_GAS = 3_640;
    /// @notice What the caller's hop into the meter costs less once the meter has been entered in this transaction
    /// (EIP-2929): proxy account 2,600 → 100, ERC-1967 implementation slot 2,100 → 100, implementation account
    /// 2,600 → 100. Taken off every charge after the first of a transaction.
    uint256 public constant WARM_HOP_SAVING = 7_000;
    /// @notice What a metered call costs less when its process was already charged in this transaction. Its program's
    /// account is warm (2,600 → 100: a contract's loop of calls to a process is best priced ~2,200 less), but a batch
    /// through the process's own code (an OpenZeppelin Multicall delegate-calling itself) spends ~1,100 a call in its
    /// unmetered batching frame and the batch's calldata beyond the first inner call's. Set between the two from the
    /// accuracy table (test/kernel/metering.accuracy.test.ts): a constructor's loop of 20 calls +3.5 %, a Multicall of
    /// 30 −4.2 %. Taken off a direct charge whose process was already charged in this transaction.
    uint256 public constant WARM_PROCESS_SAVING = 1_400;
    /// @notice What a storage write costs less when this transaction already wrote the slot (EIP-2200 dirty slot:
    /// 2,900 → 100): taken off for each of the account, fee, user-usage and claimable slots written again.
    uint256 public constant DIRTY_WRITE_SAVING = 2_800;

    /// @dev The packed words are typed (contracts/types/): `MeterParams` (the global parameters, read and, for the
    /// fees, written by every direct charge), `MeterAccount` (a process's hot state), `MeterUserUsage`,
    /// `MeterSettings` (a process's thresholds, relay gas cap and relay rules). Each keeps the slot and bit layout of
    /// the struct it replaced (`Params`, `Account`, `UserUsage`, `Settings`; test/types/ compares them bit for bit).
    /// OpenZeppelin upgrades-core still reports struct → user-defined value type as an incompatible type
    /// (upgrades-core 1.x reads no `@custom:oz-retyped-from` on members of a namespaced struct): an upgrade of a
    /// meter deployed with the structs lists these retypes (`--retyped`, docs/adr/0009), on the strength of those
    /// tests.
    /// @custom:storage-location erc7201:nyn.storage.GasMeter
    struct GasMeterStorage {
        MeterParams params;
        mapping(uint256 pid => MeterAccount) accounts;
        mapping(uint256 pid => MeterSettings) settings;
        mapping(uint256 pid => mapping(address user => MeterUserUsage)) userUsage;
        mapping(address relayer => uint256 amount) claimable;
        mapping(uint256 pid => bytes32 capability) relaySignerCapability;
        // Issue 17 part 2 (appended): the selectors of a process's contract that relayed requests may reach while its
        // `selectorsOnly` rule is on.
        mapping(uint256 pid => mapping(bytes4 selector => bool sponsored)) relaySelectors;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.transient.GasMeter.batchCredit")) - 1)) & ~bytes32(uint256(0xff))
    /// @dev Transient (EIP-1153) base of what a relayed batch owes its relayer per process (keyed by PID).
    uint256 private constant BATCH_CREDIT_SLOT = 0x81db2599a8d8da36ac3ed301907e042b21b60d7264f8dcf01aad8ebd6cb31800;
    /// @dev EIP-2929 / EIP-2200 prices used to count a batch's claimable write.
    uint256 private constant COLD_READ_GAS = 2_100;
    uint256 private constant WARM_ACCESS_GAS = 100;
    uint256 private constant CLEAN_WRITE_GAS = 2_900;
    uint256 private constant NEW_SLOT_WRITE_GAS = 20_000;

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.GasMeter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant GAS_METER_STORAGE = 0xf70cb987a26a3b1ad3a7859649624a75d75e3968d40fb4521a7973cc15c2dd00;
    // keccak256(abi.encode(uint256(keccak256("nyn.transient.GasMeter.tx")) - 1)) & ~bytes32(uint256(0xff))
    /// @dev Transient (EIP-1153) flags of the current transaction, below. The transient key of a storage slot is
    /// the slot's own number: set when this transaction wrote that slot in a charge or a claim.
    uint256 private constant TX_FLAGS_SLOT = 0x07c066393c8895dedc1efb24261c071c195f5f552792541240a93a44e89f1200;
    /// @dev The meter was entered for a charge in this transaction: the callers' hop into it is warm.
    uint256 private constant TOUCHED = 1;
    /// @dev The transaction's intrinsic gas and calldata have been counted by a charge.
    uint256 private constant INTRINSIC_COUNTED = 2;
    /// @dev A direct charge wrote the fees (the parameter slot) in this transaction.
    uint256 private constant FEES_WRITTEN = 4;
    /// @dev Transient record of a relayer's claimable slot: written in this transaction, and its value at the start
    /// of the transaction was non-zero (a write is then dirty) or zero (back at zero it is a new slot again, EIP-2200).
    uint256 private constant CLAIMABLE_WAS_SET = 1;
    uint256 private constant CLAIMABLE_WAS_ZERO = 2;

    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 private immutable _NYN;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IProcessRegistry private immutable _REGISTRY;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    address private immutable _FORWARDER;

    /// @notice Build the implementation for `kernel_` (whose process registry and trusted forwarder it binds) with
    /// budgets held in `nyn_`. Module proxies never move, so these are immutables of the implementation.
    /// @dev Reverts with `GasMeterZeroAddress("nyn")` without a token, `GasMeterZeroAddress("registry")` when the
    /// kernel has no process registry.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_, IERC20 nyn_) KernelModule(kernel_) {
        address registry_ = kernel_.moduleAddress(KernelIds.PROCESS_REGISTRY);
        if (address(nyn_) == address(0)) revert GasMeterZeroAddress("nyn");
        if (registry_ == address(0)) revert GasMeterZeroAddress("registry");
        _NYN = nyn_;
        _REGISTRY = IProcessRegistry(registry_);
        _FORWARDER = kernel_.trustedForwarder();
    }

    /// @notice Initialise the meter with `price_` NYN-wei per gas and epochs of `epochLength_` seconds; epoch 1
    /// starts now.
    /// @dev Once, by the kernel this implementation was built for (through `installModule`). Reverts with
    /// `KernelModuleOnlyKernel` (checked by the base before anything else: the ACL is the base's immutable, so no
    /// call is made to a caller that is not the kernel), `GasMeterPriceOutOfBounds`, `GasMeterEpochLengthOutOfBounds`,
    /// `InvalidInitialization`.
    function initialize(uint256 price_, uint256 epochLength_) external initializer {
        __KernelModule_init(_acl());
        _checkPrice(price_);
        _checkEpochLength(epochLength_);
        _s().params = MeterParams
            .wrap(0)
            .withPrice(price_.toUint56())
            .withEpochLength(epochLength_.toUint32())
            .withEpochAnchor(block.timestamp.toUint40())
            .withEpochOffset(1);
        emit PriceChanged(0, price_);
        emit EpochLengthChanged(0, epochLength_, 1);
    }

    // ------------------------------------------------------------------ budgets

    /// @inheritdoc IGasMeter
    function deposit(uint256 pid, uint256 amount) external whenKernelNotPaused nonReentrant {
        _deposit(pid, amount);
    }

    /// @inheritdoc IGasMeter
    function depositWithPermit(
        uint256 pid,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenKernelNotPaused nonReentrant {
        // The one permit policy (see `Permit.permitOrAllowance`): a permit submitted by someone else first makes ours
        // revert; the allowance it set still serves.
        Permit.permitOrAllowance(_NYN, msg.sender, address(this), amount, deadline, v, r, s);
        _deposit(pid, amount);
    }

    /// @inheritdoc IGasMeter
    function withdraw(uint256 pid, uint256 amount, address to) external nonReentrant {
        _checkOwner(pid);
        if (amount == 0) revert GasMeterZeroAmount();
        if (to == address(0)) revert GasMeterZeroAddress("to");
        GasMeterStorage storage $ = _s();
        MeterAccount account = $.accounts[pid];
        uint256 budget = account.budget();
        if (amount > budget) revert GasMeterWithdrawExceedsBudget(pid, amount, budget);
        // Cannot underflow: amount <= budget, checked above.
        unchecked {
            budget -= amount;
        }
        $.accounts[pid] = account.withBudget(uint96(budget)); // budget < 2^96: lowered from a 96-bit value
        emit BudgetWithdrawn(pid, to, amount, budget);
        _NYN.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ charging

    /// @inheritdoc IGasMeter
    function charge(
        uint256 pid,
        address user,
        uint256 gasUsed,
        uint256 txCalldataTokens
    ) external returns (uint256 cost) {
        uint256 gasBase = gasleft() + gasUsed + CHARGE_OVERHEAD;
        _checkSpendable(pid, msg.sender);
        cost = _debit(pid, user, gasBase, type(uint256).max, txCalldataTokens);
    }

    /// @inheritdoc IGasMeter
    function chargeRelay(
        uint256 pid,
        address user,
        address target,
        address relayer,
        uint256 gasUsed,
        uint256 txCalldataTokens,
        bytes4 selector,
        bool succeeded
    ) external returns (uint256 reimbursement) {
        uint256 gasBase = gasleft() + gasUsed;
        uint256 gasCap = _admitRelay(pid, user, target, selector, succeeded);
        GasMeterStorage storage $ = _s();
        uint256 owed = $.claimable[relayer];
        gasBase += _claimableWriteGas(_claimableSlot(relayer), owed);
        reimbursement = _debit(pid, user, gasBase, gasCap, txCalldataTokens);
        $.claimable[relayer] = owed + reimbursement;
        emit RelayerReimbursed(relayer, pid, reimbursement);
    }

    /// @inheritdoc IGasMeter
    function chargeBatchedRelay(
        uint256 pid,
        address user,
        address target,
        address relayer,
        uint256 gasUsed,
        bytes4 selector,
        bool succeeded
    ) external returns (uint256 cost) {
        uint256 gasBase = gasleft() + gasUsed + BATCHED_CHARGE_OVERHEAD;
        uint256 gasCap = _admitRelay(pid, user, target, selector, succeeded);
        uint256 creditSlot = _batchCreditSlot(pid);
        uint256 owed = _tload(creditSlot);
        // The batch's credit to its relayer, written once: its claimable slot to the batch's first request, each
        // process's `RelayerReimbursed` to that process's first request.
        if (owed == 0) gasBase += BATCH_CREDIT_GAS + _batchClaimableGas(relayer);
        cost = _debit(pid, user, gasBase, gasCap, CalldataGas.NOT_SENDER);
        _tstore(creditSlot, owed + cost);
    }

    /// @inheritdoc IGasMeter
    function creditBatchRelayer(address relayer, uint256[] calldata pids) external returns (uint256 reimbursement) {
        if (msg.sender != _FORWARDER) revert GasMeterOnlyForwarder(msg.sender);
        for (uint256 i; i < pids.length; ++i) {
            uint256 slot = _batchCreditSlot(pids[i]);
            uint256 owed = _tload(slot);
            if (owed == 0) continue;
            _tstore(slot, 0);
            reimbursement += owed;
            emit RelayerReimbursed(relayer, pids[i], owed);
        }
        if (reimbursement != 0) _s().claimable[relayer] += reimbursement;
    }

    /// @inheritdoc IGasMeter
    function claim(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert GasMeterZeroAddress("to");
        GasMeterStorage storage $ = _s();
        amount = $.claimable[msg.sender];
        if (amount == 0) revert GasMeterNothingToClaim(msg.sender);
        $.claimable[msg.sender] = 0;
        // For the relays that may follow in this transaction (R4): the meter is warm, the claimable slot dirty.
        uint256 slot = _claimableSlot(msg.sender);
        if (_tload(slot) == 0) _tstore(slot, CLAIMABLE_WAS_SET);
        _tstore(TX_FLAGS_SLOT, _tload(TX_FLAGS_SLOT) | TOUCHED);
        emit RelayerClaimed(msg.sender, to, amount);
        _NYN.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ owner settings

    /// @inheritdoc IGasMeter
    function setQuota(uint256 pid, uint256 processQuota, uint256 userQuota) external {
        _checkOwner(pid);
        if (processQuota > MAX_PROCESS_QUOTA) revert GasMeterValueTooLarge(processQuota, MAX_PROCESS_QUOTA);
        if (userQuota > MAX_USER_QUOTA) revert GasMeterValueTooLarge(userQuota, MAX_USER_QUOTA);
        GasMeterStorage storage $ = _s();
        $.accounts[pid] = $.accounts[pid].withProcessQuota(processQuota.toUint40()).withUserQuota(userQuota.toUint32());
        emit QuotaSet(pid, processQuota, userQuota);
    }

    /// @inheritdoc IGasMeter
    function setLowBudgetThreshold(uint256 pid, uint256 threshold) external {
        _checkOwner(pid);
        if (threshold > type(uint96).max) revert GasMeterValueTooLarge(threshold, type(uint96).max);
        GasMeterStorage storage $ = _s();
        MeterSettings settings = $.settings[pid].withLowThreshold(threshold.toUint96());
        $.settings[pid] = settings;
        $.accounts[pid] = $.accounts[pid].withHasThresholds(threshold != 0 || settings.freezeThreshold() != 0);
        emit LowBudgetThresholdSet(pid, threshold);
    }

    /// @inheritdoc IGasMeter
    function setFreezeThreshold(uint256 pid, uint256 threshold) external {
        _checkOwner(pid);
        if (threshold > MAX_FREEZE_THRESHOLD) revert GasMeterValueTooLarge(threshold, MAX_FREEZE_THRESHOLD);
        GasMeterStorage storage $ = _s();
        MeterSettings settings = $.settings[pid].withFreezeThreshold(threshold.toUint88());
        $.settings[pid] = settings;
        $.accounts[pid] = $.accounts[pid].withHasThresholds(threshold != 0 || settings.lowThreshold() != 0);
        emit FreezeThresholdSet(pid, threshold);
    }

    /// @inheritdoc IGasMeter
    function freezeThresholdOf(uint256 pid) external view returns (uint256) {
        return _s().settings[pid].freezeThreshold();
    }

    /// @inheritdoc IGasMeter
    function budgetHealth(uint256 pid) public view returns (uint8 health, uint256 budget, uint256 spendable) {
        GasMeterStorage storage $ = _s();
        budget = $.accounts[pid].budget();
        MeterSettings settings = $.settings[pid];
        uint256 freezeThreshold = settings.freezeThreshold();
        if (freezeThreshold != 0 && budget <= freezeThreshold) return (2, budget, 0);
        spendable = budget - freezeThreshold;
        health = budget < settings.lowThreshold() ? 1 : 0;
    }

    /// @inheritdoc IGasMeter
    function setRelayGasCap(uint256 pid, uint256 gasCap) external {
        _checkOwner(pid);
        if (gasCap > type(uint64).max) revert GasMeterValueTooLarge(gasCap, type(uint64).max);
        GasMeterStorage storage $ = _s();
        $.settings[pid] = $.settings[pid].withRelayGasCap(gasCap.toUint64());
        emit RelayGasCapSet(pid, gasCap);
    }

    /// @inheritdoc IGasMeter
    function setRelaySignerCapability(uint256 pid, bytes32 capability) external {
        _checkOwner(pid);
        GasMeterStorage storage $ = _s();
        $.relaySignerCapability[pid] = capability;
        $.settings[pid] = $.settings[pid].withSignerCapabilityRequired(capability != bytes32(0));
        emit RelaySignerCapabilitySet(pid, capability);
    }

    /// @inheritdoc IGasMeter
    function setRelaySelectors(uint256 pid, bytes4[] calldata selectors, bool sponsored) external {
        _checkOwner(pid);
        mapping(bytes4 => bool) storage sponsoredOf = _s().relaySelectors[pid];
        for (uint256 i; i < selectors.length; ++i) {
            sponsoredOf[selectors[i]] = sponsored;
            emit RelaySelectorSet(pid, selectors[i], sponsored);
        }
    }

    /// @inheritdoc IGasMeter
    function setRelaySelectorsOnly(uint256 pid, bool only) external {
        _checkOwner(pid);
        GasMeterStorage storage $ = _s();
        $.settings[pid] = $.settings[pid].withSelectorsOnly(only);
        emit RelaySelectorsOnlySet(pid, only);
    }

    /// @inheritdoc IGasMeter
    function setRelayRevertedCallsSponsored(uint256 pid, bool sponsored) external {
        _checkOwner(pid);
        GasMeterStorage storage $ = _s();
        $.settings[pid] = $.settings[pid].withRevertedCallsRefused(!sponsored);
        emit RelayRevertedCallsSponsoredSet(pid, sponsored);
    }

    /// @inheritdoc IGasMeter
    function relayRevertedCallsSponsored(uint256 pid) external view returns (bool) {
        return !_s().settings[pid].revertedCallsRefused();
    }

    /// @inheritdoc IGasMeter
    function relaySelectorsOnly(uint256 pid) external view returns (bool) {
        return _s().settings[pid].selectorsOnly();
    }

    /// @inheritdoc IGasMeter
    function isRelaySelectorSponsored(uint256 pid, bytes4 selector) external view returns (bool) {
        return _s().relaySelectors[pid][selector];
    }

    /// @inheritdoc IGasMeter
    function relaySignerCapability(uint256 pid) external view returns (bytes32) {
        return _s().relaySignerCapability[pid];
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IGasMeter
    function setPrice(uint256 newPrice) external auth(KernelIds.SET_METER_PARAMS_PERMISSION) {
        _checkPrice(newPrice);
        GasMeterStorage storage $ = _s();
        MeterParams p = $.params;
        uint256 oldPrice = p.price();
        $.params = p.withPrice(newPrice.toUint56());
        emit PriceChanged(oldPrice, newPrice);
    }

    /// @inheritdoc IGasMeter
    function setEpochLength(uint256 newLength) external auth(KernelIds.SET_METER_PARAMS_PERMISSION) {
        _checkEpochLength(newLength);
        GasMeterStorage storage $ = _s();
        MeterParams p = $.params;
        uint256 oldLength = p.epochLength();
        uint256 firstEpoch = p.epochAt(block.timestamp) + 1;
        $.params = p.withEpochLength(newLength.toUint32()).withEpochAnchor(block.timestamp.toUint40()).withEpochOffset(
            firstEpoch.toUint32()
        );
        emit EpochLengthChanged(oldLength, newLength, firstEpoch);
    }

    /// @inheritdoc IGasMeter
    function collectFees(
        address to,
        uint256 amount
    ) external nonReentrant auth(KernelIds.COLLECT_METER_FEES_PERMISSION) {
        if (amount == 0) revert GasMeterZeroAmount();
        if (to == address(0)) revert GasMeterZeroAddress("to");
        GasMeterStorage storage $ = _s();
        MeterParams p = $.params;
        uint256 available = p.fees();
        if (amount > available) revert GasMeterFeesExceeded(amount, available);
        // Cannot underflow: amount <= available, checked above.
        unchecked {
            $.params = p.withFees(uint96(available - amount));
        }
        emit FeesCollected(msg.sender, to, amount);
        _NYN.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IGasMeter
    function budgetOf(uint256 pid) external view returns (uint256) {
        return _s().accounts[pid].budget();
    }

    /// @inheritdoc IGasMeter
    function usage(uint256 pid, uint256 epoch) external view returns (uint256) {
        return _s().accounts[pid].usageIn(epoch);
    }

    /// @inheritdoc IGasMeter
    function userUsage(uint256 pid, address user, uint256 epoch) external view returns (uint256) {
        return _s().userUsage[pid][user].usageIn(epoch);
    }

    /// @inheritdoc IGasMeter
    function quotaOf(uint256 pid) external view returns (uint256 processQuota, uint256 userQuota) {
        MeterAccount account = _s().accounts[pid];
        return (account.processQuota(), account.userQuota());
    }

    /// @inheritdoc IGasMeter
    function price() external view returns (uint256) {
        return _s().params.price();
    }

    /// @inheritdoc IGasMeter
    function claimable(address relayer) external view returns (uint256) {
        return _s().claimable[relayer];
    }

    /// @inheritdoc IGasMeter
    function fees() external view returns (uint256) {
        return _s().params.fees();
    }

    /// @inheritdoc IGasMeter
    function currentEpoch() external view returns (uint256) {
        return _s().params.epochAt(block.timestamp);
    }

    /// @inheritdoc IGasMeter
    function epochInfo() public view returns (uint256 epoch, uint256 epochLength, uint256 startedAt, uint256 endsAt) {
        MeterParams p = _s().params;
        epoch = p.epochAt(block.timestamp);
        epochLength = p.epochLength();
        startedAt = p.epochAnchor() + (epoch - p.epochOffset()) * epochLength;
        endsAt = startedAt + epochLength;
    }

    /// @inheritdoc IGasMeter
    function meterInfo(uint256 pid) external view returns (MeterInfo memory info) {
        IProcessRegistry.Status status = _REGISTRY.statusOf(pid);
        GasMeterStorage storage $ = _s();
        MeterAccount account = $.accounts[pid];
        MeterSettings settings = $.settings[pid];
        uint256 price_ = $.params.price();
        (uint256 epoch, , , uint256 endsAt) = epochInfo();
        uint256 used = account.usageIn(epoch);
        uint256 processQuota = account.processQuota();
        info = MeterInfo({
            budget: account.budget(),
            price: price_,
            epoch: epoch,
            epochEndsAt: endsAt,
            usedThisEpoch: used,
            processQuota: processQuota,
            userQuota: account.userQuota(),
            lowBudgetThreshold: settings.lowThreshold(),
            relayGasCap: settings.relayGasCap(),
            runwayGas: account.budget() / price_,
            quotaLeft: processQuota == 0 ? type(uint256).max : (used >= processQuota ? 0 : processQuota - used),
            spendable: status == IProcessRegistry.Status.Running,
            health: 0,
            freezeThreshold: settings.freezeThreshold(),
            spendableBudget: 0
        });
        (info.health, , info.spendableBudget) = budgetHealth(pid);
    }

    /// @inheritdoc IGasMeter
    function runwayCalls(uint256 pid, uint256 gasPerCall) external view returns (uint256 calls) {
        if (gasPerCall == 0) revert GasMeterZeroAmount();
        (, , uint256 spendable) = budgetHealth(pid);
        return spendable / (gasPerCall * _s().params.price());
    }

    /// @inheritdoc IGasMeter
    function nyn() external view returns (address) {
        return address(_NYN);
    }

    /// @notice The process registry the meter checks callers against.
    function registry() external view returns (address) {
        return address(_REGISTRY);
    }

    /// @notice The forwarder whose relayed requests the meter reimburses (the kernel's trusted forwarder).
    function forwarder() external view returns (address) {
        return _FORWARDER;
    }

    // ------------------------------------------------------------------ internals

    function _deposit(uint256 pid, uint256 amount) private {
        if (amount == 0) revert GasMeterZeroAmount();
        if (_REGISTRY.statusOf(pid) == IProcessRegistry.Status.Terminated) revert GasMeterProcessTerminated(pid);
        GasMeterStorage storage $ = _s();
        MeterAccount account = $.accounts[pid];
        uint256 budget = account.budget() + amount;
        if (budget > type(uint96).max) revert GasMeterValueTooLarge(budget, type(uint96).max);
        $.accounts[pid] = account.withBudget(uint96(budget)); // budget <= type(uint96).max, checked above
        emit BudgetDeposited(pid, msg.sender, amount, budget);
        _NYN.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Charge process `pid` for `user`: the gas so far (`gasBase - gasleft()`, where `gasBase` is the reported
    /// gas plus the caller's unmeasured overhead plus `gasleft()` at the meter's entry; + the user-usage costs when
    /// the process has a per-user quota), at most `gasCap`. Counts it against the quotas and takes `gas × price` from
    /// the budget; a direct charge (`gasCap == type(uint256).max`) adds it to the fees, a relayed one leaves crediting
    /// the relayer to the caller. Returns the cost in NYN-wei.
    /// Hot path: the parameter and account slots are read and written as whole words (one SLOAD and at most one
    /// SSTORE each: `MeterParams`, `MeterAccount`).
    function _debit(
        uint256 pid,
        address user,
        uint256 gasBase,
        uint256 gasCap,
        uint256 txCalldataTokens
    ) private returns (uint256 cost) {
        MeterParams params = _s().params;
        uint256 accountSlot = _accountSlot(pid);
        MeterAccount account = MeterAccount.wrap(_sload(accountSlot));
        bool hasThresholds = account.hasThresholds();
        if (hasThresholds) _checkNotFrozen(pid, account.budget());
        uint256 epoch = params.epochAt(block.timestamp);
        uint256 userQuota = account.userQuota();
        if (userQuota != 0) gasBase += _userUsageWriteGas(_userUsageSlot(pid, user));
        uint256 gas = _gasToCharge(gasBase, accountSlot, gasCap, txCalldataTokens);

        if (userQuota != 0) _recordUserUsage(pid, user, epoch, gas, userQuota);
        cost = gas * params.price();
        uint256 remaining = _recordAccountUsage(pid, user, accountSlot, account, epoch, gas, cost);
        if (gasCap == type(uint256).max) _s().params = params.withFees((params.fees() + cost).toUint96());
        emit GasCharged(pid, user, gas, cost);
        if (hasThresholds) _signalLowBudget(pid, account.budget(), remaining, cost);
    }

    /// @dev The gas to charge: measured so far (`gasBase - gasleft()`: everything after this reading is covered by
    /// the overhead constants), less what this transaction made warm or dirty, plus the transaction's intrinsic gas
    /// and calldata once per transaction when its sender made the call, at most `gasCap`.
    function _gasToCharge(
        uint256 gasBase,
        uint256 accountSlot,
        uint256 gasCap,
        uint256 txCalldataTokens
    ) private returns (uint256 gas) {
        (uint256 savings, bool countTx) = _recordTx(accountSlot, gasCap == type(uint256).max, txCalldataTokens);
        gas = gasBase - gasleft();
        gas = gas > savings ? gas - savings : 0;
        if (countTx) gas += CalldataGas.txOverhead(txCalldataTokens, gas);
        if (gas > gasCap) gas = gasCap;
    }

    /// @dev What this transaction already did, from its transient records, which it updates: `savings`, the gas of
    /// the overhead constants that is warm or dirty now (the hop into the meter, the account and fee writes, the
    /// program's account for a `direct` charge); `countTx`, whether this charge counts the transaction's intrinsic
    /// gas and calldata (given, and not yet counted).
    function _recordTx(
        uint256 accountSlot,
        bool direct,
        uint256 txCalldataTokens
    ) private returns (uint256 savings, bool countTx) {
        uint256 flags = _tload(TX_FLAGS_SLOT);
        if (flags & TOUCHED != 0) savings = WARM_HOP_SAVING;
        if (_markWritten(accountSlot))
            savings += direct ? DIRTY_WRITE_SAVING + WARM_PROCESS_SAVING : DIRTY_WRITE_SAVING;
        if (direct && flags & FEES_WRITTEN != 0) savings += DIRTY_WRITE_SAVING;
        countTx = txCalldataTokens != CalldataGas.NOT_SENDER && flags & INTRINSIC_COUNTED == 0;
        _tstore(TX_FLAGS_SLOT, flags | TOUCHED | (countTx ? INTRINSIC_COUNTED : 0) | (direct ? FEES_WRITTEN : 0));
    }

    /// @dev The unmeasured gas of a relayed charge with the write of `owed` + reimbursement to the claimable slot
    /// `slot` (R4): clean (new when zero) on the transaction's first write; dirty after a claim or an earlier relay
    /// in this transaction, unless it is back at a zero it started from (then new again, EIP-2200).
    function _claimableWriteGas(uint256 slot, uint256 owed) private returns (uint256) {
        uint256 record = _tload(slot);
        if (record == 0) _tstore(slot, owed == 0 ? CLAIMABLE_WAS_ZERO : CLAIMABLE_WAS_SET);
        else if (record == CLAIMABLE_WAS_SET || owed != 0) return RELAY_CHARGE_OVERHEAD - DIRTY_WRITE_SAVING;
        return owed == 0 ? RELAY_CHARGE_OVERHEAD + NEW_SLOT_GAS : RELAY_CHARGE_OVERHEAD;
    }

    /// @dev The unmeasured gas of recording a user's usage at `slot`: dirty (written earlier in this transaction),
    /// a new slot, or a clean non-zero one.
    function _userUsageWriteGas(uint256 slot) private returns (uint256) {
        if (_markWritten(slot)) return USER_USAGE_GAS - DIRTY_WRITE_SAVING;
        return _sload(slot) == 0 ? USER_USAGE_GAS + NEW_SLOT_GAS : USER_USAGE_GAS;
    }

    /// @dev Add `gas` to the usage of process `pid` in `epoch` (a usage of an older epoch reads as zero: that is the
    /// whole lazy quota reset) and take `cost` from its budget, in one write of its `account` word (at `accountSlot`);
    /// reverts over the process quota or the budget. Returns the remaining budget.
    function _recordAccountUsage(
        uint256 pid,
        address user,
        uint256 accountSlot,
        MeterAccount account,
        uint256 epoch,
        uint256 gas,
        uint256 cost
    ) private returns (uint256 remaining) {
        uint256 used = account.usageIn(epoch) + gas;
        uint256 processQuota = account.processQuota();
        if (processQuota != 0 && used > processQuota) {
            revert GasMeterProcessQuotaExceeded(pid, user, epoch, used, processQuota);
        }
        uint256 budget = account.budget();
        if (cost > budget) revert GasMeterBudgetExhausted(pid, cost, budget);
        // Cannot underflow: cost <= budget, checked above.
        unchecked {
            remaining = budget - cost;
        }
        // Keeps the quotas and the flag; remaining < 2^96; the epoch and usage casts are checked.
        _sstore(
            accountSlot,
            MeterAccount.unwrap(account.withCharge(uint96(remaining), epoch.toUint32(), used.toUint48()))
        );
    }

    /// @dev Add `gas` to `user`'s usage of process `pid` in `epoch`, reverting above `quota`.
    function _recordUserUsage(uint256 pid, address user, uint256 epoch, uint256 gas, uint256 quota) private {
        uint256 slot = _userUsageSlot(pid, user);
        uint256 userUsed = MeterUserUsage.wrap(_sload(slot)).usageIn(epoch) + gas;
        if (userUsed > quota) revert GasMeterUserQuotaExceeded(pid, user, epoch, userUsed, quota);
        _sstore(
            slot,
            MeterUserUsage.unwrap(MeterUserUsage.wrap(0).withEpoch(epoch.toUint32()).withUsed(userUsed.toUint48()))
        );
    }

    /// @dev The transient (EIP-1153) slot of what the current batch owes its relayer for process `pid`.
    function _batchCreditSlot(uint256 pid) private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            mstore(0x00, pid)
            mstore(0x20, BATCH_CREDIT_SLOT)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev The gas of the batch's one write of `relayer`'s claimable slot, on the batch's first charge: a cold read
    /// and a clean write (a new slot when zero) unless this transaction already wrote it (then warm and dirty).
    function _batchClaimableGas(address relayer) private returns (uint256) {
        uint256 slot = _claimableSlot(relayer);
        uint256 record = _tload(slot);
        if (record != 0) return 2 * WARM_ACCESS_GAS;
        uint256 owed = _sload(slot);
        _tstore(slot, owed == 0 ? CLAIMABLE_WAS_ZERO : CLAIMABLE_WAS_SET);
        return COLD_READ_GAS + (owed == 0 ? NEW_SLOT_WRITE_GAS : CLEAN_WRITE_GAS);
    }

    /// @dev Reverts with `GasMeterFrozen` when process `pid`'s `budget` is at or below its freezing threshold.
    function _checkNotFrozen(uint256 pid, uint256 budget) private view {
        uint256 threshold = _s().settings[pid].freezeThreshold();
        if (threshold != 0 && budget <= threshold) revert GasMeterFrozen(pid, budget, threshold);
    }

    /// @dev Emit BudgetLow when the budget of `pid` went from `before` to `remaining`, across the owner's threshold.
    function _signalLowBudget(uint256 pid, uint256 before, uint256 remaining, uint256 cost) private {
        uint256 threshold = _s().settings[pid].lowThreshold();
        if (remaining < threshold && before >= threshold) emit BudgetLow(pid, remaining, remaining / cost);
    }

    /// @dev Reverts unless `instance` is the contract of process `pid` and the process runs: one registry call,
    /// `instanceAndStatusOf` (its reverts, e.g. `ProcessRegistryUnknownProcess`, are passed on). Hot path: the call
    /// is encoded and decoded by hand in scratch space (the high-level call's ABI coder cost ~200 gas more); the
    /// record's hot slot is warm when the process has just checked its own status, its second slot (the instance)
    /// is not.
    function _checkSpendable(uint256 pid, address instance) private view {
        address registry_ = address(_REGISTRY);
        bytes4 selector = IProcessRegistry.instanceAndStatusOf.selector;
        address actual;
        uint256 status;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, pid)
            if iszero(staticcall(gas(), registry_, 0x00, 0x24, 0x00, 0x40)) {
                let ptr := mload(0x40)
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            if lt(returndatasize(), 0x40) {
                revert(0, 0)
            }
            actual := and(mload(0x00), 0xffffffffffffffffffffffffffffffffffffffff)
            status := mload(0x20)
        }
        if (actual != instance) revert GasMeterNotProcessInstance(pid, instance, actual);
        if (status != uint256(IProcessRegistry.Status.Running)) {
            revert GasMeterProcessNotRunning(pid, IProcessRegistry.Status(status));
        }
    }

    /// @dev The checks of a relayed charge before any debit: the caller is the kernel's forwarder, `target` is the
    /// running contract of process `pid`, relaying is on (returns the relay gas cap), the sponsorship rules admit it.
    function _admitRelay(
        uint256 pid,
        address user,
        address target,
        bytes4 selector,
        bool succeeded
    ) private view returns (uint256 gasCap) {
        if (msg.sender != _FORWARDER) revert GasMeterOnlyForwarder(msg.sender);
        _checkSpendable(pid, target);
        MeterSettings settings = _s().settings[pid];
        gasCap = settings.relayGasCap();
        if (gasCap == 0) revert GasMeterRelayDisabled(pid);
        if (settings.hasRelayRules()) _checkRelayRules(pid, user, selector, settings, succeeded);
    }

    /// @dev The owner's sponsorship rules for a relayed request (`settings`: the process's word): the selector rule,
    /// the signer rule, then whether a reverted call (`succeeded` false) is paid. Reverts with
    /// `GasMeterSelectorNotSponsored`, `GasMeterRelaySignerNotAllowed`, `GasMeterRevertedCallNotSponsored`.
    function _checkRelayRules(
        uint256 pid,
        address user,
        bytes4 selector,
        MeterSettings settings,
        bool succeeded
    ) private view {
        GasMeterStorage storage $ = _s();
        if (settings.selectorsOnly() && !$.relaySelectors[pid][selector]) {
            revert GasMeterSelectorNotSponsored(pid, selector);
        }
        if (settings.signerCapabilityRequired()) _checkRelaySigner(pid, user, $.relaySignerCapability[pid]);
        if (!succeeded && settings.revertedCallsRefused()) revert GasMeterRevertedCallNotSponsored(pid);
    }

    /// @dev Reverts with `GasMeterRelaySignerNotAllowed` unless `signer` owns process `pid` or holds an unexpired
    /// `capability` on it (of the process's current ownership generation).
    function _checkRelaySigner(uint256 pid, address signer, bytes32 capability) private view {
        (address owner, uint32 generation, ) = _REGISTRY.callContext(pid);
        if (signer == owner) return;
        if (block.timestamp > _acl().capabilityExpiryAt(pid, generation, signer, capability)) {
            revert GasMeterRelaySignerNotAllowed(pid, signer, capability);
        }
    }

    function _checkOwner(uint256 pid) private view {
        address owner = _REGISTRY.ownerOf(pid);
        if (msg.sender != owner) revert GasMeterNotProcessOwner(pid, msg.sender, owner);
    }

    function _accountSlot(uint256 pid) private view returns (uint256 slot) {
        mapping(uint256 => MeterAccount) storage accounts = _s().accounts;
        assembly ("memory-safe") {
            mstore(0x00, pid)
            mstore(0x20, accounts.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _userUsageSlot(uint256 pid, address user) private view returns (uint256 slot) {
        mapping(address => MeterUserUsage) storage usageOf = _s().userUsage[pid];
        assembly ("memory-safe") {
            mstore(0x00, user)
            mstore(0x20, usageOf.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _claimableSlot(address relayer) private view returns (uint256 slot) {
        mapping(address => uint256) storage claimable_ = _s().claimable;
        assembly ("memory-safe") {
            mstore(0x00, relayer)
            mstore(0x20, claimable_.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev Whether this transaction already wrote storage slot `slot` in a charge or a claim; records that it has.
    function _markWritten(uint256 slot) private returns (bool written) {
        assembly ("memory-safe") {
            written := tload(slot)
            tstore(slot, 1)
        }
    }

    function _tload(uint256 slot) private view returns (uint256 word) {
        assembly ("memory-safe") {
            word := tload(slot)
        }
    }

    function _tstore(uint256 slot, uint256 word) private {
        assembly ("memory-safe") {
            tstore(slot, word)
        }
    }

    function _sload(uint256 slot) private view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(slot)
        }
    }

    function _sstore(uint256 slot, uint256 word) private {
        assembly ("memory-safe") {
            sstore(slot, word)
        }
    }

    function _checkPrice(uint256 price_) private pure {
        if (price_ < MIN_PRICE || price_ > MAX_PRICE) revert GasMeterPriceOutOfBounds(price_, MIN_PRICE, MAX_PRICE);
    }

    function _checkEpochLength(uint256 length) private pure {
        if (length < MIN_EPOCH_LENGTH || length > MAX_EPOCH_LENGTH) {
            revert GasMeterEpochLengthOutOfBounds(length, MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH);
        }
    }

    function _s() private pure returns (GasMeterStorage storage $) {
        assembly {
            $.slot := GAS_METER_STORAGE
        }
    }
}
