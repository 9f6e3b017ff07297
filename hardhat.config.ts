import fs from "fs";
import path from "path";
import { HardhatUserConfig, subtask, vars } from "hardhat/config";
import {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_GET_SOURCE_PATHS,
  TASK_COMPILE_SOLIDITY_LOG_RUN_COMPILER_START,
} from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";
import "./tasks";
import "./ignition/buildInfoCache";

/** The exact compiler version; package.json pins the npm `solc` package to the same version. */
export const SOLC_VERSION = "0.8.28";

// Offline compiler: answer Hardhat's compiler lookup with the npm `solc` package (solcjs) so that nothing is
// downloaded at compile, test or coverage time. See ../shared/TOOLCHAIN.md.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solcPackage = require("solc/package.json");
  if (args.solcVersion !== solcPackage.version) return runSuper();
  return {
    compilerPath: path.join(__dirname, "node_modules", "solc", "soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    longVersion: require("solc").version().replace(".Emscripten.clang", ""),
  };
});

// Say that compiling started (Hardhat 2 is silent until it ends; solcjs takes about a minute for the whole project).
subtask(
  TASK_COMPILE_SOLIDITY_LOG_RUN_COMPILER_START,
  async (args: {
    compilationJob: { getResolvedFiles(): unknown[]; getSolcConfig(): { version: string } };
    quiet: boolean;
  }) => {
    if (args.quiet) return;
    const files = args.compilationJob.getResolvedFiles().length;
    const version = args.compilationJob.getSolcConfig().version;
    console.log(
      `Compiling ${files} Solidity files with solc ${version} (solcjs: about a minute for the whole project)…`,
    );
  },
);

function envOrVar(name: string): string | undefined {
  if (process.env[name]) return process.env[name];
  return vars.has(name) ? vars.get(name) : undefined;
}

const sepoliaUrl = envOrVar("SEPOLIA_RPC_URL");
const sepoliaKey = envOrVar("SEPOLIA_PRIVATE_KEY");

const SOLC_SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" };

/** The Solidity files below `dir` (source names, e.g. `contracts/test/Foo.sol`). */
function solidityFiles(dir: string): string[] {
  return fs.readdirSync(path.join(__dirname, dir), { withFileTypes: true }).flatMap((entry) => {
    const name = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return solidityFiles(name);
    return entry.name.endsWith(".sol") ? [name] : [];
  });
}

// Under solidity-coverage (`npx hardhat coverage`; `npm run coverage` also sets SOLIDITY_COVERAGE) each test-only contract (contracts/test/) is
// compiled in a solc job of its own: the whole project instrumented and unoptimised in one solcjs run outgrew the
// WebAssembly compiler's memory ("RuntimeError: memory access out of bounds", HH506) once the name service, the
// conditions and the vesting wallet joined. Same compiler and settings (Hardhat makes a job per override entry);
// about 1½ min of compiling instead of 1.
const UNDER_COVERAGE = Boolean(process.env.SOLIDITY_COVERAGE || process.argv.includes("coverage"));

// Under solidity-coverage the benchmark's own contracts (contracts/test/bench/, contracts/test/anchors/: the OZ and
// ERC-4337 anchors, EntryPoint among them) are not compiled at all: no test of the coverage run uses them but
// BatchSpawner (the B5 growth test), and with the ERC-4337 anchors the unoptimised coverage compile failed in solcjs
// again (HH506). `npm run bench` compiles them as usual.
function neededUnderCoverage(source: string): boolean {
  const normal = source.split(path.sep).join("/");
  return !/contracts\/test\/(bench|anchors)\//.test(normal) || normal.endsWith("contracts/test/bench/BatchSpawner.sol");
}

subtask(TASK_COMPILE_SOLIDITY_GET_SOURCE_PATHS, async (_args, _hre, runSuper) => {
  const paths: string[] = await runSuper();
  return UNDER_COVERAGE ? paths.filter(neededUnderCoverage) : paths;
});

// The largest modules get jobs of their own too: the rest of the project instrumented in one job outgrew solcjs's
// memory again once payment tokens, batched relays and sponsorship rules joined (HH506 with no message; Hardhat runs
// the jobs two at a time, so the failing one is not the last announced).
const COVERAGE_OWN_JOBS = [
  "contracts/market/Marketplace.sol",
  "contracts/market/JobBoard.sol",
  "contracts/governance/NYNGovernor.sol",
  "contracts/kernel/GasMeter.sol",
  "contracts/metatx/KernelForwarder.sol",
  "contracts/kernel/NameService.sol",
];

// The optimised compile outgrew solcjs's memory in one job too (HH506, "memory access out of bounds", after ~5 s on a
// clean checkout) once batch credits and the reverted-call rule joined: the same largest modules and the ERC-4337
// anchors (contracts/test/anchors/: EntryPoint and its account and paymaster) get jobs of their own. Same compiler
// and settings, so the same bytecode; a clean compile takes a little longer.
// The packed-word test harnesses (contracts/test/types/) get jobs of their own as well: the rest of the project
// outgrew solcjs's memory once more (HH506, "Aborted()", deterministic on a clean compile) when the `MeterSettings`
// word joined; each harness imports only its type, so its job is small.
const OWN_JOBS = [
  ...COVERAGE_OWN_JOBS,
  ...solidityFiles("contracts/test/anchors"),
  ...solidityFiles("contracts/test/types"),
];

const ownJobs = (files: string[]) =>
  Object.fromEntries(files.map((file) => [file, { version: SOLC_VERSION, settings: SOLC_SETTINGS }]));
const overrides = UNDER_COVERAGE
  ? ownJobs([...solidityFiles("contracts/test").filter(neededUnderCoverage), ...COVERAGE_OWN_JOBS])
  : ownJobs(OWN_JOBS);

const config: HardhatUserConfig = {
  solidity: {
    compilers: [{ version: SOLC_VERSION, settings: SOLC_SETTINGS }],
    overrides,
  },
  networks: {
    hardhat: {},
    // gas "auto": estimate every transaction. Left unset, the Hardhat ethers plugin sends a fixed 16,777,216 gas to
    // any node that answers `hardhat_metadata` (anvil does too), and an expected failure is mined instead of refused.
    // NYN_LOCALHOST_URL moves it to another local node (the indexer's and the console's tests use their own ports).
    localhost: { url: process.env.NYN_LOCALHOST_URL || "http://127.0.0.1:8545", gas: "auto" },
    // The testnet entry exists only when its RPC URL and key are configured
    // (`npx hardhat vars set SEPOLIA_RPC_URL` / `SEPOLIA_PRIVATE_KEY`, or environment variables).
    ...(sepoliaUrl && sepoliaKey ? { sepolia: { url: sepoliaUrl, accounts: [sepoliaKey], chainId: 11155111 } } : {}),
  },
  // `npx hardhat ignition verify chain-11155111`: ETHERSCAN_API_KEY (environment or `npx hardhat vars set`).
  etherscan: { apiKey: envOrVar("ETHERSCAN_API_KEY") ?? "" },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  gasReporter: { enabled: process.env.REPORT_GAS === "1", offline: true, currency: "USD" },
  mocha: { timeout: 120_000 },
};

export default config;
