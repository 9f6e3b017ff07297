import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { WagmiProvider, createConfig, http } from "wagmi";
import { injected } from "wagmi/connectors";
import { DEV_CHAIN_ID, addressesOf, chainOf, loadConfig } from "./config";
import { KernelProvider, namesOf } from "./chain/context";
import { devAccount } from "./chain/devAccount";
import { indexerHistory, indexerReady } from "./data/indexer";
import { App } from "./App";
import "./style.css";

async function start(): Promise<void> {
  const root = createRoot(document.getElementById("root")!);
  try {
    const config = await loadConfig();
    const addresses = addressesOf(config.record);
    const chain = chainOf(config);
    // The indexer (through the server's /indexer proxy) when the server found one and it answers now; else the
    // history comes from event logs, and the header says which.
    const indexerBase = new URL("indexer", window.location.href).toString();
    const indexer =
      config.indexerUrl && (await indexerReady(indexerBase))
        ? indexerHistory(indexerBase, config.indexerUrl)
        : undefined;
    // Injected wallets are found by EIP-6963 (wagmi's multiInjectedProviderDiscovery); the dev account exists only on
    // a local development chain.
    const wagmi = createConfig({
      chains: [chain],
      connectors: [injected(), ...(config.chainId === DEV_CHAIN_ID ? [devAccount()] : [])],
      transports: { [chain.id]: http(chain.rpcUrls.default.http[0], { batch: true }) },
      multiInjectedProviderDiscovery: true,
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } } });
    root.render(
      <StrictMode>
        <WagmiProvider config={wagmi}>
          <QueryClientProvider client={queryClient}>
            <KernelProvider value={{ config, addresses, names: namesOf(config, addresses), indexer }}>
              <App />
            </KernelProvider>
          </QueryClientProvider>
        </WagmiProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <p className="error">The console cannot start: {error instanceof Error ? error.message : String(error)}</p>,
    );
  }
}

void start();
