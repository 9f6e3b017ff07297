// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {IKernelForwarder} from "../interfaces/IKernelForwarder.sol";
import {IKernelProcess} from "../interfaces/IKernelProcess.sol";
import {IGasMeter} from "../interfaces/IGasMeter.sol";
import {CalldataGas} from "../libraries/CalldataGas.sol";

/// @title KernelForwarder
/// @notice The NYN OS trusted forwarder (ERC-2771): users sign EIP-712 `ForwardRequest`s and any relayer submits
/// them; kernel processes read the signing user with `_msgSender()`. OpenZeppelin's audited `ERC2771Forwarder`
/// (nonces, deadlines, the 63/64 gas check, batch execution) under the EIP-712 domain name "NYN OS Forwarder", plus
/// `executeRelayed`: the relayer is reimbursed in NYN from the budget of the process it called, so a user with no
/// ETH and no NYN can use a process (the app pays).
/// @dev The appended sender is always the verified signer; the meter reimburses only when the target is the
/// registry's contract for the given PID. Design record: docs/adr/0008-relayed-calls.md.
contract KernelForwarder is ERC2771Forwarder, ReentrancyGuardTransient, IKernelForwarder {
    using TransientSlot for bytes32;
    using TransientSlot for TransientSlot.AddressSlot;

    /// @notice Gas of an `executeRelayed` transaction that its own `gasleft()` readings cannot see, besides the
    /// intrinsic gas and calldata (computed from `msg.data` when the relayer is the transaction's sender) and the
    /// meter's `RELAY_CHARGE_OVERHEAD`: the dispatch and the reentrancy guard before the first reading, and the call
    /// into the meter (cold proxy account, ERC-1967 implementation slot and implementation: 7,300) after the last.
    /// @dev Derived by measurement, like `KernelProcess.METERED_CALL_OVERHEAD`: test/metatx/KernelForwarder.test.ts
    /// compares the reimbursed gas with the relayer's receipt (within 5 %).
    uint256 public constant RELAY_OVERHEAD = 7_980;
    /// @notice At most this many bytes of a relayed call's revert data are kept in `RelayedCallReverted`: a custom
    /// error's selector and up to eight 32-byte arguments. The rest is never copied (a revert-data bomb costs the
    /// forwarder nothing more).
    uint256 public constant MAX_REVERT_DATA = 260;
    /// @notice Gas of one request of an `executeRelayedBatch` that its own `gasleft()` readings cannot see, besides its
    /// share of the transaction's intrinsic gas and calldata and the meter's `RELAY_CHARGE_OVERHEAD`: the batch
    /// loop's step, copying the request's encoding into the self-call to `relayBatchItem`, the self-call (warm) and
    /// its dispatch and decoding before the first reading, and returning to the loop after the charge. (A skipped
    /// request's share is charged to no one: the relayer bears it.)
    /// @dev Derived by measurement, like `RELAY_OVERHEAD`: test/metatx/KernelForwarder.batch.test.ts compares the
    /// sum of a batch's charges with the relayer's receipt (within 5 %).
    uint256 public constant BATCH_ITEM_OVERHEAD = 10_600;
    /// @notice Gas of an `executeRelayedBatch` transaction outside its requests' frames, besides the intrinsic gas and
    /// calldata: the dispatch, the reentrancy guard, the length check and counting the calldata. Shared equally by
    /// the requests, with the intrinsic gas and calldata (only when the relayer sent the transaction itself).
    uint256 public constant BATCH_OVERHEAD = 2_900;
    /// @notice Gas kept back from a batch's request frames for crediting the relayer at the end
    /// (`IGasMeter.creditBatchRelayer`: the call, a new claimable slot), plus {CREDIT_GAS_PER_REQUEST} per request
    /// (one `RelayerReimbursed` per process at most). A request that would leave less is skipped with
    /// `KernelForwarderInsufficientGas`.
    uint256 public constant CREDIT_GAS = 40_000;
    /// @notice See {CREDIT_GAS}.
    uint256 public constant CREDIT_GAS_PER_REQUEST = 3_000;
    /// @dev Gas allowed for asking the target which gas meter it uses (an immutable read through an EIP-1167 clone).
    uint256 private constant GAS_METER_QUERY_GAS = 20_000;

    // keccak256(abi.encode(uint256(keccak256("nyn.transient.KernelForwarder.relayTarget")) - 1))
    //     & ~bytes32(uint256(0xff))
    bytes32 private constant RELAY_TARGET_SLOT = 0xe004700642af3dbe4bf208a0a59b7e62a264815c04d9700c28d931a8070c8400;
    // keccak256(abi.encode(uint256(keccak256("nyn.transient.KernelForwarder.knownTarget")) - 1))
    //     & ~bytes32(uint256(0xff))
    /// @dev The target of the batch's last charged request (its meter is the batch's), within an executeRelayedBatch.
    bytes32 private constant KNOWN_TARGET_SLOT = 0xe920a31f3717dd68f81f4e24c080e95a65a6e464b796118646448ac05245d300;

    constructor() ERC2771Forwarder("NYN OS Forwarder") {}

    /// @inheritdoc IKernelForwarder
    function executeRelayed(
        ForwardRequestData calldata request,
        uint256 pid
    ) external nonReentrant returns (bool success, uint256 reimbursement) {
        // Gas so far at any point = gasBase - gasleft().
        uint256 gasBase = gasleft() + RELAY_OVERHEAD;
        address signer;
        (success, signer) = _executeForMeter(request);
        reimbursement = _reimburse(request.to, pid, signer, gasBase, _selectorOf(request.data), success);
    }

    /// @inheritdoc IKernelForwarder
    function executeRelayedBatch(
        ForwardRequestData[] calldata requests,
        uint256[] calldata pids,
        address refundReceiver
    ) external nonReentrant returns (uint256 relayed, uint256 reimbursement) {
        uint256 n = requests.length;
        if (pids.length != n) revert KernelForwarderBatchLengthMismatch(n, pids.length);
        address credited = refundReceiver == address(0) ? msg.sender : refundReceiver;
        // Each request's share of the transaction's intrinsic gas and calldata (EIP-2028 rates) when the relayer sent
        // this transaction itself; a contract relayer pays its own transaction. The EIP-7623 floor is not applied: a
        // relayed request's execution costs far more than the floor's surcharge on its calldata.
        uint256 share;
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender == tx.origin && n != 0) {
            share =
                (CalldataGas.TX_BASE_GAS +
                    BATCH_OVERHEAD +
                    CalldataGas.tokens(msg.data) * CalldataGas.STANDARD_TOKEN_GAS) / n;
        }
        // The batch's gas meter: the one named by its first request charged; a request naming another is skipped.
        address meter;
        // Gas kept back from every request's frame for the credit at the end (a request starving its frame cannot
        // starve the credit of the requests before it).
        uint256 keep = CREDIT_GAS + CREDIT_GAS_PER_REQUEST * n;
        for (uint256 i; i < n; ++i) {
            if (gasleft() <= keep) {
                emit RelayedRequestSkipped(
                    i,
                    requests[i].from,
                    abi.encodeWithSelector(KernelForwarderInsufficientGas.selector, keep, gasleft())
                );
                continue;
            }
            (bool ok, address charged) = _relayBatchItem(requests[i], pids[i], credited, share, meter, i, keep);
            if (ok) {
                meter = charged;
                // Cannot overflow: at most n requests.
                unchecked {
                    ++relayed;
                }
            }
        }
        // One credit per process for the whole batch (RelayerReimbursed), one claimable write.
        if (relayed != 0) {
            KNOWN_TARGET_SLOT.asAddress().tstore(address(0));
            reimbursement = IGasMeter(meter).creditBatchRelayer(credited, pids);
        }
    }

    /// @inheritdoc IKernelForwarder
    function relayBatchItem(
        ForwardRequestData calldata request,
        uint256 pid,
        address relayer,
        uint256 share,
        address batchMeter
    ) external returns (uint256 cost, address meter) {
        uint256 gasBase = gasleft() + BATCH_ITEM_OVERHEAD + share;
        if (msg.sender != address(this)) revert KernelForwarderOnlySelf(msg.sender);
        address target = request.to;
        // The last target this batch charged names the batch's meter: asked once per run of requests to one target.
        if (target == KNOWN_TARGET_SLOT.asAddress().tload()) {
            meter = batchMeter;
        } else {
            meter = _gasMeterOf(target);
            if (meter == address(0)) revert KernelForwarderNoGasMeter(target);
            if (batchMeter != address(0) && meter != batchMeter) {
                revert KernelForwarderMeterMismatch(target, meter, batchMeter);
            }
            KNOWN_TARGET_SLOT.asAddress().tstore(target);
        }
        bytes4 selector = _selectorOf(request.data);
        (bool success, address signer) = _executeForMeter(request);
        cost = IGasMeter(meter).chargeBatchedRelay(
            pid,
            signer,
            target,
            relayer,
            gasBase - gasleft(),
            selector,
            success
        );
    }

    /// @inheritdoc IKernelForwarder
    function meteredRelayTarget() external view returns (address) {
        return RELAY_TARGET_SLOT.asAddress().tload();
    }

    /// @dev Validate and execute `request` like `ERC2771Forwarder.execute`, but without value and without reverting
    /// when the call fails (the relayer is paid for it), with the target recorded in transient storage meanwhile.
    function _executeForMeter(ForwardRequestData calldata request) private returns (bool success, address signer) {
        if (request.value != 0) revert KernelForwarderValueNotSupported(request.value);
        bool isTrustedForwarder;
        bool active;
        bool signerMatch;
        (isTrustedForwarder, active, signerMatch, signer) = _validate(request);
        if (!isTrustedForwarder) revert ERC2771UntrustfulTarget(request.to, address(this));
        if (!active) revert ERC2771ForwarderExpiredRequest(request.deadline);
        if (!signerMatch) revert ERC2771ForwarderInvalidSigner(signer, request.from);

        uint256 nonce = _useNonce(signer);
        address target = request.to;
        uint256 reqGas = request.gas;
        bytes memory data = abi.encodePacked(request.data, request.from);
        RELAY_TARGET_SLOT.asAddress().tstore(target);
        uint256 gasLeft;
        // As in ERC2771Forwarder._execute: no return data is copied (a return-data bomb costs the forwarder nothing).
        assembly ("memory-safe") {
            success := call(reqGas, target, 0, add(data, 0x20), mload(data), 0x00, 0x00)
            gasLeft := gas()
        }
        // ERC2771Forwarder._checkForwardedGas (private there): if the call may have had less than `reqGas`, fail
        // consuming all gas, so a relayer cannot make the call run out of gas yet be paid for it.
        if (gasLeft < reqGas / 63) {
            assembly ("memory-safe") {
                invalid()
            }
        }
        RELAY_TARGET_SLOT.asAddress().tstore(address(0));
        emit ExecutedForwardRequest(signer, nonce, success);
        if (!success) emit RelayedCallReverted(signer, nonce, _boundedRevertData());
    }

    /// @dev Relay request `index` of a batch in a call frame of its own (`relayBatchItem`), so that a request that is
    /// invalid or that its process's meter refuses is undone alone: it is skipped (`RelayedRequestSkipped`, with at
    /// most `MAX_REVERT_DATA` bytes of the reason; no return data is copied beyond that). Returns whether it was
    /// relayed and what the relayer was reimbursed for it.
    function _relayBatchItem(
        ForwardRequestData calldata request,
        uint256 pid,
        address relayer,
        uint256 share,
        address batchMeter,
        uint256 index,
        uint256 keep
    ) private returns (bool ok, address meter) {
        (ok, meter) = _callBatchItem(request, pid, relayer, share, batchMeter, keep);
        if (!ok) emit RelayedRequestSkipped(index, request.from, _boundedRevertData());
    }

    /// @dev The call `relayBatchItem(request, pid, relayer, share)`, built by copying the request's ABI encoding as it
    /// is in this call's calldata (its offsets are relative to its own start, so they stay valid): no decoding and
    /// re-encoding of its fields. Scratch memory past the free memory pointer, never allocated. (Split from
    /// `_relayBatchItem` so that an unoptimised build, as solidity-coverage's, is not "stack too deep".)
    function _callBatchItem(
        ForwardRequestData calldata request,
        uint256 pid,
        address relayer,
        uint256 share,
        address batchMeter,
        uint256 keep
    ) private returns (bool ok, address meter) {
        uint256 end = _encodingEnd(request);
        bytes4 selector = this.relayBatchItem.selector;
        assembly ("memory-safe") {
            let size := sub(end, request)
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), 0xa0)
            mstore(add(ptr, 0x24), pid)
            mstore(add(ptr, 0x44), relayer)
            mstore(add(ptr, 0x64), share)
            mstore(add(ptr, 0x84), batchMeter)
            calldatacopy(add(ptr, 0xa4), request, size)
            ok := call(sub(gas(), keep), address(), 0, ptr, add(0xa4, size), 0x00, 0x40)
            if ok {
                meter := mload(0x20)
            }
        }
    }

    /// @dev Where `request`'s ABI encoding ends in calldata: after its data or its signature, whichever is last.
    function _encodingEnd(ForwardRequestData calldata request) private pure returns (uint256 end) {
        bytes calldata data = request.data;
        bytes calldata signature = request.signature;
        assembly ("memory-safe") {
            end := add(data.offset, data.length)
            let sigEnd := add(signature.offset, signature.length)
            if gt(sigEnd, end) {
                end := sigEnd
            }
        }
    }

    /// @dev The first `MAX_REVERT_DATA` bytes of the last call's revert data (all of it when shorter).
    function _boundedRevertData() private pure returns (bytes memory data) {
        uint256 size = MAX_REVERT_DATA;
        assembly ("memory-safe") {
            if lt(returndatasize(), size) {
                size := returndatasize()
            }
            data := mload(0x40)
            mstore(data, size)
            returndatacopy(add(data, 0x20), 0, size)
            mstore(0x40, add(add(data, 0x20), and(add(size, 0x1f), not(0x1f))))
        }
    }

    /// @dev The selector a relayed call's data starts with (bytes4(0) when shorter than four bytes).
    function _selectorOf(bytes calldata data) private pure returns (bytes4 selector) {
        assembly ("memory-safe") {
            if gt(data.length, 3) {
                selector := and(calldataload(data.offset), shl(224, 0xffffffff))
            }
        }
    }

    /// @dev Have the gas meter of `target` reimburse the caller for the transaction so far (`gasBase - gasleft()`).
    function _reimburse(
        address target,
        uint256 pid,
        address signer,
        uint256 gasBase,
        bytes4 selector,
        bool succeeded
    ) private returns (uint256) {
        address meter = _gasMeterOf(target);
        if (meter == address(0)) revert KernelForwarderNoGasMeter(target);
        // A relayer that sent this transaction itself pays its intrinsic gas and calldata for this request: the meter
        // counts them once per transaction. A contract relayer (a constructor included) pays its own transaction.
        uint256 txTokens = CalldataGas.NOT_SENDER;
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender == tx.origin) txTokens = CalldataGas.tokens(msg.data);
        return
            IGasMeter(meter).chargeRelay(
                pid,
                signer,
                target,
                msg.sender,
                gasBase - gasleft(),
                txTokens,
                selector,
                succeeded
            );
    }

    /// @dev The gas meter `target` names (`IKernelProcess.gasMeter()`), read with bounded gas and a fixed 32-byte
    /// return (no return-data bomb); zero if it names none. A target that is not a kernel process can only name a
    /// meter that is not the kernel's: the kernel's meter reimburses only for the registry's contract of the PID.
    function _gasMeterOf(address target) private view returns (address meter) {
        bytes4 selector = IKernelProcess.gasMeter.selector;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            let ok := staticcall(GAS_METER_QUERY_GAS, target, 0x00, 0x04, 0x00, 0x20)
            if and(ok, gt(returndatasize(), 0x1f)) {
                meter := and(mload(0x00), 0xffffffffffffffffffffffffffffffffffffffff)
            }
        }
    }
}
