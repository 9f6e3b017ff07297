import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { governanceFixture, GovSystem, propose, passAndQueue, enact } from "./helpers";
import { Action, lifecycleArgs, setAction, transferAction } from "../../lib/dao";
import { NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { revertDataOf } from "../../lib/errors";
import { underCoverage } from "../fixtures/coverage";

/**
 * Governance liveness (ATTACKS.md "Invariants", R7, R8) as a property: after any sequence of proposals that mix the
 * timelock's self-administration (its own schedule/execute/cancel, single or batch, wrapping revocations of the
 * governor's roles or of the timelock's root; role grants to the timelock, the governor, an outsider or everyone;
 * revocations and renunciations; delay changes) with the guarded ACL calls and the governor's bounded setters —
 * each proposal either refused when proposed (exactly as `validateActions` predicts) or proposed, voted, queued and
 * executed (its execution may revert) — a fresh ordinary proposal can still be proposed, voted, queued and executed,
 * the governor still holds its PROPOSER, EXECUTOR and CANCELLER roles and the timelock the kernel's root.
 *
 * Budget: ~15 s for the default 60 sequences (up to 3 proposals of up to 3 steps each, every proposal followed by
 * the liveness check); 20 under solidity-coverage (the first 20 of the same 60: ~40 s instrumented for all 60).
 * PROPERTY_RUNS and PROPERTY_SEED override the runs and the seed, as for the system model.
 */

const envInt = (name: string, fallback: number) => {
  const raw = process.env[name];
  return raw === undefined || raw === "" ? fallback : Number(raw);
};

type Role = "P" | "E" | "C" | "A";
type Who = "timelock" | "governor" | "mallory" | "anyone";
/** A call the timelock could be made to run as itself through its own schedule/execute. */
type Inner = "revokeExecutor" | "revokeProposer" | "revokeCanceller" | "revokeRoot" | "grantAdmin";
/** ACL calls on the kernel's root; `revokeOtherRoot` passes the guard and reverts at execution (ACLNotGranted). */
type AclCall = "revokeRoot" | "renounceRoot" | "grantRoot" | "rootManager" | "revokeOtherRoot";
type Step =
  | { kind: "transfer" }
  | { kind: "delay"; seconds: bigint }
  | { kind: "grant"; role: Role; who: Who }
  | { kind: "revoke"; role: Role; who: Who }
  | { kind: "renounce"; role: Role }
  | { kind: "nest"; inner: Inner; how: "single" | "batch" | "cancel"; full: boolean }
  | { kind: "acl"; call: AclCall }
  | { kind: "param"; name: "quorum" | "votingPeriod" | "proposalThreshold" | "votingDelay"; value: string };

const DAY = 86_400n;

async function roleId(s: GovSystem, r: Role): Promise<string> {
  const tl = s.timelock;
  return r === "P"
    ? tl.PROPOSER_ROLE()
    : r === "E"
      ? tl.EXECUTOR_ROLE()
      : r === "C"
        ? tl.CANCELLER_ROLE()
        : tl.DEFAULT_ADMIN_ROLE();
}

function address(s: GovSystem, who: Who): string {
  return who === "anyone" ? hre.ethers.ZeroAddress : who === "mallory" ? s.accounts.mallory.address : s.addresses[who];
}

const onTimelock = (s: GovSystem, fn: string, args: unknown[], label: string): Action => ({
  target: s.addresses.timelock,
  value: 0n,
  data: s.timelock.interface.encodeFunctionData(fn as "grantRole", args as [string, string]),
  label,
});
const onAcl = (s: GovSystem, fn: string, args: unknown[], label: string): Action => ({
  target: s.addresses.acl,
  value: 0n,
  data: s.acl.interface.encodeFunctionData(fn as "renouncePermission", args as [string, string]),
  label,
});

async function innerCall(s: GovSystem, inner: Inner): Promise<{ target: string; data: string }> {
  const g = s.addresses.governor;
  switch (inner) {
    case "revokeRoot":
      return onAcl(s, "revokePermission", [s.addresses.timelock, s.addresses.kernel, PERMISSION.ROOT], "");
    case "grantAdmin":
      return onTimelock(s, "grantRole", [await roleId(s, "A"), s.accounts.mallory.address], "");
    default: {
      const role = inner === "revokeExecutor" ? "E" : inner === "revokeProposer" ? "P" : "C";
      return onTimelock(s, "revokeRole", [await roleId(s, role), g], "");
    }
  }
}

/** The actions of one step (a nested step is several: the delay and roles it needs, then schedule and execute). */
async function actionsOf(s: GovSystem, step: Step, salt: string): Promise<Action[]> {
  const zero = hre.ethers.ZeroHash;
  switch (step.kind) {
    case "transfer":
      return [transferAction(s, s.accounts.bob.address, 1n)];
    case "delay":
      return [setAction(s, "timelockDelay", step.seconds.toString())];
    case "grant":
      return [onTimelock(s, "grantRole", [await roleId(s, step.role), address(s, step.who)], `grant ${step.role}`)];
    case "revoke":
      return [onTimelock(s, "revokeRole", [await roleId(s, step.role), address(s, step.who)], `revoke ${step.role}`)];
    case "renounce":
      return [
        onTimelock(s, "renounceRole", [await roleId(s, step.role), s.addresses.timelock], `renounce ${step.role}`),
      ];
    case "param":
      return [setAction(s, step.name, step.value)];
    case "acl": {
      const k = s.addresses.kernel;
      const t = s.addresses.timelock;
      const m = s.accounts.mallory.address;
      if (step.call === "revokeRoot") return [onAcl(s, "revokePermission", [t, k, PERMISSION.ROOT], step.call)];
      if (step.call === "renounceRoot") return [onAcl(s, "renouncePermission", [k, PERMISSION.ROOT], step.call)];
      if (step.call === "grantRoot") return [onAcl(s, "grantPermission", [m, k, PERMISSION.ROOT, NO_EXPIRY], "")];
      if (step.call === "revokeOtherRoot") return [onAcl(s, "revokePermission", [m, k, PERMISSION.ROOT], "")];
      return [onAcl(s, "setPermissionManager", [m, k, PERMISSION.ROOT], step.call)];
    }
    case "nest": {
      const inner = await innerCall(s, step.inner);
      const t = s.addresses.timelock;
      const setup = step.full
        ? [
            setAction(s, "timelockDelay", "0"),
            onTimelock(s, "grantRole", [await roleId(s, "P"), t], "grant P to the timelock"),
            onTimelock(s, "grantRole", [await roleId(s, "E"), t], "grant E to the timelock"),
            onTimelock(s, "grantRole", [await roleId(s, "C"), t], "grant C to the timelock"),
          ]
        : [];
      if (step.how === "cancel") {
        const id = await s.timelock.hashOperation(inner.target, 0, inner.data, zero, salt);
        return [...setup, onTimelock(s, "cancel", [id], "timelock.cancel")];
      }
      if (step.how === "batch") {
        return [
          ...setup,
          onTimelock(s, "scheduleBatch", [[inner.target], [0], [inner.data], zero, salt, 0], "scheduleBatch"),
          onTimelock(s, "executeBatch", [[inner.target], [0], [inner.data], zero, salt], "executeBatch"),
        ];
      }
      return [
        ...setup,
        onTimelock(s, "schedule", [inner.target, 0, inner.data, zero, salt, 0], "schedule"),
        onTimelock(s, "execute", [inner.target, 0, inner.data, zero, salt], "execute"),
      ];
    }
  }
}

const role = fc.constantFrom<Role>("P", "E", "C", "A");
const who = fc.constantFrom<Who>("timelock", "governor", "mallory", "anyone");
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Step>({ kind: "transfer" }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0n, 60n, 30n * DAY, 30n * DAY + 1n, 1n << 200n).map((seconds): Step => ({
      kind: "delay",
      seconds,
    })),
  },
  { weight: 3, arbitrary: fc.record({ role, who }).map((a): Step => ({ kind: "grant", ...a })) },
  { weight: 2, arbitrary: fc.record({ role, who }).map((a): Step => ({ kind: "revoke", ...a })) },
  { weight: 1, arbitrary: role.map((r): Step => ({ kind: "renounce", role: r })) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        inner: fc.constantFrom<Inner>(
          "revokeExecutor",
          "revokeProposer",
          "revokeCanceller",
          "revokeRoot",
          "grantAdmin",
        ),
        how: fc.constantFrom<"single" | "batch" | "cancel">("single", "single", "batch", "cancel"),
        full: fc.boolean(),
      })
      .map((a): Step => ({ kind: "nest", ...a })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<AclCall>("revokeRoot", "renounceRoot", "grantRoot", "rootManager", "revokeOtherRoot")
      .map((call): Step => ({ kind: "acl", call })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<[Extract<Step, { kind: "param" }>["name"], string]>(
        ["quorum", "100"],
        ["quorum", "6"],
        ["quorum", "5"],
        ["votingPeriod", "1"],
        ["votingPeriod", "60"],
        ["votingDelay", String(30n * DAY)],
        ["proposalThreshold", "1000000"],
        ["proposalThreshold", "5000000"],
      )
      .map(([name, value]): Step => ({ kind: "param", name, value })),
  },
);

/** A fresh ordinary proposal goes all the way; the governor keeps its roles, the timelock its root. */
async function expectLive(s: GovSystem, n: number) {
  const bob = s.accounts.bob.address;
  const before = await s.nyn.balanceOf(bob);
  await enact(s, [transferAction(s, bob, 7n)], `liveness check ${n}`);
  expect(await s.nyn.balanceOf(bob)).to.equal(before + 7n);
  const tl = s.timelock;
  for (const r of ["P", "E", "C"] as Role[]) {
    expect(await tl.hasRole(await roleId(s, r), s.addresses.governor), `governor role ${r}`).to.equal(true);
  }
  expect(await tl.hasRole(await roleId(s, "A"), s.addresses.timelock), "timelock self-admin").to.equal(true);
  expect(await s.kernel.isRoot(s.addresses.timelock), "timelock root").to.equal(true);
}

describe("Governance liveness (property)", function () {
  it("R7/R8: after any executed proposals mixing the timelock's self-calls with guarded calls, governance still acts", async function () {
    this.timeout(0);
    const counts = { refused: 0, executed: 0, executionReverted: 0, liveChecks: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        async (proposals) => {
          const s = await loadFixture(governanceFixture);
          for (const steps of proposals) {
            const i = n++;
            const salt = hre.ethers.id(`salt ${i}`);
            const actions = (await Promise.all(steps.map((st) => actionsOf(s, st, salt)))).flat();
            const targets = actions.map((a) => a.target);
            const datas = actions.map((a) => a.data);
            const guard = await s.governor.validateActions(targets, datas).then(
              () => undefined,
              (e: unknown) => revertDataOf(e) ?? "reverted",
            );
            if (guard !== undefined) {
              // Refused when proposed, exactly as validateActions predicted.
              const got = await s.governor
                .connect(s.accounts.alice)
                .propose(
                  targets,
                  actions.map(() => 0n),
                  datas,
                  `property ${i}`,
                )
                .then(
                  () => undefined,
                  (e: unknown) => revertDataOf(e) ?? "reverted",
                );
              expect(
                got,
                JSON.stringify(steps, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
              ).to.equal(guard);
              counts.refused++;
            } else {
              const p = await propose(s, actions, `property ${i}`);
              await passAndQueue(s, p);
              const ok = await s.governor.execute(...lifecycleArgs(p.proposal)).then(
                async (tx) => (await tx.wait(), true),
                () => false,
              );
              if (ok) counts.executed++;
              else counts.executionReverted++;
            }
            await expectLive(s, i);
            counts.liveChecks++;
          }
        },
      ),
      { numRuns: envInt("PROPERTY_RUNS", underCoverage ? 20 : 60), seed: envInt("PROPERTY_SEED", 0x52375238) },
    );
    console.log(
      `      liveness: ${counts.refused} proposals refused at propose, ${counts.executed} executed, ` +
        `${counts.executionReverted} reverted at execution; ${counts.liveChecks} liveness checks`,
    );
    expect(counts.refused).to.be.greaterThan(0);
    expect(counts.executed).to.be.greaterThan(0);
  });
});
