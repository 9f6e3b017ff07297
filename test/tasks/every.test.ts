import { expect } from "chai";
import hre from "hardhat";
import { run, shellFixture } from "../fixtures/shell";
import { ANY_ENTITY } from "../../lib/ids";

/** The kernel shell's namespaces: every task in them must appear in the table below. */
const SHELL = /^(kernel|process|program|acl|nyn|meter|dao|market|job|arbiter|chain|name):/;

/** One step of the table: a task, its arguments, and what its output must say. */
type Step = [name: string, args: Record<string, unknown>, expected: RegExp];

describe("Every task, once, as a user runs it (issue 13 S14)", function () {
  it("S14 a table runs every task of the shell on the in-process network: exit 0, the expected output, and --json on every read task prints only JSON", async function () {
    const s = await shellFixture(); // Alice's Counter is PID 1
    const ran = new Set<string>();
    const outputs = new Map<string, string>();
    /** Run a step: exit 0, nothing on stderr, the output matching. */
    const step = async ([name, args, expected]: Step) => {
      const r = await run(name, args);
      expect(r.exitCode, `${name}: ${r.err}`).to.equal(0);
      expect(r.err, name).to.equal("");
      expect(r.out, name).to.match(expected);
      ran.add(name);
      outputs.set(name, r.out);
      return r.out;
    };
    /** A read task with --json: one JSON document and nothing else. */
    const json = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await run(name, { ...args, json: true });
      expect(r.exitCode, `${name} --json: ${r.err}`).to.equal(0);
      expect(() => JSON.parse(r.out), `${name} --json printed more than JSON:\n${r.out}`).to.not.throw();
      ran.add(name);
      return JSON.parse(r.out);
    };

    // The kernel and its processes.
    await step(["kernel:info", {}, /kernel\s+0x[0-9a-fA-F]{40}[\s\S]*modules:/]);
    expect((await json("kernel:info")).modules).to.have.length(6);
    await step(["process:spawn", { program: "Counter", from: "alice" }, /PID 2 at 0x.*verified by the DAO/]);
    // Anyone publishes a program (unverified); the DAO's verification comes by proposal (below).
    await step([
      "program:publish",
      { contract: "Counter", name: "BobCounter", from: "bob" },
      /program 2: BobCounter 1\.0\.0, unverified/,
    ]);
    // Its next version: same line, linked both ways; processes stay on the version they were spawned from.
    await step([
      "program:publish",
      { contract: "Counter", label: "1.1.0", previous: "2", from: "bob" },
      /program 3: BobCounter 1\.1\.0, unverified.*the next version of program 2/,
    ]);
    await step(["program:list", {}, /BobCounter 1\.0\.0\s+unverified\s+publisher bob.*newer: #3/]);
    const listed = (await json("program:list")).programs;
    expect(listed.map((p: { verified: boolean }) => p.verified)).to.deep.equal([true, false, false]);
    expect(listed.map((p: { previousVersion: number }) => p.previousVersion)).to.deep.equal([0, 0, 2]);
    await step(["kernel:ps", {}, /2 shown of 2/]);
    expect((await json("kernel:ps")).processes.map((p: { pid: string }) => p.pid)).to.deep.equal(["1", "2"]);
    await step(["acl:grant", { who: "bob", what: "INCREMENT", pid: "1", from: "alice" }, /grant capability INCREMENT/]);
    await step(["acl:check", { who: "bob", what: "INCREMENT", pid: "1" }, /MAY use INCREMENT on PID 1/]);
    expect((await json("acl:check", { who: "bob", what: "INCREMENT", pid: "1" })).allowed).to.equal(true);
    await step([
      "acl:whois",
      { who: "bob" },
      /bob \(0x90F7…b906\) may do:[\s\S]*1\s.*INCREMENT_CAPABILITY.*never expires/,
    ]);
    const bob = await json("acl:whois", { who: "bob" });
    expect(bob.capabilities.map((c: { pid: string; active: boolean }) => [c.pid, c.active])).to.deep.equal([
      ["1", true],
    ]);
    const root = await json("acl:whois", { who: "timelock" });
    const held = await s.acl.permissionsOf(s.addresses.timelock, 0, 1000);
    expect(root.permissions.map((p: { where: string; what: string }) => `${p.where}:${p.what}`)).to.deep.equal(
      held.map((h) => `${h.where}:${h.what}`),
    );
    expect(root.permissions.length).to.be.greaterThan(0);
    await step(["process:call", { pid: "1", fn: "increment", from: "bob" }, /Counter\.increment\(\) on PID 1: tx 0x/]);
    await step(["process:call", { pid: "1", fn: "count" }, /Counter\.count on PID 1: 1/]);
    expect((await json("process:call", { pid: "1", fn: "count" })).result).to.equal("1");
    // Names (issue 16): claim, name a process, resolve both ways; names wherever an account or a PID is taken.
    await step(["name:fee", {}, /root nyn\s+fee 0/]);
    await step([
      "name:claim",
      { label: "alice", from: "alice" },
      /alice\.nyn → 0x3C44.*primary name of 0x3C44\w+: alice\.nyn/,
    ]);
    await step(["name:claim", { label: "bob.nyn", from: "bob" }, /bob\.nyn → 0x90F7/]);
    await step(["name:set", { name: "counter.alice.nyn", pid: "1", from: "alice" }, /counter\.alice\.nyn → PID 1/]);
    await step(["name:resolve", { name: "counter.alice.nyn" }, /counter\.alice\.nyn → 0x[\s\S]*PID\s+1/]);
    expect((await json("name:resolve", { name: "alice.nyn" })).address).to.equal(s.accounts.alice.address);
    await step(["name:reverse", { who: "alice" }, /is alice\.nyn/]);
    expect((await json("name:reverse", { who: "bob.nyn" })).name).to.equal("bob.nyn");
    await step(["process:call", { pid: "counter.alice.nyn", fn: "count" }, /Counter\.count on PID 1: 1/]);
    await step(["acl:whois", { who: "bob.nyn" }, /bob\.nyn \(0x90F7…b906\) may do:/]);
    await step(["kernel:ps", {}, /counter\.alice\.nyn/]);
    expect((await json("kernel:ps")).processes[0].name).to.equal("counter.alice.nyn");
    await step(["name:claim", { label: "alice-2", from: "alice" }, /alice-2\.nyn → /]);
    await step(["name:primary", { name: "alice-2.nyn", from: "alice" }, /primary name alice-2\.nyn: tx 0x/]);
    await step([
      "name:transfer",
      { name: "alice-2.nyn", to: "bob.nyn", from: "alice" },
      /offer alice-2\.nyn to 0x90F7/,
    ]);
    await step(["name:accept", { name: "alice-2.nyn", from: "bob" }, /accept alice-2\.nyn: tx 0x/]);
    expect((await json("name:resolve", { name: "alice-2.nyn" })).address).to.equal(s.accounts.bob.address);
    await step(["acl:revoke", { who: "bob", what: "INCREMENT", pid: "1", from: "alice" }, /revoke/i]);
    // Issue 16 part 3: a built-in condition, a token-gated grant to everyone, checked for a holder and a non-holder.
    const conditionOut = await step([
      "acl:condition",
      { nynAtLeast: "100", from: "alice" },
      /condition 0x[0-9a-fA-F]{40}: holds ≥ 100 NYN/,
    ]);
    const gate = /condition (0x[0-9a-fA-F]{40})/.exec(conditionOut)![1];
    await step([
      "acl:grant",
      { who: ANY_ENTITY, what: "INCREMENT", pid: "1", condition: gate, from: "alice" },
      /grant capability INCREMENT on PID 1 to 0x[fF]{40} until never while holds ≥ 100 NYN/,
    ]);
    await step(["acl:check", { who: "carol", what: "INCREMENT", pid: "1" }, /MAY use INCREMENT on PID 1/]);
    await step([
      "acl:check",
      { who: "bob", what: "INCREMENT", pid: "1" },
      /may NOT use INCREMENT on PID 1[\s\S]*granted to everyone until never while holds ≥ 100 NYN/,
    ]);
    expect((await json("acl:whois", { who: "bob" })).everyoneCapabilities).to.have.length(1);
    await step(["acl:revoke", { who: ANY_ENTITY, what: "INCREMENT", pid: "1", from: "alice" }, /revoke/i]);
    // The condition built into the ACL: no contract, the minimum on the grant.
    await step([
      "acl:grant",
      { who: ANY_ENTITY, what: "INCREMENT", pid: "1", minBalance: "100", from: "alice" },
      /grant capability INCREMENT on PID 1 to 0x[fF]{40} until never while holding ≥ 100 NYN \(built into the ACL\)/,
    ]);
    await step([
      "acl:check",
      { who: "bob", what: "INCREMENT", pid: "1" },
      /may NOT use INCREMENT on PID 1[\s\S]*granted to everyone until never while holds ≥ 100 NYN \(built into the ACL\)/,
    ]);
    await step(["acl:check", { who: "carol", what: "INCREMENT", pid: "1" }, /MAY use INCREMENT on PID 1/]);
    expect(BigInt((await json("acl:whois", { who: "bob" })).everyoneCapabilities[0].minBalance)).to.equal(10n ** 20n);
    await step(["acl:revoke", { who: ANY_ENTITY, what: "INCREMENT", pid: "1", from: "alice" }, /revoke/i]);
    await step(["process:transfer", { pid: "2", to: "bob", from: "alice" }, /transfer PID 2 to 0x/]);
    await step(["process:suspend", { pid: "2", from: "bob" }, /PID 2 is now Suspended/]);
    await step(["process:resume", { pid: "2", from: "bob" }, /PID 2 is now Running/]);
    await step(["process:kill", { pid: "2", from: "bob" }, /PID 2 is now Terminated/]);
    await step(["kernel:pause", {}, /kernel paused/]);
    await step(["kernel:unpause", {}, /kernel unpaused/]);
    await step(["chain:time", {}, /chain time \d{4}-\d\d-\d\dT/]);
    expect(Number((await json("chain:time")).timestamp)).to.be.greaterThan(0);

    // The token.
    await step(["nyn:balance", { who: "alice" }, /balance\s+[\d,]+(\.\d+)? NYN/]);
    expect(BigInt((await json("nyn:balance", { who: "alice" })).balance)).to.be.greaterThan(0n);
    await step(["nyn:transfer", { to: "bob", amount: "100", from: "alice" }, /transfer 100 NYN to 0x/]);
    await step(["nyn:delegate", { to: "bob", from: "bob" }, /votes of 0x[0-9a-fA-F]{40}: 100 NYN/]);
    // Carol's team allocation vests in a wallet she owns (deploy config): its schedule, a release, its votes.
    await step(["nyn:vesting", { who: "carol" }, /allocation 2,000,000 NYN[\s\S]*releasable [1-9]/]);
    const vesting = (await json("nyn:vesting", { who: "carol" })).wallets[0];
    expect(BigInt(vesting.allocation)).to.equal(
      BigInt(vesting.released) + BigInt(await s.nyn.balanceOf(vesting.wallet)),
    );
    await step(["nyn:release", { who: "carol", from: "dave" }, /release [\d,.…]+ NYN from vesting wallet 0x.*tx 0x/]);
    await step([
      "nyn:delegate",
      { to: "carol", from: "carol", vesting: true },
      /delegate the votes of vesting wallet 0x[0-9a-fA-F]{40} to 0x/,
    ]);

    // The gas meter.
    await step(["meter:fund", { pid: "1", amount: "10", from: "alice" }, /tx 0x/]);
    await step(["meter:status", { pid: "1" }, /budget\s+10 NYN/]);
    expect((await json("meter:status", { pid: "1" })).budget).to.equal((10n ** 19n).toString());
    await step([
      "meter:set-quota",
      { pid: "1", process: "5000000", user: "1000000", relayCap: "500000", from: "alice" },
      /quotas of PID 1/,
    ]);
    await step(["acl:grant", { who: "bob", what: "INCREMENT", pid: "1", from: "alice" }, /grant capability/]);
    await step(["meter:relay", { pid: "1", user: "bob" }, /tx 0x/]);
    await step(["meter:claim", {}, /tx 0x/]);
    await step(["meter:withdraw", { pid: "1", amount: "1", from: "alice" }, /tx 0x/]);

    // Goods: list, reprice, buy, ship, confirm; a disputed order ruled; a late one settled; a listing cancelled.
    await step(["market:list", { price: "10", quantity: 5, from: "carol" }, /createListing: tx 0x/]);
    await step(["market:listings", { seller: "carol" }, /1 listing\(s\)/]);
    const listing = (await json("market:listings", { seller: "carol" })).sellers[0].listings[0].id as string;
    await step(["market:update-price", { listing, price: "12", from: "carol" }, /tx 0x/]);
    const orderOf = async (n: number) => (await json("market:orders", { buyer: "dave" })).orders[n].id as string;
    await step(["market:buy", { listing, from: "dave" }, /buy.*tx 0x/]);
    await step(["market:orders", { buyer: "dave" }, /1 order\(s\)/]);
    await step(["market:ship", { order: await orderOf(0), from: "carol" }, /tx 0x/]);
    await step(["market:confirm", { order: await orderOf(0), from: "dave" }, /tx 0x/]);
    await step(["market:buy", { listing, from: "dave" }, /tx 0x/]);
    await step(["market:ship", { order: await orderOf(1), from: "carol" }, /tx 0x/]);
    await step(["market:dispute", { order: await orderOf(1), evidence: "ipfs://late", from: "dave" }, /tx 0x/]);
    await step(["arbiter:rule", { dispute: "1", payerBps: 5000, module: "market" }, /tx 0x/]);
    await step(["market:buy", { listing, from: "dave" }, /tx 0x/]);
    await step(["chain:time", { advance: "4d" }, /moved 345600 s/]);
    await step(["market:settle", { order: await orderOf(2), from: "dave" }, /tx 0x/]);
    await step(["market:cancel", { listing, from: "carol" }, /tx 0x/]);
    await step(["market:reputation", { account: "carol" }, /completed sales\s+1/]);
    expect((await json("market:reputation", { account: "carol" })).completedSales).to.equal("1");
    await step(["market:withdraw", { from: "carol" }, /tx 0x/]);
    // Payment tokens (issue 17 part 3): NYN only until the DAO approves another; the deployer holds no
    // MARKET_TOKENS_PERMISSION here (the timelock does), so the task prints the actions for dao:propose.
    await step(["market:tokens", {}, /#0 NYN\s+0x[0-9a-fA-F]{40}\s+approved/]);
    expect((await json("market:tokens")).marketplace).to.have.length(1);
    await step([
      "market:approve-token",
      { token: "0x000000000000000000000000000000000000dEaD" },
      /propose these actions[\s\S]*setTokenApproved\(address,bool\)/,
    ]);

    // Jobs: post, apply, assign, submit, approve, claim after the review window; one cancelled, one disputed.
    await step(["job:post", { milestones: "100,50", from: "dave" }, /tx 0x/]);
    await step(["job:list", {}, /1 open job\(s\)/]);
    expect((await json("job:list")).jobs).to.have.length(1);
    await step(["job:apply", { job: "1", from: "carol" }, /tx 0x/]);
    await step(["job:assign", { job: "1", worker: "carol", from: "dave" }, /tx 0x/]);
    await step(["job:submit", { job: "1", uri: "ipfs://part-1", from: "carol" }, /tx 0x/]);
    await step(["job:approve", { job: "1", from: "dave" }, /tx 0x/]);
    await step(["job:submit", { job: "1", uri: "ipfs://part-2", from: "carol" }, /tx 0x/]);
    await step(["chain:time", { advance: "8d" }, /moved/]);
    await step(["job:claim", { job: "1", from: "carol" }, /tx 0x/]);
    await step(["job:post", { milestones: "10", from: "dave" }, /tx 0x/]);
    await step(["job:cancel", { job: "2", from: "dave" }, /tx 0x/]);
    await step(["job:post", { milestones: "10", from: "dave" }, /tx 0x/]);
    await step(["job:apply", { job: "3", from: "carol" }, /tx 0x/]);
    await step(["job:assign", { job: "3", worker: "carol", from: "dave" }, /tx 0x/]);
    await step(["job:submit", { job: "3", uri: "ipfs://bad", from: "carol" }, /tx 0x/]);
    await step(["job:dispute", { job: "3", evidence: "ipfs://why", from: "dave" }, /tx 0x/]);
    await step(["arbiter:rule", { dispute: "1", payerBps: 10_000, module: "jobs" }, /tx 0x/]);

    // Governance: delegate, propose, vote, queue, execute; a second proposal cancelled by the guardian.
    await step(["dao:delegate", { from: "alice" }, /delegated to 0x/]);
    await step([
      "dao:propose",
      { from: "alice", description: "Pay bob 5 NYN", transferTo: "bob", transferAmount: "5", fastForward: true },
      /Proposal \d+/,
    ]);
    await step(["dao:vote", { id: "latest", support: "for", from: "alice", fastForward: true }, /voted for/]);
    await step(["dao:status", { id: "latest" }, /state\s+Active/]);
    const status = await json("dao:status", { id: "latest" });
    expect(status.state).to.equal("Active");
    expect(status.actions[0].description).to.match(/transfer/i);
    await step(["dao:proposals", {}, /Active/]);
    expect((await json("dao:proposals")).proposals).to.have.length(1);
    await step(["dao:queue", { id: "latest", fastForward: true }, /Queued/]);
    await step(["dao:execute", { id: "latest" }, /Executed/]);
    await step([
      "dao:propose",
      { from: "alice", description: "Verify BobCounter", verifyProgram: "2", fastForward: true },
      /Proposal \d+/,
    ]);
    await step(["dao:vote", { id: "latest", support: "for", from: "alice", fastForward: true }, /voted for/]);
    await step(["dao:queue", { id: "latest", fastForward: true }, /Queued/]);
    await step(["dao:execute", { id: "latest" }, /Executed/]);
    expect((await json("program:list")).programs[1].verified).to.equal(true);
    await step([
      "dao:propose",
      { from: "alice", description: "Pay bob again", transferTo: "bob", transferAmount: "1" },
      /Proposal \d+/,
    ]);
    await step(["dao:cancel", { id: "latest" }, /Cancelled/]);

    // What happened, in words.
    await step(["kernel:log", { limit: 5 }, /block \d+ {2}\w+\.\w+\(/]);
    expect(await json("kernel:log", { limit: 5 })).to.have.length(5);

    // Nothing left out: every task of the shell ran, and every read task takes --json.
    const all = Object.keys(hre.tasks).filter((n) => SHELL.test(n));
    expect(
      all.filter((n) => !ran.has(n)),
      "tasks the table does not run",
    ).to.deep.equal([]);
    const reads = [
      "kernel:info",
      "kernel:ps",
      "kernel:log",
      "program:list",
      "chain:time",
      "process:call",
      "acl:check",
      "acl:whois",
      "nyn:balance",
      "nyn:vesting",
      "meter:status",
      "market:listings",
      "market:orders",
      "market:reputation",
      "market:tokens",
      "job:list",
      "dao:status",
      "dao:proposals",
      "name:resolve",
      "name:reverse",
      "name:fee",
    ];
    for (const name of reads) expect(hre.tasks[name].paramDefinitions, name).to.have.property("json");
    for (const name of all.filter((n) => !reads.includes(n)))
      expect(hre.tasks[name].paramDefinitions, `${name} changes state: no --json`).to.not.have.property("json");
  });
});
