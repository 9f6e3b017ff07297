import type { Signer, TypedDataDomain } from "ethers";

/** The EIP-712 types of OpenZeppelin's ERC2771Forwarder (KernelForwarder's domain: "NYN OS Forwarder", "1"). */
export const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
};

/** A signed request as `execute`/`executeRelayed` take it. */
export interface SignedForwardRequest {
  from: string;
  to: string;
  value: bigint;
  gas: bigint;
  deadline: bigint;
  data: string;
  signature: string;
}

/** What signing needs to know about the forwarder and the chain. */
export interface ForwarderLike {
  getAddress(): Promise<string>;
  nonces(owner: string): Promise<bigint>;
  runner: {
    provider: {
      getNetwork(): Promise<{ chainId: bigint }>;
      getBlock(tag: "latest"): Promise<{ timestamp: number } | null>;
    } | null;
  } | null;
}

/** The forwarder's EIP-712 domain; `override` forges wrong-chain or wrong-contract domains in tests. */
export async function forwarderDomain(
  forwarder: ForwarderLike,
  override: Partial<TypedDataDomain> = {},
): Promise<TypedDataDomain> {
  const provider = forwarder.runner?.provider;
  if (!provider) throw new Error("forwarder has no provider");
  return {
    name: "NYN OS Forwarder",
    version: "1",
    chainId: (await provider.getNetwork()).chainId,
    verifyingContract: await forwarder.getAddress(),
    ...override,
  };
}

/**
 * Sign an ERC-2771 ForwardRequest as `signer` for `forwarder`: value 0, gas 300,000, the forwarder's current nonce
 * and a deadline one hour after the latest block unless given.
 */
export async function signForwardRequest(
  forwarder: ForwarderLike,
  signer: Signer,
  request: { to: string; data: string; gas?: bigint; value?: bigint; deadline?: bigint; nonce?: bigint },
  domain: Partial<TypedDataDomain> = {},
): Promise<SignedForwardRequest> {
  const from = await signer.getAddress();
  const latest = await forwarder.runner!.provider!.getBlock("latest");
  const message = {
    from,
    to: request.to,
    value: request.value ?? 0n,
    gas: request.gas ?? 300_000n,
    nonce: request.nonce ?? (await forwarder.nonces(from)),
    deadline: request.deadline ?? BigInt(latest!.timestamp + 3600),
    data: request.data,
  };
  const signature = await signer.signTypedData(
    await forwarderDomain(forwarder, domain),
    FORWARD_REQUEST_TYPES,
    message,
  );
  return {
    from,
    to: message.to,
    value: message.value,
    gas: message.gas,
    deadline: message.deadline,
    data: message.data,
    signature,
  };
}
