import { index, onchainTable, primaryKey } from "ponder";

// NYN OS kernel history. Amounts are NYN-wei, gas is gas units, times are unix seconds (block timestamps), statuses
// use the contracts' enum values with a name beside them. Every table is filled from events only.

/** Every event of every kernel contract, decoded (arguments as JSON, bigints as decimal strings). */
export const event = onchainTable(
  "event",
  (t) => ({
    id: t.text().primaryKey(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    contract: t.text().notNull(),
    address: t.hex().notNull(),
    name: t.text().notNull(),
    args: t.json().notNull(),
    /** The process the event is about, when it names one (`pid`). */
    pid: t.bigint(),
  }),
  (e) => ({
    byName: index().on(e.contract, e.name),
    byPid: index().on(e.pid),
    byBlock: index().on(e.blockNumber),
  }),
);

// ------------------------------------------------------------------ kernel

export const kernel = onchainTable("kernel", (t) => ({
  id: t.text().primaryKey(),
  paused: t.boolean().notNull(),
  pausedBy: t.hex(),
  updatedAt: t.bigint().notNull(),
}));

export const module = onchainTable("module", (t) => ({
  id: t.hex().primaryKey(),
  name: t.text().notNull(),
  proxy: t.hex().notNull(),
  implementation: t.hex().notNull(),
  installedAt: t.bigint().notNull(),
  upgrades: t.integer().notNull(),
  upgradedAt: t.bigint(),
  pauseHookFailures: t.integer().notNull(),
}));

// ------------------------------------------------------------------ processes

export const program = onchainTable("program", (t) => ({
  id: t.integer().primaryKey(),
  implementation: t.hex().notNull(),
  codeHash: t.hex().notNull(),
  name: t.text().notNull(),
  version: t.text().notNull(),
  publisher: t.hex().notNull(),
  deprecated: t.boolean().notNull(),
  /** Reviewed by the DAO (`ProgramVerified`); a published program starts unverified. */
  verified: t.boolean().notNull(),
  registeredAt: t.bigint().notNull(),
  /** The program this one is a new version of (`ProgramVersionPublished`); 0 for a first version. */
  previousVersion: t.integer().notNull().default(0),
  /** The newer version published from this one; 0 while it is the latest. */
  nextVersion: t.integer().notNull().default(0),
}));

export const kernelProcess = onchainTable(
  "process",
  (t) => ({
    pid: t.bigint().primaryKey(),
    instance: t.hex().notNull(),
    programId: t.integer().notNull(),
    parentPid: t.bigint().notNull(),
    owner: t.hex().notNull(),
    /** 1 Running, 2 Suspended, 3 Terminated (IProcessRegistry.Status). */
    status: t.integer().notNull(),
    statusName: t.text().notNull(),
    /** The most severe status along the ancestor chain (suspend and kill cascade to descendants). */
    effectiveStatus: t.integer().notNull(),
    effectiveStatusName: t.text().notNull(),
    depth: t.integer().notNull(),
    /** Ancestors and self, "/1/4/9/": a subtree is every process whose path starts with its root's. */
    path: t.text().notNull(),
    ownerGeneration: t.integer().notNull(),
    metadataURI: t.text().notNull(),
    salt: t.hex(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    /** Calls counted by the process itself (Counter's `Incremented`/`Reset`). */
    programEvents: t.integer().notNull(),
  }),
  (p) => ({ byOwner: index().on(p.owner), byParent: index().on(p.parentPid), byPath: index().on(p.path) }),
);

// ------------------------------------------------------------------ ACL

export const permission = onchainTable(
  "permission",
  (t) => ({
    id: t.text().primaryKey(), // who-where-what
    who: t.hex().notNull(),
    where: t.hex().notNull(),
    what: t.hex().notNull(),
    whatName: t.text().notNull(),
    /** Whether `who` is in the permission's holder list (granted and not revoked; an expired grant stays listed). */
    holder: t.boolean().notNull(),
    expiry: t.bigint().notNull(),
    /** The grant's condition contract (`PermissionConditionSet`; null: unconditional). */
    condition: t.hex(),
    /** The built-in balance condition's minimum, NYN-wei (`PermissionMinBalanceSet`; null: none). */
    minBalance: t.bigint(),
    grantedBy: t.hex(),
    grantedAt: t.bigint(),
    revokedBy: t.hex(),
    revokedAt: t.bigint(),
  }),
  (p) => ({ byTarget: index().on(p.where, p.what), byWho: index().on(p.who) }),
);

export const permissionManager = onchainTable("permission_manager", (t) => ({
  id: t.text().primaryKey(), // where-what
  where: t.hex().notNull(),
  what: t.hex().notNull(),
  whatName: t.text().notNull(),
  manager: t.hex().notNull(),
  protected: t.boolean().notNull(),
  createdAt: t.bigint().notNull(),
}));

export const capability = onchainTable(
  "capability",
  (t) => ({
    id: t.text().primaryKey(), // pid-generation-who-what
    pid: t.bigint().notNull(),
    /** The owner generation it was granted in: a transfer of the process voids the old generation's grants. */
    generation: t.integer().notNull(),
    who: t.hex().notNull(),
    what: t.hex().notNull(),
    whatName: t.text().notNull(),
    expiry: t.bigint().notNull(),
    /** The grant's condition contract (`CapabilityConditionSet`; null: unconditional). */
    condition: t.hex(),
    /** The built-in balance condition's minimum, NYN-wei (`CapabilityMinBalanceSet`; null: none). */
    minBalance: t.bigint(),
    revoked: t.boolean().notNull(),
    revokedBy: t.hex(),
    grantedAt: t.bigint().notNull(),
  }),
  (c) => ({ byPid: index().on(c.pid) }),
);

// ------------------------------------------------------------------ gas meter

export const meter = onchainTable("meter", (t) => ({
  id: t.text().primaryKey(),
  price: t.bigint().notNull(),
  epochLength: t.bigint().notNull(),
  /** Epoch numbering: epoch = epochOffset + (timestamp - epochAnchor) / epochLength. */
  epochAnchor: t.bigint().notNull(),
  epochOffset: t.bigint().notNull(),
  /** Fees of direct metered calls not yet collected (GasMeter.fees()). */
  fees: t.bigint().notNull(),
  feesCollected: t.bigint().notNull(),
}));

export const gasAccount = onchainTable("gas_account", (t) => ({
  pid: t.bigint().primaryKey(),
  budget: t.bigint().notNull(),
  deposited: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  charged: t.bigint().notNull(),
  gasCharged: t.bigint().notNull(),
  charges: t.integer().notNull(),
  processQuota: t.bigint().notNull(),
  userQuota: t.bigint().notNull(),
  lowBudgetThreshold: t.bigint().notNull(),
  freezeThreshold: t.bigint().notNull(), // issue 17 part 2
  relayGasCap: t.bigint().notNull(),
  relaySignerCapability: t.hex(),
  /** Issue 17 part 2: relayed requests reimbursed only when they call a sponsored selector (`relaySelector`). */
  relaySelectorsOnly: t.boolean().notNull(),
  /** Issue 17 part 1: relayed requests whose call reverts are reimbursed (`RelayRevertedCallsSponsoredSet`). */
  relayRevertedCallsSponsored: t.boolean().notNull(),
}));

/** A selector a process's owner marked as sponsored (or not) for relayed calls (`RelaySelectorSet`, issue 17). */
export const relaySelector = onchainTable("relay_selector", (t) => ({
  id: t.text().primaryKey(), // pid-selector
  pid: t.bigint().notNull(),
  selector: t.hex().notNull(),
  sponsored: t.boolean().notNull(),
}));

export const charge = onchainTable(
  "charge",
  (t) => ({
    id: t.text().primaryKey(),
    pid: t.bigint().notNull(),
    user: t.hex().notNull(),
    gasUsed: t.bigint().notNull(),
    cost: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    /** The relayer reimbursed for this charge (a relayed request), else null (a direct metered call). */
    relayer: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (c) => ({ byPidTime: index().on(c.pid, c.timestamp), byUser: index().on(c.user) }),
);

export const epochUsage = onchainTable(
  "epoch_usage",
  (t) => ({
    pid: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    gas: t.bigint().notNull(),
    cost: t.bigint().notNull(),
    charges: t.integer().notNull(),
  }),
  (u) => ({ pk: primaryKey({ columns: [u.pid, u.epoch] }) }),
);

export const userEpochUsage = onchainTable(
  "user_epoch_usage",
  (t) => ({
    pid: t.bigint().notNull(),
    user: t.hex().notNull(),
    epoch: t.bigint().notNull(),
    gas: t.bigint().notNull(),
    cost: t.bigint().notNull(),
    /** Gas counted against the user quota (the meter counts a user's usage only while the process has one). */
    quotaGas: t.bigint().notNull(),
  }),
  (u) => ({ pk: primaryKey({ columns: [u.pid, u.user, u.epoch] }) }),
);

export const budgetMove = onchainTable(
  "budget_move",
  (t) => ({
    id: t.text().primaryKey(),
    pid: t.bigint().notNull(),
    kind: t.text().notNull(), // deposit | withdrawal
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    budgetAfter: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (m) => ({ byPid: index().on(m.pid) }),
);

export const relayer = onchainTable("relayer", (t) => ({
  address: t.hex().primaryKey(),
  reimbursed: t.bigint().notNull(),
  claimed: t.bigint().notNull(),
  claimable: t.bigint().notNull(),
  requests: t.integer().notNull(),
}));

/** Requests the forwarder relayed (ExecutedForwardRequest), decoded from the transaction when it called the forwarder. */
export const relayedRequest = onchainTable("relayed_request", (t) => ({
  id: t.text().primaryKey(),
  signer: t.hex().notNull(),
  nonce: t.bigint().notNull(),
  success: t.boolean().notNull(),
  relayer: t.hex().notNull(),
  target: t.hex(),
  pid: t.bigint(),
  sentence: t.text(),
  revertReason: t.hex(),
  timestamp: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ NYN

export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  votes: t.bigint().notNull(),
  delegate: t.hex(),
}));

export const token = onchainTable("token", (t) => ({
  id: t.text().primaryKey(),
  totalSupply: t.bigint().notNull(),
  transfers: t.integer().notNull(),
}));

export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    value: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (x) => ({ byFrom: index().on(x.from), byTo: index().on(x.to) }),
);

export const allowance = onchainTable("allowance", (t) => ({
  id: t.text().primaryKey(), // owner-spender
  owner: t.hex().notNull(),
  spender: t.hex().notNull(),
  value: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ governance

export const governor = onchainTable("governor", (t) => ({
  id: t.text().primaryKey(),
  votingDelay: t.bigint(),
  votingPeriod: t.bigint(),
  proposalThreshold: t.bigint(),
  quorumNumerator: t.bigint(),
  proposalGuardian: t.hex(),
  timelock: t.hex(),
  timelockDelay: t.bigint(),
}));

export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    proposer: t.hex().notNull(),
    description: t.text().notNull(),
    targets: t.json().notNull(),
    values: t.json().notNull(),
    calldatas: t.json().notNull(),
    /** Each action in words (lib/actions.ts). */
    actions: t.json().notNull(),
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    forVotes: t.bigint().notNull(),
    againstVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    voters: t.integer().notNull(),
    /** The quorum at the snapshot, read from the governor at the first vote (null before any vote). */
    quorum: t.bigint(),
    eta: t.bigint(),
    timelockId: t.hex(),
    queued: t.boolean().notNull(),
    executed: t.boolean().notNull(),
    canceled: t.boolean().notNull(),
    createdBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    queuedAt: t.bigint(),
    executedAt: t.bigint(),
    canceledAt: t.bigint(),
  }),
  (p) => ({ byTimelockId: index().on(p.timelockId) }),
);

export const vote = onchainTable(
  "vote",
  (t) => ({
    id: t.text().primaryKey(), // proposalId-voter
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /** 0 against, 1 for, 2 abstain. */
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    params: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (v) => ({ byProposal: index().on(v.proposalId) }),
);

export const timelockOperation = onchainTable("timelock_operation", (t) => ({
  id: t.hex().primaryKey(),
  /** scheduled | executed | cancelled */
  status: t.text().notNull(),
  calls: t.integer().notNull(),
  actions: t.json().notNull(),
  delay: t.bigint(),
  predecessor: t.hex(),
  salt: t.hex(),
  scheduledAt: t.bigint().notNull(),
  executedAt: t.bigint(),
}));

export const timelockRole = onchainTable("timelock_role", (t) => ({
  id: t.text().primaryKey(), // role-account
  role: t.hex().notNull(),
  roleName: t.text().notNull(),
  account: t.hex().notNull(),
  active: t.boolean().notNull(),
}));

// ------------------------------------------------------------------ market (Marketplace and JobBoard)

/** Per market module (Marketplace, JobBoard): fee, treasury, arbitrator and the fees not yet collected. */
export const escrow = onchainTable("escrow", (t) => ({
  market: t.text().primaryKey(),
  feeBps: t.bigint().notNull(),
  treasury: t.hex(),
  arbitrator: t.hex(),
  uncollectedFees: t.bigint().notNull(),
  feesCollected: t.bigint().notNull(),
}));

/** An account in one market module: what it may withdraw and its reputation there. */
export const marketAccount = onchainTable("market_account", (t) => ({
  id: t.text().primaryKey(), // market-account
  market: t.text().notNull(),
  account: t.hex().notNull(),
  withdrawable: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  completedSales: t.integer().notNull(),
  completedJobs: t.integer().notNull(),
  disputesOpened: t.integer().notNull(),
  disputesWon: t.integer().notNull(),
  disputesLost: t.integer().notNull(),
}));

export const seller = onchainTable("seller", (t) => ({
  address: t.hex().primaryKey(),
  sellerId: t.bigint().notNull(),
}));

export const listing = onchainTable("listing", (t) => ({
  id: t.bigint().primaryKey(),
  seller: t.hex().notNull(),
  pricePerUnit: t.bigint().notNull(),
  quantity: t.bigint().notNull(),
  deliveryWindow: t.bigint().notNull(),
  metadataURI: t.text().notNull(),
  /** The payment token (issue 17 part 3): null for NYN, else the approved ERC-20 (`ListingPricedInToken`). */
  token: t.hex(),
  /** 1 Active, 2 Cancelled */
  status: t.integer().notNull(),
  createdAt: t.bigint().notNull(),
}));

export const order = onchainTable(
  "order",
  (t) => ({
    id: t.bigint().primaryKey(),
    listingId: t.bigint().notNull(),
    buyer: t.hex().notNull(),
    seller: t.hex().notNull(),
    quantity: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    /** The payment token, its listing's: null for NYN. */
    token: t.hex(),
    /** 1 Paid, 2 Shipped, 3 Disputed, 4 Settled (IMarketplace.OrderStatus) */
    status: t.integer().notNull(),
    statusName: t.text().notNull(),
    /** completed | refunded | resolved, once Settled */
    outcome: t.text(),
    deadline: t.bigint().notNull(),
    sellerAmount: t.bigint(),
    fee: t.bigint(),
    disputeId: t.bigint(),
    createdAt: t.bigint().notNull(),
  }),
  (o) => ({ byBuyer: index().on(o.buyer), bySeller: index().on(o.seller) }),
);

export const job = onchainTable(
  "job",
  (t) => ({
    id: t.bigint().primaryKey(),
    client: t.hex().notNull(),
    worker: t.hex(),
    budget: t.bigint().notNull(),
    escrowed: t.bigint().notNull(),
    /** The payment token (issue 17 part 3): null for NYN, else the approved ERC-20 (`JobPricedInToken`). */
    token: t.hex(),
    deadline: t.bigint().notNull(),
    metadataURI: t.text().notNull(),
    milestoneCount: t.integer().notNull(),
    currentMilestone: t.integer().notNull(),
    /** 1 Open, 2 Assigned, 3 Completed, 4 Cancelled, 5 Expired (IJobBoard.JobStatus) */
    status: t.integer().notNull(),
    statusName: t.text().notNull(),
    cancelRequested: t.boolean().notNull(),
    applications: t.integer().notNull(),
    createdAt: t.bigint().notNull(),
  }),
  (j) => ({ byClient: index().on(j.client) }),
);

export const milestone = onchainTable("milestone", (t) => ({
  id: t.text().primaryKey(), // jobId-index
  jobId: t.bigint().notNull(),
  index: t.integer().notNull(),
  amount: t.bigint().notNull(),
  /** 0 Pending, 1 Submitted, 2 Approved, 3 Disputed, 4 Resolved (IJobBoard.MilestoneStatus) */
  status: t.integer().notNull(),
  statusName: t.text().notNull(),
  deliverableURI: t.text(),
  deliverableHash: t.hex(),
  reviewDeadline: t.bigint(),
  revisionDeadline: t.bigint(),
  workerAmount: t.bigint(),
  fee: t.bigint(),
  disputeId: t.bigint(),
}));

export const application = onchainTable("application", (t) => ({
  id: t.text().primaryKey(), // jobId-worker
  jobId: t.bigint().notNull(),
  worker: t.hex().notNull(),
  proposalURI: t.text().notNull(),
  timestamp: t.bigint().notNull(),
}));

export const dispute = onchainTable("dispute", (t) => ({
  id: t.text().primaryKey(), // market-disputeId
  market: t.text().notNull(),
  disputeId: t.bigint().notNull(),
  escrowId: t.bigint().notNull(),
  openedBy: t.hex().notNull(),
  payer: t.hex().notNull(),
  payee: t.hex().notNull(),
  amount: t.bigint().notNull(),
  /** The escrow's payment token: null for NYN. */
  token: t.hex(),
  rulingDeadline: t.bigint().notNull(),
  /** 1 Open, 2 Ruled, 3 DefaultSettled (IMarketEscrow.DisputeStatus) */
  status: t.integer().notNull(),
  statusName: t.text().notNull(),
  arbitrator: t.hex(),
  externalId: t.bigint(),
  ruling: t.bigint(),
  ruledBy: t.hex(),
  payerShareBps: t.bigint(),
  payerAmount: t.bigint(),
  payeeAmount: t.bigint(),
  fee: t.bigint(),
  evidenceCount: t.integer().notNull(),
  openedAt: t.bigint().notNull(),
  resolvedAt: t.bigint(),
}));

export const evidence = onchainTable("evidence", (t) => ({
  id: t.text().primaryKey(),
  market: t.text().notNull(),
  disputeId: t.bigint().notNull(),
  arbitrator: t.hex().notNull(),
  party: t.hex().notNull(),
  evidence: t.text().notNull(),
  timestamp: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ market payment tokens (issue 17 part 3)

/** A payment token besides NYN in one market module's token list: its id, whether approved, its fees. */
export const marketToken = onchainTable("market_token", (t) => ({
  id: t.text().primaryKey(), // market-token
  market: t.text().notNull(),
  token: t.hex().notNull(),
  tokenId: t.bigint().notNull(),
  approved: t.boolean().notNull(),
  uncollectedFees: t.bigint().notNull(),
  feesCollected: t.bigint().notNull(),
}));

/** What an account may withdraw in a token besides NYN from one market module (NYN: `market_account`). */
export const marketTokenAccount = onchainTable("market_token_account", (t) => ({
  id: t.text().primaryKey(), // market-token-account
  market: t.text().notNull(),
  token: t.hex().notNull(),
  account: t.hex().notNull(),
  withdrawable: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
}));
