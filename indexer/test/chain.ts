import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the indexer is its npm workspace). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A process started by the tests, in its own process group (stopping it stops npx and what runs under it). */
export interface Started {
  child: ChildProcess;
  log: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `command` in its own process group, its output in a temporary log file. */
export function start(command: string, args: string[], env: Record<string, string>, name: string): Started {
  const log = path.join(os.tmpdir(), `nyn-indexer-test-${name}-${process.pid}.log`);
  const out = fs.openSync(log, "w");
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    child,
    log,
    output: () => fs.readFileSync(log, "utf8"),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 20_000));
      await Promise.race([exited, timeout]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
        await exited;
      }
    },
  };
}

/** Run a command to completion; throws with its output when it fails. */
export async function run(command: string, args: string[], env: Record<string, string>, name: string): Promise<string> {
  const p = start(command, args, env, name);
  const code = await new Promise<number>((resolve) => p.child.on("exit", (c) => resolve(c ?? 1)));
  const output = p.output();
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output.slice(-4000)}`);
  return output;
}

/** Poll `check` every `every` ms until it returns true, or throw after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean>, ms: number, every = 500): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** One JSON-RPC call. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Throw if something already answers JSON-RPC on `url`: tests and the bench run only against a node they started. */
export async function requireFree(url: string): Promise<void> {
  let answered = false;
  try {
    await rpc(url, "eth_chainId");
    answered = true;
  } catch {
    // nothing there
  }
  if (answered)
    throw new Error(`something already serves ${url}: choose another port (NYN_TEST_PORT / NYN_BENCH_PORT)`);
}
