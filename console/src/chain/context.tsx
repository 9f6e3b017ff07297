import { createContext, useContext } from "react";
import type { Address } from "viem";
import type { Addresses, ConsoleConfig } from "../config";
import type { KernelHistory } from "../data/source";

/** What every view needs: the runtime config, the system's addresses and names for addresses. */
export interface Kernel {
  config: ConsoleConfig;
  addresses: Addresses;
  /** Lower-case address → name (the node's named accounts, the system's contracts). */
  names: Map<string, string>;
  /** The indexer's history when it answered as the page started (else history comes from event logs). */
  indexer?: KernelHistory;
}

const KernelContext = createContext<Kernel | undefined>(undefined);

/** Provides {@link Kernel} to the views. */
export const KernelProvider = KernelContext.Provider;

/** The deployment the page shows. */
export function useKernel(): Kernel {
  const kernel = useContext(KernelContext);
  if (!kernel) throw new Error("useKernel outside KernelProvider");
  return kernel;
}

/** Names for the node's accounts and the system's contracts: the same names the tasks print. */
export function namesOf(config: ConsoleConfig, addresses: Addresses): Map<string, string> {
  const names = new Map<string, string>(Object.entries(config.accountNames));
  const contracts: Record<keyof Addresses, string> = {
    kernel: "Kernel",
    acl: "ACL",
    processRegistry: "ProcessRegistry",
    nyn: "NYN",
    gasMeter: "GasMeter",
    governor: "NYNGovernor",
    timelock: "timelock",
    marketplace: "Marketplace",
    jobBoard: "JobBoard",
    nameService: "NameService",
    forwarder: "KernelForwarder",
    counter: "Counter (program)",
  };
  for (const [key, name] of Object.entries(contracts))
    names.set((addresses[key as keyof Addresses] as Address).toLowerCase(), name);
  return names;
}
