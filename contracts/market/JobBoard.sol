// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IJobBoard} from "../interfaces/IJobBoard.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {Permit} from "../libraries/Permit.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {MarketEscrow} from "./MarketEscrow.sol";

/// @title JobBoard
/// @notice The NYN OS gig-job module (see {IJobBoard}), installed by the kernel under `KernelIds.JOB_BOARD`: jobs
/// with milestone budgets escrowed in NYN, applications, assignment, submissions with review windows, change
/// requests with revision windows, consent-based cancellation, timeouts on both sides, disputes, fees to the
/// treasury.
/// @dev Every call is O(1) in the number of jobs, applicants and users. `postJob` loops over its own calldata
/// (at most `MAX_MILESTONES` milestones), never over state. Open jobs are an OpenZeppelin `EnumerableSet`.
contract JobBoard is MarketEscrow, IJobBoard {
    using SafeCast for uint256;
    using EnumerableSet for EnumerableSet.UintSet;

    /// @inheritdoc IJobBoard
    uint256 public constant MAX_MILESTONES = 16;
    /// @inheritdoc IJobBoard
    uint256 public constant REVIEW_WINDOW = 7 days;
    /// @inheritdoc IJobBoard
    uint256 public constant REVISION_WINDOW = 7 days;

    /// @custom:storage-location erc7201:nyn.storage.JobBoard
    struct JobBoardStorage {
        uint256 jobCount;
        mapping(uint256 jobId => Job) jobs;
        mapping(uint256 jobId => mapping(uint256 index => Milestone)) milestones;
        mapping(uint256 jobId => mapping(address worker => bool)) applied;
        EnumerableSet.UintSet openJobs;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.JobBoard")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant JOB_BOARD_STORAGE = 0x9a1b2ced5663e9da13102a3be13c2e4adce4ff9ff6b3a6cffe892fbc4dc22000;

    /// @notice Build the implementation for `kernel_` (see `KernelModule`).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) MarketEscrow(kernel_) {}

    /// @notice Initialise the job board (called once by the kernel through the proxy).
    /// @dev Reverts with `MarketEscrowZeroAddress`, `MarketEscrowFeeTooHigh`, `InvalidInitialization`.
    /// @param token_ The payment token (NYN). @param treasury_ Where fees are collected (the kernel root).
    /// @param feeBps_ The initial fee in basis points (at most `MAX_FEE_BPS`).
    function initialize(IERC20 token_, address treasury_, uint256 feeBps_) external initializer {
        __MarketEscrow_init(token_, treasury_, feeBps_);
    }

    // ------------------------------------------------------------------ posting and hiring

    /// @inheritdoc IJobBoard
    function postJob(
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI
    ) external nonReentrant returns (uint256 jobId) {
        (IERC20 token_, uint256 fee) = _tokenAndFeeWhenRunning(); // the kernel's pause check, with the token and fee
        jobId = _postJob(token_, 0, fee, milestoneAmounts, deadline, metadataURI);
    }

    /// @inheritdoc IJobBoard
    function postJobInToken(
        IERC20 token_,
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI
    ) external nonReentrant returns (uint256 jobId) {
        (, uint256 fee) = _tokenAndFeeWhenRunning(); // the kernel's pause check, with the fee
        uint256 tokenId = _approvedTokenId(token_);
        jobId = _postJob(token_, tokenId, fee, milestoneAmounts, deadline, metadataURI);
    }

    /// @inheritdoc IJobBoard
    function postJobWithPermit(
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 jobId) {
        (IERC20 token_, uint256 fee) = _tokenAndFeeWhenRunning(); // the kernel's pause check, with the token and fee
        _permitBudget(token_, milestoneAmounts, permitDeadline, v, r, s);
        jobId = _postJob(token_, 0, fee, milestoneAmounts, deadline, metadataURI);
    }

    /// @dev Use the caller's EIP-2612 permit for Σ `milestoneAmounts` of `token_` (the policy: see
    /// `Permit.permitOrAllowance`).
    function _permitBudget(
        IERC20 token_,
        uint256[] calldata milestoneAmounts,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) private {
        Permit.permitOrAllowance(
            token_,
            msg.sender,
            address(this),
            _budgetOf(milestoneAmounts),
            permitDeadline,
            v,
            r,
            s
        );
    }

    /// @dev Post a job for `msg.sender` paid in `token_` (token id `tokenId`, 0: NYN) with fee `fee` (see {postJob}).
    function _postJob(
        IERC20 token_,
        uint256 tokenId,
        uint256 fee,
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI
    ) private returns (uint256 jobId) {
        uint256 count = milestoneAmounts.length;
        if (count == 0) revert JobBoardNoMilestones();
        if (count > MAX_MILESTONES) revert JobBoardTooManyMilestones(count, MAX_MILESTONES);
        if (deadline <= block.timestamp) revert JobBoardDeadlineInPast(deadline, block.timestamp);
        JobBoardStorage storage $ = _s();
        jobId = ++$.jobCount;
        uint256 budget = _storeMilestones($.milestones[jobId], milestoneAmounts);
        Job storage j = $.jobs[jobId];
        j.client = msg.sender;
        j.status = JobStatus.Open;
        j.milestoneCount = uint8(count); // <= MAX_MILESTONES
        j.feeBps = uint16(fee); // <= MAX_FEE_BPS
        j.deadline = deadline.toUint40();
        j.escrowed = budget.toUint96();
        if (tokenId != 0) j.tokenId = uint8(tokenId); // <= MAX_TOKENS
        $.openJobs.add(jobId);
        emit JobPosted(jobId, msg.sender, budget, milestoneAmounts, deadline, metadataURI);
        if (tokenId == 0) {
            _pullPayment(token_, msg.sender, budget);
        } else {
            emit JobPricedInToken(jobId, address(token_));
            _pullCheckedPayment(token_, msg.sender, budget);
        }
    }

    /// @dev Σ `amounts`, saturating (an absurd sum fails later with the milestone checks' own errors).
    function _budgetOf(uint256[] calldata amounts) private pure returns (uint256 budget) {
        for (uint256 i = 0; i < amounts.length; ++i) budget = Math.saturatingAdd(budget, amounts[i]);
    }

    /// @inheritdoc IJobBoard
    function applyForJob(uint256 jobId, string calldata proposalURI) external whenKernelNotPaused {
        JobBoardStorage storage $ = _s();
        Job storage j = _job(jobId);
        _checkStatus(jobId, j, JobStatus.Open);
        if (msg.sender == j.client) revert JobBoardClientCannotApply(jobId);
        _checkBeforeDeadline(jobId, j);
        if ($.applied[jobId][msg.sender]) revert JobBoardAlreadyApplied(jobId, msg.sender);
        $.applied[jobId][msg.sender] = true;
        emit JobApplied(jobId, msg.sender, proposalURI);
    }

    /// @inheritdoc IJobBoard
    function assignWorker(uint256 jobId, address worker) external {
        JobBoardStorage storage $ = _s();
        Job storage j = _job(jobId);
        _checkClient(jobId, j);
        _checkStatus(jobId, j, JobStatus.Open);
        _checkBeforeDeadline(jobId, j);
        if (!$.applied[jobId][worker]) revert JobBoardNotApplicant(jobId, worker);
        j.worker = worker;
        j.status = JobStatus.Assigned;
        $.openJobs.remove(jobId);
        emit JobAssigned(jobId, worker);
    }

    // ------------------------------------------------------------------ milestones

    /// @inheritdoc IJobBoard
    function submitMilestone(uint256 jobId, string calldata deliverableURI, bytes32 deliverableHash) external {
        Job storage j = _job(jobId);
        _checkStatus(jobId, j, JobStatus.Assigned);
        address worker = j.worker;
        if (msg.sender != worker) revert JobBoardNotWorker(jobId, msg.sender, worker);
        uint256 index = j.currentMilestone;
        Milestone storage m = _s().milestones[jobId][index];
        _checkWorkerTime(jobId, j, index, m);
        _checkMilestone(jobId, index, m, MilestoneStatus.Pending);
        uint256 reviewDeadline = block.timestamp + REVIEW_WINDOW;
        m.status = MilestoneStatus.Submitted;
        m.reviewDeadline = uint40(reviewDeadline); // block.timestamp + 7 days < 2^40
        m.deliverableHash = deliverableHash;
        emit MilestoneSubmitted(jobId, index, deliverableURI, deliverableHash, reviewDeadline);
    }

    /// @inheritdoc IJobBoard
    function approveMilestone(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        _checkClient(jobId, j);
        (uint256 index, Milestone storage m) = _currentMilestone(jobId, j, MilestoneStatus.Submitted);
        _payMilestone(jobId, j, index, m, false);
    }

    /// @inheritdoc IJobBoard
    function requestChanges(uint256 jobId, string calldata noteURI) external {
        Job storage j = _job(jobId);
        _checkClient(jobId, j);
        (uint256 index, Milestone storage m) = _currentMilestone(jobId, j, MilestoneStatus.Submitted);
        uint256 reviewDeadline = m.reviewDeadline;
        if (block.timestamp > reviewDeadline) {
            revert JobBoardReviewWindowClosed(jobId, index, reviewDeadline, block.timestamp);
        }
        // The worker keeps at least REVISION_WINDOW to resubmit or dispute, even past the job deadline.
        uint256 revisionDeadline = block.timestamp + REVISION_WINDOW;
        uint256 deadline = j.deadline;
        if (deadline > revisionDeadline) revisionDeadline = deadline;
        m.status = MilestoneStatus.Pending;
        m.revisionDeadline = uint40(revisionDeadline); // a uint40 deadline, or block.timestamp + 7 days < 2^40
        emit MilestoneChangesRequested(jobId, index, noteURI, revisionDeadline);
    }

    /// @inheritdoc IJobBoard
    function claimMilestone(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        (uint256 index, Milestone storage m) = _currentMilestone(jobId, j, MilestoneStatus.Submitted);
        uint256 reviewDeadline = m.reviewDeadline;
        if (block.timestamp <= reviewDeadline) {
            revert JobBoardReviewWindowOpen(jobId, index, reviewDeadline, block.timestamp);
        }
        _payMilestone(jobId, j, index, m, true);
    }

    // ------------------------------------------------------------------ endings

    /// @inheritdoc IJobBoard
    function cancelJob(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        JobStatus status = j.status;
        if (status == JobStatus.Open) {
            _checkClient(jobId, j);
            _s().openJobs.remove(jobId);
        } else if (status == JobStatus.Assigned) {
            uint256 index = j.currentMilestone;
            MilestoneStatus ms = _s().milestones[jobId][index].status;
            if (ms == MilestoneStatus.Disputed) revert JobBoardInvalidMilestoneStatus(jobId, index, ms);
            if (msg.sender != j.worker) {
                // The client asks; the worker's own cancelJob then consents.
                if (msg.sender != j.client) revert JobBoardNotParty(jobId, msg.sender);
                if (j.cancelRequested) revert JobBoardCancelAlreadyRequested(jobId);
                j.cancelRequested = true;
                emit JobCancelRequested(jobId);
                return;
            }
        } else {
            revert JobBoardInvalidJobStatus(jobId, status);
        }
        emit JobCancelled(jobId, msg.sender, _close(j, JobStatus.Cancelled));
    }

    /// @inheritdoc IJobBoard
    function reclaimExpired(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        JobStatus status = j.status;
        if (status != JobStatus.Open && status != JobStatus.Assigned) revert JobBoardInvalidJobStatus(jobId, status);
        uint256 deadline = j.deadline;
        if (block.timestamp <= deadline) revert JobBoardDeadlineNotPassed(jobId, deadline, block.timestamp);
        if (status == JobStatus.Open) {
            _s().openJobs.remove(jobId);
        } else {
            uint256 index = j.currentMilestone;
            Milestone storage m = _s().milestones[jobId][index];
            _checkMilestone(jobId, index, m, MilestoneStatus.Pending);
            // Sent back for changes: the worker's revision window must have closed too.
            uint256 revisionDeadline = m.revisionDeadline;
            if (block.timestamp <= revisionDeadline) {
                revert JobBoardRevisionWindowOpen(jobId, index, revisionDeadline, block.timestamp);
            }
        }
        emit JobExpired(jobId, _close(j, JobStatus.Expired));
    }

    /// @inheritdoc IJobBoard
    function openDispute(uint256 jobId, string calldata evidenceURI) external nonReentrant returns (uint256 disputeId) {
        Job storage j = _job(jobId);
        _checkStatus(jobId, j, JobStatus.Assigned);
        address client = j.client;
        address worker = j.worker;
        if (msg.sender != client && msg.sender != worker) revert JobBoardNotParty(jobId, msg.sender);
        uint256 index = j.currentMilestone;
        Milestone storage m = _s().milestones[jobId][index];
        MilestoneStatus ms = m.status;
        if (ms == MilestoneStatus.Pending) {
            _checkWorkerTime(jobId, j, index, m);
        } else if (ms == MilestoneStatus.Submitted) {
            uint256 reviewDeadline = m.reviewDeadline;
            if (block.timestamp > reviewDeadline) {
                revert JobBoardReviewWindowClosed(jobId, index, reviewDeadline, block.timestamp);
            }
        } else {
            revert JobBoardInvalidMilestoneStatus(jobId, index, ms);
        }
        m.status = MilestoneStatus.Disputed;
        disputeId = _openDisputeFor(client, worker, m.amount, _feeAndToken(j), jobId, msg.sender, evidenceURI);
        emit MilestoneDisputed(jobId, index, disputeId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IJobBoard
    function job(uint256 jobId) external view returns (Job memory) {
        return _job(jobId);
    }

    /// @inheritdoc IJobBoard
    function milestone(uint256 jobId, uint256 index) external view returns (Milestone memory) {
        uint256 count = _job(jobId).milestoneCount;
        if (index >= count) revert JobBoardUnknownMilestone(jobId, index, count);
        return _s().milestones[jobId][index];
    }

    /// @inheritdoc IJobBoard
    function hasApplied(uint256 jobId, address worker) external view returns (bool) {
        return _s().applied[jobId][worker];
    }

    /// @inheritdoc IJobBoard
    function jobCount() external view returns (uint256) {
        return _s().jobCount;
    }

    /// @inheritdoc IJobBoard
    function openJobCount() external view returns (uint256) {
        return _s().openJobs.length();
    }

    /// @inheritdoc IJobBoard
    function openJobs(uint256 offset, uint256 limit) external view returns (uint256[] memory ids, Job[] memory jobs) {
        JobBoardStorage storage $ = _s();
        uint256 total = $.openJobs.length();
        uint256 count = 0;
        if (offset < total) count = limit < total - offset ? limit : total - offset;
        ids = new uint256[](count);
        jobs = new Job[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = $.openJobs.at(offset + i);
            ids[i] = id;
            jobs[i] = $.jobs[id];
        }
    }

    // ------------------------------------------------------------------ internals

    /// @dev Store the milestone amounts (each > 0); returns their sum.
    function _storeMilestones(
        mapping(uint256 index => Milestone) storage ms,
        uint256[] calldata amounts
    ) private returns (uint256 budget) {
        uint256 count = amounts.length;
        // Bounded by MAX_MILESTONES: a loop over the caller's calldata, not over stored state.
        for (uint256 i = 0; i < count; ++i) {
            uint256 amount = amounts[i];
            if (amount == 0) revert JobBoardZeroMilestone(i);
            ms[i].amount = amount.toUint96();
            budget += amount;
        }
    }

    /// @dev Credit the worker milestone `index` minus the fee and move on.
    function _payMilestone(uint256 jobId, Job storage j, uint256 index, Milestone storage m, bool byTimeout) private {
        uint256 amount = m.amount;
        m.status = MilestoneStatus.Approved;
        // Cannot underflow: `escrowed` is the sum of the unsettled milestones, this one included.
        unchecked {
            j.escrowed -= uint96(amount);
        }
        bool last = index + 1 == j.milestoneCount;
        (uint256 net, uint256 fee) = _payPayeeIn(
            j.tokenId,
            _accountKey(j.worker),
            amount,
            j.feeBps,
            last ? Completion.Job : Completion.None
        );
        emit MilestonePaid(jobId, index, net, fee, byTimeout);
        _advance(jobId, j, index);
    }

    /// @dev Milestone `index` is settled: the next one comes into play, or the job is complete. (A job whose last
    /// milestone was approved or claimed counted as completed for the worker when that milestone was paid.)
    function _advance(uint256 jobId, Job storage j, uint256 index) private {
        // Cannot overflow: index < milestoneCount <= MAX_MILESTONES.
        unchecked {
            ++index;
        }
        if (index == j.milestoneCount) {
            j.status = JobStatus.Completed;
            emit JobCompleted(jobId, j.worker);
        } else {
            j.currentMilestone = uint8(index); // < MAX_MILESTONES
        }
    }

    /// @dev End the job with `status`, crediting the client everything still escrowed; returns the refund.
    function _close(Job storage j, JobStatus status) private returns (uint256 refund) {
        refund = j.escrowed;
        j.escrowed = 0;
        j.status = status;
        _creditIn(j.tokenId, j.client, refund);
    }

    /// @dev A dispute over the current milestone of `jobId` was settled (the base credited both sides).
    function _onDisputeSettled(uint256 jobId, uint256 disputeId) internal override {
        JobBoardStorage storage $ = _s();
        Job storage j = $.jobs[jobId];
        uint256 index = j.currentMilestone;
        Milestone storage m = $.milestones[jobId][index];
        m.status = MilestoneStatus.Resolved;
        // Cannot underflow: `escrowed` is the sum of the unsettled milestones, this one included.
        unchecked {
            j.escrowed -= m.amount;
        }
        emit MilestoneResolved(jobId, index, disputeId);
        _advance(jobId, j, index);
    }

    /// @dev The default follows the work on record: a milestone never submitted (no review deadline ever set)
    /// refunds the client in full; one submitted at least once (awaiting review, or sent back for changes) pays the
    /// worker in full, minus the fee, as `claimMilestone` would. (The milestone cannot change while Disputed.)
    function _defaultPayerShareBps(uint256 jobId) internal view override returns (uint256) {
        JobBoardStorage storage $ = _s();
        return $.milestones[jobId][$.jobs[jobId].currentMilestone].reviewDeadline == 0 ? BPS : 0;
    }

    /// @dev The job's fee (basis points) and token id as `_openDisputeFor` takes them: feeBps | tokenId << 16.
    function _feeAndToken(Job storage j) private view returns (uint256) {
        return j.feeBps | (uint256(j.tokenId) << 16);
    }

    function _siblingModuleId() internal pure override returns (bytes32) {
        return KernelIds.MARKETPLACE;
    }

    function _job(uint256 jobId) private view returns (Job storage j) {
        j = _s().jobs[jobId];
        if (j.status == JobStatus.None) revert JobBoardUnknownJob(jobId);
    }

    function _checkClient(uint256 jobId, Job storage j) private view {
        address client = j.client;
        if (msg.sender != client) revert JobBoardNotClient(jobId, msg.sender, client);
    }

    function _checkStatus(uint256 jobId, Job storage j, JobStatus expected) private view {
        JobStatus status = j.status;
        if (status != expected) revert JobBoardInvalidJobStatus(jobId, status);
    }

    function _checkBeforeDeadline(uint256 jobId, Job storage j) private view {
        uint256 deadline = j.deadline;
        if (block.timestamp > deadline) revert JobBoardDeadlinePassed(jobId, deadline, block.timestamp);
    }

    /// @dev The worker may still act on Pending milestone `index` (submit, or dispute it): until the job deadline
    /// or, once the client sent it back for changes, until its revision deadline (never before the job deadline).
    function _checkWorkerTime(uint256 jobId, Job storage j, uint256 index, Milestone storage m) private view {
        uint256 deadline = j.deadline;
        if (block.timestamp <= deadline) return;
        uint256 revisionDeadline = m.revisionDeadline;
        if (revisionDeadline == 0) revert JobBoardDeadlinePassed(jobId, deadline, block.timestamp);
        if (block.timestamp > revisionDeadline) {
            revert JobBoardRevisionWindowClosed(jobId, index, revisionDeadline, block.timestamp);
        }
    }

    /// @dev The index and record of job `jobId`'s current milestone; reverts unless the job is Assigned and the
    /// milestone has status `expected`.
    function _currentMilestone(
        uint256 jobId,
        Job storage j,
        MilestoneStatus expected
    ) private view returns (uint256 index, Milestone storage m) {
        _checkStatus(jobId, j, JobStatus.Assigned);
        index = j.currentMilestone;
        m = _s().milestones[jobId][index];
        _checkMilestone(jobId, index, m, expected);
    }

    function _checkMilestone(uint256 jobId, uint256 index, Milestone storage m, MilestoneStatus expected) private view {
        MilestoneStatus status = m.status;
        if (status != expected) revert JobBoardInvalidMilestoneStatus(jobId, index, status);
    }

    function _s() private pure returns (JobBoardStorage storage $) {
        assembly {
            $.slot := JOB_BOARD_STORAGE
        }
    }
}
