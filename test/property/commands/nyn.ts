import fc from "fast-check";
import hre from "hardhat";
import {
  ANY,
  CAP,
  Expected,
  Model,
  SystemCommand,
  World,
  actor,
  allowanceKey,
  exec,
  failure,
  hasPermission,
  lower,
  pairNamed,
  pinNextBlock,
  success,
} from "../model";
import { signPermit } from "../../../lib/permit";
import { anyActor, shown } from "./common";

/**
 * NYN commands: transfer (within or beyond the balance), delegate (to an actor or to nobody), mint (by a MINT
 * holder within the cap, exactly to the cap, or beyond it; by anyone else), and EIP-2612 permits (valid, replayed,
 * expired), which move the nonces the invariants watch.
 */

const balanceOf = (m: Model, a: string) => m.nyn.balances.get(lower(a)) ?? 0n;

class Transfer extends SystemCommand<{ from: number; to: number; permille: number | "over" }> {
  readonly name = "transfer";
  protected async step(m: Model, w: World) {
    const from = actor(m, w, this.a.from);
    const to = actor(m, w, this.a.to);
    const balance = balanceOf(m, from.address);
    const amount = this.a.permille === "over" ? balance + 1n : (balance * BigInt(this.a.permille)) / 1000n;
    await pinNextBlock(m);
    const expected: Expected =
      amount > balance ? failure("ERC20InsufficientBalance", [from.address, balance, amount]) : success();
    const nyn = w.s.nyn.connect(w.actors[from.index]);
    this.resolved = shown(
      this.name,
      [w.names[from.index], w.names[to.index], this.a.permille === "over" ? "balance+1" : `${this.a.permille}‰`],
      expected,
    );
    await exec(m, w, this.name, (o) => nyn.transfer(to.address, amount, o), expected);
    if (expected.ok) {
      m.nyn.balances.set(lower(from.address), balance - amount);
      m.nyn.balances.set(lower(to.address), balanceOf(m, to.address) + amount);
    }
    return this.resolved;
  }
}

export class Delegate extends SystemCommand<{ from: number; to: number }> {
  readonly name = "delegate";
  protected async step(m: Model, w: World) {
    const from = actor(m, w, this.a.from);
    const none = this.a.to >= w.actors.length;
    const to = none ? hre.ethers.ZeroAddress : actor(m, w, this.a.to).address;
    await pinNextBlock(m);
    const expected = success();
    const nyn = w.s.nyn.connect(w.actors[from.index]);
    this.resolved = shown(
      this.name,
      [w.names[from.index], none ? "nobody" : w.names[actor(m, w, this.a.to).index]],
      expected,
    );
    await exec(m, w, this.name, (o) => nyn.delegate(to, o), expected);
    if (none) m.nyn.delegates.delete(lower(from.address));
    else m.nyn.delegates.set(lower(from.address), lower(to));
    return this.resolved;
  }
}

/**
 * A plain NYN transfer into the meter or a market module, bypassing deposit, buy and postJob (SECURITY.md B7: no
 * accounting may depend on the contract's own balance). The module holds it but owes it to nobody: the
 * conservation invariants count it apart, and every payout must still come out exactly as the model predicts.
 */
class StrayTransfer extends SystemCommand<{ from: number; module: number; amount: bigint }> {
  readonly name = "strayTransfer";
  protected async step(m: Model, w: World) {
    const from = actor(m, w, this.a.from);
    const a = w.s.addresses;
    const [to, name] = [
      [a.gasMeter, "meter"],
      [a.marketplace, "marketplace"],
      [a.jobBoard, "jobBoard"],
    ][this.a.module % 3];
    const balance = balanceOf(m, from.address);
    const amount = this.a.amount;
    await pinNextBlock(m);
    const expected: Expected =
      amount > balance ? failure("ERC20InsufficientBalance", [from.address, balance, amount]) : success();
    const nyn = w.s.nyn.connect(w.actors[from.index]);
    this.resolved = shown(this.name, [w.names[from.index], name, amount], expected);
    await exec(m, w, this.name, (o) => nyn.transfer(to, amount, o), expected);
    if (expected.ok) {
      m.nyn.balances.set(lower(from.address), balance - amount);
      m.nyn.balances.set(lower(to), balanceOf(m, to) + amount);
      m.nyn.stray.set(lower(to), (m.nyn.stray.get(lower(to)) ?? 0n) + amount);
    }
    return this.resolved;
  }
}

type MintKind = "some" | "toCap" | "beyond";

class Mint extends SystemCommand<{ by: number; to: number; kind: MintKind; amount: bigint }> {
  readonly name = "mint";
  protected async step(m: Model, w: World) {
    const by = actor(m, w, this.a.by);
    const to = actor(m, w, this.a.to);
    const room = CAP - m.nyn.supply;
    const amount = this.a.kind === "some" ? this.a.amount : this.a.kind === "toCap" ? room : room + 1n + this.a.amount;
    const at = await pinNextBlock(m);
    let expected: Expected;
    if (!hasPermission(m, by.address, pairNamed(w, "MINT"), at))
      expected = failure("NYNUnauthorizedMinter", [by.address]);
    else if (amount > room) expected = failure("NYNCapExceeded", [amount, m.nyn.supply + amount, CAP]);
    else expected = success();
    const nyn = w.s.nyn.connect(w.actors[by.index]);
    this.resolved = shown(this.name, [w.names[by.index], w.names[to.index], this.a.kind, amount], expected);
    await exec(m, w, this.name, (o) => nyn.mint(to.address, amount, o), expected);
    if (expected.ok) {
      m.nyn.supply += amount;
      m.nyn.balances.set(lower(to.address), balanceOf(m, to.address) + amount);
    }
    return this.resolved;
  }
}

type PermitKind = "valid" | "replay" | "expired";

class Permit extends SystemCommand<{ owner: number; spender: number; kind: PermitKind; value: bigint }> {
  readonly name = "permit";
  protected async step(m: Model, w: World) {
    const owner = actor(m, w, this.a.owner);
    const spender = actor(m, w, this.a.spender);
    const nonce = m.nyn.nonces.get(lower(owner.address)) ?? 0n;
    const last = m.nyn.lastPermit.get(lower(owner.address));
    const kind: PermitKind = this.a.kind === "replay" && !last ? "valid" : this.a.kind;
    const at = m.now + 1n;
    const sig =
      kind === "replay"
        ? last!
        : await signPermit(
            w.s.nyn,
            w.actors[owner.index],
            spender.address,
            this.a.value,
            kind === "expired" ? at - 1n : at + 3600n,
            { nonce },
          );
    await pinNextBlock(m);
    let expected: Expected;
    if (at > sig.deadline) expected = failure("ERC2612ExpiredSignature", [sig.deadline]);
    else if (kind === "replay")
      expected = failure("ERC2612InvalidSigner", [ANY, owner.address]); // nonce moved on
    else expected = success();
    const nyn = w.s.nyn.connect(w.relayer);
    this.resolved = shown(this.name, [w.names[owner.index], `spender=${w.names[spender.index]}`, kind], expected);
    await exec(
      m,
      w,
      this.name,
      (o) => nyn.permit(sig.owner, sig.spender, sig.value, sig.deadline, sig.v, sig.r, sig.s, o),
      expected,
    );
    if (expected.ok) {
      m.nyn.nonces.set(lower(owner.address), nonce + 1n);
      m.nyn.allowances.set(allowanceKey(sig.owner, sig.spender), sig.value);
      m.nyn.lastPermit.set(lower(owner.address), { ...sig, owner: sig.owner, spender: sig.spender });
    }
    return this.resolved;
  }
}

const mintBy = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: anyActor }); // 0 = root

/** NYN's command arbitraries. */
export const nynCommands: fc.Arbitrary<SystemCommand>[] = [
  fc
    .record({
      from: anyActor,
      to: anyActor,
      permille: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: 1000 }) },
        { weight: 1, arbitrary: fc.constant("over" as const) },
      ),
    })
    .map((a) => new Transfer(a)),
  fc.record({ from: anyActor, to: fc.nat({ max: 7 }) }).map((a) => new Delegate(a)), // 7 = nobody
  fc
    .record({ from: anyActor, module: fc.nat({ max: 2 }), amount: fc.constantFrom(1n, 10n ** 12n + 1n, 10n ** 18n) })
    .map((a) => new StrayTransfer(a)),
  fc
    .record({
      by: mintBy,
      to: anyActor,
      kind: fc.constantFrom<MintKind>("some", "some", "toCap", "beyond"),
      amount: fc.bigInt({ min: 0n, max: 10n ** 27n }),
    })
    .map((a) => new Mint(a)),
  fc
    .record({
      owner: anyActor,
      spender: anyActor,
      kind: fc.constantFrom<PermitKind>("valid", "valid", "replay", "expired"),
      value: fc.bigInt({ min: 0n, max: 10n ** 24n }),
    })
    .map((a) => new Permit(a)),
];
