// JSON-RPC answers and error objects recorded from real clients (2026-12, @foundry-rs/anvil 1.7.1, hardhat 2.29):
// bob (signer 3) calls `increment()` on Alice's Counter PID 1 without INCREMENT_CAPABILITY, which reverts with
// KernelProcessMissingCapability(1, bob, INCREMENT_CAPABILITY). The test serves them from a local JSON-RPC server
// (or rebuilds the error objects the way the client libraries do), so that a change breaking the decoding of any
// client's shape fails `npm test`.

/** The failing call. */
export const BOB = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
export const COUNTER = "0xb293507f3e2f04a19647235eeafbc65fc45d8874";
export const INCREMENT = "0xd09de08a";

/** Its revert data, as every client returns it. */
export const REVERT_DATA =
  "0x29cc954e000000000000000000000000000000000000000000000000000000000000000100000000000000000000000090f79bf6eb2c4f870365e785982e1f101e93b9063d31010dd986ee2169487268c4f5e63202ed450b87f830064e0f06e29f5e9113";

/** What `describeFailure` must print for it. */
export const DECODED =
  "KernelProcessMissingCapability(pid=1, who=0x90F79bf6EB2c4f870365E785982E1f101E93b906, capability=0x3d31010dd986ee2169487268c4f5e63202ed450b87f830064e0f06e29f5e9113)";

/** anvil: `eth_estimateGas` and `eth_call` of the failing call (the message decodes the selector only). */
export const ANVIL_REVERT_ERROR = {
  code: 3,
  message:
    "execution reverted: custom error 0x29cc954e: 000000000000000000000000000000000000000000000000000000000000000100000000000000000000000090f79bf6eb2c4f870365e785982e1f101e93b9063d31010dd986ee2169487268c4f5e63202ed450b87f830064e0f06e29f5e9113",
  data: REVERT_DATA,
};

/** `npx hardhat node`: the same failures (and a failed `eth_sendTransaction`, with `txHash` added to `data`). */
export const HARDHAT_NODE_REVERT_ERROR = {
  code: -32603,
  message:
    'Error: VM Exception while processing transaction: reverted with custom error \'KernelProcessMissingCapability(1, "0x90F79bf6EB2c4f870365E785982E1f101E93b906", "0x3d31010dd986ee2169487268c4f5e63202ed450b87f830064e0f06e29f5e9113")\'',
  data: {
    message:
      'Error: VM Exception while processing transaction: reverted with custom error \'KernelProcessMissingCapability(1, "0x90F79bf6EB2c4f870365E785982E1f101E93b906", "0x3d31010dd986ee2169487268c4f5e63202ed450b87f830064e0f06e29f5e9113")\'',
    data: REVERT_DATA,
  },
};

/** geth: a custom-error revert from `eth_call`/`eth_estimateGas` (the message does not decode anything). */
export const GETH_REVERT_ERROR = { code: 3, message: "execution reverted", data: REVERT_DATA };

/** geth-like nodes and some RPC providers: a failure without any revert data. */
export const NO_DATA_ERROR = { code: -32000, message: "execution reverted" };

/**
 * anvil (and geth): the failing call sent with a fixed 16,777,216 gas is mined and reverts; `eth_sendTransaction`
 * returns only the hash. Its receipt and transaction, as recorded.
 */
export const MINED_HASH = "0xffdbf5e2ad83b1aae1fc1762d0e1c67d62e5b75888d7c51385164cef716974d0";
export const MINED_BLOCK = 0x85;
export const MINED_RECEIPT = {
  type: "0x2",
  status: "0x0",
  cumulativeGasUsed: "0xb5d0",
  logs: [],
  logsBloom: `0x${"0".repeat(512)}`,
  transactionHash: MINED_HASH,
  transactionIndex: "0x0",
  blockHash: "0x88ca0d006d75d82263ed3f69b0017ff15bb3b2d20295e07b5c4d675a34954628",
  blockNumber: "0x85",
  gasUsed: "0xb5d0",
  effectiveGasPrice: "0x3b9aca25",
  blobGasPrice: "0x1",
  from: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
  to: COUNTER,
  contractAddress: null,
  blockTimestamp: 1796553944,
};
export const MINED_TRANSACTION = {
  type: "0x2",
  chainId: "0x7a69",
  nonce: "0x9",
  gas: "0x1000000",
  maxFeePerGas: "0x3b9aca25",
  maxPriorityFeePerGas: "0x3b9aca00",
  to: COUNTER,
  value: "0x0",
  accessList: [],
  input: INCREMENT,
  r: "0x8647534d4bc5b5aee3db8898e1438b72fff0547df448ca33f2fe3fa066ae19e2",
  s: "0x2bb18092014f333df7aca5d421ac5ec87eb1713c8d3c657d4f432abb3b4a95a2",
  yParity: "0x0",
  v: "0x0",
  hash: MINED_HASH,
  blockHash: "0x88ca0d006d75d82263ed3f69b0017ff15bb3b2d20295e07b5c4d675a34954628",
  blockNumber: "0x85",
  transactionIndex: "0x0",
  from: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
  gasPrice: "0x3b9aca25",
  blockTimestamp: "0x6b153cd8",
};
