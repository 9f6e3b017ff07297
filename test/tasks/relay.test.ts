import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import { refused, run, shellFixture } from "../fixtures/shell";
import hre from "hardhat";
import { signForwardRequest } from "../../lib/forwardRequest";

/** `meter:relay --batch N` and `--requests file.json` (issue 17 part 1): one executeRelayedBatch, each outcome. */
describe("meter:relay (batches)", function () {
  async function funded() {
    const s = await shellFixture();
    const [, , alice, , , , relayer] = await hre.ethers.getSigners();
    await (await s.nyn.connect(alice).approve(await s.gasMeter.getAddress(), 10n ** 18n)).wait();
    await (await s.gasMeter.connect(alice).deposit(1n, 10n ** 18n)).wait();
    await (await s.gasMeter.connect(alice).setRelayGasCap(1n, 500_000n)).wait();
    return { ...s, alice, relayer };
  }

  it("relays --batch N requests of one user in one transaction and prints each outcome", async function () {
    const s = await funded();
    const { alice, relayer } = s;
    const r = await run("meter:relay", { pid: "1", user: "alice", relayer: "relayer", batch: 3 });
    expect(r.exitCode, r.err).to.equal(0);
    expect(r.out).to.match(/relay a batch of 3 request\(s\) by 0x[0-9a-fA-F]{40}: tx 0x/);
    for (let i = 0; i < 3; i++) {
      expect(r.out).to.match(
        new RegExp(
          `request ${i} from ${alice.address} to PID 1: nonce ${i}: call succeeded; PID 1 charged [0-9,]+ gas`,
        ),
      );
    }
    expect(await s.forwarder.nonces(alice.address)).to.equal(3n);
    const claimable = await s.gasMeter.claimable(relayer.address);
    expect(claimable).to.be.gt(0n);
    // One credit for the process for the whole batch, equal to what the relayer can now claim.
    const credits = r.out.match(/PID 1 reimbursed the relayer ([0-9.]+) NYN for the batch/g) ?? [];
    expect(credits).to.have.length(1);
    expect(hre.ethers.parseEther(credits[0]!.match(/([0-9.]+) NYN/)![1])).to.equal(claimable);
    // meter:status gives the runway in calls of the recent charges' average gas (GasMeter.runwayCalls).
    const status = await run("meter:status", { pid: "1" });
    const m = status.out.match(/≈ ([0-9]+) calls of ([0-9]+) gas before it freezes \(average of the last 3\)/);
    expect(m, status.out).to.not.equal(null);
    expect(BigInt(m![1])).to.equal(await s.gasMeter.runwayCalls(1n, BigInt(m![2])));
    expect(BigInt(m![1])).to.be.gt(0n);
  });

  it("meter:set-quota --reverted-calls refuse stops paying for reverted calls; meter:status says so", async function () {
    const s = await funded();
    const r = await run("meter:set-quota", { pid: "1", revertedCalls: "refuse", from: "alice" });
    expect(r.exitCode, r.err).to.equal(0);
    expect(r.out).to.match(/PID 1 does not reimburse relayed requests whose call reverts .*: tx 0x/);
    expect(await s.gasMeter.relayRevertedCallsSponsored(1n)).to.equal(false);
    expect((await run("meter:status", { pid: "1" })).out).to.match(/reverted calls\s+not reimbursed/);
    await refused("meter:set-quota", { pid: "1", revertedCalls: "maybe", from: "alice" }, /--reverted-calls must be/);
    const on = await run("meter:set-quota", { pid: "1", revertedCalls: "sponsor", from: "alice" });
    expect(on.out).to.match(/PID 1 reimburses relayed requests whose call reverts: tx 0x/);
    expect(await s.gasMeter.relayRevertedCallsSponsored(1n)).to.equal(true);
  });

  it("relays a JSON file of signed requests; a replayed one is skipped with its reason and the task exits 1", async function () {
    const s = await funded();
    const { alice, relayer } = s;
    const target = await s.registry.instanceOf(1n);
    const data = (await import("../../typechain-types")).Counter__factory.createInterface().encodeFunctionData(
      "incrementMetered",
    );
    const request = await signForwardRequest(s.forwarder.connect(relayer), alice, { to: target, data });
    const item = {
      pid: "1",
      request: {
        ...request,
        value: request.value.toString(),
        gas: request.gas.toString(),
        deadline: request.deadline.toString(),
      },
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nyn-relay-")), "requests.json");
    fs.writeFileSync(file, JSON.stringify([item, item]));
    const r = await run("meter:relay", { requests: file, relayer: "relayer" });
    expect(r.exitCode).to.equal(1);
    expect(r.out).to.match(/request 0 from 0x[0-9a-fA-F]{40} to PID 1: nonce 0: call succeeded/);
    expect(r.out).to.match(
      /request 1 from 0x[0-9a-fA-F]{40} to PID 1: skipped \(nobody charged\): ERC2771ForwarderInvalidSigner/,
    );
    expect(r.err).to.match(/^error: 1 of 2 request\(s\) skipped or reverted/);
    expect(await s.forwarder.nonces(alice.address)).to.equal(1n);
  });

  it("meter:set-quota --relay-selectors sponsors named functions only, refuses unknown names, and 'any' lifts the rule", async function () {
    const s = await funded();
    const r = await run("meter:set-quota", { pid: "1", relaySelectors: "incrementMetered", from: "alice" });
    expect(r.exitCode, r.err).to.equal(0);
    expect(r.out).to.match(/PID 1 sponsors relayed calls of incrementMetered \(0x[0-9a-f]{8}\): tx 0x/);
    expect(r.out).to.match(/PID 1 reimburses relayed calls of its sponsored functions only: tx 0x/);
    expect(await s.gasMeter.relaySelectorsOnly(1n)).to.equal(true);
    const status = await run("meter:status", { pid: "1" });
    expect(status.out).to.match(/relay functions\s+only incrementMetered/);
    const ok = await run("meter:relay", { pid: "1", user: "alice", relayer: "relayer", batch: 1 });
    expect(ok.exitCode, ok.err).to.equal(0);
    await refused(
      "meter:set-quota",
      { pid: "1", relaySelectors: "nosuchfunction", from: "alice" },
      /--relay-selectors: "nosuchfunction" is not a function of PID 1 \(program Counter\); it has .*incrementMetered/,
    );
    const off = await run("meter:set-quota", { pid: "1", relaySelectors: "any", from: "alice" });
    expect(off.out).to.match(/PID 1 reimburses relayed calls of any function: tx 0x/);
    expect(await s.gasMeter.relaySelectorsOnly(1n)).to.equal(false);
  });

  it("refuses an unreadable --requests file before sending anything", async function () {
    const s = await funded();
    await refused(
      "meter:relay",
      { requests: "/nonexistent/requests.json", relayer: "relayer" },
      /--requests: cannot read \/nonexistent\/requests.json/,
    );
    expect(await s.gasMeter.claimable(s.relayer.address)).to.equal(0n);
  });

  it("meter:set-quota --freeze-threshold freezes the budget; meter:status says so; meter:relay is then refused", async function () {
    const s = await funded(); // budget 1 NYN
    const set = await run("meter:set-quota", { pid: "1", freezeThreshold: "1", from: "alice" });
    expect(set.exitCode, set.err).to.equal(0);
    expect(await s.gasMeter.freezeThresholdOf(1n)).to.equal(10n ** 18n);
    const status = await run("meter:status", { pid: "1" });
    expect(status.out).to.match(/freezing {10}at or below 1 NYN; budget frozen: metered and relayed work refused/);
    const json = JSON.parse((await run("meter:status", { pid: "1", json: true })).out);
    expect([json.health, json.freezeThreshold]).to.deep.equal(["frozen", (10n ** 18n).toString()]);
    await refused("meter:relay", { pid: "1", user: "alice", relayer: "relayer" }, /GasMeterFrozen\(pid=1, /);
  });
});
