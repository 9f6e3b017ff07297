import { useState } from "react";
import { formatUnits, isAddress, zeroHash as ZERO_HASH, type Abi, type Address, type Hex } from "viem";
import { formatAmount } from "../../../lib/format";
import { NO_EXPIRY } from "../../../lib/ids";
import * as abis from "../generated/abis";
import { aclAbi, gasMeterAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import type { useTransact } from "../chain/transact";
import { nynWei, ValueForm, whole } from "./forms";

/** Every `…_CAPABILITY` constant (a view without inputs returning bytes32) the console's ABIs know, by name. */
const CAPABILITY_NAMES = [
  ...new Set(
    Object.values(abis as Record<string, Abi>)
      .flat()
      .filter(
        (item) =>
          item.type === "function" &&
          item.name.endsWith("_CAPABILITY") &&
          item.inputs.length === 0 &&
          item.outputs.length === 1 &&
          item.outputs[0].type === "bytes32",
      )
      .map((item) => (item as { name: string }).name),
  ),
].sort();

/** The capability constant `name` as a one-function ABI (read from a process's contract). */
function constantAbi(name: string) {
  return [
    {
      type: "function",
      name,
      inputs: [],
      outputs: [{ name: "", type: "bytes32" }],
      stateMutability: "view",
    },
  ] as const;
}

/**
 * The capabilities a process's program defines: each `…_CAPABILITY` constant the console's ABIs know, read from the
 * process's own contract (those its program does not have are left out; their ids as the program defines them).
 * @param instance The process's contract.
 * @returns A query of `{ name, id }` pairs.
 */
export function useProgramCapabilities(instance: Address) {
  return useChainQuery(["capabilities-of", instance], async (client) => {
    const found = await Promise.all(
      CAPABILITY_NAMES.map(async (name) => {
        try {
          const id = (await client.readContract({
            address: instance,
            abi: constantAbi(name),
            functionName: name,
          })) as Hex;
          return { name, id };
        } catch {
          return undefined;
        }
      }),
    );
    return found.filter((c): c is { name: string; id: Hex } => c !== undefined);
  });
}

/**
 * A process owner's actions: withdraw from the budget, set the quotas, the relay gas cap, the low-budget
 * threshold and the capability a relayed request's signer must hold (GasMeter), grant and revoke a capability the program defines (ACL). Offered to any connected account:
 * each write is simulated first, so anyone else is refused with the decoded error and nothing is sent.
 */
export function OwnerActions({
  pid,
  owner,
  instance,
  me,
  now,
  meter,
  send,
  refuse,
}: {
  pid: bigint;
  owner: Address;
  instance: Address;
  me: Address;
  now: bigint;
  meter: { processQuota: bigint; userQuota: bigint; relayGasCap: bigint; lowBudgetThreshold: bigint };
  send: ReturnType<typeof useTransact>["send"];
  refuse: ReturnType<typeof useTransact>["refuse"];
}) {
  const { addresses: a, names } = useKernel();
  const capabilities = useProgramCapabilities(instance);
  const [amount, setAmount] = useState("1");
  const [to, setTo] = useState<string>(me);
  const [processQuota, setProcessQuota] = useState(meter.processQuota.toString());
  const [userQuota, setUserQuota] = useState(meter.userQuota.toString());
  const [signerCapability, setSignerCapability] = useState<string | undefined>(undefined);
  const relaySigner = useChainQuery(["relay-signer", pid.toString()], (client) =>
    client.readContract({ address: a.gasMeter, abi: gasMeterAbi, functionName: "relaySignerCapability", args: [pid] }),
  );
  const [holder, setHolder] = useState("");
  const [capability, setCapability] = useState("");
  const [hours, setHours] = useState("");
  const list = capabilities.data ?? [];
  const chosen = list.find((c) => c.name === capability) ?? list[0];
  const named = (address: string) => names.get(address.toLowerCase()) ?? address;
  const meterWrite = (label: string, functionName: string, args: readonly unknown[]) =>
    send(label, { address: a.gasMeter, abi: gasMeterAbi, functionName, args });
  const invalid = (label: string, what: string) => refuse(label, `give ${what}`);
  const capabilityWrite = (grant: boolean) => {
    const who = holder.trim();
    const label = `${grant ? "grant" : "revoke"} ${chosen?.name ?? "a capability"} ${grant ? "to" : "from"} ${named(who)} on PID ${pid}`;
    if (!chosen || !isAddress(who)) return invalid(label, "a holder's address and a capability of this program");
    if (!grant)
      return send(label, {
        address: a.acl,
        abi: aclAbi,
        functionName: "revokeCapability",
        args: [pid, who, chosen.id],
      });
    const h = hours.trim();
    const expiry = h === "" || h === "0" ? NO_EXPIRY : now + BigInt(Math.round(Number(h) * 3600));
    return send(`${label}${expiry === NO_EXPIRY ? "" : ` for ${h} h`}`, {
      address: a.acl,
      abi: aclAbi,
      functionName: "grantCapability",
      args: [pid, who, chosen.id, expiry],
    });
  };
  return (
    <section data-testid="owner-actions">
      <h2>Owner actions</h2>
      <p className="muted">
        Only the owner ({named(owner)}) may; anyone else is refused (simulated first, nothing sent). Gas quotas are per
        epoch, 0 = unlimited; a relay gas cap of 0 reimburses no relayed call.
      </p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const wei = nynWei(amount);
          const label = `withdraw ${wei === undefined ? amount : formatAmount(wei)} from PID ${pid} to ${named(to.trim())}`;
          if (wei === undefined || !isAddress(to.trim())) void invalid(label, "an amount in NYN and an address");
          else void meterWrite(label, "withdraw", [pid, wei, to.trim()]);
        }}
      >
        <label>
          withdraw{" "}
          <input value={amount} onChange={(e) => setAmount(e.target.value)} size={8} data-testid="withdraw-amount" />{" "}
          NYN
        </label>{" "}
        <label>
          to <input value={to} onChange={(e) => setTo(e.target.value)} size={44} data-testid="withdraw-to" />
        </label>{" "}
        <button type="submit" data-testid="withdraw">
          withdraw
        </button>
      </form>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const p = whole(processQuota);
          const u = whole(userQuota);
          const label = `set the quotas of PID ${pid} to ${processQuota} gas per epoch, ${userQuota} per user`;
          if (p === undefined || u === undefined) void invalid(label, "whole numbers of gas");
          else void meterWrite(label, "setQuota", [pid, p, u]);
        }}
      >
        <label>
          process quota{" "}
          <input
            value={processQuota}
            onChange={(e) => setProcessQuota(e.target.value)}
            size={12}
            data-testid="quota-process"
          />{" "}
          gas
        </label>{" "}
        <label>
          per user{" "}
          <input value={userQuota} onChange={(e) => setUserQuota(e.target.value)} size={12} data-testid="quota-user" />{" "}
          gas
        </label>{" "}
        <button type="submit" data-testid="set-quota">
          set quotas
        </button>
      </form>
      <ValueForm
        initial={meter.relayGasCap.toString()}
        parse={whole}
        name="relay gas cap"
        unit="gas per relayed call"
        expected="a whole number of gas"
        size={12}
        testid="relay-cap"
        button={{ text: "set relay cap", testid: "set-relay-cap" }}
        label={(text) => `set the relay gas cap of PID ${pid} to ${text} gas`}
        onSubmit={(label, cap) => meterWrite(label, "setRelayGasCap", [pid, cap])}
        refuse={refuse}
      />
      <ValueForm
        initial={formatUnits(meter.lowBudgetThreshold, 18)}
        parse={nynWei}
        name="low-budget threshold"
        unit="NYN (BudgetLow below it; 0 = off)"
        expected="an amount in NYN (0 = off)"
        size={10}
        testid="low-budget"
        button={{ text: "set threshold", testid: "set-low-budget" }}
        label={(text, wei) =>
          `set the low-budget threshold of PID ${pid} to ${wei === undefined ? text : formatAmount(wei)}`
        }
        onSubmit={(label, wei) => meterWrite(label, "setLowBudgetThreshold", [pid, wei])}
        refuse={refuse}
      />
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const current = relaySigner.data ?? ZERO_HASH;
          const id = (signerCapability ?? current) as `0x${string}`;
          const name = id === ZERO_HASH ? "anyone" : (list.find((c) => c.id === id)?.name ?? id);
          void meterWrite(`reimburse relayed requests to PID ${pid} signed by: ${name}`, "setRelaySignerCapability", [
            pid,
            id,
          ]);
        }}
      >
        <label>
          relayed requests reimbursed when signed by{" "}
          <select
            value={signerCapability ?? relaySigner.data ?? ZERO_HASH}
            onChange={(e) => setSignerCapability(e.target.value)}
            data-testid="relay-signer"
          >
            <option value={ZERO_HASH}>anyone</option>
            {list.map((c) => (
              <option key={c.name} value={c.id}>
                the owner or a holder of {c.name}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit" data-testid="set-relay-signer">
          set relay signers
        </button>
      </form>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void capabilityWrite(true);
        }}
      >
        <label>
          capability{" "}
          <select
            value={chosen?.name ?? ""}
            onChange={(e) => setCapability(e.target.value)}
            data-testid="capability-name"
          >
            {list.map((c) => (
              <option key={c.name} value={c.name} title={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          holder{" "}
          <input
            value={holder}
            onChange={(e) => setHolder(e.target.value)}
            size={44}
            placeholder="0x…"
            data-testid="capability-holder"
          />
        </label>{" "}
        <label>
          expires in{" "}
          <input
            value={hours}
            onChange={(e) => setHours(e.target.value)}
            size={5}
            placeholder="never"
            data-testid="capability-hours"
          />{" "}
          hours
        </label>{" "}
        <button type="submit" data-testid="grant-capability" disabled={list.length === 0}>
          grant
        </button>{" "}
        <button
          type="button"
          onClick={() => void capabilityWrite(false)}
          data-testid="revoke-capability"
          disabled={list.length === 0}
        >
          revoke
        </button>
        {capabilities.isSuccess && list.length === 0 && (
          <span className="muted"> its program defines no capability the console knows</span>
        )}
      </form>
    </section>
  );
}
