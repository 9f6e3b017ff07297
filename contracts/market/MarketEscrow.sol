// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IMarketEscrow} from "../interfaces/IMarketEscrow.sol";
import {IArbitrator} from "../interfaces/IArbitrator.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {KernelModule} from "../kernel/KernelModule.sol";
import {EscrowAccount, EscrowAccountLibrary} from "../types/EscrowAccount.sol";
import {EscrowToken, EscrowTokenLibrary} from "../types/EscrowToken.sol";
import {DisputeClaim, DisputeClaimLibrary} from "../types/DisputeClaim.sol";
import {DisputeState, DisputeStateLibrary} from "../types/DisputeState.sol";

/// @title MarketEscrow
/// @notice The base the two market modules share (see {IMarketEscrow}): NYN custody with pull payments, the governed
/// fee and treasury, reputation, and arbitration (ERC-792 `rule`, ERC-1497 events, default settlement after the
/// window, at a share each module may derive from its escrow's state).
/// @dev Accounting invariant of every module built on it: `token.balanceOf(module)` = Σ open escrows (the module's
/// own records) + Σ `withdrawable` + `uncollectedFees`. Escrows move into balances and fees only here
/// (`_payPayeeIn`, `_creditIn`, `_settleDispute`), tokens leave only through `withdraw` and `collectFees`, both
/// nonReentrant and effects-before-transfer. No loop anywhere.
abstract contract MarketEscrow is KernelModule, ReentrancyGuardTransient, IMarketEscrow {
    using SafeERC20 for IERC20;

    /// @inheritdoc IMarketEscrow
    uint256 public constant MAX_FEE_BPS = 1_000;
    /// @inheritdoc IMarketEscrow
    uint256 public constant ARBITRATION_WINDOW = 30 days;
    /// @inheritdoc IMarketEscrow
    uint256 public constant DEFAULT_PAYER_SHARE_BPS = 5_000;
    /// @inheritdoc IMarketEscrow
    uint256 public constant MAX_TOKENS = 127;
    /// @dev 100 % in basis points; also the ERC-792 number of choices (rulings 0..10,000).
    uint256 internal constant BPS = 10_000;

    /// @custom:storage-location erc7201:nyn.storage.MarketEscrow
    struct MarketEscrowStorage {
        IERC20 token; // slot 0, with feeBps and kernelPause: read together by every escrow-creating call
        uint16 feeBps;
        PauseMirror kernelPause;
        address treasury;
        address arbitrator;
        uint256 uncollectedFees;
        uint256 disputeCount;
        mapping(uint256 accountKey => EscrowAccount word) accounts;
        mapping(uint256 disputeId => StoredDispute) disputes;
        mapping(address arbitrator => mapping(uint256 externalId => uint256 disputeId)) externalDisputes;
        // Appended (other approved tokens; NYN keeps `token`, `accounts` and `uncollectedFees`, token id 0):
        uint8 tokenCount; // ids 1..tokenCount are assigned, never reused
        mapping(uint256 tokenId => EscrowToken word) tokens; // see {EscrowToken}
        mapping(address token => uint256 tokenId) tokenIds;
        mapping(uint256 tokenId => mapping(uint256 accountKey => uint256 amount)) tokenBalances;
        mapping(uint256 tokenId => uint256 amount) tokenFees;
    }

    // One word per account ({EscrowAccount}): what it may withdraw and its reputation here, so that crediting a
    // seller or worker and counting the sale or job is a single storage write. Accounts are keyed by
    // `_accountKey(address)`: the address itself by default; a module may key some accounts by a compact id it stores
    // in its records (the Marketplace keys its sellers' accounts by their seller id, so paying a seller needs no
    // address lookup).

    /// @dev The kernel's pause flag as this module last heard it (`kernelPauseChanged`). Unknown (zero: e.g. after
    /// an upgrade from an implementation that did not mirror it) falls back to asking the kernel.
    enum PauseMirror {
        Unknown,
        Running,
        Paused
    }

    /// @dev A dispute as stored: `IMarketEscrow.DisputeRecord`'s five slots, its two packed slots as typed words
    /// (same bits, ADR 0009); the `dispute` view assembles the record from them.
    struct StoredDispute {
        DisputeClaim claim; // payer | amount: fixed when it opens
        DisputeState state; // payee | feeBps | rulingDeadline | status | payerShareBps | tokenId
        address arbitrator; // the external ERC-792 arbitrator it was submitted to, or zero (ARBITER holders)
        uint256 escrowId; // the module's escrow: an order id (Marketplace) or a job id (JobBoard)
        address openedBy; // the party who opened it
    }

    /// @dev What `_payPayeeIn` also counts for the payee.
    enum Completion {
        None,
        Sale,
        Job
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.MarketEscrow")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MARKET_ESCROW_STORAGE = 0xadaf51116a7da2f07e7ec8c8e4adefdc8474aa1b54f4f03b629b691e004f3700;

    /// @dev Builds the implementation for `kernel_` (see `KernelModule`).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) KernelModule(kernel_) {}

    /// @dev Binds the module to the deploying kernel and sets the payment token, treasury and fee.
    // solhint-disable-next-line func-name-mixedcase
    function __MarketEscrow_init(IERC20 token_, address treasury_, uint256 feeBps_) internal onlyInitializing {
        __KernelModule_init(IACL(IKernel(msg.sender).acl()));
        if (address(token_) == address(0)) revert MarketEscrowZeroAddress("token");
        if (treasury_ == address(0)) revert MarketEscrowZeroAddress("treasury");
        if (feeBps_ > MAX_FEE_BPS) revert MarketEscrowFeeTooHigh(feeBps_, MAX_FEE_BPS);
        MarketEscrowStorage storage $ = _escrowStorage();
        $.token = token_;
        $.feeBps = uint16(feeBps_); // <= MAX_FEE_BPS, checked above
        $.treasury = treasury_;
        // The kernel is installing this module: mirror its pause flag from now on.
        $.kernelPause = IKernel(msg.sender).paused() ? PauseMirror.Paused : PauseMirror.Running;
        emit FeeChanged(0, feeBps_);
        emit TreasuryChanged(address(0), treasury_);
    }

    // ------------------------------------------------------------------ payments

    /// @inheritdoc IMarketEscrow
    function withdraw(uint256 amount) external nonReentrant {
        _withdraw(amount);
    }

    /// @dev Withdraw `amount` NYN-wei of the caller's balance (see {withdraw}).
    function _withdraw(uint256 amount) private {
        if (amount == 0) revert MarketEscrowZeroAmount();
        MarketEscrowStorage storage $ = _escrowStorage();
        uint256 key = _accountKey(msg.sender);
        EscrowAccount a = $.accounts[key];
        uint256 balance = a.balance();
        if (amount > balance) revert MarketEscrowInsufficientBalance(msg.sender, balance, amount);
        $.accounts[key] = a.debit(amount); // amount <= balance, checked above
        emit Withdrawn(msg.sender, amount);
        $.token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IMarketEscrow
    function collectFees() external nonReentrant returns (uint256 amount) {
        return _collectFees();
    }

    /// @inheritdoc IMarketEscrow
    function withdrawToken(IERC20 token_, uint256 amount) external nonReentrant {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (token_ == $.token) return _withdraw(amount);
        if (amount == 0) revert MarketEscrowZeroAmount();
        // A token never approved has id 0, under which no balance is ever kept (NYN's are in `accounts`).
        mapping(uint256 => uint256) storage balances = $.tokenBalances[$.tokenIds[address(token_)]];
        uint256 key = _accountKey(msg.sender);
        uint256 balance = balances[key];
        if (amount > balance) revert MarketEscrowInsufficientBalance(msg.sender, balance, amount);
        // Cannot underflow: amount <= balance, checked above.
        unchecked {
            balances[key] = balance - amount;
        }
        emit TokenWithdrawn(msg.sender, address(token_), amount);
        token_.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IMarketEscrow
    function collectTokenFees(IERC20 token_) external nonReentrant returns (uint256 amount) {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (token_ == $.token) return _collectFees();
        uint256 id = $.tokenIds[address(token_)]; // 0 for a token never approved: no fees there
        amount = $.tokenFees[id];
        if (amount == 0) revert MarketEscrowNoFees();
        $.tokenFees[id] = 0;
        address to = $.treasury;
        emit TokenFeesCollected(to, address(token_), amount, msg.sender);
        token_.safeTransfer(to, amount);
    }

    /// @dev Send the uncollected NYN fees to the treasury (see {collectFees}).
    function _collectFees() private returns (uint256 amount) {
        MarketEscrowStorage storage $ = _escrowStorage();
        amount = $.uncollectedFees;
        if (amount == 0) revert MarketEscrowNoFees();
        $.uncollectedFees = 0;
        address to = $.treasury;
        emit FeesCollected(to, amount, msg.sender);
        $.token.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IMarketEscrow
    function setTokenApproved(
        IERC20 token_,
        bool approved
    ) external auth(KernelIds.MARKET_TOKENS_PERMISSION) returns (uint256 id) {
        if (address(token_) == address(0)) revert MarketEscrowZeroAddress("token");
        MarketEscrowStorage storage $ = _escrowStorage();
        if (token_ == $.token) revert MarketEscrowDefaultToken(address(token_));
        id = $.tokenIds[address(token_)];
        bool was = $.tokens[id].approved(); // id 0 (never approved): the word is zero
        if (approved == was) {
            if (approved) revert MarketEscrowTokenAlreadyApproved(address(token_));
            revert MarketEscrowTokenNotApproved(address(token_));
        }
        if (id == 0) {
            id = $.tokenCount + 1;
            if (id > MAX_TOKENS) revert MarketEscrowTooManyTokens(MAX_TOKENS);
            $.tokenCount = uint8(id); // <= MAX_TOKENS
            $.tokenIds[address(token_)] = id;
        }
        $.tokens[id] = EscrowTokenLibrary.pack(address(token_), approved);
        if (approved) emit TokenApproved(address(token_), id);
        else emit TokenRemoved(address(token_), id);
    }

    /// @inheritdoc IMarketEscrow
    function setFee(uint256 newFeeBps) external auth(KernelIds.MARKET_ADMIN_PERMISSION) {
        if (newFeeBps > MAX_FEE_BPS) revert MarketEscrowFeeTooHigh(newFeeBps, MAX_FEE_BPS);
        MarketEscrowStorage storage $ = _escrowStorage();
        uint256 old = $.feeBps;
        $.feeBps = uint16(newFeeBps); // <= MAX_FEE_BPS, checked above
        emit FeeChanged(old, newFeeBps);
    }

    /// @inheritdoc IMarketEscrow
    function setTreasury(address newTreasury) external auth(KernelIds.MARKET_ADMIN_PERMISSION) {
        if (newTreasury == address(0)) revert MarketEscrowZeroAddress("treasury");
        MarketEscrowStorage storage $ = _escrowStorage();
        address old = $.treasury;
        $.treasury = newTreasury;
        emit TreasuryChanged(old, newTreasury);
    }

    /// @inheritdoc IMarketEscrow
    function setArbitrator(address newArbitrator) external auth(KernelIds.MARKET_ADMIN_PERMISSION) {
        MarketEscrowStorage storage $ = _escrowStorage();
        address old = $.arbitrator;
        $.arbitrator = newArbitrator;
        emit ArbitratorChanged(old, newArbitrator);
    }

    // ------------------------------------------------------------------ arbitration

    /// @inheritdoc IMarketEscrow
    function rule(uint256 disputeId, uint256 ruling) external nonReentrant {
        MarketEscrowStorage storage $ = _escrowStorage();
        uint256 localId = disputeId;
        if (!_acl().hasPermission(msg.sender, address(this), KernelIds.ARBITER_PERMISSION)) {
            localId = $.externalDisputes[msg.sender][disputeId];
            if (localId == 0) revert MarketEscrowNotArbitrator(msg.sender, disputeId);
        }
        if (ruling > BPS) revert MarketEscrowRulingOutOfRange(ruling, BPS);
        (StoredDispute storage d, DisputeState state) = _liveDispute(localId);
        uint256 deadline = state.rulingDeadline();
        if (block.timestamp > deadline) revert MarketEscrowRulingWindowClosed(localId, deadline, block.timestamp);
        emit Ruling(msg.sender, disputeId, ruling);
        _settleDispute(d, state, localId, ruling, false);
    }

    /// @inheritdoc IMarketEscrow
    function settleDisputeByDefault(uint256 disputeId) external nonReentrant {
        (StoredDispute storage d, DisputeState state) = _liveDispute(disputeId);
        uint256 deadline = state.rulingDeadline();
        if (block.timestamp <= deadline) revert MarketEscrowRulingWindowOpen(disputeId, deadline, block.timestamp);
        _settleDispute(d, state, disputeId, _defaultPayerShareBps(d.escrowId), true);
    }

    /// @inheritdoc IMarketEscrow
    function submitEvidence(uint256 disputeId, string calldata evidenceURI) external {
        (StoredDispute storage d, DisputeState state) = _liveDispute(disputeId);
        if (msg.sender != d.claim.payer() && msg.sender != state.payee()) {
            revert MarketEscrowNotParty(disputeId, msg.sender);
        }
        emit Evidence(_erc1497Arbitrator(d.arbitrator), disputeId, msg.sender, evidenceURI);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketEscrow
    function token() external view returns (IERC20) {
        return _escrowStorage().token;
    }

    /// @inheritdoc IMarketEscrow
    function tokenCount() external view returns (uint256) {
        return _escrowStorage().tokenCount;
    }

    /// @inheritdoc IMarketEscrow
    function tokenAt(uint256 tokenId) external view returns (IERC20 token_, bool approved) {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (tokenId == 0) return ($.token, true);
        EscrowToken entry = $.tokens[tokenId];
        return (IERC20(entry.token()), entry.approved());
    }

    /// @inheritdoc IMarketEscrow
    function tokenIdOf(IERC20 token_) external view returns (uint256) {
        return _escrowStorage().tokenIds[address(token_)];
    }

    /// @inheritdoc IMarketEscrow
    function withdrawableToken(address account, IERC20 token_) external view returns (uint256) {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (token_ == $.token) return $.accounts[_accountKey(account)].balance();
        return $.tokenBalances[$.tokenIds[address(token_)]][_accountKey(account)]; // id 0 (never approved): none
    }

    /// @inheritdoc IMarketEscrow
    function uncollectedTokenFees(IERC20 token_) external view returns (uint256) {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (token_ == $.token) return $.uncollectedFees;
        return $.tokenFees[$.tokenIds[address(token_)]]; // id 0 (never approved): none
    }

    /// @inheritdoc IMarketEscrow
    function feeBps() external view returns (uint256) {
        return _escrowStorage().feeBps;
    }

    /// @inheritdoc IMarketEscrow
    function treasury() external view returns (address) {
        return _escrowStorage().treasury;
    }

    /// @inheritdoc IMarketEscrow
    function arbitrator() external view returns (address) {
        return _escrowStorage().arbitrator;
    }

    /// @inheritdoc IMarketEscrow
    function uncollectedFees() external view returns (uint256) {
        return _escrowStorage().uncollectedFees;
    }

    /// @inheritdoc IMarketEscrow
    function withdrawable(address account) external view returns (uint256) {
        return _escrowStorage().accounts[_accountKey(account)].balance();
    }

    /// @inheritdoc IMarketEscrow
    function reputation(address account) external view returns (Reputation memory r) {
        r = _reputationOf(account);
        address sibling = kernel().moduleAddress(_siblingModuleId());
        if (sibling != address(0)) {
            Reputation memory o = IMarketEscrow(sibling).localReputation(account);
            r.completedSales += o.completedSales;
            r.completedJobs += o.completedJobs;
            r.disputesOpened += o.disputesOpened;
            r.disputesWon += o.disputesWon;
            r.disputesLost += o.disputesLost;
        }
    }

    /// @inheritdoc IMarketEscrow
    function localReputation(address account) external view returns (Reputation memory) {
        return _reputationOf(account);
    }

    /// @inheritdoc IMarketEscrow
    function dispute(uint256 disputeId) external view returns (DisputeRecord memory) {
        StoredDispute storage d = _escrowStorage().disputes[disputeId];
        DisputeState state = d.state;
        if (state.status() == DisputeStatus.None) revert MarketEscrowUnknownDispute(disputeId);
        DisputeClaim claim = d.claim;
        return
            DisputeRecord({
                payer: claim.payer(),
                amount: claim.amount(),
                payee: state.payee(),
                feeBps: state.feeBps(),
                rulingDeadline: state.rulingDeadline(),
                status: state.status(),
                payerShareBps: state.payerShareBps(),
                tokenId: state.tokenId(),
                arbitrator: d.arbitrator,
                escrowId: d.escrowId,
                openedBy: d.openedBy
            });
    }

    /// @inheritdoc IMarketEscrow
    function disputeCount() external view returns (uint256) {
        return _escrowStorage().disputeCount;
    }

    /// @inheritdoc IMarketEscrow
    function localDisputeId(address arbitrator_, uint256 externalId) external view returns (uint256) {
        return _escrowStorage().externalDisputes[arbitrator_][externalId];
    }

    // ------------------------------------------------------------------ for the modules

    /// @dev The module id of the other market module, whose reputation `reputation` adds.
    function _siblingModuleId() internal pure virtual returns (bytes32);

    /// @dev Called once when dispute `disputeId` over `escrowId` is settled (after the credits): the module marks
    /// its escrow settled (its open-escrow amount must drop by the disputed amount).
    function _onDisputeSettled(uint256 escrowId, uint256 disputeId) internal virtual;

    /// @dev The payer's share (basis points, at most `BPS`) when the dispute over `escrowId` is settled by default:
    /// the neutral `DEFAULT_PAYER_SHARE_BPS` unless the module knows better from the state of its escrow.
    function _defaultPayerShareBps(uint256 /* escrowId */) internal view virtual returns (uint256) {
        return DEFAULT_PAYER_SHARE_BPS;
    }

    /// @dev The key of `account`'s balance and reputation: the address (below 2^160) unless the module keys it
    /// otherwise (keys it assigns must be at least 2^160, and it must move an account it re-keys: `_moveAccount`).
    function _accountKey(address account) internal view virtual returns (uint256) {
        return uint160(account);
    }

    /// @dev Move the balance and reputation under key `from` to the (unused) key `to`.
    function _moveAccount(uint256 from, uint256 to) internal {
        MarketEscrowStorage storage $ = _escrowStorage();
        EscrowAccount a = $.accounts[from];
        if (!a.isEmpty()) {
            $.accounts[to] = a;
            $.accounts[from] = EscrowAccount.wrap(0);
        }
    }

    /// @dev The kernel's pause flag from the mirror in slot 0 (read anyway for the token and the fee), so that
    /// taking NYN in (buy, postJob) and applying need no call to the kernel; asks the kernel if the mirror is Unknown.
    function _checkKernelNotPaused() internal view override {
        _checkRunning(_escrowStorage().kernelPause);
    }

    /// @dev Reverts with `KernelPaused` when `mirror` says Paused; asks the kernel when it is Unknown.
    function _checkRunning(PauseMirror mirror) private view {
        if (mirror == PauseMirror.Running) return;
        if (mirror == PauseMirror.Paused) revert IKernel.KernelPaused();
        super._checkKernelNotPaused();
    }

    /// @dev Mirror the kernel's pause flag (the kernel calls this when the guardian pauses or unpauses).
    function _onKernelPauseChanged(bool paused_) internal override {
        _escrowStorage().kernelPause = paused_ ? PauseMirror.Paused : PauseMirror.Running;
    }

    /// @dev `_checkKernelNotPaused` and `_tokenAndFee` in one storage read: what every call taking NYN in needs.
    function _tokenAndFeeWhenRunning() internal view returns (IERC20 token_, uint256 feeBps_) {
        uint256 word;
        MarketEscrowStorage storage $ = _escrowStorage();
        assembly ("memory-safe") {
            word := sload($.slot) // token | feeBps << 160 | kernelPause << 176 (the struct's first slot)
        }
        _checkRunning(PauseMirror(uint8(word >> 176)));
        return (IERC20(address(uint160(word))), uint16(word >> 160));
    }

    /// @dev Take `amount` NYN-wei from `from` into escrow (allowance required).
    function _pullPayment(IERC20 token_, address from, uint256 amount) internal {
        token_.safeTransferFrom(from, address(this), amount);
    }

    /// @dev Take `amount` of `token_` (a token other than NYN) from `from` into escrow, refusing a token that
    /// delivers less than sent (the balance delta must be `amount`).
    function _pullCheckedPayment(IERC20 token_, address from, uint256 amount) internal {
        uint256 before = token_.balanceOf(address(this));
        token_.safeTransferFrom(from, address(this), amount);
        uint256 received = token_.balanceOf(address(this)) - before;
        if (received != amount) revert MarketEscrowFeeOnTransfer(address(token_), amount, received);
    }

    /// @dev Take `amount` in token `tokenId` (0: NYN, `nyn`) from `from` into escrow.
    function _pullPaymentIn(uint256 tokenId, IERC20 nyn, address from, uint256 amount) internal {
        if (tokenId == 0) _pullPayment(nyn, from, amount);
        else _pullCheckedPayment(IERC20(_escrowStorage().tokens[tokenId].token()), from, amount);
    }

    /// @dev The id of approved token `token_` (0 for NYN) for a new listing or job; reverts with
    /// `MarketEscrowTokenNotApproved` otherwise.
    function _approvedTokenId(IERC20 token_) internal view returns (uint256 id) {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (token_ == $.token) return 0;
        id = $.tokenIds[address(token_)];
        if (id == 0 || !$.tokens[id].approved()) revert MarketEscrowTokenNotApproved(address(token_));
    }

    /// @dev The token with id `tokenId`, which must still be approved (a purchase or a new job); NYN for id 0.
    function _checkApprovedToken(uint256 tokenId) internal view returns (IERC20) {
        MarketEscrowStorage storage $ = _escrowStorage();
        if (tokenId == 0) return $.token;
        EscrowToken entry = $.tokens[tokenId];
        IERC20 token_ = IERC20(entry.token());
        if (!entry.approved()) revert MarketEscrowTokenNotApproved(address(token_));
        return token_;
    }

    /// @dev The token with id `tokenId` (0: NYN), approved or not.
    function _tokenOf(uint256 tokenId) internal view returns (IERC20) {
        MarketEscrowStorage storage $ = _escrowStorage();
        return tokenId == 0 ? $.token : IERC20($.tokens[tokenId].token());
    }

    /// @dev Credit `amount` in token `tokenId` (0: NYN) to `account`'s withdrawable balance.
    function _creditIn(uint256 tokenId, address account, uint256 amount) internal {
        _creditKeyIn(tokenId, _accountKey(account), amount);
    }

    /// @dev Credit the payee under account key `payeeKey` `gross` minus the fee at `feeBps_` in token `tokenId`,
    /// account the fee, and count `completion` for the payee. In NYN (token id 0) the payee's balance and reputation
    /// take one storage write; other tokens credit the payee and the fee in their own balances and count `completion`
    /// in the payee's account word.
    function _payPayeeIn(
        uint256 tokenId,
        uint256 payeeKey,
        uint256 gross,
        uint256 feeBps_,
        Completion completion
    ) internal returns (uint256 net, uint256 fee) {
        // Cannot overflow: gross < 2^96 (escrow amounts are uint96) and feeBps_ <= MAX_FEE_BPS; fee <= gross.
        unchecked {
            fee = (gross * feeBps_) / BPS;
            net = gross - fee;
        }
        uint256 unit;
        if (completion == Completion.Sale) unit = EscrowAccountLibrary.ONE_SALE;
        else if (completion == Completion.Job) unit = EscrowAccountLibrary.ONE_JOB;
        MarketEscrowStorage storage $ = _escrowStorage();
        if (tokenId == 0) {
            _creditKey(payeeKey, net, unit);
            if (fee != 0) $.uncollectedFees += fee;
        } else {
            $.tokenBalances[tokenId][payeeKey] += net;
            if (unit != 0) _count(payeeKey, unit);
            if (fee != 0) $.tokenFees[tokenId] += fee;
        }
    }

    /// @dev Open a dispute over `amount` (in the escrow's token) of escrow `escrowId` whose fee (basis points) and
    /// token id are `feeAndToken` = feeBps | tokenId << 16 (the module already checked who may and when): record
    /// it, count it for `opener`, emit the ERC-1497 events and, if an external arbitrator is plugged in, submit it
    /// there.
    function _openDisputeFor(
        address payer,
        address payee,
        uint256 amount,
        uint256 feeAndToken,
        uint256 escrowId,
        address opener,
        string calldata evidenceURI
    ) internal returns (uint256 disputeId) {
        MarketEscrowStorage storage $ = _escrowStorage();
        disputeId = ++$.disputeCount;
        address arb = $.arbitrator;
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        {
            StoredDispute storage d = $.disputes[disputeId];
            d.claim = DisputeClaimLibrary.pack(payer, amount); // escrow amounts are uint96
            // The escrow's fee (<= MAX_FEE_BPS) and token id (<= MAX_TOKENS); block.timestamp + 30 days < 2^40.
            d.state = DisputeStateLibrary.pack(payee, uint16(feeAndToken), deadline, feeAndToken >> 16);
            d.arbitrator = arb;
            d.escrowId = escrowId;
            d.openedBy = opener;
        }
        _count(_accountKey(opener), EscrowAccountLibrary.ONE_OPENED);
        emit DisputeOpened(disputeId, escrowId, opener, payer, payee, amount, deadline);
        if (arb == address(0)) {
            emit Dispute(address(this), disputeId, escrowId, disputeId);
        } else {
            uint256 externalId = IArbitrator(arb).createDispute(BPS, abi.encode(disputeId));
            $.externalDisputes[arb][externalId] = disputeId;
            emit Dispute(arb, externalId, escrowId, disputeId);
        }
        if (bytes(evidenceURI).length != 0) emit Evidence(_erc1497Arbitrator(arb), disputeId, opener, evidenceURI);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Settle open dispute `disputeId` (`d`, whose state word is `state`) at `payerShareBps` (<= BPS, checked
    /// by the callers): record the outcome, credit both sides, count the win and loss, tell the module.
    function _settleDispute(
        StoredDispute storage d,
        DisputeState state,
        uint256 disputeId,
        uint256 payerShareBps,
        bool byDefault
    ) private {
        d.state = state.settled(payerShareBps, byDefault);
        (uint256 payerAmount, uint256 payeeAmount, uint256 fee) = _payDisputeSides(d.claim, state, payerShareBps);
        emit DisputeResolved(disputeId, payerShareBps, payerAmount, payeeAmount, fee, byDefault);
        _onDisputeSettled(d.escrowId, disputeId);
    }

    /// @dev Credit the payer of `claim` `payerShareBps` of its amount and the payee of `state` the rest minus the
    /// escrow's fee, in the escrow's token; count the win and the loss (none at the neutral share).
    function _payDisputeSides(
        DisputeClaim claim,
        DisputeState state,
        uint256 payerShareBps
    ) private returns (uint256 payerAmount, uint256 payeeAmount, uint256 fee) {
        uint256 amount = claim.amount();
        uint256 payerKey = _accountKey(claim.payer());
        uint256 payeeKey = _accountKey(state.payee());
        // Cannot overflow: amount < 2^96, payerShareBps <= BPS; payerAmount <= amount.
        unchecked {
            payerAmount = (amount * payerShareBps) / BPS;
        }
        if (payerAmount != 0) _creditKeyIn(state.tokenId(), payerKey, payerAmount);
        (payeeAmount, fee) = _payPayeeIn(
            state.tokenId(),
            payeeKey,
            amount - payerAmount,
            state.feeBps(),
            Completion.None
        );
        if (payerShareBps > DEFAULT_PAYER_SHARE_BPS) {
            _count(payerKey, EscrowAccountLibrary.ONE_WON);
            _count(payeeKey, EscrowAccountLibrary.ONE_LOST);
        } else if (payerShareBps < DEFAULT_PAYER_SHARE_BPS) {
            _count(payeeKey, EscrowAccountLibrary.ONE_WON);
            _count(payerKey, EscrowAccountLibrary.ONE_LOST);
        }
    }

    /// @dev Credit `amount` in token `tokenId` (0: NYN, whose balance reverts at 2^96) to the account under `key`.
    function _creditKeyIn(uint256 tokenId, uint256 key, uint256 amount) private {
        if (tokenId == 0) _creditKey(key, amount, 0);
        else _escrowStorage().tokenBalances[tokenId][key] += amount;
    }

    /// @dev Credit `amount` NYN-wei to the account under `key` and add `count` (0 or one counter's unit) to it.
    function _creditKey(uint256 key, uint256 amount, uint256 count) private {
        MarketEscrowStorage storage $ = _escrowStorage();
        $.accounts[key] = $.accounts[key].credit(amount, count);
    }

    /// @dev Add `count` (one counter's unit, e.g. `EscrowAccountLibrary.ONE_WON`) to the account under `key`.
    function _count(uint256 key, uint256 count) private {
        MarketEscrowStorage storage $ = _escrowStorage();
        $.accounts[key] = $.accounts[key].count(count);
    }

    /// @dev Open dispute `disputeId` and its state word; reverts with `MarketEscrowUnknownDispute` or
    /// `MarketEscrowDisputeNotOpen`.
    function _liveDispute(uint256 disputeId) private view returns (StoredDispute storage d, DisputeState state) {
        d = _escrowStorage().disputes[disputeId];
        state = d.state;
        DisputeStatus status = state.status();
        if (status == DisputeStatus.None) revert MarketEscrowUnknownDispute(disputeId);
        if (status != DisputeStatus.Open) revert MarketEscrowDisputeNotOpen(disputeId, status);
    }

    function _reputationOf(address account) private view returns (Reputation memory) {
        EscrowAccount a = _escrowStorage().accounts[_accountKey(account)];
        return
            Reputation({
                completedSales: a.completedSales(),
                completedJobs: a.completedJobs(),
                disputesOpened: a.disputesOpened(),
                disputesWon: a.disputesWon(),
                disputesLost: a.disputesLost()
            });
    }

    /// @dev ERC-1497 names the arbitrator: the external one, or this module (its ARBITER holders rule).
    function _erc1497Arbitrator(address external_) private view returns (address) {
        return external_ == address(0) ? address(this) : external_;
    }

    function _escrowStorage() private pure returns (MarketEscrowStorage storage $) {
        assembly {
            $.slot := MARKET_ESCROW_STORAGE
        }
    }
}
