import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse } from "ethers";
import type { BenchOp, BenchScaling } from "./types";

/**
 * Governance benchmark: delegate, propose, castVote, queue and execute of NYN OS (NYN + NYNGovernor +
 * TimelockController, deployed by deploySystem) against an unmodified OpenZeppelin stack (ERC20Votes token +
 * Governor/Settings/CountingSimple/Votes/QuorumFraction/TimelockControl + TimelockController) with the same
 * settings, balances and proposal, measured in the same run. Goal: ours ≤ 1.05 × the anchor per operation.
 * Also the full lifecycle with three voters (3 delegations, propose, 3 votes, queue, execute), and castVote (first
 * vote on a fresh proposal) with 1, 100 and 10,000 existing proposals, created in batches by a BatchProposer helper.
 *
 * Standalone: `npx hardhat run bench/governance.ts`.
 */
export async function benchGovernance(
  hre: HardhatRuntimeEnvironment,
): Promise<{ ops: BenchOp[]; scaling: BenchScaling[] }> {
  const { deploySystem } = await import("../deploy/deploySystem");
  const { LOCAL_CONFIG } = await import("../deploy/config");
  const {
    BenchGovernor__factory,
    BenchTimestampVotesToken__factory,
    TimelockController__factory,
    BatchProposer__factory,
    BenchVestingWallet__factory,
    NYNVestingWallet__factory,
  } = await import("../typechain-types");
  const { transferAction, proposalOf, lifecycleArgs, advanceTo } = await import("../lib/dao");

  const [deployer, , alice, bob, carol, dave] = await hre.ethers.getSigners();
  const voters = [alice, carol, dave];
  const supports = [1, 1, 0];
  const g = LOCAL_CONFIG.governance;

  // ---- ours, exactly as deployed
  const s = await deploySystem(hre, LOCAL_CONFIG, { record: false });

  // ---- the anchor: same balances (timelock treasury 100M, alice 10M, carol 1M, dave 1M), same settings
  const timelock = await new TimelockController__factory(deployer).deploy(g.timelockDelay, [], [], deployer.address);
  const timelockAddress = await timelock.getAddress();
  const balances = await Promise.all(
    [s.addresses.timelock, alice.address, carol.address, dave.address].map((a) => s.nyn.balanceOf(a)),
  );
  const token = await new BenchTimestampVotesToken__factory(deployer).deploy(
    [timelockAddress, alice.address, carol.address, dave.address],
    balances,
  );
  const governor = await new BenchGovernor__factory(deployer).deploy(
    await token.getAddress(),
    timelockAddress,
    g.votingDelay,
    g.votingPeriod,
    g.proposalThreshold,
    g.quorumPercent,
  );
  const ga = await governor.getAddress();
  for (const role of [
    await timelock.PROPOSER_ROLE(),
    await timelock.CANCELLER_ROLE(),
    await timelock.EXECUTOR_ROLE(),
  ]) {
    await (await timelock.grantRole(role, ga)).wait();
  }
  await (await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).wait();

  const gasOf = async (sending: Promise<ContractTransactionResponse>) =>
    Number((await (await sending).wait())!.gasUsed);

  interface Run {
    delegate: number[];
    propose: number;
    votes: number[];
    queue: number;
    execute: number;
  }
  type Gov = typeof s.governor | typeof governor;
  type Tok = typeof s.nyn | typeof token;

  async function lifecycle(gov: Gov, tok: Tok, treasuryToken: string): Promise<Run> {
    const run: Run = { delegate: [], propose: 0, votes: [], queue: 0, execute: 0 };
    for (const v of voters) run.delegate.push(await gasOf(tok.connect(v).delegate(v.address)));
    const action = transferAction(
      { nyn: s.nyn, addresses: { ...s.addresses, nyn: treasuryToken } },
      bob.address,
      1_000n * 10n ** 18n,
    );
    const p = proposalOf([action], "Bench: pay bob 1,000 from the treasury for the audit");
    const args = lifecycleArgs(p);
    const proposeTx = await gov.connect(alice).propose(p.targets, p.values, p.calldatas, p.description);
    run.propose = Number((await proposeTx.wait())!.gasUsed);
    const id = await gov.hashProposal(...args);
    await advanceTo(hre, (await gov.proposalSnapshot(id)) + 1n);
    for (let i = 0; i < voters.length; i++)
      run.votes.push(await gasOf(gov.connect(voters[i]).castVote(id, supports[i])));
    await advanceTo(hre, (await gov.proposalDeadline(id)) + 1n);
    run.queue = await gasOf(gov.connect(alice).queue(...args));
    await advanceTo(hre, await gov.proposalEta(id));
    run.execute = await gasOf(gov.connect(alice).execute(...args));
    return run;
  }

  const ours = await lifecycle(s.governor, s.nyn, s.addresses.nyn);
  const anchor = await lifecycle(governor, token, await token.getAddress());

  const op = (name: string, o: number, a: number, anchorName: string, maxRatio?: number): BenchOp => ({
    op: name,
    ours: o,
    anchor: anchorName,
    anchorGas: a,
    ratio: a === 0 ? 0 : Math.round((o / a) * 1000) / 1000,
    ...(maxRatio ? { goal: { maxRatio } } : {}),
  });
  const sum = (r: Run) =>
    r.delegate.reduce((x, y) => x + y, 0) + r.propose + r.votes.reduce((x, y) => x + y, 0) + r.queue + r.execute;
  const OZ =
    "OZ Governor+Settings+CountingSimple+Votes+QuorumFraction+TimelockControl, OZ TimelockController, OZ ERC20Votes";
  const ops = [
    op("dao: delegate (first delegation, self)", ours.delegate[0], anchor.delegate[0], "OZ ERC20Votes.delegate", 1.05),
    op("dao: propose (1 action: treasury transfer)", ours.propose, anchor.propose, OZ, 1.05),
    op("dao: castVote (first voter, reaches quorum)", ours.votes[0], anchor.votes[0], OZ, 1.05),
    op("dao: castVote (later voter)", ours.votes[1], anchor.votes[1], OZ, 1.05),
    op("dao: queue (timelock scheduleBatch)", ours.queue, anchor.queue, OZ, 1.05),
    op("dao: execute (timelock executeBatch + transfer)", ours.execute, anchor.execute, OZ, 1.05),
    op("dao: full lifecycle, 3 voters (3 delegate + propose + 3 votes + queue + execute)", sum(ours), sum(anchor), OZ),
  ];

  // ---- vesting (issue 17): an NYNVestingWallet (as the deploy makes them) against OZ's VestingWalletCliff, same
  // schedule (from now, no cliff, a year) and allocation (1,000,000 NYN each, beneficiary Carol); the first release of
  // each at mid-schedule (half vested: nothing released yet, the wallet keeps a balance — deterministic whatever the
  // chain's clock), then the beneficiary's delegation of the wallet's votes against a holder delegating its own.
  const YEAR = 365n * 86_400n;
  const vestingStart = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp) + 10n;
  const wallet = await new NYNVestingWallet__factory(deployer).deploy(carol.address, vestingStart, YEAR, 0n);
  const ozWallet = await new BenchVestingWallet__factory(deployer).deploy(carol.address, vestingStart, YEAR, 0n);
  const vestingAddress = await wallet.getAddress();
  const allocation = hre.ethers.parseEther("1000000");
  for (const w of [vestingAddress, await ozWallet.getAddress()]) {
    await (await s.nyn.connect(alice).transfer(w, allocation)).wait();
  }
  await advanceTo(hre, vestingStart + YEAR / 2n);
  const release = await gasOf(wallet.connect(dave)["release(address)"](s.addresses.nyn));
  const releaseAnchor = await gasOf(ozWallet.connect(dave)["release(address)"](s.addresses.nyn));
  // The wallet's delegation to a fresh delegatee against a fresh holder of the same balance delegating to another.
  const [, , , , , , relayer, arbiter] = await hre.ethers.getSigners();
  await (await s.nyn.connect(alice).transfer(relayer.address, await s.nyn.balanceOf(vestingAddress))).wait();
  const walletDelegate = await gasOf(wallet.connect(carol).delegate(s.addresses.nyn, bob.address));
  const holderDelegate = await gasOf(s.nyn.connect(relayer).delegate(arbiter.address));
  ops.push(
    op("nyn: vesting release (first, half vested)", release, releaseAnchor, "OZ VestingWalletCliff.release", 1.01),
    op(
      "nyn: vesting wallet delegates its votes (beneficiary; fresh delegatee)",
      walletDelegate,
      holderDelegate,
      "OZ ERC20Votes.delegate by a holder of the same balance",
      1.1,
    ),
  );

  // ---- scaling: castVote (Carol, first vote on a fresh proposal by Alice) with 1, 100, 10,000 existing proposals.
  // The batch proposer holds the proposal threshold (delegated to itself) and proposes a no-op action per proposal.
  const proposer = await new BatchProposer__factory(deployer).deploy(s.addresses.nyn);
  await (await s.nyn.connect(alice).transfer(await proposer.getAddress(), g.proposalThreshold)).wait();
  await hre.network.provider.send("evm_mine", []); // the threshold is read at clock() - 1
  const ns = [1, 100, 10_000];
  const byProposals: number[] = [];
  let proposals = 1; // the lifecycle proposal above
  for (const n of ns) {
    while (proposals < n) {
      const k = Math.min(200, n - proposals);
      await (await proposer.proposeMany(s.addresses.governor, proposals, k, { gasLimit: 16_000_000 })).wait();
      proposals += k;
    }
    const p = proposalOf([transferAction(s, bob.address, 1n)], `Bench: castVote with ${n} existing proposals`);
    await (await s.governor.connect(alice).propose(p.targets, p.values, p.calldatas, p.description)).wait();
    const id = await s.governor.hashProposal(...lifecycleArgs(p));
    await advanceTo(hre, (await s.governor.proposalSnapshot(id)) + 1n);
    byProposals.push(await gasOf(s.governor.connect(carol).castVote(id, 1)));
  }
  const scaling: BenchScaling[] = [{ op: "castVote (existing proposals)", n: ns, gas: byProposals }];
  return { ops, scaling };
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre: HardhatRuntimeEnvironment = require("hardhat");
  benchGovernance(hre)
    .then(({ ops, scaling }) => {
      console.log("Governance gas (ours vs OpenZeppelin anchors, same run):");
      for (const o of ops) {
        const goal = o.goal?.maxRatio
          ? `  goal ≤ ${o.goal.maxRatio}×  ${o.ratio <= o.goal.maxRatio ? "met" : "MISSED"}`
          : "";
        console.log(
          `  ${o.op.padEnd(82)} ours ${String(o.ours).padStart(9)}  anchor ${String(o.anchorGas).padStart(9)}  ${o.ratio.toFixed(3)}×${goal}`,
        );
      }
      for (const sc of scaling) console.log(`  ${sc.op}: n ${sc.n.join(" / ")}  gas ${sc.gas.join(" / ")}`);
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
