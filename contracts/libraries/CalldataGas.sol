// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CalldataGas
/// @notice The gas a transaction pays for its calldata (EIP-2028: 4 gas per zero byte, 16 per non-zero byte), computed
/// exactly from the calldata in about 40 gas per 32-byte word, so the gas meter charges what the sender really paid.
library CalldataGas {
    /// @notice Intrinsic gas of every transaction (before calldata).
    uint256 internal constant TX_BASE_GAS = 21_000;
    /// @notice Gas per zero byte of calldata (EIP-2028).
    uint256 internal constant ZERO_BYTE_GAS = 4;
    /// @notice Gas per non-zero byte of calldata (EIP-2028).
    uint256 internal constant NONZERO_BYTE_GAS = 16;

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
