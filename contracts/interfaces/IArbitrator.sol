// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IArbitrator
/// @notice The part of an ERC-792 arbitrator that the NYN OS market modules use: when governance plugs an external
/// arbitrator into a market module (`setArbitrator`), every new dispute is submitted to it with `createDispute`, and
/// the arbitrator later calls the module's `rule(itsDisputeId, ruling)` (ERC-792 `IArbitrable.rule`).
/// @dev ERC-792 arbitration fees are not paid by the modules (they hold no ether): plug in only arbitrators whose
/// `createDispute` accepts zero value, or an adapter that governance funds.
interface IArbitrator {
    /// @notice ERC-792: dispute `disputeID` was created by the arbitrable contract `arbitrable`.
    /// @param disputeID The arbitrator's id of the dispute.
    /// @param arbitrable The contract that will receive the ruling.
    event DisputeCreation(uint256 indexed disputeID, address indexed arbitrable);

    /// @notice ERC-792: create a dispute with `choices` possible rulings (0 to `choices`), to be ruled by calling
    /// `rule(disputeID, ruling)` on the caller.
    /// @param choices The highest ruling (the market modules pass 10,000: the payer's share in basis points).
    /// @param extraData Arbitrable-specific data (the market modules pass `abi.encode(localDisputeId)`).
    /// @return disputeID The arbitrator's id of the new dispute.
    function createDispute(uint256 choices, bytes calldata extraData) external payable returns (uint256 disputeID);
}
