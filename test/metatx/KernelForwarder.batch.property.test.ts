import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { RELAY_CAP, accounted, eventsOf, meterFixture, signRequest, spawnTestProgram } from "../fixtures/meter";
import type { ForwardRequestData } from "../fixtures/meter";

/**
 * Batched relays as a property (issue 17: "the property model extended with batches"): random batches of requests by
 * several users to two processes — valid, expired, forged or with a stale nonce; billed to the right PID or another;
 * calls that succeed or revert; under a selector rule and a refusal of reverted calls, or not — against a model that
 * predicts, request by request, which are skipped and why, which are charged and to which process, each signer's
 * nonce, and the relayer's credit: one `RelayerReimbursed` per process equal to the sum of its requests' charges, and
 * the meter's NYN (budgets + claimable + fees) unchanged. The gas of each charge is measured by the contracts (the
 * model checks it is positive and within the relay cap). Runs: `BATCH_PROPERTY_RUNS` (default 20), seed
 * `BATCH_PROPERTY_SEED` (default 17).
 */

type Kind = "valid" | "expired" | "forged" | "stale";
type Item = { signer: number; program: boolean; fn: number; wrongPid: boolean; kind: Kind };
type Settings = { selectorRule: boolean; paysReverted: boolean };

const RUNS = Number(process.env.BATCH_PROPERTY_RUNS ?? 20);
const SEED = Number(process.env.BATCH_PROPERTY_SEED ?? 17);

const itemArb: fc.Arbitrary<Item> = fc.record({
  signer: fc.nat(3),
  program: fc.boolean(),
  fn: fc.nat(1),
  wrongPid: fc.boolean().chain((b) => (b ? fc.nat(4).map((n) => n === 0) : fc.constant(false))),
  kind: fc.oneof(
    { weight: 6, arbitrary: fc.constant("valid" as const) },
    { weight: 1, arbitrary: fc.constant("expired" as const) },
    { weight: 1, arbitrary: fc.constant("forged" as const) },
    { weight: 1, arbitrary: fc.constant("stale" as const) },
  ),
});

async function fixture() {
  const f = await meterFixture();
  const t = await spawnTestProgram(f, f.accounts.alice);
  await (await f.meter.connect(f.accounts.alice).setRelayGasCap(t.pid, RELAY_CAP)).wait();
  const incrementMetered = f.counter.interface.getFunction("incrementMetered").selector;
  await (await f.meter.connect(f.accounts.alice).setRelaySelectors(f.pid, [incrementMetered], true)).wait();
  return { ...f, t };
}

describe("KernelForwarder.executeRelayedBatch (property)", function () {
  it(`predicts every request's outcome, each process's one credit and conservation (${RUNS} random batches)`, async function () {
    this.timeout(600_000);
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { minLength: 1, maxLength: 6 }),
        fc.record({ selectorRule: fc.boolean(), paysReverted: fc.boolean() }),
        async (items: Item[], settings: Settings) => check(await loadFixture(fixture), items, settings),
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});

type F = Awaited<ReturnType<typeof fixture>>;

async function check(f: F, items: Item[], settings: Settings) {
  const { alice, bob, carol, dave, relayer } = f.accounts;
  const signers = [alice, bob, carol, dave];
  const counter = await f.counter.getAddress();
  const program = await f.t.program.getAddress();
  await (await f.meter.connect(alice).setRelaySelectorsOnly(f.pid, settings.selectorRule)).wait();
  await (await f.meter.connect(alice).setRelayRevertedCallsSponsored(f.t.pid, settings.paysReverted)).wait();

  // The model, request by request: the nonce each signer's next valid request needs, and each request's outcome.
  const nonces = new Map<string, bigint>();
  for (const s of signers) nonces.set(s.address, await f.forwarder.nonces(s.address));
  const requests: ForwardRequestData[] = [];
  const pids: bigint[] = [];
  const expected: ({ skipped: string } | { charged: bigint; user: string; succeeded: boolean })[] = [];
  for (const item of items) {
    const signer = signers[item.signer];
    const to = item.program ? program : counter;
    const pid = item.program !== item.wrongPid ? f.t.pid : f.pid;
    const actual = item.program ? f.t.pid : f.pid;
    const program_ = f.t.program.interface;
    const counter_ = f.counter.interface;
    const data = item.program
      ? item.fn === 0
        ? program_.encodeFunctionData("burn", [5n])
        : program_.encodeFunctionData("fail")
      : item.fn === 0
        ? counter_.encodeFunctionData("incrementMetered")
        : counter_.encodeFunctionData("increment");
    const nonce = nonces.get(signer.address)!;
    let request: ForwardRequestData;
    if (item.kind === "forged") {
      // Signed by another key, claiming to be from `signer`.
      request = {
        ...(await signRequest(f.forwarder, signers[(item.signer + 1) % 4], { to, data })),
        from: signer.address,
      };
    } else {
      request = await signRequest(f.forwarder, signer, {
        to,
        data,
        nonce: item.kind === "stale" ? nonce + 7n : nonce,
        deadline: item.kind === "expired" ? 1n : undefined,
      });
    }
    requests.push(request);
    pids.push(pid);
    if (item.kind === "expired") expected.push({ skipped: "ERC2771ForwarderExpiredRequest" });
    else if (item.kind !== "valid") expected.push({ skipped: "ERC2771ForwarderInvalidSigner" });
    else if (pid !== actual) expected.push({ skipped: "GasMeterNotProcessInstance" });
    else if (!item.program && settings.selectorRule && item.fn === 1) {
      expected.push({ skipped: "GasMeterSelectorNotSponsored" });
    } else {
      // Counter's increments need INCREMENT (Bob) or ownership (Alice); the program's burn succeeds, fail reverts.
      const succeeded = item.program ? item.fn === 0 : item.signer <= 1;
      if (!succeeded && item.program && !settings.paysReverted) {
        expected.push({ skipped: "GasMeterRevertedCallNotSponsored" });
      } else {
        expected.push({ charged: pid, user: signer.address, succeeded });
        nonces.set(signer.address, nonce + 1n);
      }
    }
  }

  const held = await accounted(f, [f.pid, f.t.pid], [relayer.address]);
  const budgets = [await f.meter.budgetOf(f.pid), await f.meter.budgetOf(f.t.pid)];
  const claimable = await f.meter.claimable(relayer.address);
  const receipt = (await (
    await f.forwarder.connect(relayer).executeRelayedBatch(requests, pids, ethers.ZeroAddress)
  ).wait())!;
  const events = eventsOf(receipt, f.meter, f.forwarder);

  // Skipped: exactly the predicted requests, each for the predicted reason.
  const skipped = events.filter((e) => e.name === "RelayedRequestSkipped");
  const reasonOf = (data: string) =>
    (f.meter.interface.parseError(data) ?? f.forwarder.interface.parseError(data))?.name ?? data;
  expect(skipped.map((e) => [Number(e.args.index), reasonOf(e.args.reason)])).to.deep.equal(
    expected.flatMap((x, i) => ("skipped" in x ? [[i, x.skipped]] : [])),
  );
  // Charged: the rest, in order, each to its process for its signer, within the relay cap.
  const charged = expected.filter((x) => "charged" in x) as { charged: bigint; user: string; succeeded: boolean }[];
  const charges = events.filter((e) => e.name === "GasCharged");
  expect(charges.map((c) => [c.args.pid, c.args.user])).to.deep.equal(charged.map((x) => [x.charged, x.user]));
  for (const c of charges) {
    expect(c.args.gasUsed).to.be.gt(0n);
    expect(c.args.gasUsed).to.be.lte(RELAY_CAP);
  }
  const executed = events.filter((e) => e.name === "ExecutedForwardRequest");
  expect(executed.map((e) => [e.args.signer, e.args.success])).to.deep.equal(charged.map((x) => [x.user, x.succeeded]));
  // One credit per process, in the order the batch first names the processes, for the sum of its charges.
  const sumOf = (pid: bigint) => charges.filter((c) => c.args.pid === pid).reduce((a, c) => a + c.args.cost, 0n);
  const credited = [...new Set(pids)].filter((pid) => charged.some((x) => x.charged === pid));
  const credits = events.filter((e) => e.name === "RelayerReimbursed");
  expect(credits.map((e) => [e.args.relayer, e.args.pid, e.args.amount])).to.deep.equal(
    credited.map((pid) => [relayer.address, pid, sumOf(pid)]),
  );
  // Budgets paid exactly their charges, the relayer can claim them all, and no NYN was created or lost.
  expect([await f.meter.budgetOf(f.pid), await f.meter.budgetOf(f.t.pid)]).to.deep.equal([
    budgets[0] - sumOf(f.pid),
    budgets[1] - sumOf(f.t.pid),
  ]);
  expect(await f.meter.claimable(relayer.address)).to.equal(claimable + sumOf(f.pid) + sumOf(f.t.pid));
  expect(await accounted(f, [f.pid, f.t.pid], [relayer.address])).to.equal(held);
  for (const s of signers) expect(await f.forwarder.nonces(s.address)).to.equal(nonces.get(s.address));
}
