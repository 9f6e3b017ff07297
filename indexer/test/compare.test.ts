import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@ponder/client";
import { createPublicClient, createWalletClient, http, parseEther, type Abi, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../ponder.schema";
import { CounterAbi, GasMeterAbi, NYNAbi, ProcessRegistryAbi } from "../abis";
import type { Deployment } from "../src/deployment";
import { compare, type Comparison } from "./compare";
import { ROOT, requireFree, rpc, run, start, waitFor, type Started } from "./chain";

// End to end, on a real node: the demo, the indexer (`npm run indexer -- --network localhost`, the one command),
// then every indexed entity against the chain's views; again after more activity indexed across a restart in the
// middle of the sync; again after a reorganisation (evm_snapshot / evm_revert of mined blocks). PGlite by default,
// Postgres when DATABASE_URL is set. Ports: NYN_TEST_PORT (node, default 8561), INDEXER_PORT (default 42169).
// NYN_TEST_NODE: anvil (default) or hardhat.

const port = Number(process.env.NYN_TEST_PORT || 8561);
const indexerPort = Number(process.env.INDEXER_PORT || 42169);
const rpcUrl = `http://127.0.0.1:${port}`;
const storage = process.env.DATABASE_URL ? "Postgres" : "PGlite";
const env = {
  NYN_LOCALHOST_URL: rpcUrl,
  NYN_DEPLOYMENT_ID: `ci-indexer-${port}`,
  INDEXER_PORT: String(indexerPort),
  NYN_INDEXER_SCHEMA: `nyn_test_${process.pid}`,
  NYN_PGLITE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "nyn-indexer-pglite-")),
  PONDER_TELEMETRY_DISABLED: "true",
};
const MNEMONIC = "test test test test test test test test test test test junk";
const alice = mnemonicToAccount(MNEMONIC, { addressIndex: 2 });
const chain = {
  id: 31337,
  name: "local",
  nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
} as const;
// cacheTime 0: viem caches getBlockNumber for 4 s by default, so a "head" read just after mining could be a block the
// node has long passed; `caughtUp` then returned while the indexer was still behind, and a reorg (evm_revert) made
// at that moment left Ponder retrying eth_getLogs for a block hash the node no longer knew (CI, under load).
const publicClient = createPublicClient({ chain, transport: http(rpcUrl), cacheTime: 0 });
const wallet = createWalletClient({ chain, account: alice, transport: http(rpcUrl) });
const db = createClient(`http://127.0.0.1:${indexerPort}/sql`, { schema }).db;

let node: Started | undefined;
let indexer: Started | undefined;
let deployment: Deployment;
const summary: string[] = [];

/** The indexed block (Ponder's /status). */
async function indexedBlock(): Promise<number> {
  const status = (await (await fetch(`http://127.0.0.1:${indexerPort}/status`)).json()) as Record<
    string,
    { block: { number: number } }
  >;
  return Object.values(status)[0]?.block.number ?? -1;
}

async function startIndexer(): Promise<Started> {
  const p = start("npx", ["hardhat", "run", "scripts/indexer.ts", "--network", "localhost"], env, "indexer");
  return p;
}

async function caughtUp(ms = 300_000): Promise<void> {
  const head = Number(await publicClient.getBlockNumber());
  await waitFor(`the indexer to reach block ${head}`, async () => (await indexedBlock()) >= head, ms);
}

async function send(address: Address, abi: Abi, functionName: string, args: unknown[] = []): Promise<void> {
  // With a margin over the estimate: on a loaded machine anvil has mined an exactly estimated call that then ran out
  // of gas (a revert without data whose replay succeeds).
  const gas = await publicClient.estimateContractGas({ address, abi, functionName, args, account: alice });
  const hash = await wallet.writeContract({
    address,
    abi,
    functionName,
    args,
    chain,
    account: alice,
    gas: (gas * 3n) / 2n,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
}

/** More kernel activity: a tree of processes, a budget and metered calls, then suspend/kill cascades. */
async function activity(rounds: number): Promise<void> {
  const a = deployment.addresses;
  const counterId = 1;
  const next = async () =>
    (await publicClient.readContract({
      address: a.processRegistry,
      abi: ProcessRegistryAbi,
      functionName: "processCount",
    })) as bigint;
  await send(a.nyn, NYNAbi, "approve", [a.gasMeter, parseEther("1000000")]);
  for (let i = 0; i < rounds; i++) {
    await send(a.processRegistry, ProcessRegistryAbi, "spawn", [counterId, "0x", 0n]);
    const top = await next();
    await send(a.processRegistry, ProcessRegistryAbi, "spawn", [counterId, "0x", top]);
    const child = await next();
    await send(a.processRegistry, ProcessRegistryAbi, "spawn", [counterId, "0x", child]);
    const grandchild = await next();
    await send(a.gasMeter, GasMeterAbi, "deposit", [child, parseEther("10")]);
    const instance = (await publicClient.readContract({
      address: a.processRegistry,
      abi: ProcessRegistryAbi,
      functionName: "instanceOf",
      args: [child],
    })) as Address;
    await send(instance, CounterAbi, "incrementMetered");
    await send(instance, CounterAbi, "incrementMetered");
    await send(a.processRegistry, ProcessRegistryAbi, "suspend", [top]); // cascades to child and grandchild
    if (i % 2 === 0) await send(a.processRegistry, ProcessRegistryAbi, "kill", [child]); // and to grandchild
    await send(a.processRegistry, ProcessRegistryAbi, "resume", [top]);
    void grandchild;
  }
}

/**
 * Compare until the tables equal the chain, for at most 30 s: Ponder's /status can report a block a moment before
 * that block's rows are readable (seen on Postgres right after a reorganisation). Persistent mismatches fail.
 */
async function settled(name: string): Promise<Comparison> {
  let c = await compare(db, deployment);
  for (let attempt = 1; attempt <= 10 && c.mismatches.length > 0; attempt++) {
    console.log(`${storage} ${name}: ${c.mismatches.length} mismatches, comparing again in 3 s (attempt ${attempt})`);
    summary.push(`${storage} ${name}: ${c.mismatches.length} mismatches at attempt ${attempt} (${c.mismatches[0]})`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    c = await compare(db, deployment);
  }
  return c;
}

function report(name: string, c: Comparison): void {
  const line = `${storage} ${name}: ${c.compared} values compared, ${c.mismatches.length} mismatches (${Object.entries(
    c.counts,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")})`;
  summary.push(line);
  console.log(line);
  for (const m of c.mismatches.slice(0, 50)) console.log(`  MISMATCH ${m}`);
}

beforeAll(async () => {
  const nodeKind = process.env.NYN_TEST_NODE || "anvil";
  await requireFree(rpcUrl);
  node =
    nodeKind === "hardhat"
      ? start("npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)], {}, "node")
      : start("npx", ["anvil", "--host", "127.0.0.1", "--port", String(port), "--silent"], {}, "node");
  await waitFor(`${nodeKind} on ${rpcUrl}`, async () => (await rpc(rpcUrl, "eth_chainId")) !== undefined, 60_000);

  // The one command says clearly when there is nothing to index yet.
  fs.rmSync(path.join(ROOT, "ignition", "deployments", env.NYN_DEPLOYMENT_ID), { recursive: true, force: true });
  const none = start("npx", ["hardhat", "run", "scripts/indexer.ts", "--network", "localhost"], env, "no-deployment");
  const code = await new Promise<number>((resolve) => none.child.on("exit", (c) => resolve(c ?? 1)));
  expect(code).toBe(1);
  expect(none.output()).toMatch(/no deployment to index/);

  console.log(`demo against ${nodeKind} on ${rpcUrl} …`);
  try {
    await run("npx", ["hardhat", "run", "scripts/demo.ts", "--network", "localhost"], env, "demo");
  } catch (error) {
    // The demo itself has failed now and then on a loaded machine (a mined failure whose replay succeeds): one more
    // run (a fresh deployment on the same node; the indexer follows the recorded, latest one).
    console.log(`the demo failed; running it once more:\n${(error as Error).message.slice(-1500)}`);
    summary.push("the demo failed once and was run again (see above)");
    // NYN_FORCE: the failed run recorded its deployment, which the demo otherwise refuses to replace.
    await run(
      "npx",
      ["hardhat", "run", "scripts/demo.ts", "--network", "localhost"],
      { ...env, NYN_FORCE: "1" },
      "demo",
    );
  }
  const record = JSON.parse(
    fs.readFileSync(
      path.join(ROOT, "ignition", "deployments", env.NYN_DEPLOYMENT_ID, "deployed_addresses.json"),
      "utf8",
    ),
  );
  indexer = await startIndexer();
  await waitFor("the indexer's first status", async () => (await indexedBlock()) >= 0, 180_000);
  await caughtUp();
  const journal = fs.readFileSync(
    path.join(ROOT, "ignition", "deployments", env.NYN_DEPLOYMENT_ID, "journal.jsonl"),
    "utf8",
  );
  const startBlock = Math.min(...[...journal.matchAll(/"blockNumber":(\d+)/g)].map((m) => Number(m[1])));
  deployment = {
    chainId: 31337,
    rpcUrl,
    startBlock,
    dev: true,
    addresses: {
      kernel: record["Kernel#Kernel"],
      acl: record["Kernel#ACL"],
      processRegistry: record["ProcessRegistry#ProcessRegistry"],
      gasMeter: record["GasMeter#GasMeter"],
      nyn: record["NYN#NYN"],
      forwarder: record["Kernel#KernelForwarder"],
      marketplace: record["Market#Marketplace"],
      jobBoard: record["Market#JobBoard"],
      governor: record["Governance#NYNGovernor"],
      timelock: record["Timelock#TimelockController"],
    } as Deployment["addresses"],
  };
});

afterAll(async () => {
  await indexer?.stop();
  await node?.stop();
  fs.rmSync(env.NYN_PGLITE_DIR, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
  console.log(`\n== indexer comparison summary (${storage})\n${summary.join("\n")}`);
});

describe(`the indexer (${storage}) against the chain`, () => {
  it("indexes the demo: every entity equals the chain's views, every log is indexed once", async () => {
    const c = await settled("after the demo");
    report("after the demo", c);
    expect(c.counts.processes).toBeGreaterThan(0);
    expect(c.counts.proposals).toBeGreaterThan(0);
    expect(c.mismatches).toEqual([]);
  });

  it("resumes after a stop in the middle of a sync and loses nothing", async () => {
    await indexer!.stop();
    await activity(6);
    const head = Number(await publicClient.getBlockNumber());
    indexer = await startIndexer();
    let stoppedAt = -1;
    await waitFor(
      "the restarted indexer to make progress",
      async () => {
        stoppedAt = await indexedBlock();
        return stoppedAt >= 0;
      },
      180_000,
      100,
    );
    await indexer.stop(); // mid-sync (or, on a fast machine, just after it)
    summary.push(`${storage} restart: stopped at block ${stoppedAt} of ${head}`);
    indexer = await startIndexer();
    await caughtUp();
    const c = await settled("after a restart");
    report("after a restart", c);
    expect(c.mismatches).toEqual([]);
  });

  it("follows a reorganisation (evm_revert of mined blocks) and leaves the tables equal to the chain", async () => {
    await caughtUp();
    const snapshot = await rpc<Hex>(rpcUrl, "evm_snapshot");
    await activity(1);
    await caughtUp();
    const before = (await db.select().from(schema.kernelProcess)).length;
    await rpc(rpcUrl, "evm_revert", [snapshot]);
    // A different branch, longer than the one dropped.
    await activity(2);
    await caughtUp();
    const c = await settled("after a reorg");
    report("after a reorg", c);
    expect(before).toBeGreaterThan(0);
    expect(c.mismatches).toEqual([]);
  });
});
