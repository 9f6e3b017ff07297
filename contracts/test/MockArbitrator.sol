// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrator} from "../interfaces/IArbitrator.sol";
import {IMarketEscrow} from "../interfaces/IMarketEscrow.sol";

/// @title MockArbitrator
/// @notice Test only: an external ERC-792 arbitrator. Numbers disputes from `firstId`, records their arbitrable
/// and extra data, and rules by calling the arbitrable's `rule` with its own id.
contract MockArbitrator is IArbitrator {
    struct Case {
        address arbitrable;
        uint256 choices;
        bytes extraData;
    }

    uint256 public nextId;
    mapping(uint256 disputeID => Case) private _cases;

    constructor(uint256 firstId) {
        nextId = firstId;
    }

    /// @inheritdoc IArbitrator
    function createDispute(uint256 choices, bytes calldata extraData) external payable returns (uint256 disputeID) {
        disputeID = nextId;
        ++nextId;
        _cases[disputeID] = Case(msg.sender, choices, extraData);
        emit DisputeCreation(disputeID, msg.sender);
    }

    /// @notice The recorded dispute `disputeID`.
    function caseOf(uint256 disputeID) external view returns (Case memory) {
        return _cases[disputeID];
    }

    /// @notice Rule `ruling` on `disputeID` (ERC-792: the arbitrator calls the arbitrable).
    function giveRuling(uint256 disputeID, uint256 ruling) external {
        IMarketEscrow(_cases[disputeID].arbitrable).rule(disputeID, ruling);
    }
}
