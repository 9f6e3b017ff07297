// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title Permit
/// @notice The one EIP-2612 permit policy of NYN OS (`GasMeter.depositWithPermit`, `Marketplace.buyWithPermit`,
/// `JobBoard.postJobWithPermit`): try the permit; if it fails, go on only when the allowance already covers the
/// value, else revert with the permit's own revert data.
/// @dev Anyone can submit a permit seen in the mempool before the transaction that carries it; the permit then
/// reverts (its nonce is used) although the allowance it set is in place. Trying it and falling back on the allowance
/// is the front-running-safe pattern OpenZeppelin documents for ERC-2612 (`IERC20Permit`, "Security
/// considerations"). Bubbling the permit's revert otherwise keeps a bad signature's reason (e.g. OpenZeppelin's
/// `ERC2612InvalidSigner`, `ERC2612ExpiredSignature`) instead of a later, vaguer transfer failure.
library Permit {
    /// @dev Apply `owner`'s EIP-2612 permit letting `spender` spend `value` of `token` (signature `v`, `r`, `s`,
    /// valid until `deadline`, seconds); if the permit reverts, return when `token.allowance(owner, spender) >=
    /// value`, else revert with the permit's revert data (empty for a token without `permit`).
    function permitOrAllowance(
        IERC20 token,
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal {
        try IERC20Permit(address(token)).permit(owner, spender, value, deadline, v, r, s) {} catch (
            bytes memory reason
        ) {
            if (token.allowance(owner, spender) < value) {
                assembly ("memory-safe") {
                    revert(add(reason, 0x20), mload(reason))
                }
            }
        }
    }
}
