import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eventKeys } from "../src/contracts";

// Every event in the indexed contracts' ABIs (generated from the Hardhat artifacts) has a handler in
// src/handlers.ts or is listed there as recorded-only (LOG_ONLY); the indexer refuses to start otherwise, and this
// says which without a node.
const source = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../src/handlers.ts"), "utf8");

describe("the indexer's event coverage", () => {
  it("handles or records every event of every kernel contract's ABI", () => {
    const keys = eventKeys();
    expect(keys.length).toBeGreaterThan(100);
    const escrow = /\$\{market\}:(\w+)/g;
    const escrowEvents = new Set([...source.matchAll(escrow)].map((m) => m[1]));
    const missing = keys.filter((key) => {
      const [contract, name] = key.split(":");
      if (source.includes(`"${key}"`)) return false;
      return !((contract === "Marketplace" || contract === "JobBoard") && escrowEvents.has(name!));
    });
    expect(missing).toEqual([]);
  });
});
