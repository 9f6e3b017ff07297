import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { isAddress, type Address } from "viem";
import { ENUMS, formatAmount } from "../../../lib/format";
import { gasMeterAbi, processRegistryAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery, useClient, useHistory } from "../chain/hooks";
import { TxStatus, useTransact } from "../chain/transact";
import { Addr, Loaded } from "./common";

/** Rows per page: the registry's paginated `processes(offset, limit)` view reads only these. */
export const PAGE_SIZE = 25;

interface ProcessRow {
  pid: bigint;
  instance: Address;
  owner: Address;
  parentPid: bigint;
  programId: number;
  status: number;
  effectiveStatus: number;
  depth: number;
  createdAt: number;
}

interface ProgramInfo {
  name: string;
  version: string;
  deprecated: boolean;
}

/** Status in words: its own, and "suspended by an ancestor" when the effective status is more severe. */
export function statusText(p: { status: number; effectiveStatus: number }): string {
  const own = ENUMS.ProcessStatus[p.status];
  const effective = ENUMS.ProcessStatus[p.effectiveStatus];
  if (p.effectiveStatus === p.status) return own;
  return `${effective} by an ancestor (own: ${own})`;
}

function useProcessRows(pids: "page" | bigint[], offset: number) {
  const { addresses: a } = useKernel();
  const key = pids === "page" ? ["processes", offset] : ["processes-of", pids.map(String).join(",")];
  return useChainQuery(key, async (client) => {
    const count = (await client.readContract({
      address: a.processRegistry,
      abi: processRegistryAbi,
      functionName: "processCount",
    })) as bigint;
    const rows: readonly ProcessRow[] =
      pids === "page"
        ? ((await client.readContract({
            address: a.processRegistry,
            abi: processRegistryAbi,
            functionName: "processes",
            args: [BigInt(offset), BigInt(PAGE_SIZE)],
          })) as readonly ProcessRow[])
        : await Promise.all(
            pids.map(
              (pid) =>
                client.readContract({
                  address: a.processRegistry,
                  abi: processRegistryAbi,
                  functionName: "processInfo",
                  args: [pid],
                }) as Promise<ProcessRow>,
            ),
          );
    const programIds = [...new Set(rows.map((r) => r.programId))];
    const programs = new Map<number, ProgramInfo>();
    await Promise.all(
      programIds.map(async (id) =>
        programs.set(
          id,
          (await client.readContract({
            address: a.processRegistry,
            abi: processRegistryAbi,
            functionName: "program",
            args: [id],
          })) as ProgramInfo,
        ),
      ),
    );
    const meters = await Promise.all(
      rows.map(
        (r) =>
          client.readContract({
            address: a.gasMeter,
            abi: gasMeterAbi,
            functionName: "meterInfo",
            args: [r.pid],
          }) as Promise<{ budget: bigint; runwayGas: bigint }>,
      ),
    );
    return { count, rows: rows.map((r, i) => ({ ...r, program: programs.get(r.programId), meter: meters[i] })) };
  });
}

/** The process tree, a page at a time (it stays fast with 10,000 processes: only one page is ever read). */
export function Processes() {
  const [offset, setOffset] = useState(0);
  const [jump, setJump] = useState("");
  const [filter, setFilter] = useState("");
  const query = useProcessRows("page", offset);
  const tx = useTransact();
  const text = filter.trim();
  return (
    <>
      <SpawnForm tx={tx} />
      <TxStatus state={tx.state} />
      <section>
        <h2>Processes</h2>
        <p>
          <label>
            filter by owner or program{" "}
            <input
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="dave, 0x…, Counter"
              size={28}
              data-testid="process-filter"
            />
          </label>
        </p>
        {text ? (
          <FilteredProcesses text={text} tx={tx} />
        ) : (
          <Loaded query={query}>
            {(d) => (
              <>
                <ProcessTable rows={d.rows} tx={tx} />
                <div className="pager">
                  <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                    ‹ previous
                  </button>
                  <span data-testid="page-info">
                    PIDs {d.rows.length ? `${offset + 1}–${offset + d.rows.length}` : "none"} of {d.count.toString()}
                  </span>
                  <button
                    disabled={BigInt(offset + PAGE_SIZE) >= d.count}
                    onClick={() => setOffset(offset + PAGE_SIZE)}
                    data-testid="next-page"
                  >
                    next ›
                  </button>
                  <button
                    onClick={() => setOffset(Math.max(0, Math.floor((Number(d.count) - 1) / PAGE_SIZE) * PAGE_SIZE))}
                    data-testid="last-page"
                  >
                    last »
                  </button>
                  <form
                    className="inline"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const pid = Number(jump);
                      if (pid >= 1) setOffset(Math.floor((pid - 1) / PAGE_SIZE) * PAGE_SIZE);
                    }}
                  >
                    <input placeholder="go to PID" value={jump} onChange={(e) => setJump(e.target.value)} size={8} />
                    <button type="submit">go</button>
                  </form>
                </div>
              </>
            )}
          </Loaded>
        )}
      </section>
    </>
  );
}

/** Most processes a filter shows. */
const FILTER_LIMIT = PAGE_SIZE;

/**
 * The owners and programs a filter text means: an address; the accounts and contracts whose console name contains
 * it; the programs whose "name version" contains it (case-insensitive).
 * @param text The filter.
 * @param names The console's names by lower-case address.
 * @param programs Program names ("Counter 1.0.0") by id.
 */
export function filterTargets(
  text: string,
  names: Map<string, string>,
  programs: Map<number, string>,
): { owners: Address[]; programIds: number[] } {
  const t = text.toLowerCase();
  const owners = isAddress(text)
    ? [text as Address]
    : [...names].filter(([, name]) => name.toLowerCase().includes(t)).map(([address]) => address as Address);
  const programIds = [...programs].filter(([, name]) => name.toLowerCase().includes(t)).map(([id]) => id);
  return { owners, programIds };
}

/**
 * Processes matching a filter, from the indexer's process table (every process, by owner or program); their rows
 * then read from the chain. Without the indexer it says so (the registry's views cannot be searched).
 */
function FilteredProcesses({ text, tx }: { text: string; tx: ReturnType<typeof useTransact> }) {
  const history = useHistory();
  const { names } = useKernel();
  const indexed = history.indexed;
  const matches = useChainQuery(["process-filter", text, indexed ? "indexer" : "none"], async () => {
    if (!indexed) return { pids: [] as bigint[] };
    const { owners, programIds } = filterTargets(text, names, await indexed.programNames());
    return { pids: await indexed.processesMatching(owners, programIds, FILTER_LIMIT + 1) };
  });
  if (!indexed)
    return (
      <p className="muted">
        Filtering needs the indexer (the registry's views cannot be searched by owner or program): clear the filter to
        page through every process.
      </p>
    );
  return (
    <Loaded query={matches}>
      {(m) =>
        m.pids.length ? (
          <>
            <ProcessTable rows={[]} tx={tx} pids={m.pids.slice(0, FILTER_LIMIT)} />
            <p className="muted" data-testid="filter-info">
              {m.pids.length > FILTER_LIMIT ? `the first ${FILTER_LIMIT} matches` : `${m.pids.length} matching`} (owner
              or program, from the indexer)
            </p>
          </>
        ) : (
          <p className="muted" data-testid="filter-info">
            No process owned by or running a program matching "{text}".
          </p>
        )
      }
    </Loaded>
  );
}

type Rows = NonNullable<ReturnType<typeof useProcessRows>["data"]>["rows"];

function ProcessTable({ rows, tx, pids }: { rows: Rows; tx: ReturnType<typeof useTransact>; pids?: bigint[] }) {
  return (
    <table data-testid="process-table">
      <thead>
        <tr>
          <th>PID</th>
          <th>parent</th>
          <th>status</th>
          <th>owner</th>
          <th>program</th>
          <th>budget (runway)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <ProcessRowView key={r.pid.toString()} row={r} tx={tx} />
        ))}
        {pids && <ChildRows pids={pids} tx={tx} />}
      </tbody>
    </table>
  );
}

function ProcessRowView({ row: r, tx }: { row: Rows[number]; tx: ReturnType<typeof useTransact> }) {
  const { address } = useAccount();
  const { addresses: a } = useKernel();
  const [open, setOpen] = useState(false);
  const isOwner = address?.toLowerCase() === r.owner.toLowerCase();
  const effective = ENUMS.ProcessStatus[r.effectiveStatus];
  const act = (fn: "suspend" | "resume" | "kill") =>
    tx.send(`${fn} PID ${r.pid}`, {
      address: a.processRegistry,
      abi: processRegistryAbi,
      functionName: fn,
      args: [r.pid],
    });
  return (
    <>
      <tr data-testid={`process-${r.pid}`} data-status={effective}>
        <td style={{ paddingLeft: `${0.6 + (r.depth - 1) * 1.2}rem` }}>
          <button className="link" onClick={() => setOpen(!open)} title="show its children">
            {open ? "▾" : "▸"}
          </button>{" "}
          <a href={`#/process?pid=${r.pid}`} data-testid="pid-link">
            {r.pid.toString()}
          </a>
        </td>
        <td>{r.parentPid === 0n ? "—" : r.parentPid.toString()}</td>
        <td className={`status-${effective}`} data-testid="status">
          {statusText(r)}
        </td>
        <td>
          <Addr value={r.owner} />
        </td>
        <td>
          {r.program ? `${r.program.name} ${r.program.version}` : `#${r.programId}`}
          {r.program?.deprecated ? " (deprecated)" : ""}
        </td>
        <td data-testid="budget">
          {formatAmount(r.meter.budget)} ({r.meter.runwayGas.toLocaleString("en-US")} gas)
        </td>
        <td>
          {isOwner && r.status === 1 && <button onClick={() => act("suspend")}>suspend</button>}
          {isOwner && r.status === 2 && <button onClick={() => act("resume")}>resume</button>}
          {isOwner && r.status !== 3 && <button onClick={() => act("kill")}>kill</button>}
        </td>
      </tr>
      {open && <Children pid={r.pid} tx={tx} />}
    </>
  );
}

/** The children of a process, read when its row is opened. */
function Children({ pid, tx }: { pid: bigint; tx: ReturnType<typeof useTransact> }) {
  const history = useHistory();
  const children = useQuery({ queryKey: ["children", pid.toString()], queryFn: () => history.childrenOf(pid) });
  if (!children.data) return null;
  if (children.data.length === 0)
    return (
      <tr>
        <td colSpan={7} className="muted" style={{ paddingLeft: "2rem" }}>
          PID {pid.toString()} has no children
        </td>
      </tr>
    );
  return <ChildRows pids={children.data} tx={tx} />;
}

function ChildRows({ pids, tx }: { pids: bigint[]; tx: ReturnType<typeof useTransact> }) {
  const query = useProcessRows(pids, 0);
  if (!query.data) return null;
  return (
    <>
      {query.data.rows.map((r) => (
        <ProcessRowView key={`c${r.pid}`} row={r} tx={tx} />
      ))}
    </>
  );
}

/** Spawn a process of a registered program, top-level or as a child of one of yours. */
function SpawnForm({ tx }: { tx: ReturnType<typeof useTransact> }) {
  const { addresses: a } = useKernel();
  const client = useClient();
  const [program, setProgram] = useState("1");
  const [parent, setParent] = useState("0");
  const programs = useQuery({
    queryKey: ["programs"],
    queryFn: async () => {
      const count = Number(
        await client.readContract({
          address: a.processRegistry,
          abi: processRegistryAbi,
          functionName: "programCount",
        }),
      );
      return Promise.all(
        Array.from({ length: count }, async (_, i) => ({
          id: i + 1,
          ...((await client.readContract({
            address: a.processRegistry,
            abi: processRegistryAbi,
            functionName: "program",
            args: [i + 1],
          })) as ProgramInfo),
        })),
      );
    },
  });
  return (
    <section>
      <h2>Spawn a process</h2>
      <form
        className="inline"
        data-testid="spawn-form"
        onSubmit={(e) => {
          e.preventDefault();
          void tx.send("spawn", {
            address: a.processRegistry,
            abi: processRegistryAbi,
            functionName: "spawn",
            args: [Number(program), "0x", BigInt(parent || "0")],
          });
        }}
      >
        <label>
          program{" "}
          <select value={program} onChange={(e) => setProgram(e.target.value)} data-testid="spawn-program">
            {(programs.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}: {p.name} {p.version}
              </option>
            ))}
          </select>
        </label>
        <label>
          parent PID (0 = top-level){" "}
          <input value={parent} onChange={(e) => setParent(e.target.value)} size={6} data-testid="spawn-parent" />
        </label>
        <button type="submit" data-testid="spawn-submit">
          spawn
        </button>
      </form>
    </section>
  );
}
