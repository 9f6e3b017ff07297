// Views of the kernel's history that only the indexer answers: the latest events in words, a process's history, its
// gas charged per epoch (a uPlot chart with its top users, the numbers in tables beneath), its relayed calls and the
// relayers' reimbursements, and the capabilities held on it.
import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import { getAddress } from "viem";
import "uplot/dist/uPlot.min.css";
import { formatAmount, formatTimestamp } from "../../../lib/format";
import { NO_EXPIRY } from "../../../lib/ids";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import { describeEvent, type EventTokens } from "../data/events";
import { readTokens } from "../chain/tokens";
import type { EpochUsage, KernelEvent, RelayedCharge, UserEpochUsage } from "../data/indexer";
import { Addr, Loaded } from "./common";

/** Said where a view needs the indexer and the page reads event logs instead. */
export function NeedsIndexer({ what }: { what: string }) {
  return (
    <p className="muted" data-testid="needs-indexer">
      {what} needs the indexer, and none answered when the page started (start it: npm run indexer -- --network
      localhost, or let npm run console start it).
    </p>
  );
}

/** Events as a list of sentences, newest or oldest first as given. */
function EventList({
  events,
  programs,
  tokens,
  testid,
  now,
}: {
  events: KernelEvent[];
  programs: Map<number, string>;
  tokens?: EventTokens;
  testid: string;
  now: bigint;
}) {
  const { names } = useKernel();
  return (
    <ol className="events" data-testid={testid}>
      {events.map((e) => (
        <li
          key={e.id}
          data-testid="event"
          data-block={e.blockNumber.toString()}
          data-log-index={e.logIndex}
          data-name={e.name}
        >
          {describeEvent(e, { names, programs, tokens })}
          <span className="when">
            block {e.blockNumber.toString()}, {formatTimestamp(e.timestamp, now)}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The payment tokens the event wording needs: each token's symbol and decimals (the market modules' token lists) and
 * which listings, orders and jobs are priced in one (the indexer).
 */
async function eventTokens(
  indexed: NonNullable<ReturnType<typeof useHistory>["indexed"]>,
  client: Parameters<typeof readTokens>[0],
  addresses: Parameters<typeof readTokens>[1],
): Promise<EventTokens> {
  const [table, escrows] = await Promise.all([readTokens(client, addresses), indexed.escrowTokens()]);
  return {
    byAddress: new Map(table.all.map((t) => [t.address.toLowerCase(), { symbol: t.symbol, decimals: t.decimals }])),
    ...escrows,
  };
}

/** How many events the overview lists. */
export const LATEST_EVENTS = 15;

/** The newest kernel events, in words (the overview). */
export function LatestEvents() {
  const history = useHistory();
  const { addresses } = useKernel();
  const indexed = history.indexed;
  const query = useChainQuery(["latest-events", indexed ? "indexer" : "none"], async (client) =>
    indexed
      ? {
          events: await indexed.latestEvents(LATEST_EVENTS),
          programs: await indexed.programNames(),
          tokens: await eventTokens(indexed, client, addresses),
          now: (await client.getBlock()).timestamp,
        }
      : undefined,
  );
  return (
    <section>
      <h2>Latest events</h2>
      {!indexed ? (
        <NeedsIndexer what="The latest events list" />
      ) : (
        <Loaded query={query}>
          {(d) =>
            d && (
              <EventList events={d.events} programs={d.programs} tokens={d.tokens} testid="latest-events" now={d.now} />
            )
          }
        </Loaded>
      )}
    </section>
  );
}

/** A process's history, its gas per epoch and the capabilities held on it (the process view). */
export function ProcessHistory({ pid, now }: { pid: bigint; now: bigint }) {
  const history = useHistory();
  const indexed = history.indexed;
  const query = useChainQuery(["process-history", pid.toString(), indexed ? "indexer" : "none"], async () =>
    indexed
      ? {
          events: await indexed.processEvents(pid),
          usage: await indexed.epochUsage(pid),
          users: topUsers(await indexed.userUsage(pid)),
          relayed: await indexed.relayedCharges(pid, RELAYED_ROWS),
          capabilities: await indexed.capabilities(pid),
          programs: await indexed.programNames(),
        }
      : undefined,
  );
  if (!indexed)
    return (
      <section>
        <h2>History</h2>
        <NeedsIndexer what="A process's history, gas per epoch and capabilities" />
      </section>
    );
  return (
    <Loaded query={query}>
      {(d) =>
        d && (
          <>
            <section>
              <h2>Gas charged per epoch</h2>
              <GasChart usage={d.usage} users={d.users} />
            </section>
            <TopUsers users={d.users} />
            <RelayedCalls relayed={d.relayed} now={now} />
            <section>
              <h2>Capabilities ({d.capabilities.length})</h2>
              {d.capabilities.length === 0 ? (
                <p className="muted">No capabilities granted in this owner's generation.</p>
              ) : (
                <table data-testid="capabilities">
                  <thead>
                    <tr>
                      <th>holder</th>
                      <th>may</th>
                      <th>expiry</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.capabilities.map((c) => (
                      <tr
                        key={`${c.who}-${c.what}`}
                        data-testid="capability"
                        data-who={getAddress(c.who)}
                        data-what={c.what}
                        data-expiry={c.expiry.toString()}
                      >
                        <td>
                          <Addr value={c.who} />
                        </td>
                        <td title={c.what}>{c.whatName}</td>
                        <td>
                          {c.expiry === NO_EXPIRY
                            ? "never"
                            : `${formatTimestamp(c.expiry, now)}${c.expiry < now ? " (expired)" : ""}`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section>
              <h2>History ({d.events.length} events; each charge is in the chart)</h2>
              <EventList events={d.events} programs={d.programs} testid="process-history" now={now} />
            </section>
          </>
        )
      }
    </Loaded>
  );
}

/** Users shown in the chart and the top-users table. */
const TOP_USERS = 5;
/** Relayed calls shown (the newest). */
const RELAYED_ROWS = 25;
/** The top users' line colours in the chart. */
const USER_COLOURS = ["#d6452f", "#2fa84f", "#9b3fd6", "#d6a02f", "#2fb9d6"];

/** A user's gas charged to one process: in total and per epoch. */
interface TopUser {
  user: `0x${string}`;
  gas: bigint;
  cost: bigint;
  byEpoch: Map<bigint, bigint>;
}

/**
 * The users whose metered calls charged a process the most gas (summed over every epoch), most first.
 * @param rows The indexer's per-user, per-epoch usage of the process.
 * @returns At most `TOP_USERS`.
 */
export function topUsers(rows: UserEpochUsage[]): TopUser[] {
  const users = new Map<string, TopUser>();
  for (const r of rows) {
    const u = users.get(r.user) ?? { user: r.user, gas: 0n, cost: 0n, byEpoch: new Map<bigint, bigint>() };
    u.gas += r.gas;
    u.cost += r.cost;
    u.byEpoch.set(r.epoch, (u.byEpoch.get(r.epoch) ?? 0n) + r.gas);
    users.set(r.user, u);
  }
  return [...users.values()]
    .sort((x, y) => (x.gas > y.gas ? -1 : x.gas < y.gas ? 1 : x.user < y.user ? -1 : 1))
    .slice(0, TOP_USERS);
}

/** The top users of a process by gas charged (from the meter's GasCharged events, through the indexer). */
function TopUsers({ users }: { users: TopUser[] }) {
  return (
    <section>
      <h2>Top users by gas charged</h2>
      {users.length === 0 ? (
        <p className="muted">No metered calls yet.</p>
      ) : (
        <table data-testid="top-users">
          <thead>
            <tr>
              <th>user</th>
              <th>gas</th>
              <th>cost</th>
              <th>epochs</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u, i) => (
              <tr key={u.user} data-testid="top-user" data-user={u.user} data-gas={u.gas.toString()}>
                <td>
                  <span className="swatch" style={{ background: USER_COLOURS[i] }} /> <Addr value={u.user} />
                </td>
                <td>{u.gas.toLocaleString("en-US")}</td>
                <td>{formatAmount(u.cost)}</td>
                <td>{u.byEpoch.size}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The relayed calls charged to a process, each reimbursing its relayer from the budget. */
function RelayedCalls({ relayed, now }: { relayed: RelayedCharge[]; now: bigint }) {
  const total = relayed.reduce((x, r) => x + r.cost, 0n);
  return (
    <section>
      <h2>
        Relayed calls and reimbursements ({relayed.length}
        {relayed.length === RELAYED_ROWS ? ", the newest" : ""})
      </h2>
      {relayed.length === 0 ? (
        <p className="muted">No relayed call was charged to this process.</p>
      ) : (
        <>
          <table data-testid="relayed-calls">
            <thead>
              <tr>
                <th>when</th>
                <th>signer (user)</th>
                <th>relayer</th>
                <th>gas</th>
                <th>reimbursed</th>
                <th>epoch</th>
              </tr>
            </thead>
            <tbody>
              {relayed.map((r) => (
                <tr
                  key={r.id}
                  data-testid="relayed-call"
                  data-block={r.blockNumber.toString()}
                  data-relayer={r.relayer}
                  data-cost={r.cost.toString()}
                >
                  <td>{formatTimestamp(r.timestamp, now)}</td>
                  <td>
                    <Addr value={r.user} />
                  </td>
                  <td>
                    <Addr value={r.relayer} />
                  </td>
                  <td>{r.gasUsed.toLocaleString("en-US")}</td>
                  <td>{formatAmount(r.cost)}</td>
                  <td>{r.epoch.toString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Reimbursed to relayers (these calls): {formatAmount(total)}.</p>
        </>
      )}
    </section>
  );
}

/** Gas per epoch as bars (uPlot) with the top users' gas as lines, the numbers in a table beneath. */
export function GasChart({ usage, users = [] }: { usage: EpochUsage[]; users?: TopUser[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current || usage.length === 0) return;
    // uPlot loads with the first chart (its own chunk), not with the page
    let plot: uPlot | undefined;
    let gone = false;
    void import("uplot").then(({ default: UPlot }) => {
      if (gone || !box.current) return;
      const bars = UPlot.paths.bars!({ size: [0.6, 60] });
      plot = new UPlot(
        {
          width: Math.min(1100, box.current.clientWidth || 800),
          height: 220,
          scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
          axes: [
            { label: "epoch", incrs: [1, 2, 5, 10, 20, 50, 100, 1000], values: (_u, ticks) => ticks.map(String) },
            {
              label: "gas",
              size: 70,
              values: (_u, ticks) => ticks.map((t) => t.toLocaleString("en-US")),
            },
          ],
          series: [
            {},
            {
              label: "gas charged",
              stroke: "#2f6fd6",
              fill: "rgba(47,111,214,0.35)",
              paths: bars,
              points: { show: false },
            },
            ...users.map((u, i) => ({
              label: u.user,
              stroke: USER_COLOURS[i],
              width: 2,
              points: { show: true, size: 5 },
            })),
          ],
          legend: { show: false },
        },
        [
          usage.map((u) => Number(u.epoch)),
          usage.map((u) => Number(u.gas)),
          ...users.map((t) => usage.map((u) => Number(t.byEpoch.get(u.epoch) ?? 0n))),
        ],
        box.current,
      );
    });
    return () => {
      gone = true;
      plot?.destroy();
    };
  }, [usage, users]);
  if (usage.length === 0) return <p className="muted">No gas charged yet.</p>;
  return (
    <>
      <div className="chart" ref={box} data-testid="gas-chart" />
      <table data-testid="epoch-usage">
        <thead>
          <tr>
            <th>epoch</th>
            <th>gas</th>
            <th>cost</th>
            <th>charges</th>
          </tr>
        </thead>
        <tbody>
          {usage.map((u) => (
            <tr key={u.epoch.toString()} data-epoch={u.epoch.toString()} data-gas={u.gas.toString()}>
              <td>{u.epoch.toString()}</td>
              <td>{u.gas.toLocaleString("en-US")}</td>
              <td>{formatAmount(u.cost)}</td>
              <td>{u.charges}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
