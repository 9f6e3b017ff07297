import { useState } from "react";
import { useAccount } from "wagmi";
import { getAbiItem, isAddress, keccak256, parseUnits, toBytes, type Address } from "viem";
import { ENUMS, formatAddress, formatAmount, formatTimestamp } from "../../../lib/format";
import { PERMISSION } from "../../../deploy/ids";
import { aclAbi, jobBoardAbi, nynAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import type { useTransact } from "../chain/transact";
import { Addr, Loaded } from "./common";

/** Jobs and disputes shown (the newest). */
const ROWS = 25;
/** `IJobBoard.JobStatus`: Open, Assigned. */
const OPEN = 1;
const ASSIGNED = 2;
/** `IJobBoard.MilestoneStatus`: Pending, Submitted. */
const PENDING = 0;
const SUBMITTED = 1;
/** `IMarketEscrow.DisputeStatus`: Open. */
const DISPUTE_OPEN = 1;
const ZERO = "0x0000000000000000000000000000000000000000";

type Send = ReturnType<typeof useTransact>["send"];
type Refuse = ReturnType<typeof useTransact>["refuse"];

/**
 * Milestone amounts typed as NYN separated by spaces or semicolons (`10 5.5`), in NYN-wei.
 * @param text What was typed.
 * @returns The amounts, or undefined when one of them is not a number.
 */
export function parseMilestones(text: string): bigint[] | undefined {
  const parts = text.split(/[\s;]+/).filter(Boolean);
  try {
    const amounts = parts.map((p) => parseUnits(p.replace(/,/g, ""), 18));
    return amounts.length ? amounts : undefined;
  } catch {
    return undefined;
  }
}

/** Post a job: milestones in NYN, a deadline in hours from the chain's time, a description (approve, then post). */
function PostJobForm({ send, refuse, now }: { send: Send; refuse: Refuse; now: bigint }) {
  const { addresses: a } = useKernel();
  const [milestones, setMilestones] = useState("10 5");
  const [hours, setHours] = useState("72");
  const [uri, setUri] = useState("");
  const post = async () => {
    const amounts = parseMilestones(milestones);
    const label = `post job "${uri}" with milestones ${milestones}`;
    const h = Number(hours);
    if (!amounts || !Number.isFinite(h)) return refuse(label, "give milestone amounts in NYN and a deadline in hours");
    const budget = amounts.reduce((x, y) => x + y, 0n);
    // approve the job board for the budget, then post (each simulated first; a refused approval sends nothing)
    if (
      !(await send(`approve ${formatAmount(budget)} to the JobBoard`, {
        address: a.nyn,
        abi: nynAbi,
        functionName: "approve",
        args: [a.jobBoard, budget],
      }))
    )
      return;
    await send(`post job "${uri}" (${amounts.map((x) => formatAmount(x)).join(" + ")})`, {
      address: a.jobBoard,
      abi: jobBoardAbi,
      functionName: "postJob",
      args: [amounts, now + BigInt(Math.round(h * 3600)), uri],
    });
  };
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        void post();
      }}
    >
      <label>
        job <input value={uri} onChange={(e) => setUri(e.target.value)} size={28} data-testid="job-uri" />
      </label>{" "}
      <label>
        milestones{" "}
        <input
          value={milestones}
          onChange={(e) => setMilestones(e.target.value)}
          size={12}
          data-testid="job-milestones"
        />{" "}
        NYN (space-separated)
      </label>{" "}
      <label>
        deadline in <input value={hours} onChange={(e) => setHours(e.target.value)} size={4} data-testid="job-hours" />{" "}
        hours
      </label>{" "}
      <button type="submit" data-testid="job-post">
        post
      </button>
    </form>
  );
}

/**
 * The job board's newest jobs with what the connected account may do on each (apply; the client assigns an
 * applicant and approves a submitted milestone; the worker submits the milestone in play; either disputes it), and
 * the open disputes with a ruling form for holders of `ARBITER_PERMISSION` on the job board. Every action is
 * simulated first (a refusal shows the decoded error and sends nothing).
 */
export function Jobs({ send, refuse }: { send: Send; refuse: Refuse }) {
  const { addresses: a, config, names } = useKernel();
  const { address } = useAccount();
  const me = address?.toLowerCase();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [workers, setWorkers] = useState<Record<string, string>>({});
  const [shares, setShares] = useState<Record<string, string>>({});
  const query = useChainQuery(["jobs", address ?? ""], async (client) => {
    const board = { address: a.jobBoard, abi: jobBoardAbi } as const;
    const [count, disputeCount, now, applied, arbiter] = await Promise.all([
      client.readContract({ ...board, functionName: "jobCount" }),
      client.readContract({ ...board, functionName: "disputeCount" }),
      client.getBlock().then((b) => b.timestamp),
      // applicants (who applied to which job) from the JobApplied logs; nothing else keeps the list
      client.getLogs({
        address: a.jobBoard,
        event: getAbiItem({ abi: jobBoardAbi, name: "JobApplied" }),
        fromBlock: BigInt(config.deployBlock),
      }),
      address
        ? client.readContract({
            address: a.acl,
            abi: aclAbi,
            functionName: "hasPermission",
            args: [address, a.jobBoard, PERMISSION.ARBITER as `0x${string}`],
          })
        : false,
    ]);
    const ids = Array.from(
      { length: Number(count < BigInt(ROWS) ? count : BigInt(ROWS)) },
      (_, i) => count - BigInt(i),
    );
    const jobs = await Promise.all(
      ids.map(async (id) => {
        const job = await client.readContract({ ...board, functionName: "job", args: [id] });
        const milestone =
          job.currentMilestone < job.milestoneCount
            ? await client.readContract({
                ...board,
                functionName: "milestone",
                args: [id, BigInt(job.currentMilestone)],
              })
            : undefined;
        const applicants = applied.filter((l) => l.args.jobId === id).map((l) => l.args.worker as Address);
        return { id, job, milestone, applicants };
      }),
    );
    const disputeIds = Array.from(
      { length: Number(disputeCount < BigInt(ROWS) ? disputeCount : BigInt(ROWS)) },
      (_, i) => disputeCount - BigInt(i),
    );
    const disputes = (
      await Promise.all(
        disputeIds.map(async (id) => ({
          id,
          ...(await client.readContract({ ...board, functionName: "dispute", args: [id] })),
        })),
      )
    ).filter((d) => d.status === DISPUTE_OPEN);
    return { count, jobs, disputes, now, arbiter };
  });
  const jobWrite = (label: string, functionName: string, args: readonly unknown[]) =>
    send(label, { address: a.jobBoard, abi: jobBoardAbi, functionName, args });
  const note = (id: bigint) => notes[id.toString()] ?? "";
  const noteInput = (id: bigint, placeholder: string) => (
    <input
      value={note(id)}
      onChange={(e) => setNotes({ ...notes, [id.toString()]: e.target.value })}
      size={18}
      placeholder={placeholder}
      data-testid={`job-note-${id}`}
    />
  );
  return (
    <Loaded query={query}>
      {(d) => (
        <>
          <section data-testid="job-board">
            <h2>Jobs ({d.count.toString()}; newest first)</h2>
            {address && <PostJobForm send={send} refuse={refuse} now={d.now} />}
            <table data-testid="all-jobs">
              <thead>
                <tr>
                  <th>id</th>
                  <th>client</th>
                  <th>status</th>
                  <th>milestone in play</th>
                  <th>escrowed</th>
                  <th>deadline</th>
                  <th>worker</th>
                  {address && <th>you may</th>}
                </tr>
              </thead>
              <tbody>
                {d.jobs.map(({ id, job, milestone, applicants }) => {
                  const client = job.client.toLowerCase() === me;
                  const worker = job.worker.toLowerCase() === me;
                  const hasApplied = applicants.some((w) => w.toLowerCase() === me);
                  const chosen = workers[id.toString()] ?? applicants[0] ?? "";
                  const inPlay =
                    job.status === ASSIGNED &&
                    milestone !== undefined &&
                    (milestone.status === PENDING || milestone.status === SUBMITTED);
                  return (
                    <tr
                      key={id.toString()}
                      data-testid={`board-job-${id}`}
                      data-status={ENUMS.JobStatus[job.status]}
                      data-milestone={job.currentMilestone}
                      data-milestone-status={milestone ? ENUMS.MilestoneStatus[milestone.status] : ""}
                    >
                      <td>{id.toString()}</td>
                      <td>
                        <Addr value={job.client} />
                      </td>
                      <td>{ENUMS.JobStatus[job.status]}</td>
                      <td>
                        {milestone
                          ? `${job.currentMilestone + 1} of ${job.milestoneCount}: ${formatAmount(milestone.amount)}, ${ENUMS.MilestoneStatus[milestone.status]}`
                          : `all ${job.milestoneCount} settled`}
                      </td>
                      <td>{formatAmount(job.escrowed)}</td>
                      <td>{formatTimestamp(BigInt(job.deadline), d.now)}</td>
                      <td>
                        {job.worker === ZERO ? `none yet (${applicants.length} applied)` : <Addr value={job.worker} />}
                      </td>
                      {address && (
                        <td className="nowrap">
                          {job.status === OPEN && !client && !hasApplied && (
                            <>
                              {noteInput(id, "proposal URI")}{" "}
                              <button
                                onClick={() => jobWrite(`apply to job ${id}`, "applyForJob", [id, note(id)])}
                                data-testid={`job-apply-${id}`}
                              >
                                apply
                              </button>
                            </>
                          )}
                          {job.status === OPEN && !client && hasApplied && <span className="muted">applied</span>}
                          {job.status === OPEN && client && applicants.length > 0 && (
                            <>
                              <select
                                value={chosen}
                                onChange={(e) => setWorkers({ ...workers, [id.toString()]: e.target.value })}
                                data-testid={`job-worker-${id}`}
                              >
                                {applicants.map((w) => (
                                  <option key={w} value={w}>
                                    {formatAddress(w, names)}
                                  </option>
                                ))}
                              </select>{" "}
                              <button
                                onClick={() =>
                                  isAddress(chosen)
                                    ? jobWrite(`assign job ${id} to ${formatAddress(chosen, names)}`, "assignWorker", [
                                        id,
                                        chosen,
                                      ])
                                    : refuse(`assign job ${id}`, "choose an applicant")
                                }
                                data-testid={`job-assign-${id}`}
                              >
                                assign
                              </button>
                            </>
                          )}
                          {inPlay && worker && milestone.status === PENDING && (
                            <>
                              {noteInput(id, "deliverable URI")}{" "}
                              <button
                                onClick={() =>
                                  jobWrite(
                                    `submit milestone ${job.currentMilestone + 1} of job ${id}`,
                                    "submitMilestone",
                                    [id, note(id), keccak256(toBytes(note(id)))],
                                  )
                                }
                                data-testid={`job-submit-${id}`}
                              >
                                submit
                              </button>
                            </>
                          )}
                          {inPlay && client && milestone.status === SUBMITTED && (
                            <>
                              <button
                                onClick={() =>
                                  jobWrite(
                                    `approve milestone ${job.currentMilestone + 1} of job ${id}`,
                                    "approveMilestone",
                                    [id],
                                  )
                                }
                                data-testid={`job-approve-${id}`}
                              >
                                approve
                              </button>{" "}
                              {noteInput(id, "evidence URI")}
                            </>
                          )}
                          {inPlay && (client || worker) && (
                            <>
                              {" "}
                              <button
                                onClick={() =>
                                  jobWrite(
                                    `dispute milestone ${job.currentMilestone + 1} of job ${id}`,
                                    "openDispute",
                                    [id, note(id)],
                                  )
                                }
                                data-testid={`job-dispute-${id}`}
                              >
                                dispute
                              </button>
                            </>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <section data-testid="disputes">
            <h2>Open job disputes ({d.disputes.length})</h2>
            {d.disputes.length === 0 ? (
              <p className="muted">No open disputes among the newest {ROWS}.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>dispute</th>
                    <th>job</th>
                    <th>client (payer)</th>
                    <th>worker (payee)</th>
                    <th>amount</th>
                    <th>rule by</th>
                    <th>opened by</th>
                    {d.arbiter && <th>rule: client's share</th>}
                  </tr>
                </thead>
                <tbody>
                  {d.disputes.map((x) => (
                    <tr key={x.id.toString()} data-testid={`dispute-${x.id}`}>
                      <td>{x.id.toString()}</td>
                      <td>{x.escrowId.toString()}</td>
                      <td>
                        <Addr value={x.payer} />
                      </td>
                      <td>
                        <Addr value={x.payee} />
                      </td>
                      <td>{formatAmount(x.amount)}</td>
                      <td>{formatTimestamp(BigInt(x.rulingDeadline), d.now)}</td>
                      <td>
                        <Addr value={x.openedBy} />
                      </td>
                      {d.arbiter && (
                        <td className="nowrap">
                          <input
                            value={shares[x.id.toString()] ?? "50"}
                            onChange={(e) => setShares({ ...shares, [x.id.toString()]: e.target.value })}
                            size={4}
                            data-testid={`rule-share-${x.id}`}
                          />{" "}
                          %{" "}
                          <button
                            onClick={() => {
                              const text = shares[x.id.toString()] ?? "50";
                              const bps = Math.round(Number(text) * 100);
                              if (!Number.isFinite(bps) || text.trim() === "")
                                return refuse(`rule dispute ${x.id}`, "give the client's share in %");
                              return jobWrite(`rule dispute ${x.id}: ${text} % to the client`, "rule", [
                                x.id,
                                BigInt(bps),
                              ]);
                            }}
                            data-testid={`rule-${x.id}`}
                          >
                            rule
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {address && !d.arbiter && (
              <p className="muted">Rulings: only holders of ARBITER_PERMISSION on the job board.</p>
            )}
          </section>
        </>
      )}
    </Loaded>
  );
}
