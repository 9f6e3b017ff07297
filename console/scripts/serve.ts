// `npm run console [-- --rpc URL] [--port N] [--no-build]`: build the console, check that a node answers at the RPC URL
// and holds the recorded deployment, write the page's runtime config (addresses, chain id) into the build, and serve
// it on 127.0.0.1 with `vite preview` (which proxies /rpc to the node, so any node works without CORS).
import { spawn, spawnSync } from "child_process";
import fs from "fs";
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
  const dist = path.join(consoleDir, "dist");
  if (!process.argv.includes("--no-build") || !fs.existsSync(path.join(dist, "index.html"))) {
    console.log("console: building (vite build)…");
    const built = spawnSync("npm", ["run", "build"], { cwd: consoleDir, stdio: "inherit" });
    if (built.status !== 0) fail("the build failed");
  }
  const config: ConsoleConfig = { chainId, rpcUrl, record, deployBlock: firstBlockOf(dir) ?? 0, accountNames };
  fs.writeFileSync(path.join(dist, "config.json"), JSON.stringify(config, null, 2));
  const server = spawn("npx", ["vite", "preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: consoleDir,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NYN_CONSOLE_RPC_URL: rpcUrl },
  });
  let announced = false;
  server.stdout.on("data", (chunk: Buffer) => {
    if (announced || !/Local/.test(chunk.toString())) return;
    announced = true;
    console.log(
      `console: NYN OS console on http://127.0.0.1:${port}/ (node ${rpcUrl}, chain id ${chainId}, kernel ${kernel})`,
    );
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
