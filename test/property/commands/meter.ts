import fc from "fast-check";
import {
  ANY,
  capabilityGrant,
  Expected,
  ExpectedEvent,
  MeterAccount,
  Model,
  OWNER,
  Outcome,
  ProcessModel,
  Status,
  SystemCommand,
  World,
  actor,
  anyPair,
  effectiveStatus,
  epochAt,
  event,
  exec,
  failure,
  hasPermission,
  lower,
  meterAccount,
  moveNyn,
  nameOf,
  nynBalance,
  pickPid,
  pinNextBlock,
  processOf,
  stats,
  submit,
  success,
  verify,
} from "../model";
import { Counter__factory } from "../../../typechain-types";
import { CAPABILITY } from "../../../lib/ids";
import { actorOrOwner, anyActor, pidSelector, shown, userRequest } from "./common";
import { applyIncrement, caller, callerSelector, predictIncrement } from "./program";
import { ACCURACY_TOLERANCE } from "../../fixtures/metering";

/**
 * Gas meter commands: deposit into a process's budget, metered calls (`Counter.incrementMetered`) charged to it,
 * relayed requests reimbursed from it (`KernelForwarder.executeRelayed`, with `increment`, `incrementMetered`
 * or `reset` inside), the owner's withdraw, quotas, relay cap and low-budget threshold, the relayers' claim, and the
 * SET_METER_PARAMS / COLLECT_METER_FEES powers (price, epoch length, fees). The epoch moves with AdvanceTime
 * (commands/kernel.ts), which also lands exactly on epoch boundaries.
 *
 * Charges are predicted exactly: the gas a call is charged is a function of its shape (see {@link shapeOf}: which
 * path it takes and which storage slots it writes for the first time), learned the first time a shape is seen and
 * from then on predicted to the unit. On first sight the outcome still has to be exactly the one the model derives
 * from the charged gas (success and its events, or which quota or budget error with which values), since every
 * outcome of a charge reveals the gas: the GasCharged event, the used gas of a quota error, the required amount of
 * GasMeterBudgetExhausted. Relayed charges are capped by the process's relay gas cap (then the gas is the cap).
 */

const MAX_PROCESS_QUOTA = (1n << 40n) - 1n;
const MAX_USER_QUOTA = (1n << 32n) - 1n;
const MIN_PRICE = 1n;
const MAX_PRICE = 10n ** 16n;
const MIN_EPOCH = 60n;
const MAX_EPOCH = 365n * 86_400n;

/** `CalldataGas.cost(data)`: 4 gas per zero byte, 16 per other byte. */
export function calldataGas(data: string): bigint {
  let gas = 0n;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}

/**
 * The shape of a charged call: everything its gas depends on. The same work costs the same gas; what differs is
 * the path (owner or capability holder, the depth of the ancestor walk, relayed or direct, the inner call's
 * outcome, a low-budget threshold set) and first writes (a counter at zero, a first increment by this account, a
 * first per-user usage record, a relayer's or signer's first nonce or claim). The transaction's calldata is priced separately ({@link calldataGas}).
 */
function shapeOf(m: Model, pid: number, user: string, parts: string[], userQuotaSet?: boolean): string {
  const p = processOf(m, pid)!;
  const account = m.meter.accounts.get(pid);
  const userQuota = userQuotaSet === undefined ? (account?.userQuota ?? 0n) : userQuotaSet ? 1n : 0n;
  return [
    ...parts,
    `depth ${p.depth}`,
    lower(user) === p.owner ? "owner" : conditionShape(m, pid, user),
    p.count === 0n ? "count from 0" : "count",
    (p.incrementsBy.get(lower(user)) ?? 0n) === 0n ? "first increment" : "increment",
    userQuota === 0n ? "no user quota" : account?.users.has(lower(user)) ? "user usage" : "first user usage",
    // A set threshold (low-budget or freezing) makes a charge read the process's settings (GasMeter's
    // `hasLowThreshold` flag, issue 17 part 2).
    ...(account && (account.lowThreshold !== 0n || account.freezeThreshold !== 0n) ? ["threshold set"] : []),
  ].join(", ");
}

/** A capability holder's path: unconditional, or through the switch condition (granting, denying or expired). */
function conditionShape(m: Model, pid: number, user: string): string {
  const grant = capabilityGrant(m, pid, user, CAPABILITY.INCREMENT);
  if (!grant.conditional) return "capable";
  if (m.now + 1n > grant.expiry) return "capable: condition expired";
  return m.acl.conditionOn ? "capable: condition grants" : "capable: condition denies";
}

/** The debit of `gas` from `pid` for `user` at `at` (`GasMeter._debit`): its error, or its events and effect. */
function predictDebit(
  m: Model,
  w: World,
  pid: number,
  user: string,
  at: bigint,
  gas: bigint,
): { error: Expected } | { events: ExpectedEvent[]; cost: bigint; apply: () => void } {
  const a = meterAccount(m, pid);
  const frozen = frozenFailure(m, pid);
  if (frozen) return { error: frozen };
  const epoch = epochAt(m, at);
  const u = a.users.get(lower(user));
  const userUsed = (u && u.epoch === epoch ? u.used : 0n) + gas;
  if (a.userQuota !== 0n && userUsed > a.userQuota) {
    return { error: failure("GasMeterUserQuotaExceeded", [pid, user, epoch, userUsed, a.userQuota]) };
  }
  const used = (a.usageEpoch === epoch ? a.used : 0n) + gas;
  if (a.processQuota !== 0n && used > a.processQuota) {
    return { error: failure("GasMeterProcessQuotaExceeded", [pid, user, epoch, used, a.processQuota]) };
  }
  const cost = gas * m.meter.price;
  if (cost > a.budget) return { error: failure("GasMeterBudgetExhausted", [pid, cost, a.budget]) };
  const meter = w.s.addresses.gasMeter;
  const remaining = a.budget - cost;
  const events = [event(meter, "GasCharged", pid, user, gas, cost)];
  if (a.lowThreshold !== 0n && remaining < a.lowThreshold && a.budget >= a.lowThreshold) {
    events.push(event(meter, "BudgetLow", pid, remaining, remaining / cost));
  }
  return {
    events,
    cost,
    apply: () => {
      a.budget = remaining;
      a.usageEpoch = epoch;
      a.used = used;
      if (a.userQuota !== 0n) a.users.set(lower(user), { epoch, used: userUsed });
    },
  };
}

/**
 * `GasMeter._requireNotFrozen` (issue 17, the ICP canister freezing threshold): the refusal of any charge to `pid`
 * while its budget is at or below its non-zero freezing threshold, before any gas is measured (so it does not depend
 * on the call's shape). Undefined when the process is not frozen.
 */
export function frozenFailure(m: Model, pid: number): Expected | undefined {
  const a = m.meter.accounts.get(pid);
  if (!a || a.freezeThreshold === 0n || a.budget > a.freezeThreshold) return undefined;
  return failure("GasMeterFrozen", [pid, a.budget, a.freezeThreshold]);
}

/** `GasMeter.budgetHealth(pid)`: 2 frozen (nothing spendable), 1 below the low-budget threshold, 0 healthy. */
export function budgetHealthOf(a: MeterAccount | undefined): [bigint, bigint, bigint] {
  const budget = a?.budget ?? 0n;
  const freeze = a?.freezeThreshold ?? 0n;
  if (freeze !== 0n && budget <= freeze) return [2n, budget, 0n];
  return [budget < (a?.lowThreshold ?? 0n) ? 1n : 0n, budget, budget - freeze];
}

/** The gas a charge's outcome reveals (undefined when the charge did not run). */
function chargedGas(m: Model, w: World, outcome: Outcome, pid: number, user: string, at: bigint): bigint | undefined {
  if (outcome.receipt) {
    const meter = lower(w.s.addresses.gasMeter);
    for (const log of outcome.receipt.logs) {
      if (lower(log.address) !== meter) continue;
      const parsed = w.s.gasMeter.interface.parseLog(log);
      if (parsed?.name === "GasCharged") return parsed.args[2] as bigint;
    }
    return undefined;
  }
  const r = outcome.reverted;
  if (!r) return undefined;
  const a = meterAccount(m, pid);
  const epoch = epochAt(m, at);
  if (r.name === "GasMeterUserQuotaExceeded") {
    const u = a.users.get(lower(user));
    return (r.args[3] as bigint) - (u && u.epoch === epoch ? u.used : 0n);
  }
  if (r.name === "GasMeterProcessQuotaExceeded") return (r.args[3] as bigint) - (a.usageEpoch === epoch ? a.used : 0n);
  if (r.name === "GasMeterBudgetExhausted") return (r.args[1] as bigint) / m.meter.price;
  return undefined;
}

/**
 * Run a charged call whose outcome depends on the gas charged: predict it from the learned gas of its shape, or
 * (first sight) learn the gas from the outcome and check the outcome is exactly what that gas implies.
 * `gasOf(base)` turns the shape's base gas into the charged gas (the relay cap and calldata); `baseOf(gas)` the
 * other way (undefined when the charged gas does not reveal the base, e.g. at the cap).
 */
async function chargedCall(
  m: Model,
  w: World,
  label: string,
  shape: string,
  send: Parameters<typeof submit>[1],
  c: {
    pid: number;
    user: string;
    at: bigint;
    gasOf: (base: bigint) => bigint;
    baseOf: (gas: bigint) => bigint | undefined;
    predict: (gas: bigint) => Expected;
  },
): Promise<{ gas: bigint; expected: Expected }> {
  const known = w.gasTable.get(shape);
  if (known !== undefined) w.gasCounts.predicted++;
  else w.gasCounts.learned++;
  const outcome = await submit(m, send);
  const observed = chargedGas(m, w, outcome, c.pid, c.user, c.at);
  let gas: bigint;
  if (known !== undefined) {
    gas = c.gasOf(known);
    if (observed !== undefined && observed !== gas) {
      throw new Error(`${label}: charged ${observed} gas, the shape "${shape}" predicts ${gas}`);
    }
  } else {
    if (observed === undefined) {
      verify(w, label, outcome, failure("a charge (GasCharged or a quota or budget error)"));
      throw new Error("unreachable");
    }
    gas = observed;
    const base = c.baseOf(gas);
    if (base !== undefined) w.gasTable.set(shape, base);
  }
  const expected = c.predict(gas);
  verify(w, label, outcome, expected);
  // Metering accuracy (SECURITY.md, R1–R4): every charge the sender's transaction paid for in full (not capped at
  // the relay cap) is within 5 % of the transaction's receipt.
  if (outcome.receipt && c.baseOf(gas) !== undefined) {
    const spent = outcome.receipt.gasUsed;
    const deviation = Number(gas > spent ? gas - spent : spent - gas) / Number(spent);
    if (deviation > ACCURACY_TOLERANCE) {
      throw new Error(`${label}: charged ${gas} gas for a transaction of ${spent} (> ${100 * ACCURACY_TOLERANCE} %)`);
    }
    w.gasCounts.accurate++;
  }
  return { gas, expected };
}

/**
 * The gas and cost of the process owner's next direct metered call on `pid`, if its shape is known: what the
 * boundary choices below aim at (a budget of exactly the cost, a quota of exactly the usage the call reaches).
 */
function nextOwnerCall(
  m: Model,
  w: World,
  pid: number,
  userQuotaSet?: boolean,
): { gas: bigint; cost: bigint } | undefined {
  const p = processOf(m, pid);
  if (!p) return undefined;
  const gas = w.gasTable.get(shapeOf(m, pid, p.owner, ["direct"], userQuotaSet));
  return gas === undefined ? undefined : { gas, cost: gas * m.meter.price };
}

// ------------------------------------------------------------------------------------------------ budgets

/**
 * Deposit amounts: none, dust (below one call), a few calls, many calls, more than the depositor holds (-1), or
 * exactly what tops the budget up to the cost of the owner's next call (-2: a budget boundary, GasMeterBudgetExhausted
 * is `cost > budget`).
 */
const DEPOSITS = [0n, 10n ** 13n, 10n ** 14n, 10n ** 15n, 10n ** 17n, -1n, -2n, -2n] as const;

export class Deposit extends SystemCommand<{ by: number; pid: number; amount: number }> {
  readonly name = "deposit";
  protected async step(m: Model, w: World) {
    const pid = pickPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    const balance = nynBalance(m, by.address);
    const pickAmount = DEPOSITS[this.a.amount % DEPOSITS.length];
    const budgetNow = m.meter.accounts.get(pid)?.budget ?? 0n;
    const next = pickAmount === -2n ? nextOwnerCall(m, w, pid) : undefined;
    const exact = next && next.cost > budgetNow ? next.cost - budgetNow : 10n ** 14n;
    const amount = pickAmount === -1n ? balance + 1n : pickAmount === -2n ? exact : pickAmount;
    await pinNextBlock(m);
    const p = processOf(m, pid);
    const budget = (m.meter.accounts.get(pid)?.budget ?? 0n) + amount;
    let expected: Expected;
    if (m.kernel.paused) expected = failure("KernelPaused");
    else if (amount === 0n) expected = failure("GasMeterZeroAmount");
    else if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (effectiveStatus(m, pid) === Status.Terminated) expected = failure("GasMeterProcessTerminated", [pid]);
    else if (amount > balance) expected = failure("ERC20InsufficientBalance", [by.address, balance, amount]);
    else expected = success(event(w.s.addresses.gasMeter, "BudgetDeposited", pid, by.address, amount, budget));
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`, amount], expected);
    const meter = w.s.gasMeter.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => meter.deposit(pid, amount, o), expected);
    if (expected.ok) {
      // A deposit lifting a frozen budget above its freezing threshold unfreezes the process (issue 17).
      if (frozenFailure(m, pid) && budget > meterAccount(m, pid).freezeThreshold) stats.record("unfreeze", "ok");
      meterAccount(m, pid).budget = budget;
      moveNyn(m, by.address, w.s.addresses.gasMeter, amount);
    }
    return this.resolved;
  }
}

/** `withdraw(pid, amount, to)` checks: the owner only (in every status), a non-zero amount within the budget. */
class WithdrawBudget extends SystemCommand<{ by: number; pid: number; permille: number | "over" }> {
  readonly name = "withdrawBudget";
  protected async step(m: Model, w: World) {
    const funded = [...m.meter.accounts.entries()].filter(([, a]) => a.budget > 0n).map(([pid]) => pid);
    const pid =
      this.a.pid % 2 === 0 && funded.length > 0 ? funded[(this.a.pid >> 1) % funded.length] : pickPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    const budget = m.meter.accounts.get(pid)?.budget ?? 0n;
    const amount = this.a.permille === "over" ? budget + 1n : (budget * BigInt(this.a.permille)) / 1000n;
    await pinNextBlock(m);
    const p = processOf(m, pid);
    let expected: Expected;
    if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (lower(by.address) !== p.owner) expected = failure("GasMeterNotProcessOwner", [pid, by.address, p.owner]);
    else if (amount === 0n) expected = failure("GasMeterZeroAmount");
    else if (amount > budget) expected = failure("GasMeterWithdrawExceedsBudget", [pid, amount, budget]);
    else {
      expected = success(event(w.s.addresses.gasMeter, "BudgetWithdrawn", pid, by.address, amount, budget - amount));
    }
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`, amount], expected);
    const meter = w.s.gasMeter.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => meter.withdraw(pid, amount, by.address, o), expected);
    if (expected.ok) {
      meterAccount(m, pid).budget = budget - amount;
      moveNyn(m, w.s.addresses.gasMeter, by.address, amount);
    }
    return this.resolved;
  }
}

// ------------------------------------------------------------------------------------------------ charging

/** A process to charge: mostly one with a budget (so charges succeed), else any. */
function chargedPid(m: Model, sel: number): number {
  const funded = [...m.meter.accounts.entries()].filter(([, a]) => a.budget > 0n).map(([pid]) => pid);
  if (sel % 3 !== 2 && funded.length > 0) return funded[Math.floor(sel / 3) % funded.length];
  return pickPid(m, sel >> 2, false);
}

/** `Counter.incrementMetered()` sent by the caller itself: charged to the process's budget (the app pays). */
export class MeteredIncrement extends SystemCommand<{ by: number; pid: number }> {
  readonly name = "meteredIncrement";
  check(m: Readonly<Model>): boolean {
    return m.registry.processes.length > 0;
  }
  protected async step(m: Model, w: World) {
    const pid = chargedPid(m, this.a.pid);
    const p = processOf(m, pid)!;
    const by = caller(m, w, pid, this.a.by);
    const at = await pinNextBlock(m);
    const counter = Counter__factory.connect(p.instance, w.actors[by.index]);
    const send = (o: { gasLimit: bigint }) => counter.incrementMetered(o);
    const pre = predictIncrement(m, p, by.address, at);
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`], pre);
    if (!pre.ok) {
      await exec(m, w, this.name, send, pre);
      return this.resolved;
    }
    // The meter's first check once the call reaches `charge` (after the process's own checks passed).
    const frozen = frozenFailure(m, pid);
    if (frozen) {
      this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`], frozen);
      await exec(m, w, this.name, send, frozen);
      stats.record("frozenRefusal", "ok");
      return this.resolved;
    }
    let effect: (() => void) | undefined;
    const { gas, expected } = await chargedCall(m, w, this.name, shapeOf(m, pid, by.address, ["direct"]), send, {
      pid,
      user: by.address,
      at,
      gasOf: (base) => base,
      baseOf: (gas) => gas,
      predict: (gas) => {
        const d = predictDebit(m, w, pid, by.address, at, gas);
        if ("error" in d) return d.error;
        effect = () => {
          d.apply();
          m.meter.fees += d.cost;
        };
        return success(...d.events);
      },
    });
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`, `${gas} gas`], expected);
    if (expected.ok) {
      effect!();
      applyIncrement(p, by.address);
    }
    return this.resolved;
  }
}

type RelayKind = "valid" | "expired" | "forged" | "otherPid";
/** The relayed call: the capability-checked increments, or the owner-only reset (to {@link RESET_TO}). */
type RelayFn = "increment" | "incrementMetered" | "reset";
const RESET_TO = 7n;

/** `Counter.reset` (`onlyProcessOwner`) by `who`. */
function predictReset(m: Model, p: ProcessModel, who: string): Expected {
  const status = effectiveStatus(m, p.pid);
  if (status !== Status.Running) return failure("KernelProcessNotRunning", [p.pid, status]);
  if (lower(who) !== p.owner) return failure("KernelProcessNotOwner", [p.pid, who]);
  return success();
}

/**
 * `KernelForwarder.executeRelayed(request, pid)` by a relayer: the signed `increment`, `incrementMetered` or owner-only `reset` runs
 * (or fails: the relayer is paid anyway), and the relayer is credited the gas of the whole transaction, capped at
 * the process's relay gas cap, from the process's budget. `otherPid` names another process than the target's
 * (refused: the meter reimburses only for the registry's contract of the PID).
 */
export class RelayedMetered extends SystemCommand<{
  by: number;
  pid: number;
  fn: RelayFn;
  kind: RelayKind;
  relayer: number;
  other: number;
}> {
  readonly name = "relayedMetered";
  check(m: Readonly<Model>): boolean {
    return m.registry.processes.length > 0;
  }
  protected async step(m: Model, w: World) {
    const target = chargedPid(m, this.a.pid);
    const p = processOf(m, target)!;
    const pid = this.a.kind === "otherPid" ? pickPid(m, this.a.other) : target;
    const user = caller(m, w, target, this.a.by);
    const relayer = w.relayers[this.a.relayer % w.relayers.length];
    const at = m.now + 1n;
    const nonce = m.forwarder.nonces.get(lower(user.address)) ?? 0n;
    const fn = this.a.fn;
    const iface = Counter__factory.createInterface();
    const data =
      fn === "reset"
        ? iface.encodeFunctionData("reset", [RESET_TO])
        : fn === "incrementMetered"
          ? iface.encodeFunctionData("incrementMetered")
          : iface.encodeFunctionData("increment");
    const forger = w.actors[(user.index + 1) % w.actors.length];
    const { request, deadline } = await userRequest(m, w, user, forger, this.a.kind, p.instance, data, at);
    const txData = w.s.forwarder.interface.encodeFunctionData("executeRelayed", [request, pid]);
    await pinNextBlock(m);
    const inner = fn === "reset" ? predictReset(m, p, user.address) : predictIncrement(m, p, user.address, at);
    const q = processOf(m, pid);
    const account = m.meter.accounts.get(pid);
    let pre: Expected | undefined;
    let refusal: string | undefined;
    if (this.a.kind === "expired") pre = failure("ERC2771ForwarderExpiredRequest", [deadline]);
    else if (this.a.kind === "forged") pre = failure("ERC2771ForwarderInvalidSigner", [ANY, user.address]);
    else if (!q) pre = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (q.instance !== p.instance) pre = failure("GasMeterNotProcessInstance", [pid, p.instance, q.instance]);
    else if (effectiveStatus(m, pid) !== Status.Running) {
      pre = failure("GasMeterProcessNotRunning", [pid, effectiveStatus(m, pid)]);
    } else if ((account?.relayGasCap ?? 0n) === 0n) pre = failure("GasMeterRelayDisabled", [pid]);
    // Issue 17: the owner's selector rule (`chargeRelay` checks it before the debit), then the freezing threshold
    // (`_debit`'s first check); either reverts the whole request (the relayer simulates and does not send it).
    else if (account!.selectorsOnly && !account!.sponsored.has(data.slice(0, 10))) {
      pre = failure("GasMeterSelectorNotSponsored", [pid, data.slice(0, 10)]);
      refusal = "selectorRefusal";
    } else if (frozenFailure(m, pid)) {
      pre = frozenFailure(m, pid);
      refusal = "frozenRefusal";
    }
    const forwarder = w.s.forwarder.connect(relayer);
    const send = (o: { gasLimit: bigint }) => forwarder.executeRelayed(request, pid, o);
    const args = [w.names[user.index], `pid=${pid}`, fn, this.a.kind, `by ${nameOf(w, relayer.address)}`];
    this.resolved = shown(this.name, args, pre ?? success());
    if (pre) {
      await exec(m, w, this.name, send, pre);
      if (refusal) stats.record(refusal, "ok");
      return this.resolved;
    }
    const cap = account!.relayGasCap;
    const calldata = calldataGas(txData);
    const shape = shapeOf(m, pid, user.address, [
      `relayed ${fn}`,
      inner.ok ? "inner ok" : `inner ${(inner as { error: string }).error}`,
      nonce === 0n ? "first nonce" : "nonce",
      // The selector rule reads the selector's sponsorship (a cold slot) before the debit.
      ...(account!.selectorsOnly ? ["selector rule"] : []),
      (m.meter.claimable.get(lower(relayer.address)) ?? 0n) === 0n ? "first claim" : "claim",
    ]);
    let effect: (() => void) | undefined;
    const { gas, expected } = await chargedCall(m, w, this.name, shape, send, {
      pid,
      user: user.address,
      at,
      gasOf: (base) => (base + calldata < cap ? base + calldata : cap),
      baseOf: (gas) => (gas < cap ? gas - calldata : undefined),
      predict: (gas) => {
        const d = predictDebit(m, w, pid, user.address, at, gas);
        if ("error" in d) return d.error;
        effect = () => {
          d.apply();
          const r = lower(relayer.address);
          m.meter.claimable.set(r, (m.meter.claimable.get(r) ?? 0n) + d.cost);
        };
        // A failed inner call: why, as the process reverted (KernelForwarder.RelayedCallReverted).
        const reverted = inner.ok
          ? []
          : [
              event(
                w.s.addresses.forwarder,
                "RelayedCallReverted",
                user.address,
                nonce,
                iface.encodeErrorResult(inner.error, inner.args ?? []),
              ),
            ];
        return success(
          event(w.s.addresses.forwarder, "ExecutedForwardRequest", user.address, nonce, inner.ok),
          ...reverted,
          ...d.events,
          event(w.s.addresses.gasMeter, "RelayerReimbursed", relayer.address, pid, d.cost),
        );
      },
    });
    this.resolved = shown(this.name, [...args, `${gas} gas`], expected);
    if (expected.ok) {
      effect!();
      m.forwarder.nonces.set(lower(user.address), nonce + 1n);
      if (inner.ok && fn === "reset") p.count = RESET_TO;
      else if (inner.ok) applyIncrement(p, user.address);
    }
    return this.resolved;
  }
}

/** A relayer (or Mallory, who never relays) claims its reimbursements to itself. */
class Claim extends SystemCommand<{ who: number }> {
  readonly name = "claim";
  protected async step(m: Model, w: World) {
    // An even selector picks a relayer with something to claim (if any); otherwise a relayer or Mallory.
    const signers = [...w.relayers, w.actors[6]];
    const owed = w.relayers.filter((r) => (m.meter.claimable.get(lower(r.address)) ?? 0n) > 0n);
    const who =
      this.a.who % 2 === 0 && owed.length > 0
        ? owed[(this.a.who >> 1) % owed.length]
        : signers[this.a.who % signers.length];
    const amount = m.meter.claimable.get(lower(who.address)) ?? 0n;
    await pinNextBlock(m);
    const expected =
      amount === 0n
        ? failure("GasMeterNothingToClaim", [who.address])
        : success(event(w.s.addresses.gasMeter, "RelayerClaimed", who.address, who.address, amount));
    this.resolved = shown(this.name, [nameOf(w, who.address)], expected);
    await exec(m, w, this.name, (o) => w.s.gasMeter.connect(who).claim(who.address, o), expected);
    if (expected.ok) {
      m.meter.claimable.set(lower(who.address), 0n);
      moveNyn(m, w.s.addresses.gasMeter, who.address, amount);
    }
    return this.resolved;
  }
}

// ------------------------------------------------------------------------------------------------ owner settings

type Setting = "quota" | "relayCap" | "lowThreshold" | "freeze";
/** Quotas around the gas of one call (≈ 60-90k direct, 90-130k relayed), and just above the largest allowed. */
/** -1: exactly the usage the owner's next call reaches (it passes, the one after fails); -2: one gas less. */
const PROCESS_QUOTAS = [0n, 100_000n, 250_000n, 1_000_000n, MAX_PROCESS_QUOTA + 1n, -1n, -2n];
const USER_QUOTAS = [0n, 90_000n, 200_000n, 1_000_000n, MAX_USER_QUOTA + 1n, -1n, -2n];
const RELAY_CAPS = [0n, 1n, 40_000n, 500_000n, 500_000n, 1n << 64n];
const THRESHOLDS = [0n, 10n ** 14n, 10n ** 15n, 10n ** 17n, 1n << 96n];
/** `GasMeter.MAX_FREEZE_THRESHOLD`. */
const MAX_FREEZE = (1n << 88n) - 1n;
/**
 * Freezing thresholds (issue 17) around the budget: off; -1 exactly the budget (frozen: `budget <= threshold`);
 * -2 one NYN-wei below it (not frozen; the next charge freezes it); -3 the budget less the cost of the owner's next
 * call (that call passes and lands exactly on the threshold, the one after is refused); fixed values; the largest
 * allowed (frozen whatever the budget) and one above it.
 */
const FREEZES = [0n, -1n, -1n, -1n, -2n, -3n, -3n, 10n ** 14n, MAX_FREEZE, MAX_FREEZE + 1n];

export class MeterSetting extends SystemCommand<{ by: number; pid: number; x: number; y: number }> {
  readonly name: string;
  constructor(
    private readonly kind: Setting,
    a: { by: number; pid: number; x: number; y: number },
  ) {
    super(a);
    this.name = {
      quota: "setQuota",
      relayCap: "setRelayGasCap",
      lowThreshold: "setLowBudgetThreshold",
      freeze: "setFreezeThreshold",
    }[kind];
  }
  protected async step(m: Model, w: World) {
    const pid = chargedPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    await pinNextBlock(m);
    const p = processOf(m, pid);
    const meter = w.s.addresses.gasMeter;
    const x = [PROCESS_QUOTAS, RELAY_CAPS, THRESHOLDS, FREEZES][
      ["quota", "relayCap", "lowThreshold", "freeze"].indexOf(this.kind)
    ];
    // The boundary quotas: the owner's next call brings the usage (process or the owner's own) to exactly this.
    const userChoice = USER_QUOTAS[this.a.y % USER_QUOTAS.length];
    const next = nextOwnerCall(m, w, pid, this.kind === "quota" ? userChoice !== 0n : undefined);
    const a0 = m.meter.accounts.get(pid);
    const epoch = epochAt(m, m.now + 1n);
    const usedNow = a0 && a0.usageEpoch === epoch ? a0.used : 0n;
    const u0 = p ? a0?.users.get(p.owner) : undefined;
    const userNow = u0 && u0.epoch === epoch ? u0.used : 0n;
    const boundary = (v: bigint, base: bigint) =>
      v >= 0n ? v : base + (next?.gas ?? 100_000n) + (v === -2n ? -1n : 0n);
    const budgetNow = a0?.budget ?? 0n;
    const freezeAt = (v: bigint) => {
      if (v >= 0n) return v;
      const below = v === -1n ? budgetNow : v === -2n ? budgetNow - 1n : budgetNow - (next?.cost ?? 10n ** 14n);
      return below > 0n ? below : 0n;
    };
    const choice = x[this.a.x % x.length];
    const first =
      this.kind === "quota" ? boundary(choice, usedNow) : this.kind === "freeze" ? freezeAt(choice) : choice;
    const second = boundary(userChoice, userNow);
    let expected: Expected;
    if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (lower(by.address) !== p.owner) expected = failure("GasMeterNotProcessOwner", [pid, by.address, p.owner]);
    else if (this.kind === "quota") {
      if (first > MAX_PROCESS_QUOTA) expected = failure("GasMeterValueTooLarge", [first, MAX_PROCESS_QUOTA]);
      else if (second > MAX_USER_QUOTA) expected = failure("GasMeterValueTooLarge", [second, MAX_USER_QUOTA]);
      else expected = success(event(meter, "QuotaSet", pid, first, second));
    } else if (this.kind === "relayCap") {
      const max = (1n << 64n) - 1n;
      expected =
        first > max
          ? failure("GasMeterValueTooLarge", [first, max])
          : success(event(meter, "RelayGasCapSet", pid, first));
    } else if (this.kind === "freeze") {
      expected =
        first > MAX_FREEZE
          ? failure("GasMeterValueTooLarge", [first, MAX_FREEZE])
          : success(event(meter, "FreezeThresholdSet", pid, first));
    } else {
      const max = (1n << 96n) - 1n;
      expected =
        first > max
          ? failure("GasMeterValueTooLarge", [first, max])
          : success(event(meter, "LowBudgetThresholdSet", pid, first));
    }
    const values = this.kind === "quota" ? [first, second] : [first];
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`, ...values], expected);
    const c = w.s.gasMeter.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) =>
        this.kind === "quota"
          ? c.setQuota(pid, first, second, o)
          : this.kind === "relayCap"
            ? c.setRelayGasCap(pid, first, o)
            : this.kind === "freeze"
              ? c.setFreezeThreshold(pid, first, o)
              : c.setLowBudgetThreshold(pid, first, o),
      expected,
    );
    if (expected.ok) {
      const a = meterAccount(m, pid);
      if (this.kind === "quota") {
        a.processQuota = first;
        a.userQuota = second;
      } else if (this.kind === "relayCap") a.relayGasCap = first;
      else if (this.kind === "freeze") a.freezeThreshold = first;
      else a.lowThreshold = first;
    }
    return this.resolved;
  }
}

/** The selectors the sponsorship rules name: the Counter's three relayed functions and one it does not have. */
export function ruleSelectors(): string[] {
  const iface = Counter__factory.createInterface();
  return [
    iface.getFunction("increment").selector,
    iface.getFunction("incrementMetered").selector,
    iface.getFunction("reset").selector,
    "0xdeadbeef",
  ];
}

/**
 * Issue 17 sponsorship rules: `setRelaySelectors(pid, selectors, sponsored)` (the selectors of `mask` over
 * {@link ruleSelectors}, possibly none: no event) and `setRelaySelectorsOnly(pid, on)`; the owner only.
 */
export class RelaySelectorRule extends SystemCommand<{
  by: number;
  pid: number;
  only: boolean;
  mask: number;
  on: boolean;
}> {
  readonly name: string;
  constructor(a: { by: number; pid: number; only: boolean; mask: number; on: boolean }) {
    super(a);
    this.name = a.only ? "setRelaySelectorsOnly" : "setRelaySelectors";
  }
  protected async step(m: Model, w: World) {
    const pid = chargedPid(m, this.a.pid);
    const by = actor(m, w, this.a.by, pid);
    await pinNextBlock(m);
    const p = processOf(m, pid);
    const meter = w.s.addresses.gasMeter;
    const selectors = ruleSelectors().filter((_, i) => (this.a.mask >> i) & 1);
    const on = this.a.on;
    let expected: Expected;
    if (!p) expected = failure("ProcessRegistryUnknownProcess", [pid]);
    else if (lower(by.address) !== p.owner) expected = failure("GasMeterNotProcessOwner", [pid, by.address, p.owner]);
    else if (this.a.only) expected = success(event(meter, "RelaySelectorsOnlySet", pid, on));
    else expected = success(...selectors.map((sel) => event(meter, "RelaySelectorSet", pid, sel, on)));
    const values = this.a.only ? [String(on)] : [`[${selectors.join(" ")}]`, String(on)];
    this.resolved = shown(this.name, [w.names[by.index], `pid=${pid}`, ...values], expected);
    const c = w.s.gasMeter.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) => (this.a.only ? c.setRelaySelectorsOnly(pid, on, o) : c.setRelaySelectors(pid, selectors, on, o)),
      expected,
    );
    if (expected.ok) {
      const a = meterAccount(m, pid);
      if (this.a.only) a.selectorsOnly = on;
      else for (const sel of selectors) on ? a.sponsored.add(sel) : a.sponsored.delete(sel);
    }
    return this.resolved;
  }
}

// ------------------------------------------------------------------------------------------------ governance powers

/** Prices (NYN-wei per gas) a price setter picks: in bounds, and just outside them. */
export const PRICES = [1n, 10n ** 9n, 3n * 10n ** 9n, 10n ** 11n, 10n ** 13n, 0n, MAX_PRICE + 1n];
/** Epoch lengths (seconds): in bounds, and just outside them. */
export const EPOCHS = [60n, 3_600n, 86_400n, 59n, MAX_EPOCH + 1n];

/** `setPrice(value)` by `by` at `at` (also what a proposal's action does, with the timelock as `by`). */
export function predictSetPrice(m: Model, w: World, by: string, at: bigint, value: bigint): Expected {
  const pair = anyPair(w, "SET_METER_PARAMS");
  if (!hasPermission(m, by, pair, at)) return failure("ACLUnauthorized", [by, pair.where, pair.what]);
  if (value < MIN_PRICE || value > MAX_PRICE) return failure("GasMeterPriceOutOfBounds", [value, MIN_PRICE, MAX_PRICE]);
  return success(event(w.s.addresses.gasMeter, "PriceChanged", m.meter.price, value));
}

export function applySetPrice(m: Model, value: bigint) {
  m.meter.price = value;
}

/** `setEpochLength(value)` by `by` at `at`: a new epoch starts now. */
export function predictSetEpoch(m: Model, w: World, by: string, at: bigint, value: bigint): Expected {
  const pair = anyPair(w, "SET_METER_PARAMS");
  if (!hasPermission(m, by, pair, at)) return failure("ACLUnauthorized", [by, pair.where, pair.what]);
  if (value < MIN_EPOCH || value > MAX_EPOCH) {
    return failure("GasMeterEpochLengthOutOfBounds", [value, MIN_EPOCH, MAX_EPOCH]);
  }
  return success(event(w.s.addresses.gasMeter, "EpochLengthChanged", m.meter.epochLength, value, epochAt(m, at) + 1n));
}

export function applySetEpoch(m: Model, at: bigint, value: bigint) {
  const first = epochAt(m, at) + 1n;
  m.meter.epochLength = value;
  m.meter.anchor = at;
  m.meter.offset = first;
}

class MeterParam extends SystemCommand<{ by: number; value: number }> {
  readonly name: string;
  constructor(
    private readonly epoch: boolean,
    a: { by: number; value: number },
  ) {
    super(a);
    this.name = epoch ? "setEpochLength" : "setPrice";
  }
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const value = this.epoch ? EPOCHS[this.a.value % EPOCHS.length] : PRICES[this.a.value % PRICES.length];
    const expected = this.epoch
      ? predictSetEpoch(m, w, by.address, at, value)
      : predictSetPrice(m, w, by.address, at, value);
    this.resolved = shown(this.name, [w.names[by.index], value], expected);
    const meter = w.s.gasMeter.connect(w.actors[by.index]);
    await exec(
      m,
      w,
      this.name,
      (o) => (this.epoch ? meter.setEpochLength(value, o) : meter.setPrice(value, o)),
      expected,
    );
    if (expected.ok) {
      if (this.epoch) applySetEpoch(m, at, value);
      else applySetPrice(m, value);
    }
    return this.resolved;
  }
}

class CollectMeterFees extends SystemCommand<{ by: number; permille: number | "over" }> {
  readonly name = "collectMeterFees";
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const at = await pinNextBlock(m);
    const fees = m.meter.fees;
    const amount = this.a.permille === "over" ? fees + 1n : (fees * BigInt(this.a.permille)) / 1000n;
    const pair = anyPair(w, "COLLECT_METER_FEES");
    let expected: Expected;
    if (!hasPermission(m, by.address, pair, at))
      expected = failure("ACLUnauthorized", [by.address, pair.where, pair.what]);
    else if (amount === 0n) expected = failure("GasMeterZeroAmount");
    else if (amount > fees) expected = failure("GasMeterFeesExceeded", [amount, fees]);
    else expected = success(event(w.s.addresses.gasMeter, "FeesCollected", by.address, by.address, amount));
    this.resolved = shown(this.name, [w.names[by.index], amount], expected);
    const meter = w.s.gasMeter.connect(w.actors[by.index]);
    await exec(m, w, this.name, (o) => meter.collectFees(by.address, amount, o), expected);
    if (expected.ok) {
      m.meter.fees -= amount;
      moveNyn(m, w.s.addresses.gasMeter, by.address, amount);
    }
    return this.resolved;
  }
}

const ownerMostly = fc.oneof({ weight: 4, arbitrary: fc.constant(OWNER) }, { weight: 1, arbitrary: anyActor });
const rootMostly = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: anyActor }); // 0 = root
const permille = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, 250, 500, 1000) },
  { weight: 1, arbitrary: fc.constant("over" as const) },
);

/** The meter's command arbitraries (`commands/index.ts` weights them). */
export const meterCommands = {
  deposit: fc
    .record({ by: actorOrOwner, pid: pidSelector, amount: fc.nat({ max: DEPOSITS.length - 1 }) })
    .map((a) => new Deposit(a)),
  withdrawBudget: fc.record({ by: ownerMostly, pid: pidSelector, permille }).map((a) => new WithdrawBudget(a)),
  meteredIncrement: fc.record({ by: callerSelector, pid: fc.nat({ max: 63 }) }).map((a) => new MeteredIncrement(a)),
  relayedMetered: fc
    .record({
      by: callerSelector,
      pid: fc.nat({ max: 63 }),
      fn: fc.constantFrom<RelayFn>("increment", "incrementMetered", "incrementMetered", "reset"),
      kind: fc.constantFrom<RelayKind>("valid", "valid", "valid", "valid", "expired", "forged", "otherPid"),
      relayer: fc.nat({ max: 1 }),
      other: pidSelector,
    })
    .map((a) => new RelayedMetered(a)),
  claim: fc.record({ who: fc.nat({ max: 5 }) }).map((a) => new Claim(a)),
  setting: fc
    .record({
      kind: fc.constantFrom<Setting>("quota", "quota", "relayCap", "lowThreshold"),
      by: ownerMostly,
      pid: pidSelector,
      x: fc.nat({ max: 11 }),
      y: fc.nat({ max: 11 }),
    })
    .map(({ kind, ...a }) => new MeterSetting(kind, a)),
  /** Issue 17: the freezing threshold, around the budget (see FREEZES). */
  freeze: fc
    .record({ by: ownerMostly, pid: pidSelector, x: fc.nat({ max: FREEZES.length - 1 }), y: fc.constant(0) })
    .map((a) => new MeterSetting("freeze", a)),
  /** Issue 17: the sponsorship selector rules (mostly sponsoring, so that sponsored relays still pass). */
  selectorRule: fc
    .record({
      by: ownerMostly,
      pid: pidSelector,
      only: fc.boolean(),
      mask: fc.nat({ max: 15 }),
      on: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map((a) => new RelaySelectorRule(a)),
  param: fc
    .record({ epoch: fc.boolean(), by: rootMostly, value: fc.nat({ max: 13 }) })
    .map(({ epoch, ...a }) => new MeterParam(epoch, a)),
  collect: fc.record({ by: rootMostly, permille }).map((a) => new CollectMeterFees(a)),
};
