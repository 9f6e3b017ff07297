import hre from "hardhat";
import { expect } from "chai";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployedFixture } from "../fixtures/system";
import { Action, advanceTo, lifecycleArgs, Proposal, proposalOf } from "../../lib/dao";
import { PERMISSION } from "../../lib/ids";
import { Counter__factory } from "../../typechain-types";

export type GovSystem = Awaited<ReturnType<typeof governanceFixture>>;

/**
 * The deployed system with alice (10M NYN), carol (1M) and dave (1M) self-delegated, and alice owning a Counter
 * process (pid 1, count 7) with a child (pid 2), so upgrades can be checked to keep state.
 */
export async function governanceFixture() {
  const s = await deployedFixture();
  const { alice, carol, dave } = s.accounts;
  for (const v of [alice, carol, dave]) await (await s.nyn.connect(v).delegate(v.address)).wait();
  const init = hre.ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [7]);
  await (await s.registry.connect(alice).spawn(s.programs.Counter, init, 0)).wait();
  await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 1)).wait();
  const counter = Counter__factory.connect(await s.registry.instanceOf(1), alice);
  await mine(1);
  return { ...s, counter };
}

/** Propose `actions` as `proposer`; returns the proposal and its id. */
export async function propose(
  s: GovSystem,
  actions: Action[],
  description: string,
  proposer: HardhatEthersSigner = s.accounts.alice,
): Promise<{ proposal: Proposal; id: bigint }> {
  const proposal = proposalOf(actions, description);
  await (
    await s.governor.connect(proposer).propose(proposal.targets, proposal.values, proposal.calldatas, description)
  ).wait();
  const id = await s.governor.hashProposal(...lifecycleArgs(proposal));
  return { proposal, id };
}

/** Move time to just after the vote snapshot (the vote is Active). */
export async function toVoting(s: GovSystem, id: bigint) {
  await advanceTo(hre, (await s.governor.proposalSnapshot(id)) + 1n);
}

/** Move time past the vote deadline. */
export async function toVoteEnd(s: GovSystem, id: bigint) {
  await advanceTo(hre, (await s.governor.proposalDeadline(id)) + 1n);
}

/** Move time to the queued proposal's ETA (the next block is at exactly the ETA). */
export async function toEta(s: GovSystem, id: bigint) {
  const eta = await s.governor.proposalEta(id);
  const latest = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  if (eta > latest + 1n) await hre.network.provider.send("evm_setNextBlockTimestamp", [Number(eta)]);
}

/** Vote (alice for, enough for quorum and majority), end the vote and queue; returns when the ETA is next. */
export async function passAndQueue(s: GovSystem, p: { proposal: Proposal; id: bigint }) {
  await toVoting(s, p.id);
  await (await s.governor.connect(s.accounts.alice).castVote(p.id, 1)).wait();
  await toVoteEnd(s, p.id);
  await (await s.governor.queue(...lifecycleArgs(p.proposal))).wait();
  await toEta(s, p.id);
}

/** Propose, pass, queue and execute `actions`; returns the proposal. */
export async function enact(s: GovSystem, actions: Action[], description: string) {
  const p = await propose(s, actions, description);
  await passAndQueue(s, p);
  await (await s.governor.execute(...lifecycleArgs(p.proposal))).wait();
  expect(await s.governor.state(p.id)).to.equal(7n);
  return p;
}

/** D10: `who` holds no role, no admin, no upgrade right and no timelock role anywhere in the system. */
export async function expectNoPowers(s: GovSystem | Awaited<ReturnType<typeof deployedFixture>>, who: string) {
  for (const row of s.permissions) {
    expect(await s.acl.hasPermission(who, row.where, row.what), `${row.whereName}.${row.whatName}`).to.equal(false);
    expect(
      await s.acl.getPermissionManager(row.where, row.what),
      `manager of ${row.whereName}.${row.whatName}`,
    ).to.not.equal(who);
  }
  expect(await s.kernel.isRoot(who)).to.equal(false);
  for (const role of [
    await s.timelock.DEFAULT_ADMIN_ROLE(),
    await s.timelock.PROPOSER_ROLE(),
    await s.timelock.CANCELLER_ROLE(),
    await s.timelock.EXECUTOR_ROLE(),
  ]) {
    expect(await s.timelock.hasRole(role, who), `timelock role ${role}`).to.equal(false);
  }
  expect(await s.governor.proposalGuardian()).to.not.equal(who);
  expect(await s.acl.hasPermission(who, s.addresses.nyn, PERMISSION.MINT)).to.equal(false);
}
