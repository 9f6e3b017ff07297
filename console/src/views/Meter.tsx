// A process's meter beyond its budget (issue 17 part 2): budget health (GasMeter `budgetHealth`: healthy, low, frozen;
// what metered work may still spend), the freezing threshold, the sponsorship rules for relayed requests (the selector
// rule and the sponsored functions, named from the program's ABI) and a runway in calls; and the owner's forms to set
// the freezing threshold, the sponsored functions and the selector rule (each simulated first: anyone else is refused
// with the decoded error and nothing is sent).
import { useState } from "react";
import { formatUnits, toFunctionSelector, type Abi, type AbiFunction, type Hex } from "viem";
import { formatAmount } from "../../../lib/format";
import { gasMeterAbi } from "../generated/abis";
import { programAbis } from "../generated/programs";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import type { useTransact } from "../chain/transact";
import { Loaded } from "./common";
import { nynWei, SwitchForm, ValueForm } from "./forms";

/** `budgetHealth`'s first value: 0 healthy, 1 low, 2 frozen. */
export const HEALTH = ["healthy", "low", "frozen"] as const;
/** How many of the process's newest charges the runway averages. */
export const RUNWAY_CHARGES = 20;

/** A function a relayed request may call on the process (a state-changing function of its program, or a raw selector). */
export interface SponsorableFunction {
  selector: Hex;
  /** `increment()`; the selector itself when the program's ABI does not have it. */
  signature: string;
  sponsored: boolean;
}

/**
 * The state-changing functions of a registered program, from its ABI (contracts/programs/, by program name).
 * @param programName The name the program was registered under.
 * @returns Selector and signature of each (empty for a program the console has no ABI of).
 */
export function programFunctions(programName: string): { selector: Hex; signature: string }[] {
  const abi = (programAbis as Record<string, Abi>)[programName];
  if (!abi) return [];
  return (
    abi
      .filter((item): item is AbiFunction => item.type === "function")
      .filter((fn) => fn.stateMutability === "nonpayable" || fn.stateMutability === "payable")
      // the registry calls initializeProcess once, at spawn: never a relayed call to sponsor
      .filter((fn) => fn.name !== "initializeProcess")
      .map((fn) => {
        const signature = `${fn.name}(${fn.inputs.map((i) => i.type).join(",")})`;
        return { selector: toFunctionSelector(signature), signature };
      })
  );
}

/**
 * Runway in calls: how many more calls like the recent ones the spendable budget pays for.
 * @param spendable NYN-wei above the freezing threshold.
 * @param price NYN-wei per gas.
 * @param gas The gas of recent charges.
 * @returns The number of calls, or undefined when there is nothing to average (no charge yet) or no price.
 */
export function runwayCalls(spendable: bigint, price: bigint, gas: bigint[]): bigint | undefined {
  if (gas.length === 0 || price === 0n) return undefined;
  const average = gas.reduce((x, y) => x + y, 0n) / BigInt(gas.length);
  if (average === 0n) return undefined;
  return spendable / (price * average);
}

/**
 * The meter's rules for process `pid`: health, freezing threshold, selector rule and sponsored functions, and the
 * gas of its recent charges (the indexer's `charge` table; without it, the meter's GasCharged logs).
 */
export function useMeterRules(pid: bigint, programName: string) {
  const { addresses: a, config } = useKernel();
  const history = useHistory();
  const indexed = history.indexed;
  return useChainQuery(["meter-rules", pid.toString(), programName], async (client) => {
    const meter = { address: a.gasMeter, abi: gasMeterAbi } as const;
    const [
      [health, budget, spendable],
      freezeThreshold,
      selectorsOnly,
      revertedCallsSponsored,
      price,
      marked,
      recentGas,
    ] = await Promise.all([
      client.readContract({ ...meter, functionName: "budgetHealth", args: [pid] }),
      client.readContract({ ...meter, functionName: "freezeThresholdOf", args: [pid] }),
      client.readContract({ ...meter, functionName: "relaySelectorsOnly", args: [pid] }),
      client.readContract({ ...meter, functionName: "relayRevertedCallsSponsored", args: [pid] }),
      client.readContract({ ...meter, functionName: "price" }),
      indexed
        ? indexed.relaySelectors(pid)
        : client
            .getContractEvents({
              ...meter,
              eventName: "RelaySelectorSet",
              args: { pid },
              fromBlock: BigInt(config.deployBlock),
              strict: true,
            })
            .then((logs) => logs.map((l) => ({ selector: l.args.selector.toLowerCase() as Hex, sponsored: false }))),
      indexed
        ? indexed.recentChargeGas(pid, RUNWAY_CHARGES)
        : client
            .getContractEvents({
              ...meter,
              eventName: "GasCharged",
              args: { pid },
              fromBlock: BigInt(config.deployBlock),
              strict: true,
            })
            .then((logs) =>
              logs
                .slice(-RUNWAY_CHARGES)
                .reverse()
                .map((l) => l.args.gasUsed),
            ),
    ]);
    // the program's functions, and any other selector the owner marked (a raw selector): each one's state read from
    // the meter itself (`isRelaySelectorSponsored`)
    const known = programFunctions(programName);
    const extra = [...new Set(marked.map((m) => m.selector))]
      .filter((s) => !known.some((k) => k.selector === s))
      .map((selector) => ({ selector, signature: selector }));
    const functions: SponsorableFunction[] = await Promise.all(
      [...known, ...extra].map(async (f) => ({
        ...f,
        sponsored: await client.readContract({
          ...meter,
          functionName: "isRelaySelectorSponsored",
          args: [pid, f.selector],
        }),
      })),
    );
    return {
      health: HEALTH[health] ?? `unknown (${health})`,
      budget,
      spendable,
      freezeThreshold,
      selectorsOnly,
      revertedCallsSponsored,
      price,
      functions,
      recentGas,
      runway: runwayCalls(spendable, price, recentGas),
    };
  });
}

/** What budget health means, in words. */
const HEALTH_TEXT: Record<string, string> = {
  healthy: "healthy",
  low: "low (below the low-budget threshold)",
  frozen: "frozen (at or below the freezing threshold: metered calls and relayed requests are refused)",
};

/** The meter's health and rules for a process (anyone may look). */
export function MeterRules({ pid, programName }: { pid: bigint; programName: string }) {
  const query = useMeterRules(pid, programName);
  const history = useHistory();
  return (
    <section data-testid="meter-rules">
      <h2>Budget health and sponsorship</h2>
      <Loaded query={query}>
        {(m) => {
          const sponsored = m.functions.filter((f) => f.sponsored);
          const average =
            m.recentGas.length > 0 ? m.recentGas.reduce((x, y) => x + y, 0n) / BigInt(m.recentGas.length) : undefined;
          return (
            <dl className="facts">
              <dt>Health</dt>
              <dd data-testid="meter-health" data-health={m.health}>
                <span className={`health health-${m.health}`}>{HEALTH_TEXT[m.health] ?? m.health}</span>
              </dd>
              <dt>Spendable</dt>
              <dd data-testid="meter-spendable" data-wei={m.spendable.toString()}>
                {formatAmount(m.spendable)} of {formatAmount(m.budget)} (what metered work may still spend)
              </dd>
              <dt>Freezing threshold</dt>
              <dd data-testid="freeze-threshold" data-wei={m.freezeThreshold.toString()}>
                {m.freezeThreshold === 0n
                  ? "off"
                  : `frozen at or below ${formatAmount(m.freezeThreshold)} (a reserve the owner keeps)`}
              </dd>
              <dt>Runway in calls</dt>
              <dd data-testid="runway-calls" data-calls={m.runway?.toString() ?? ""}>
                {m.runway === undefined || average === undefined
                  ? "no metered call charged yet"
                  : `about ${m.runway.toLocaleString("en-US")} calls: ${formatAmount(m.spendable)} / (${formatAmount(m.price)} per gas × ${average.toLocaleString("en-US")} gas, the average of the last ${m.recentGas.length} charges, from ${history.name})`}
              </dd>
              <dt>Relayed requests</dt>
              <dd data-testid="relay-rules" data-only={m.selectorsOnly ? "yes" : "no"}>
                {m.selectorsOnly
                  ? sponsored.length === 0
                    ? "reimbursed only for sponsored functions, and none is sponsored: no relayed request is reimbursed"
                    : "reimbursed only when they call a sponsored function"
                  : "reimbursed whatever function they call (the selector rule is off)"}
              </dd>
              <dt>Relayed calls that revert</dt>
              <dd data-testid="reverted-calls" data-sponsored={m.revertedCallsSponsored ? "yes" : "no"}>
                {m.revertedCallsSponsored
                  ? "reimbursed too (the relayer is paid for a request whose call reverted)"
                  : "refused (a relayed request whose call reverts is not reimbursed: alone it reverts whole, in a batch it is skipped)"}
              </dd>
              <dt>Sponsored functions</dt>
              <dd data-testid="sponsored-functions">
                {sponsored.length === 0
                  ? "none"
                  : sponsored.map((f, i) => (
                      <span key={f.selector} data-testid="sponsored-function" data-selector={f.selector}>
                        {i > 0 ? ", " : ""}
                        <span className="mono" title={f.selector}>
                          {f.signature}
                        </span>
                      </span>
                    ))}
                {sponsored.length > 0 && !m.selectorsOnly ? " (applies when the selector rule is on)" : ""}
              </dd>
            </dl>
          );
        }}
      </Loaded>
    </section>
  );
}

/**
 * The owner's meter forms: the freezing threshold, the sponsored functions (a checkbox per function of the program)
 * and the selector rule. Offered to any connected account (simulated first: others are refused, nothing sent).
 */
export function MeterOwnerForms({
  pid,
  programName,
  send,
  refuse,
}: {
  pid: bigint;
  programName: string;
  send: ReturnType<typeof useTransact>["send"];
  refuse: ReturnType<typeof useTransact>["refuse"];
}) {
  const { addresses: a } = useKernel();
  const query = useMeterRules(pid, programName);
  return (
    <Loaded query={query}>
      {(m) => (
        <Forms
          pid={pid}
          rules={m}
          write={(label, functionName, args) =>
            send(label, { address: a.gasMeter, abi: gasMeterAbi, functionName, args })
          }
          refuse={refuse}
        />
      )}
    </Loaded>
  );
}

function Forms({
  pid,
  rules,
  write,
  refuse,
}: {
  pid: bigint;
  rules: {
    freezeThreshold: bigint;
    selectorsOnly: boolean;
    revertedCallsSponsored: boolean;
    functions: SponsorableFunction[];
  };
  write: (label: string, functionName: string, args: readonly unknown[]) => Promise<boolean>;
  refuse: ReturnType<typeof useTransact>["refuse"];
}) {
  return (
    <section data-testid="meter-owner-forms">
      <h2>Budget health and sponsorship (owner)</h2>
      <ValueForm
        key={`freeze-${rules.freezeThreshold}`}
        initial={formatUnits(rules.freezeThreshold, 18)}
        parse={nynWei}
        name="freezing threshold"
        unit="NYN (metered and relayed calls refused at or below it; 0 = off)"
        expected="an amount in NYN (0 = off)"
        size={10}
        testid="freeze-threshold-input"
        button={{ text: "set freezing threshold", testid: "set-freeze-threshold" }}
        label={(text, wei) =>
          `set the freezing threshold of PID ${pid} to ${wei === undefined ? text : formatAmount(wei)}`
        }
        onSubmit={(label, wei) => write(label, "setFreezeThreshold", [pid, wei])}
        refuse={refuse}
      />
      {/* Each form starts from the chain's value and starts again only when that value changes (its key, unique
          among these siblings): a refresh after another form's transaction must not undo what the owner is typing or
          ticking here. */}
      <SponsorForm
        key={`sponsored-${rules.functions.map((f) => Number(f.sponsored)).join("")}`}
        pid={pid}
        functions={rules.functions}
        write={write}
        refuse={refuse}
      />
      <SwitchForm
        key={`selectors-only-${rules.selectorsOnly}`}
        initial={rules.selectorsOnly}
        label="reimburse relayed requests only for sponsored functions (the selector rule)"
        button="set selector rule"
        testid="selectors-only"
        onSubmit={(on) =>
          write(
            `${on ? "turn the selector rule on" : "turn the selector rule off"} for PID ${pid}`,
            "setRelaySelectorsOnly",
            [pid, on],
          )
        }
      />
      <SwitchForm
        key={`reverted-calls-${rules.revertedCallsSponsored}`}
        initial={rules.revertedCallsSponsored}
        label="reimburse relayed requests whose call reverts"
        button="set reverted-call rule"
        testid="reverted-calls-sponsored"
        onSubmit={(on) =>
          write(
            `${on ? "sponsor" : "refuse"} relayed calls that revert for PID ${pid}`,
            "setRelayRevertedCallsSponsored",
            [pid, on],
          )
        }
      />
    </section>
  );
}

/** The sponsored functions: a checkbox per function of the program's ABI, sent as one or two `setRelaySelectors`. */
function SponsorForm({
  pid,
  functions,
  write,
  refuse,
}: {
  pid: bigint;
  functions: SponsorableFunction[];
  write: (label: string, functionName: string, args: readonly unknown[]) => Promise<boolean>;
  refuse: ReturnType<typeof useTransact>["refuse"];
}) {
  const [chosen, setChosen] = useState<Record<string, boolean>>(
    Object.fromEntries(functions.map((f) => [f.selector, f.sponsored])),
  );
  const sponsor = async () => {
    const on = functions.filter((f) => chosen[f.selector] && !f.sponsored);
    const off = functions.filter((f) => !chosen[f.selector] && f.sponsored);
    const names = (fs: SponsorableFunction[]) => fs.map((f) => f.signature).join(", ");
    if (!on.length && !off.length)
      return refuse(`sponsor relayed calls of PID ${pid}`, "tick or untick a function first");
    if (
      on.length &&
      !(await write(`sponsor relayed calls of ${names(on)} on PID ${pid}`, "setRelaySelectors", [
        pid,
        on.map((f) => f.selector),
        true,
      ]))
    )
      return;
    if (off.length)
      await write(`stop sponsoring relayed calls of ${names(off)} on PID ${pid}`, "setRelaySelectors", [
        pid,
        off.map((f) => f.selector),
        false,
      ]);
  };
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        void sponsor();
      }}
    >
      <span>sponsored functions (relayed calls reimbursed when the selector rule is on):</span>{" "}
      {functions.length === 0 && <span className="muted">the console has no ABI of this program</span>}
      {functions.map((f) => (
        <label key={f.selector} title={f.selector}>
          <input
            type="checkbox"
            checked={chosen[f.selector] ?? false}
            onChange={(e) => setChosen({ ...chosen, [f.selector]: e.target.checked })}
            data-testid={`sponsor-${f.signature}`}
          />{" "}
          <span className="mono">{f.signature}</span>{" "}
        </label>
      ))}
      <button type="submit" data-testid="set-sponsored" disabled={functions.length === 0}>
        set sponsored functions
      </button>
    </form>
  );
}
