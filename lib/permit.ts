import { Signature, type Signer } from "ethers";

/** The EIP-712 types of an EIP-2612 `Permit`. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** What signing a permit needs to know about the token (NYN or any ERC20Permit whose EIP-712 version is "1"). */
export interface PermitToken {
  getAddress(): Promise<string>;
  nonces(owner: string): Promise<bigint>;
  name(): Promise<string>;
}

/** A signed permit, ready for `permit(owner, spender, value, deadline, v, r, s)` or a `…WithPermit` call. */
export interface SignedPermit {
  owner: string;
  spender: string;
  value: bigint;
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

/**
 * Sign an EIP-2612 permit letting `spender` move `value` (token-wei) of `owner`'s tokens until `deadline` (seconds).
 * `overrides` forge what tests need: another nonce, chain id or token (replay checks), or a claimed owner that is
 * not the signer.
 */
export async function signPermit(
  token: PermitToken,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
  overrides: { nonce?: bigint; chainId?: bigint; verifyingContract?: string; claimedOwner?: string } = {},
): Promise<SignedPermit> {
  const ownerAddress = overrides.claimedOwner ?? (await owner.getAddress());
  const { chainId } = await owner.provider!.getNetwork();
  const domain = {
    name: await token.name(),
    version: "1",
    chainId: overrides.chainId ?? chainId,
    verifyingContract: overrides.verifyingContract ?? (await token.getAddress()),
  };
  const nonce = overrides.nonce ?? (await token.nonces(ownerAddress));
  const sig = Signature.from(
    await owner.signTypedData(domain, PERMIT_TYPES, { owner: ownerAddress, spender, value, nonce, deadline }),
  );
  return { owner: ownerAddress, spender, value, deadline, v: sig.v, r: sig.r, s: sig.s };
}
