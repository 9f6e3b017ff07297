import { keccak256 } from "ethers";

/** Anything that reads an account's code (an ethers provider). */
export interface CodeReader {
  getCode(address: string): Promise<string>;
}

/**
 * The EXTCODEHASH of `address` as the kernel compares it: keccak256 of its runtime code (of no code at all for an account without code, which the kernel refuses
 * first with `KernelNotAContract`). Pinned in
 * `Kernel.installModule(id, impl, codeHash, init)` and `Kernel.upgradeModule(id, impl, codeHash, data)`, so the code
 * installed is the code reviewed (or voted on). Reads the code through `provider` (default: Hardhat's).
 * @param address The implementation's address.
 * @param provider Where to read the code.
 * @returns The code hash (0x + 64 hex digits).
 */
export async function codeHashOf(address: string, provider?: CodeReader): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reader: CodeReader = provider ?? (require("hardhat") as { ethers: { provider: CodeReader } }).ethers.provider;
  return keccak256(await reader.getCode(address));
}

/**
 * {@link codeHashOf} for a deployed contract object (read through the contract's own provider: any network).
 * @param contract The contract (an ethers `BaseContract`).
 * @returns The code hash.
 */
export async function codeHashOfContract(contract: { getDeployedCode(): Promise<string | null> }): Promise<string> {
  return keccak256((await contract.getDeployedCode()) ?? "0x");
}
