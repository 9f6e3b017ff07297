// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {RecordWord} from "./RetypedWordV2.sol";

/// @dev Test contract for lib/upgradeSafety.ts: {RetypedWordV1}'s record as a storage struct of typed words (same
/// slot, same bits), the shape of MarketEscrow's dispute record after ADR 0009. upgrades-core reports the mapping's
/// value as a struct whose members were deleted and replaced, nested under the one member `records`.
contract RetypedStructV2 is Initializable, UUPSUpgradeable {
    struct StoredRecord {
        RecordWord word;
    }

    /// @custom:storage-location erc7201:nyn.storage.test.Retyped
    struct RetypedStorage {
        mapping(uint256 id => StoredRecord) records;
        uint256 count;
    }

    // keccak256(abi.encode(uint256(keccak256("nyn.storage.test.Retyped")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant RETYPED_STORAGE = 0x24e02189366575eee86fd2ca7b5b10533b84272e6c0732385da48d217e930400;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function _authorizeUpgrade(address) internal override {}

    function _s() private pure returns (RetypedStorage storage $) {
        assembly {
            $.slot := RETYPED_STORAGE
        }
    }

    function count() external view returns (uint256) {
        return _s().count;
    }
}
