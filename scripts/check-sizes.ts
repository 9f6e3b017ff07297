import fs from "fs";
import path from "path";

/**
 * `npm run sizes`: the contract-size gate. Compiles, then checks every deployable contract under contracts/ (test
 * contracts under contracts/test/ excepted) against EIP-170 (runtime code ≤ 24,576 bytes) and EIP-3860 (initcode
 * ≤ 49,152 bytes), prints a table sorted by runtime size and exits non-zero on a breach.
 *
 * {@link readContractSizes} needs no Hardhat runtime, so other scripts (bench/run.ts) reuse it.
 */

/** EIP-170: the maximum runtime bytecode size, in bytes. */
export const EIP170_LIMIT = 24_576;
/** EIP-3860: the maximum initcode size, in bytes. */
export const EIP3860_LIMIT = 49_152;

/** The sizes of one compiled contract. */
export interface ContractSize {
  name: string;
  /** Source file, e.g. `contracts/kernel/ACL.sol`. */
  source: string;
  /** Runtime bytecode (what EIP-170 limits), in bytes. */
  deployed: number;
  /** Creation bytecode without constructor arguments (what EIP-3860 limits, plus the arguments), in bytes. */
  initcode: number;
}

const byteLength = (hex: string | undefined) => (hex && hex.length > 2 ? (hex.length - 2) / 2 : 0);

/**
 * The sizes of every deployable contract compiled from contracts/ (an artifact with creation code: interfaces and
 * abstract contracts have none), read from Hardhat's artifacts; contracts/test/ is skipped unless `includeTests`.
 * Sorted by runtime size, largest first.
 */
export function readContractSizes(artifactsDir: string, options: { includeTests?: boolean } = {}): ContractSize[] {
  const sizes: ContractSize[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        const artifact = JSON.parse(fs.readFileSync(full, "utf8"));
        const source: string = artifact.sourceName;
        if (!source?.startsWith("contracts/")) continue;
        if (!options.includeTests && source.startsWith("contracts/test/")) continue;
        const initcode = byteLength(artifact.bytecode);
        if (initcode === 0) continue;
        sizes.push({ name: artifact.contractName, source, deployed: byteLength(artifact.deployedBytecode), initcode });
      }
    }
  };
  const contractsDir = path.join(artifactsDir, "contracts");
  if (fs.existsSync(contractsDir)) walk(contractsDir);
  return sizes.sort((a, b) => b.deployed - a.deployed || a.name.localeCompare(b.name));
}

/** One line per limit a contract breaks (empty when all fit). */
export function sizeBreaches(sizes: ContractSize[]): string[] {
  const breaches: string[] = [];
  for (const s of sizes) {
    if (s.deployed > EIP170_LIMIT) {
      breaches.push(`${s.name} (${s.source}): runtime code ${s.deployed} B > ${EIP170_LIMIT} B (EIP-170)`);
    }
    if (s.initcode > EIP3860_LIMIT) {
      breaches.push(`${s.name} (${s.source}): initcode ${s.initcode} B > ${EIP3860_LIMIT} B (EIP-3860)`);
    }
  }
  return breaches;
}

async function main() {
  const hre = (await import("hardhat")).default;
  const Table = (await import("cli-table3")).default;
  // Fresh artifacts: `npm run coverage` leaves instrumented ones, which Hardhat recompiles here.
  await hre.run("compile", { quiet: true });
  const sizes = readContractSizes(hre.config.paths.artifacts);
  const percent = (n: number, of: number) => `${((n / of) * 100).toFixed(1)} %`;
  const table = new Table({
    head: ["contract", "source", "runtime B", "of EIP-170", "initcode B", "of EIP-3860"],
    colAligns: ["left", "left", "right", "right", "right", "right"],
    style: { head: [], border: [] },
  });
  for (const s of sizes) {
    table.push([
      s.name,
      s.source,
      s.deployed,
      percent(s.deployed, EIP170_LIMIT),
      s.initcode,
      percent(s.initcode, EIP3860_LIMIT),
    ]);
  }
  console.log(table.toString());
  const breaches = sizeBreaches(sizes);
  if (sizes.length === 0) {
    console.error("check-sizes: no contract artifacts found under contracts/");
    process.exitCode = 1;
  } else if (breaches.length > 0) {
    console.error(`check-sizes: FAILED\n  ${breaches.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log(
      `check-sizes: ok, ${sizes.length} contracts; largest ${sizes[0].name} ${sizes[0].deployed} B ` +
        `(${percent(sizes[0].deployed, EIP170_LIMIT)} of EIP-170)`,
    );
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
