import { useEffect, useState } from "react";
import { useAccount, useConnect, useConnectors, useDisconnect } from "wagmi";
import type { Address } from "viem";
import { formatAddress } from "../../lib/format";
import { useKernel } from "./chain/context";
import { DEV_ACCOUNT_ID } from "./chain/devAccount";
import { Overview } from "./views/Overview";
import { Processes } from "./views/Processes";
import { Governance } from "./views/Governance";
import { Wallet } from "./views/Wallet";
import { Process } from "./views/Process";
import { Market } from "./views/Market";
import { Permissions } from "./views/Permissions";

const VIEWS = {
  overview: Overview,
  processes: Processes,
  process: Process,
  governance: Governance,
  market: Market,
  permissions: Permissions,
  wallet: Wallet,
} as const;
type ViewName = keyof typeof VIEWS;
/** The views in the header (a single process is opened from the Processes view). */
const NAV: ViewName[] = ["overview", "processes", "governance", "market", "permissions", "wallet"];

function currentView(): ViewName {
  const name = window.location.hash.replace(/^#\/?/, "").split("?")[0];
  return name in VIEWS ? (name as ViewName) : "overview";
}

/** The console: a header (views, wallet) and the current view, chosen by the URL's hash (`#/processes`). */
export function App() {
  const [, setHash] = useState(window.location.hash);
  const view = currentView();
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const View = VIEWS[view];
  return (
    <>
      <header>
        <h1>NYN OS console</h1>
        <nav>
          {NAV.map((name) => (
            <a
              key={name}
              href={`#/${name}`}
              className={name === view || (name === "processes" && view === "process") ? "active" : ""}
              data-testid={`nav-${name}`}
            >
              {name[0].toUpperCase() + name.slice(1)}
            </a>
          ))}
        </nav>
        <HistorySource />
        <WalletBar />
      </header>
      <main data-testid={`view-${view}`}>
        <View />
      </main>
    </>
  );
}

/** Which source answers the history (the indexer, or event logs when it does not answer). */
function HistorySource() {
  const { indexer } = useKernel();
  return (
    <span
      className={`history-source ${indexer ? "" : "fallback"}`}
      data-testid="history-source"
      data-source={indexer ? "indexer" : "logs"}
      title={indexer ? indexer.name : "no indexer answered when the page started"}
    >
      history: {indexer ? "indexer" : "event logs (no indexer)"}
    </span>
  );
}

/** Connect a wallet: injected ones (EIP-6963), or on a local dev chain a node account ("dev account"). */
function WalletBar() {
  const { config, names } = useKernel();
  const { address, connector, isConnected } = useAccount();
  const connectors = useConnectors();
  const { connect, error } = useConnect();
  const { disconnect } = useDisconnect();
  if (isConnected && address) {
    const dev = connector?.id === DEV_ACCOUNT_ID;
    return (
      <div className="wallet">
        {dev && <span className="dev-label">dev account</span>}
        {dev ? (
          <select
            data-testid="dev-account"
            value={address.toLowerCase()}
            onChange={(e) =>
              (connector as unknown as { selectAccount(a: Address): Promise<void> }).selectAccount(
                e.target.value as Address,
              )
            }
          >
            {Object.entries(config.accountNames).map(([a, name]) => (
              <option key={a} value={a}>
                {formatAddress(a, new Map([[a, name]]))}
              </option>
            ))}
          </select>
        ) : (
          <span data-testid="connected-address">{formatAddress(address, names)}</span>
        )}
        <button onClick={() => disconnect()}>Disconnect</button>
      </div>
    );
  }
  // The generic `injected` connector only when a window.ethereum exists; EIP-6963 wallets announce themselves.
  const usable = connectors.filter(
    (c) => c.id !== "injected" || typeof (window as { ethereum?: unknown }).ethereum !== "undefined",
  );
  return (
    <div className="wallet">
      {usable.length === 0 && <span className="muted">no wallet found (install one)</span>}
      {usable.map((c) => (
        <button key={c.uid} onClick={() => connect({ connector: c })} data-testid={`connect-${c.id}`}>
          {c.id === DEV_ACCOUNT_ID ? "Use a dev account (local node)" : `Connect ${c.name}`}
        </button>
      ))}
      {error && <span className="error">{error.message}</span>}
    </div>
  );
}
