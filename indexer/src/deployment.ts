/**
 * The deployment the indexer follows, from the environment the launcher (`npm run indexer -- --network <name>`, i.e.
 * scripts/indexer.ts at the root) sets from the recorded Ignition deployment: `NYN_INDEXER_DEPLOYMENT`, a JSON object
 * `{ chainId, rpcUrl, startBlock, addresses: { kernel, acl, processRegistry, gasMeter, nyn, forwarder, marketplace,
 * jobBoard, governor, timelock } }`.
 */
export interface Deployment {
  chainId: number;
  rpcUrl: string;
  startBlock: number;
  /** Whether the chain is a local development node (anvil, Hardhat): no RPC cache (a restarted node reuses ids). */
  dev: boolean;
  addresses: {
    kernel: `0x${string}`;
    acl: `0x${string}`;
    processRegistry: `0x${string}`;
    gasMeter: `0x${string}`;
    nyn: `0x${string}`;
    forwarder: `0x${string}`;
    marketplace: `0x${string}`;
    jobBoard: `0x${string}`;
    governor: `0x${string}`;
    timelock: `0x${string}`;
  };
}

const KEYS = [
  "kernel",
  "acl",
  "processRegistry",
  "gasMeter",
  "nyn",
  "forwarder",
  "marketplace",
  "jobBoard",
  "governor",
  "timelock",
] as const;

/** Read and check `NYN_INDEXER_DEPLOYMENT`; throws a message that says how to start the indexer otherwise. */
export function deployment(): Deployment {
  const text = process.env.NYN_INDEXER_DEPLOYMENT;
  if (!text) {
    throw new Error(
      "NYN_INDEXER_DEPLOYMENT is not set: start the indexer from the repository root with `npm run indexer -- --network localhost`",
    );
  }
  const d = JSON.parse(text) as Deployment;
  for (const key of KEYS) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(d.addresses?.[key] ?? ""))
      throw new Error(`NYN_INDEXER_DEPLOYMENT: no address for ${key}`);
  }
  return { ...d, dev: d.dev ?? (d.chainId === 31337 || d.chainId === 1337) };
}
