// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../../interfaces/IKernel.sol";
import {KernelIds} from "../../libraries/KernelIds.sol";

/// @title KernelStub
/// @notice Test helper for building a program against the real kernel's registry, ACL and forwarder but another gas
/// meter (a KernelProcess reads these from its kernel at construction). Only the views KernelProcess calls.
contract KernelStub {
    IKernel private immutable _REAL;
    address private immutable _METER;

    constructor(IKernel real, address meter) {
        _REAL = real;
        _METER = meter;
    }

    function moduleAddress(bytes32 moduleId) external view returns (address) {
        return moduleId == KernelIds.GAS_METER ? _METER : _REAL.moduleAddress(moduleId);
    }

    function acl() external view returns (address) {
        return _REAL.acl();
    }

    function trustedForwarder() external view returns (address) {
        return _REAL.trustedForwarder();
    }
}
