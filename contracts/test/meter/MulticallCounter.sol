// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IKernel} from "../../interfaces/IKernel.sol";
import {Counter} from "../../programs/Counter.sol";

/// @title MulticallCounter
/// @notice Test program: the Counter with OpenZeppelin's Multicall, the combination behind the December 2023
/// ERC-2771 sender-spoofing advisory (B9).
contract MulticallCounter is Counter, Multicall {
    constructor(IKernel kernel_) Counter(kernel_) {}

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
