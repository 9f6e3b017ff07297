import { expect } from "chai";
import fs from "fs";
import path from "path";
import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { CAPABILITY, PERMISSION } from "../../lib/ids";
import { fromCommandLine, refused, run, shellFixture } from "../fixtures/shell";

/**
 * The kernel shell as a careful user meets it (issue 13): each case S… runs a task the way a user would and checks
 * its output, its exit code, and — for a refusal — that nothing was mined and no state changed.
 */

describe("Kernel shell (issue 13)", function () {
  it("S1 a misspelled capability is refused before sending, naming the flag and the close match; raw ids need --raw-id", async function () {
    const s = await shellFixture();
    const { bob } = s.accounts;
    for (const what of ["INCREMNT_CAPABILITY", "INCREMNT"]) {
      await refused(
        "acl:grant",
        { who: "bob", what, pid: "1", from: "alice" },
        /--what: unknown capability "INCREMNT(_CAPABILITY)?" of PID 1 \(program Counter\); did you mean INCREMENT_CAPABILITY\?/,
      );
    }
    await refused(
      "acl:grant",
      { who: "bob", what: "MINTT", where: "nyn", from: "deployer" },
      /did you mean MINT_PERMISSION/,
    );
    await refused(
      "acl:grant",
      { who: "bob", what: CAPABILITY.INCREMENT, pid: "1", from: "alice" },
      /a raw id \(0x[0-9a-f]{64}\) is accepted only with --raw-id/,
    );
    expect(await s.acl.hasCapability(1n, bob.address, CAPABILITY.INCREMENT)).to.equal(false);
    // The program's own name, short or full, and a raw id with the flag, all grant the real capability.
    const granted = await run("acl:grant", { who: "bob", what: "increment", pid: "1", from: "alice" });
    expect(granted.exitCode, granted.err).to.equal(0);
    expect(await s.acl.hasCapability(1n, bob.address, CAPABILITY.INCREMENT)).to.equal(true);
    const raw = await run("acl:revoke", {
      who: "bob",
      what: CAPABILITY.INCREMENT,
      pid: "1",
      from: "alice",
      rawId: true,
    });
    expect(raw.exitCode, raw.err).to.equal(0);
    expect(await s.acl.hasCapability(1n, bob.address, CAPABILITY.INCREMENT)).to.equal(false);
  });

  it("S7 acl:grant --expires counts from the chain's latest block, not this computer's clock", async function () {
    const s = await shellFixture();
    const { bob } = s.accounts;
    await time.increase(30 * 86_400); // the chain runs 30 days ahead of the wall clock (as after --fast-forward)
    const r = await run("acl:grant", { who: "bob", what: "INCREMENT", pid: "1", from: "alice", expires: "3600" });
    expect(r.exitCode, r.err).to.equal(0);
    const granted = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
    const expiry = await s.acl.capabilityExpiry(1n, bob.address, CAPABILITY.INCREMENT);
    // The grant's block is at most a second after the block the task read the time from.
    expect(expiry - granted).to.be.within(3598n, 3600n);
    await refused(
      "acl:grant",
      { who: "bob", what: "INCREMENT", pid: "1", from: "alice", expires: "soon" },
      /^error: --expires: "soon" is not a duration/,
    );
  });

  it("S12 meter:relay exits 1 with the decoded reason when the relayed call reverted (the relay itself is mined)", async function () {
    const s = await shellFixture();
    const { alice } = s.accounts;
    await (await s.nyn.connect(alice).approve(await s.gasMeter.getAddress(), 10n ** 18n)).wait();
    await (await s.gasMeter.connect(alice).deposit(1n, 10n ** 18n)).wait();
    await (await s.gasMeter.connect(alice).setRelayGasCap(1n, 500_000n)).wait();
    // A random key holds no capability on PID 1: its increment reverts inside the relay.
    const failed = await run("meter:relay", {
      pid: "1",
      user: "random",
      relayer: "relayer",
      method: "incrementMetered",
      args: "[]",
      gas: "300000",
    });
    expect(failed.exitCode).to.equal(1);
    expect(failed.out).to.match(/call reverted \(the process sponsors reverted calls\)/);
    expect(failed.err).to.match(/^error: the relayed call reverted: KernelProcessMissingCapability\(pid=1, /);
    // The owner's own relayed call succeeds: exit 0.
    const ok = await run("meter:relay", {
      pid: "1",
      user: "alice",
      relayer: "relayer",
      method: "incrementMetered",
      args: "[]",
      gas: "300000",
    });
    expect(ok.exitCode, ok.err).to.equal(0);
    expect(ok.out).to.match(/call succeeded/);
  });

  it("S8 market:withdraw --amount takes from the marketplace, then the job board; more than both hold is refused", async function () {
    const s = await shellFixture();
    const [, , alice, , carol, dave] = await hre.ethers.getSigners();
    const nyn = (n: number) => hre.ethers.parseEther(String(n));
    // Carol earns 100 NYN on the marketplace (Alice buys) and 100 NYN on the job board (Dave's job), less fees.
    for (const [who, module] of [
      [alice, s.marketplace],
      [dave, s.jobBoard],
    ] as const) {
      await (await s.nyn.connect(who).approve(await module.getAddress(), nyn(1000))).wait();
    }
    const listing = s.marketplace.connect(carol).createListing;
    const listingId = await listing.staticCall(nyn(100), 1, "ipfs://item", 86_400);
    await (await listing(nyn(100), 1, "ipfs://item", 86_400)).wait();
    const orderId = await s.marketplace.connect(alice).buy.staticCall(listingId, 1, nyn(100));
    await (await s.marketplace.connect(alice).buy(listingId, 1, nyn(100))).wait();
    await (await s.marketplace.connect(carol).ship(orderId)).wait();
    await (await s.marketplace.connect(alice).confirmDelivery(orderId)).wait();
    const deadline = (await time.latest()) + 30 * 86_400;
    const jobId = await s.jobBoard.connect(dave).postJob.staticCall([nyn(100)], deadline, "ipfs://job");
    await (await s.jobBoard.connect(dave).postJob([nyn(100)], deadline, "ipfs://job")).wait();
    await (await s.jobBoard.connect(carol).applyForJob(jobId, "ipfs://cv")).wait();
    await (await s.jobBoard.connect(dave).assignWorker(jobId, carol.address)).wait();
    await (await s.jobBoard.connect(carol).submitMilestone(jobId, "ipfs://work", hre.ethers.ZeroHash)).wait();
    await (await s.jobBoard.connect(dave).approveMilestone(jobId)).wait();
    const market = await s.marketplace.withdrawable(carol.address);
    const jobs = await s.jobBoard.withdrawable(carol.address);
    expect(market).to.be.gt(0n);
    expect(jobs).to.be.gt(0n);
    // More than both together: refused before anything is sent.
    const block = await hre.ethers.provider.getBlockNumber();
    const tooMuch = hre.ethers.formatEther(market + jobs + 1n);
    await expect(run("market:withdraw", { amount: tooMuch, module: "both", from: "carol" })).to.be.rejectedWith(
      /--amount: .* is more than .* can withdraw \(marketplace .*, job board .*\)/,
    );
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    // The marketplace's whole balance and 10 NYN-wei... of the job board's: both modules pay.
    const balance = await s.nyn.balanceOf(carol.address);
    const r = await run("market:withdraw", {
      amount: hre.ethers.formatEther(market + 10n),
      module: "both",
      from: "carol",
    });
    expect(r.out).to.match(/from the marketplace/);
    expect(r.out).to.match(/from the job board/);
    expect(await s.marketplace.withdrawable(carol.address)).to.equal(0n);
    expect(await s.jobBoard.withdrawable(carol.address)).to.equal(jobs - 10n);
    expect(await s.nyn.balanceOf(carol.address)).to.equal(balance + market + 10n);
  });

  it("S2 dao:vote from an account without votes is refused (nothing sent) unless --allow-zero", async function () {
    const s = await shellFixture();
    const [, , , , carol] = await hre.ethers.getSigners();
    await run("dao:delegate", { from: "alice" });
    const proposed = await run("dao:propose", {
      from: "alice",
      description: "S2: pay bob 1 NYN",
      transferTo: "bob",
      transferAmount: "1",
      fastForward: true,
    });
    expect(proposed.out).to.match(/the vote is Active/);
    const block = await hre.ethers.provider.getBlockNumber();
    await expect(run("dao:vote", { id: "latest", support: "against", reason: "", from: "carol" })).to.be.rejectedWith(
      /has no votes at this proposal's snapshot .*dao:delegate.*Nothing was sent; --allow-zero/,
    );
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    const [id] = (await s.governor.queryFilter(s.governor.filters.ProposalCreated())).map((e) => e.args.proposalId);
    expect(await s.governor.hasVoted(id, carol.address)).to.equal(false);
    const voted = await run("dao:vote", {
      id: "latest",
      support: "against",
      reason: "",
      from: "carol",
      allowZero: true,
    });
    expect(voted.out).to.match(/voted against with 0 votes/);
    expect(await s.governor.hasVoted(id, carol.address)).to.equal(true);
  });

  it("S4 acl:grant of a permission the timelock manages is refused up front, naming the manager and the proposal to make", async function () {
    const s = await shellFixture();
    const r = await refused(
      "acl:grant",
      { who: "bob", what: "MINT", where: "nyn", from: "deployer" },
      /--from deployer \(0x[0-9a-fA-F]{40}\) does not manage MINT on nyn: the governance timelock does\. Nothing was sent\. Propose it: npx hardhat dao:propose --grant MINT --grant-on nyn --grant-to bob/,
    );
    expect(r.err.split("\n")).to.have.length(1);
    expect(await s.acl.getPermissionManager(s.addresses.nyn, PERMISSION.MINT)).to.equal(s.addresses.timelock);
  });

  it("S6 a meter:fund or job:post that would fail leaves no approve behind (permit by default, simulated first)", async function () {
    const s = await shellFixture();
    const { alice } = s.accounts;
    for (const approve of [false, true]) {
      await refused(
        "meter:fund",
        { pid: "99", amount: "10", from: "alice", approve },
        /ProcessRegistryUnknownProcess\(pid=99\)/,
      );
      expect(await s.nyn.allowance(alice.address, s.addresses.gasMeter)).to.equal(0n);
    }
    // job:post the same way (postJobWithPermit; --approve simulates the permit path first).
    const jobs = await s.jobBoard.getAddress();
    for (const approve of [false, true]) {
      const block = await hre.ethers.provider.getBlockNumber();
      await expect(
        run("job:post", { milestones: "100", deadline: "0", uri: "ipfs://job", from: "alice", approve }),
      ).to.be.rejectedWith(/JobBoardDeadlineInPast/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
      expect(await s.nyn.allowance(alice.address, jobs)).to.equal(0n);
    }
    const posted = await run("job:post", { milestones: "100", deadline: "1d", uri: "ipfs://job", from: "alice" });
    expect(posted.out).to.match(/postJobWithPermit: tx/);
    expect(await s.jobBoard.jobCount()).to.equal(1n);
    expect(await s.nyn.allowance(alice.address, jobs)).to.equal(0n);
    const ok = await run("meter:fund", { pid: "1", amount: "10", from: "alice" });
    expect(ok.exitCode, ok.err).to.equal(0);
    expect(ok.out).to.match(/deposit 10(\.0)? NYN with permit into PID 1/);
    expect(await s.gasMeter.budgetOf(1n)).to.equal(10n ** 19n);
    expect(await s.nyn.allowance(alice.address, s.addresses.gasMeter)).to.equal(0n);
  });

  it("S9 every task takes the same account forms: names, signer indexes, addresses, and timelock", async function () {
    const s = await shellFixture();
    const [, , alice] = await hre.ethers.getSigners();
    // A signer index in a dao task and in a market task (2 = alice), and `timelock` in a token task.
    const delegated = await run("dao:delegate", { from: "2" });
    expect(delegated.out).to.match(/now has 10,000,000 votes/);
    expect(await s.nyn.delegates(alice.address)).to.equal(alice.address);
    const withdrawn = await run("market:withdraw", { module: "both", from: "2" });
    expect(withdrawn.out).to.match(new RegExp(`Nothing to withdraw for ${alice.address}`));
    const balance = await run("nyn:balance", { who: "timelock" });
    expect(balance.exitCode, balance.err).to.equal(0);
    expect(balance.out).to.contain(s.addresses.timelock);
  });

  it("S3 dao:propose refuses actions the timelock or the governor would refuse at execution (nothing proposed)", async function () {
    const s = await shellFixture();
    await run("dao:delegate", { from: "alice" });
    const treasury = await s.nyn.balanceOf(s.addresses.timelock);
    const block = await hre.ethers.provider.getBlockNumber();
    await expect(
      run("dao:propose", {
        from: "alice",
        description: "S3: pay more than the treasury holds",
        transferTo: "bob",
        transferAmount: hre.ethers.formatEther(treasury + 1n),
      }),
    ).to.be.rejectedWith(/action 1 \(.*\) would fail when the timelock executes it: ERC20InsufficientBalance/);
    await expect(
      run("dao:propose", { from: "alice", description: "S3: votingPeriod 0", set: "votingPeriod=0" }),
    ).to.be.rejectedWith(/votingPeriod|VotingPeriod/);
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
    expect(await s.governor.queryFilter(s.governor.filters.ProposalCreated())).to.have.length(0);
  });

  it("S5 from the command line, dao and market failures print one error line, no stack trace, and exit 1", async function () {
    await shellFixture();
    // As `npx hardhat dao:vote …` / `market:withdraw …` would run them (the shell tells by its command line).
    const argv = process.argv;
    process.argv = [...argv.slice(0, 2), "dao:vote"];
    try {
      const vote = await run("dao:vote", { id: "latest", support: "for", reason: "", from: "alice" });
      expect(vote.exitCode).to.equal(1);
      expect(vote.err).to.equal("error: no proposal yet");
      process.argv = [...argv.slice(0, 2), "market:withdraw"];
      const withdraw = await run("market:withdraw", { amount: "1", module: "both", from: "bob" });
      expect(withdraw.exitCode).to.equal(1);
      expect(withdraw.err.split("\n")).to.have.length(1);
      expect(withdraw.err).to.match(/^error: --amount: 1(\.0)? NYN is more than 0x[0-9a-fA-F]{40} can withdraw/);
      expect(withdraw.err).to.not.match(/\n\s+at /);
    } finally {
      process.argv = argv;
    }
  });

  it("S10 decoded errors name accounts, contracts and ids and show NYN, enums and times; bad input has one wording per kind, naming the flag", async function () {
    await shellFixture();
    // Contract errors, values formatted: names next to addresses, NYN with its symbol, enums by name, ids by name.
    await refused(
      "process:suspend",
      { pid: "1", from: "bob" },
      /^error: ProcessRegistryNotOwner\(pid=1, caller=bob \(0x90F7…b906\), owner=alice \(0x3C44…93BC\)\)$/,
    );
    await refused(
      "process:resume",
      { pid: "1", from: "alice" },
      /^error: ProcessRegistryInvalidStatus\(pid=1, status=Running, required=Suspended\)$/,
    );
    await refused(
      "meter:withdraw",
      { pid: "1", amount: "2.5", from: "alice" },
      /^error: GasMeterWithdrawExceedsBudget\(pid=1, amount=2.5 NYN, budget=0 NYN\)$/,
    );
    await refused(
      "kernel:pause",
      { from: "bob" },
      /^error: KernelUnauthorized\(who=bob \(0x90F7…b906\), permission=PAUSE_PERMISSION\)$/,
    );
    await refused(
      "nyn:transfer",
      { to: "alice", amount: "1", from: "bob" },
      /^error: ERC20InsufficientBalance\(sender=bob \(0x90F7…b906\), balance=0 NYN, needed=1 NYN\)$/,
    );
    // Bad input: the same wording for every amount, in every module; PIDs and durations name their flag.
    const amount = (flag: string, value: string) =>
      new RegExp(
        `^error: ${flag}: "${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not an amount of NYN \\(a number with at most 18 decimals`,
      );
    const tooPrecise = "1.0000000000000000001";
    await refused("nyn:transfer", { to: "bob", amount: tooPrecise, from: "alice" }, amount("--amount", tooPrecise));
    await refused(
      "meter:fund",
      { pid: "1", amount: tooPrecise, from: "alice", approve: false },
      amount("--amount", tooPrecise),
    );
    await refused("meter:withdraw", { pid: "1", amount: "-1", from: "alice" }, amount("--amount", "-1"));
    await fromCommandLine("market:list", async () => {
      await refused(
        "market:list",
        { price: "abc", quantity: 1, uri: "ipfs://x", window: "3d", from: "carol" },
        amount("--price", "abc"),
      );
      await refused(
        "market:list",
        { price: "1", quantity: 1, uri: "ipfs://x", window: "3 days", from: "carol" },
        /^error: --window: "3 days" is not a duration/,
      );
      await refused("market:withdraw", { amount: "1e3", module: "both", from: "carol" }, amount("--amount", "1e3"));
      await refused(
        "dao:propose",
        { from: "alice", description: "pay", transferTo: "bob", transferAmount: tooPrecise },
        amount("--transfer-amount", tooPrecise),
      );
    });
    await refused("process:kill", { pid: "abc", from: "alice" }, /^error: --pid: "abc" is not a PID \(at least 1\)$/);
    await refused("meter:status", { pid: "0" }, /^error: --pid: "0" is not a PID/);
  });

  it("S11 a deploy never replaces a live recorded deployment silently: refused without NYN_FORCE=1, kept as a backup with it; the missing-deployment hint names the command", async function () {
    const s = await shellFixture();
    const { prepareDeployment, DeploymentExistsError } = await import("../../deploy/ignition");
    const { deploymentDir } = await import("../../deploy/deploySystem");
    const id = `ci-s11-${process.pid}`;
    const dir = deploymentDir(hre, id);
    const backup = `${dir}.previous`;
    const record = (kernel: string) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "deployed_addresses.json"), JSON.stringify({ "Kernel#Kernel": kernel }));
      fs.writeFileSync(path.join(dir, "journal.jsonl"), `{"chainId":31337,"type":"DEPLOYMENT_INITIALIZE"}\n`);
    };
    const kernelIn = (d: string) =>
      JSON.parse(fs.readFileSync(path.join(d, "deployed_addresses.json"), "utf8"))["Kernel#Kernel"];
    try {
      // Live (its kernel has code on this chain): a resumed deploy leaves it; a fresh one (the demo) is refused.
      record(s.addresses.kernel);
      await prepareDeployment(hre, id, {});
      expect(kernelIn(dir)).to.equal(s.addresses.kernel);
      await expect(prepareDeployment(hre, id, { fresh: true })).to.be.rejectedWith(
        DeploymentExistsError,
        /is recorded for chain 31337 .* live on this node.*NYN_FORCE=1/,
      );
      expect(kernelIn(dir), "a refused deploy touched the record").to.equal(s.addresses.kernel);
      expect(fs.existsSync(backup)).to.equal(false);
      // Forced: moved aside, intact.
      const lines: string[] = [];
      await prepareDeployment(hre, id, { fresh: true, force: true, log: (l) => lines.push(l) });
      expect(fs.existsSync(dir)).to.equal(false);
      expect(kernelIn(backup)).to.equal(s.addresses.kernel);
      expect(lines.join("\n")).to.match(/previous deployment record .* moved to .*\.previous/);
      // Stale (a restarted node: no code at its kernel): moved aside without --force, replacing the older backup.
      const gone = "0x000000000000000000000000000000000000dEaD";
      record(gone);
      await prepareDeployment(hre, id, { fresh: true });
      expect(kernelIn(backup)).to.equal(gone);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(backup, { recursive: true, force: true });
    }
    // Forgetting --network: the hint says how to reach a node's deployment, not to deploy in-process.
    const { loadSystem } = await import("../../deploy/loadSystem");
    const freshChain = { ...hre, network: { ...hre.network, provider: {} } } as unknown as typeof hre;
    await expect(loadSystem(freshChain)).to.be.rejectedWith(/in-process network "hardhat".*--network localhost/);
  });

  it("S15 at a terminal, a task says what it is waiting for (loading, sending, mining) on stderr and clears it before its output; elsewhere it prints nothing extra", async function () {
    await shellFixture();
    const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
    const [tty, write] = [stderr.isTTY, stderr.write];
    const shown: string[] = [];
    const order: string[] = [];
    const log = console.log;
    stderr.isTTY = true;
    stderr.write = ((chunk: string) => (
      shown.push(String(chunk)),
      order.push(String(chunk)),
      true
    )) as typeof stderr.write;
    console.log = () => void order.push("output");
    try {
      await hre.run("process:call", { pid: "1", fn: "increment", args: "[]", from: "alice" });
      await hre.run("market:listings", {});
    } finally {
      [stderr.isTTY, stderr.write, console.log] = [tty, write, log];
    }
    const text = shown.join("");
    expect(text).to.include("… loading the NYN OS deployment on hardhat");
    expect(text).to.match(/… Counter\.increment\(\) on PID 1: waiting for tx 0x[0-9a-f]{64} to be mined/);
    // Every progress line is cleared (an empty progress) before the task prints.
    const clear = "\r\x1b[2K";
    order.forEach((event, i) => {
      if (event !== "output") return;
      const before = order.slice(0, i).filter((e) => e !== "output");
      expect(before[before.length - 1], `output ${i} printed over a progress line`).to.equal(clear);
    });
    expect(order.filter((e) => e === "output").length).to.be.greaterThan(1);
    // Not at a terminal (tests, pipes, CI, --json): nothing on stderr.
    const r = await run("kernel:info", { json: true });
    expect(r.err).to.equal("");
  });

  it("S14 kernel:pause and kernel:unpause for the guardian; chain:time shows and moves the chain's clock", async function () {
    const s = await shellFixture();
    await refused("kernel:pause", { from: "bob" }, /^error: KernelUnauthorized\(/);
    expect(await s.kernel.paused()).to.equal(false);
    const paused = await run("kernel:pause", { from: "guardian" });
    expect(paused.exitCode, paused.err).to.equal(0);
    expect(await s.kernel.paused()).to.equal(true);
    expect((await run("kernel:unpause", {})).exitCode).to.equal(0);
    expect(await s.kernel.paused()).to.equal(false);
    const before = BigInt(await time.latest());
    const moved = await run("chain:time", { advance: "3d" });
    expect(moved.exitCode, moved.err).to.equal(0);
    expect(BigInt(await time.latest()) - before).to.be.gte(3n * 86_400n);
    expect(moved.out).to.match(/^chain time \d{4}-\d\d-\d\dT.* moved \d+ s$/);
    await refused("chain:time", { advance: "3x" }, /--advance: "3x" is not a duration/);
  });

  it("S14 market:orders, market:update-price, market:cancel, job:list, job:cancel and job:claim", async function () {
    const s = await shellFixture();
    const [, , alice, , carol, dave] = await hre.ethers.getSigners();
    const listed = await run("market:list", {
      price: "10",
      quantity: 2,
      window: "1d",
      uri: "ipfs://item",
      from: "carol",
    });
    expect(listed.exitCode, listed.err).to.equal(0);
    const [listingId] = (await s.marketplace.listingsBySeller(carol.address, 0, 1))[0];
    const repriced = await run("market:update-price", { listing: listingId.toString(), price: "12", from: "carol" });
    expect(repriced.out).to.match(/now 12(\.0)? NYN per unit/);
    expect((await s.marketplace.listing(listingId)).pricePerUnit).to.equal(hre.ethers.parseEther("12"));
    await run("market:buy", { listing: listingId.toString(), quantity: 1, from: "alice" });
    const orders = await run("market:orders", { buyer: "alice", json: true });
    const parsed = JSON.parse(orders.out);
    expect(parsed.buyer).to.equal(alice.address);
    expect(parsed.orders).to.have.length(1);
    expect(parsed.orders[0]).to.include({
      seller: carol.address,
      status: "Paid",
      amount: hre.ethers.parseEther("12").toString(),
    });
    await run("market:cancel", { listing: listingId.toString(), from: "carol" });
    expect((await s.marketplace.listing(listingId)).status).to.equal(2n); // Cancelled
    // Jobs: Dave posts two; one is cancelled before assignment, the other's submitted milestone is claimed.
    await run("job:post", { milestones: "100", deadline: "30d", uri: "ipfs://a", from: "dave" });
    await run("job:post", { milestones: "50", deadline: "30d", uri: "ipfs://b", from: "dave" });
    const listing = JSON.parse((await run("job:list", { json: true })).out);
    expect(listing.open).to.equal(2);
    expect(listing.jobs.map((j: { client: string }) => j.client)).to.deep.equal([dave.address, dave.address]);
    await run("job:cancel", { job: "1", from: "dave" });
    expect(JSON.parse((await run("job:list", { job: "1", json: true })).out).status).to.equal("Cancelled");
    await run("job:apply", { job: "2", from: "carol" });
    await run("job:assign", { job: "2", worker: "carol", from: "dave" });
    await run("job:submit", { job: "2", uri: "ipfs://work", from: "carol" });
    await time.increase(8 * 86_400); // past the 7-day review window
    const claimed = await run("job:claim", { job: "2", from: "carol" });
    expect(claimed.out).to.match(/claimMilestone 2: tx/);
    expect(await s.jobBoard.withdrawable(carol.address)).to.be.gt(0n);
    expect(JSON.parse((await run("job:list", { job: "2", json: true })).out).status).to.equal("Completed");
  });

  it("S14 process:call runs any function of a process's program (views print; a missing capability is refused unsent); kernel:log", async function () {
    const s = await shellFixture();
    const { alice } = s.accounts;
    const counter = await s.registry.instanceOf(1n);
    const incremented = await run("process:call", { pid: "1", fn: "increment", args: "[]", from: "alice" });
    expect(incremented.exitCode, incremented.err).to.equal(0);
    expect(incremented.out).to.match(/Counter\.increment\(\) on PID 1: tx/);
    const count = await run("process:call", { pid: "1", fn: "count", args: "[]", from: "alice" });
    expect(count.out).to.equal("Counter.count on PID 1: 1");
    await refused(
      "process:call",
      { pid: "1", fn: "increment", args: "[]", from: "bob" },
      /^error: KernelProcessMissingCapability\(pid=1, /,
    );
    await refused(
      "process:call",
      { pid: "1", fn: "incremnt", args: "[]", from: "alice" },
      /--fn: Counter has no function "incremnt"/,
    );
    await refused("process:call", { pid: "1", fn: "reset", args: "7", from: "alice" }, /--args: 7 is not a JSON array/);
    // The log: the spawn and the increment, about PID 1 and about Alice.
    const log = JSON.parse((await run("kernel:log", { pid: "1", json: true, limit: 50 })).out) as {
      contract: string;
      event: string;
      args: Record<string, string>;
    }[];
    expect(log.map((e) => `${e.contract}.${e.event}`)).to.include.members(["ProcessRegistry.ProcessSpawned"]);
    expect(log.every((e) => e.args.pid === "1")).to.equal(true);
    const text = (await run("kernel:log", { who: "alice", limit: 5 })).out;
    expect(text.split("\n").length).to.be.lte(5);
    // In words: Alice by name, next to her abbreviated address.
    expect(text).to.contain(`alice (${alice.address.slice(0, 6)}…${alice.address.slice(-4)})`);
    expect(counter).to.not.equal(hre.ethers.ZeroAddress);
  });
  it("program:publish --previous is refused before anything is deployed when the caller is not the publisher or the program is not the latest of its line", async function () {
    await shellFixture();
    await refused(
      "program:publish",
      { contract: "Counter", label: "2.0.0", previous: "1", from: "bob" },
      /--previous: program 1 \(Counter\) was published by 0x[0-9a-fA-F]{40}, not --from bob .*only its publisher publishes its versions\. Nothing was sent\./,
    );
    await refused("program:publish", { contract: "Counter", previous: "9", from: "bob" }, /--previous: no program 9/);
    await run("program:publish", { contract: "Counter", name: "Mine", from: "bob" }); // program 2
    await run("program:publish", { contract: "Counter", label: "1.1.0", previous: "2", from: "bob" }); // program 3
    await refused(
      "program:publish",
      { contract: "Counter", label: "1.2.0", previous: "2", from: "bob" },
      /--previous: program 2 \(Mine 1\.0\.0\) already has a newer version, program 3: publish from the latest\. Nothing was sent\./,
    );
  });
});
