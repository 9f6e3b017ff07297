import { ethers } from "ethers";

/** One initial NYN allocation: `amount` in NYN-wei (18 decimals). */
export interface Allocation {
  /** A literal address, or the name of a named account (see {@link NamedAccount}). */
  holder: string;
  amount: bigint;
  /**
   * Lock the allocation on a vesting schedule: it is minted to an `NYNVestingWallet` (OZ `VestingWalletCliff`) whose
   * owner (beneficiary) is `holder`, who may delegate its votes and to whom `release` pays what has vested.
   */
  vesting?: VestingSchedule;
}

/** A vesting schedule (OZ `VestingWalletCliff`): nothing before `start + cliff`, then linear until `start + duration`. */
export interface VestingSchedule {
  /** Start, in seconds since the Unix epoch (the chain's block timestamp clock). */
  start: bigint;
  /** Seconds from `start` before anything vests; at most `duration`. */
  cliff: bigint;
  /** Seconds from `start` until everything has vested. */
  duration: bigint;
}

/** Names the deploy config can use instead of addresses; resolved from the network's signers. */
export type NamedAccount = "deployer" | "guardian" | "alice" | "bob" | "carol" | "dave" | "relayer" | "arbiter";

/** The order of named accounts in the signer list (`hardhat`/`localhost` mnemonic accounts 0..7). */
export const NAMED_ACCOUNTS: NamedAccount[] = [
  "deployer",
  "guardian",
  "alice",
  "bob",
  "carol",
  "dave",
  "relayer",
  "arbiter",
];

/**
 * Everything `deploySystem()` needs to know about a network.
 * Addresses may be literal or a {@link NamedAccount}.
 */
export interface SystemConfig {
  /**
   * The account that ends up with `ROOT_PERMISSION` and manages every permission: `"timelock"` (the governance
   * timelock that `deploySystem` deploys), a named account or an address.
   */
  root: string;
  /** The guardian: may pause kernel entry points, never upgrade or grant. */
  guardian: string;
  /** Holds ARBITER_PERMISSION on the market modules: rules disputes (governance may grant it to others). */
  arbiter: string;
  /** Initial NYN holders (sum ≤ 5,000,000,000 NYN); `"timelock"` is the DAO treasury. */
  allocations: Allocation[];
  /** The DAO's parameters (see deploy/modules/governance.ts). */
  governance: GovernanceConfig;
}

/**
 * Governance parameters. Durations are in seconds: NYN and the governor use the ERC-6372 timestamp clock.
 * The governor refuses values outside its bounds (voting delay ≤ 30 days, 60 s ≤ voting period ≤ 60 days,
 * threshold ≤ 1 % of the NYN supply, 1 ≤ quorum ≤ 5 %; the timelock delay ≤ 30 days once governed): at launch only
 * ~10 % of the supply votes (the treasury's NYN never does), see NYNGovernor's bounds.
 */
export interface GovernanceConfig {
  /** Seconds from `propose` to the vote snapshot (when voting opens). */
  votingDelay: number;
  /** Seconds the vote stays open. */
  votingPeriod: number;
  /** NYN-wei of delegated votes needed to propose. */
  proposalThreshold: bigint;
  /** Percent of the total NYN supply at the snapshot that must vote for or abstain. */
  quorumPercent: number;
  /** Seconds between queue and execute (the timelock's minimum delay): the guardian's window to cancel. */
  timelockDelay: number;
}

const nyn = (n: number | string) => ethers.parseUnits(String(n), 18);
const DAY = 86_400n;

/** Local networks: fast, with named demo accounts funded. */
export const LOCAL_CONFIG: SystemConfig = {
  root: "timelock",
  guardian: "guardian",
  arbiter: "arbiter",
  allocations: [
    { holder: "timelock", amount: nyn(98_000_000) },
    { holder: "alice", amount: nyn(10_000_000) },
    { holder: "carol", amount: nyn(1_000_000) },
    { holder: "dave", amount: nyn(1_000_000) },
    // Carol's team allocation: 2,000,000 NYN from 2026-01-01 00:00 UTC, a 90-day cliff, over two years.
    {
      holder: "carol",
      amount: nyn(2_000_000),
      vesting: { start: 1_767_225_600n, cliff: DAY * 90n, duration: DAY * 730n },
    },
  ],
  // Short, so a proposal completes in seconds with --fast-forward (or in a few minutes on a real local node).
  governance: {
    votingDelay: 1,
    votingPeriod: 120,
    proposalThreshold: nyn(1_000),
    quorumPercent: 4,
    timelockDelay: 60,
  },
};

/**
 * Kernel unit tests and the core benchmark: the local config with the deployer kept as root and holding the 100M NYN
 * the timelock holds in {@link LOCAL_CONFIG}, so root powers can be exercised directly. Never for a real deploy.
 */
export const KERNEL_TEST_CONFIG: SystemConfig = {
  ...LOCAL_CONFIG,
  root: "deployer",
  allocations: LOCAL_CONFIG.allocations.map((a) => (a.holder === "timelock" ? { ...a, holder: "deployer" } : a)),
};

/**
 * The deploy config of network `name` for the in-process deploys (tests, demo, bench): hardhat and localhost share
 * the local one, which `ignition/parameters/localhost.json` mirrors (a test holds them equal). Other networks deploy
 * from their parameters file only (`npm run deploy -- --network sepolia`).
 */
export function configFor(name: string): SystemConfig {
  if (name === "hardhat" || name === "localhost") return LOCAL_CONFIG;
  throw new Error(`no in-process config for network "${name}": deploy with npm run deploy -- --network ${name}`);
}
