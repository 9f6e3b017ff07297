// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKernel} from "../interfaces/IKernel.sol";
import {ProcessRegistryV2} from "../upgrades/ProcessRegistryV2.sol";

/// @title ProcessRegistryV2Delegatecall
/// @notice TEST ONLY: a storage-compatible version 2 with an arbitrary `delegatecall` (unsafe per OpenZeppelin's
/// upgrade checks: a delegatecall into code that `selfdestruct`s or writes the ERC-1967 slots bricks or hijacks the
/// proxy). `lib/upgradeSafety.ts` must refuse to propose it.
contract ProcessRegistryV2Delegatecall is ProcessRegistryV2 {
    /// @notice Build the implementation for `kernel_`.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IKernel kernel_) ProcessRegistryV2(kernel_) {}

    /// @notice Run `data` on `target` in this contract's context.
    function run(address target, bytes calldata data) external returns (bytes memory) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = target.delegatecall(data);
        if (!ok) revert KernelModuleOnlyKernel(msg.sender);
        return result;
    }
}
