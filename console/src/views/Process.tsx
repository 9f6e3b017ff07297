import { useState } from "react";
import { useAccount } from "wagmi";
import { parseUnits, type Address } from "viem";
import { ENUMS, formatAmount, formatTimestamp } from "../../../lib/format";
import { gasMeterAbi, processRegistryAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import { TxStatus, useTransact } from "../chain/transact";
import { Addr, Loaded } from "./common";
import { statusText } from "./Processes";
import { ProcessHistory } from "./history";
import { OwnerActions } from "./ProcessOwner";
import { MeterOwnerForms, MeterRules } from "./Meter";

/** The PID in the URL (`#/process?pid=7`). */
function pidFromHash(): bigint | undefined {
  const match = /[?&]pid=(\d+)/.exec(window.location.hash);
  return match ? BigInt(match[1]) : undefined;
}

/**
 * One process: its record, its gas budget and quotas; its owner suspends, resumes, kills, withdraws, sets quotas and
 * grants or revokes capabilities; anyone funds it.
 */
export function Process() {
  const pid = pidFromHash();
  if (pid === undefined) return <p>No PID given: open a process from the Processes view.</p>;
  return <ProcessOf key={pid.toString()} pid={pid} />;
}

function ProcessOf({ pid }: { pid: bigint }) {
  const { addresses: a } = useKernel();
  const { address } = useAccount();
  const tx = useTransact();
  const [amount, setAmount] = useState("10");
  const query = useChainQuery(["process", pid.toString(), address ?? ""], async (client) => {
    const info = (await client.readContract({
      address: a.processRegistry,
      abi: processRegistryAbi,
      functionName: "processInfo",
      args: [pid],
    })) as {
      owner: Address;
      instance: Address;
      parentPid: bigint;
      programId: number;
      status: number;
      effectiveStatus: number;
      depth: number;
      createdAt: number;
      metadataURI: string;
    };
    const [program, meter, now] = await Promise.all([
      client.readContract({
        address: a.processRegistry,
        abi: processRegistryAbi,
        functionName: "program",
        args: [info.programId],
      }),
      client.readContract({ address: a.gasMeter, abi: gasMeterAbi, functionName: "meterInfo", args: [pid] }),
      client.getBlock().then((b) => b.timestamp),
    ]);
    return { info, program, meter, now };
  });
  const write = (label: string, functionName: string, args: readonly unknown[]) =>
    tx.send(label, { address: a.processRegistry, abi: processRegistryAbi, functionName, args });
  const fund = async () => {
    const wei = parseUnits(amount.replace(/,/g, ""), 18);
    // an EIP-2612 permit signed for the amount, then depositWithPermit (simulated first: a refusal sends nothing and
    // leaves no allowance); approve + deposit only for a wallet that cannot sign typed data
    const deposit = { address: a.gasMeter, abi: gasMeterAbi } as const;
    await tx.sendWithPermit(
      `fund PID ${pid} with ${formatAmount(wei)}`,
      { spender: a.gasMeter, value: wei, name: "GasMeter" },
      (p) => ({ ...deposit, functionName: "depositWithPermit", args: [pid, wei, p.deadline, p.v, p.r, p.s] }),
      { ...deposit, functionName: "deposit", args: [pid, wei] },
    );
  };
  return (
    <Loaded query={query}>
      {({ info, program, meter, now }) => {
        const isOwner = address?.toLowerCase() === info.owner.toLowerCase();
        return (
          <>
            <section data-testid="process-detail" data-status={ENUMS.ProcessStatus[info.effectiveStatus]}>
              <h2>PID {pid.toString()}</h2>
              <dl className="facts">
                <dt>Status</dt>
                <dd data-testid="detail-status">{statusText(info)}</dd>
                <dt>Owner</dt>
                <dd>
                  <Addr value={info.owner} />
                </dd>
                <dt>Parent</dt>
                <dd>
                  {info.parentPid === 0n ? (
                    "none (top-level)"
                  ) : (
                    <a href={`#/process?pid=${info.parentPid}`}>PID {info.parentPid.toString()}</a>
                  )}
                </dd>
                <dt>Program</dt>
                <dd>
                  #{info.programId} {program.name} {program.version}
                  {program.deprecated ? " (deprecated)" : ""} · implementation <Addr value={program.implementation} />
                </dd>
                <dt>Instance</dt>
                <dd className="mono">{info.instance}</dd>
                <dt>Spawned</dt>
                <dd>{formatTimestamp(BigInt(info.createdAt), now)}</dd>
                <dt>Depth</dt>
                <dd>{info.depth}</dd>
              </dl>
            </section>
            <section>
              <h2>Gas budget</h2>
              <dl className="facts">
                <dt>Budget</dt>
                <dd data-testid="detail-budget">{formatAmount(meter.budget)}</dd>
                <dt>Runway</dt>
                <dd>
                  {meter.runwayGas.toLocaleString("en-US")} gas at {formatAmount(meter.price)} per gas
                </dd>
                <dt>This epoch</dt>
                <dd>
                  epoch {meter.epoch.toString()}, {meter.usedThisEpoch.toLocaleString("en-US")} gas used, ends{" "}
                  {formatTimestamp(meter.epochEndsAt, now)}
                </dd>
                <dt>Quotas</dt>
                <dd>
                  process{" "}
                  {meter.processQuota === 0n ? "unlimited" : `${meter.processQuota.toLocaleString("en-US")} gas`} per
                  epoch; each user{" "}
                  {meter.userQuota === 0n ? "unlimited" : `${meter.userQuota.toLocaleString("en-US")} gas`}
                </dd>
                <dt>Relayed calls</dt>
                <dd>
                  {meter.relayGasCap === 0n
                    ? "not reimbursed"
                    : `reimbursed up to ${meter.relayGasCap.toLocaleString("en-US")} gas each`}
                </dd>
                <dt>Low-budget alert</dt>
                <dd data-testid="low-budget-threshold" data-wei={meter.lowBudgetThreshold.toString()}>
                  {meter.lowBudgetThreshold === 0n
                    ? "off"
                    : `BudgetLow below ${formatAmount(meter.lowBudgetThreshold)}`}
                </dd>
              </dl>
              {address && (
                <form
                  className="inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void fund();
                  }}
                >
                  <label>
                    fund with{" "}
                    <input
                      value={amount}
                      onChange={(e) => setAmount(e.target.value)}
                      size={10}
                      data-testid="fund-amount"
                    />{" "}
                    NYN
                  </label>
                  <button type="submit" data-testid="fund">
                    fund
                  </button>
                </form>
              )}
            </section>
            <MeterRules pid={pid} programName={program.name} />
            {isOwner && info.status !== 3 && (
              <section>
                <h2>Lifecycle (owner)</h2>
                {info.status === 1 && (
                  <button onClick={() => write(`suspend PID ${pid}`, "suspend", [pid])} data-testid="suspend">
                    suspend (and its descendants)
                  </button>
                )}
                {info.status === 2 && (
                  <button onClick={() => write(`resume PID ${pid}`, "resume", [pid])} data-testid="resume">
                    resume
                  </button>
                )}{" "}
                <button onClick={() => write(`kill PID ${pid}`, "kill", [pid])} data-testid="kill">
                  kill (and its descendants; final)
                </button>
              </section>
            )}
            {address && (
              <OwnerActions
                key={address}
                pid={pid}
                owner={info.owner}
                instance={info.instance}
                me={address}
                now={now}
                meter={meter}
                send={tx.send}
                refuse={tx.refuse}
              />
            )}
            {address && (
              <MeterOwnerForms
                key={`meter-${address}`}
                pid={pid}
                programName={program.name}
                send={tx.send}
                refuse={tx.refuse}
              />
            )}
            <TxStatus state={tx.state} />
            <ProcessHistory pid={pid} now={now} />
          </>
        );
      }}
    </Loaded>
  );
}
