import { useState } from "react";
import { useAccount } from "wagmi";
import { decodeFunctionData, keccak256, toBytes, type Abi, type Address } from "viem";
import { ENUMS, formatAddress, formatAmount, formatDuration, formatField } from "../../../lib/format";
import { nameOfId } from "../../../lib/ids";
import * as abis from "../generated/abis";
import { useKernel, type Kernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import { TxStatus, useTransact } from "../chain/transact";
import type { ProposalRecord } from "../data/source";
import { Addr, Loaded } from "./common";

/** Proposals per page. */
const PAGE = 10;
const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
const governorAbi = abis.governorAbi;

/** One proposed action in words: `NYN.transfer(to=bob (0x…), value=…)`, from the ABIs of the system's contracts. */
export function describeAction(kernel: Kernel, target: Address, value: bigint, data: `0x${string}`): string {
  const key = (Object.keys(kernel.addresses) as (keyof Kernel["addresses"])[]).find(
    (k) => kernel.addresses[k].toLowerCase() === target.toLowerCase(),
  );
  const who = formatAddress(target, kernel.names);
  const eth = value ? ` with ${formatAmount(value, "ETH")}` : "";
  if (!key || data === "0x") return `call ${who}${eth}${data === "0x" ? "" : ` with ${data.slice(0, 10)}…`}`;
  const abi = (abis as unknown as Record<string, Abi>)[`${key}Abi`];
  try {
    const decoded = decodeFunctionData({ abi, data });
    const fn = abi.find((item) => item.type === "function" && item.name === decoded.functionName) as
      { inputs: readonly { name: string; type: string }[] } | undefined;
    // each argument as the tasks print it (lib/format: addresses and ids by name, amounts and gas by field name)
    const args = (decoded.args ?? []).map((arg, i) => {
      const input = fn?.inputs[i];
      const name = input?.name || `arg${i}`;
      return `${name}=${formatField("", name, input?.type ?? "", arg, { names: kernel.names, idName: nameOfId, guessUnits: true })}`;
    });
    return `${kernel.names.get(target.toLowerCase()) ?? key}.${decoded.functionName}(${args.join(", ")})${eth}`;
  } catch {
    return `call ${who} with ${data.slice(0, 10)}…${eth}`;
  }
}

/** Proposals with state, tally against quorum and time left; vote, queue, execute; your voting power. */
export function Governance() {
  const { address } = useAccount();
  const { addresses: a } = useKernel();
  const history = useHistory();
  const [page, setPage] = useState(0);
  const tx = useTransact();
  const query = useChainQuery(["governance", page, address ?? ""], async (client) => {
    const all = await history.proposals();
    const block = await client.getBlock();
    const now = block.timestamp;
    const rows = await Promise.all(
      all.slice(page * PAGE, page * PAGE + PAGE).map(async (p) => {
        const read = (functionName: string, args: unknown[]) =>
          client.readContract({
            address: a.governor,
            abi: governorAbi,
            functionName,
            args,
          } as never) as Promise<unknown>;
        const [state, votes, snapshot, deadline] = (await Promise.all([
          read("state", [p.id]),
          read("proposalVotes", [p.id]),
          read("proposalSnapshot", [p.id]),
          read("proposalDeadline", [p.id]),
        ])) as [number, readonly [bigint, bigint, bigint], bigint, bigint];
        // quorum and past votes exist only for a past timepoint
        const at = snapshot < now ? snapshot : now - 1n;
        const quorum = (await read("quorum", [at])) as bigint;
        const voted = address ? ((await read("hasVoted", [p.id, address])) as boolean) : false;
        const power = address ? ((await read("getVotes", [address, at])) as bigint) : 0n;
        return {
          ...p,
          state,
          against: votes[0],
          for: votes[1],
          abstain: votes[2],
          snapshot,
          deadline,
          quorum,
          voted,
          power,
        };
      }),
    );
    const guardian = (await client.readContract({
      address: a.governor,
      abi: governorAbi,
      functionName: "proposalGuardian",
    })) as Address;
    const myVotes = address
      ? ((await client.readContract({
          address: a.nyn,
          abi: abis.nynAbi,
          functionName: "getVotes",
          args: [address],
        })) as bigint)
      : undefined;
    return { total: all.length, rows, now, myVotes, guardian };
  });
  return (
    <>
      <section>
        <h2>Governance</h2>
        <Loaded query={query}>
          {(d) => (
            <>
              <p data-testid="my-votes">
                {d.myVotes === undefined
                  ? "Connect a wallet to vote."
                  : `Your voting power now: ${formatAmount(d.myVotes)}${d.myVotes === 0n ? " (delegate on the Wallet view to vote)" : ""}`}
              </p>
              {d.rows.length === 0 && <p className="muted">No proposals yet.</p>}
              {d.rows.map((p) => (
                <ProposalCard key={p.id.toString()} p={p} now={d.now} tx={tx} guardian={d.guardian} />
              ))}
              <div className="pager">
                <button disabled={page === 0} onClick={() => setPage(page - 1)}>
                  ‹ newer
                </button>
                <span>
                  {d.total} proposals; page {page + 1} of {Math.max(1, Math.ceil(d.total / PAGE))}
                </span>
                <button disabled={(page + 1) * PAGE >= d.total} onClick={() => setPage(page + 1)}>
                  older ›
                </button>
              </div>
            </>
          )}
        </Loaded>
      </section>
      <TxStatus state={tx.state} />
    </>
  );
}

type Row = ProposalRecord & {
  state: number;
  against: bigint;
  for: bigint;
  abstain: bigint;
  snapshot: bigint;
  deadline: bigint;
  quorum: bigint;
  voted: boolean;
  power: bigint;
};

function ProposalCard({
  p,
  now,
  tx,
  guardian,
}: {
  p: Row;
  now: bigint;
  tx: ReturnType<typeof useTransact>;
  guardian: Address;
}) {
  const kernel = useKernel();
  const { address } = useAccount();
  const [reason, setReason] = useState("");
  const state = ENUMS.ProposalState[p.state];
  const [title] = p.description.split("\n");
  const counted = p.for + p.abstain; // GovernorCountingSimple: for and abstain count toward quorum
  const total = p.for + p.against + p.abstain;
  const pct = (x: bigint) => (total === 0n ? 0 : Number((x * 10000n) / total) / 100);
  const lifecycle = [p.targets, p.values, p.calldatas, keccak256(toBytes(p.description))] as const;
  const timeLeft =
    state === "Pending"
      ? `voting opens in ${formatDuration(p.snapshot - now)}`
      : state === "Active"
        ? `${formatDuration(p.deadline - now)} left`
        : `voting ended`;
  const vote = (support: keyof typeof SUPPORT) =>
    tx.send(`vote ${support} on "${title}"`, {
      address: kernel.addresses.governor,
      abi: governorAbi,
      functionName: "castVoteWithReason",
      args: [p.id, SUPPORT[support], reason],
    });
  return (
    <section data-testid="proposal" data-id={p.id.toString()} data-state={state}>
      <h2>
        {title} <span className="muted">— {state}</span>
      </h2>
      <dl className="facts">
        <dt>Proposer</dt>
        <dd>
          <Addr value={p.proposer} />
        </dd>
        <dt>Actions</dt>
        <dd>
          <ol>
            {p.targets.map((t, i) => (
              <li key={i} className="mono">
                {describeAction(kernel, t, p.values[i], p.calldatas[i])}
              </li>
            ))}
          </ol>
        </dd>
        <dt>Votes</dt>
        <dd
          data-testid="tally"
          data-for={p.for.toString()}
          data-against={p.against.toString()}
          data-abstain={p.abstain.toString()}
        >
          for {formatAmount(p.for)} · against {formatAmount(p.against)} · abstain {formatAmount(p.abstain)}
          <div className="bar" title={`for ${pct(p.for)} %, against ${pct(p.against)} %, abstain ${pct(p.abstain)} %`}>
            <span style={{ width: `${pct(p.for)}%`, background: "#2f9e6b" }} />
            <span style={{ width: `${pct(p.against)}%`, background: "#d0454f" }} />
            <span style={{ width: `${pct(p.abstain)}%`, background: "#9aa3b5" }} />
          </div>
        </dd>
        <dt>Quorum</dt>
        <dd data-testid="quorum">
          {formatAmount(counted)} of {formatAmount(p.quorum)} (for + abstain){" "}
          {counted >= p.quorum ? "— reached" : "— not reached"}
        </dd>
        <dt>Time</dt>
        <dd>{timeLeft}</dd>
        {address && (
          <>
            <dt>You</dt>
            <dd>
              {p.voted ? "you voted" : `you have not voted; your weight at the snapshot: ${formatAmount(p.power)}`}
            </dd>
          </>
        )}
      </dl>
      {address && state === "Active" && (
        <form className="inline" onSubmit={(e) => e.preventDefault()}>
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="reason (optional)"
            size={30}
            data-testid="vote-reason"
          />
          <button onClick={() => vote("for")} data-testid="vote-for">
            vote for
          </button>
          <button onClick={() => vote("against")} data-testid="vote-against">
            vote against
          </button>
          <button onClick={() => vote("abstain")} data-testid="vote-abstain">
            abstain
          </button>
        </form>
      )}
      {address && state === "Succeeded" && (
        <button
          data-testid="queue"
          onClick={() =>
            tx.send(`queue "${title}"`, {
              address: kernel.addresses.governor,
              abi: governorAbi,
              functionName: "queue",
              args: lifecycle,
            })
          }
        >
          queue
        </button>
      )}
      {address &&
        address.toLowerCase() === guardian.toLowerCase() &&
        !["Canceled", "Expired", "Executed"].includes(state) && (
          <button
            data-testid="cancel"
            onClick={() =>
              tx.send(`cancel "${title}"`, {
                address: kernel.addresses.governor,
                abi: governorAbi,
                functionName: "cancel",
                args: lifecycle,
              })
            }
          >
            cancel (guardian)
          </button>
        )}{" "}
      {address && state === "Queued" && (
        <button
          data-testid="execute"
          onClick={() =>
            tx.send(`execute "${title}"`, {
              address: kernel.addresses.governor,
              abi: governorAbi,
              functionName: "execute",
              args: lifecycle,
            })
          }
        >
          execute
        </button>
      )}
    </section>
  );
}
