// The console's history from the Ponder indexer (indexer/, issue 14), asked over its GraphQL endpoint through the
// server's /indexer proxy. Lists come from the `event` table in the chain's order (Ponder's event ids sort as the
// chain does: block, transaction, log), so they match what `eth_getLogs` returns; the rest from the indexer's tables
// (ponder.schema.ts): processes, gas per epoch, permissions and capabilities.
import { getAddress, type Address, type Hex } from "viem";
import type { KernelHistory, ProposalRecord } from "./source";

/** One indexed log, decoded (the `event` table): arguments as JSON, bigints as decimal strings. */
export interface KernelEvent {
  id: string;
  blockNumber: bigint;
  logIndex: number;
  timestamp: bigint;
  transactionHash: Hex;
  /** The contract's name in the indexer (`ProcessRegistry`, `GasMeter`, … and `Process` for a process's own). */
  contract: string;
  name: string;
  args: Record<string, unknown>;
  /** The process the event is about, when it names one. */
  pid: bigint | null;
}

/** Gas and cost charged to a process in one epoch (`epoch_usage`). */
export interface EpochUsage {
  epoch: bigint;
  gas: bigint;
  cost: bigint;
  charges: number;
}

/** Gas and cost one user's metered calls charged a process in one epoch (`user_epoch_usage`). */
export interface UserEpochUsage {
  user: Address;
  epoch: bigint;
  gas: bigint;
  cost: bigint;
}

/** A relayed call charged to a process (`charge` with a relayer): the relayer was reimbursed `cost`. */
export interface RelayedCharge {
  id: string;
  user: Address;
  relayer: Address;
  gasUsed: bigint;
  cost: bigint;
  epoch: bigint;
  blockNumber: bigint;
  timestamp: bigint;
}

/** A permission held (`permission` with `holder`): `who` may do `what` on `where` until `expiry`. */
export interface PermissionGrant {
  who: Address;
  where: Address;
  what: Hex;
  whatName: string;
  expiry: bigint;
  grantedBy: Address | null;
  grantedAt: bigint | null;
  /** The grant's condition contract (NYN for the ACL's built-in balance condition); null: unconditional. */
  condition: Address | null;
  /** The built-in balance condition's minimum, NYN-wei; null: none. */
  minBalance: bigint | null;
}

/** A capability on a process (`capability`), valid in the process's current owner generation and not revoked. */
export interface CapabilityGrant {
  pid: bigint;
  who: Address;
  what: Hex;
  whatName: string;
  expiry: bigint;
  grantedAt: bigint;
  /** The grant's condition contract (NYN for the ACL's built-in balance condition); null: unconditional. */
  condition: Address | null;
  /** The built-in balance condition's minimum, NYN-wei; null: none. */
  minBalance: bigint | null;
}

/** What only the indexer answers (quickly): the views that show history beyond lists of ids. */
export interface IndexedHistory {
  /** The indexer's URL as the server found it (shown on the page). */
  readonly url: string;
  /** The newest `limit` events of the whole system, newest first. */
  latestEvents(limit: number): Promise<KernelEvent[]>;
  /** A process's own history (spawn, lifecycle, ownership, budget, capabilities; not each charge), oldest first. */
  processEvents(pid: bigint): Promise<KernelEvent[]>;
  /** Gas charged to a process per epoch, oldest epoch first. */
  epochUsage(pid: bigint): Promise<EpochUsage[]>;
  /** Gas charged to a process per user and epoch, oldest epoch first. */
  userUsage(pid: bigint): Promise<UserEpochUsage[]>;
  /** The relayed calls charged to a process (each reimbursing its relayer), newest first, at most `limit`. */
  relayedCharges(pid: bigint, limit: number): Promise<RelayedCharge[]>;
  /**
   * The gas of the newest charges to a process (`charge`: GasCharged, metered and relayed calls), newest first.
   * @param pid The process.
   * @param limit At most this many.
   */
  recentChargeGas(pid: bigint, limit: number): Promise<bigint[]>;
  /**
   * The listings, orders and jobs priced in a token other than NYN (the `token` column of `listing`, `order`, `job`):
   * id (decimal string) → the token's address.
   */
  escrowTokens(): Promise<{ listings: Map<string, string>; orders: Map<string, string>; jobs: Map<string, string> }>;
  /** The selectors a process's owner ever marked (`relay_selector`), sponsored or not, lowest first. */
  relaySelectors(pid: bigint): Promise<{ selector: Hex; sponsored: boolean }[]>;
  /** The capabilities valid on a process now (current owner generation, not revoked; expired ones included). */
  capabilities(pid: bigint): Promise<CapabilityGrant[]>;
  /** Every permission held (granted and not revoked; expired ones included). */
  permissions(): Promise<PermissionGrant[]>;
  /** Every capability valid in its process's current owner generation and not revoked. */
  allCapabilities(): Promise<CapabilityGrant[]>;
  /** Program names by id. */
  programNames(): Promise<Map<number, string>>;
  /**
   * The PIDs of the processes owned by one of `owners` or spawned from one of `programIds`, lowest first.
   * @param owners Owner addresses.
   * @param programIds Program ids.
   * @param limit At most this many.
   */
  processesMatching(owners: Address[], programIds: number[], limit: number): Promise<bigint[]>;
}

/** Events a process's history leaves out: one per metered call (the chart shows them per epoch). */
const NOT_HISTORY = ["GasCharged", "RelayerReimbursed", "BudgetLow", "Incremented", "Reset"];

/** A GraphQL literal of a JSON value (object keys bare, as GraphQL writes input objects). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(", ")} }`;
  return JSON.stringify(value);
}

type Row = Record<string, unknown>;

/** Rows per GraphQL page (Ponder's maximum). */
const PAGE = 1000;

/**
 * Ask the indexer's GraphQL endpoint.
 * @param base The indexer's base URL (the page's `indexer/` proxy).
 * @param query The GraphQL query.
 * @returns The query's `data`; throws with the indexer's first error.
 */
export async function graphql<T>(base: string, query: string): Promise<T> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  if (!response.ok) throw new Error(`the indexer answered HTTP ${response.status}`);
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`the indexer: ${body.errors[0].message}`);
  return body.data as T;
}

/**
 * Rows of one of the indexer's tables, every page (or the first `limit`).
 * @param base The indexer's base URL.
 * @param table The table's plural GraphQL name (`events`, `permissions`, …).
 * @param args `where`, `orderBy`, `orderDirection`.
 * @param fields The fields to select.
 * @param limit At most this many rows (default: all).
 */
async function rows(
  base: string,
  table: string,
  args: { where?: Row; orderBy?: string; orderDirection?: "asc" | "desc" },
  fields: string,
  limit = Infinity,
): Promise<Row[]> {
  const out: Row[] = [];
  let after: string | undefined;
  for (;;) {
    const page = Math.min(PAGE, limit - out.length);
    const argList = literal({ ...args, limit: page, ...(after ? { after } : {}) }).slice(1, -1);
    const data = await graphql<Record<string, { items: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string } }>>(
      base,
      `{ page: ${table}(${argList}) { items { ${fields} } pageInfo { hasNextPage endCursor } } }`,
    );
    out.push(...data.page.items);
    if (!data.page.pageInfo.hasNextPage || out.length >= limit) return out;
    after = data.page.pageInfo.endCursor;
  }
}

const EVENT_FIELDS = "id blockNumber logIndex timestamp transactionHash contract name args pid";

function toEvent(r: Row): KernelEvent {
  return {
    id: r.id as string,
    blockNumber: BigInt(r.blockNumber as string),
    logIndex: Number(r.logIndex),
    timestamp: BigInt(r.timestamp as string),
    transactionHash: r.transactionHash as Hex,
    contract: r.contract as string,
    name: r.name as string,
    args: r.args as Record<string, unknown>,
    pid: r.pid === null || r.pid === undefined ? null : BigInt(r.pid as string),
  };
}

/** Every event named `name` of `contract`, in the chain's order. */
async function eventsNamed(base: string, contract: string, name: string): Promise<KernelEvent[]> {
  return (await rows(base, "events", { where: { contract, name }, orderBy: "id" }, EVENT_FIELDS)).map(toEvent);
}

/**
 * Is an indexer answering, and caught up with the chain (Ponder's `/ready`)?
 * @param base The indexer's base URL (the page's `indexer/` proxy).
 */
export async function indexerReady(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/ready`, { cache: "no-store" })).ok;
  } catch {
    return false;
  }
}

/**
 * The kernel's history from the indexer.
 * @param base The indexer's base URL as the page reaches it (the server's proxy, `indexer`).
 * @param url The indexer's own URL (shown on the page).
 */
export function indexerHistory(base: string, url: string): KernelHistory {
  const indexed: IndexedHistory = {
    url,
    async latestEvents(limit) {
      return (await rows(base, "events", { orderBy: "id", orderDirection: "desc" }, EVENT_FIELDS, limit)).map(toEvent);
    },
    async processEvents(pid) {
      const where = { pid: pid.toString(), name_not_in: NOT_HISTORY };
      return (await rows(base, "events", { where, orderBy: "id" }, EVENT_FIELDS)).map(toEvent);
    },
    async epochUsage(pid) {
      const r = await rows(
        base,
        "epochUsages",
        { where: { pid: pid.toString() }, orderBy: "epoch" },
        "epoch gas cost charges",
      );
      return r.map((u) => ({
        epoch: BigInt(u.epoch as string),
        gas: BigInt(u.gas as string),
        cost: BigInt(u.cost as string),
        charges: Number(u.charges),
      }));
    },
    async userUsage(pid) {
      const r = await rows(
        base,
        "userEpochUsages",
        { where: { pid: pid.toString() }, orderBy: "epoch" },
        "user epoch gas cost",
      );
      return r.map((u) => ({
        user: getAddress(u.user as string),
        epoch: BigInt(u.epoch as string),
        gas: BigInt(u.gas as string),
        cost: BigInt(u.cost as string),
      }));
    },
    async relayedCharges(pid, limit) {
      const r = await rows(
        base,
        "charges",
        { where: { pid: pid.toString(), relayer_not: null }, orderBy: "timestamp", orderDirection: "desc" },
        "id user relayer gasUsed cost epoch blockNumber timestamp",
        limit,
      );
      return r.map((c) => ({
        id: c.id as string,
        user: getAddress(c.user as string),
        relayer: getAddress(c.relayer as string),
        gasUsed: BigInt(c.gasUsed as string),
        cost: BigInt(c.cost as string),
        epoch: BigInt(c.epoch as string),
        blockNumber: BigInt(c.blockNumber as string),
        timestamp: BigInt(c.timestamp as string),
      }));
    },
    async recentChargeGas(pid, limit) {
      const r = await rows(
        base,
        "charges",
        // Ponder's event ids sort as the chain does (block, transaction, log)
        { where: { pid: pid.toString() }, orderBy: "id", orderDirection: "desc" },
        "gasUsed",
        limit,
      );
      return r.map((c) => BigInt(c.gasUsed as string));
    },
    async escrowTokens() {
      const [listings, orders, jobs] = await Promise.all(
        ["listings", "orders", "jobs"].map(async (table) => {
          const r = await rows(base, table, { where: { token_not: null } }, "id token");
          return new Map(r.map((x) => [String(x.id), String(x.token)]));
        }),
      );
      return { listings, orders, jobs };
    },
    async relaySelectors(pid) {
      const r = await rows(
        base,
        "relaySelectors",
        { where: { pid: pid.toString() }, orderBy: "selector" },
        "selector sponsored",
      );
      return r.map((x) => ({ selector: (x.selector as string).toLowerCase() as Hex, sponsored: Boolean(x.sponsored) }));
    },
    async capabilities(pid) {
      const data = await graphql<{ kernelProcess: { ownerGeneration: number } | null }>(
        base,
        `{ kernelProcess(pid: "${pid}") { ownerGeneration } }`,
      );
      if (!data.kernelProcess) return [];
      const where = { pid: pid.toString(), generation: data.kernelProcess.ownerGeneration, revoked: false };
      return (await rows(base, "capabilitys", { where, orderBy: "grantedAt" }, CAPABILITY_FIELDS)).map(toCapability);
    },
    async allCapabilities() {
      const [caps, processes] = await Promise.all([
        rows(base, "capabilitys", { where: { revoked: false }, orderBy: "grantedAt" }, CAPABILITY_FIELDS),
        rows(base, "kernelProcesss", { orderBy: "pid" }, "pid ownerGeneration"),
      ]);
      const generation = new Map(processes.map((p) => [p.pid as string, Number(p.ownerGeneration)]));
      return caps.filter((c) => generation.get(c.pid as string) === Number(c.generation)).map(toCapability);
    },
    async permissions() {
      const r = await rows(
        base,
        "permissions",
        { where: { holder: true }, orderBy: "id" },
        "who where what whatName expiry grantedBy grantedAt condition minBalance",
      );
      return r.map((p) => ({
        who: p.who as Address,
        where: p.where as Address,
        what: p.what as Hex,
        whatName: p.whatName as string,
        expiry: BigInt(p.expiry as string),
        grantedBy: (p.grantedBy as Address | null) ?? null,
        grantedAt: p.grantedAt === null ? null : BigInt(p.grantedAt as string),
        condition: (p.condition as Address | null) ?? null,
        minBalance: p.minBalance === null || p.minBalance === undefined ? null : BigInt(p.minBalance as string),
      }));
    },
    async programNames() {
      const r = await rows(base, "programs", { orderBy: "id" }, "id name version");
      return new Map(r.map((p) => [Number(p.id), `${p.name as string} ${p.version as string}`]));
    },
    async processesMatching(owners, programIds, limit) {
      const found = await Promise.all([
        owners.length
          ? rows(
              base,
              "kernelProcesss",
              { where: { owner_in: owners.map((o) => o.toLowerCase()) }, orderBy: "pid" },
              "pid",
              limit,
            )
          : [],
        programIds.length
          ? rows(base, "kernelProcesss", { where: { programId_in: programIds }, orderBy: "pid" }, "pid", limit)
          : [],
      ]);
      const pids = [...new Set(found.flat().map((p) => BigInt(p.pid as string)))];
      return pids.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).slice(0, limit);
    },
  };
  return {
    name: `the indexer (${url})`,
    indexed,
    async proposals(): Promise<ProposalRecord[]> {
      const events = await eventsNamed(base, "NYNGovernor", "ProposalCreated");
      return events
        .map(({ args, blockNumber }) => ({
          id: BigInt(args.proposalId as string),
          proposer: args.proposer as Address,
          targets: args.targets as Address[],
          values: (args.values as string[]).map(BigInt),
          calldatas: args.calldatas as Hex[],
          description: args.description as string,
          voteStart: BigInt(args.voteStart as string),
          voteEnd: BigInt(args.voteEnd as string),
          blockNumber,
        }))
        .reverse();
    },
    async orderIds() {
      return (await eventsNamed(base, "Marketplace", "OrderPlaced")).map((e) => BigInt(e.args.orderId as string));
    },
    async orders() {
      const [events, tokened] = await Promise.all([
        eventsNamed(base, "Marketplace", "OrderPlaced"),
        rows(base, "orders", { where: { token_not: null } }, "id token"),
      ]);
      const tokens = new Map(tokened.map((r) => [r.id as string, getAddress(r.token as string)]));
      return events.map((e) => ({
        id: BigInt(e.args.orderId as string),
        listingId: BigInt(e.args.listingId as string),
        buyer: e.args.buyer as Address,
        token: tokens.get(String(e.args.orderId)) ?? null,
      }));
    },
    async listings() {
      const [events, tokened] = await Promise.all([
        eventsNamed(base, "Marketplace", "ListingCreated"),
        rows(base, "listings", { where: { token_not: null } }, "id token"),
      ]);
      const tokens = new Map(tokened.map((r) => [r.id as string, getAddress(r.token as string)]));
      return events.map((e) => ({
        id: BigInt(e.args.listingId as string),
        seller: e.args.seller as Address,
        metadataURI: e.args.metadataURI as string,
        token: tokens.get(String(e.args.listingId)) ?? null,
      }));
    },
    async childrenOf(pid) {
      const r = await rows(base, "kernelProcesss", { where: { parentPid: pid.toString() }, orderBy: "pid" }, "pid");
      return r.map((p) => BigInt(p.pid as string));
    },
    async jobApplicants(jobIds) {
      if (!jobIds.length) return [];
      // the indexer's application table (one row per JobApplied), in the order they applied
      const r = await rows(
        base,
        "applications",
        { where: { jobId_in: jobIds.map(String) }, orderBy: "timestamp" },
        "jobId worker",
      );
      return r.map((x) => ({ jobId: BigInt(x.jobId as string), worker: getAddress(x.worker as string) }));
    },
  };
}

const CAPABILITY_FIELDS = "pid who what whatName expiry grantedAt generation condition minBalance";

function toCapability(c: Row): CapabilityGrant {
  return {
    pid: BigInt(c.pid as string),
    who: c.who as Address,
    what: c.what as Hex,
    whatName: c.whatName as string,
    expiry: BigInt(c.expiry as string),
    grantedAt: BigInt(c.grantedAt as string),
    condition: (c.condition as Address | null) ?? null,
    minBalance: c.minBalance === null || c.minBalance === undefined ? null : BigInt(c.minBalance as string),
  };
}
