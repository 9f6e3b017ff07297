// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title IKernelForwarder
/// @notice What NYN OS adds to OpenZeppelin's ERC-2771 forwarder: relayed requests whose relayer is reimbursed in NYN
/// from the budget of the process it called (the app pays for its users).
interface IKernelForwarder {
    /// @notice A relayed request carried ETH (`value`); reimbursed relaying does not forward value.
    /// @param value The request's `value`, in wei (must be 0).
    error KernelForwarderValueNotSupported(uint256 value);
    /// @notice `target` names no gas meter (it is not a kernel process), so no one can reimburse the relayer.
    /// @param target The request's target (`request.to`): not a kernel process, or one without a gas meter.
    error KernelForwarderNoGasMeter(address target);

    /// @notice `executeRelayedBatch` got `requests` requests but `pids` PIDs; there must be one PID per request.
    /// @param requests The number of requests.
    /// @param pids The number of PIDs.
    error KernelForwarderBatchLengthMismatch(uint256 requests, uint256 pids);
    /// @notice `relayBatchItem` was called by `caller`; only the forwarder itself calls it (from
    /// `executeRelayedBatch`).
    /// @param caller The caller.
    error KernelForwarderOnlySelf(address caller);
    /// @notice A batched request was skipped, unrun: `left` gas was left, not more than the `needed` gas the batch
    /// keeps back for crediting its relayer at the end.
    /// @param needed The gas kept back.
    /// @param left The gas left.
    error KernelForwarderInsufficientGas(uint256 needed, uint256 left);
    /// @notice A batched request's target names the gas meter `named`, not the batch's, `expected` (the one named by
    /// the batch's first charged request): one batch credits its relayer in one meter.
    /// @param target The request's target.
    /// @param named The meter it names.
    /// @param expected The batch's meter.
    error KernelForwarderMeterMismatch(address target, address named, address expected);

    /// @notice Request `index` of an `executeRelayedBatch` (signed as `from`) was skipped: it was invalid (signature,
    /// nonce, deadline, value, a target that does not trust this forwarder, names no gas meter or another one than the
    /// batch's) or its process's meter refused it (relaying disabled, sponsorship rules, a reverted call not
    /// sponsored, frozen, budget, quota, process not running, wrong PID). Its
    /// call and its nonce are undone, nobody is charged, and the relayer bears its gas; the other requests stand.
    /// @param index The request's position in the batch (from 0).
    /// @param from The request's `from` (unverified when the signature is what failed).
    /// @param reason The refusal's revert data (a custom error with its arguments), cut to `MAX_REVERT_DATA` bytes;
    /// empty when the request ran out of gas.
    event RelayedRequestSkipped(uint256 indexed index, address indexed from, bytes reason);

    /// @notice The call of a relayed request by `signer` (nonce `nonce`) reverted with `reason`: its revert data,
    /// cut to the forwarder's `MAX_REVERT_DATA` bytes (a custom error's selector and its first eight arguments), so
    /// relayers and users can decode why (`ExecutedForwardRequest` only says that it failed).
    /// @param signer The request's signer (the ERC-2771 sender of the call).
    /// @param nonce The request's nonce, as in `ExecutedForwardRequest`.
    /// @param reason The first bytes of the revert data (empty for a bare `revert()` or an out-of-gas failure).
    event RelayedCallReverted(address indexed signer, uint256 nonce, bytes reason);

    /// @notice Execute `request` (an EIP-712 `ForwardRequest` signed by `request.from`) on `request.to`, the contract
    /// of process `pid`, and have the process's gas meter reimburse the caller (the relayer) for the gas of the whole
    /// transaction, capped by the process owner. The relayer is reimbursed even if the call itself reverts (the nonce
    /// is used, `ExecutedForwardRequest(signer, nonce, false)` is emitted, and `RelayedCallReverted` carries the first
    /// `MAX_REVERT_DATA` bytes of the revert data); metered functions of the process do
    /// not charge separately during the request, so the budget is charged once.
    /// @dev Anyone (the relayer). Same validation as `execute` (signature, nonce, deadline, target trusts this
    /// forwarder) and the same 63/64 check: if the call got less gas than `request.gas`, the transaction fails
    /// with an invalid opcode (all gas consumed) and nothing is charged. Return data of a successful call is never
    /// copied; of a failed one at most `MAX_REVERT_DATA` bytes.
    /// Not reentrant. Reverts with `KernelForwarderValueNotSupported`, `ERC2771UntrustfulTarget`,
    /// `ERC2771ForwarderExpiredRequest`, `ERC2771ForwarderInvalidSigner`, `KernelForwarderNoGasMeter`,
    /// `ReentrancyGuardReentrantCall`, and whatever the meter's `chargeRelay` reverts with (budget, quotas, cap 0,
    /// process not running, wrong pid).
    /// @param request The signed request (value must be 0).
    /// @param pid The PID whose contract is `request.to` (the meter checks it).
    /// @return success Whether the relayed call succeeded.
    /// @return reimbursement The NYN-wei credited to the caller's claimable balance in the meter.
    function executeRelayed(
        ERC2771Forwarder.ForwardRequestData calldata request,
        uint256 pid
    ) external returns (bool success, uint256 reimbursement);

    /// @notice Relay many users' signed requests in one transaction (`requests[i]` to the contract of process
    /// `pids[i]`), each exactly as `executeRelayed` would: validated, executed without value, and charged to its own
    /// process's budget for its own measured gas (plus an equal share of the transaction's intrinsic gas and
    /// calldata when the caller sent the transaction), within that process's quotas, relay gas cap and sponsorship
    /// rules. The relayer is reimbursed once per process for the whole batch (one `RelayerReimbursed` per process, one
    /// write of its claimable balance), in the meter, to `refundReceiver` (the caller when zero); each request still
    /// gets its own `GasCharged`. A request that is invalid, that names another gas meter than the batch's, or that
    /// its meter refuses is skipped (`RelayedRequestSkipped`) without undoing the others (OpenZeppelin
    /// `ERC2771Forwarder.executeBatch` semantics with a refund receiver): its call and nonce are undone and nobody
    /// pays its gas but the relayer. A request whose call reverts uses its nonce and is charged to its process while
    /// the process sponsors reverted calls (the default; `IGasMeter.setRelayRevertedCallsSponsored`), else skipped.
    /// @dev Anyone (the relayer). Each request runs in a call frame of the forwarder's own (`relayBatchItem`), which
    /// is what undoes a refused request alone. A request whose call gets less than its `gas` fails its frame with an
    /// invalid opcode (as `executeRelayed` does), which consumes 63/64 of the gas left: the requests after it are then
    /// skipped for lack of gas (a relayer simulates first). The batch's meter is the one named by its first charged
    /// request. Not reentrant. Reverts with `KernelForwarderBatchLengthMismatch` and `ReentrancyGuardReentrantCall`;
    /// never for a single request.
    /// @param requests The signed requests (each `value` must be 0).
    /// @param pids The PID whose contract each request calls, one per request (each process's meter checks it).
    /// @param refundReceiver The account credited with the reimbursements in the meter (zero: the caller).
    /// @return relayed How many requests were executed and charged (skipped ones excluded; reverted calls included).
    /// @return reimbursement The NYN-wei credited to `refundReceiver`'s claimable balance in the meter, in all.
    function executeRelayedBatch(
        ERC2771Forwarder.ForwardRequestData[] calldata requests,
        uint256[] calldata pids,
        address refundReceiver
    ) external returns (uint256 relayed, uint256 reimbursement);

    /// @notice One request of `executeRelayedBatch`, in a call frame of its own: validate and execute it as
    /// `executeRelayed` does and charge it to its process (`IGasMeter.chargeBatchedRelay`), owing the reimbursement to
    /// `relayer` until the batch's end.
    /// @dev Only the forwarder itself (from `executeRelayedBatch`). Reverts with `KernelForwarderOnlySelf`,
    /// `KernelForwarderNoGasMeter`, `KernelForwarderMeterMismatch`, the validation errors of `executeRelayed`, and
    /// whatever the meter's `chargeBatchedRelay` reverts with.
    /// @param request The signed request.
    /// @param pid The PID whose contract is `request.to`.
    /// @param relayer The account the batch credits in the meter.
    /// @param share The request's share of the transaction's intrinsic gas and calldata, in gas.
    /// @param batchMeter The batch's gas meter so far (zero before its first charged request).
    /// @return cost The NYN-wei charged for this request (owed to `relayer`).
    /// @return meter The gas meter that charged it.
    function relayBatchItem(
        ERC2771Forwarder.ForwardRequestData calldata request,
        uint256 pid,
        address relayer,
        uint256 share,
        address batchMeter
    ) external returns (uint256 cost, address meter);

    /// @notice The contract a reimbursed relayed request is calling right now (zero outside `executeRelayed` and
    /// `executeRelayedBatch`). A metered function called by the forwarder skips its own charge when it is this target:
    /// the forwarder charges the whole request once.
    /// @return The target of the request being relayed (transient storage, EIP-1153), or zero.
    function meteredRelayTarget() external view returns (address);
}
