// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title OutsidePower
/// @notice Test only: a contract holding a power over governance that no proposal gave it (set up in a test by
/// impersonation: a timelock admin, a second kernel root or the root's manager), which a proposal then calls. It
/// stands for any path the governor's propose-time guard does not see; the governor's execution-end check must
/// catch what it does.
contract OutsidePower {
    /// @notice Call `target` with `data`, bubbling up a revert.
    /// @param target The contract to call.
    /// @param data The call (selector + ABI-encoded arguments).
    function act(address target, bytes calldata data) external {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
