// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CalldataGas
/// @notice The gas a transaction pays besides its execution: the intrinsic 21,000 and its calldata (EIP-2028: 4 gas
/// per zero byte, 16 per non-zero byte; from Prague on, EIP-7623's floor of 10 gas per token, where a token is a zero
/// byte or a quarter of a non-zero byte), computed exactly from the calldata in about 40 gas per 32-byte word, so the
/// gas meter charges what the sender really paid.
library CalldataGas {
    /// @notice Intrinsic gas of every transaction (before calldata).
    uint256 internal constant TX_BASE_GAS = 21_000;
    /// @notice Gas per zero byte of calldata (EIP-2028).
    uint256 internal constant ZERO_BYTE_GAS = 4;
    /// @notice Gas per non-zero byte of calldata (EIP-2028).
    uint256 internal constant NONZERO_BYTE_GAS = 16;
    /// @notice Passed instead of a token count when the caller of a metered function (or of the forwarder) is not the
    /// transaction's sender: then the transaction's intrinsic gas and calldata are not this call's to count.
    uint256 internal constant NOT_SENDER = type(uint256).max;
    /// @notice Standard gas per calldata token (EIP-7623: `tokens = zero bytes + 4 × non-zero bytes`; 4 gas a token
    /// is EIP-2028's price).
    uint256 internal constant STANDARD_TOKEN_GAS = 4;
    /// @notice Floor gas per calldata token from Prague on (EIP-7623 `TOTAL_COST_FLOOR_PER_TOKEN`).
    uint256 internal constant FLOOR_TOKEN_GAS = 10;
    /// @notice The first precompile that Prague adds (EIP-2537 BLS12_G1ADD): it answers only where EIP-7623 (same
    /// hardfork) is active.
    address internal constant PRAGUE_PROBE = address(0x0b);
    /// @notice Gas allowed for the Prague probe (BLS12_G1ADD costs 375).
    uint256 internal constant PRAGUE_PROBE_GAS = 1_000;

    /// @notice The EIP-7623 calldata tokens of `data`: zero bytes + 4 × non-zero bytes (its EIP-2028 gas / 4).
    /// @param data The calldata.
    /// @return The token count.
    function tokens(bytes calldata data) internal pure returns (uint256) {
        return cost(data) / STANDARD_TOKEN_GAS;
    }

    /// @notice What a transaction whose calldata has `calldataTokens` tokens and whose execution used `executionGas`
    /// gas pays beyond that execution: 21,000 + `4 × tokens`, or, where EIP-7623 applies and its floor
    /// (`10 × tokens`) exceeds the standard total, what lifts the total to the floor.
    /// @param calldataTokens The transaction's calldata tokens (see {tokens}).
    /// @param executionGas The gas the transaction's execution used.
    /// @return The gas to add to `executionGas`.
    function txOverhead(uint256 calldataTokens, uint256 executionGas) internal view returns (uint256) {
        uint256 standard = calldataTokens * STANDARD_TOKEN_GAS;
        uint256 floor = calldataTokens * FLOOR_TOKEN_GAS;
        if (floor > standard + executionGas && floorActive()) return TX_BASE_GAS + floor - executionGas;
        return TX_BASE_GAS + standard;
    }

    /// @notice Whether the chain runs Prague or later (EIP-7623's calldata floor applies): the EIP-2537 BLS12_G1ADD
    /// precompile adds two points at infinity (256 zero bytes) and returns 128 bytes; before Prague its address is
    /// an empty account and returns nothing.
    /// @return True from Prague on.
    function floorActive() internal view returns (bool) {
        address probe = PRAGUE_PROBE;
        uint256 probeGas = PRAGUE_PROBE_GAS;
        bool answered;
        assembly ("memory-safe") {
            let input := mload(0x40)
            // 256 zero bytes: copied from past the end of calldata, which reads as zeros.
            calldatacopy(input, calldatasize(), 0x100)
            let ok := staticcall(probeGas, probe, input, 0x100, 0, 0)
            answered := and(ok, eq(returndatasize(), 0x80))
        }
        return answered;
    }

    /// @notice The calldata gas of `data`.
    function cost(bytes calldata data) internal pure returns (uint256) {
        uint256 zeros;
        assembly ("memory-safe") {
            let lo := 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f
            let ones := 0x0101010101010101010101010101010101010101010101010101010101010101
            let end := add(data.offset, data.length)
            for {
                let p := data.offset
            } lt(p, end) {
                p := add(p, 32)
            } {
                let w := calldataload(p)
                // Per byte b: ((b & 0x7f) + 0x7f) | b has its top bit set iff b != 0 (no carry crosses bytes: the sum
                // is at most 0xfe). Inverted and masked, each zero byte of w becomes 0x80 and every other byte 0x00.
                let t := not(or(or(add(and(w, lo), lo), w), lo))
                // Move each 0x80 to 0x01 and add all 32 bytes into the top byte (the sum is at most 32: no carries).
                zeros := add(zeros, shr(248, mul(shr(7, t), ones)))
            }
            // calldataload reads zeros past the end: remove the padding counted in the last word.
            let rem := mod(data.length, 32)
            if rem {
                zeros := sub(zeros, sub(32, rem))
            }
        }
        // Cannot overflow: zeros <= data.length, which calldata size bounds far below 2^250.
        unchecked {
            return zeros * ZERO_BYTE_GAS + (data.length - zeros) * NONZERO_BYTE_GAS;
        }
    }
}
