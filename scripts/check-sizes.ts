/**
 * `npm run sizes`: the contract-size gate. Compiles, then checks every deployable contract under contracts/ (test
 * contracts under contracts/test/ excepted) against EIP-170 (runtime code ≤ 24,576 bytes) and EIP-3860 (initcode
 * ≤ 49,152 bytes), prints a table sorted by runtime size and exits non-zero on a breach. The reading and the limits
 * are lib/sizes.ts's.
 */
import { EIP170_LIMIT, EIP3860_LIMIT, readContractSizes, sizeBreaches } from "../lib/sizes";

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
