import fs from "fs";
import path from "path";
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { governanceFixture, GovSystem, propose, toVoting, toVoteEnd, enact, passAndQueue } from "./helpers";
import { Action, lifecycleArgs, mintAction, setAction, transferAction } from "../../lib/dao";
import { LOCAL_CONFIG } from "../../deploy/config";
import { NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { BlockNumberVotesToken__factory, NYNGovernor__factory, OutsidePower__factory } from "../../typechain-types";
import { governorParams } from "../../deploy/modules/governance";

const DAY = 86_400n;
const ZERO = "0x0000000000000000000000000000000000000000";

/** Call actions on the timelock, the ACL and the governor that the propose guard inspects. */
function call(s: GovSystem, target: "timelock" | "acl" | "governor", fn: string, args: unknown[], label = fn): Action {
  const c = target === "timelock" ? s.timelock : target === "acl" ? s.acl : s.governor;
  return {
    target: s.addresses[target],
    value: 0n,
    data: (c.interface as unknown as { encodeFunctionData(f: string, a: unknown[]): string }).encodeFunctionData(
      fn,
      args,
    ),
    label,
  };
}

describe("NYNGovernor", function () {
  describe("constructor", function () {
    it("reads the token's ERC-6372 timestamp clock", async function () {
      const s = await loadFixture(governanceFixture);
      expect(await s.governor.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await s.governor.clock()).to.equal(await time.latest());
      expect(await s.nyn.CLOCK_MODE()).to.equal(await s.governor.CLOCK_MODE());
    });

    it("starts with the network's configured parameters, timelock, guardian and kernel", async function () {
      const s = await loadFixture(governanceFixture);
      const g = LOCAL_CONFIG.governance;
      expect(await s.governor.name()).to.equal("NYN Governor");
      expect(await s.governor.votingDelay()).to.equal(g.votingDelay);
      expect(await s.governor.votingPeriod()).to.equal(g.votingPeriod);
      expect(await s.governor.proposalThreshold()).to.equal(g.proposalThreshold);
      expect(await s.governor["quorumNumerator()"]()).to.equal(g.quorumPercent);
      expect(await s.governor.timelock()).to.equal(s.addresses.timelock);
      expect(await s.timelock.getMinDelay()).to.equal(g.timelockDelay);
      expect(await s.governor.proposalGuardian()).to.equal(s.accounts.guardian.address);
      expect(await s.governor.kernel()).to.equal(s.addresses.kernel);
      expect(await s.governor.acl()).to.equal(s.addresses.acl);
      expect(await s.governor.token()).to.equal(s.addresses.nyn);
    });

    it("refuses a token with a block-number clock", async function () {
      const s = await loadFixture(governanceFixture);
      const token = await new BlockNumberVotesToken__factory(s.accounts.deployer).deploy();
      const factory = new NYNGovernor__factory(s.accounts.deployer);
      await expect(
        factory.deploy(
          await token.getAddress(),
          s.addresses.timelock,
          s.addresses.kernel,
          s.accounts.guardian.address,
          governorParams(LOCAL_CONFIG.governance),
        ),
      )
        .to.be.revertedWithCustomError(factory, "NYNGovernorUnsupportedClock")
        .withArgs("mode=blocknumber&from=default");
    });

    it("refuses starting parameters out of bounds", async function () {
      const s = await loadFixture(governanceFixture);
      const factory = new NYNGovernor__factory(s.accounts.deployer);
      const deploy = (over: Partial<ReturnType<typeof governorParams>>) =>
        factory.deploy(s.addresses.nyn, s.addresses.timelock, s.addresses.kernel, s.accounts.guardian.address, {
          ...governorParams(LOCAL_CONFIG.governance),
          ...over,
        });
      await expect(deploy({ votingPeriod: 0 }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorVotingPeriodTooShort")
        .withArgs(0, 60);
      await expect(deploy({ votingPeriod: 59 }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorVotingPeriodTooShort")
        .withArgs(59, 60);
      await expect(deploy({ votingPeriod: 60n * DAY + 1n }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorVotingPeriodTooLong")
        .withArgs(60n * DAY + 1n, 60n * DAY);
      await expect(deploy({ votingDelay: 30n * DAY + 1n }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorVotingDelayTooLong")
        .withArgs(30n * DAY + 1n, 30n * DAY);
      await expect(deploy({ quorumNumerator: 6 }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorQuorumTooHigh")
        .withArgs(6, 5);
      await expect(deploy({ quorumNumerator: 0 }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorQuorumTooLow")
        .withArgs(0, 1);
      // 1 % of the supply one second before the deploying block (nothing is minted meanwhile).
      const max = (await s.nyn.totalSupply()) / 100n;
      await expect(deploy({ proposalThreshold: max + 1n }))
        .to.be.revertedWithCustomError(factory, "NYNGovernorProposalThresholdTooHigh")
        .withArgs(max + 1n, max);
    });

    it("accepts starting parameters exactly at their bounds", async function () {
      const s = await loadFixture(governanceFixture);
      const factory = new NYNGovernor__factory(s.accounts.deployer);
      const max = (await s.nyn.totalSupply()) / 100n;
      for (const over of [
        { votingPeriod: 60, votingDelay: 0, quorumNumerator: 1, proposalThreshold: 0 },
        { votingPeriod: 60n * DAY, votingDelay: 30n * DAY, quorumNumerator: 5, proposalThreshold: max },
      ]) {
        const g = await factory.deploy(s.addresses.nyn, s.addresses.timelock, s.addresses.kernel, ZERO, over);
        expect(await g.votingPeriod()).to.equal(over.votingPeriod);
        expect(await g.votingDelay()).to.equal(over.votingDelay);
        expect(await g["quorumNumerator()"]()).to.equal(over.quorumNumerator);
        expect(await g.proposalThreshold()).to.equal(over.proposalThreshold);
      }
    });

    it("bounds every configured network's parameters (ignition/parameters/*.json)", async function () {
      const dir = path.join(__dirname, "../../ignition/parameters");
      const big = (v: string | number) => BigInt(String(v).replace(/n$/, ""));
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
        const p = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
        const g = p.Governance;
        const supply = (p.NYN.amounts as string[]).reduce((sum: bigint, a: string) => sum + big(a), 0n);
        expect(Number(g.votingPeriod), file).to.be.within(60, 60 * 86_400);
        expect(Number(g.votingDelay), file).to.be.within(0, 30 * 86_400);
        expect(Number(g.quorumPercent), file).to.be.within(1, 5);
        expect(big(g.proposalThreshold) <= supply / 100n, file).to.equal(true);
        expect(Number(p.Timelock.minDelay), file).to.be.within(0, 30 * 86_400);
      }
    });

    it("refuses a zero timelock or kernel", async function () {
      const s = await loadFixture(governanceFixture);
      const factory = new NYNGovernor__factory(s.accounts.deployer);
      const params = governorParams(LOCAL_CONFIG.governance);
      const zero = hre.ethers.ZeroAddress;
      await expect(factory.deploy(s.addresses.nyn, zero, s.addresses.kernel, zero, params))
        .to.be.revertedWithCustomError(factory, "NYNGovernorZeroAddress")
        .withArgs("timelock");
      await expect(factory.deploy(s.addresses.nyn, s.addresses.timelock, zero, zero, params))
        .to.be.revertedWithCustomError(factory, "NYNGovernorZeroAddress")
        .withArgs("kernel");
    });
  });

  describe("propose", function () {
    it("creates a pending proposal whose vote opens after the voting delay and lasts the voting period", async function () {
      const s = await loadFixture(governanceFixture);
      const { id } = await propose(s, [setAction(s, "votingPeriod", "600")], "Longer votes");
      const now = BigInt(await time.latest());
      expect(await s.governor.state(id)).to.equal(0n); // Pending
      expect(await s.governor.proposalSnapshot(id)).to.equal(now + BigInt(LOCAL_CONFIG.governance.votingDelay));
      expect(await s.governor.proposalDeadline(id)).to.equal(
        now + BigInt(LOCAL_CONFIG.governance.votingDelay + LOCAL_CONFIG.governance.votingPeriod),
      );
      expect(await s.governor.proposalProposer(id)).to.equal(s.accounts.alice.address);
    });

    it("refuses a proposer below the threshold", async function () {
      const s = await loadFixture(governanceFixture);
      const { bob } = s.accounts;
      const a = setAction(s, "votingPeriod", "600");
      await expect(s.governor.connect(bob).propose([a.target], [0], [a.data], "x"))
        .to.be.revertedWithCustomError(s.governor, "GovernorInsufficientProposerVotes")
        .withArgs(bob.address, 0, LOCAL_CONFIG.governance.proposalThreshold);
    });

    it("refuses every action that would remove governance's own powers", async function () {
      const s = await loadFixture(governanceFixture);
      const tl = s.timelock;
      const [P, E, C, A] = [
        await tl.PROPOSER_ROLE(),
        await tl.EXECUTOR_ROLE(),
        await tl.CANCELLER_ROLE(),
        await tl.DEFAULT_ADMIN_ROLE(),
      ];
      const g = s.addresses.governor;
      const t = s.addresses.timelock;
      const mallory = s.accounts.mallory.address;
      const inner = tl.interface.encodeFunctionData("revokeRole", [E, g]);
      const [zero32, salt] = [hre.ethers.ZeroHash, hre.ethers.id("salt")];
      const cases: Action[] = [
        // The timelock re-entering itself as proposer or executor (R7): every operation function, and anything but
        // grantRole/revokeRole/updateDelay.
        call(s, "timelock", "schedule", [t, 0, inner, zero32, salt, 0], "timelock schedules as itself"),
        call(s, "timelock", "scheduleBatch", [[t], [0], [inner], zero32, salt, 0], "timelock schedules a batch"),
        call(s, "timelock", "execute", [t, 0, inner, zero32, salt], "timelock executes as itself"),
        call(s, "timelock", "executeBatch", [[t], [0], [inner], zero32, salt], "timelock executes a batch"),
        call(s, "timelock", "cancel", [salt], "timelock cancels as itself"),
        call(s, "timelock", "getMinDelay", [], "any other timelock function"),
        call(s, "timelock", "grantRole", [P, t], "the timelock as its own proposer"),
        call(s, "timelock", "grantRole", [E, t], "the timelock as its own executor"),
        call(s, "timelock", "grantRole", [P, mallory], "an outside proposer"),
        call(s, "timelock", "grantRole", [E, mallory], "an outside executor"),
        call(s, "timelock", "grantRole", [E, ZERO], "an open executor role"),
        call(
          s,
          "acl",
          "grantPermission",
          [mallory, s.addresses.kernel, PERMISSION.ROOT, NO_EXPIRY],
          "a second kernel root",
        ),
        call(s, "timelock", "revokeRole", [P, g], "revoke the governor's PROPOSER"),
        call(s, "timelock", "revokeRole", [E, g], "revoke the governor's EXECUTOR (the last executor)"),
        call(s, "timelock", "revokeRole", [C, g], "revoke the governor's CANCELLER"),
        call(s, "timelock", "revokeRole", [A, s.addresses.timelock], "revoke the timelock's self-administration"),
        call(s, "timelock", "renounceRole", [A, s.addresses.timelock], "renounce the timelock's admin"),
        call(s, "timelock", "grantRole", [A, s.accounts.mallory.address], "add an outside timelock admin"),
        call(
          s,
          "acl",
          "revokePermission",
          [s.addresses.timelock, s.addresses.kernel, PERMISSION.ROOT],
          "revoke the timelock's root",
        ),
        call(s, "acl", "renouncePermission", [s.addresses.kernel, PERMISSION.ROOT], "renounce root"),
        call(
          s,
          "acl",
          "setPermissionManager",
          [s.accounts.alice.address, s.addresses.kernel, PERMISSION.ROOT],
          "hand ROOT's manager away",
        ),
        call(s, "governor", "updateTimelock", [s.accounts.alice.address], "switch timelock"),
        call(s, "governor", "relay", [s.addresses.timelock, 0, "0x"], "relay to the timelock"),
      ];
      for (const a of cases) {
        const selector = a.data.slice(0, 10);
        await expect(
          s.governor.connect(s.accounts.alice).propose([s.addresses.nyn, a.target], [0, 0], ["0x", a.data], a.label),
          a.label,
        )
          .to.be.revertedWithCustomError(s.governor, "NYNGovernorProtectedAction")
          .withArgs(1, a.target, selector);
        await expect(s.governor.validateActions([a.target], [a.data]), a.label).to.be.revertedWithCustomError(
          s.governor,
          "NYNGovernorProtectedAction",
        );
      }
    });

    it("refuses a protected call too short to hold its arguments", async function () {
      const s = await loadFixture(governanceFixture);
      const full = call(s, "timelock", "revokeRole", [await s.timelock.EXECUTOR_ROLE(), s.addresses.governor]);
      const short = full.data.slice(0, 10 + 64); // selector + the role only
      await expect(s.governor.connect(s.accounts.alice).propose([full.target], [0], [short], "short"))
        .to.be.revertedWithCustomError(s.governor, "NYNGovernorProtectedAction")
        .withArgs(0, full.target, short.slice(0, 10));
    });

    it("checks only as many actions as there are both targets and calls (OpenZeppelin refuses the mismatch)", async function () {
      const s = await loadFixture(governanceFixture);
      const bad = call(s, "timelock", "renounceRole", [await s.timelock.EXECUTOR_ROLE(), s.addresses.timelock]);
      const fine = transferAction(s, s.accounts.bob.address, 1n);
      await s.governor.validateActions([fine.target], [fine.data, bad.data]);
      await s.governor.validateActions([fine.target, bad.target], [fine.data]);
      await expect(
        s.governor.connect(s.accounts.alice).propose([fine.target], [0, 0], [fine.data, bad.data], "mismatch"),
      )
        .to.be.revertedWithCustomError(s.governor, "GovernorInvalidProposalLength")
        .withArgs(1, 2, 2);
    });

    it("refuses a timelock delay above 30 days", async function () {
      const s = await loadFixture(governanceFixture);
      const a = setAction(s, "timelockDelay", String(30n * DAY + 1n));
      await expect(s.governor.connect(s.accounts.alice).propose([a.target], [0], [a.data], "slow"))
        .to.be.revertedWithCustomError(s.governor, "NYNGovernorTimelockDelayTooLong")
        .withArgs(30n * DAY + 1n, 30n * DAY);
    });

    it("accepts ordinary calls to the timelock, the ACL and the governor", async function () {
      const s = await loadFixture(governanceFixture);
      const alice = s.accounts.alice.address;
      const fine: Action[] = [
        call(s, "timelock", "grantRole", [await s.timelock.CANCELLER_ROLE(), alice]),
        call(s, "timelock", "grantRole", [await s.timelock.DEFAULT_ADMIN_ROLE(), s.addresses.timelock]),
        call(s, "timelock", "grantRole", [await s.timelock.PROPOSER_ROLE(), s.addresses.governor]),
        call(s, "timelock", "grantRole", [await s.timelock.EXECUTOR_ROLE(), s.addresses.governor]),
        { target: s.addresses.timelock, value: 1n, data: "0x", label: "plain transfer to the treasury" },
        call(s, "timelock", "revokeRole", [await s.timelock.CANCELLER_ROLE(), alice]),
        call(s, "timelock", "revokeRole", [await s.timelock.EXECUTOR_ROLE(), alice]),
        setAction(s, "timelockDelay", String(30n * DAY)),
        call(s, "acl", "revokePermission", [alice, s.addresses.kernel, PERMISSION.ROOT]),
        call(s, "acl", "revokePermission", [
          s.addresses.timelock,
          s.addresses.processRegistry,
          PERMISSION.PROCESS_ADMIN,
        ]),
        call(s, "acl", "setPermissionManager", [s.addresses.timelock, s.addresses.kernel, PERMISSION.ROOT]),
        call(s, "acl", "grantPermission", [s.addresses.timelock, s.addresses.kernel, PERMISSION.ROOT, NO_EXPIRY]),
        call(s, "acl", "grantPermission", [alice, s.addresses.kernel, PERMISSION.PAUSE, NO_EXPIRY]),
        call(s, "acl", "createPermission", [alice, s.addresses.kernel, hre.ethers.id("NEW"), s.addresses.timelock]),
        call(s, "acl", "setPermissionManager", [alice, s.addresses.nyn, PERMISSION.MINT]),
        call(s, "governor", "relay", [s.addresses.nyn, 0, s.nyn.interface.encodeFunctionData("approve", [alice, 1])]),
        setAction(s, "quorum", "5"),
      ];
      await s.governor.validateActions(
        fine.map((a) => a.target),
        fine.map((a) => a.data),
      );
      const { id } = await propose(s, fine, "Ordinary housekeeping");
      expect(await s.governor.state(id)).to.equal(0n);
    });
  });

  describe("propose-time bounds (R8)", function () {
    it("accepts each governed parameter exactly at its bounds and refuses one past, with the value and the bound", async function () {
      const s = await loadFixture(governanceFixture);
      const max = (await s.nyn.totalSupply()) / 100n;
      expect(await s.governor.maxProposalThreshold()).to.equal(max);
      const wei = (n: bigint) => hre.ethers.formatEther(n);
      const cases: [string, string, string, string, unknown[]][] = [
        // name, at the bound, one past, error, its arguments
        ["quorum", "5", "6", "NYNGovernorQuorumTooHigh", [6, 5]],
        ["quorum", "1", "0", "NYNGovernorQuorumTooLow", [0, 1]],
        ["votingPeriod", "60", "59", "NYNGovernorVotingPeriodTooShort", [59, 60]],
        [
          "votingPeriod",
          String(60n * DAY),
          String(60n * DAY + 1n),
          "NYNGovernorVotingPeriodTooLong",
          [60n * DAY + 1n, 60n * DAY],
        ],
        [
          "votingDelay",
          String(30n * DAY),
          String(30n * DAY + 1n),
          "NYNGovernorVotingDelayTooLong",
          [30n * DAY + 1n, 30n * DAY],
        ],
        ["proposalThreshold", wei(max), wei(max + 1n), "NYNGovernorProposalThresholdTooHigh", [max + 1n, max]],
        [
          "timelockDelay",
          String(30n * DAY),
          String(30n * DAY + 1n),
          "NYNGovernorTimelockDelayTooLong",
          [30n * DAY + 1n, 30n * DAY],
        ],
      ];
      const alice = s.governor.connect(s.accounts.alice);
      for (const [name, ok, bad, error, args] of cases) {
        const at = setAction(s, name, ok);
        await s.governor.validateActions([at.target], [at.data]);
        await alice.propose([at.target], [0], [at.data], `${name} at its bound`);
        const past = setAction(s, name, bad);
        await expect(s.governor.validateActions([past.target], [past.data]), name)
          .to.be.revertedWithCustomError(s.governor, error)
          .withArgs(...args);
        await expect(alice.propose([s.addresses.nyn, past.target], [0, 0], ["0x", past.data], name), name)
          .to.be.revertedWithCustomError(s.governor, error)
          .withArgs(...args);
      }
    });

    it("refuses a setter value too wide for its type (the setter's ABI would refuse it at execution)", async function () {
      const s = await loadFixture(governanceFixture);
      const word = (1n << 255n).toString(16).padStart(64, "0");
      for (const fn of ["setVotingDelay", "setVotingPeriod", "updateQuorumNumerator", "setProposalThreshold"]) {
        const data = s.governor.interface.getFunction(fn as "setVotingDelay").selector + word;
        await expect(s.governor.validateActions([s.addresses.governor], [data]), fn).to.be.reverted;
      }
    });

    it("bounds the threshold by the supply one second ago, so a mint raises the bound", async function () {
      const s = await loadFixture(governanceFixture);
      const before = await s.governor.maxProposalThreshold();
      await enact(s, [mintAction(s, s.accounts.bob.address, hre.ethers.parseEther("100000000"))], "Mint 100M");
      await mine(1);
      expect(await s.governor.maxProposalThreshold()).to.equal(before + hre.ethers.parseEther("1000000"));
    });
  });

  describe("execution-end check (R7)", function () {
    /** An OutsidePower contract given `grant` by the timelock directly (impersonated): a power no proposal gave. */
    async function outsider(s: GovSystem, grant: (asTimelock: HardhatEthersSigner, who: string) => Promise<unknown>) {
      const power = await new OutsidePower__factory(s.accounts.mallory).deploy();
      const who = await power.getAddress();
      await hre.network.provider.send("hardhat_impersonateAccount", [s.addresses.timelock]);
      await hre.network.provider.send("hardhat_setBalance", [s.addresses.timelock, "0xde0b6b3a7640000"]);
      await grant(await hre.ethers.getSigner(s.addresses.timelock), who);
      await hre.network.provider.send("hardhat_stopImpersonatingAccount", [s.addresses.timelock]);
      const act = (target: string, data: string, label: string): Action => ({
        target: who,
        value: 0n,
        data: power.interface.encodeFunctionData("act", [target, data]),
        label,
      });
      return { who, act };
    }

    it("reverts the whole execution when the governor would lose its PROPOSER or EXECUTOR role, by any path", async function () {
      const s = await loadFixture(governanceFixture);
      const tl = s.timelock;
      const admin = await outsider(s, async (t, who) => tl.connect(t).grantRole(await tl.DEFAULT_ADMIN_ROLE(), who));
      for (const role of [await tl.EXECUTOR_ROLE(), await tl.PROPOSER_ROLE()]) {
        const revoke = tl.interface.encodeFunctionData("revokeRole", [role, s.addresses.governor]);
        const p = await propose(
          s,
          [transferAction(s, s.accounts.bob.address, 1n), admin.act(s.addresses.timelock, revoke, "outside revoke")],
          `Revoke ${role} from outside`,
        );
        await passAndQueue(s, p);
        await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
          .to.be.revertedWithCustomError(s.governor, "NYNGovernorPowerLost")
          .withArgs(s.addresses.governor, s.addresses.timelock, role);
        expect(await tl.hasRole(role, s.addresses.governor)).to.equal(true);
        expect(await s.nyn.balanceOf(s.accounts.bob.address)).to.equal(0n); // nothing of it happened
      }
      await enact(s, [transferAction(s, s.accounts.bob.address, 1n)], "Governance still acts");
    });

    it("checks the governor's CANCELLER role when an action calls the timelock", async function () {
      const s = await loadFixture(governanceFixture);
      const tl = s.timelock;
      const C = await tl.CANCELLER_ROLE();
      const admin = await outsider(s, async (t, who) => tl.connect(t).grantRole(await tl.DEFAULT_ADMIN_ROLE(), who));
      const revoke = tl.interface.encodeFunctionData("revokeRole", [C, s.addresses.governor]);
      const p = await propose(
        s,
        [setAction(s, "timelockDelay", "61"), admin.act(s.addresses.timelock, revoke, "outside revoke of CANCELLER")],
        "Revoke CANCELLER from outside",
      );
      await passAndQueue(s, p);
      await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
        .to.be.revertedWithCustomError(s.governor, "NYNGovernorPowerLost")
        .withArgs(s.addresses.governor, s.addresses.timelock, C);
      expect(await tl.hasRole(C, s.addresses.governor)).to.equal(true);
      expect(await tl.getMinDelay()).to.equal(BigInt(LOCAL_CONFIG.governance.timelockDelay));
    });

    it("checks the timelock's kernel root when an action calls the ACL or the kernel", async function () {
      const s = await loadFixture(governanceFixture);
      const { acl } = s;
      // A second root holder that manages ROOT: it can take the timelock's root away (the last one it cannot).
      const root = await outsider(s, async (t, who) => {
        await (await acl.connect(t).grantPermission(who, s.addresses.kernel, PERMISSION.ROOT, NO_EXPIRY)).wait();
        await (await acl.connect(t).setPermissionManager(who, s.addresses.kernel, PERMISSION.ROOT)).wait();
      });
      const revoke = acl.interface.encodeFunctionData("revokePermission", [
        s.addresses.timelock,
        s.addresses.kernel,
        PERMISSION.ROOT,
      ]);
      const arbiter = await s.acl.permissionHolders(s.addresses.marketplace, PERMISSION.ARBITER, 0, 1);
      const p = await propose(
        s,
        [
          call(s, "acl", "revokePermission", [arbiter[0], s.addresses.marketplace, PERMISSION.ARBITER]),
          root.act(s.addresses.acl, revoke, "outside revoke of the timelock's root"),
        ],
        "Revoke the timelock's root from outside",
      );
      await passAndQueue(s, p);
      await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
        .to.be.revertedWithCustomError(s.governor, "NYNGovernorPowerLost")
        .withArgs(s.addresses.timelock, s.addresses.kernel, PERMISSION.ROOT);
      expect(await s.kernel.isRoot(s.addresses.timelock)).to.equal(true);
      expect(await acl.hasPermission(arbiter[0], s.addresses.marketplace, PERMISSION.ARBITER)).to.equal(true);
    });
  });

  describe("castVote", function () {
    it("counts for, against and abstain with the weight delegated at the snapshot", async function () {
      const s = await loadFixture(governanceFixture);
      const { alice, carol, dave } = s.accounts;
      const { id } = await propose(s, [setAction(s, "votingPeriod", "600")], "Tally");
      await toVoting(s, id);
      await expect(s.governor.connect(alice).castVote(id, 1))
        .to.emit(s.governor, "VoteCast")
        .withArgs(alice.address, id, 1, hre.ethers.parseEther("10000000"), "");
      await s.governor.connect(carol).castVoteWithReason(id, 0, "too long");
      await s.governor.connect(dave).castVote(id, 2);
      const [against, forVotes, abstain] = await s.governor.proposalVotes(id);
      expect(forVotes).to.equal(hre.ethers.parseEther("10000000"));
      expect(against).to.equal(hre.ethers.parseEther("1000000"));
      expect(abstain).to.equal(hre.ethers.parseEther("1000000"));
      expect(await s.governor.hasVoted(id, carol.address)).to.equal(true);
    });

    it("refuses a second vote from the same account", async function () {
      const s = await loadFixture(governanceFixture);
      const { id } = await propose(s, [setAction(s, "votingPeriod", "600")], "Once");
      await toVoting(s, id);
      await s.governor.connect(s.accounts.alice).castVote(id, 1);
      await expect(s.governor.connect(s.accounts.alice).castVote(id, 0))
        .to.be.revertedWithCustomError(s.governor, "GovernorAlreadyCastVote")
        .withArgs(s.accounts.alice.address);
    });

    it("refuses votes before the snapshot and after the deadline", async function () {
      const s = await loadFixture(governanceFixture);
      const { id } = await propose(s, [setAction(s, "votingPeriod", "600")], "Window");
      await expect(s.governor.connect(s.accounts.alice).castVote(id, 1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
      await toVoteEnd(s, id);
      await expect(s.governor.connect(s.accounts.alice).castVote(id, 1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorUnexpectedProposalState",
      );
    });
  });

  describe("castVoteBySig", function () {
    it("counts a vote signed by the voter and submitted by anyone", async function () {
      const s = await loadFixture(governanceFixture);
      const { carol, relayer } = s.accounts;
      const { id } = await propose(s, [setAction(s, "votingPeriod", "600")], "Signed");
      await toVoting(s, id);
      const domain = {
        name: "NYN Governor",
        version: "1",
        chainId: (await hre.ethers.provider.getNetwork()).chainId,
        verifyingContract: s.addresses.governor,
      };
      const types = {
        Ballot: [
          { name: "proposalId", type: "uint256" },
          { name: "support", type: "uint8" },
          { name: "voter", type: "address" },
          { name: "nonce", type: "uint256" },
        ],
      };
      const signature = await carol.signTypedData(domain, types, {
        proposalId: id,
        support: 1,
        voter: carol.address,
        nonce: 0,
      });
      await expect(s.governor.connect(relayer).castVoteBySig(id, 1, carol.address, signature))
        .to.emit(s.governor, "VoteCast")
        .withArgs(carol.address, id, 1, hre.ethers.parseEther("1000000"), "");
      expect(await s.governor.nonces(carol.address)).to.equal(1n);
    });
  });

  describe("bounded parameters", function () {
    it("lets governance change every parameter within its bounds", async function () {
      const s = await loadFixture(governanceFixture);
      await enact(
        s,
        [
          setAction(s, "votingDelay", "3600"),
          setAction(s, "votingPeriod", "7200"),
          setAction(s, "proposalThreshold", "5000"),
          setAction(s, "quorum", "5"),
          setAction(s, "timelockDelay", "120"),
          setAction(s, "proposalGuardian", s.accounts.carol.address),
        ],
        "Retune governance",
      );
      expect(await s.governor.votingDelay()).to.equal(3600n);
      expect(await s.governor.votingPeriod()).to.equal(7200n);
      expect(await s.governor.proposalThreshold()).to.equal(hre.ethers.parseEther("5000"));
      expect(await s.governor["quorumNumerator()"]()).to.equal(5n);
      expect(await s.timelock.getMinDelay()).to.equal(120n);
      expect(await s.governor.proposalGuardian()).to.equal(s.accounts.carol.address);
    });

    it("refuses direct calls to the setters (only a proposal through the timelock)", async function () {
      const s = await loadFixture(governanceFixture);
      const { alice } = s.accounts;
      await expect(s.governor.connect(alice).setVotingPeriod(1))
        .to.be.revertedWithCustomError(s.governor, "GovernorOnlyExecutor")
        .withArgs(alice.address);
      await expect(s.governor.connect(alice).updateQuorumNumerator(1)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorOnlyExecutor",
      );
      await expect(s.governor.connect(alice).setProposalGuardian(alice.address)).to.be.revertedWithCustomError(
        s.governor,
        "GovernorOnlyExecutor",
      );
      await expect(s.governor.connect(alice).relay(s.addresses.nyn, 0, "0x")).to.be.revertedWithCustomError(
        s.governor,
        "GovernorOnlyExecutor",
      );
    });
  });

  describe("updateTimelock", function () {
    it("always reverts: the timelock is fixed", async function () {
      const s = await loadFixture(governanceFixture);
      await expect(s.governor.updateTimelock(s.accounts.alice.address)).to.be.revertedWithCustomError(
        s.governor,
        "NYNGovernorTimelockFixed",
      );
    });
  });

  describe("relay", function () {
    it("relays a call from the governor's address through a proposal", async function () {
      const s = await loadFixture(governanceFixture);
      const { bob } = s.accounts;
      const approve = s.nyn.interface.encodeFunctionData("approve", [bob.address, 123n]);
      await enact(s, [call(s, "governor", "relay", [s.addresses.nyn, 0, approve])], "Relay an approval");
      expect(await s.nyn.allowance(s.addresses.governor, bob.address)).to.equal(123n);
    });

    it("refuses at execution time to relay to the timelock", async function () {
      const s = await loadFixture(governanceFixture);
      // relay is onlyGovernance: the timelock may call it only while the governor executes a proposal; a direct
      // call from the timelock's address reaches the override's check first.
      await hre.network.provider.send("hardhat_impersonateAccount", [s.addresses.timelock]);
      await hre.network.provider.send("hardhat_setBalance", [s.addresses.timelock, "0xde0b6b3a7640000"]);
      const tl = await hre.ethers.getSigner(s.addresses.timelock);
      await expect(s.governor.connect(tl).relay(s.addresses.timelock, 0, "0x12345678"))
        .to.be.revertedWithCustomError(s.governor, "NYNGovernorProtectedAction")
        .withArgs(0, s.addresses.timelock, "0x12345678");
      await hre.network.provider.send("hardhat_stopImpersonatingAccount", [s.addresses.timelock]);
    });
  });

  describe("queue and execute", function () {
    it("queues in the timelock with the configured delay and executes at the ETA", async function () {
      const s = await loadFixture(governanceFixture);
      const p = await propose(s, [setAction(s, "votingPeriod", "600")], "Queue me");
      await toVoting(s, p.id);
      await s.governor.connect(s.accounts.alice).castVote(p.id, 1);
      await toVoteEnd(s, p.id);
      const tx = await s.governor.queue(...lifecycleArgs(p.proposal));
      const queuedAt = BigInt((await hre.ethers.provider.getBlock(tx.blockNumber!))!.timestamp);
      const eta = queuedAt + BigInt(LOCAL_CONFIG.governance.timelockDelay);
      await expect(tx).to.emit(s.governor, "ProposalQueued").withArgs(p.id, eta);
      expect(await s.governor.proposalEta(p.id)).to.equal(eta);
      await time.setNextBlockTimestamp(eta);
      await expect(s.governor.execute(...lifecycleArgs(p.proposal)))
        .to.emit(s.governor, "ProposalExecuted")
        .withArgs(p.id);
      expect(await s.governor.votingPeriod()).to.equal(600n);
    });
  });
});
