// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IMarketEscrow
/// @notice What the two NYN OS market modules (Marketplace and JobBoard) share: NYN escrow with pull payments
/// (`withdraw`), a governed fee in basis points (hard cap 10 %) accounted as uncollected fees and collected to the
/// governed treasury, on-chain reputation, and disputes ruled by a single final split.
/// @dev Arbitration: ERC-792 (`rule`, `Ruling`) and ERC-1497 (`Dispute`, `Evidence`). By default the holders of
/// `ARBITER_PERMISSION` on the module (granted through the ACL by governance) rule disputes by their local id.
/// Governance may plug in an external ERC-792 arbitrator (`setArbitrator`): new disputes are then also submitted to
/// it (`IArbitrator.createDispute`) and it rules with its own dispute id. A ruling is the payer's (buyer's or
/// client's) share of the disputed amount in basis points; the fee is taken from the payee's share only, so
/// payer + payee + fee = the disputed amount. A dispute nobody rules within `ARBITRATION_WINDOW` can be settled by
/// anyone with the module's default share, so every escrow can be settled once all deadlines pass: the Marketplace
/// splits evenly (`DEFAULT_PAYER_SHARE_BPS`); the JobBoard follows the work on record (see {IJobBoard}). A default
/// settlement counts towards reputation like a ruling of the same share.
interface IMarketEscrow {
    /// @notice An account's market reputation (all counters since deployment).
    struct Reputation {
        uint32 completedSales; // orders the account sold that completed (confirmed or claimed after the window)
        uint32 completedJobs; // jobs the account worked whose last milestone was approved or claimed
        uint32 disputesOpened; // disputes the account opened
        uint32 disputesWon; // disputes ruled (or settled by default) more than 50 % in the account's favour
        uint32 disputesLost; // disputes ruled (or settled by default) less than 50 % in the account's favour
    }

    /// @notice Life of a dispute.
    enum DisputeStatus {
        None,
        Open, // waiting for a ruling
        Ruled, // ruled by an arbiter or the external arbitrator (terminal)
        DefaultSettled // nobody ruled within the window; settled at the default share (terminal)
    }

    /// @notice One dispute over an escrowed amount.
    struct DisputeRecord {
        address payer; // buyer or client: receives `payerShareBps` of `amount`
        uint96 amount; // NYN-wei in dispute
        address payee; // seller or worker: receives the rest minus the fee
        uint16 feeBps; // the fee locked when the escrow was created
        uint40 rulingDeadline; // seconds; last second a ruling is accepted
        DisputeStatus status;
        uint16 payerShareBps; // the final ruling (valid once status is Ruled or DefaultSettled)
        uint8 tokenId; // the escrow's payment token: its id in this module's token list (0: NYN; see `tokenAt`)
        address arbitrator; // the external ERC-792 arbitrator it was submitted to, or zero (ARBITER holders)
        uint256 escrowId; // the module's escrow: an order id (Marketplace) or a job id (JobBoard)
        address openedBy; // the party who opened it
    }

    /// @notice The fee changed from `oldFeeBps` to `newFeeBps` (basis points; applies to escrows created later).
    /// @param oldFeeBps The fee before, in basis points.
    /// @param newFeeBps The fee now, in basis points.
    event FeeChanged(uint256 oldFeeBps, uint256 newFeeBps);
    /// @notice Fees are now collected to `newTreasury` (was `oldTreasury`).
    /// @param oldTreasury The treasury before.
    /// @param newTreasury The treasury now.
    event TreasuryChanged(address indexed oldTreasury, address indexed newTreasury);
    /// @notice New disputes are submitted to `newArbitrator` (zero: ruled by `ARBITER_PERMISSION` holders).
    /// @param oldArbitrator The arbitrator before (zero: `ARBITER_PERMISSION` holders).
    /// @param newArbitrator The arbitrator now (zero: `ARBITER_PERMISSION` holders).
    event ArbitratorChanged(address indexed oldArbitrator, address indexed newArbitrator);
    /// @notice `account` withdrew `amount` NYN-wei of its balance.
    /// @param account The account paid.
    /// @param amount NYN-wei withdrawn.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice `amount` NYN-wei of uncollected fees were sent to `treasury` (by `by`).
    /// @param treasury The account paid.
    /// @param amount NYN-wei sent.
    /// @param by The caller.
    event FeesCollected(address indexed treasury, uint256 amount, address indexed by);
    /// @notice Dispute `disputeId` was opened by `openedBy` over `amount` NYN-wei of escrow `escrowId`; it must be
    /// ruled by `rulingDeadline` (seconds).
    /// @param disputeId The local dispute id.
    /// @param escrowId The escrow disputed (an order id or a job id).
    /// @param openedBy The party who opened it.
    /// @param payer The buyer or client.
    /// @param payee The seller or worker.
    /// @param amount The amount in dispute (NYN-wei, or the escrow token's smallest unit).
    /// @param rulingDeadline The last second a ruling is accepted (Unix time, seconds).
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed escrowId,
        address indexed openedBy,
        address payer,
        address payee,
        uint256 amount,
        uint256 rulingDeadline
    );
    /// @notice Dispute `disputeId` ended (by a ruling, or by default when `byDefault`): the payer was credited
    /// `payerAmount`, the payee `payeeAmount`, and `fee` went to the uncollected fees (all NYN-wei).
    /// @param disputeId The local dispute id.
    /// @param payerShareBps The payer's share of the disputed amount, in basis points.
    /// @param payerAmount Credited to the payer (NYN-wei, or the escrow token's smallest unit).
    /// @param payeeAmount Credited to the payee, after the fee (same unit).
    /// @param fee Added to the uncollected fees (same unit).
    /// @param byDefault True if settled by default after the ruling window, false if ruled.
    event DisputeResolved(
        uint256 indexed disputeId,
        uint256 payerShareBps,
        uint256 payerAmount,
        uint256 payeeAmount,
        uint256 fee,
        bool byDefault
    );
    /// @notice ERC-1497: a dispute was created. `arbitrator` is the external arbitrator (or this module when
    /// ruled by `ARBITER_PERMISSION` holders), `disputeID` the arbitrator's id, `metaEvidenceID` the escrow id,
    /// `evidenceGroupID` the module's local dispute id.
    /// @param arbitrator The external arbitrator, or this module.
    /// @param disputeID The arbitrator's dispute id (the local id when this module rules).
    /// @param metaEvidenceID The escrow id (an order id or a job id).
    /// @param evidenceGroupID The module's local dispute id.
    event Dispute(
        address indexed arbitrator,
        uint256 indexed disputeID,
        uint256 metaEvidenceID,
        uint256 evidenceGroupID
    );
    /// @notice ERC-1497: `party` submitted evidence `evidence` (a URI) to local dispute `evidenceGroupID`.
    /// @param arbitrator The external arbitrator, or this module.
    /// @param evidenceGroupID The local dispute id.
    /// @param party The payer or payee who submitted it.
    /// @param evidence The evidence URI.
    event Evidence(address indexed arbitrator, uint256 indexed evidenceGroupID, address indexed party, string evidence);
    /// @notice ERC-792: `arbitrator` ruled `ruling` (the payer's share in basis points) on its dispute `disputeID`.
    /// @param arbitrator The account that ruled (an `ARBITER_PERMISSION` holder or the external arbitrator).
    /// @param disputeID The dispute id it ruled by (local, or the external arbitrator's).
    /// @param ruling The payer's share, in basis points.
    event Ruling(address indexed arbitrator, uint256 indexed disputeID, uint256 ruling);

    /// @notice Governance approved `token` for listings or jobs priced in it; it has id `tokenId` here (ids are never
    /// reused: a token approved again after its removal gets its old id back).
    /// @param token The ERC-20 token.
    /// @param tokenId Its id in this module's token list (1 to `MAX_TOKENS`; 0 is NYN).
    event TokenApproved(address indexed token, uint256 tokenId);
    /// @notice Governance removed `token` (id `tokenId`): no new listing, purchase or job in it; escrows in it settle.
    /// @param token The ERC-20 token.
    /// @param tokenId Its id in this module's token list.
    event TokenRemoved(address indexed token, uint256 tokenId);
    /// @notice `account` withdrew `amount` (the token's smallest unit) of `token` (a token other than NYN;
    /// NYN withdrawals emit `Withdrawn`).
    /// @param account The account paid.
    /// @param token The ERC-20 token.
    /// @param amount The token's smallest unit.
    event TokenWithdrawn(address indexed account, address indexed token, uint256 amount);
    /// @notice `by` sent `amount` of uncollected fees in `token` (a token other than NYN) to `treasury`.
    /// @param treasury The account paid.
    /// @param token The ERC-20 token.
    /// @param amount The token's smallest unit.
    /// @param by The caller.
    event TokenFeesCollected(address indexed treasury, address indexed token, uint256 amount, address indexed by);

    /// @notice `token` is not approved here (never was, or was removed): nothing new may be priced or paid in it.
    /// @param token The ERC-20 token.
    error MarketEscrowTokenNotApproved(address token);
    /// @notice `token` is approved here already (NYN always is).
    /// @param token The ERC-20 token.
    error MarketEscrowTokenAlreadyApproved(address token);
    /// @notice NYN, the default payment token, is always approved: it cannot be approved or removed.
    /// @param token The NYN token.
    error MarketEscrowDefaultToken(address token);
    /// @notice The token list is full: `maxTokens` tokens besides NYN have ids.
    /// @param maxTokens `MAX_TOKENS`.
    error MarketEscrowTooManyTokens(uint256 maxTokens);
    /// @notice `token` delivered `received` of the `expected` units sent (a fee-on-transfer or rebasing token):
    /// the escrow would be short, so the deposit is refused.
    /// @param token The ERC-20 token.
    /// @param expected The token's smallest unit, sent.
    /// @param received The token's smallest unit, arrived (this module's balance delta).
    error MarketEscrowFeeOnTransfer(address token, uint256 expected, uint256 received);

    /// @notice A zero address was given for `what`.
    /// @param what The name of the argument that was the zero address (`token`, `treasury`).
    error MarketEscrowZeroAddress(string what);
    /// @notice `feeBps` is above the hard cap `maxFeeBps` (basis points).
    /// @param feeBps The fee asked for, in basis points.
    /// @param maxFeeBps The hard cap `MAX_FEE_BPS`, in basis points.
    error MarketEscrowFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice An amount of zero was given.
    error MarketEscrowZeroAmount();
    /// @notice `account` tried to withdraw `amount` NYN-wei but holds `balance`.
    /// @param account The account withdrawing.
    /// @param balance Its withdrawable balance (NYN-wei, or the token's smallest unit).
    /// @param amount The amount asked for, in the same unit.
    error MarketEscrowInsufficientBalance(address account, uint256 balance, uint256 amount);
    /// @notice There are no uncollected fees.
    error MarketEscrowNoFees();
    /// @notice No dispute has id `disputeId`.
    /// @param disputeId The dispute id asked for.
    error MarketEscrowUnknownDispute(uint256 disputeId);
    /// @notice Dispute `disputeId` is `status`, not open.
    /// @param disputeId The local dispute id.
    /// @param status Its status (Ruled or DefaultSettled).
    error MarketEscrowDisputeNotOpen(uint256 disputeId, DisputeStatus status);
    /// @notice `ruling` is above `maxRuling` (10,000 basis points).
    /// @param ruling The ruling given, in basis points.
    /// @param maxRuling The largest ruling, 10,000 basis points.
    error MarketEscrowRulingOutOfRange(uint256 ruling, uint256 maxRuling);
    /// @notice The ruling window of dispute `disputeId` closed at `deadline` (now `nowTime`).
    /// @param disputeId The local dispute id.
    /// @param deadline The last second a ruling was accepted (Unix time, seconds).
    /// @param nowTime The block timestamp (seconds).
    error MarketEscrowRulingWindowClosed(uint256 disputeId, uint256 deadline, uint256 nowTime);
    /// @notice The ruling window of dispute `disputeId` is open until `deadline` (now `nowTime`).
    /// @param disputeId The local dispute id.
    /// @param deadline The last second a ruling is accepted (Unix time, seconds).
    /// @param nowTime The block timestamp (seconds).
    error MarketEscrowRulingWindowOpen(uint256 disputeId, uint256 deadline, uint256 nowTime);
    /// @notice `caller` may not rule dispute id `disputeId`: it holds no `ARBITER_PERMISSION` here and is not the
    /// external arbitrator of such a dispute.
    /// @param caller The account that tried to rule.
    /// @param disputeId The dispute id it gave (local, or an external arbitrator's).
    error MarketEscrowNotArbitrator(address caller, uint256 disputeId);
    /// @notice `caller` is not a party (payer or payee) of dispute `disputeId`.
    /// @param disputeId The local dispute id.
    /// @param caller The account that tried.
    error MarketEscrowNotParty(uint256 disputeId, address caller);

    /// @notice Withdraw `amount` NYN-wei of the caller's balance (pull payment).
    /// @dev Anyone with a balance. Not paused by the guardian (exits stay open). Reverts with
    /// `MarketEscrowZeroAmount`, `MarketEscrowInsufficientBalance`, `ReentrancyGuardReentrantCall`.
    /// @param amount NYN-wei.
    function withdraw(uint256 amount) external;

    /// @notice Send all uncollected fees to the treasury.
    /// @dev Anyone. Reverts with `MarketEscrowNoFees`, `ReentrancyGuardReentrantCall`.
    /// @return amount NYN-wei sent.
    function collectFees() external returns (uint256 amount);

    /// @notice Withdraw `amount` of the caller's balance in `token` (pull payment; NYN: as `withdraw`). Works for a
    /// removed token too.
    /// @dev Anyone with a balance. Not paused by the guardian. Reverts with `MarketEscrowZeroAmount`,
    /// `MarketEscrowInsufficientBalance` (also for a token never approved: no balance),
    /// `ReentrancyGuardReentrantCall`, and whatever the token's transfer reverts with (`SafeERC20FailedOperation` if
    /// it returns false).
    /// @param token The ERC-20 token (NYN or any other).
    /// @param amount The token's smallest unit (NYN-wei for NYN).
    function withdrawToken(IERC20 token, uint256 amount) external;

    /// @notice Send all uncollected fees in `token` to the treasury (NYN: as `collectFees`). Works for a removed
    /// token too.
    /// @dev Anyone. Reverts with `MarketEscrowNoFees` (also for a token never approved),
    /// `ReentrancyGuardReentrantCall`, and whatever the token's transfer reverts with.
    /// @param token The ERC-20 token (NYN or any other).
    /// @return amount The token's smallest unit sent.
    function collectTokenFees(IERC20 token) external returns (uint256 amount);

    /// @notice Approve `token` for listings and jobs priced in it (`approved`), or remove it (`!approved`): a
    /// removed token takes no new listing, purchase or job, while escrows already in it settle as usual and balances
    /// and fees in it stay withdrawable. NYN stays the default and is always approved. Source: the DAO-approved
    /// token list of NYNJA's multi-currency wallet; Kleros's token escrows.
    /// @dev Holders of `MARKET_TOKENS_PERMISSION` here (governance, by proposal). Emits `TokenApproved` or
    /// `TokenRemoved`. Reverts with `ACLUnauthorized`, `MarketEscrowZeroAddress`, `MarketEscrowDefaultToken` (NYN),
    /// `MarketEscrowTokenAlreadyApproved`, `MarketEscrowTokenNotApproved` (removing a token not approved),
    /// `MarketEscrowTooManyTokens`. Only plain ERC-20 tokens work: one that delivers less than sent is refused at
    /// each deposit (`MarketEscrowFeeOnTransfer`).
    /// @param token The ERC-20 token.
    /// @param approved True to approve, false to remove.
    /// @return tokenId Its id here (1 to `MAX_TOKENS`; assigned at its first approval, kept for good).
    function setTokenApproved(IERC20 token, bool approved) external returns (uint256 tokenId);

    /// @notice Set the fee for escrows created from now on.
    /// @dev Holders of `MARKET_ADMIN_PERMISSION` here (governance). Reverts with `ACLUnauthorized`,
    /// `MarketEscrowFeeTooHigh`.
    /// @param newFeeBps Basis points of each payment to the seller or worker, at most `MAX_FEE_BPS` (10 %).
    function setFee(uint256 newFeeBps) external;

    /// @notice Set the account that `collectFees` pays.
    /// @dev Holders of `MARKET_ADMIN_PERMISSION` here (governance). Reverts with `ACLUnauthorized`,
    /// `MarketEscrowZeroAddress`.
    /// @param newTreasury The new treasury (not the zero address).
    function setTreasury(address newTreasury) external;

    /// @notice Plug in an external ERC-792 arbitrator for disputes opened from now on (zero: back to the holders
    /// of `ARBITER_PERMISSION`). Disputes already open keep the arbitrator they were submitted to.
    /// @dev Holders of `MARKET_ADMIN_PERMISSION` here (governance). Reverts with `ACLUnauthorized`.
    /// @param newArbitrator The external ERC-792 arbitrator, or the zero address for `ARBITER_PERMISSION` holders.
    function setArbitrator(address newArbitrator) external;

    /// @notice ERC-792 `IArbitrable.rule`: rule dispute `disputeId` finally, giving the payer `ruling` basis points
    /// of the disputed amount and the payee the rest minus the fee.
    /// @dev A holder of `ARBITER_PERMISSION` here rules by the local dispute id (any open dispute); the external
    /// arbitrator a dispute was submitted to rules by its own id. Once only, within the ruling window. Reverts with
    /// `MarketEscrowNotArbitrator`, `MarketEscrowUnknownDispute`, `MarketEscrowDisputeNotOpen`,
    /// `MarketEscrowRulingOutOfRange`, `MarketEscrowRulingWindowClosed`, `ReentrancyGuardReentrantCall`.
    /// ERC-792's ruling 0 ("refused to arbitrate") reads here as 0 % to the payer: an external arbitrator that
    /// refuses should rule 5,000 (the even split).
    /// @param disputeId The local dispute id (arbiters) or the external arbitrator's id.
    /// @param ruling The payer's share in basis points (0 to 10,000).
    function rule(uint256 disputeId, uint256 ruling) external;

    /// @notice Settle dispute `disputeId` with the module's default share once its ruling window has passed unruled:
    /// the Marketplace's is `DEFAULT_PAYER_SHARE_BPS` (an even split); the JobBoard's refunds the client a milestone
    /// never submitted and pays the worker one submitted at least once. `DisputeResolved` carries the share.
    /// @dev Anyone. Reverts with `MarketEscrowUnknownDispute`, `MarketEscrowDisputeNotOpen`,
    /// `MarketEscrowRulingWindowOpen`, `ReentrancyGuardReentrantCall`.
    /// @param disputeId The local dispute id.
    function settleDisputeByDefault(uint256 disputeId) external;

    /// @notice ERC-1497: submit evidence (a URI) to open dispute `disputeId`.
    /// @dev The dispute's payer or payee. Reverts with `MarketEscrowUnknownDispute`, `MarketEscrowDisputeNotOpen`,
    /// `MarketEscrowNotParty`.
    /// @param disputeId The local dispute id.
    /// @param evidenceURI The evidence URI (ERC-1497).
    function submitEvidence(uint256 disputeId, string calldata evidenceURI) external;

    /// @notice The hard cap on the fee: 1,000 basis points (10 %).
    /// @return The fee cap, in basis points (1,000).
    function MAX_FEE_BPS() external view returns (uint256);

    /// @notice How long (seconds) after a dispute opens a ruling is accepted: 30 days.
    /// @return The ruling window, in seconds (30 days).
    function ARBITRATION_WINDOW() external view returns (uint256);

    /// @notice The neutral share (basis points): 5,000 (an even split). The Marketplace's default settlement; rulings
    /// above it count as won by the payer, below it as won by the payee.
    /// @return The neutral share, in basis points (5,000).
    function DEFAULT_PAYER_SHARE_BPS() external view returns (uint256);

    /// @notice The default payment token (NYN; token id 0).
    /// @return The NYN token.
    function token() external view returns (IERC20);

    /// @notice How many tokens besides NYN the token list can hold: 127 (an order keeps its token id in 7 bits).
    /// @return The maximum token id.
    function MAX_TOKENS() external view returns (uint256);

    /// @notice How many tokens besides NYN have ids here (approved now or before): ids run from 1 to this.
    /// @return The highest token id.
    function tokenCount() external view returns (uint256);

    /// @notice The token with id `tokenId` and whether it is approved now (id 0: NYN, always approved).
    /// @param tokenId A token id (0 to `tokenCount`).
    /// @return token_ The ERC-20 token (zero for an id not assigned).
    /// @return approved Whether new listings, purchases and jobs may use it.
    function tokenAt(uint256 tokenId) external view returns (IERC20 token_, bool approved);

    /// @notice The id of `token` here (a removed token keeps its id); 0 for NYN and for a token never approved.
    /// @param token The ERC-20 token.
    /// @return The token id (see `tokenAt`).
    function tokenIdOf(IERC20 token) external view returns (uint256);

    /// @notice What `account` may withdraw in `token` (NYN: `withdrawable`); zero for a token without an id.
    /// @param account The account.
    /// @param token The ERC-20 token.
    /// @return The token's smallest unit.
    function withdrawableToken(address account, IERC20 token) external view returns (uint256);

    /// @notice Fees accounted in `token` but not yet collected (NYN: `uncollectedFees`); zero for a token without
    /// an id.
    /// @param token The ERC-20 token.
    /// @return The token's smallest unit.
    function uncollectedTokenFees(IERC20 token) external view returns (uint256);

    /// @notice The current fee in basis points.
    /// @return The fee for new escrows, in basis points.
    function feeBps() external view returns (uint256);

    /// @notice The account `collectFees` pays (the kernel root's treasury).
    /// @return The treasury's address.
    function treasury() external view returns (address);

    /// @notice The external ERC-792 arbitrator new disputes go to (zero: `ARBITER_PERMISSION` holders rule).
    /// @return The external ERC-792 arbitrator, or the zero address.
    function arbitrator() external view returns (address);

    /// @notice Fees accounted but not yet collected, in NYN-wei.
    /// @return NYN-wei.
    function uncollectedFees() external view returns (uint256);

    /// @notice What `account` may withdraw, in NYN-wei.
    /// @param account The account.
    /// @return NYN-wei.
    function withdrawable(address account) external view returns (uint256);

    /// @notice `account`'s reputation in both market modules (Marketplace and JobBoard) together.
    /// @param account The account.
    /// @return Its `Reputation` counters in both market modules together.
    function reputation(address account) external view returns (Reputation memory);

    /// @notice `account`'s reputation counted by this module only.
    /// @param account The account.
    /// @return Its `Reputation` counters in this module.
    function localReputation(address account) external view returns (Reputation memory);

    /// @notice Dispute `disputeId`. Reverts with `MarketEscrowUnknownDispute`.
    /// @param disputeId The local dispute id.
    /// @return Its `DisputeRecord` (parties, amount, fee, deadline, status, ruling, token, arbitrator, escrow).
    function dispute(uint256 disputeId) external view returns (DisputeRecord memory);

    /// @notice The number of disputes opened here (local ids run from 1 to this).
    /// @return The number of disputes opened here (the highest local dispute id).
    function disputeCount() external view returns (uint256);

    /// @notice The local id of the dispute that external arbitrator `arbitrator_` knows as `externalId` (0: none).
    /// @param arbitrator_ The external arbitrator.
    /// @param externalId Its dispute id.
    /// @return The local dispute id, or 0 if none.
    function localDisputeId(address arbitrator_, uint256 externalId) external view returns (uint256);
}
