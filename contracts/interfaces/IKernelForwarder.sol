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

    /// @notice The contract a reimbursed relayed request is calling right now (zero outside `executeRelayed`). A
    /// metered function called by the forwarder skips its own charge when it is this target: the forwarder charges
    /// the whole request once.
    function meteredRelayTarget() external view returns (address);
}
