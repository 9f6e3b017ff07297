// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMarketEscrow} from "./IMarketEscrow.sol";

/// @title IJobBoard
/// @notice The NYN OS gig-job board. A client posts a job with its budget split into milestones, all escrowed in
/// NYN; workers apply; the client assigns one applicant; the worker submits the milestones in order (deliverable URI
/// and hash); the client approves each (the worker is credited the milestone minus the fee) or requests changes,
/// which gives the worker a revision window (at least `REVISION_WINDOW`, even past the job deadline) to resubmit or
/// dispute: work submitted in time ends in approval, a claim, a dispute or a resubmission, never in a reclaim.
/// Before assignment the client may cancel for a full refund; after it, cancelling needs the worker's consent (the
/// worker calls `cancelJob`) or a dispute. A client silent past the review window lets anyone pay the worker the
/// submitted milestone (`claimMilestone`); a worker who misses the job deadline (and the revision window, if changes
/// were requested) lets anyone refund the unearned part to the client (`reclaimExpired`). Either party may dispute
/// the current milestone while it is in play; the arbiter rules a split. An arbiter silent for `ARBITRATION_WINDOW`
/// lets anyone settle by default, following the work on record: a milestone never submitted refunds the client in
/// full; a milestone submitted at least once (awaiting review, or sent back for changes) pays the worker in full,
/// minus the fee. Payments are pulled (`withdraw`).
/// @dev The milestone in play is `currentMilestone`; milestones before it are settled. When a job ends Cancelled
/// or Expired, milestones from `currentMilestone` on were refunded to the client. "Open jobs" (posted, not yet
/// assigned, cancelled or expired) are kept in an enumerable set: O(1) per write, paginated reads.
interface IJobBoard is IMarketEscrow {
    /// @notice Life of a job. Completed, Cancelled and Expired are terminal.
    enum JobStatus {
        None,
        Open, // accepting applications
        Assigned, // a worker is on it
        Completed, // every milestone settled
        Cancelled, // cancelled before assignment, or with the worker's consent
        Expired // the deadline passed; the unearned part went back to the client
    }

    /// @notice Life of a milestone.
    enum MilestoneStatus {
        Pending, // not submitted, or sent back for changes (then open to the worker until `revisionDeadline`)
        Submitted, // waiting for the client's review until `reviewDeadline`
        Approved, // the worker was credited (approved, or claimed after the review window)
        Disputed, // waiting for the arbiter
        Resolved // the dispute was ruled (or settled by default)
    }

    /// @notice A job (two storage slots).
    struct Job {
        address client;
        JobStatus status;
        uint8 milestoneCount;
        uint8 currentMilestone; // index of the milestone in play
        uint16 feeBps; // the fee locked when the job was posted
        uint40 deadline; // seconds: last second to apply, be assigned or submit (a sent-back milestone: see below)
        bool cancelRequested; // the client asked to cancel; the worker consents by calling `cancelJob`
        uint8 tokenId; // the payment token's id in the token list (0: NYN; see `tokenAt`)
        address worker;
        uint96 escrowed; // NYN-wei still escrowed for this job (unsettled milestones)
    }

    /// @notice A milestone.
    struct Milestone {
        uint96 amount; // NYN-wei
        MilestoneStatus status;
        uint40 reviewDeadline; // seconds: the end of the last submission's review window (0: never submitted)
        uint40 revisionDeadline; // seconds: after a change request, the last second to resubmit or dispute (0: none)
        bytes32 deliverableHash; // of the last submission
    }

    /// @notice `client` posted `jobId` with milestones `milestoneAmounts` (NYN-wei, escrowed: `budget` in total),
    /// open until `deadline` (seconds); `metadataURI` describes the work.
    /// @param jobId The new job.
    /// @param client The client who posted it.
    /// @param budget Escrowed in total (NYN-wei, or the job token's smallest unit).
    /// @param milestoneAmounts Each milestone's amount, in order, in the same unit.
    /// @param deadline The job deadline, in seconds since epoch.
    /// @param metadataURI What the job is (emitted, not stored).
    event JobPosted(
        uint256 indexed jobId,
        address indexed client,
        uint256 budget,
        uint256[] milestoneAmounts,
        uint256 deadline,
        string metadataURI
    );
    /// @notice `worker` applied to `jobId` with proposal `proposalURI`.
    /// @param jobId The job.
    /// @param worker The applicant.
    /// @param proposalURI The application (emitted, not stored).
    event JobApplied(uint256 indexed jobId, address indexed worker, string proposalURI);
    /// @notice The client assigned `worker` to `jobId`.
    /// @param jobId The job.
    /// @param worker The assigned worker.
    event JobAssigned(uint256 indexed jobId, address indexed worker);
    /// @notice The worker submitted milestone `index` of `jobId`: `deliverableURI` with hash `deliverableHash`; the
    /// client has until `reviewDeadline` (seconds) to review it.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param deliverableURI Where the deliverable is (emitted, not stored).
    /// @param deliverableHash Its hash, stored.
    /// @param reviewDeadline The end of the client's review window, in seconds since epoch.
    event MilestoneSubmitted(
        uint256 indexed jobId,
        uint256 indexed index,
        string deliverableURI,
        bytes32 deliverableHash,
        uint256 reviewDeadline
    );
    /// @notice The client asked for changes to milestone `index` of `jobId` (`noteURI` explains); the worker may
    /// resubmit or dispute it until `revisionDeadline` (seconds), which is also when `reclaimExpired` opens.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param noteURI What to change (emitted, not stored).
    /// @param revisionDeadline The last second the worker may resubmit or dispute, in seconds since epoch.
    event MilestoneChangesRequested(
        uint256 indexed jobId,
        uint256 indexed index,
        string noteURI,
        uint256 revisionDeadline
    );
    /// @notice Milestone `index` of `jobId` was paid: the worker was credited `workerAmount` and `fee` went to the
    /// fees (NYN-wei); `byTimeout` when claimed after the review window rather than approved.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param workerAmount Credited to the worker (NYN-wei, or the job token's smallest unit).
    /// @param fee Added to the uncollected fees, in the same unit.
    /// @param byTimeout True if claimed after the review window, false if the client approved.
    event MilestonePaid(
        uint256 indexed jobId,
        uint256 indexed index,
        uint256 workerAmount,
        uint256 fee,
        bool byTimeout
    );
    /// @notice Milestone `index` of `jobId` was disputed by `openedBy` as dispute `disputeId`.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param disputeId The local dispute id.
    /// @param openedBy The party who opened it.
    event MilestoneDisputed(uint256 indexed jobId, uint256 indexed index, uint256 indexed disputeId, address openedBy);
    /// @notice The dispute over milestone `index` of `jobId` was settled: the milestone is Resolved.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param disputeId The local dispute id.
    event MilestoneResolved(uint256 indexed jobId, uint256 indexed index, uint256 indexed disputeId);
    /// @notice Every milestone of `jobId` is settled.
    /// @param jobId The job.
    /// @param worker The job's worker.
    event JobCompleted(uint256 indexed jobId, address indexed worker);
    /// @notice The client of `jobId` asked to cancel it after assignment; the worker may consent.
    /// @param jobId The job.
    event JobCancelRequested(uint256 indexed jobId);
    /// @notice `jobId` was cancelled by `by`; the client was credited `refund` NYN-wei.
    /// @param jobId The job.
    /// @param by The client (an open job), or the worker consenting to the client's request.
    /// @param refund Credited to the client (NYN-wei, or the job token's smallest unit).
    event JobCancelled(uint256 indexed jobId, address indexed by, uint256 refund);
    /// @notice `jobId` passed its deadline unfinished; the client was credited the unearned `refund` NYN-wei.
    /// @param jobId The job.
    /// @param refund Credited to the client (NYN-wei, or the job token's smallest unit).
    event JobExpired(uint256 indexed jobId, uint256 refund);

    /// @notice A job needs at least one milestone.
    error JobBoardNoMilestones();
    /// @notice `count` milestones were given; at most `maxCount` are allowed.
    /// @param count The number of milestones given.
    /// @param maxCount `MAX_MILESTONES`.
    error JobBoardTooManyMilestones(uint256 count, uint256 maxCount);
    /// @notice Milestone `index` has an amount of 0.
    /// @param index The index of the zero amount in `milestoneAmounts`.
    error JobBoardZeroMilestone(uint256 index);
    /// @notice The deadline `deadline` is not in the future (now `nowTime`).
    /// @param deadline The deadline refused, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardDeadlineInPast(uint256 deadline, uint256 nowTime);
    /// @notice No job has id `jobId`.
    /// @param jobId The job id asked for.
    error JobBoardUnknownJob(uint256 jobId);
    /// @notice `jobId` is `status`, which does not allow this.
    /// @param jobId The job.
    /// @param status Its status.
    error JobBoardInvalidJobStatus(uint256 jobId, JobStatus status);
    /// @notice Milestone `index` of `jobId` is `status`, which does not allow this.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param status Its status.
    error JobBoardInvalidMilestoneStatus(uint256 jobId, uint256 index, MilestoneStatus status);
    /// @notice `caller` is not the client (`client`) of `jobId`.
    /// @param jobId The job.
    /// @param caller The account that tried.
    /// @param client The job's client.
    error JobBoardNotClient(uint256 jobId, address caller, address client);
    /// @notice `caller` is not the worker (`worker`) of `jobId`.
    /// @param jobId The job.
    /// @param caller The account that tried.
    /// @param worker The job's worker (zero before assignment).
    error JobBoardNotWorker(uint256 jobId, address caller, address worker);
    /// @notice `caller` is neither the client nor the worker of `jobId`.
    /// @param jobId The job.
    /// @param caller The account that tried.
    error JobBoardNotParty(uint256 jobId, address caller);
    /// @notice The client of `jobId` cannot apply to it.
    /// @param jobId The job.
    error JobBoardClientCannotApply(uint256 jobId);
    /// @notice `worker` already applied to `jobId`.
    /// @param jobId The job.
    /// @param worker The applicant.
    error JobBoardAlreadyApplied(uint256 jobId, address worker);
    /// @notice `worker` did not apply to `jobId`.
    /// @param jobId The job.
    /// @param worker The account that did not apply.
    error JobBoardNotApplicant(uint256 jobId, address worker);
    /// @notice The deadline of `jobId` passed at `deadline` (now `nowTime`).
    /// @param jobId The job.
    /// @param deadline The job deadline, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardDeadlinePassed(uint256 jobId, uint256 deadline, uint256 nowTime);
    /// @notice The deadline of `jobId` is `deadline`, not yet passed (now `nowTime`).
    /// @param jobId The job.
    /// @param deadline The job deadline, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardDeadlineNotPassed(uint256 jobId, uint256 deadline, uint256 nowTime);
    /// @notice The review window of milestone `index` of `jobId` closed at `reviewDeadline` (now `nowTime`).
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param reviewDeadline The end of the review window, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardReviewWindowClosed(uint256 jobId, uint256 index, uint256 reviewDeadline, uint256 nowTime);
    /// @notice The review window of milestone `index` of `jobId` is open until `reviewDeadline` (now `nowTime`).
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param reviewDeadline The end of the review window, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardReviewWindowOpen(uint256 jobId, uint256 index, uint256 reviewDeadline, uint256 nowTime);
    /// @notice The revision window of milestone `index` of `jobId` closed at `revisionDeadline` (now `nowTime`).
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param revisionDeadline The end of the revision window, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardRevisionWindowClosed(uint256 jobId, uint256 index, uint256 revisionDeadline, uint256 nowTime);
    /// @notice The worker may resubmit milestone `index` of `jobId` until `revisionDeadline` (now `nowTime`).
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @param revisionDeadline The end of the revision window, in seconds since epoch.
    /// @param nowTime The block timestamp, in seconds since epoch.
    error JobBoardRevisionWindowOpen(uint256 jobId, uint256 index, uint256 revisionDeadline, uint256 nowTime);
    /// @notice `jobId` has `count` milestones; there is none at `index`.
    /// @param jobId The job.
    /// @param index The milestone index asked for.
    /// @param count The job's number of milestones.
    error JobBoardUnknownMilestone(uint256 jobId, uint256 index, uint256 count);
    /// @notice The client of `jobId` already asked to cancel it.
    /// @param jobId The job.
    error JobBoardCancelAlreadyRequested(uint256 jobId);

    /// @notice Job `jobId` (just posted) is paid in `token`, an approved token other than NYN (jobs without this event
    /// are paid in NYN); its milestone amounts, balances and fees are in that token's smallest unit.
    /// @param jobId The job.
    /// @param token The ERC-20 token.
    event JobPricedInToken(uint256 indexed jobId, address indexed token);

    /// @notice {postJob} paid in `token` (an approved token; NYN works too, as {postJob}): the budget is escrowed in
    /// that token, refused if the token delivers less than sent. No permit variant: approve the budget first.
    /// @dev Anyone, while the kernel is not paused. Reverts with `MarketEscrowTokenNotApproved`,
    /// `MarketEscrowFeeOnTransfer`, whatever the token's transfer reverts with, and as {postJob}.
    /// @param token The ERC-20 token (approved: see `tokenAt`, `tokenIdOf`).
    /// @param milestoneAmounts The token's smallest unit per milestone, in order (1 to `MAX_MILESTONES`, each > 0).
    /// @param deadline Seconds, as in {postJob}.
    /// @param metadataURI What the job is (emitted, not stored).
    /// @return jobId Sequential from 1.
    function postJobInToken(
        IERC20 token,
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI
    ) external returns (uint256 jobId);

    /// @notice Post a job: escrow the sum of `milestoneAmounts` (the caller must have approved this module).
    /// @dev Anyone, while the kernel is not paused. Reverts with `JobBoardNoMilestones`,
    /// `JobBoardTooManyMilestones`, `JobBoardZeroMilestone`, `JobBoardDeadlineInPast`,
    /// `SafeCastOverflowedUintDowncast`, `ERC20InsufficientAllowance`, `ERC20InsufficientBalance`, `KernelPaused`,
    /// `ReentrancyGuardReentrantCall`.
    /// @param milestoneAmounts NYN-wei per milestone, in order (1 to `MAX_MILESTONES`, each > 0).
    /// @param deadline Seconds: the last second to apply, be assigned and submit milestones (a milestone sent back
    /// for changes may be resubmitted until its `revisionDeadline`, which may be later).
    /// @param metadataURI What the job is (emitted, not stored).
    /// @return jobId Sequential from 1.
    function postJob(
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI
    ) external returns (uint256 jobId);

    /// @notice {postJob} with an EIP-2612 permit for the budget (Σ `milestoneAmounts`) signed by the caller, in one
    /// transaction: no separate approve, so a post that fails leaves no allowance behind. Permit policy
    /// (`Permit.permitOrAllowance`, as `GasMeter.depositWithPermit` and `Marketplace.buyWithPermit`): a permit that
    /// fails (e.g. already used by a front-runner who submitted it first) is ignored when the allowance already
    /// covers the budget; otherwise the call reverts with the permit's error.
    /// @dev Anyone, while the kernel is not paused. Reverts as {postJob}, and with the token's permit error
    /// (`ERC2612ExpiredSignature`, `ERC2612InvalidSigner`) when the permit fails and the allowance does not cover the
    /// budget.
    /// @param milestoneAmounts NYN-wei per milestone, as in {postJob}.
    /// @param deadline Seconds, as in {postJob}.
    /// @param metadataURI What the job is (emitted, not stored).
    /// @param permitDeadline Seconds: the permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return jobId Sequential from 1.
    function postJobWithPermit(
        uint256[] calldata milestoneAmounts,
        uint256 deadline,
        string calldata metadataURI,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 jobId);

    /// @notice Apply to an open job.
    /// @dev Anyone but the client, before the deadline, while the kernel is not paused. Reverts with
    /// `JobBoardUnknownJob`, `JobBoardInvalidJobStatus`, `JobBoardClientCannotApply`, `JobBoardAlreadyApplied`,
    /// `JobBoardDeadlinePassed`, `KernelPaused`.
    /// @param jobId The open job.
    /// @param proposalURI The application (emitted, not stored).
    function applyForJob(uint256 jobId, string calldata proposalURI) external;

    /// @notice Assign an applicant: the job leaves the open set and only `worker` may submit.
    /// @dev The client, while the job is Open, before the deadline. Reverts with `JobBoardUnknownJob`,
    /// `JobBoardNotClient`, `JobBoardInvalidJobStatus`, `JobBoardNotApplicant`, `JobBoardDeadlinePassed`.
    /// @param jobId The job.
    /// @param worker An applicant.
    function assignWorker(uint256 jobId, address worker) external;

    /// @notice Submit the current milestone for review; the client has `REVIEW_WINDOW` seconds to review it.
    /// @dev The assigned worker, while the milestone is Pending, until the job deadline or, if the client sent the
    /// milestone back, until its `revisionDeadline` (whichever is later). Reverts with `JobBoardUnknownJob`,
    /// `JobBoardNotWorker`, `JobBoardInvalidJobStatus`, `JobBoardInvalidMilestoneStatus`, `JobBoardDeadlinePassed`
    /// (never sent back), `JobBoardRevisionWindowClosed` (sent back, and the revision window closed).
    /// @param jobId The job.
    /// @param deliverableURI Where the deliverable is (emitted, not stored).
    /// @param deliverableHash Its hash (e.g. keccak-256 or a CID digest), stored.
    function submitMilestone(uint256 jobId, string calldata deliverableURI, bytes32 deliverableHash) external;

    /// @notice Approve the submitted milestone: the worker is credited its amount minus the fee.
    /// @dev The client, while the milestone is Submitted. Reverts with `JobBoardUnknownJob`, `JobBoardNotClient`,
    /// `JobBoardInvalidJobStatus`, `JobBoardInvalidMilestoneStatus`, `ReentrancyGuardReentrantCall`.
    /// @param jobId The job.
    function approveMilestone(uint256 jobId) external;

    /// @notice Send the submitted milestone back to the worker: it becomes Pending again, and the worker may resubmit
    /// or dispute it until `revisionDeadline` = max(job deadline, now + `REVISION_WINDOW`) seconds; until then
    /// `reclaimExpired` is refused. So a change request never turns work submitted in time into a refund, even one
    /// sent a second before the review window closes and after the job deadline.
    /// @dev The client, within the review window (possibly after the job deadline). Reverts with
    /// `JobBoardUnknownJob`, `JobBoardNotClient`, `JobBoardInvalidJobStatus`, `JobBoardInvalidMilestoneStatus`,
    /// `JobBoardReviewWindowClosed`.
    /// @param jobId The job.
    /// @param noteURI What to change (emitted, not stored).
    function requestChanges(uint256 jobId, string calldata noteURI) external;

    /// @notice Pay the worker a submitted milestone the client left unreviewed past the review window.
    /// @dev Anyone. Reverts with `JobBoardUnknownJob`, `JobBoardInvalidJobStatus`,
    /// `JobBoardInvalidMilestoneStatus`, `JobBoardReviewWindowOpen`, `ReentrancyGuardReentrantCall`.
    /// @param jobId The job.
    function claimMilestone(uint256 jobId) external;

    /// @notice Cancel a job. Open: the client cancels and is refunded everything. Assigned: the worker's call
    /// cancels (consent) and refunds the unsettled milestones to the client; the client's call only records a
    /// request (`JobCancelRequested`) for the worker to consent to.
    /// @dev The client or the worker; not while the current milestone is Disputed. Reverts with
    /// `JobBoardUnknownJob`, `JobBoardNotClient`, `JobBoardNotParty`, `JobBoardInvalidJobStatus`,
    /// `JobBoardInvalidMilestoneStatus`, `JobBoardCancelAlreadyRequested`, `ReentrancyGuardReentrantCall`.
    /// @param jobId The job.
    function cancelJob(uint256 jobId) external;

    /// @notice Once the job deadline has passed, refund the client the unearned part: everything if the job was
    /// never assigned, else the milestones from the current one on, if the current one is Pending and its revision
    /// window (if the client sent it back) has closed too (a Submitted one must be reviewed or claimed first, a
    /// Disputed one ruled).
    /// @dev Anyone. Reverts with `JobBoardUnknownJob`, `JobBoardInvalidJobStatus`,
    /// `JobBoardInvalidMilestoneStatus`, `JobBoardDeadlineNotPassed`, `JobBoardRevisionWindowOpen`,
    /// `ReentrancyGuardReentrantCall`.
    /// @param jobId The job.
    function reclaimExpired(uint256 jobId) external;

    /// @notice Dispute the current milestone: while Pending (until the job deadline, or its revision deadline if
    /// it was sent back for changes, whichever is later) or Submitted (within the review window). Its amount is then
    /// split by the arbiter; an arbiter silent past `ARBITRATION_WINDOW` leaves the default: the client refunded in
    /// full if the milestone was never submitted, else the worker paid in full minus the fee.
    /// @dev The client or the worker of an assigned job. Reverts with `JobBoardUnknownJob`, `JobBoardNotParty`,
    /// `JobBoardInvalidJobStatus`, `JobBoardInvalidMilestoneStatus`, `JobBoardDeadlinePassed`,
    /// `JobBoardRevisionWindowClosed`, `JobBoardReviewWindowClosed`, `ReentrancyGuardReentrantCall`.
    /// @param jobId The job.
    /// @param evidenceURI The opener's evidence (ERC-1497), may be empty.
    /// @return disputeId The local dispute id.
    function openDispute(uint256 jobId, string calldata evidenceURI) external returns (uint256 disputeId);

    /// @notice The most milestones a job may have: 16.
    /// @return The most milestones a job may have.
    function MAX_MILESTONES() external view returns (uint256);

    /// @notice Seconds the client has to review a submitted milestone: 7 days.
    /// @return The review window, in seconds.
    function REVIEW_WINDOW() external view returns (uint256);

    /// @notice The least time (seconds) the worker has to resubmit or dispute a milestone sent back for changes,
    /// even past the job deadline: 7 days.
    /// @return The revision window in seconds.
    function REVISION_WINDOW() external view returns (uint256);

    /// @notice Job `jobId`. Reverts with `JobBoardUnknownJob`.
    /// @param jobId The job.
    /// @return Its `Job` (client, status, milestones, fee, deadline, worker, escrowed amount, token).
    function job(uint256 jobId) external view returns (Job memory);

    /// @notice Milestone `index` (from 0) of `jobId`. Reverts with `JobBoardUnknownJob`, `JobBoardUnknownMilestone`.
    /// @param jobId The job.
    /// @param index The milestone's index (from 0).
    /// @return Its `Milestone` (amount, status, review and revision deadlines, deliverable hash).
    function milestone(uint256 jobId, uint256 index) external view returns (Milestone memory);

    /// @notice Whether `worker` applied to `jobId`.
    /// @param jobId The job.
    /// @param worker The account.
    /// @return True if `worker` applied to the job.
    function hasApplied(uint256 jobId, address worker) external view returns (bool);

    /// @notice The number of jobs ever posted (ids run from 1 to this).
    /// @return The number of jobs ever posted (the highest job id).
    function jobCount() external view returns (uint256);

    /// @notice The number of open jobs.
    /// @return The number of open jobs.
    function openJobCount() external view returns (uint256);

    /// @notice Open jobs, paginated (`offset` from 0; order changes as jobs leave the set).
    /// @param offset The first position to return (0-based).
    /// @param limit The most jobs to return.
    /// @return ids The open job ids at positions [offset, offset + limit) (fewer at the end).
    /// @return jobs The jobs, in the same order.
    function openJobs(uint256 offset, uint256 limit) external view returns (uint256[] memory ids, Job[] memory jobs);
}
