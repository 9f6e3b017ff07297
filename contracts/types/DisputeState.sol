// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMarketEscrow} from "../interfaces/IMarketEscrow.sol";

/// @dev Where a MarketEscrow dispute stands and whom its settlement pays (the second word of its record): every step
/// of a dispute (ruling, default settlement, evidence) reads it, and settling it writes it once. Layout (bit offset,
/// width):
///   payee (0, 160: the seller or worker) | feeBps (160, 16: the escrow's fee, locked when it was created)
///   | rulingDeadline (176, 40: seconds; the last second a ruling is accepted) | status (216, 8:
///   `IMarketEscrow.DisputeStatus`) | payerShareBps (224, 16: the final ruling, once settled) | tokenId (240, 8:
///   the escrow's payment token, 0: NYN).
/// The same bits as `IMarketEscrow.DisputeRecord`'s second slot when the compiler packed it (ADR 0009).
type DisputeState is uint256;

using DisputeStateLibrary for DisputeState global;

/// @title DisputeStateLibrary
/// @notice Getters and `with…` setters of a {DisputeState} word (Uniswap v4 `Slot0` style).
library DisputeStateLibrary {
    uint256 internal constant PAYEE_MASK = (1 << 160) - 1;
    uint256 internal constant FEE_OFFSET = 160;
    uint256 internal constant FEE_MASK = (1 << 16) - 1;
    uint256 internal constant DEADLINE_OFFSET = 176;
    uint256 internal constant DEADLINE_MASK = (1 << 40) - 1;
    uint256 internal constant STATUS_OFFSET = 216;
    uint256 internal constant STATUS_MASK = (1 << 8) - 1;
    uint256 internal constant SHARE_OFFSET = 224;
    uint256 internal constant SHARE_MASK = (1 << 16) - 1;
    uint256 internal constant TOKEN_OFFSET = 240;
    uint256 internal constant TOKEN_MASK = (1 << 8) - 1;

    // ------------------------------------------------------------------ getters

    function payee(DisputeState s) internal pure returns (address) {
        return address(uint160(DisputeState.unwrap(s)));
    }

    function feeBps(DisputeState s) internal pure returns (uint16) {
        return uint16(DisputeState.unwrap(s) >> FEE_OFFSET);
    }

    function rulingDeadline(DisputeState s) internal pure returns (uint40) {
        return uint40(DisputeState.unwrap(s) >> DEADLINE_OFFSET);
    }

    function status(DisputeState s) internal pure returns (IMarketEscrow.DisputeStatus) {
        return IMarketEscrow.DisputeStatus(uint8(DisputeState.unwrap(s) >> STATUS_OFFSET));
    }

    function payerShareBps(DisputeState s) internal pure returns (uint16) {
        return uint16(DisputeState.unwrap(s) >> SHARE_OFFSET);
    }

    function tokenId(DisputeState s) internal pure returns (uint8) {
        return uint8(DisputeState.unwrap(s) >> TOKEN_OFFSET);
    }

    // ------------------------------------------------------------------ setters (a new word)

    function withPayee(DisputeState s, address v) internal pure returns (DisputeState) {
        return DisputeState.wrap((DisputeState.unwrap(s) & ~PAYEE_MASK) | uint160(v));
    }

    function withFeeBps(DisputeState s, uint256 v) internal pure returns (DisputeState) {
        return _with(s, FEE_OFFSET, FEE_MASK, v);
    }

    function withRulingDeadline(DisputeState s, uint256 v) internal pure returns (DisputeState) {
        return _with(s, DEADLINE_OFFSET, DEADLINE_MASK, v);
    }

    function withStatus(DisputeState s, IMarketEscrow.DisputeStatus v) internal pure returns (DisputeState) {
        return _with(s, STATUS_OFFSET, STATUS_MASK, uint256(v));
    }

    function withPayerShareBps(DisputeState s, uint256 v) internal pure returns (DisputeState) {
        return _with(s, SHARE_OFFSET, SHARE_MASK, v);
    }

    function withTokenId(DisputeState s, uint256 v) internal pure returns (DisputeState) {
        return _with(s, TOKEN_OFFSET, TOKEN_MASK, v);
    }

    /// @dev `s` settled: status Ruled (or DefaultSettled when `byDefault`) with ruling `payerShareBps_` (at most
    /// 10,000), in one write.
    function settled(DisputeState s, uint256 payerShareBps_, bool byDefault) internal pure returns (DisputeState) {
        IMarketEscrow.DisputeStatus to =
            byDefault ? IMarketEscrow.DisputeStatus.DefaultSettled : IMarketEscrow.DisputeStatus.Ruled;
        return
            DisputeState.wrap(
                (DisputeState.unwrap(s) & ~((STATUS_MASK << STATUS_OFFSET) | (SHARE_MASK << SHARE_OFFSET))) |
                    (uint256(to) << STATUS_OFFSET) |
                    (payerShareBps_ << SHARE_OFFSET)
            );
    }

    /// @dev A new Open dispute's state from its fields, each already within its width (ruling 0 until settled).
    function pack(
        address payee_,
        uint256 feeBps_,
        uint256 rulingDeadline_,
        uint256 tokenId_
    ) internal pure returns (DisputeState) {
        return
            DisputeState.wrap(
                uint160(payee_) |
                    (feeBps_ << FEE_OFFSET) |
                    (rulingDeadline_ << DEADLINE_OFFSET) |
                    (uint256(IMarketEscrow.DisputeStatus.Open) << STATUS_OFFSET) |
                    (tokenId_ << TOKEN_OFFSET)
            );
    }

    function _with(DisputeState s, uint256 offset, uint256 mask, uint256 v) private pure returns (DisputeState) {
        return DisputeState.wrap((DisputeState.unwrap(s) & ~(mask << offset)) | ((v & mask) << offset));
    }
}
