// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INYN
/// @notice The NYN token's own API, beyond the standards it implements (ERC-20, EIP-2612 permit, ERC-5805 votes,
/// ERC-6372 clock): a hard cap, minting by the holders of `MINT_PERMISSION` on the token (the governance timelock),
/// and the ACL that decides it. Amounts are NYN-wei (18 decimals).
interface INYN {
    /// @notice Minting would take the supply above the cap.
    /// @param amount The amount to mint, in NYN-wei.
    /// @param newSupply The supply it would reach, in NYN-wei.
    /// @param cap The hard cap, in NYN-wei.
    error NYNCapExceeded(uint256 amount, uint256 newSupply, uint256 cap);
    /// @notice The caller lacks `MINT_PERMISSION` on the token.
    /// @param who The caller.
    error NYNUnauthorizedMinter(address who);
    /// @notice The initial holders and amounts arrays differ in length.
    /// @param holders The number of holders.
    /// @param amounts The number of amounts.
    error NYNLengthMismatch(uint256 holders, uint256 amounts);
    /// @notice A required address is zero.
    /// @param what The parameter's name.
    error NYNZeroAddress(string what);

    /// @notice The hard cap: 5,000,000,000 NYN.
    /// @return The cap in NYN-wei (18 decimals).
    // solhint-disable-next-line func-name-mixedcase
    function CAP() external view returns (uint256);

    /// @notice Mint `amount` NYN-wei to `to`, within the cap.
    /// @dev Holders of `MINT_PERMISSION` on this token (governance). Reverts with `NYNUnauthorizedMinter`,
    /// `NYNCapExceeded`, `ERC20InvalidReceiver`.
    /// @param to The receiver.
    /// @param amount The amount in NYN-wei.
    function mint(address to, uint256 amount) external;

    /// @notice The ACL that decides who may mint.
    /// @return The ACL's address.
    function acl() external view returns (address);
}
