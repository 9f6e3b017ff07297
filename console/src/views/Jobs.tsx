import { useState } from "react";
import { useAccount } from "wagmi";
import { erc20Abi, isAddress, keccak256, parseUnits, toBytes } from "viem";
import { ENUMS, formatAddress, formatAmount, formatTimestamp } from "../../../lib/format";
import { jobBoardAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import type { useTransact } from "../chain/transact";
import { formatIn, readTokens, type TokenTable } from "../chain/tokens";
import { Addr, Loaded } from "./common";
import { Disputes } from "./Disputes";

/** Jobs and disputes shown (the newest). */
const ROWS = 25;
/** `IJobBoard.JobStatus`: Open, Assigned. */
const OPEN = 1;
const ASSIGNED = 2;
/** `IJobBoard.MilestoneStatus`: Pending, Submitted. */
const PENDING = 0;
const SUBMITTED = 1;
const ZERO = "0x0000000000000000000000000000000000000000";

type Tx = Pick<ReturnType<typeof useTransact>, "send" | "sendWithPermit" | "refuse">;

/**
 * Milestone amounts typed as NYN (or another token) separated by spaces or semicolons (`10 5.5`), in NYN-wei (the
 * token's smallest unit).
 * @param text What was typed.
 * @param decimals The token's decimals (NYN: 18).
 * @returns The amounts, or undefined when one of them is not a number.
 */
export function parseMilestones(text: string, decimals = 18): bigint[] | undefined {
  const parts = text.split(/[\s;]+/).filter(Boolean);
  try {
    const amounts = parts.map((p) => parseUnits(p.replace(/,/g, ""), decimals));
    return amounts.length ? amounts : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Post a job: milestones in NYN (permit + post) or in a token the job board approved (approve + postJobInToken), a
 * deadline in hours from the chain's time, a description.
 */
function PostJobForm({
  tx: { send, sendWithPermit, refuse },
  now,
  tokens,
}: {
  tx: Tx;
  now: bigint;
  tokens: TokenTable;
}) {
  const { addresses: a } = useKernel();
  const [milestones, setMilestones] = useState("10 5");
  const [hours, setHours] = useState("72");
  const [uri, setUri] = useState("");
  const [tokenAddress, setTokenAddress] = useState<string>(tokens.nyn.address);
  const token = tokens.of(tokenAddress);
  const post = async () => {
    const amounts = parseMilestones(milestones, token.decimals);
    const label = `post job "${uri}" with milestones ${milestones} ${token.symbol}`;
    const h = Number(hours);
    if (!amounts || !Number.isFinite(h))
      return refuse(label, `give milestone amounts in ${token.symbol} and a deadline in hours`);
    const budget = amounts.reduce((x, y) => x + y, 0n);
    if (!token.nyn) {
      // a token other than NYN: approve the budget to the job board (no permit assumed), then postJobInToken
      const approved = await send(`approve ${formatIn(token, budget)} to the JobBoard`, {
        address: token.address,
        abi: erc20Abi,
        functionName: "approve",
        args: [a.jobBoard, budget],
        unit: token,
      });
      if (approved)
        await send(`post job "${uri}" (${amounts.map((x) => formatIn(token, x)).join(" + ")})`, {
          address: a.jobBoard,
          abi: jobBoardAbi,
          functionName: "postJobInToken",
          args: [token.address, amounts, now + BigInt(Math.round(h * 3600)), uri],
          unit: token,
        });
      return;
    }
    // an EIP-2612 permit for the budget, then postJobWithPermit (simulated first: a refused post sends nothing and
    // leaves no allowance); approve + post only for a wallet that cannot sign typed data
    const board = { address: a.jobBoard, abi: jobBoardAbi } as const;
    const deadline = now + BigInt(Math.round(h * 3600));
    await sendWithPermit(
      `post job "${uri}" (${amounts.map((x) => formatAmount(x)).join(" + ")})`,
      { spender: a.jobBoard, value: budget, name: "JobBoard" },
      (p) => ({
        ...board,
        functionName: "postJobWithPermit",
        args: [amounts, deadline, uri, p.deadline, p.v, p.r, p.s],
      }),
      { ...board, functionName: "postJob", args: [amounts, deadline, uri] },
    );
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
        <select value={token.address} onChange={(e) => setTokenAddress(e.target.value)} data-testid="job-token">
          {tokens.all
            .filter((t) => t.jobBoardApproved)
            .map((t) => (
              <option key={t.address} value={t.address} title={t.address}>
                {t.symbol}
              </option>
            ))}
        </select>{" "}
        (space-separated)
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
 * The job board's newest jobs with what the connected account may do on each: apply; the client assigns an
 * applicant, approves a submitted milestone or sends it back for changes (within the review window), cancels an
 * open job or asks the worker to cancel an assigned one; the worker submits the milestone in play or consents to a
 * cancellation; either disputes it; anyone claims a submitted milestone for the worker once its review window has
 * passed, and reclaims an expired job for the client. Then the open disputes with a ruling form for holders of
 * `ARBITER_PERMISSION` on the job board. Every action is simulated first (a refusal shows the decoded error and sends
 * nothing). Applicants come from the history source (the indexer's applicant table, or the `JobApplied` logs).
 */
export function Jobs({ tx }: { tx: Tx }) {
  const { addresses: a, names } = useKernel();
  const { send, refuse } = tx;
  const { address } = useAccount();
  const history = useHistory();
  const me = address?.toLowerCase();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [workers, setWorkers] = useState<Record<string, string>>({});
  const query = useChainQuery(["jobs", address ?? ""], async (client) => {
    const board = { address: a.jobBoard, abi: jobBoardAbi } as const;
    const [count, now, tokens] = await Promise.all([
      client.readContract({ ...board, functionName: "jobCount" }),
      client.getBlock().then((b) => b.timestamp),
      readTokens(client, a),
    ]);
    const ids = Array.from(
      { length: Number(count < BigInt(ROWS) ? count : BigInt(ROWS)) },
      (_, i) => count - BigInt(i),
    );
    // applicants (who applied to which job): nothing on chain keeps the list, only JobApplied events
    const applied = await history.jobApplicants(ids);
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
        const applicants = applied.filter((x) => x.jobId === id).map((x) => x.worker);
        return { id, job, milestone, applicants, token: tokens.byId("jobBoard", job.tokenId) };
      }),
    );
    return { count, jobs, now, tokens };
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
  const button = (testid: string, text: string, onClick: () => unknown) => (
    <>
      {" "}
      <button onClick={() => void onClick()} data-testid={testid}>
        {text}
      </button>
    </>
  );
  return (
    <Loaded query={query}>
      {(d) => (
        <>
          <section data-testid="job-board">
            <h2>Jobs ({d.count.toString()}; newest first)</h2>
            {address && <PostJobForm tx={tx} now={d.now} tokens={d.tokens} />}
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
                {d.jobs.map(({ id, job, milestone, applicants, token }) => {
                  const client = job.client.toLowerCase() === me;
                  const worker = job.worker.toLowerCase() === me;
                  const hasApplied = applicants.some((w) => w.toLowerCase() === me);
                  const chosen = workers[id.toString()] ?? applicants[0] ?? "";
                  const n = job.currentMilestone + 1;
                  const inPlay =
                    job.status === ASSIGNED &&
                    milestone !== undefined &&
                    (milestone.status === PENDING || milestone.status === SUBMITTED);
                  const submitted = inPlay && milestone.status === SUBMITTED;
                  const reviewOpen = submitted && d.now <= BigInt(milestone.reviewDeadline);
                  const live = job.status === OPEN || job.status === ASSIGNED;
                  // cancel: the client of an open job; on an assigned one (not disputed) the client asks once and
                  // the worker's call cancels
                  const mayCancel =
                    (job.status === OPEN && client) || (inPlay && ((client && !job.cancelRequested) || worker));
                  // reclaim: past the deadline, open, or assigned with the milestone in play pending and its
                  // revision window (if it was sent back) closed too
                  const mayReclaim =
                    live &&
                    d.now > BigInt(job.deadline) &&
                    (job.status === OPEN ||
                      (inPlay && milestone.status === PENDING && d.now > BigInt(milestone.revisionDeadline)));
                  return (
                    <tr
                      key={id.toString()}
                      data-testid={`board-job-${id}`}
                      data-status={ENUMS.JobStatus[job.status]}
                      data-milestone={job.currentMilestone}
                      data-milestone-status={milestone ? ENUMS.MilestoneStatus[milestone.status] : ""}
                      data-cancel-requested={job.cancelRequested ? "yes" : "no"}
                      data-token={token.symbol}
                    >
                      <td>{id.toString()}</td>
                      <td>
                        <Addr value={job.client} />
                      </td>
                      <td>
                        {ENUMS.JobStatus[job.status]}
                        {job.cancelRequested && live ? " (the client asks to cancel)" : ""}
                      </td>
                      <td>
                        {milestone
                          ? `${n} of ${job.milestoneCount}: ${formatIn(token, milestone.amount)}, ${ENUMS.MilestoneStatus[milestone.status]}` +
                            (submitted
                              ? `, review ${d.now <= BigInt(milestone.reviewDeadline) ? "until" : "closed"} ${formatTimestamp(BigInt(milestone.reviewDeadline), d.now)}`
                              : "") +
                            (inPlay && milestone.status === PENDING && milestone.revisionDeadline > 0
                              ? `, changes requested: resubmit by ${formatTimestamp(BigInt(milestone.revisionDeadline), d.now)}`
                              : "")
                          : `all ${job.milestoneCount} settled`}
                      </td>
                      <td>{formatIn(token, job.escrowed)}</td>
                      <td>{formatTimestamp(BigInt(job.deadline), d.now)}</td>
                      <td>
                        {job.worker === ZERO ? `none yet (${applicants.length} applied)` : <Addr value={job.worker} />}
                      </td>
                      {address && (
                        <td className="nowrap">
                          {job.status === OPEN && !client && !hasApplied && (
                            <>
                              {noteInput(id, "proposal URI")}
                              {button(`job-apply-${id}`, "apply", () =>
                                jobWrite(`apply to job ${id}`, "applyForJob", [id, note(id)]),
                              )}
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
                              </select>
                              {button(`job-assign-${id}`, "assign", () =>
                                isAddress(chosen)
                                  ? jobWrite(`assign job ${id} to ${formatAddress(chosen, names)}`, "assignWorker", [
                                      id,
                                      chosen,
                                    ])
                                  : refuse(`assign job ${id}`, "choose an applicant"),
                              )}
                            </>
                          )}
                          {inPlay && worker && milestone.status === PENDING && (
                            <>
                              {noteInput(id, "deliverable URI")}
                              {button(`job-submit-${id}`, "submit", () =>
                                jobWrite(`submit milestone ${n} of job ${id}`, "submitMilestone", [
                                  id,
                                  note(id),
                                  keccak256(toBytes(note(id))),
                                ]),
                              )}
                            </>
                          )}
                          {submitted && client && (
                            <>
                              {button(`job-approve-${id}`, "approve", () =>
                                jobWrite(`approve milestone ${n} of job ${id}`, "approveMilestone", [id]),
                              )}{" "}
                              {noteInput(id, "note / evidence URI")}
                              {reviewOpen &&
                                button(`job-changes-${id}`, "request changes", () =>
                                  jobWrite(`request changes to milestone ${n} of job ${id}`, "requestChanges", [
                                    id,
                                    note(id),
                                  ]),
                                )}
                            </>
                          )}
                          {submitted &&
                            !reviewOpen &&
                            button(`job-claim-${id}`, "claim for the worker", () =>
                              jobWrite(`claim milestone ${n} of job ${id}`, "claimMilestone", [id]),
                            )}
                          {inPlay &&
                            (client || worker) &&
                            button(`job-dispute-${id}`, "dispute", () =>
                              jobWrite(`dispute milestone ${n} of job ${id}`, "openDispute", [id, note(id)]),
                            )}
                          {mayCancel &&
                            button(
                              `job-cancel-${id}`,
                              job.status === OPEN ? "cancel" : client ? "ask to cancel" : "cancel (consent)",
                              () =>
                                jobWrite(
                                  job.status === ASSIGNED && client
                                    ? `ask the worker to cancel job ${id}`
                                    : `cancel job ${id}`,
                                  "cancelJob",
                                  [id],
                                ),
                            )}
                          {mayReclaim &&
                            button(`job-reclaim-${id}`, "reclaim for the client", () =>
                              jobWrite(`reclaim expired job ${id}`, "reclaimExpired", [id]),
                            )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <Disputes
            escrow={a.jobBoard}
            title="Open job disputes"
            what="job"
            payer="client"
            payee="worker"
            testid=""
            tx={tx}
          />
        </>
      )}
    </Loaded>
  );
}
