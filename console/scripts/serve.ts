// `npm run console [-- --rpc URL] [--port N] [--indexer URL] [--no-indexer] [--no-build]`: build the console, check
// that a node answers at the RPC URL and holds the recorded deployment, use the indexer that answers at the indexer URL
// for that deployment or start one (`npm run indexer`, stopped on exit), write the page's runtime config (addresses,
// chain id, whether the indexer is there) into the build, and serve it on 127.0.0.1 with `vite preview` (which
// proxies /rpc to the node and /indexer to the indexer, so any node works without CORS).
import { spawn, type ChildProcess } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { addressesFromRecord, deploymentId, firstBlockOf } from "../../deploy/ignition";
import { NAMED_ACCOUNTS } from "../../deploy/config";
import type { ConsoleConfig } from "../src/config";

const root = path.resolve(__dirname, "..", "..");
const consoleDir = path.resolve(__dirname, "..");

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function fail(message: string): never {
  console.error(`console: ${message}`);
  process.exit(1);
}

/**
 * Whether the indexer at `url` answers for this deployment (its chain id, and the registry among its modules), and
 * whether it has indexed up to `head`.
 */
async function indexerFor(
  url: string,
  chainId: number,
  registry: string,
  head: number,
): Promise<"ready" | "syncing" | "other" | "none"> {
  try {
    const status = (await (await fetch(`${url}/status`, { signal: AbortSignal.timeout(3_000) })).json()) as Record<
      string,
      { id: number }
    >;
    if (Object.values(status)[0]?.id !== chainId) return "other";
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ modules(limit: 100) { items { proxy } } }" }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as { data?: { modules: { items: { proxy: string }[] } } };
    const proxies = body.data?.modules.items.map((m) => m.proxy.toLowerCase()) ?? [];
    if (proxies.length === 0) return "syncing"; // not at the deployment's modules yet
    if (!proxies.includes(registry.toLowerCase())) return "other";
    // Ponder is "ready" once its backfill is done; the newest blocks may still be on their way: wait for the head.
    if (!(await fetch(`${url}/ready`, { signal: AbortSignal.timeout(3_000) })).ok) return "syncing";
    const indexed = (
      (await (await fetch(`${url}/status`, { signal: AbortSignal.timeout(3_000) })).json()) as Record<
        string,
        { block: { number: number } }
      >
    )[Object.keys(status)[0]]?.block.number;
    return indexed >= head ? "ready" : "syncing";
  } catch {
    return "none";
  }
}

/**
 * The indexer for this deployment at `url`: the one already running, or one started here (`npm run indexer`, in its
 * own process group, its output in a log file), once it has caught up. Resolves to undefined (and says why) when
 * there is none: the page then reads history from event logs.
 */
async function useOrStartIndexer(
  url: string,
  rpcUrl: string,
  chainId: number,
  registry: string,
  onStart: (child: ChildProcess) => void,
): Promise<{ url: string; started?: ChildProcess } | undefined> {
  const head = Number(await rpc(rpcUrl, "eth_blockNumber"));
  const found = await indexerFor(url, chainId, registry, head);
  if (found === "ready") {
    console.log(`console: using the indexer already running at ${url}`);
    return { url };
  }
  if (found === "other") {
    console.log(`console: ${url} serves another deployment's indexer; history from event logs (eth_getLogs)`);
    return undefined;
  }
  const target = new URL(url);
  let started: ChildProcess | undefined;
  if (found === "none") {
    if (!["127.0.0.1", "localhost"].includes(target.hostname)) {
      console.log(`console: no indexer answers at ${url}; history from event logs (eth_getLogs)`);
      return undefined;
    }
    const log = path.join(os.tmpdir(), `nyn-console-indexer-${target.port || "80"}.log`);
    const out = fs.openSync(log, "w");
    console.log(`console: starting the indexer on ${url} (npm run indexer; its log: ${log})…`);
    started = spawn("npx", ["hardhat", "run", "scripts/indexer.ts", "--network", "localhost"], {
      cwd: root,
      detached: true,
      stdio: ["ignore", out, out],
      env: { ...process.env, NYN_LOCALHOST_URL: rpcUrl, INDEXER_PORT: target.port || "80" },
    });
    fs.closeSync(out);
    onStart(started);
  }
  const until = Date.now() + Number(process.env.NYN_CONSOLE_INDEXER_WAIT ?? 300) * 1000;
  while (Date.now() < until) {
    if (started && started.exitCode !== null) break;
    if ((await indexerFor(url, chainId, registry, head)) === "ready") {
      console.log(`console: the indexer at ${url} has caught up`);
      return { url, started };
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  console.log(`console: the indexer at ${url} did not become ready; history from event logs (eth_getLogs)`);
  if (started) stopGroup(started);
  return undefined;
}

/** Stop a child started in its own process group (npx and what runs under it). */
function stopGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

async function main(): Promise<void> {
  const rpcUrl = option("rpc", process.env.NYN_RPC_URL ?? "http://127.0.0.1:8545");
  const port = Number(option("port", process.env.NYN_CONSOLE_PORT ?? "5190"));
  let chainId: number;
  try {
    chainId = Number(await rpc(rpcUrl, "eth_chainId"));
  } catch {
    fail(
      `no node answers at ${rpcUrl}. Start one in another terminal (npx hardhat node, or npx anvil), deploy ` +
        `(npm run deploy -- --network localhost), or point the console at yours: npm run console -- --rpc URL`,
    );
  }
  const id = deploymentId(chainId);
  const dir = path.join(root, "ignition", "deployments", id);
  const file = path.join(dir, "deployed_addresses.json");
  if (!fs.existsSync(file)) {
    fail(
      `no deployment recorded for chain id ${chainId} (${path.relative(root, file)} is missing). Deploy first: ` +
        `npm run deploy -- --network localhost`,
    );
  }
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const kernel = addressesFromRecord(record).kernel;
  if ((await rpc(rpcUrl, "eth_getCode", [kernel, "latest"])) === "0x") {
    fail(
      `the deployment recorded in ${path.relative(root, file)} is not on the chain at ${rpcUrl} (no code at the ` +
        `kernel ${kernel}); the node was probably restarted. Deploy again: npm run deploy -- --network localhost`,
    );
  }
  const accountNames: Record<string, string> = {};
  if (chainId === 31337) {
    const accounts = ((await rpc(rpcUrl, "eth_accounts")) as string[]) ?? [];
    accounts.forEach((a, i) => (accountNames[a.toLowerCase()] = NAMED_ACCOUNTS[i] ?? `account ${i}`));
  }
  const indexerUrl = option(
    "indexer",
    process.env.NYN_INDEXER_URL ?? `http://127.0.0.1:${process.env.INDEXER_PORT || 42069}`,
  ).replace(/\/$/, "");
  // The indexer starts (or is found) while the page builds.
  let indexer: { url: string; started?: ChildProcess } | undefined;
  let starting: ChildProcess | undefined;
  const indexing = process.argv.includes("--no-indexer")
    ? Promise.resolve(undefined)
    : useOrStartIndexer(indexerUrl, rpcUrl, chainId, addressesFromRecord(record).processRegistry, (child) => {
        starting = child;
      });
  const stopIndexer = () => starting && stopGroup(starting);
  process.on("exit", stopIndexer);
  const dist = path.join(consoleDir, "dist");
  if (!process.argv.includes("--no-build") || !fs.existsSync(path.join(dist, "index.html"))) {
    console.log("console: building (vite build)…");
    const built = spawn("npm", ["run", "build"], { cwd: consoleDir, stdio: "inherit" });
    const status = await new Promise<number | null>((resolve) => built.on("exit", resolve));
    if (status !== 0) {
      stopIndexer();
      fail("the build failed");
    }
  }
  indexer = await indexing;
  const config: ConsoleConfig = {
    chainId,
    rpcUrl,
    record,
    deployBlock: firstBlockOf(dir) ?? 0,
    accountNames,
    indexerUrl: indexer?.url ?? null,
  };
  fs.writeFileSync(path.join(dist, "config.json"), JSON.stringify(config, null, 2));
  const server = spawn("npx", ["vite", "preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: consoleDir,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NYN_CONSOLE_RPC_URL: rpcUrl, NYN_CONSOLE_INDEXER_URL: indexer?.url ?? indexerUrl },
  });
  let announced = false;
  server.stdout.on("data", (chunk: Buffer) => {
    if (announced || !/Local/.test(chunk.toString())) return;
    announced = true;
    console.log(
      `console: NYN OS console on http://127.0.0.1:${port}/ (node ${rpcUrl}, chain id ${chainId}, kernel ${kernel}; history from ${indexer ? `the indexer at ${indexer.url}` : "event logs"})`,
    );
  });
  const stop = () => {
    stopIndexer();
    server.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
