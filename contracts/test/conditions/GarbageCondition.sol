// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test double: returns `words` words of 1 (1 word of 2 when `words == 0`): never one `true` word.
contract GarbageCondition {
    uint256 public immutable WORDS;

    constructor(uint256 words) {
        WORDS = words;
    }

    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        uint256 words = WORDS;
        assembly {
            if iszero(words) {
                mstore(0, 2)
                return(0, 32)
            }
            for {
                let i := 0
            } lt(i, words) {
                i := add(i, 1)
            } {
                mstore(mul(i, 32), 1)
            }
            return(0, mul(words, 32))
        }
    }
}
