// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title MeteringProbe
/// @notice Test contract for the metering accuracy table (SECURITY.md R1–R4): makes a list of raw calls, from its
/// constructor or later, and records the gas each call spent as seen from the caller (`gasleft()` before and after,
/// the CALL's own access and memory costs included). Each call's data may carry trailing padding bytes that the
/// callee's ABI decoder ignores (padded calldata).
contract MeteringProbe {
    /// @notice One raw call: `data` followed by `padding` zero bytes (built in memory, so a constructor's init code
    /// stays small however long the padded calldata is).
    struct Call {
        address target;
        bytes data;
        uint256 padding;
    }

    /// @notice Gas spent by each call of the last run, in order.
    uint256[] public spent;
    /// @notice Whether each call of the last run succeeded.
    bool[] public succeeded;

    /// @param calls Calls to make from the constructor (the probe has no code yet while they run).
    constructor(Call[] memory calls) {
        _run(calls);
    }

    /// @notice Make `calls` now (the probe has code).
    /// @param calls The calls, in order.
    // solhint-disable-next-line gas-calldata-parameters
    function run(Call[] memory calls) external {
        delete spent;
        delete succeeded;
        _run(calls);
    }

    /// @notice How many calls the last run made.
    /// @return The number of calls.
    function count() external view returns (uint256) {
        return spent.length;
    }

    function _run(Call[] memory calls) private {
        uint256[] memory gasSpent = new uint256[](calls.length);
        bool[] memory ok = new bool[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            address target = calls[i].target;
            bytes memory data = bytes.concat(calls[i].data, new bytes(calls[i].padding));
            bool success;
            uint256 before = gasleft();
            assembly ("memory-safe") {
                success := call(gas(), target, 0, add(data, 0x20), mload(data), 0, 0)
            }
            gasSpent[i] = before - gasleft();
            ok[i] = success;
        }
        for (uint256 i = 0; i < calls.length; ++i) {
            spent.push(gasSpent[i]);
            succeeded.push(ok[i]);
        }
    }
}
