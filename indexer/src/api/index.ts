import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { asc, client, desc, eq, graphql, like } from "ponder";
import { proposalState, PROPOSAL_STATES } from "../state";

const app = new Hono();

// SQL over HTTP (@ponder/client) and GraphQL.
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.use("/", graphql({ db, schema }));

/** The latest indexed block's timestamp: the indexer's "now" for proposal states. */
async function indexedNow(): Promise<bigint> {
  const [row] = await db
    .select({ t: schema.event.timestamp })
    .from(schema.event)
    .orderBy(desc(schema.event.blockNumber))
    .limit(1);
  return row?.t ?? 0n;
}

/** A page of processes, by PID: `/processes?offset=0&limit=50`. */
app.get("/processes", async (c) => {
  const offset = Number(c.req.query("offset") ?? 0);
  const limit = Math.min(Number(c.req.query("limit") ?? 50), 500);
  const rows = await db
    .select()
    .from(schema.kernelProcess)
    .orderBy(asc(schema.kernelProcess.pid))
    .limit(limit)
    .offset(offset);
  return c.json(rows.map(json));
});

/** A process and its descendants (the subtree), by depth. */
app.get("/processes/:pid/subtree", async (c) => {
  const pid = BigInt(c.req.param("pid"));
  const [root] = await db.select().from(schema.kernelProcess).where(eq(schema.kernelProcess.pid, pid));
  if (!root) return c.json({ error: `no process ${pid}` }, 404);
  const rows = await db
    .select()
    .from(schema.kernelProcess)
    .where(like(schema.kernelProcess.path, `${root.path}%`))
    .orderBy(asc(schema.kernelProcess.depth), asc(schema.kernelProcess.pid));
  return c.json(rows.map(json));
});

/** A process's charges per epoch (gas, cost, count), oldest first: the series a chart draws. */
app.get("/processes/:pid/charges", async (c) => {
  const pid = BigInt(c.req.param("pid"));
  const rows = await db
    .select()
    .from(schema.epochUsage)
    .where(eq(schema.epochUsage.pid, pid))
    .orderBy(asc(schema.epochUsage.epoch));
  return c.json(rows.map(json));
});

/** A proposal with its decoded actions, its state now and its votes. */
app.get("/proposals/:id", async (c) => {
  const id = BigInt(c.req.param("id"));
  const [p] = await db.select().from(schema.proposal).where(eq(schema.proposal.id, id));
  if (!p) return c.json({ error: `no proposal ${id}` }, 404);
  const votes = await db
    .select()
    .from(schema.vote)
    .where(eq(schema.vote.proposalId, id))
    .orderBy(desc(schema.vote.weight));
  const state = proposalState(p, await indexedNow());
  return c.json({ ...json(p), state, stateName: PROPOSAL_STATES[state], votes: votes.map(json) });
});

function json<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
}

export default app;
