import { expect } from "chai";
import { ethers } from "ethers";
import {
  ACL__factory,
  GasMeter__factory,
  JobBoard__factory,
  Kernel__factory,
  KernelForwarder__factory,
  NameService__factory,
  Marketplace__factory,
  NYN__factory,
  NYNGovernor__factory,
  ProcessRegistry__factory,
  ProcessRegistryV2__factory,
  TimelockController__factory,
} from "../../typechain-types";
import * as dao from "../../lib/dao";
import { ActionDecoder, contractsOf, idName } from "../../lib/actions";
import { formatAmount, formatDuration } from "../../lib/format";
import { MODULE, PERMISSION, CAPABILITY, NO_EXPIRY } from "../../lib/ids";

// A system made of typed handles at made-up addresses: the decoder reads no chain, and the action builders the tasks
// and the demo use (lib/dao.ts) need only interfaces and addresses.
const at = (n: number) => ethers.getAddress("0x" + n.toString(16).padStart(40, "0"));
const addresses = {
  kernel: at(0x1001),
  acl: at(0x1002),
  processRegistry: at(0x1003),
  gasMeter: at(0x1004),
  nyn: at(0x1005),
  governor: at(0x1006),
  timelock: at(0x1007),
  marketplace: at(0x1008),
  jobBoard: at(0x1009),
  forwarder: at(0x100a),
  vestingWallets: {},
  nameService: at(0x100b),
  implementations: {},
  programs: {},
};
const s = {
  addresses,
  kernel: Kernel__factory.connect(addresses.kernel),
  acl: ACL__factory.connect(addresses.acl),
  registry: ProcessRegistry__factory.connect(addresses.processRegistry),
  gasMeter: GasMeter__factory.connect(addresses.gasMeter),
  nyn: NYN__factory.connect(addresses.nyn),
  governor: NYNGovernor__factory.connect(addresses.governor),
  timelock: TimelockController__factory.connect(addresses.timelock),
  marketplace: Marketplace__factory.connect(addresses.marketplace),
  jobBoard: JobBoard__factory.connect(addresses.jobBoard),
  forwarder: KernelForwarder__factory.connect(addresses.forwarder),
  names: NameService__factory.connect(addresses.nameService),
};
const bob = at(0xb0b);
const impl = at(0x2222);
const codeHash = ethers.keccak256("0x1234");
const decoder = new ActionDecoder({
  contracts: contractsOf(s),
  accounts: { [bob]: "bob" },
  extraAbis: [ProcessRegistryV2__factory.createInterface()],
});
const say = (a: { target: string; value: bigint; data: string }) => decoder.decode(a).sentence;

describe("lib/actions: proposal actions and relayed requests read as sentences", function () {
  describe("the actions dao:propose and the demo build", function () {
    it("reads an upgrade with its pinned code hash and its migration", function () {
      const migration = ProcessRegistryV2__factory.createInterface().encodeFunctionData("initializeV2");
      const plan = {
        moduleId: MODULE.PROCESS_REGISTRY,
        moduleName: "ProcessRegistry",
        newImplementation: impl,
        codeHash,
      };
      expect(say(dao.upgradeAction(s, plan, migration))).to.equal(
        `upgrade module ProcessRegistry to ${impl} pinned to code hash ${codeHash}, then run initializeV2()`,
      );
      expect(say(dao.upgradeAction(s, { ...plan, moduleId: MODULE.GAS_METER, moduleName: "GasMeter" }))).to.equal(
        `upgrade module GasMeter to ${impl} pinned to code hash ${codeHash}`,
      );
    });

    it("reads a mint to the treasury and a transfer from it", function () {
      expect(say(dao.mintAction(s, addresses.timelock, ethers.parseEther("1000000")))).to.equal(
        "mint 1,000,000 NYN to the treasury",
      );
      expect(say(dao.transferAction(s, bob, ethers.parseEther("50000.25")))).to.equal(
        `transfer 50,000.25 NYN from the treasury to ${bob} (bob)`,
      );
    });

    it("reads a permission grant, without expiry and with one", function () {
      expect(say(dao.grantAction(s, bob, addresses.nyn, PERMISSION.MINT, NO_EXPIRY))).to.equal(
        `grant MINT on NYN to ${bob} (bob) without expiry`,
      );
      expect(
        say(dao.grantAction(s, bob, addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, 1_800_000_000n)),
      ).to.equal(`grant REGISTER_PROGRAM on ProcessRegistry to ${bob} (bob) until 2027-01-15T08:00:00Z (1800000000)`);
    });

    it("reads every governance parameter --set accepts", function () {
      const cases: [string, string, string][] = [
        ["votingDelay", "60", "set the voting delay to 1 min (60 s)"],
        ["votingPeriod", "86400", "set the voting period to 1 d (86,400 s)"],
        ["proposalThreshold", "1000.5", "set the proposal threshold to 1,000.5 NYN"],
        ["quorum", "5", "set the quorum to 5 % of the supply"],
        ["proposalGuardian", bob, `make ${bob} (bob) the proposal guardian`],
        ["timelockDelay", "3600", "set the timelock delay to 1 h (3,600 s)"],
      ];
      expect(cases.map(([name]) => name)).to.have.members(Object.keys(dao.PARAMETERS));
      for (const [name, value, sentence] of cases) expect(say(dao.setAction(s, name, value)), name).to.equal(sentence);
    });

    it("reads the actions a JSON file may hold on every governed contract", function () {
      const call = (c: { interface: ethers.Interface }, target: string, fn: string, args: unknown[], value = 0n) => ({
        target,
        value,
        data: c.interface.encodeFunctionData(fn, args),
      });
      const i = (x: { interface: unknown }) => x as unknown as { interface: ethers.Interface };
      const cases: [{ target: string; value: bigint; data: string }, string][] = [
        [call(i(s.gasMeter), addresses.gasMeter, "setPrice", [2n]), "set the gas price to 2 NYN-wei per gas"],
        [
          call(i(s.gasMeter), addresses.gasMeter, "setEpochLength", [86_400n]),
          "set the gas meter's epoch length to 1 d (86,400 s)",
        ],
        [
          call(i(s.gasMeter), addresses.gasMeter, "collectFees", [addresses.timelock, ethers.parseEther("3")]),
          "collect 3 NYN of gas-meter fees to the treasury",
        ],
        [call(i(s.marketplace), addresses.marketplace, "setFee", [250n]), "set the marketplace fee to 2.5 % (250 bps)"],
        [call(i(s.jobBoard), addresses.jobBoard, "setFee", [100n]), "set the job board fee to 1 % (100 bps)"],
        [call(i(s.jobBoard), addresses.jobBoard, "collectFees", []), "collect the job board's fees to its treasury"],
        [
          call(i(s.marketplace), addresses.marketplace, "setTreasury", [bob]),
          `send the marketplace's fees to ${bob} (bob)`,
        ],
        [call(i(s.kernel), addresses.kernel, "pause", []), "pause the kernel"],
        [
          call(i(s.acl), addresses.acl, "revokePermission", [bob, addresses.kernel, PERMISSION.PAUSE]),
          `revoke PAUSE on Kernel from ${bob} (bob)`,
        ],
        [
          call(i(s.acl), addresses.acl, "setPermissionManager", [bob, addresses.nyn, PERMISSION.MINT]),
          `make ${bob} (bob) the manager of MINT on NYN`,
        ],
        [
          call(i(s.acl), addresses.acl, "createPermission", [
            bob,
            addresses.gasMeter,
            PERMISSION.SET_METER_PARAMS,
            addresses.timelock,
          ]),
          `create permission SET_METER_PARAMS on GasMeter for ${bob} (bob), managed by the treasury`,
        ],
        [
          call(i(s.registry), addresses.processRegistry, "registerProgram", [impl, "Shop", "1.0", ""]),
          `register program "Shop" version "1.0" implemented by ${impl}`,
        ],
        [call(i(s.registry), addresses.processRegistry, "kill", [7n]), "kill process 7 and its descendants"],
        [call(i(s.registry), addresses.processRegistry, "suspend", [3n]), "suspend process 3 and its descendants"],
        [call(i(s.nyn), addresses.nyn, "delegate", [bob]), `delegate the treasury's votes to ${bob} (bob)`],
        [
          call(i(s.timelock), addresses.timelock, "grantRole", [ethers.id("CANCELLER_ROLE"), bob]),
          `grant the timelock's CANCELLER role to ${bob} (bob)`,
        ],
        [
          call(i(s.governor), addresses.governor, "relay", [
            addresses.nyn,
            0n,
            s.nyn.interface.encodeFunctionData("mint", [bob, ethers.parseEther("1")]),
          ]),
          `have the governor mint 1 NYN to ${bob} (bob)`,
        ],
        [{ target: bob, value: ethers.parseEther("1.5"), data: "0x" }, `send 1.5 ETH to ${bob} (bob)`],
        [{ target: bob, value: 0n, data: "0xdeadbeef" }, `call ${bob} (bob) with selector 0xdeadbeef`],
        [{ target: addresses.nyn, value: 0n, data: "0xdeadbeef" }, "call NYN with selector 0xdeadbeef"],
      ];
      for (const [action, sentence] of cases) expect(say(action)).to.equal(sentence);
    });

    it("names the contract and the function and keeps the arguments by name", function () {
      const d = decoder.decode(dao.mintAction(s, bob, 5n));
      expect(d.contract).to.equal("NYN");
      expect(d.fn).to.equal("mint");
      expect(d.args).to.deep.equal({ to: bob, amount: 5n });
    });
  });

  describe("relayed requests", function () {
    it("reads a request the forwarder relays, with the process that reimburses it", function () {
      const request = {
        from: bob,
        to: addresses.gasMeter,
        value: 0n,
        gas: 100_000n,
        deadline: 1_900_000_000n,
        data: s.gasMeter.interface.encodeFunctionData("deposit", [1n, ethers.parseEther("10")]),
      };
      expect(decoder.decodeRelayed(request, 1n).sentence).to.equal(
        `relay for ${bob} (bob): deposit 10 NYN into process 1's gas budget, reimbursed by process 1`,
      );
      const data = s.forwarder.interface.encodeFunctionData("execute", [{ ...request, signature: "0x" }]);
      expect(say({ target: addresses.forwarder, value: 0n, data })).to.equal(
        `relay for ${bob} (bob): deposit 10 NYN into process 1's gas budget`,
      );
    });
  });

  describe("formatting", function () {
    it("formats NYN and durations with lib/format.ts, and ids by name", function () {
      expect(formatAmount(0n)).to.equal("0 NYN");
      expect(formatAmount(1n)).to.equal("0.000000000… NYN");
      expect(formatAmount(1n, "NYN", 18, { exact: true })).to.equal("0.000000000000000001 NYN");
      expect(formatAmount(ethers.parseEther("1234567.5"))).to.equal("1,234,567.5 NYN");
      expect(formatDuration(90n)).to.equal("1 min 30 s (90 s)");
      expect(formatDuration(7200n)).to.equal("2 h (7,200 s)");
      expect(idName(CAPABILITY.INCREMENT)).to.equal("INCREMENT");
      expect(idName(ethers.ZeroHash)).to.equal("DEFAULT_ADMIN");
      expect(idName(ethers.id("unknown"))).to.equal(ethers.id("unknown"));
    });
  });
});
