import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { GasMeter } from "../typechain-types";
import { ethers } from "ethers";
import { nameOfId } from "../lib/ids";
import {
  PLUGIN,
  addressFor,
  capabilityFor,
  pidFor,
  printJson,
  selectorsFor,
  sent,
  signerFor,
  withSystem,
} from "./util";
import { ENUMS, formatAmount, formatDate } from "../lib/format";
import { parseAmount, parseUint } from "../lib/input";

const STATUS = ENUMS.ProcessStatus;

/** "1.5" NYN → NYN-wei; a whole number with a "wei" suffix is taken as NYN-wei (lib/input.ts). */
const parseNyn = (amount: string, flag = "--amount") => parseAmount(amount, flag, { allowWei: true });

const unlimited = (v: bigint) => (v === 0n ? "unlimited" : `${v} gas`);

/**
 * Columns for `kernel:ps`: each PID's budget (NYN) and the gas charged to it in the current epoch, read with one
 * `meterInfo` call per PID. Usage in kernel:ps: `const cols = await meterColumns(s.gasMeter, list.map((p) => p.pid))`,
 * then `cols.get(p.pid)!.budget` and `.gasThisEpoch` (strings ready to print).
 */
export async function meterColumns(
  gasMeter: GasMeter,
  pids: bigint[],
): Promise<Map<bigint, { budget: string; gasThisEpoch: string; budgetWei: bigint; gasThisEpochRaw: bigint }>> {
  const out = new Map<bigint, { budget: string; gasThisEpoch: string; budgetWei: bigint; gasThisEpochRaw: bigint }>();
  for (const pid of pids) {
    const info = await gasMeter.meterInfo(pid);
    out.set(pid, {
      budget: formatAmount(info.budget),
      gasThisEpoch: info.usedThisEpoch.toLocaleString("en-US"),
      budgetWei: info.budget,
      gasThisEpochRaw: info.usedThisEpoch,
    });
  }
  return out;
}

task(
  "meter:fund",
  "Deposit NYN into a process's gas budget: one EIP-2612 permit transaction (default), or approve + deposit (--approve)",
)
  .addParam("pid", "The PID")
  .addParam("amount", "NYN to deposit (e.g. 10 or 0.5)")
  .addOptionalParam("from", "Who pays (name, index or address)", "deployer")
  .addFlag("permit", "Use depositWithPermit (the default; kept for scripts that pass it)")
  .addFlag("approve", "Send an ERC-20 approve, then deposit (for signers that cannot sign EIP-712 permits)")
  .setAction(async (args: { pid: string; amount: string; from: string; permit: boolean; approve: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const signer = await signerFor(hre, args.from);
      const pid = await pidFor(s, args.pid);
      const amount = parseNyn(args.amount);
      const meter = s.gasMeter.connect(signer);
      const { signPermit } = await import("../lib/permit");
      const deadline = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp + 3600);
      const sig = await signPermit(s.nyn, signer, s.addresses.gasMeter, amount, deadline);
      // The whole deposit, simulated first (the permit stands in for the approve): a deposit that would fail leaves
      // nothing behind — no transaction, no stray approval.
      await meter.depositWithPermit.staticCall(pid, amount, deadline, sig.v, sig.r, sig.s);
      if (!args.approve) {
        await sent(
          `deposit ${formatAmount(amount)} with permit into PID ${pid}`,
          meter.depositWithPermit(pid, amount, deadline, sig.v, sig.r, sig.s),
        );
      } else {
        if ((await s.nyn.allowance(signer.address, s.addresses.gasMeter)) < amount) {
          await sent("approve the gas meter", s.nyn.connect(signer).approve(s.addresses.gasMeter, amount));
        }
        await sent(`deposit ${formatAmount(amount)} into PID ${pid}`, meter.deposit(pid, amount));
      }
      console.log(`PID ${pid} budget: ${formatAmount(await s.gasMeter.budgetOf(pid))}`);
    }),
  );

task("meter:status", "Show a process's gas budget, usage this epoch, quotas and runway")
  .addParam("pid", "The PID")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { pid: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const pid = await pidFor(s, args.pid);
      const info = await s.gasMeter.meterInfo(pid);
      const status = STATUS[Number(await s.registry.statusOf(pid))];
      // Average gas of this process's recent charges, for a runway in calls.
      const events = await s.gasMeter.queryFilter(s.gasMeter.filters.GasCharged(pid), s.deployBlock);
      const recent = events.slice(-20);
      const average = recent.length ? recent.reduce((sum, e) => sum + e.args.gasUsed, 0n) / BigInt(recent.length) : 0n;
      const signers = await s.gasMeter.relaySignerCapability(pid);
      const fees = await s.gasMeter.fees();
      const [health, , aboveFreeze] = await s.gasMeter.budgetHealth(pid);
      const freezeThreshold = await s.gasMeter.freezeThresholdOf(pid);
      // The selector rule: the sponsored functions are those of the RelaySelectorSet logs still sponsored now.
      const selectorsOnly = await s.gasMeter.relaySelectorsOnly(pid);
      const revertedSponsored = await s.gasMeter.relayRevertedCallsSponsored(pid);
      const sponsored: string[] = [];
      for (const e of await s.gasMeter.queryFilter(s.gasMeter.filters.RelaySelectorSet(pid), s.deployBlock)) {
        const selector = e.args.selector as string;
        if (!sponsored.includes(selector) && (await s.gasMeter.isRelaySelectorSponsored(pid, selector)))
          sponsored.push(selector);
      }
      const processInfo = await s.registry.processInfo(pid);
      const programName = (await s.registry.program(processInfo.programId)).name;
      const programAbi = (await hre.artifacts.artifactExists(programName))
        ? new ethers.Interface((await hre.artifacts.readArtifact(programName)).abi)
        : undefined;
      const fnName = (selector: string) => programAbi?.getFunction(selector)?.name ?? selector;
      const healthName = ["healthy", "low", "frozen"][Number(health)];
      if (args.json)
        return printJson({
          pid,
          status,
          spendable: info.spendable,
          budget: info.budget,
          price: info.price,
          epoch: info.epoch,
          epochEndsAt: info.epochEndsAt,
          usedThisEpoch: info.usedThisEpoch,
          processQuota: info.processQuota,
          quotaLeft: info.quotaLeft,
          userQuota: info.userQuota,
          relayGasCap: info.relayGasCap,
          relaySignerCapability: signers,
          relaySelectorsOnly: selectorsOnly,
          sponsoredSelectors: sponsored,
          relayRevertedCallsSponsored: revertedSponsored,
          lowBudgetThreshold: info.lowBudgetThreshold,
          freezeThreshold,
          health: healthName,
          runwayGas: info.runwayGas,
          runwayCalls: average ? await s.gasMeter.runwayCalls(pid, average) : null,
          averageGasPerCall: average,
          callsAveraged: recent.length,
          meterFees: fees,
        });
      console.log(`PID ${pid} (${status}${info.spendable ? "" : ": budget cannot be spent"})`);
      console.log(`  budget            ${formatAmount(info.budget)}`);
      console.log(`  price             ${info.price} NYN-wei per gas`);
      console.log(`  epoch             ${info.epoch} (ends ${formatDate(info.epochEndsAt)})`);
      console.log(`  used this epoch   ${info.usedThisEpoch} gas`);
      console.log(
        `  process quota     ${unlimited(info.processQuota)} per epoch${info.processQuota ? ` (${info.quotaLeft} left)` : ""}`,
      );
      console.log(`  per-user quota    ${unlimited(info.userQuota)} per epoch`);
      console.log(
        `  relay gas cap     ${info.relayGasCap === 0n ? "relaying not reimbursed" : `${info.relayGasCap} gas per request`}`,
      );
      console.log(
        `  relay signers     ${signers === ethers.ZeroHash ? "anyone" : `the owner and holders of ${nameOfId(signers)}`}`,
      );
      console.log(
        `  relay functions   ${selectorsOnly ? `only ${sponsored.map(fnName).join(", ") || "none"}` : "any"}`,
      );
      console.log(
        `  reverted calls    ${revertedSponsored ? "reimbursed" : "not reimbursed (the relayer bears them)"}`,
      );
      console.log(
        `  low-budget alert  ${info.lowBudgetThreshold === 0n ? "off" : `below ${formatAmount(info.lowBudgetThreshold)}`}`,
      );
      console.log(
        `  freezing          ${freezeThreshold === 0n ? "off" : `at or below ${formatAmount(freezeThreshold)}`}; budget ${healthName}` +
          (health === 2n
            ? ": metered and relayed work refused"
            : freezeThreshold
              ? ` (${formatAmount(aboveFreeze)} above it)`
              : ""),
      );
      console.log(
        `  runway            ${info.runwayGas} gas` +
          (average
            ? ` ≈ ${await s.gasMeter.runwayCalls(pid, average)} calls of ${average} gas before it freezes (average of the last ${recent.length})`
            : ""),
      );
      console.log(`meter fees uncollected: ${formatAmount(fees)}`);
    }),
  );

task("meter:withdraw", "Withdraw NYN from a process's gas budget (the process owner only)")
  .addParam("pid", "The PID")
  .addParam("amount", 'NYN to withdraw, or "all"')
  .addOptionalParam("to", "Recipient (name, index or address; default: the owner)")
  .addOptionalParam("from", "The process owner (name, index or address)", "deployer")
  .setAction(async (args: { pid: string; amount: string; to?: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const signer = await signerFor(hre, args.from);
      const pid = await pidFor(s, args.pid);
      const amount = args.amount === "all" ? await s.gasMeter.budgetOf(pid) : parseNyn(args.amount);
      const to = args.to ? await addressFor(hre, args.to, s) : signer.address;
      await sent(
        `withdraw ${formatAmount(amount)} from PID ${pid} to ${to}`,
        s.gasMeter.connect(signer).withdraw(pid, amount, to),
      );
      console.log(`PID ${pid} budget: ${formatAmount(await s.gasMeter.budgetOf(pid))}`);
    }),
  );

task(
  "meter:set-quota",
  "Set a process's quotas (gas per epoch; 0 = unlimited), and optionally its relay cap, low-budget alert and freezing threshold",
)
  .addParam("pid", "The PID")
  .addOptionalParam("process", "Gas per epoch for the whole process (0 = unlimited)", undefined, types.string)
  .addOptionalParam("user", "Gas per epoch for each user (0 = unlimited)", undefined, types.string)
  .addOptionalParam(
    "relayCap",
    "Most gas reimbursed per relayed request (0 = relaying not reimbursed)",
    undefined,
    types.string,
  )
  .addOptionalParam(
    "lowBudget",
    "Emit BudgetLow when the budget falls below this many NYN (0 = off)",
    undefined,
    types.string,
  )
  .addOptionalParam(
    "freezeThreshold",
    "Refuse metered and relayed work while the budget is at or below this many NYN (0 = off; issue 17)",
    undefined,
    types.string,
  )
  .addOptionalParam(
    "relaySigners",
    'Reimburse only relays signed by the owner or a holder of this capability (e.g. INCREMENT_CAPABILITY), or "anyone"',
    undefined,
    types.string,
  )
  .addOptionalParam(
    "relaySelectors",
    'Reimburse only relays calling these functions of the process (e.g. incrementMetered,increment), or "any"',
    undefined,
    types.string,
  )
  .addOptionalParam(
    "revertedCalls",
    'Whether relayed requests whose call reverts are reimbursed: "sponsor" (the default) or "refuse"',
    undefined,
    types.string,
  )
  .addOptionalParam("from", "The process owner (name, index or address)", "deployer")
  .setAction(
    async (
      args: {
        pid: string;
        process?: string;
        user?: string;
        relayCap?: string;
        lowBudget?: string;
        freezeThreshold?: string;
        relaySigners?: string;
        relaySelectors?: string;
        revertedCalls?: string;
        from: string;
      },
      hre,
    ) =>
      withSystem(hre, async (s) => {
        const meter = s.gasMeter.connect(await signerFor(hre, args.from));
        const pid = await pidFor(s, args.pid);
        if (
          args.process === undefined &&
          args.user === undefined &&
          args.relayCap === undefined &&
          args.lowBudget === undefined &&
          args.freezeThreshold === undefined &&
          args.relaySigners === undefined &&
          args.relaySelectors === undefined &&
          args.revertedCalls === undefined
        ) {
          throw new HardhatPluginError(
            PLUGIN,
            "nothing to set: give --process, --user, --relay-cap, --low-budget, --freeze-threshold, --relay-signers, " +
              "--relay-selectors or --reverted-calls",
          );
        }
        if (args.revertedCalls !== undefined && !["sponsor", "refuse"].includes(args.revertedCalls)) {
          throw new HardhatPluginError(
            PLUGIN,
            `--reverted-calls must be "sponsor" or "refuse", not "${args.revertedCalls}"`,
          );
        }
        if (args.process !== undefined || args.user !== undefined) {
          const [currentProcess, currentUser] = await s.gasMeter.quotaOf(pid);
          const processQuota =
            args.process !== undefined
              ? parseUint(args.process, "--process", { what: "gas per epoch (0 = unlimited)" })
              : currentProcess;
          const userQuota =
            args.user !== undefined
              ? parseUint(args.user, "--user", { what: "gas per epoch (0 = unlimited)" })
              : currentUser;
          await sent(
            `quotas of PID ${pid}: process ${unlimited(processQuota)}, per user ${unlimited(userQuota)}`,
            meter.setQuota(pid, processQuota, userQuota),
          );
        }
        if (args.relayCap !== undefined)
          await sent(
            `relay gas cap of PID ${pid}: ${args.relayCap}`,
            meter.setRelayGasCap(
              pid,
              parseUint(args.relayCap, "--relay-cap", { what: "gas per relayed call (0 = no relays)" }),
            ),
          );
        if (args.relaySigners !== undefined) {
          const anyone = args.relaySigners === "anyone";
          const capability = anyone
            ? ethers.ZeroHash
            : await capabilityFor(hre, s, pid, args.relaySigners, false, "--relay-signers");
          await sent(
            anyone
              ? `PID ${pid} reimburses relayed requests of anyone`
              : `PID ${pid} reimburses only relayed requests signed by its owner or a holder of ${args.relaySigners}`,
            meter.setRelaySignerCapability(pid, capability),
          );
        }
        if (args.relaySelectors !== undefined) {
          if (args.relaySelectors === "any") {
            await sent(`PID ${pid} reimburses relayed calls of any function`, meter.setRelaySelectorsOnly(pid, false));
          } else {
            const chosen = await selectorsFor(hre, s, pid, args.relaySelectors, "--relay-selectors");
            const names = chosen.map((c) => `${c.name} (${c.selector})`).join(", ");
            await sent(
              `PID ${pid} sponsors relayed calls of ${names}`,
              meter.setRelaySelectors(
                pid,
                chosen.map((c) => c.selector),
                true,
              ),
            );
            if (!(await s.gasMeter.relaySelectorsOnly(pid))) {
              await sent(
                `PID ${pid} reimburses relayed calls of its sponsored functions only`,
                meter.setRelaySelectorsOnly(pid, true),
              );
            }
          }
        }
        if (args.revertedCalls !== undefined) {
          const sponsored = args.revertedCalls === "sponsor";
          await sent(
            sponsored
              ? `PID ${pid} reimburses relayed requests whose call reverts`
              : `PID ${pid} does not reimburse relayed requests whose call reverts (a relayer simulates first)`,
            meter.setRelayRevertedCallsSponsored(pid, sponsored),
          );
        }
        if (args.lowBudget !== undefined) {
          const threshold = parseNyn(args.lowBudget, "--low-budget");
          await sent(
            `low-budget threshold of PID ${pid}: ${formatAmount(threshold)}`,
            meter.setLowBudgetThreshold(pid, threshold),
          );
        }
        if (args.freezeThreshold !== undefined) {
          const threshold = parseNyn(args.freezeThreshold, "--freeze-threshold");
          await sent(
            `freezing threshold of PID ${pid}: ${threshold === 0n ? "off" : formatAmount(threshold)}`,
            meter.setFreezeThreshold(pid, threshold),
          );
        }
      }),
  );

/** `meter:relay`'s arguments (one request, `--batch N` of them, or a `--requests` file). */
type RelayArgs = {
  pid?: string;
  user: string;
  relayer: string;
  method: string;
  args: string;
  data?: string;
  gas: string;
  batch?: number;
  requests?: string;
  refundReceiver?: string;
};

task("meter:relay", "Sign a request as a user and submit it as a relayer; the process's budget reimburses the relayer")
  .addOptionalParam("pid", "The PID to call (its contract is the request's target); not with --requests")
  .addOptionalParam(
    "user",
    'The signing user: an account name/index/address, a 0x private key, or "random" (a fresh wallet)',
    "bob",
  )
  .addOptionalParam("relayer", "The relayer that submits and pays the ETH (name, index or address)", "relayer")
  .addOptionalParam("method", "A Counter function to call", "incrementMetered")
  .addOptionalParam("args", "Its arguments as a JSON array", "[]")
  .addOptionalParam("data", "Raw calldata instead of --method/--args (0x…)")
  .addOptionalParam("gas", "Gas the request may use", "300000")
  .addOptionalParam(
    "batch",
    "Relay N requests of the user (consecutive nonces) in one executeRelayedBatch transaction",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "requests",
    'A JSON file of signed requests to relay in one batch: [{"pid": "1", "request": {from, to, value, gas, ' +
      "deadline, data, signature}}, …] (instead of --pid, --user, --method, --args, --data)",
  )
  .addOptionalParam("refundReceiver", "Who is credited in the meter for a batch (default: the relayer)")
  .setAction(async (args: RelayArgs, hre) =>
    withSystem(hre, async (s) => {
      if (args.requests === undefined && args.pid === undefined)
        throw new HardhatPluginError(PLUGIN, "--pid: the PID to call is required (unless --requests gives them)");
      if (args.batch !== undefined || args.requests !== undefined) return relayBatch(hre, s, args);
      const { Counter__factory } = await import("../typechain-types");
      const counterInterface = new hre.ethers.Interface(Counter__factory.abi);
      const { ethers } = hre;
      const pid = await pidFor(s, args.pid!);
      const target = await s.registry.instanceOf(pid);
      let user;
      if (args.user === "random") {
        user = ethers.Wallet.createRandom().connect(ethers.provider);
        console.log(`user: fresh wallet ${user.address} (no ETH, no NYN)`);
      } else if (/^0x[0-9a-fA-F]{64}$/.test(args.user)) {
        user = new ethers.Wallet(args.user, ethers.provider);
      } else {
        user = await signerFor(hre, args.user);
      }
      const relayer = await signerFor(hre, args.relayer);
      const data = args.data ?? counterInterface.encodeFunctionData(args.method, JSON.parse(args.args));
      const { signForwardRequest } = await import("../lib/forwardRequest");
      const request = await signForwardRequest(s.forwarder.connect(relayer), user, {
        to: target,
        data,
        gas: parseUint(args.gas, "--gas", { what: "gas" }),
      });
      const before = await s.gasMeter.claimable(relayer.address);
      const receipt = await sent(
        `relay ${args.data ? "calldata" : args.method} on PID ${pid} for ${user.address} by ${relayer.address}`,
        s.forwarder.connect(relayer).executeRelayed(request, pid),
      );
      let failure: string | undefined;
      for (const log of receipt.logs) {
        const parsed = (() => {
          try {
            return s.forwarder.interface.parseLog(log);
          } catch {
            return null;
          }
        })();
        if (parsed?.name === "ExecutedForwardRequest")
          console.log(`call ${parsed.args.success ? "succeeded" : "reverted (the process sponsors reverted calls)"}`);
        if (parsed?.name === "RelayedCallReverted") {
          const { describeRevertData } = await import("../lib/errors");
          failure = describeRevertData(parsed.args.reason);
          console.log(`revert reason: ${failure}`);
        }
      }
      const reimbursed = (await s.gasMeter.claimable(relayer.address)) - before;
      console.log(
        `relayer reimbursed ${formatAmount(reimbursed)} (claimable ${formatAmount(before + reimbursed)}); PID ${pid} budget ${formatAmount(await s.gasMeter.budgetOf(pid))}`,
      );
      // The relay was mined and paid for, but the user's call did not happen: that is a failure for the caller.
      if (failure !== undefined) {
        console.error(`error: the relayed call reverted: ${failure}`);
        process.exitCode = 1;
      }
    }),
  );

// ------------------------------------------------------------------ issue 17: batched relays

type System = Parameters<Parameters<typeof withSystem>[1]>[0];

/** One request of a batch as `meter:relay --requests <file>` reads it. */
interface BatchItem {
  pid: bigint;
  request: { from: string; to: string; value: bigint; gas: bigint; deadline: bigint; data: string; signature: string };
}

/**
 * `meter:relay --batch N` / `--requests file.json`: relay the requests in one `executeRelayedBatch` (simulated
 * first), then print each request's outcome from the receipt's events, in order: relayed (the call succeeded or
 * reverted, with the gas charged to its process and the relayer's reimbursement) or skipped (with the reason).
 */
async function relayBatch(hre: HardhatRuntimeEnvironment, s: System, args: RelayArgs): Promise<void> {
  const { Counter__factory } = await import("../typechain-types");
  const { signForwardRequest } = await import("../lib/forwardRequest");
  const { describeRevertData } = await import("../lib/errors");
  const relayer = await signerFor(hre, args.relayer);
  const receiver = args.refundReceiver ? await addressFor(hre, args.refundReceiver, s) : relayer.address;
  let items: BatchItem[];
  if (args.requests !== undefined) {
    const fs = await import("fs");
    let parsed: { pid: string | number; request: Record<string, string | number> }[];
    try {
      parsed = JSON.parse(fs.readFileSync(args.requests, "utf8"));
    } catch (error) {
      throw new HardhatPluginError(PLUGIN, `--requests: cannot read ${args.requests}: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0)
      throw new HardhatPluginError(PLUGIN, "--requests: expected a non-empty JSON array of {pid, request}");
    items = parsed.map((item, i) => {
      const r = item.request ?? {};
      for (const key of ["from", "to", "gas", "deadline", "data", "signature"])
        if (r[key] === undefined) throw new HardhatPluginError(PLUGIN, `--requests: item ${i} has no request.${key}`);
      return {
        pid: parseUint(String(item.pid), `--requests item ${i} pid`),
        request: {
          from: ethers.getAddress(String(r.from)),
          to: ethers.getAddress(String(r.to)),
          value: BigInt(r.value ?? 0),
          gas: BigInt(r.gas),
          deadline: BigInt(r.deadline),
          data: String(r.data),
          signature: String(r.signature),
        },
      };
    });
  } else {
    const n = args.batch!;
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new HardhatPluginError(PLUGIN, "--batch: 1 to 100 requests");
    const pid = await pidFor(s, args.pid!);
    const target = await s.registry.instanceOf(pid);
    const user =
      args.user === "random"
        ? ethers.Wallet.createRandom().connect(hre.ethers.provider)
        : await signerFor(hre, args.user);
    const data =
      args.data ?? new ethers.Interface(Counter__factory.abi).encodeFunctionData(args.method, JSON.parse(args.args));
    const first = await s.forwarder.nonces(user.address);
    items = [];
    for (let i = 0; i < n; i++) {
      const request = await signForwardRequest(s.forwarder.connect(relayer), user, {
        to: target,
        data,
        gas: parseUint(args.gas, "--gas", { what: "gas" }),
        nonce: first + BigInt(i),
      });
      items.push({ pid, request });
    }
  }
  const before = await s.gasMeter.claimable(receiver);
  const receipt = await sent(
    `relay a batch of ${items.length} request(s) by ${relayer.address}`,
    s.forwarder.connect(relayer).executeRelayedBatch(
      items.map((i) => i.request),
      items.map((i) => i.pid),
      receiver,
    ),
  );
  // Each request's events come in order: RelayedRequestSkipped(index), or ExecutedForwardRequest
  // [+ RelayedCallReverted] + GasCharged (which closes it); then one RelayerReimbursed per process for the batch.
  const outcomes: string[] = items.map(() => "no outcome found in the receipt");
  const credits: string[] = [];
  let cursor = 0;
  let line = "";
  let failed = 0;
  for (const log of receipt.logs) {
    let parsed: ethers.LogDescription | null = null;
    for (const c of [s.forwarder, s.gasMeter] as { interface: ethers.Interface }[]) {
      try {
        parsed = c.interface.parseLog(log);
      } catch {
        parsed = null;
      }
      if (parsed) break;
    }
    if (!parsed) continue;
    if (parsed.name === "RelayedRequestSkipped") {
      const index = Number(parsed.args.index);
      const reason = parsed.args.reason === "0x" ? "out of gas" : describeRevertData(parsed.args.reason);
      outcomes[index] = `skipped (nobody charged): ${reason}`;
      failed++;
      cursor = index + 1;
      line = "";
    } else if (parsed.name === "ExecutedForwardRequest") {
      line = `nonce ${parsed.args.nonce}: call ${parsed.args.success ? "succeeded" : "reverted"}`;
      if (!parsed.args.success) failed++;
    } else if (parsed.name === "RelayedCallReverted") {
      line += ` (${describeRevertData(parsed.args.reason)})`;
    } else if (parsed.name === "GasCharged" && line !== "" && cursor < outcomes.length) {
      outcomes[cursor] =
        `${line}; PID ${parsed.args.pid} charged ${parsed.args.gasUsed.toLocaleString("en-US")} gas (${formatAmount(parsed.args.cost)})`;
      cursor++;
      line = "";
    } else if (parsed.name === "RelayerReimbursed") {
      credits.push(`PID ${parsed.args.pid} reimbursed the relayer ${formatAmount(parsed.args.amount)} for the batch`);
    }
  }
  items.forEach((item, i) => console.log(`request ${i} from ${item.request.from} to PID ${item.pid}: ${outcomes[i]}`));
  for (const credit of credits) console.log(credit);
  const reimbursed = (await s.gasMeter.claimable(receiver)) - before;
  console.log(
    `${receiver} reimbursed ${formatAmount(reimbursed)} in all (claimable ${formatAmount(before + reimbursed)})`,
  );
  if (failed > 0) {
    console.error(`error: ${failed} of ${items.length} request(s) skipped or reverted`);
    process.exitCode = 1;
  }
}

task("meter:claim", "Withdraw a relayer's reimbursements (pull payment)")
  .addOptionalParam("relayer", "The relayer (name, index or address)", "relayer")
  .addOptionalParam("to", "Recipient (default: the relayer)")
  .setAction(async (args: { relayer: string; to?: string }, hre) =>
    withSystem(hre, async (s) => {
      const relayer = await signerFor(hre, args.relayer);
      const to = args.to ? await addressFor(hre, args.to, s) : relayer.address;
      const amount = await s.gasMeter.claimable(relayer.address);
      await sent(`claim ${formatAmount(amount)} to ${to}`, s.gasMeter.connect(relayer).claim(to));
    }),
  );
