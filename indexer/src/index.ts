import { ponder } from "ponder:registry";
import { replaceBigInts } from "ponder";
import schema from "ponder:schema";
import { deployment } from "./deployment";
import { eventKeys } from "./contracts";
import { LOG_ONLY, makeHandlers, type Args } from "./handlers";

// Every event of every kernel contract (from the ABIs generated from the Hardhat artifacts) goes to the `event`
// table; the events that change an entity also run their handler (src/handlers.ts). An event with neither a handler
// nor a place in LOG_ONLY stops the indexer at start-up: a contract's new event cannot go unnoticed.
const handlers = makeHandlers(deployment());
const keys = eventKeys();
const unhandled = keys.filter((key) => !handlers[key] && !LOG_ONLY.includes(key));
if (unhandled.length > 0)
  throw new Error(`events without a handler (add one, or list them in LOG_ONLY): ${unhandled.join(", ")}`);

for (const key of keys) {
  const [contract, name] = key.split(":") as [string, string];
  const handler = handlers[key];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (ponder.on as any)(key, async (args: Args) => {
    const { event, context } = args;
    await context.db.insert(schema.event).values({
      id: event.id,
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
      transactionHash: event.transaction.hash,
      logIndex: event.log.logIndex,
      contract,
      address: event.log.address.toLowerCase(),
      name,
      args: replaceBigInts({ ...event.args }, (v) => String(v)),
      pid: typeof event.args?.pid === "bigint" ? event.args.pid : null,
    });
    if (handler) await handler(args);
  });
}
