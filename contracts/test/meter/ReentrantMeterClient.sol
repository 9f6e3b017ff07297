// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGasMeter} from "../../interfaces/IGasMeter.sol";
import {IKernelForwarder} from "../../interfaces/IKernelForwarder.sol";
import {IProcessRegistry} from "../../interfaces/IProcessRegistry.sol";
import {IHookTokenReceiver} from "./MeterHookToken.sol";

/// @title ReentrantMeterClient
/// @notice Attacker for B2: owns a process and relays requests, and when the token's transfer hook calls it back
/// during `withdraw` or `claim`, tries the same call again. Records whether the re-entry got through.
contract ReentrantMeterClient is IHookTokenReceiver {
    IGasMeter private immutable _METER;
    IERC20 private immutable _TOKEN;
    uint256 public pid;
    bool private _attacking;
    uint8 private _mode; // 1 = withdraw, 2 = claim
    uint256 private _amount;
    uint256 public reentries;
    bytes public reentryError;

    constructor(IGasMeter meter_, IERC20 token_) {
        _METER = meter_;
        _TOKEN = token_;
    }

    function spawn(IProcessRegistry registry, uint32 programId) external returns (uint256) {
        pid = registry.spawn(programId, "", 0);
        return pid;
    }

    function fund(uint256 amount) external {
        _TOKEN.approve(address(_METER), amount);
        _METER.deposit(pid, amount);
    }

    function setRelayGasCap(uint256 cap) external {
        _METER.setRelayGasCap(pid, cap);
    }

    function relay(
        IKernelForwarder forwarder,
        ERC2771Forwarder.ForwardRequestData calldata request,
        uint256 pid_
    ) external {
        forwarder.executeRelayed(request, pid_);
    }

    function attackWithdraw(uint256 amount) external {
        _mode = 1;
        _amount = amount;
        _attacking = true;
        _METER.withdraw(pid, amount, address(this));
        _attacking = false;
    }

    function attackClaim() external {
        _mode = 2;
        _attacking = true;
        _METER.claim(address(this));
        _attacking = false;
    }

    function tokensReceived(address, uint256) external {
        if (!_attacking) return;
        _attacking = false; // one attempt
        if (_mode == 1) {
            try _METER.withdraw(pid, _amount, address(this)) {
                ++reentries;
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        } else {
            try _METER.claim(address(this)) {
                ++reentries;
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        }
    }
}
