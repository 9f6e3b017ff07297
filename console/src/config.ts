import { defineChain, type Address, type Chain } from "viem";

/** The page's runtime configuration, written into the build by `npm run console` (console/scripts/serve.ts). */
export interface ConsoleConfig {
  chainId: number;
  /** The node's URL as the user gave it; the page talks to it through the server's /rpc proxy. */
  rpcUrl: string;
  /** Ignition's record of the deployment: `<Module>#<future>` → address. */
  record: Record<string, string>;
  /** The deployment's first block: event scans start there. */
  deployBlock: number;
  /** Names of the node's own accounts on a dev chain (lower-case address → deployer, alice, …). */
  accountNames: Record<string, string>;
  /** The indexer's URL as the server found or started it (the page asks it through the server's /indexer proxy),
   * or null: history then comes from event logs. */
  indexerUrl: string | null;
}

/** The deployed system's addresses, by the names the console uses. */
export interface Addresses {
  kernel: Address;
  acl: Address;
  processRegistry: Address;
  nyn: Address;
  gasMeter: Address;
  governor: Address;
  timelock: Address;
  marketplace: Address;
  jobBoard: Address;
  nameService: Address;
  forwarder: Address;
  counter: Address;
}

/** The chain id of local development nodes (Hardhat, anvil): the only chain with the dev-account connector. */
export const DEV_CHAIN_ID = 31337;

/** Ignition future ids (`deploy/ignition.ts`'s FUTURE_IDS) of the addresses the console needs. */
const FUTURES: Record<keyof Addresses, string> = {
  kernel: "Kernel#Kernel",
  acl: "Kernel#ACL",
  processRegistry: "ProcessRegistry#ProcessRegistry",
  nyn: "NYN#NYN",
  gasMeter: "GasMeter#GasMeter",
  governor: "Governance#NYNGovernor",
  timelock: "Timelock#TimelockController",
  marketplace: "Market#Marketplace",
  jobBoard: "Market#JobBoard",
  nameService: "NameService#NameService",
  forwarder: "Kernel#KernelForwarder",
  counter: "Counter#Counter",
};

/** The addresses of a recorded deployment; throws naming the first missing future. */
export function addressesOf(record: Record<string, string>): Addresses {
  const out = {} as Addresses;
  for (const [key, future] of Object.entries(FUTURES) as [keyof Addresses, string][]) {
    const value = record[future];
    if (!value) throw new Error(`the deployment record has no ${future}`);
    out[key] = value as Address;
  }
  return out;
}

/** Fetch the runtime configuration the server wrote next to the page. */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok) throw new Error("no config.json next to the page: start the console with `npm run console`");
  return (await response.json()) as ConsoleConfig;
}

/** The viem chain the page talks to: the node behind the server's /rpc proxy. */
export function chainOf(config: ConsoleConfig): Chain {
  const url = new URL("rpc", window.location.href).toString();
  return defineChain({
    id: config.chainId,
    name: config.chainId === DEV_CHAIN_ID ? "Local dev chain" : `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}
