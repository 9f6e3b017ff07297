// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProcessRegistry} from "./IProcessRegistry.sol";

/// @title IGasMeter
/// @notice Resource metering for NYN OS processes. Every process (PID) has a budget in NYN; its metered calls measure
/// the gas they use and are charged `gas × price` from that budget, and relayers that submit users' signed ERC-2771
/// requests to a process are reimbursed from it (the app pays, reverse gas). Usage is counted per epoch, per process
/// and per (process, user), against quotas that reset lazily when the epoch number changes (no loop, no keeper).
/// Accounting: the NYN the meter holds always equals Σ budgets + Σ relayer claimable + uncollected fees (+ NYN sent to
/// the meter by plain transfer, which no account owns); ETH balances play no part.
/// @dev Units: amounts and budgets in NYN-wei (10^-18 NYN); gas in gas units; price in NYN-wei per gas unit; times
/// in seconds. Epoch `e` lasts `epochLength` seconds; numbering starts at 1 and only grows.
interface IGasMeter {
    /// @notice Everything a dashboard needs about one process's metering, in one call (see {meterInfo}).
    struct MeterInfo {
        uint256 budget; // NYN-wei left
        uint256 price; // NYN-wei per gas, now
        uint256 epoch; // the current epoch
        uint256 epochEndsAt; // seconds: when the current epoch ends (if the length is not changed meanwhile)
        uint256 usedThisEpoch; // gas charged to the process in the current epoch
        uint256 processQuota; // gas per epoch for the whole process (0 = unlimited)
        uint256 userQuota; // gas per epoch for each user of the process (0 = unlimited)
        uint256 lowBudgetThreshold; // NYN-wei: BudgetLow is emitted when the budget falls below it (0 = off)
        uint256 relayGasCap; // gas reimbursed at most per relayed request (0 = relayed requests not reimbursed)
        uint256 runwayGas; // gas the budget still pays for at the current price (budget / price)
        uint256 quotaLeft; // gas left under the process quota this epoch (type(uint256).max when unlimited)
        bool spendable; // whether the budget can be spent now (the process is running)
        uint8 health; // 0 healthy, 1 low (below the low-budget threshold), 2 frozen (at or below the freeze threshold)
        uint256 freezeThreshold; // NYN-wei: metered and relayed work is refused at or below it (0 = off)
        uint256 spendableBudget; // NYN-wei above the freezing threshold (0 when frozen)
    }

    // ------------------------------------------------------------------ events

    /// @notice `from` added `amount` NYN-wei to the budget of process `pid`, which is now `budget`.
    /// @param pid The process.
    /// @param from The depositor.
    /// @param amount NYN-wei added.
    /// @param budget The budget after the deposit, in NYN-wei.
    event BudgetDeposited(uint256 indexed pid, address indexed from, uint256 amount, uint256 budget);
    /// @notice The owner of process `pid` took `amount` NYN-wei from its budget to `to`; the budget is now `budget`.
    /// @param pid The process.
    /// @param to The recipient.
    /// @param amount NYN-wei withdrawn.
    /// @param budget The budget after the withdrawal, in NYN-wei.
    event BudgetWithdrawn(uint256 indexed pid, address indexed to, uint256 amount, uint256 budget);
    /// @notice Process `pid` was charged `cost` NYN-wei for `gasUsed` gas spent for `user` (the ERC-2771 sender of a
    /// metered call, or the signer of a relayed request).
    /// @param pid The process.
    /// @param user The account the call served (the ERC-2771 sender).
    /// @param gasUsed The gas charged for.
    /// @param cost NYN-wei taken from the budget (`gasUsed` × price).
    event GasCharged(uint256 indexed pid, address indexed user, uint256 gasUsed, uint256 cost);
    /// @notice The budget of process `pid` fell below its low-budget threshold: `remaining` NYN-wei are left, about
    /// `estimatedCallsLeft` more calls like the one just charged.
    /// @param pid The process.
    /// @param remaining The budget left, in NYN-wei.
    /// @param estimatedCallsLeft About how many more calls like the one just charged the budget pays for.
    event BudgetLow(uint256 indexed pid, uint256 remaining, uint256 estimatedCallsLeft);
    /// @notice The owner of process `pid` set its quotas (gas per epoch; 0 = unlimited).
    /// @param pid The process.
    /// @param processQuota Gas per epoch for all users together (0 = unlimited).
    /// @param userQuota Gas per epoch for each user (0 = unlimited).
    event QuotaSet(uint256 indexed pid, uint256 processQuota, uint256 userQuota);
    /// @notice The owner of process `pid` set its low-budget threshold to `threshold` NYN-wei (0 = off).
    /// @param pid The process.
    /// @param threshold The threshold, in NYN-wei (0 = off).
    event LowBudgetThresholdSet(uint256 indexed pid, uint256 threshold);
    /// @notice The owner of process `pid` set the most gas reimbursed per relayed request to `gasCap` (0 = none).
    /// @param pid The process.
    /// @param gasCap The most gas reimbursed per relayed request (0 = none).
    event RelayGasCapSet(uint256 indexed pid, uint256 gasCap);
    /// @notice The owner of process `pid` set which relayed requests it reimburses: those signed by its owner or by a
    /// holder of `capability` on it (zero: anyone's).
    /// @param pid The process.
    /// @param capability The capability a signer must hold (bytes32(0): no restriction).
    event RelaySignerCapabilitySet(uint256 indexed pid, bytes32 capability);
    /// @notice The owner of process `pid` marked `selector` of its contract as one relayed requests may (or may no
    /// longer) reach at the budget's expense while `relaySelectorsOnly` is on (issue 17 part 2, paymaster policies).
    /// @param pid The process.
    /// @param selector The function selector of the process's contract.
    /// @param sponsored Whether relayed calls of it are reimbursed.
    event RelaySelectorSet(uint256 indexed pid, bytes4 indexed selector, bool sponsored);
    /// @notice The owner of process `pid` turned the selector rule on (`only`: relayed requests are reimbursed only
    /// when they call a sponsored selector) or off (any function).
    /// @param pid The process.
    /// @param only Whether the rule is on.
    event RelaySelectorsOnlySet(uint256 indexed pid, bool only);
    /// @notice The owner of process `pid` agreed (`sponsored`) or refused to reimburse relayed requests whose call
    /// reverts.
    /// @param pid The process.
    /// @param sponsored Whether relayers are paid for reverted calls (the default).
    event RelayRevertedCallsSponsoredSet(uint256 indexed pid, bool sponsored);
    /// @notice Governance changed the price from `oldPrice` to `newPrice` NYN-wei per gas. Past charges keep theirs.
    /// @param oldPrice The price before, in NYN-wei per gas.
    /// @param newPrice The price now, in NYN-wei per gas.
    event PriceChanged(uint256 oldPrice, uint256 newPrice);
    /// @notice Governance changed the epoch length from `oldLength` to `newLength` seconds; epoch `firstEpoch`, the
    /// first of the new length, starts now (so quotas start afresh).
    /// @param oldLength The epoch length before, in seconds.
    /// @param newLength The epoch length now, in seconds.
    /// @param firstEpoch The number of the first epoch of the new length (starts now).
    event EpochLengthChanged(uint256 oldLength, uint256 newLength, uint256 firstEpoch);
    /// @notice `relayer` was credited `amount` NYN-wei from the budget of process `pid` for relaying a request.
    /// @param relayer The relayer credited.
    /// @param pid The process that paid.
    /// @param amount NYN-wei credited to the relayer's claimable balance.
    event RelayerReimbursed(address indexed relayer, uint256 indexed pid, uint256 amount);
    /// @notice `relayer` withdrew its `amount` NYN-wei of reimbursements to `to`.
    /// @param relayer The relayer.
    /// @param to The recipient.
    /// @param amount NYN-wei sent.
    event RelayerClaimed(address indexed relayer, address indexed to, uint256 amount);
    /// @notice `by` (governance) sent `amount` NYN-wei of collected fees to `to`.
    /// @param by The caller (governance).
    /// @param to The recipient.
    /// @param amount NYN-wei sent.
    event FeesCollected(address indexed by, address indexed to, uint256 amount);
    /// @notice The owner of process `pid` set its freezing threshold to `threshold` NYN-wei (0 = off): while the budget
    /// is at or below it, metered and relayed work is refused (issue 17 part 2; the ICP canister freezing threshold).
    /// @param pid The process.
    /// @param threshold The threshold, in NYN-wei.
    event FreezeThresholdSet(uint256 indexed pid, uint256 threshold);

    // ------------------------------------------------------------------ errors

    /// @notice Process `pid` cannot pay `required` NYN-wei: its budget holds `available`. Nothing was charged.
    /// @param pid The process.
    /// @param required The NYN-wei the charge needs.
    /// @param available The process's budget, in NYN-wei.
    error GasMeterBudgetExhausted(uint256 pid, uint256 required, uint256 available);
    /// @notice The charge would take process `pid` to `used` gas in epoch `epoch`, over its per-epoch quota `limit`
    /// (`user` made the call).
    /// @param pid The process.
    /// @param user The account the charge was for.
    /// @param epoch The current epoch.
    /// @param used The process's gas in the epoch with the charge.
    /// @param limit The process quota, in gas per epoch.
    error GasMeterProcessQuotaExceeded(uint256 pid, address user, uint256 epoch, uint256 used, uint256 limit);
    /// @notice The charge would take `user` to `used` gas on process `pid` in epoch `epoch`, over the per-user quota
    /// `limit`.
    /// @param pid The process.
    /// @param user The account the charge was for.
    /// @param epoch The current epoch.
    /// @param used The user's gas on the process in the epoch with the charge.
    /// @param limit The per-user quota, in gas per epoch.
    error GasMeterUserQuotaExceeded(uint256 pid, address user, uint256 epoch, uint256 used, uint256 limit);
    /// @notice `account` is not the contract of process `pid` (`instance` is).
    /// @param pid The process.
    /// @param account The caller.
    /// @param instance The process's contract.
    error GasMeterNotProcessInstance(uint256 pid, address account, address instance);
    /// @notice Process `pid` is not running (effective status `status`: 2 = Suspended, 3 = Terminated): its budget
    /// cannot be spent.
    /// @param pid The process.
    /// @param status Its effective status.
    error GasMeterProcessNotRunning(uint256 pid, IProcessRegistry.Status status);
    /// @notice Process `pid` is terminated: its budget can only be withdrawn.
    /// @param pid The process.
    error GasMeterProcessTerminated(uint256 pid);
    /// @notice `caller` is not the owner of process `pid` (`owner` is).
    /// @param pid The process.
    /// @param caller The account that tried.
    /// @param owner The process's owner.
    error GasMeterNotProcessOwner(uint256 pid, address caller, address owner);
    /// @notice Withdrawing `amount` NYN-wei exceeds the budget `budget` of process `pid`.
    /// @param pid The process.
    /// @param amount The NYN-wei asked for.
    /// @param budget The process's budget, in NYN-wei.
    error GasMeterWithdrawExceedsBudget(uint256 pid, uint256 amount, uint256 budget);
    /// @notice Collecting `amount` NYN-wei exceeds the uncollected fees `fees`.
    /// @param amount The NYN-wei asked for.
    /// @param fees The uncollected fees, in NYN-wei.
    error GasMeterFeesExceeded(uint256 amount, uint256 fees);
    /// @notice `relayer` has nothing to claim.
    /// @param relayer The caller.
    error GasMeterNothingToClaim(address relayer);
    /// @notice An amount of zero was given.
    error GasMeterZeroAmount();
    /// @notice The zero address was given for `what` (a recipient `to`, or the constructor's `nyn` token or the
    /// kernel's `registry`).
    /// @param what The name of the parameter that was the zero address.
    error GasMeterZeroAddress(string what);
    /// @notice `price` NYN-wei per gas is outside [`min`, `max`].
    /// @param price The price refused, in NYN-wei per gas.
    /// @param min `MIN_PRICE`, in NYN-wei per gas.
    /// @param max `MAX_PRICE`, in NYN-wei per gas.
    error GasMeterPriceOutOfBounds(uint256 price, uint256 min, uint256 max);
    /// @notice `length` seconds is outside [`min`, `max`].
    /// @param length The epoch length refused, in seconds.
    /// @param min `MIN_EPOCH_LENGTH`, in seconds.
    /// @param max `MAX_EPOCH_LENGTH`, in seconds.
    error GasMeterEpochLengthOutOfBounds(uint256 length, uint256 min, uint256 max);
    /// @notice `value` is above the largest value `max` this setting can hold.
    /// @param value The value refused (gas for quotas and caps, NYN-wei for thresholds and budgets).
    /// @param max The largest value the setting can hold, in the same unit.
    error GasMeterValueTooLarge(uint256 value, uint256 max);
    /// @notice Only the kernel's trusted forwarder may report relayed requests; `caller` tried.
    /// @param caller The account that called.
    error GasMeterOnlyForwarder(address caller);
    /// @notice Process `pid` does not reimburse relayed requests (its relay gas cap is 0).
    /// @param pid The process.
    error GasMeterRelayDisabled(uint256 pid);
    /// @notice Process `pid` reimburses only relayed requests signed by its owner or a holder of `capability`, and
    /// `signer` is neither: the relayer is not paid (the whole relayed request reverts; simulate before sending).
    /// @param pid The process.
    /// @param signer The request's signer.
    /// @param capability The capability the process requires of signers.
    error GasMeterRelaySignerNotAllowed(uint256 pid, address signer, bytes32 capability);
    /// @notice Process `pid` reimburses relayed requests only to its sponsored selectors, and the request called
    /// `selector`: the relayer is not paid (a lone relayed request reverts whole; a batched one is skipped).
    /// @param pid The process.
    /// @param selector The selector the request called (bytes4(0) for calldata shorter than 4 bytes).
    error GasMeterSelectorNotSponsored(uint256 pid, bytes4 selector);
    /// @notice Process `pid` does not reimburse relayed requests whose call reverts, and this one's did: the relayer
    /// is not paid (a lone relayed request reverts whole, a batched one is skipped; its nonce stays unused).
    /// @param pid The process.
    error GasMeterRevertedCallNotSponsored(uint256 pid);
    /// @notice Process `pid` is frozen: its budget, `budget` NYN-wei, is at or below its owner's freezing threshold,
    /// `threshold` NYN-wei, so metered and relayed work is refused (deposits, withdrawals and unmetered calls work).
    /// @param pid The process.
    /// @param budget Its budget, in NYN-wei.
    /// @param threshold Its freezing threshold, in NYN-wei.
    error GasMeterFrozen(uint256 pid, uint256 budget, uint256 threshold);

    // ------------------------------------------------------------------ budgets

    /// @notice Add `amount` NYN-wei from the caller to the budget of process `pid` (the caller must have approved
    /// the meter for `amount`).
    /// @dev Anyone. Reverts with `GasMeterZeroAmount`, `GasMeterProcessTerminated`, `ProcessRegistryUnknownProcess`,
    /// `KernelPaused`, `GasMeterValueTooLarge`, `ERC20InsufficientAllowance`, `ERC20InsufficientBalance`.
    /// @param pid The process to fund.
    /// @param amount NYN-wei to add.
    function deposit(uint256 pid, uint256 amount) external;

    /// @notice {deposit} with an EIP-2612 permit signed by the caller for (`amount`, `deadline`), in one transaction.
    /// A permit already used (e.g. front-run by someone who submitted it first) is ignored if the allowance suffices.
    /// @dev Anyone. Reverts as {deposit}, and with the token's permit error (`ERC2612ExpiredSignature`,
    /// `ERC2612InvalidSigner`) when the permit fails and the allowance does not cover `amount`.
    /// @param pid The process to fund.
    /// @param amount NYN-wei to add (and the permit's value).
    /// @param deadline The permit's deadline, in seconds since epoch.
    /// @param v The permit signature's recovery id.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function depositWithPermit(uint256 pid, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Send `amount` NYN-wei of the budget of process `pid` to `to`. Works in every status, so the owner of
    /// a terminated process recovers what is left.
    /// @dev Only the process's current owner. Reverts with `GasMeterNotProcessOwner`, `GasMeterZeroAmount`,
    /// `GasMeterZeroAddress`, `GasMeterWithdrawExceedsBudget`, `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param amount NYN-wei to withdraw.
    /// @param to The recipient.
    function withdraw(uint256 pid, uint256 amount, address to) external;

    // ------------------------------------------------------------------ charging (syscalls)

    /// @notice Charge process `pid` for a metered call of `user` that used `gasUsed` gas (measured by the process,
    /// including its share of the unmeasurable overhead, priced for the first charge of a transaction); the meter
    /// adds the gas of the charge itself, takes the warm and dirty prices when this transaction already charged
    /// (EIP-1153 records), and adds the transaction's intrinsic gas and calldata (EIP-2028, EIP-7623 floor from
    /// Prague on) once per transaction when `txCalldataTokens` is given. Counts the gas against the epoch quotas and
    /// pays `gas × price` from the budget to the fees.
    /// @dev Only the process's own contract (checked against the registry), while it runs. Reverts with
    /// `GasMeterNotProcessInstance`, `GasMeterProcessNotRunning`, `GasMeterProcessQuotaExceeded`,
    /// `GasMeterUserQuotaExceeded`, `GasMeterBudgetExhausted`, `GasMeterFrozen`, `ProcessRegistryUnknownProcess`.
    /// Emits `GasCharged` and, when the budget crosses the owner's threshold, `BudgetLow`.
    /// @param pid The process charged.
    /// @param user The account the call served (the ERC-2771 sender), for the per-user quota.
    /// @param gasUsed The gas the process measured, with its unmeasured overhead (gas).
    /// @param txCalldataTokens The EIP-7623 calldata tokens of the transaction (`CalldataGas.tokens(msg.data)`) when
    /// the metered function's caller is the transaction's sender (`msg.sender == tx.origin`), else
    /// `CalldataGas.NOT_SENDER` (type(uint256).max).
    /// @return cost The NYN-wei charged.
    function charge(
        uint256 pid,
        address user,
        uint256 gasUsed,
        uint256 txCalldataTokens
    ) external returns (uint256 cost);

    /// @notice Reimburse `relayer` for relaying a request that `user` signed to `target`, the contract of process
    /// `pid`: the gas the forwarder measured (`gasUsed`) plus the charge itself (warm and dirty prices when this
    /// transaction already charged), plus the transaction's intrinsic gas and calldata once per transaction when
    /// `txCalldataTokens` is given, capped at the process's relay gas cap, is charged to the budget (and counted
    /// against the quotas) and credited to the relayer's claimable balance.
    /// @dev Only the kernel's trusted forwarder (`KernelForwarder.executeRelayed`), whether the relayed call itself
    /// succeeded or not. Reverts with `GasMeterOnlyForwarder`, `GasMeterNotProcessInstance`,
    /// `GasMeterProcessNotRunning`, `GasMeterRelayDisabled`, the quota errors, `GasMeterBudgetExhausted`,
    /// `GasMeterFrozen`. Emits `GasCharged` and `RelayerReimbursed` (and maybe `BudgetLow`).
    /// @param pid The process that pays.
    /// @param user The signer of the relayed request.
    /// @param target The contract the request called (must be the contract of `pid`).
    /// @param relayer The account credited (the forwarder's caller).
    /// @param gasUsed The gas the forwarder measured, with its unmeasured overhead (gas).
    /// @param txCalldataTokens The EIP-7623 calldata tokens of the transaction when the relayer is the transaction's
    /// sender, else `CalldataGas.NOT_SENDER` (type(uint256).max).
    /// @param selector The first four bytes of the relayed call's data (the selector rule's subject).
    /// @param succeeded Whether the relayed call succeeded (a reverted one is reimbursed only while the process
    /// sponsors reverted calls, else `GasMeterRevertedCallNotSponsored`).
    /// @return reimbursement The NYN-wei credited to `relayer`.
    function chargeRelay(
        uint256 pid,
        address user,
        address target,
        address relayer,
        uint256 gasUsed,
        uint256 txCalldataTokens,
        bytes4 selector,
        bool succeeded
    ) external returns (uint256 reimbursement);

    /// @notice Charge one request of a relayed batch exactly as {chargeRelay} charges a lone one (same checks, rules,
    /// quotas, relay cap and `GasCharged`), but owe the reimbursement to the batch's relayer in transient storage
    /// (EIP-1153) until {creditBatchRelayer} credits it once per process for the whole batch. The first request of
    /// each process in the batch also carries that credit's `RelayerReimbursed`, and the batch's first request the
    /// relayer's claimable write.
    /// @dev Only the kernel's trusted forwarder (`KernelForwarder.executeRelayedBatch`, in the request's own call
    /// frame: a refused request's charge is undone with it). Reverts as {chargeRelay}.
    /// @param pid The process that pays.
    /// @param user The signer of the relayed request.
    /// @param target The contract the request called (must be the contract of `pid`).
    /// @param relayer The account the batch credits.
    /// @param gasUsed The gas the forwarder measured for the request, with its share of the transaction (gas).
    /// @param selector The first four bytes of the relayed call's data.
    /// @param succeeded Whether the relayed call succeeded.
    /// @return cost The NYN-wei charged to the budget and owed to `relayer`.
    function chargeBatchedRelay(
        uint256 pid,
        address user,
        address target,
        address relayer,
        uint256 gasUsed,
        bytes4 selector,
        bool succeeded
    ) external returns (uint256 cost);

    /// @notice Credit `relayer` with what the batch's charges ({chargeBatchedRelay}) owe it: one `RelayerReimbursed`
    /// per process of `pids` owed anything (a PID listed twice is credited once), one write of its claimable balance.
    /// Source: the relayer reimbursed "once per batch per process" (issue 17), as an ERC-4337 bundler is paid once per
    /// `handleOps` to its beneficiary.
    /// @dev Only the kernel's trusted forwarder, at the end of `executeRelayedBatch`. Reverts with
    /// `GasMeterOnlyForwarder` only.
    /// @param relayer The account credited (the batch's refund receiver).
    /// @param pids The batch's PIDs (as the relayer gave them; the loop is over this calldata).
    /// @return reimbursement The NYN-wei credited to `relayer`, in all.
    function creditBatchRelayer(address relayer, uint256[] calldata pids) external returns (uint256 reimbursement);

    /// @notice Send the caller's claimable reimbursements to `to` (pull payment).
    /// @dev Any relayer. Reverts with `GasMeterNothingToClaim`, `GasMeterZeroAddress`.
    /// @return amount The NYN-wei sent.
    /// @param to The recipient.
    function claim(address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ owner settings

    /// @notice Set the quotas of process `pid`: `processQuota` gas per epoch for all its users together and
    /// `userQuota` gas per epoch for each user (0 = unlimited). Take effect on the next charge; usage so far this
    /// epoch counts. Per-user usage is only recorded while a per-user quota is set.
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `GasMeterValueTooLarge` (process quota
    /// above `MAX_PROCESS_QUOTA`, user quota above `MAX_USER_QUOTA`), `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param processQuota Gas per epoch for all users together (0 = unlimited).
    /// @param userQuota Gas per epoch for each user (0 = unlimited).
    function setQuota(uint256 pid, uint256 processQuota, uint256 userQuota) external;

    /// @notice Set the low-budget threshold of process `pid` to `threshold` NYN-wei (0 = off).
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `GasMeterValueTooLarge`,
    /// `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param threshold The threshold, in NYN-wei (0 = off).
    function setLowBudgetThreshold(uint256 pid, uint256 threshold) external;

    /// @notice Set the freezing threshold of process `pid` to `threshold` NYN-wei (0 = off): while the budget is at or
    /// below it, every metered call and relayed request of the process is refused with `GasMeterFrozen` before it is
    /// charged (a relayed request is not reimbursed; in a batch it is skipped), so the budget keeps a reserve the
    /// owner chose. Deposits, withdrawals and unmetered calls still work; a deposit above the threshold unfreezes.
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `GasMeterValueTooLarge` (above
    /// `MAX_FREEZE_THRESHOLD`), `ProcessRegistryUnknownProcess`. Source: the ICP canister freezing threshold.
    /// @param pid The process.
    /// @param threshold The threshold, in NYN-wei (0 = off).
    function setFreezeThreshold(uint256 pid, uint256 threshold) external;

    /// @notice The freezing threshold of process `pid`.
    /// @param pid The process.
    /// @return The threshold, in NYN-wei (0 = off).
    function freezeThresholdOf(uint256 pid) external view returns (uint256);

    /// @notice How the budget of process `pid` stands: 2 frozen (at or below the freezing threshold: metered and
    /// relayed work refused), 1 low (below the low-budget threshold), 0 healthy.
    /// @param pid The process.
    /// @return health 0 healthy, 1 low, 2 frozen.
    /// @return budget The budget, in NYN-wei.
    /// @return spendable The NYN-wei above the freezing threshold (what metered work may still spend).
    function budgetHealth(uint256 pid) external view returns (uint8 health, uint256 budget, uint256 spendable);

    /// @notice Set the most gas reimbursed to a relayer per relayed request to process `pid` (0 = relayed requests
    /// are not reimbursed: `chargeRelay` reverts). A relayer spending more is paid the cap.
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `GasMeterValueTooLarge`,
    /// `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param gasCap The most gas reimbursed per relayed request (0 = none).
    function setRelayGasCap(uint256 pid, uint256 gasCap) external;

    /// @notice Reimburse relayed requests to process `pid` only when signed by its owner or by a holder of
    /// `capability` on it (an unexpired ACL process capability of the current ownership generation); zero lifts the
    /// restriction. Throw-away keys then cannot make a relayer be paid from the budget, whatever the per-user quota.
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `ProcessRegistryUnknownProcess`. The check
    /// costs the relayed request one registry and one ACL read (charged to it like the rest of the relay).
    /// @param pid The process.
    /// @param capability The capability a signer must hold (bytes32(0): anyone).
    function setRelaySignerCapability(uint256 pid, bytes32 capability) external;

    /// @notice The capability a relayed request's signer must hold for process `pid` to reimburse the relayer
    /// (bytes32(0): anyone).
    /// @param pid The process.
    /// @return The capability id.
    function relaySignerCapability(uint256 pid) external view returns (bytes32);

    /// @notice Mark `selectors` of process `pid`'s contract as functions relayed requests may reach at the budget's
    /// expense (`sponsored`) or not, for when the selector rule is on (`setRelaySelectorsOnly`). Source: ERC-4337
    /// paymaster policies, OZ AccessManager's per-function roles. Emits `RelaySelectorSet` per selector.
    /// @dev Only the process owner; the loop is over the caller's own list. Reverts with `GasMeterNotProcessOwner`,
    /// `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param selectors Function selectors of the process's contract.
    /// @param sponsored Whether relayed calls of them are reimbursed.
    function setRelaySelectors(uint256 pid, bytes4[] calldata selectors, bool sponsored) external;

    /// @notice Turn the selector rule of process `pid` on (`only`: a relayed request is reimbursed only when it calls
    /// a sponsored selector, else `chargeRelay` reverts with `GasMeterSelectorNotSponsored` and the relayer is not
    /// paid) or off. Direct and metered calls are not affected. Emits `RelaySelectorsOnlySet`.
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param only Whether the rule is on.
    function setRelaySelectorsOnly(uint256 pid, bool only) external;

    /// @notice Agree (`sponsored`, the default) or refuse to reimburse relayed requests to process `pid` whose call
    /// reverts. Refused: a relayed request whose call reverts is not paid (`GasMeterRevertedCallNotSponsored`): a lone
    /// one reverts whole (the relayer bears its gas, the nonce stays unused), a batched one is skipped. Source:
    /// ERC-4337 paymasters, which decide in `postOp` whether a reverted operation is paid. Emits
    /// `RelayRevertedCallsSponsoredSet`.
    /// @dev Only the process owner. Reverts with `GasMeterNotProcessOwner`, `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @param sponsored Whether relayers are paid for reverted calls.
    function setRelayRevertedCallsSponsored(uint256 pid, bool sponsored) external;

    /// @notice Whether process `pid` reimburses relayed requests whose call reverts.
    /// @param pid The process.
    /// @return Whether reverted calls are sponsored (true unless the owner refused).
    function relayRevertedCallsSponsored(uint256 pid) external view returns (bool);

    /// @notice Whether process `pid`'s selector rule is on.
    /// @param pid The process.
    /// @return Whether relayed requests must call a sponsored selector.
    function relaySelectorsOnly(uint256 pid) external view returns (bool);

    /// @notice Whether relayed calls of `selector` of process `pid`'s contract are sponsored (they are reimbursed
    /// when the selector rule is on).
    /// @param pid The process.
    /// @param selector The function selector.
    /// @return Whether it is sponsored.
    function isRelaySelectorSponsored(uint256 pid, bytes4 selector) external view returns (bool);

    // ------------------------------------------------------------------ governance

    /// @notice Set the price to `newPrice` NYN-wei per gas, within [`MIN_PRICE`, `MAX_PRICE`]. Applies to charges
    /// from now on; past charges are never repriced.
    /// @dev Holders of `SET_METER_PARAMS_PERMISSION` on the meter (governance). Reverts with `ACLUnauthorized`,
    /// `GasMeterPriceOutOfBounds`.
    /// @param newPrice The new price, in NYN-wei per gas.
    function setPrice(uint256 newPrice) external;

    /// @notice Set the epoch length to `newLength` seconds, within [`MIN_EPOCH_LENGTH`, `MAX_EPOCH_LENGTH`]. A new
    /// epoch (the current number + 1) starts now, so quotas start afresh.
    /// @dev Holders of `SET_METER_PARAMS_PERMISSION`. Reverts with `ACLUnauthorized`,
    /// `GasMeterEpochLengthOutOfBounds`.
    /// @param newLength The new epoch length, in seconds.
    function setEpochLength(uint256 newLength) external;

    /// @notice Send `amount` NYN-wei of the fees (what direct metered calls paid) to `to`.
    /// @dev Holders of `COLLECT_METER_FEES_PERMISSION` on the meter (governance). Reverts with `ACLUnauthorized`,
    /// `GasMeterZeroAmount`, `GasMeterZeroAddress`, `GasMeterFeesExceeded`.
    /// @param to The recipient.
    /// @param amount NYN-wei to send.
    function collectFees(address to, uint256 amount) external;

    // ------------------------------------------------------------------ views

    /// @notice The budget of process `pid`, in NYN-wei.
    /// @param pid The process.
    /// @return The budget, in NYN-wei.
    function budgetOf(uint256 pid) external view returns (uint256);

    /// @notice Gas charged to process `pid` in epoch `epoch` (known for the latest epoch with usage only; 0 for
    /// any other).
    /// @param pid The process.
    /// @param epoch The epoch number.
    /// @return Gas charged to the process in that epoch.
    function usage(uint256 pid, uint256 epoch) external view returns (uint256);

    /// @notice Gas charged to process `pid` for `user` in epoch `epoch` (recorded while the process has a per-user
    /// quota; latest epoch with usage only).
    /// @param pid The process.
    /// @param user The user.
    /// @param epoch The epoch number.
    /// @return Gas charged to the process for `user` in that epoch.
    function userUsage(uint256 pid, address user, uint256 epoch) external view returns (uint256);

    /// @notice The quotas of process `pid` in gas per epoch (0 = unlimited).
    /// @param pid The process.
    /// @return processQuota Gas per epoch for all users together (0 = unlimited).
    /// @return userQuota Gas per epoch for each user (0 = unlimited).
    function quotaOf(uint256 pid) external view returns (uint256 processQuota, uint256 userQuota);

    /// @notice The price now, in NYN-wei per gas.
    /// @return The price, in NYN-wei per gas.
    function price() external view returns (uint256);

    /// @notice The reimbursements `relayer` can claim, in NYN-wei.
    /// @param relayer The relayer.
    /// @return Its claimable reimbursements, in NYN-wei.
    function claimable(address relayer) external view returns (uint256);

    /// @notice The fees not yet collected, in NYN-wei.
    /// @return The uncollected fees, in NYN-wei.
    function fees() external view returns (uint256);

    /// @notice The current epoch number.
    /// @return The current epoch number (from 1).
    function currentEpoch() external view returns (uint256);

    /// @notice The current epoch, the epoch length (seconds) and when the current epoch started and ends (seconds).
    /// @return epoch The current epoch number.
    /// @return epochLength The epoch length, in seconds.
    /// @return startedAt When the current epoch started, in seconds since epoch.
    /// @return endsAt When it ends, in seconds since epoch (if the length is not changed meanwhile).
    function epochInfo() external view returns (uint256 epoch, uint256 epochLength, uint256 startedAt, uint256 endsAt);

    /// @notice Everything about the metering of process `pid` (see {MeterInfo}). Reverts with
    /// `ProcessRegistryUnknownProcess`.
    /// @param pid The process.
    /// @return Its `MeterInfo` (budget, price, epoch, usage, quotas, thresholds, relay cap, runway, health).
    function meterInfo(uint256 pid) external view returns (MeterInfo memory);

    /// @notice How many more calls of `gasPerCall` gas each process `pid`'s budget pays for at the current price before
    /// it freezes (the budget above the freezing threshold / (price × gasPerCall)). The meter keeps no count of calls
    /// (it would cost every charge a storage write), so the caller gives the recent usage: `meter:status` and the
    /// console pass the average gas of the process's latest `GasCharged` events.
    /// @param pid The process.
    /// @param gasPerCall Gas per call (recent usage); 0 reverts with `GasMeterZeroAmount`.
    /// @return calls Whole calls left.
    function runwayCalls(uint256 pid, uint256 gasPerCall) external view returns (uint256 calls);

    /// @notice The NYN token budgets are held in.
    /// @return The NYN token's address.
    function nyn() external view returns (address);
}
