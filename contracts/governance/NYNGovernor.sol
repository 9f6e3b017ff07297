// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
// solhint-disable-next-line max-line-length
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IACL} from "../interfaces/IACL.sol";
import {IKernel} from "../interfaces/IKernel.sol";
import {INYNGovernor} from "../interfaces/INYNGovernor.sol";
import {KernelIds} from "../libraries/KernelIds.sol";

/// @title NYNGovernor
/// @notice The NYN OS DAO: NYN holders delegate, propose, vote (for / against / abstain) and, through an OpenZeppelin
/// `TimelockController` that is the kernel's only root and holds the treasury, install and upgrade modules, grant
/// permissions, mint within the cap and move treasury NYN. Composed only of audited OpenZeppelin parts — Governor,
/// GovernorSettings, GovernorCountingSimple, GovernorVotes, GovernorVotesQuorumFraction, GovernorTimelockControl,
/// GovernorProposalGuardian — plus bounds on every governance parameter and a propose-time guard against proposals
/// that would remove governance's own powers (see {INYNGovernor}).
/// @dev Clock: ERC-6372 `mode=timestamp`, the clock of the NYN token (checkpoints are looked up in the token's own
/// unit, so the governor must use the same one). Timestamps make every period a duration in seconds, the same on
/// L1 and on L2s whose block times differ or vary, directly comparable with the timelock delay (also seconds), and
/// let local networks advance a proposal with one `evm_increaseTime`. `clock()` reads `block.timestamp` directly
/// instead of OpenZeppelin's `try token.clock()` external call (the constructor checks the token's clock mode once).
/// The guardian (`proposalGuardian`) may cancel any proposal that is not executed, including a queued one (which also
/// cancels the timelock operation); it holds no timelock role, so it can neither schedule nor execute anything.
/// GovernorPreventLateQuorum is deliberately left out: measured against the unmodified OpenZeppelin governor it
/// makes the quorum-reaching vote cost ~1.46x (a quorum computation on every vote until quorum, then a new storage
/// slot), far beyond the 1.05x budget of `bench/governance.ts`; a last-minute swing is instead answered during the
/// timelock delay, when the guardian may cancel the queued proposal.
contract NYNGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorProposalGuardian,
    INYNGovernor
{
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_VOTING_DELAY = 30 days;
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_VOTING_PERIOD = 60 days;
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_PROPOSAL_THRESHOLD = 50_000_000 ether;
    /// @inheritdoc INYNGovernor
    uint256 public constant MIN_QUORUM_NUMERATOR = 1;
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_TIMELOCK_DELAY = 30 days;

    /// @dev The timelock, fixed for the governor's life (`updateTimelock` always reverts).
    address private immutable _TIMELOCK;
    address private immutable _KERNEL;
    address private immutable _ACL;

    // TimelockController role ids (OpenZeppelin constants, repeated here so the guard needs no external call).
    bytes32 private constant _PROPOSER_ROLE = keccak256("PROPOSER_ROLE");
    bytes32 private constant _EXECUTOR_ROLE = keccak256("EXECUTOR_ROLE");
    bytes32 private constant _CANCELLER_ROLE = keccak256("CANCELLER_ROLE");
    bytes32 private constant _DEFAULT_ADMIN_ROLE = 0x00;

    /// @param token_ The voting token (NYN: ERC-5805 with a timestamp clock).
    /// @param timelock_ The timelock that executes proposals: the kernel's root and the treasury.
    /// @param kernel_ The NYN OS kernel (its ACL is read once here).
    /// @param guardian The proposal guardian: may cancel any proposal that is not executed (zero: proposers may
    /// cancel their own, per `GovernorProposalGuardian`).
    /// @param params The starting parameters, within the bounds of {INYNGovernor}.
    constructor(
        IVotes token_,
        TimelockController timelock_,
        IKernel kernel_,
        address guardian,
        Params memory params
    )
        Governor("NYN Governor")
        GovernorSettings(params.votingDelay, params.votingPeriod, params.proposalThreshold)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(params.quorumNumerator)
        GovernorTimelockControl(timelock_)
    {
        if (address(timelock_) == address(0)) revert NYNGovernorZeroAddress("timelock");
        if (address(kernel_) == address(0)) revert NYNGovernorZeroAddress("kernel");
        string memory mode = IERC6372(address(token_)).CLOCK_MODE();
        if (keccak256(bytes(mode)) != keccak256("mode=timestamp")) revert NYNGovernorUnsupportedClock(mode);
        _TIMELOCK = address(timelock_);
        _KERNEL = address(kernel_);
        _ACL = kernel_.acl();
        _setProposalGuardian(guardian);
    }

    // ------------------------------------------------------------------ NYN OS additions

    /// @inheritdoc INYNGovernor
    function kernel() external view returns (address) {
        return _KERNEL;
    }

    /// @inheritdoc INYNGovernor
    function acl() external view returns (address) {
        return _ACL;
    }

    /// @inheritdoc INYNGovernor
    function validateActions(address[] calldata targets, bytes[] calldata calldatas) external view {
        uint256 n = targets.length < calldatas.length ? targets.length : calldatas.length;
        for (uint256 i = 0; i < n; ++i) {
            _checkAction(i, targets[i], calldatas[i]);
        }
    }

    /// @notice The timelock is fixed: always reverts with `NYNGovernorTimelockFixed` (a governor pointing at
    /// another timelock would leave the kernel's root and the treasury behind).
    function updateTimelock(TimelockController) public pure override {
        revert NYNGovernorTimelockFixed();
    }

    /// @notice Governance relays a call from the governor's own address (e.g. to recover tokens sent to it).
    /// @dev Only through a proposal (`onlyGovernance`). Reverts with `NYNGovernorProtectedAction` when `target` is
    /// the timelock: the governor's proposer/executor roles may only be used by `queue`/`execute` of a vote.
    function relay(address target, uint256 value, bytes calldata data) public payable override {
        if (target == _TIMELOCK) revert NYNGovernorProtectedAction(0, target, bytes4(data));
        super.relay(target, value, data);
    }

    // ------------------------------------------------------------------ clock (ERC-6372)

    /// @notice ERC-6372: the clock is the block timestamp, like the NYN token's.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice ERC-6372 clock description: `mode=timestamp`.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return "mode=timestamp";
    }

    // ------------------------------------------------------------------ propose guard

    /// @dev Refuses protected actions before the proposal exists, so voters never vote on one.
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override returns (uint256) {
        uint256 n = targets.length < calldatas.length ? targets.length : calldatas.length;
        for (uint256 i = 0; i < n; ++i) {
            _checkAction(i, targets[i], calldatas[i]);
        }
        return super._propose(targets, values, calldatas, description, proposer);
    }

    /// @dev The guard. Only calls to the timelock, the ACL and this governor are inspected (one comparison each
    /// for any other target). Refused:
    /// - timelock `revokeRole` of this governor's PROPOSER/CANCELLER/EXECUTOR role or of the timelock's own
    ///   DEFAULT_ADMIN_ROLE; timelock `grantRole` of DEFAULT_ADMIN_ROLE to anyone but the timelock (an outside admin
    ///   could revoke the governor's roles); any timelock `renounceRole`; timelock `updateDelay` above
    ///   `MAX_TIMELOCK_DELAY`;
    /// - ACL `revokePermission` of the timelock's kernel ROOT, `renouncePermission` of kernel ROOT (the timelock
    ///   would renounce its own), `setPermissionManager` of kernel ROOT to anyone but the timelock;
    /// - governor `updateTimelock`, and `relay` to the timelock;
    /// - a call to one of these functions too short to hold its arguments.
    function _checkAction(uint256 index, address target, bytes memory data) private view {
        if (target != _TIMELOCK && target != _ACL && target != address(this)) return;
        if (data.length < 4) return; // no selector: the fallback, which none of the three has; the call reverts
        bytes4 selector = bytes4(data);
        bool forbidden;
        if (target == _TIMELOCK) {
            if (selector == IAccessControl.revokeRole.selector) {
                bytes32 role = _arg(index, target, data, 0);
                address account = address(uint160(uint256(_arg(index, target, data, 1))));
                forbidden =
                    (account == address(this) &&
                        (role == _PROPOSER_ROLE || role == _CANCELLER_ROLE || role == _EXECUTOR_ROLE)) ||
                    (account == _TIMELOCK && role == _DEFAULT_ADMIN_ROLE);
            } else if (selector == IAccessControl.grantRole.selector) {
                // The timelock administers itself: an outside admin could revoke the governor's roles at will.
                forbidden =
                    _arg(index, target, data, 0) == _DEFAULT_ADMIN_ROLE &&
                    address(uint160(uint256(_arg(index, target, data, 1)))) != _TIMELOCK;
            } else if (selector == IAccessControl.renounceRole.selector) {
                forbidden = true;
            } else if (selector == TimelockController.updateDelay.selector) {
                uint256 delay = uint256(_arg(index, target, data, 0));
                if (delay > MAX_TIMELOCK_DELAY) revert NYNGovernorTimelockDelayTooLong(delay, MAX_TIMELOCK_DELAY);
            }
        } else if (target == _ACL) {
            if (selector == IACL.revokePermission.selector) {
                forbidden =
                    address(uint160(uint256(_arg(index, target, data, 0)))) == _TIMELOCK &&
                    _isKernelRoot(index, target, data, 1);
            } else if (selector == IACL.renouncePermission.selector) {
                forbidden = _isKernelRoot(index, target, data, 0);
            } else if (selector == IACL.setPermissionManager.selector) {
                forbidden =
                    _isKernelRoot(index, target, data, 1) &&
                    address(uint160(uint256(_arg(index, target, data, 0)))) != _TIMELOCK;
            }
        } else {
            if (selector == GovernorTimelockControl.updateTimelock.selector) {
                forbidden = true;
            } else if (selector == Governor.relay.selector) {
                forbidden = address(uint160(uint256(_arg(index, target, data, 0)))) == _TIMELOCK;
            }
        }
        if (forbidden) revert NYNGovernorProtectedAction(index, target, selector);
    }

    /// @dev Whether arguments `k` and `k + 1` of `data` are (kernel, ROOT_PERMISSION).
    function _isKernelRoot(uint256 index, address target, bytes memory data, uint256 k) private view returns (bool) {
        return
            address(uint160(uint256(_arg(index, target, data, k)))) == _KERNEL &&
            _arg(index, target, data, k + 1) == KernelIds.ROOT_PERMISSION;
    }

    /// @dev The `k`-th 32-byte ABI word after the selector; reverts with `NYNGovernorProtectedAction` when `data`
    /// is too short to hold it (the target would revert on it anyway).
    function _arg(uint256 index, address target, bytes memory data, uint256 k) private pure returns (bytes32 word) {
        if (data.length < 36 + 32 * k) revert NYNGovernorProtectedAction(index, target, bytes4(data));
        assembly ("memory-safe") {
            word := mload(add(data, add(36, mul(32, k))))
        }
    }

    // ------------------------------------------------------------------ bounded parameters

    /// @dev Bounded: at most `MAX_VOTING_DELAY` seconds.
    function _setVotingDelay(uint48 newVotingDelay) internal override {
        if (newVotingDelay > MAX_VOTING_DELAY) revert NYNGovernorVotingDelayTooLong(newVotingDelay, MAX_VOTING_DELAY);
        super._setVotingDelay(newVotingDelay);
    }

    /// @dev Bounded: more than 0 (OpenZeppelin) and at most `MAX_VOTING_PERIOD` seconds.
    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        if (newVotingPeriod > MAX_VOTING_PERIOD) {
            revert NYNGovernorVotingPeriodTooLong(newVotingPeriod, MAX_VOTING_PERIOD);
        }
        super._setVotingPeriod(newVotingPeriod);
    }

    /// @dev Bounded: at most `MAX_PROPOSAL_THRESHOLD` NYN-wei (a higher one could lock every holder out).
    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        if (newProposalThreshold > MAX_PROPOSAL_THRESHOLD) {
            revert NYNGovernorProposalThresholdTooHigh(newProposalThreshold, MAX_PROPOSAL_THRESHOLD);
        }
        super._setProposalThreshold(newProposalThreshold);
    }

    /// @dev Bounded: at least `MIN_QUORUM_NUMERATOR` percent and at most 100 (OpenZeppelin).
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        if (newQuorumNumerator < MIN_QUORUM_NUMERATOR) {
            revert NYNGovernorQuorumTooLow(newQuorumNumerator, MIN_QUORUM_NUMERATOR);
        }
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    // ------------------------------------------------------------------ OpenZeppelin plumbing

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorProposalGuardian) returns (bool) {
        return super._validateCancel(proposalId, caller);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
