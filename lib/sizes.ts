import fs from "fs";
import path from "path";

// Contract sizes against EIP-170 and EIP-3860, read from Hardhat's artifacts without a Hardhat runtime: the size
// gate (scripts/check-sizes.ts, `npm run sizes`) and the gas bench (bench/run.ts) share this reader.

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
