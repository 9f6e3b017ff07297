import { ethers } from "ethers";

/** One initial NYN allocation: `amount` in NYN-wei (18 decimals). */
export interface Allocation {
  /** A literal address, or the name of a named account (see {@link NamedAccount}). */
  holder: string;
  amount: bigint;
}

/** Names the deploy config can use instead of addresses; resolved from the network's signers. */
export type NamedAccount = "deployer" | "guardian" | "alice" | "bob" | "carol" | "dave" | "relayer" | "arbiter";

/** The order of named accounts in the signer list (`hardhat`/`localhost` mnemonic accounts 0..7). */
export const NAMED_ACCOUNTS: NamedAccount[] = ["deployer", "guardian", "alice", "bob", "carol", "dave", "relayer", "arbiter"];

/**
 * Everything `deploySystem()` needs to know about a network.
 * Addresses may be literal or a {@link NamedAccount}.
 */
export interface SystemConfig {
  /** The account that ends up with `ROOT_PERMISSION` (the governance timelock once governance is deployed). */
  root: string;
  /** The guardian: may pause kernel entry points, never upgrade or grant. */
  guardian: string;
  /** Holds ARBITER_PERMISSION on the market modules: rules disputes (governance may grant it to others). */
  arbiter: string;
  /** Initial NYN holders (sum ≤ 5,000,000,000 NYN). */
  allocations: Allocation[];
}

const nyn = (n: number | string) => ethers.parseUnits(String(n), 18);

/** Local networks: fast, with named demo accounts funded. */
export const LOCAL_CONFIG: SystemConfig = {
  root: "deployer",
  guardian: "guardian",
  arbiter: "arbiter",
  allocations: [
    { holder: "deployer", amount: nyn(100_000_000) },
    { holder: "alice", amount: nyn(10_000_000) },
    { holder: "carol", amount: nyn(1_000_000) },
    { holder: "dave", amount: nyn(1_000_000) },
  ],
};

/** Testnets: the deployer is the only initial holder; set NYN_GUARDIAN to a multisig. */
export const TESTNET_CONFIG: SystemConfig = {
  root: "deployer",
  guardian: process.env.NYN_GUARDIAN ?? "deployer",
  arbiter: process.env.NYN_ARBITER ?? "deployer",
  allocations: [{ holder: "deployer", amount: nyn(1_000_000_000) }],
};

/** The deploy config of network `name` (hardhat and localhost share the local one). */
export function configFor(name: string): SystemConfig {
  return name === "hardhat" || name === "localhost" ? LOCAL_CONFIG : TESTNET_CONFIG;
}
