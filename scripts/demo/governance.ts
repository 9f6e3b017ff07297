import type { DemoContext } from "./context";
import { NYNVestingWallet__factory } from "../../typechain-types";
import { formatDecimal, formatTimestamp } from "../../lib/format";

/**
 * Demo chapter "Governance": NYN holders delegate (and Carol's vesting wallet: a release, its votes); a proposal upgrades the ProcessRegistry to V2 with the code hash
 * pinned (validated against the deployed implementation first); votes with reasons; queue; execute; the registry
 * reports version 2 with every process intact and spawns at a predicted address; a second proposal mints within
 * the cap to the treasury and pays a grant from it. Needs a local network (it advances time).
 */
export async function governanceChapter(ctx: DemoContext): Promise<void> {
  const { hre, system: s, cast } = ctx;
  const dao = await import("../../lib/dao");
  const { prepareModuleUpgrade } = await import("../../lib/upgradeSafety");
  const { ProcessRegistryV2__factory } = await import("../../typechain-types");
  const { MODULE, PERMISSION } = await import("../../lib/ids");
  if (!dao.canFastForward(hre))
    throw new Error(`the governance chapter moves time: ${dao.timeTravelUnavailable(hre.network.name)}`);
  const { alice, carol, dave, guardian, bob } = cast;
  const g = s.governor;
  const now = async () => BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  const wait = async (label: string, until: bigint) => {
    const from = await now();
    await dao.advanceTo(hre, until);
    ctx.say(`… ${label}: time moves on ${until > from ? until - from : 0n} s`);
  };

  ctx.chapter("Governance: the DAO upgrades its own kernel");
  ctx.say(
    `The timelock ${s.addresses.timelock} is the kernel's only root and holds ${formatDecimal(await s.nyn.balanceOf(s.addresses.timelock))} NYN of treasury.`,
  );
  ctx.say(
    `Voting: delay ${await g.votingDelay()} s, period ${await g.votingPeriod()} s, quorum ${await g["quorumNumerator()"]()} %, timelock ${await s.timelock.getMinDelay()} s (ERC-6372 timestamps).`,
  );

  for (const [name, who] of [
    ["alice", alice],
    ["carol", carol],
    ["dave", dave],
  ] as const) {
    if ((await s.nyn.delegates(who.address)) !== who.address) {
      await ctx.tx(`${name} self-delegates NYN votes`, s.nyn.connect(who).delegate(who.address));
    }
  }

  // Carol's team allocation vests (deploy config): a release pays what has vested; the wallet's votes count once she
  // delegates them, vested or not.
  const nyn = await s.nyn.getAddress();
  for (const address of Object.values(s.addresses.vestingWallets)) {
    const wallet = NYNVestingWallet__factory.connect(address, carol);
    if ((await wallet.owner()) !== carol.address) continue;
    const [start, cliff, end] = [await wallet.start(), await wallet.cliff(), await wallet.end()];
    const allocation = (await s.nyn.balanceOf(address)) + (await wallet["released(address)"](nyn));
    const vested = await wallet["vestedAmount(address,uint64)"](nyn, await now());
    ctx.say(
      `carol's vesting wallet ${address} holds ${formatDecimal(allocation)} NYN: ${formatTimestamp(start)} → ${formatTimestamp(end)}, cliff ${formatTimestamp(cliff)}; ${formatDecimal(vested)} vested.`,
    );
    const releasable = await wallet["releasable(address)"](nyn);
    if (releasable > 0n) {
      const before = await s.nyn.balanceOf(carol.address);
      await ctx.tx(`dave releases carol's vested NYN (anyone may)`, wallet.connect(dave)["release(address)"](nyn));
      ctx.say(`carol's balance ${formatDecimal(before)} → ${formatDecimal(await s.nyn.balanceOf(carol.address))} NYN.`);
    }
    if ((await s.nyn.delegates(address)) !== carol.address) {
      await ctx.tx("carol delegates her vesting wallet's votes to herself", wallet.delegate(nyn, carol.address));
    }
  }

  if ((await s.registry.processCount()) === 0n) {
    await ctx.tx("alice spawns a Counter process", s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0));
  }
  const before = await s.registry.processes(0, 100);
  ctx.say(
    `The registry (version ${await s.registry.version()}) holds ${before.length} process(es) before the upgrade.`,
  );

  // ---- proposal 1: the upgrade, validated before anyone votes on it
  const plan = await prepareModuleUpgrade(hre, {
    kernel: s.kernel,
    module: "ProcessRegistry",
    contract: "ProcessRegistryV2",
    deployer: alice,
    log: (line) => ctx.say(`✓ ${line}`),
  });
  ctx.say(`✓ code hash pinned in the proposal: ${plan.codeHash}`);
  const migration = ProcessRegistryV2__factory.createInterface().encodeFunctionData("initializeV2");
  const upgrade = dao.proposalOf(
    [dao.upgradeAction(s, plan, migration)],
    "NIP-1: upgrade the ProcessRegistry to V2 (deterministic, owner-bound process addresses)",
  );
  await ctx.tx(
    "alice proposes NIP-1 (upgrade ProcessRegistry → V2)",
    g.connect(alice).propose(upgrade.targets, upgrade.values, upgrade.calldatas, upgrade.description),
  );
  const id1 = await g.hashProposal(...dao.lifecycleArgs(upgrade));
  await wait("the voting delay passes", (await g.proposalSnapshot(id1)) + 1n);
  await ctx.tx(
    'alice votes for: "counterfactual addresses"',
    g.connect(alice).castVoteWithReason(id1, dao.SUPPORT.for, "counterfactual addresses"),
  );
  await ctx.tx("carol votes for", g.connect(carol).castVote(id1, dao.SUPPORT.for));
  await ctx.tx(
    'dave votes against: "not now"',
    g.connect(dave).castVoteWithReason(id1, dao.SUPPORT.against, "not now"),
  );
  const [against, forVotes, abstain] = await g.proposalVotes(id1);
  ctx.say(
    `Tally: for ${formatDecimal(forVotes)}, against ${formatDecimal(against)}, abstain ${formatDecimal(abstain)}; quorum ${formatDecimal(await g.quorum(await g.proposalSnapshot(id1)))}.`,
  );
  await wait("the vote closes", (await g.proposalDeadline(id1)) + 1n);
  ctx.say(`NIP-1 is ${dao.STATE_NAMES[Number(await g.state(id1))]}.`);
  await ctx.tx("anyone queues NIP-1 in the timelock", g.connect(bob).queue(...dao.lifecycleArgs(upgrade)));
  await ctx.expectRevert(
    "the guardian tries to upgrade the module directly",
    s.kernel.connect(guardian).upgradeModule(MODULE.PROCESS_REGISTRY, plan.newImplementation, plan.codeHash, migration),
    "KernelUnauthorized",
  );
  await wait("the timelock delay passes (the guardian could cancel meanwhile)", await g.proposalEta(id1));
  await ctx.tx(
    "anyone executes NIP-1: Kernel.upgradeModule + initializeV2",
    g.connect(bob).execute(...dao.lifecycleArgs(upgrade)),
  );

  const v2 = ProcessRegistryV2__factory.connect(s.addresses.processRegistry, alice);
  const after = await v2.processes(0, 100);
  const intact =
    JSON.stringify(after, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ===
    JSON.stringify(before, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  if (!intact) throw new Error("the processes changed across the upgrade");
  if ((await v2.version()) !== 2n) throw new Error("the registry does not report version 2");
  const [firstV2Pid] = await v2.migration();
  ctx.say(
    `The registry now reports version ${await v2.version()} at the same address; all ${after.length} process(es) intact; V2 PIDs start at ${firstV2Pid}.`,
  );
  const salt = hre.ethers.id("alice/shop");
  const predicted = await v2.predictProcessAddress(s.programs.Counter, alice.address, salt);
  ctx.say(`V2 feature: alice's process for salt "alice/shop" will live at ${predicted} (no code there yet).`);
  await ctx.tx("alice spawns it with spawnDeterministic", v2.spawnDeterministic(s.programs.Counter, "0x", 0, salt));
  const pid = await v2.deterministicPidOf(alice.address, salt);
  ctx.say(`PID ${pid} lives at ${await v2.instanceOf(pid)} — as predicted.`);

  // ---- proposal 2: parameters of the treasury: mint within the cap, pay a grant
  const supply = await s.nyn.totalSupply();
  const treasury = await s.nyn.balanceOf(s.addresses.timelock);
  const mint = hre.ethers.parseEther("1000000");
  const grant = hre.ethers.parseEther("50000");
  const second = dao.proposalOf(
    [dao.mintAction(s, s.addresses.timelock, mint), dao.transferAction(s, bob.address, grant)],
    "NIP-2: mint 1,000,000 NYN to the treasury (within the cap) and pay bob a 50,000 NYN builder grant",
  );
  await ctx.tx(
    "carol proposes NIP-2 (mint to treasury + grant)",
    g.connect(carol).propose(second.targets, second.values, second.calldatas, second.description),
  );
  const id2 = await g.hashProposal(...dao.lifecycleArgs(second));
  await wait("the voting delay passes", (await g.proposalSnapshot(id2)) + 1n);
  await ctx.tx("alice votes for", g.connect(alice).castVote(id2, dao.SUPPORT.for));
  await ctx.tx(
    'dave abstains: "no opinion"',
    g.connect(dave).castVoteWithReason(id2, dao.SUPPORT.abstain, "no opinion"),
  );
  await wait("the vote closes", (await g.proposalDeadline(id2)) + 1n);
  await ctx.tx("queue NIP-2", g.connect(bob).queue(...dao.lifecycleArgs(second)));
  await wait("the timelock delay passes", await g.proposalEta(id2));
  await ctx.tx("execute NIP-2", g.connect(bob).execute(...dao.lifecycleArgs(second)));
  ctx.say(
    `Supply ${formatDecimal(supply)} → ${formatDecimal(await s.nyn.totalSupply())} NYN (cap ${formatDecimal(await s.nyn.CAP())}); treasury ${formatDecimal(treasury)} → ${formatDecimal(await s.nyn.balanceOf(s.addresses.timelock))}; bob ${formatDecimal(await s.nyn.balanceOf(bob.address))}.`,
  );
  await ctx.expectRevert(
    "the guardian tries to mint",
    s.nyn.connect(guardian).mint(guardian.address, 1n),
    "NYNUnauthorizedMinter",
  );
  ctx.say(
    `Root holders of the kernel: ${(await s.acl.permissionHolders(s.addresses.kernel, PERMISSION.ROOT, 0, 10)).join(", ")} (the timelock only).`,
  );

  ctx.state.governance = { upgradeProposal: id1, treasuryProposal: id2, registryVersion: 2, deterministicPid: pid };
}
