import { execFileSync, spawn } from "child_process";
import crypto from "crypto";
import fs from "fs";
import path from "path";
import hre from "hardhat";
import { loadSystem, NoDeploymentError } from "../deploy/loadSystem";

/**
 * `npm run indexer -- --network localhost`: the Ponder indexer (indexer/) against the deployment recorded for this
 * network (`ignition/deployments/chain-<id>/`, or `NYN_DEPLOYMENT_ID`), from its first block. Prints the sync
 * progress, then where GraphQL and SQL are served; says so and exits 1 when no node answers or nothing is deployed.
 *
 * Environment: `INDEXER_PORT` (HTTP port, default 42069), `DATABASE_URL` (Postgres; else PGlite under
 * `indexer/.ponder/<chain>-<deployment>/`), `NYN_INDEXER_SCHEMA` (database schema; default one per deployment),
 * `NYN_INDEXER_LOG_LEVEL` (Ponder's own log level, default "warn"), `NYN_LOCALHOST_URL` (the localhost network's URL),
 * `NYN_INDEXER_RPC_SLOTS` (how many times Ponder lists the node's URL, default 8 on a development chain, else 1: see
 * indexer/ponder.config.ts).
 */
async function main(): Promise<number> {
  const url = (hre.network.config as { url?: string }).url;
  if (hre.network.name === "hardhat" || !url) {
    console.error(
      "the indexer needs a JSON-RPC node: run it with --network localhost (npx hardhat node or npx anvil) or another configured network",
    );
    return 1;
  }
  let head: number;
  try {
    head = await withTimeout(hre.ethers.provider.getBlockNumber(), 5_000);
  } catch {
    console.error(
      `no node answers at ${url} (network "${hre.network.name}"): start one first, e.g. npx hardhat node or npx anvil`,
    );
    return 1;
  }
  let system;
  try {
    system = await loadSystem(hre);
  } catch (error) {
    if (error instanceof NoDeploymentError) {
      console.error(`no deployment to index: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
  const startBlock = system.deployBlock;
  // One database schema (and one PGlite directory) per chain instance: a development node restarted from scratch
  // reuses the chain id, the block numbers and the deterministic addresses, but not the start block's hash.
  const startHash = (await hre.ethers.provider.getBlock(startBlock))!.hash!;
  const tag = `${chainId}_${startHash.slice(2, 10)}`;
  const root = path.join(__dirname, "..", "indexer");
  // The ABIs from the artifacts, then the schema name: Ponder resumes a schema only with the same indexer (config,
  // schema, handlers, ABIs), so a changed indexer starts a schema of its own and indexes from the start block again.
  execFileSync(process.execPath, [path.join(root, "scripts", "gen-abis.mjs")], { stdio: "inherit" });
  const schema = process.env.NYN_INDEXER_SCHEMA || `nyn_${tag}_${indexerHash(root)}`;
  const port = Number(process.env.INDEXER_PORT || 42069);
  const a = system.addresses;
  const deployment = {
    chainId,
    rpcUrl: url,
    startBlock,
    addresses: {
      kernel: a.kernel,
      acl: a.acl,
      processRegistry: a.processRegistry,
      gasMeter: a.gasMeter,
      nyn: a.nyn,
      forwarder: a.forwarder,
      marketplace: a.marketplace,
      jobBoard: a.jobBoard,
      governor: a.governor,
      timelock: a.timelock,
    },
  };
  const storage = process.env.DATABASE_URL ? "Postgres (DATABASE_URL)" : `PGlite in indexer/.ponder/${tag}`;
  console.log(
    `Indexing NYN OS on ${hre.network.name} (chain ${chainId}, ${url}) from block ${startBlock}; head ${head}`,
  );
  console.log(`  kernel ${a.kernel}; storage ${storage}, schema ${schema}`);

  const child = spawn(
    "npx",
    [
      "ponder",
      "start",
      "--schema",
      schema,
      "--port",
      String(port),
      "--log-level",
      process.env.NYN_INDEXER_LOG_LEVEL || "warn",
    ],
    {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        PONDER_TELEMETRY_DISABLED: "true",
        NYN_INDEXER_DEPLOYMENT: JSON.stringify(deployment),
        NYN_PGLITE_DIR: process.env.NYN_PGLITE_DIR || path.join(root, ".ponder", tag),
      },
    },
  );
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  // Progress: the indexed block (Ponder's /status) against the chain's head, every two seconds while it changes.
  let last = "";
  let caughtUp = false;
  const timer = setInterval(async () => {
    try {
      const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as Record<
        string,
        { block: { number: number } }
      >;
      const indexed = Object.values(status)[0]?.block.number ?? startBlock;
      const tip = await hre.ethers.provider.getBlockNumber();
      const done = Math.max(0, indexed - startBlock);
      const total = Math.max(1, tip - startBlock);
      const line = `  synced block ${indexed} of ${tip} (${Math.min(100, Math.floor((done * 100) / total))} %)`;
      if (line !== last) console.log(line);
      last = line;
      if (!caughtUp && indexed >= tip) {
        caughtUp = true;
        console.log(
          `  caught up; following new blocks. GraphQL http://127.0.0.1:${port}/graphql, SQL over HTTP http://127.0.0.1:${port}/sql, ` +
            `routes /processes, /processes/:pid/subtree, /processes/:pid/charges, /proposals/:id`,
        );
      }
    } catch {
      // not serving yet (building, or migrating the database)
    }
  }, 2_000);
  const code = await new Promise<number>((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 0 : 1))));
  clearInterval(timer);
  return code;
}

/** A short hash of what the indexer is made of (config, schema, handlers, API, generated ABIs). */
function indexerHash(root: string): string {
  const hash = crypto.createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".ts")) hash.update(file.slice(root.length)).update(fs.readFileSync(file));
    }
  };
  for (const file of ["ponder.config.ts", "ponder.schema.ts"]) hash.update(fs.readFileSync(path.join(root, file)));
  walk(path.join(root, "src"));
  walk(path.join(root, "abis"));
  return hash.digest("hex").slice(0, 8);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ]);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`indexer: ${(error as Error).message}`);
    process.exit(1);
  },
);
