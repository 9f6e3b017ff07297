// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {INYNFlashBorrower, NYNFlashLender} from "./NYNFlashLender.sol";

/// @title FlashVoter
/// @notice TEST ONLY (case D1 flash-vote, Beanstalk 2022): borrows NYN, delegates it to itself and votes on a
/// proposal, all in one transaction, then repays. The governor reads votes at the proposal's snapshot, so the
/// borrowed weight counts for nothing.
contract FlashVoter is INYNFlashBorrower {
    IERC20 private immutable _TOKEN;
    IGovernor private immutable _GOVERNOR;
    NYNFlashLender private immutable _LENDER;

    /// @notice The weight the governor counted for the flash vote.
    uint256 public lastWeight;
    /// @notice The votes this contract had (current, not at the snapshot) while it held the loan.
    uint256 public votesDuringLoan;

    /// @param token NYN. @param governor The governor. @param lender The flash lender.
    constructor(IERC20 token, IGovernor governor, NYNFlashLender lender) {
        _TOKEN = token;
        _GOVERNOR = governor;
        _LENDER = lender;
    }

    /// @notice Borrow `amount`, self-delegate, vote for `proposalId`, repay — in this one transaction.
    function attack(uint256 proposalId, uint256 amount) external {
        _LENDER.flashLoan(this, amount, abi.encode(proposalId));
    }

    /// @inheritdoc INYNFlashBorrower
    function onFlashLoan(uint256 amount, bytes calldata data) external {
        uint256 proposalId = abi.decode(data, (uint256));
        IVotes(address(_TOKEN)).delegate(address(this));
        votesDuringLoan = IVotes(address(_TOKEN)).getVotes(address(this));
        lastWeight = _GOVERNOR.castVote(proposalId, 1);
        _TOKEN.approve(address(_LENDER), amount);
    }
}
