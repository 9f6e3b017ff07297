// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PlainRecipient} from "./PlainRecipient.sol";

/// @title MeterNamingRecipient
/// @notice Test contract that trusts the forwarder and names a gas meter of its choice (another kernel's, or none of
/// any kernel's): a batched request to it must not be credited in the batch's meter.
contract MeterNamingRecipient is PlainRecipient {
    address private immutable _GAS_METER;

    constructor(address forwarder, address meter) PlainRecipient(forwarder) {
        _GAS_METER = meter;
    }

    /// @notice The gas meter this contract names (as a kernel process's `gasMeter()`).
    function gasMeter() external view returns (address) {
        return _GAS_METER;
    }
}
