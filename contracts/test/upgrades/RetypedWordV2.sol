// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

type RecordWord is uint256;

/// @dev Test contract for lib/upgradeSafety.ts: {RetypedWordV1}'s record as a typed word (same slot, same bits).
contract RetypedWordV2 is Initializable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:nyn.storage.test.Retyped
    struct RetypedStorage {
        mapping(uint256 id => RecordWord) records;
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
