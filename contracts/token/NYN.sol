// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IACL} from "../interfaces/IACL.sol";
import {KernelIds} from "../libraries/KernelIds.sol";
import {INYN} from "../interfaces/INYN.sol";

/// @title NYN
/// @notice The NYN OS token: ERC-20 with EIP-2612 permit and ERC-5805 votes (delegation, checkpoints), 18 decimals,
/// hard cap 5,000,000,000 NYN. Only holders of `MINT_PERMISSION` on this token (the governance timelock) mint,
/// within the cap.
/// @dev Clock: timestamp (ERC-6372 `mode=timestamp`): governance periods and the timelock delay are in seconds, the
/// same on every chain, and local demos advance them with one `evm_increaseTime`.
contract NYN is INYN, ERC20, ERC20Permit, ERC20Votes {
    /// @inheritdoc INYN
    uint256 public constant override CAP = 5_000_000_000 ether;

    IACL private immutable _ACL;

    /// @param acl_ The kernel's ACL, which decides who may mint.
    /// @param holders Initial holders (from the deploy config).
    /// @param amounts Their initial balances in NYN-wei; the sum must not exceed `CAP`.
    constructor(IACL acl_, address[] memory holders, uint256[] memory amounts) ERC20("NYN", "NYN") ERC20Permit("NYN") {
        if (address(acl_) == address(0)) revert NYNZeroAddress("acl_");
        if (holders.length != amounts.length) revert NYNLengthMismatch(holders.length, amounts.length);
        _ACL = acl_;
        for (uint256 i = 0; i < holders.length; ++i) {
            _mintCapped(holders[i], amounts[i]);
        }
    }

    /// @inheritdoc INYN
    function mint(address to, uint256 amount) external {
        if (!_ACL.hasPermission(msg.sender, address(this), KernelIds.MINT_PERMISSION)) {
            revert NYNUnauthorizedMinter(msg.sender);
        }
        _mintCapped(to, amount);
    }

    /// @inheritdoc INYN
    function acl() external view returns (address) {
        return address(_ACL);
    }

    /// @notice ERC-6372: the clock is the block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc Nonces
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev The hard cap `CAP`; ERC20Votes' own limit (2^208 - 1) is far above it.
    function _maxSupply() internal pure override returns (uint256) {
        return CAP;
    }

    function _mintCapped(address to, uint256 amount) private {
        uint256 newSupply = totalSupply() + amount;
        if (newSupply > CAP) revert NYNCapExceeded(amount, newSupply, CAP);
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
