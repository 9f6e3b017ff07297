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
/// GovernorProposalGuardian — plus bounds on every governance parameter, a propose-time guard against proposals
/// that would remove governance's own powers, and an execution-end check that they did not (see {INYNGovernor}).
/// @dev Clock: ERC-6372 `mode=timestamp` (the token's): every period is in seconds. The guardian
/// (`proposalGuardian`) may cancel any proposal not yet executed, including a queued one; it holds no timelock role.
/// Design record: docs/adr/0006-governor.md (why timestamps, why no late-quorum extension).
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
    // Bounds of the governed parameters, so that no vote can leave governance unable to pass the next proposal.
    // Derivation. NYN held by the treasury (the timelock), the gas meter and the market escrows never votes: at launch
    // the supply that can vote is ~10 % of the total (testnet: the community's 100M of 1B; local: 12M of 112M), and
    // the quorum counts against the whole supply at the snapshot.
    // - quorum: 1..5 % of the supply, at most half the voting share at launch (100 % could never be met again; at
    //   10 % nearly every voting holder would have to turn out);
    // - proposal threshold: at most 1 % of the current supply, a tenth of the voting share, so a holder or a
    //   delegation can always still propose;
    // - voting period: 60 s (5 L1 slots of 12 s: a shorter vote may close before a voter's transaction is mined,
    //   even before a block at all) to 60 days; voting delay at most 30 days; timelock delay at most 30 days (uint
    //   overflow and years-long delays would make every queue fail or wait forever).

    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_VOTING_DELAY = 30 days;
    /// @inheritdoc INYNGovernor
    uint256 public constant MIN_VOTING_PERIOD = 60;
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_VOTING_PERIOD = 60 days;
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_PROPOSAL_THRESHOLD_PERCENT = 1;
    /// @inheritdoc INYNGovernor
    uint256 public constant MIN_QUORUM_NUMERATOR = 1;
    /// @inheritdoc INYNGovernor
    uint256 public constant MAX_QUORUM_NUMERATOR = 5;
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
        // GovernorSettings set the threshold before the token was known (immutables are written last): bound it now.
        _checkProposalThreshold(params.proposalThreshold, _thresholdCap(token_.getPastTotalSupply(clock() - 1)));
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
    function maxProposalThreshold() public view returns (uint256) {
        return _thresholdCap(token().getPastTotalSupply(clock() - 1));
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
    /// - on the timelock, every function but `grantRole`, `revokeRole` and `updateDelay` (and a plain transfer with
    ///   no calldata): `schedule`/`scheduleBatch`/`execute`/`executeBatch`/`cancel` would make the timelock re-enter
    ///   itself as a proposer or executor and run calls this guard never sees, `renounceRole` gives a power up;
    /// - timelock `revokeRole` of this governor's PROPOSER/CANCELLER/EXECUTOR role or of the timelock's own
    ///   DEFAULT_ADMIN_ROLE; timelock `grantRole` of DEFAULT_ADMIN_ROLE to anyone but the timelock, or of PROPOSER or
    ///   EXECUTOR to anyone but this governor (a second admin, proposer or executor could schedule and run, outside
    ///   any vote, what this guard refuses); timelock `updateDelay` above `MAX_TIMELOCK_DELAY`;
    /// - ACL `revokePermission` of the timelock's kernel ROOT, `renouncePermission` of kernel ROOT (the timelock
    ///   would renounce its own), `grantPermission` of kernel ROOT or `setPermissionManager` of kernel ROOT to
    ///   anyone but the timelock (the kernel's only root);
    /// - governor `updateTimelock`, `relay` to the timelock, and a setter with a value outside its bound;
    /// - a call to one of these functions too short to hold its arguments.
    function _checkAction(uint256 index, address target, bytes memory data) private view {
        if (target != _TIMELOCK && target != _ACL && target != address(this)) return;
        if (data.length < 4) return; // no selector: the fallback, which none of the three has; the call reverts
        bytes4 selector = bytes4(data);
        bool forbidden;
        if (target == _TIMELOCK) {
            if (selector == IAccessControl.grantRole.selector) {
                // The timelock administers itself; the governor alone proposes and executes on it.
                bytes32 role = _arg(index, target, data, 0);
                address account = address(uint160(uint256(_arg(index, target, data, 1))));
                forbidden =
                    (role == _DEFAULT_ADMIN_ROLE && account != _TIMELOCK) ||
                    ((role == _PROPOSER_ROLE || role == _EXECUTOR_ROLE) && account != address(this));
            } else if (selector == IAccessControl.revokeRole.selector) {
                bytes32 role = _arg(index, target, data, 0);
                address account = address(uint160(uint256(_arg(index, target, data, 1))));
                forbidden =
                    (account == address(this) &&
                        (role == _PROPOSER_ROLE || role == _CANCELLER_ROLE || role == _EXECUTOR_ROLE)) ||
                    (account == _TIMELOCK && role == _DEFAULT_ADMIN_ROLE);
            } else if (selector == TimelockController.updateDelay.selector) {
                uint256 delay = uint256(_arg(index, target, data, 0));
                if (delay > MAX_TIMELOCK_DELAY) revert NYNGovernorTimelockDelayTooLong(delay, MAX_TIMELOCK_DELAY);
            } else {
                forbidden = true;
            }
        } else if (target == _ACL) {
            if (selector == IACL.revokePermission.selector) {
                forbidden =
                    address(uint160(uint256(_arg(index, target, data, 0)))) == _TIMELOCK &&
                    _isKernelRoot(index, target, data, 1);
            } else if (selector == IACL.renouncePermission.selector) {
                forbidden = _isKernelRoot(index, target, data, 0);
            } else if (selector == IACL.grantPermission.selector || selector == IACL.setPermissionManager.selector) {
                forbidden =
                    _isKernelRoot(index, target, data, 1) &&
                    address(uint160(uint256(_arg(index, target, data, 0)))) != _TIMELOCK;
            }
        } else {
            forbidden = _checkGovernorCall(index, data, selector);
        }
        if (forbidden) revert NYNGovernorProtectedAction(index, target, selector);
    }

    /// @dev The guard for a call to this governor: whether it is refused (`updateTimelock`, `relay` to the
    /// timelock); a setter with a value outside its bound reverts with that bound's error.
    /// @param index The action's index in the proposal (for the error).
    /// @param data The call.
    /// @param selector Its selector.
    function _checkGovernorCall(uint256 index, bytes memory data, bytes4 selector) private view returns (bool) {
        if (selector == GovernorTimelockControl.updateTimelock.selector) return true;
        if (selector == Governor.relay.selector) {
            return address(uint160(uint256(_arg(index, address(this), data, 0)))) == _TIMELOCK;
        }
        if (selector == GovernorSettings.setVotingDelay.selector) {
            _checkVotingDelay(uint256(_arg(index, address(this), data, 0)));
        } else if (selector == GovernorSettings.setVotingPeriod.selector) {
            _checkVotingPeriod(uint256(_arg(index, address(this), data, 0)));
        } else if (selector == GovernorSettings.setProposalThreshold.selector) {
            _checkProposalThreshold(uint256(_arg(index, address(this), data, 0)), maxProposalThreshold());
        } else if (selector == GovernorVotesQuorumFraction.updateQuorumNumerator.selector) {
            _checkQuorumNumerator(uint256(_arg(index, address(this), data, 0)));
        }
        return false;
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
        _checkVotingDelay(newVotingDelay);
        super._setVotingDelay(newVotingDelay);
    }

    /// @dev Bounded: `MIN_VOTING_PERIOD` to `MAX_VOTING_PERIOD` seconds.
    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        _checkVotingPeriod(newVotingPeriod);
        super._setVotingPeriod(newVotingPeriod);
    }

    /// @dev Bounded: at most `maxProposalThreshold()` NYN-wei (a higher one could lock every holder out). While the
    /// governor is being constructed the token is not readable yet: the constructor checks the starting value.
    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        if (address(this).code.length != 0) _checkProposalThreshold(newProposalThreshold, maxProposalThreshold());
        super._setProposalThreshold(newProposalThreshold);
    }

    /// @dev Bounded: `MIN_QUORUM_NUMERATOR` to `MAX_QUORUM_NUMERATOR` percent.
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        _checkQuorumNumerator(newQuorumNumerator);
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _checkVotingDelay(uint256 votingDelay_) private pure {
        if (votingDelay_ > MAX_VOTING_DELAY) revert NYNGovernorVotingDelayTooLong(votingDelay_, MAX_VOTING_DELAY);
    }

    function _checkVotingPeriod(uint256 votingPeriod_) private pure {
        if (votingPeriod_ < MIN_VOTING_PERIOD) revert NYNGovernorVotingPeriodTooShort(votingPeriod_, MIN_VOTING_PERIOD);
        if (votingPeriod_ > MAX_VOTING_PERIOD) revert NYNGovernorVotingPeriodTooLong(votingPeriod_, MAX_VOTING_PERIOD);
    }

    function _checkProposalThreshold(uint256 threshold, uint256 max) private pure {
        if (threshold > max) revert NYNGovernorProposalThresholdTooHigh(threshold, max);
    }

    /// @dev `MAX_PROPOSAL_THRESHOLD_PERCENT` of `supply`.
    function _thresholdCap(uint256 supply) private pure returns (uint256) {
        return (supply * MAX_PROPOSAL_THRESHOLD_PERCENT) / 100;
    }

    function _checkQuorumNumerator(uint256 numerator) private pure {
        if (numerator < MIN_QUORUM_NUMERATOR) revert NYNGovernorQuorumTooLow(numerator, MIN_QUORUM_NUMERATOR);
        if (numerator > MAX_QUORUM_NUMERATOR) revert NYNGovernorQuorumTooHigh(numerator, MAX_QUORUM_NUMERATOR);
    }

    // ------------------------------------------------------------------ execution-end check

    /// @dev Which powers an execution of `targets` could take away besides the liveness roles (which are always
    /// checked): the governor's CANCELLER role when an action calls the timelock, the timelock's root when an action
    /// calls the kernel or the ACL. While the timelock is its own only admin and the root's only holder and manager
    /// (the guard refuses handing any of these to anyone else), no other call can change them.
    /// @param targets The proposal's targets.
    /// @return canceller Whether an action calls the timelock.
    /// @return root Whether an action calls the kernel or the ACL.
    function _watched(address[] memory targets) private view returns (bool canceller, bool root) {
        for (uint256 i = 0; i < targets.length; ++i) {
            address target = targets[i];
            if (target == _TIMELOCK) canceller = true;
            else if (target == _KERNEL || target == _ACL) root = true;
        }
    }

    /// @dev `timelock.hasRole(role, this)` or revert with `NYNGovernorPowerLost`; a bare staticcall (execute is
    /// gas-benchmarked against the unmodified OpenZeppelin governor).
    /// @param role The TimelockController role this governor must hold.
    function _checkTimelockRole(bytes32 role) private view {
        address timelock_ = _TIMELOCK;
        bytes4 hasRole = IAccessControl.hasRole.selector;
        bool held;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hasRole)
            mstore(add(ptr, 4), role)
            mstore(add(ptr, 36), address())
            let ok := staticcall(gas(), timelock_, ptr, 68, ptr, 32)
            // Only a returned 32-byte word equal to 1 counts as held.
            held := and(ok, and(eq(returndatasize(), 32), eq(mload(ptr), 1)))
        }
        if (!held) revert NYNGovernorPowerLost(address(this), timelock_, role);
    }

    function _timelockIsRoot() private view returns (bool) {
        return IACL(_ACL).hasPermission(_TIMELOCK, _KERNEL, KernelIds.ROOT_PERMISSION);
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
        (bool canceller, bool root) = _watched(targets);
        bool rootBefore = root && _timelockIsRoot();
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
        // The postcondition, whatever the actions did at any nesting depth: the governor can still queue and execute
        // the next proposal; the CANCELLER role and the timelock's root (held before) when an action could touch them.
        _checkTimelockRole(_EXECUTOR_ROLE);
        _checkTimelockRole(_PROPOSER_ROLE);
        if (canceller) _checkTimelockRole(_CANCELLER_ROLE);
        if (rootBefore && !_timelockIsRoot()) {
            revert NYNGovernorPowerLost(_TIMELOCK, _KERNEL, KernelIds.ROOT_PERMISSION);
        }
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
