// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title IKernelForwarder
/// @notice What NYN OS adds to OpenZeppelin's ERC-2771 forwarder: relayed requests whose relayer is reimbursed in NYN
/// from the budget of the process it called (the app pays for its users).
interface IKernelForwarder {
    /// @notice A relayed request carried ETH (`value`); reimbursed relaying does not forward value.
    error KernelForwarderValueNotSupported(uint256 value);
    /// @notice `target` names no gas meter (it is not a kernel process), so no one can reimburse the relayer.
    error KernelForwarderNoGasMeter(address target);

    /// @notice `executeRelayedBatch` got `requests` requests but `pids` PIDs; there must be one PID per request.
    /// @param requests The number of requests.
    /// @param pids The number of PIDs.
    error KernelForwarderBatchLengthMismatch(uint256 requests, uint256 pids);
    /// @notice `relayBatchItem` was called by `caller`; only the forwarder itself calls it (from
    /// `executeRelayedBatch`).
    /// @param caller The caller.
    error KernelForwarderOnlySelf(address caller);

    /// @notice Request `index` of an `executeRelayedBatch` (signed as `from`) was skipped: it was invalid (signature,
    /// nonce, deadline, value, a target that does not trust this forwarder or names no gas meter) or its process's
    /// meter refused it (relaying disabled, signer not allowed, budget, quota, process not running, wrong PID). Its
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
    /// calldata when the caller sent the transaction), within that process's quotas and relay gas cap. The relayer
    /// is reimbursed once per request, in the meter, to `refundReceiver` (the caller when zero). A request that is
    /// invalid or that its meter refuses is skipped (`RelayedRequestSkipped`) without undoing the others
    /// (OpenZeppelin `ERC2771Forwarder.executeBatch` semantics with a refund receiver): nobody pays its gas but the
    /// relayer. A request whose call reverts still uses its nonce and is charged to its process, as in
    /// `executeRelayed` (the process agreed to pay for reverted calls by opting into relaying with a relay gas cap).
    /// @dev Anyone (the relayer). Each request runs in a call frame of the forwarder's own (`relayBatchItem`), which
    /// is what undoes a refused request alone. A request whose call gets less than its `gas` fails its frame with an
    /// invalid opcode (as `executeRelayed` does), which consumes 63/64 of the gas left: the requests after it are then
    /// skipped for lack of gas (a relayer simulates first). Not reentrant. Reverts with
    /// `KernelForwarderBatchLengthMismatch` and `ReentrancyGuardReentrantCall`; never for a single request.
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

    /// @notice One request of `executeRelayedBatch`, in a call frame of its own: validate, execute and charge it as
    /// `executeRelayed` does, crediting `relayer`.
    /// @dev Only the forwarder itself (from `executeRelayedBatch`). Reverts with `KernelForwarderOnlySelf`, the
    /// validation errors of `executeRelayed`, `KernelForwarderNoGasMeter`, and whatever the meter's `chargeRelay`
    /// reverts with.
    /// @param request The signed request.
    /// @param pid The PID whose contract is `request.to`.
    /// @param relayer The account credited in the meter.
    /// @param share The request's share of the transaction's intrinsic gas and calldata, in gas.
    /// @return reimbursement The NYN-wei credited to `relayer` for this request.
    function relayBatchItem(
        ERC2771Forwarder.ForwardRequestData calldata request,
        uint256 pid,
        address relayer,
        uint256 share
    ) external returns (uint256 reimbursement);

    /// @notice The contract a reimbursed relayed request is calling right now (zero outside `executeRelayed` and
    /// `executeRelayedBatch`). A metered function called by the forwarder skips its own charge when it is this target:
    /// the forwarder charges the whole request once.
    /// @return The target of the request being relayed (transient storage, EIP-1153), or zero.
    function meteredRelayTarget() external view returns (address);
}
