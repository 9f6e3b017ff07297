import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  keccak256,
  toHex,
  maxUint256,
  parseEther,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, expect, it } from "vitest";
import { count as countRows, createClient } from "@ponder/client";
import * as schema from "../ponder.schema";
import { CounterAbi, GasMeterAbi, NYNAbi, NYNGovernorAbi, ProcessRegistryAbi } from "../abis";
import { ROOT, requireFree, rpc, run, start, waitFor, type Started } from "../test/chain";

// The indexer's benchmark (not in CI): a chain with at least NYN_BENCH_EVENTS (default 100,000) kernel events on
// anvil (spawns, metered calls, transfers, proposals and votes), then a fresh backfill timed (events per second), then
// the console's main queries timed (p50 / p95 over NYN_BENCH_QUERIES runs each): a page of processes, a proposal with
// its votes, a process's charge series. Goals on 2 cores: backfill >= 2,000 events/s; p95 <= 50 ms.
// Run: npm run bench --workspace indexer   (anvil on NYN_BENCH_PORT, default 8581; the indexer on 42181)

const port = Number(process.env.NYN_BENCH_PORT || 8581);
const indexerPort = Number(process.env.INDEXER_PORT || 42181);
const target = Number(process.env.NYN_BENCH_EVENTS || 100_000);
const queries = Number(process.env.NYN_BENCH_QUERIES || 200);
const rpcUrl = `http://127.0.0.1:${port}`;
const env = {
  NYN_LOCALHOST_URL: rpcUrl,
  NYN_DEPLOYMENT_ID: `ci-indexer-bench-${port}`,
  INDEXER_PORT: String(indexerPort),
  NYN_INDEXER_SCHEMA: `nyn_bench_${process.pid}`,
  NYN_PGLITE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "nyn-indexer-bench-")),
  PONDER_TELEMETRY_DISABLED: "true",
};
const MNEMONIC = "test test test test test test test test test test test junk";
const [alice, bob, carol, dave] = [2, 3, 4, 5].map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
const chain = {
  id: 31337,
  name: "local",
  nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
} as const;
const publicClient = createPublicClient({ chain, transport: http(rpcUrl), cacheTime: 0 }); // no stale head block
let node: Started | undefined;
let indexer: Started | undefined;

afterAll(async () => {
  await indexer?.stop();
  await node?.stop();
  fs.rmSync(env.NYN_PGLITE_DIR, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

it(`backfills ${target.toLocaleString("en-US")} kernel events and answers the console's queries`, async () => {
  await requireFree(rpcUrl);
  node = start(
    "npx",
    ["anvil", "--host", "127.0.0.1", "--port", String(port), "--silent", "--gas-limit", "300000000"],
    {},
    "bench-node",
  );
  await waitFor(`anvil on ${rpcUrl}`, async () => (await rpc(rpcUrl, "eth_chainId")) !== undefined, 60_000);
  await run("npx", ["hardhat", "run", "scripts/deploy.ts", "--network", "localhost"], env, "bench-deploy");
  const record = JSON.parse(
    fs.readFileSync(
      path.join(ROOT, "ignition", "deployments", env.NYN_DEPLOYMENT_ID, "deployed_addresses.json"),
      "utf8",
    ),
  );
  const registry = record["ProcessRegistry#ProcessRegistry"] as Address;
  const meter = record["GasMeter#GasMeter"] as Address;
  const nyn = record["NYN#NYN"] as Address;
  const governor = record["Governance#NYNGovernor"] as Address;

  // ---- set-up (automine): delegations, a funded root process
  const send = async (from: typeof alice, address: Address, abi: Abi, functionName: string, args: unknown[] = []) => {
    const wallet = createWalletClient({ chain, account: from, transport: http(rpcUrl) });
    const gas = await publicClient.estimateContractGas({ address, abi, functionName, args, account: from });
    const hash = await wallet.writeContract({
      address,
      abi,
      functionName,
      args,
      chain,
      account: from,
      gas: (gas * 3n) / 2n,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  };
  for (const who of [alice, carol, dave]) await send(who, nyn, NYNAbi, "delegate", [who.address]);
  await send(alice, nyn, NYNAbi, "approve", [meter, maxUint256]);
  await send(alice, registry, ProcessRegistryAbi, "spawn", [1, "0x", 0n]);
  const root = (await publicClient.readContract({
    address: registry,
    abi: ProcessRegistryAbi,
    functionName: "processCount",
  })) as bigint;
  await send(alice, meter, GasMeterAbi, "deposit", [root, parseEther("100000")]);
  const instance = (await publicClient.readContract({
    address: registry,
    abi: ProcessRegistryAbi,
    functionName: "instanceOf",
    args: [root],
  })) as Address;

  // ---- bulk: pre-signed transactions in JSON-RPC batches, mined many to a block
  await rpc(rpcUrl, "evm_setAutomine", [false]);
  const gasPrice = BigInt(await rpc<Hex>(rpcUrl, "eth_gasPrice")) * 2n;
  let nonce = await publicClient.getTransactionCount({ address: alice.address });
  let events = 0;
  let txs = 0;
  const started = Date.now();
  const batch: Record<string, string>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const body = batch.map((tx, i) => ({ jsonrpc: "2.0", id: i, method: "eth_sendTransaction", params: [tx] }));
    const response = (await (
      await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    ).json()) as { error?: { message: string } }[];
    const failed = response.find((r) => r.error);
    if (failed) throw new Error(`eth_sendTransaction: ${failed.error!.message}`);
    batch.length = 0;
    await rpc(rpcUrl, "evm_mine");
  };
  // anvil's development accounts are unlocked: eth_sendTransaction, no signing here.
  const add = async (to: Address, data: Hex, gas: bigint, emits: number) => {
    batch.push({ from: alice.address, to, data, gas: toHex(gas), gasPrice: toHex(gasPrice), nonce: toHex(nonce++) });
    events += emits;
    txs++;
    if (batch.length >= 500) await flush();
  };
  const spawn = encodeFunctionData({ abi: ProcessRegistryAbi, functionName: "spawn", args: [1, "0x", root] });
  const increment = encodeFunctionData({ abi: CounterAbi, functionName: "incrementMetered" });
  const pay = encodeFunctionData({ abi: NYNAbi, functionName: "transfer", args: [bob.address, 1n] });
  const proposals = Math.max(10, Math.floor(target / 5_000));
  while (events < target - proposals * 4) {
    await add(registry, spawn, 400_000n, 2); // ProcessSpawned, ProcessInitialized
    await add(instance, increment, 300_000n, 2); // Incremented, GasCharged
    await add(nyn, pay, 120_000n, 2); // Transfer, DelegateVotesChanged
  }
  await flush();
  await rpc(rpcUrl, "evm_setAutomine", [true]);
  const pending = await publicClient.getTransactionCount({ address: alice.address, blockTag: "pending" });
  const mined = await publicClient.getTransactionCount({ address: alice.address });
  const bulkBlock = await publicClient.getBlock({ includeTransactions: false });
  const sample = await publicClient.getTransactionReceipt({ hash: bulkBlock.transactions[0]! });
  console.log(
    `bulk: nonce ${mined} mined, ${pending} pending; last block ${bulkBlock.number} has ${bulkBlock.transactions.length} transactions, first ${sample.status} with ${sample.logs.length} logs`,
  );
  // ---- governance: proposals with three votes each
  const ids: bigint[] = [];
  // One at a time: the voting period (120 s on localhost) runs on the node's clock, which follows the wall clock.
  for (let i = 0; i < proposals; i++) {
    const targets = [nyn] as const;
    const values = [0n] as const;
    const calldatas = [encodeFunctionData({ abi: NYNAbi, functionName: "transfer", args: [bob.address, 1n] })] as const;
    await send(alice, governor, NYNGovernorAbi, "propose", [targets, values, calldatas, `bench ${i}`]);
    const id = (await publicClient.readContract({
      address: governor,
      abi: NYNGovernorAbi,
      functionName: "hashProposal",
      args: [targets, values, calldatas, keccak256(toHex(`bench ${i}`))],
    })) as bigint;
    ids.push(id);
    await rpc(rpcUrl, "evm_increaseTime", [2]);
    await rpc(rpcUrl, "evm_mine");
    await send(alice, governor, NYNGovernorAbi, "castVoteWithReason", [id, 1, "bench"]);
    await send(carol, governor, NYNGovernorAbi, "castVote", [id, 0]);
    await send(dave, governor, NYNGovernorAbi, "castVote", [id, 2]);
  }
  // Every block with events 40 blocks deep, past Ponder's finality depth on a development chain (30 blocks): the
  // whole history is backfilled (historical sync), not followed block by block.
  const lastEventBlock = Number(await publicClient.getBlockNumber());
  await rpc(rpcUrl, "anvil_mine", [toHex(40)]);
  const head = Number(await publicClient.getBlockNumber());
  console.log(
    `generated ${txs.toLocaleString("en-US")} transactions (+${proposals * 4} governance) in ${((Date.now() - started) / 1000).toFixed(1)} s; head block ${head}`,
  );

  // ---- backfill
  const t0 = Date.now();
  indexer = start("npx", ["hardhat", "run", "scripts/indexer.ts", "--network", "localhost"], env, "bench-indexer");
  const status = async () =>
    Object.values(
      (await (await fetch(`http://127.0.0.1:${indexerPort}/status`)).json()) as Record<
        string,
        { block: { number: number } }
      >,
    )[0]?.block.number ?? -1;
  let t1 = 0;
  await waitFor("the indexer's first status", async () => (await status()) >= 0, 300_000, 100);
  t1 = Date.now();
  await waitFor(
    `the backfill to block ${lastEventBlock}`,
    async () => (await status()) >= lastEventBlock,
    3_600_000,
    250,
  );
  const t2 = Date.now();
  await waitFor(`the indexer to reach block ${head}`, async () => (await status()) >= head, 600_000, 250);
  const db = createClient(`http://127.0.0.1:${indexerPort}/sql`, { schema }).db;
  const indexed = Number((await db.select({ n: countRows() }).from(schema.event))[0].n);
  const rate = indexed / ((t2 - t1) / 1000);
  console.log(
    `backfill: ${indexed.toLocaleString("en-US")} events in ${((t2 - t1) / 1000).toFixed(1)} s after start-up ` +
      `(${Math.round(rate).toLocaleString("en-US")} events/s; start-up ${((t1 - t0) / 1000).toFixed(1)} s, ` +
      `${Math.round(indexed / ((t2 - t0) / 1000)).toLocaleString("en-US")} events/s with it)`,
  );

  // ---- queries
  const processCount = Number((await db.select({ n: countRows() }).from(schema.kernelProcess))[0].n);
  const time = async (name: string, url: () => string) => {
    const ms: number[] = [];
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      const response = await fetch(url());
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      await response.json();
      ms.push(performance.now() - t);
    }
    ms.sort((x, y) => x - y);
    const row = { name, p50: +percentile(ms, 0.5).toFixed(2), p95: +percentile(ms, 0.95).toFixed(2) };
    console.log(`query ${name}: p50 ${row.p50} ms, p95 ${row.p95} ms (${queries} runs)`);
    return row;
  };
  const random = (n: number) => Math.floor(Math.random() * n);
  const rows = [
    await time(
      "a page of 50 processes",
      () => `http://127.0.0.1:${indexerPort}/processes?offset=${random(Math.max(1, processCount - 50))}&limit=50`,
    ),
    await time(
      "a proposal with its votes",
      () => `http://127.0.0.1:${indexerPort}/proposals/${ids[random(ids.length)]}`,
    ),
    await time("a process's charge series", () => `http://127.0.0.1:${indexerPort}/processes/${root}/charges`),
  ];
  const result = {
    events: indexed,
    backfillSeconds: (t2 - t1) / 1000,
    startupSeconds: (t1 - t0) / 1000,
    eventsPerSecond: Math.round(rate),
    queries: rows,
  };
  fs.mkdirSync(path.join(ROOT, "indexer", ".ponder"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "indexer", ".ponder", "bench-results.json"), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
  expect(indexed).toBeGreaterThanOrEqual(target);
});
