import fc from "fast-check";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Expected, Model, OWNER, World, actor, actorAt, lower, processOf } from "../model";
import { signForwardRequest } from "../../../lib/forwardRequest";

/** Picks an actor: mostly the owner of the target process (so actions succeed often), sometimes anyone. */
export const actorOrOwner = fc.oneof(
  { weight: 3, arbitrary: fc.constant(OWNER) },
  { weight: 2, arbitrary: fc.nat({ max: 6 }) },
);

/** Picks any actor. */
export const anyActor = fc.nat({ max: 6 });

/** Picks a process (resolved modulo the number of processes; may resolve to the next, unknown PID). */
export const pidSelector = fc.nat({ max: 63 });

/** For an even selector, an account holding some capability on `pid` now (if any); otherwise actor `sel`. */
export function holderOrActor(m: Model, w: World, pid: number, sel: number): { address: string; index: number } {
  const p = processOf(m, pid);
  if (p && sel % 2 === 0) {
    const prefix = `${pid}|${p.generation}|`;
    const holders = [...m.acl.capabilities.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.split("|")[2]);
    if (holders.length > 0) {
      const holder = holders[(sel >> 1) % holders.length];
      return actorAt(w, holder)!;
    }
  }
  return actor(m, w, sel);
}

/** For an even selector, one of the model's capability grants under the current owners (pid, holder, capability). */
export function pickCapabilityGrant(m: Model, w: World, sel: number) {
  if (sel % 2 !== 0) return undefined;
  const grants = [...m.acl.capabilities.keys()]
    .map((k) => k.split("|"))
    .filter(([pid, generation]) => processOf(m, Number(pid))?.generation === Number(generation));
  if (grants.length === 0) return undefined;
  const [pid, , holder, what] = grants[(sel >> 1) % grants.length];
  return { pid: Number(pid), holder: actorAt(w, holder)!, what };
}

/** `name(args) -> ok | ErrorName` for the shrunk-sequence print. */
export function shown(name: string, args: (string | number | bigint)[], expected: Expected): string {
  return `${name}(${args.join(", ")}) -> ${expected.ok ? "ok" : expected.error}`;
}

/**
 * An ERC-2771 request from `user` to `to` with `data` (1,000,000 gas), valid until `at + 600` or, for an "expired"
 * kind, already expired at `at - 1`; signed by `user` with its next nonce or, for a "forged" kind, by `forger`
 * (with the forger's nonce) while still claiming to be from `user`.
 */
export async function userRequest(
  m: Model,
  w: World,
  user: { address: string; index: number },
  forger: HardhatEthersSigner,
  kind: string,
  to: string,
  data: string,
  at: bigint,
) {
  const deadline = kind === "expired" ? at - 1n : at + 600n;
  const signer = kind === "forged" ? forger : w.actors[user.index];
  const signed = await signForwardRequest(w.s.forwarder, signer, {
    to,
    data,
    deadline,
    gas: 1_000_000n,
    nonce: m.forwarder.nonces.get(lower(signer.address)) ?? 0n,
  });
  return { request: { ...signed, from: user.address }, deadline };
}
