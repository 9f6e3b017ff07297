import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import hre from "hardhat";
import { LOCAL_CONFIG } from "../../deploy/config";
import { ignitionInputs, repairJournal } from "../../deploy/ignition";
import { parametersFile, shapeOf, systemModule } from "../../ignition/modules/System";
import { PRODUCTION_SHAPE } from "../../ignition/modules/shape";

/** A parameters file as Ignition reads it ("123n" strings are bigints). */
function readParameters(file: string) {
  return JSON.parse(fs.readFileSync(file, "utf8"), (_key, value) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  );
}

describe("Ignition deploy", function () {
  describe("parameters", function () {
    it("ignition/parameters/localhost.json is LOCAL_CONFIG: the CLI and the in-process deploys build one module", async function () {
      const { shape, parameters } = await ignitionInputs(hre, LOCAL_CONFIG);
      const file = readParameters(parametersFile("localhost"));
      expect(shapeOf(parametersFile("localhost"))).to.deep.equal(shape);
      const { System: _shape, ...values } = file;
      void _shape;
      expect(values).to.deep.equal(parameters);
    });

    it("S13 a testnet deploy without the operator's addresses (guardian, arbiter, the community holder of votable NYN) is refused before anything is sent, naming each", async function () {
      const file = parametersFile("sepolia");
      const block = await hre.ethers.provider.getBlockNumber();
      const deploy = hre.ignition.deploy(systemModule(shapeOf(file)), {
        parameters: readParameters(file) as never,
      });
      const error = await deploy.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error, "the deploy went ahead with governance-critical parameters missing").to.be.instanceOf(Error);
      for (const name of ["guardian", "arbiter", "community"]) expect(error!.message).to.include(name);
      expect(await hre.ethers.provider.getBlockNumber(), "a refused deploy sent a transaction").to.equal(block);
    });

    it("ignition/parameters/sepolia.json: the timelock is root; a testnet DAO's periods; no local account", function () {
      const file = readParameters(parametersFile("sepolia"));
      expect(file.System.root).to.equal("timelock");
      expect(file.Governance.votingDelay).to.equal(60); // 1 minute
      expect(file.Governance.votingPeriod).to.equal(3_600); // 1 hour
      expect(file.Timelock.minDelay).to.equal(600); // 10 minutes
      expect(fs.readFileSync(parametersFile("sepolia"), "utf8")).to.not.match(/0x[0-9a-fA-F]{40}/);
      expect(file.NYN.amounts.length).to.equal(file.System.holders.length);
    });
  });

  describe("the NameService module (issue 16)", function () {
    it("is installed sixth, after the job board, with root as its fee treasury and SET_NAME_FEE for root, protected", function () {
      const system = systemModule(PRODUCTION_SHAPE);
      const names = [...system.submodules].find((m) => m.id === "NameService");
      expect(names, "System has no NameService submodule").to.not.equal(undefined);
      const futures = new Map([...names!.futures].map((f) => [f.id, f]));
      for (const id of [
        "NameService#NameServiceImplementation",
        "NameService#installNameService",
        "NameService#NameService",
        "NameService#createSET_NAME_FEE",
        "NameService#protectSET_NAME_FEE",
      ]) {
        expect(futures.has(id), `missing future ${id}`).to.equal(true);
      }
      const install = futures.get("NameService#installNameService")!;
      const after = [...install.dependencies].map((d) => d.id);
      expect(after, "the install must wait for the market's (module order)").to.include("Market");
      const handover = [...system.submodules].find((m) => m.id === "Handover")!;
      const rootHandover = [...handover.futures].find((f) => f.id === "Handover#grantROOT")!;
      expect([...rootHandover.dependencies].map((d) => d.id)).to.include("NameService");
    });
  });

  describe("repairJournal", function () {
    it("drops a future that started but requested no transaction, and keeps every other line", function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nyn-journal-"));
      const lines = [
        { chainId: 31337, type: "DEPLOYMENT_INITIALIZE" },
        { futureId: "A#a", type: "CALL_EXECUTION_STATE_INITIALIZE" },
        { futureId: "A#a", type: "NETWORK_INTERACTION_REQUEST" },
        { futureId: "B#b", type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" },
      ];
      fs.writeFileSync(`${dir}/journal.jsonl`, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
      const logged: string[] = [];
      repairJournal(dir, (line) => logged.push(line));
      const kept = fs
        .readFileSync(`${dir}/journal.jsonl`, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(kept).to.deep.equal(lines.slice(0, 3));
      expect(logged.join()).to.match(/B#b/);
      repairJournal(dir);
      expect(fs.readFileSync(`${dir}/journal.jsonl`, "utf8").trim().split("\n")).to.have.length(3);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
});
