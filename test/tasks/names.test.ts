import { expect } from "chai";
import hre from "hardhat";
import { refused, run, shellFixture } from "../fixtures/shell";

/**
 * The name shell (issue 16) as a user meets it: names wherever an account or a PID is taken, refusals before sending
 * (a bad label, a name that does not resolve, an account name given for a PID), and decoded errors that name the
 * accounts by their names.
 */
describe("Name shell (issue 16)", function () {
  /** The shell's system with alice.nyn, bob.nyn and counter.alice.nyn (PID 1). */
  async function namedShell() {
    const s = await shellFixture();
    for (const [name, args] of [
      ["name:claim", { label: "alice", from: "alice" }],
      ["name:claim", { label: "bob", from: "bob" }],
      ["name:set", { name: "counter.alice.nyn", pid: "1", from: "alice" }],
    ] as const) {
      const r = await run(name, args);
      expect(r.exitCode, r.err).to.equal(0);
    }
    return s;
  }

  it("refuses a bad label before sending, naming the character and its position", async function () {
    await shellFixture();
    await refused(
      "name:claim",
      { label: "Bob_2", from: "bob" },
      /label "Bob_2" has a forbidden character "B" at position 0/,
    );
    await refused("name:claim", { label: "ab", from: "bob" }, /label "ab" is 2 characters long; labels are 3 to 32/);
  });

  it("takes a process name for --pid, refuses an account name or a name that no longer resolves", async function () {
    const s = await namedShell();
    const r = await run("meter:status", { pid: "counter.alice.nyn", json: true });
    expect(r.exitCode, r.err).to.equal(0);
    expect(JSON.parse(r.out).pid).to.equal("1");
    await refused("meter:status", { pid: "alice.nyn" }, /--pid: "alice.nyn" names an account, not a process/);
    const killed = await run("process:kill", { pid: "counter.alice.nyn", from: "alice" });
    expect(killed.exitCode, killed.err).to.equal(0);
    expect(await s.registry.statusOf(1)).to.equal(3n);
    await refused("meter:status", { pid: "counter.alice.nyn" }, /"counter.alice.nyn" does not resolve/);
    const resolved = await run("name:resolve", { name: "counter.alice.nyn" });
    expect(resolved.out).to.match(/counter\.alice\.nyn does not resolve \(released, or its process was killed\)/);
  });

  it("prints names next to addresses in decoded errors and in kernel:ps", async function () {
    const s = await namedShell();
    await refused(
      "process:kill",
      { pid: "counter.alice.nyn", from: "bob" },
      /ProcessRegistryNotOwner\(pid=1, caller=bob\.nyn \(0x90F7…b906\), owner=alice\.nyn \(0x3C44…93BC\)\)/,
    );
    const ps = await run("kernel:ps", {});
    expect(ps.out).to.match(/1[\s│]+counter\.alice\.nyn[\s│]+-[\s│]+alice\.nyn \(0x3C44…93BC\)/);
    await refused(
      "name:claim",
      { label: "alice", from: "bob" },
      new RegExp(`NameServiceTaken\\(node=alice\\.nyn, owner=alice\\.nyn \\(0x3C44…93BC\\)\\)`),
    );
    expect(await s.names.addr(hre.ethers.namehash("alice.nyn"))).to.equal(s.accounts.alice.address);
  });
});
