import { createConnector } from "wagmi";
import { fromHex, getAddress, numberToHex, type Address, type EIP1193RequestFn } from "viem";
import { rpc } from "viem/utils";

/** The id of the dev-account connector (see {@link devAccount}). */
export const DEV_ACCOUNT_ID = "devAccount";

let selected: Address | undefined;

/**
 * A wagmi connector for local development nodes (chain id 31337: Hardhat, anvil) that signs with the node's own
 * unlocked accounts: `eth_sendTransaction` goes to the node with `from` set to the chosen account, and the node signs.
 * Only standard JSON-RPC (`eth_accounts`, `eth_sendTransaction`), so it works on any local node. The page offers it
 * only on chain 31337: on any other chain the node has no accounts to lend.
 * @param parameters `account`: the first account to use (else the node's first).
 */
export function devAccount(parameters: { account?: Address } = {}) {
  selected = parameters.account ? getAddress(parameters.account) : selected;
  let connected = false;
  return createConnector<{ request: EIP1193RequestFn }>((config) => {
    const url = () => config.chains[0].rpcUrls.default.http[0];
    const forward = async (method: string, params?: unknown) => {
      const { result, error } = await rpc.http(url(), { body: { method, params: (params as unknown[]) ?? [] } });
      if (error) throw Object.assign(new Error(error.message), { code: error.code, data: error.data });
      return result;
    };
    const nodeAccounts = async () => ((await forward("eth_accounts")) as string[]).map((a) => getAddress(a));
    /** The node's accounts, the chosen one first (wagmi uses the first). */
    const ordered = async () => {
      const all = await nodeAccounts();
      if (!selected || !all.includes(selected)) selected = all[0];
      return [selected, ...all.filter((a) => a !== selected)] as Address[];
    };
    const request = (async ({ method, params }: { method: string; params?: unknown }) => {
      if (method === "eth_chainId") return numberToHex(config.chains[0].id);
      if (method === "eth_accounts" || method === "eth_requestAccounts") return ordered();
      return forward(method, params);
    }) as EIP1193RequestFn;
    return {
      id: DEV_ACCOUNT_ID,
      name: "Dev account (the node's unlocked accounts)",
      type: DEV_ACCOUNT_ID,
      async connect({ withCapabilities } = {}) {
        const accounts = await ordered();
        connected = true;
        return {
          accounts: (withCapabilities ? accounts.map((address) => ({ address, capabilities: {} })) : accounts) as never,
          chainId: config.chains[0].id,
        };
      },
      async disconnect() {
        connected = false;
      },
      async getAccounts() {
        return connected ? ordered() : [];
      },
      async getChainId() {
        return fromHex((await request({ method: "eth_chainId" })) as `0x${string}`, "number");
      },
      async getProvider() {
        return { request };
      },
      async isAuthorized() {
        return connected;
      },
      onAccountsChanged(accounts) {
        config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
      },
      onChainChanged(chain) {
        config.emitter.emit("change", { chainId: Number(chain) });
      },
      onDisconnect() {
        connected = false;
        config.emitter.emit("disconnect");
      },
      /** Sign with another of the node's accounts from now on. */
      async selectAccount(account: Address) {
        selected = getAddress(account);
        if (connected) this.onAccountsChanged(await ordered());
      },
    };
  });
}
