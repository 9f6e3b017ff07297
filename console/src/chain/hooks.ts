import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { PublicClient } from "viem";
import { useKernel } from "./context";
import { historySource, type KernelHistory } from "../data/source";

/** The node's public client (the first configured chain). */
export function useClient(): PublicClient {
  const client = usePublicClient();
  if (!client) throw new Error("no public client");
  return client as PublicClient;
}

/** The history source: the indexer when it answered as the page started, else event logs (see data/source.ts). */
export function useHistory(): KernelHistory {
  const client = useClient();
  const { addresses, config, indexer } = useKernel();
  return historySource(client, addresses, BigInt(config.deployBlock), indexer);
}

/**
 * A query over the node, keyed by `key`, refetched every few seconds and after every mined transaction.
 * @param key The query's key (its identity in react-query's cache).
 * @param read Reads the chain.
 */
export function useChainQuery<T>(key: readonly unknown[], read: (client: PublicClient) => Promise<T>) {
  const client = useClient();
  return useQuery({ queryKey: ["chain", ...key], queryFn: () => read(client), refetchInterval: 4000 });
}
