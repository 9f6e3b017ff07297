// Measures (does not assert) how fast the processes and governance views are with many processes and proposals:
// spawns processes from the node's accounts until the registry holds PROCESSES (default 10,000) and has alice propose
// until there are PROPOSALS (default 1,000), then times in Chromium, with the page's own clock (performance.now), how
// long after navigation the first page of the process table is on screen, how long the last page takes after
// "last »", and how long after navigation the governance view shows its first page of proposals. One JSON line.
// Usage: CONSOLE_URL=… RPC_URL=… PROCESSES=10000 node --require ts-node/register console/e2e/bench.ts
import { createPublicClient, createWalletClient, encodeFunctionData, http, type Address } from "viem";
import { governorAbi, nynAbi, processRegistryAbi } from "../src/generated/abis";
import { addressesOf, type ConsoleConfig } from "../src/config";
import { launch } from "./browser";

const CONSOLE_URL = process.env.CONSOLE_URL ?? "http://127.0.0.1:5190/";
const RPC_URL = process.env.RPC_URL ?? "http://127.0.0.1:8545";
const WANTED = BigInt(process.env.PROCESSES ?? "10000");
const WANTED_PROPOSALS = Number(process.env.PROPOSALS ?? "1000");

async function main(): Promise<void> {
  const config = (await (await fetch(new URL("config.json", CONSOLE_URL))).json()) as ConsoleConfig;
  const a = addressesOf(config.record);
  const client = createPublicClient({ transport: http(RPC_URL) });
  const count = () =>
    client.readContract({ address: a.processRegistry, abi: processRegistryAbi, functionName: "processCount" });
  const accounts = Object.keys(config.accountNames).slice(0, 10) as Address[];
  const started = Date.now();
  let have = await count();
  if (have < WANTED) {
    const perAccount = Number((WANTED - have + BigInt(accounts.length) - 1n) / BigInt(accounts.length));
    await Promise.all(
      accounts.map(async (account) => {
        const wallet = createWalletClient({ account, transport: http(RPC_URL) });
        for (let i = 0; i < perAccount; i++) {
          await wallet.writeContract({
            address: a.processRegistry,
            abi: processRegistryAbi,
            functionName: "spawn",
            args: [1, "0x", 0n],
            gas: 400_000n,
            chain: null,
          });
        }
      }),
    );
    // a node that mines a block per transaction leaves what did not fit in the pool until the next one: mine it
    while ((have = await count()) < WANTED) await client.request({ method: "evm_mine" as never, params: [] as never });
  }
  const spawnSeconds = (Date.now() - started) / 1000;
  const proposalsStarted = Date.now();
  const alice = Object.entries(config.accountNames).find(([, name]) => name === "alice")![0] as Address;
  const proposalCount = async () =>
    (
      await client.getContractEvents({
        address: a.governor,
        abi: governorAbi,
        eventName: "ProposalCreated",
        fromBlock: BigInt(config.deployBlock),
      })
    ).length;
  let proposals = await proposalCount();
  if (proposals < WANTED_PROPOSALS) {
    const wallet = createWalletClient({ account: alice, transport: http(RPC_URL) });
    const write = (p: Parameters<typeof wallet.writeContract>[0]) => wallet.writeContract(p);
    await client.waitForTransactionReceipt({
      hash: await write({ address: a.nyn, abi: nynAbi, functionName: "delegate", args: [alice], chain: null } as never),
    });
    await client.request({ method: "evm_increaseTime" as never, params: [2] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    const data = encodeFunctionData({ abi: nynAbi, functionName: "transfer", args: [alice, 1n] });
    for (let i = proposals; i < WANTED_PROPOSALS; i++) {
      await write({
        address: a.governor,
        abi: governorAbi,
        functionName: "propose",
        args: [[a.nyn], [0n], [data], `bench proposal ${i}: pay alice 1 NYN-wei`],
        gas: 1_000_000n,
        chain: null,
      } as never);
    }
    while ((proposals = await proposalCount()) < WANTED_PROPOSALS)
      await client.request({ method: "evm_mine" as never, params: [] as never });
  }
  const proposeSeconds = (Date.now() - proposalsStarted) / 1000;
  const { context, close } = await launch();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const runs: { firstPageMs: number; lastPageMs: number }[] = [];
    for (let run = 0; run < (have > 0n ? 3 : 0); run++) {
      await page.goto("about:blank");
      await page.goto(`${CONSOLE_URL}#/processes`);
      const firstPageMs = await page.waitForFunction(
        (rows) =>
          document.querySelectorAll('[data-testid="process-table"] > tbody > tr').length >= rows
            ? performance.now()
            : 0,
        Math.min(25, Number(have)),
        { polling: "raf", timeout: 60_000 },
      );
      const clicked = await page.evaluate(() => {
        (document.querySelector('[data-testid="last-page"]') as HTMLButtonElement).click();
        return performance.now();
      });
      const last = `[data-testid="process-${have}"]`;
      const lastAt = await page.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : 0), last, {
        polling: "raf",
        timeout: 60_000,
      });
      runs.push({
        firstPageMs: Math.round(Number(await firstPageMs.jsonValue())),
        lastPageMs: Math.round(Number(await lastAt.jsonValue()) - clicked),
      });
    }
    const governance: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto("about:blank");
      await page.goto(`${CONSOLE_URL}#/governance`);
      const at = await page.waitForFunction(
        () => (document.querySelectorAll('[data-testid="proposal"]').length >= 10 ? performance.now() : 0),
        undefined,
        { polling: "raf", timeout: 60_000 },
      );
      governance.push(Math.round(Number(await at.jsonValue())));
    }
    console.log(
      JSON.stringify({
        processes: Number(have),
        spawnSeconds,
        runs,
        proposals,
        proposeSeconds,
        governanceFirstPageMs: governance,
      }),
    );
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
