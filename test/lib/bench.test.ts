import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import { benchRegressions, formatRegression } from "../../lib/bench";
import { EIP170_LIMIT, EIP3860_LIMIT, readContractSizes, sizeBreaches } from "../../lib/sizes";

describe("lib/bench: the bench gate's row comparison (bench/run.ts, BENCH_CHECK=1)", function () {
  const row = (op: string, ours: number) => ({ op, ours });

  it("passes a row at equal gas and within 1 % of the snapshot, fails one above", function () {
    const snapshot = [row("spawn", 100_000)];
    expect(benchRegressions(snapshot, [row("spawn", 100_000)])).to.deep.equal([]);
    expect(benchRegressions(snapshot, [row("spawn", 101_000)])).to.deep.equal([]);
    expect(benchRegressions(snapshot, [row("spawn", 101_001)])).to.deep.equal([
      { op: "spawn", ours: 101_001, snapshot: 100_000, percent: 1.001 },
    ]);
  });

  it("measures 1 % of a negative row's magnitude: equal gas passes, growth beyond it fails", function () {
    const snapshot = [row("batched user", -804)];
    expect(benchRegressions(snapshot, [row("batched user", -804)])).to.deep.equal([]);
    expect(benchRegressions(snapshot, [row("batched user", -900)])).to.deep.equal([]); // cheaper
    expect(benchRegressions(snapshot, [row("batched user", -797)])).to.deep.equal([]); // +7 ≤ 8.04
    const grew = benchRegressions(snapshot, [row("batched user", -795)]); // +9 > 8.04
    expect(grew).to.have.length(1);
    expect(grew[0].snapshot).to.equal(-804);
    expect(grew[0].percent).to.be.closeTo((9 / 804) * 100, 1e-9);
    expect(formatRegression(grew[0])).to.equal('REGRESSION: "batched user" costs -795 gas, snapshot -804 (+1.12 %)');
  });

  it("lets a zero row grow by nothing, ignores rows new since the snapshot, keeps the order of the rows", function () {
    const snapshot = [row("a", 0), row("b", 1_000), row("c", 500)];
    const now = [row("new", 9_999_999), row("c", 600), row("a", 1), row("b", 1_000)];
    expect(benchRegressions(snapshot, now).map((r) => r.op)).to.deep.equal(["c", "a"]);
    expect(benchRegressions(snapshot, now, 0.5).map((r) => r.op)).to.deep.equal(["a"]);
  });
});

describe("lib/sizes: contract sizes from the artifacts (scripts/check-sizes.ts, bench/run.ts)", function () {
  let dir: string;
  const artifact = (file: string, sourceName: string, contractName: string, bytecode: string, deployed: string) => {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, JSON.stringify({ sourceName, contractName, bytecode, deployedBytecode: deployed }));
  };
  const hex = (bytes: number) => `0x${"ab".repeat(bytes)}`;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nyn-sizes-"));
    artifact(
      "contracts/a/Big.sol/Big.json",
      "contracts/a/Big.sol",
      "Big",
      hex(EIP3860_LIMIT + 1),
      hex(EIP170_LIMIT + 1),
    );
    artifact("contracts/a/Small.sol/Small.json", "contracts/a/Small.sol", "Small", hex(10), hex(4));
    artifact("contracts/a/Small.sol/Small.dbg.json", "contracts/a/Small.sol", "Small", hex(10), hex(4));
    artifact("contracts/a/IFace.sol/IFace.json", "contracts/a/IFace.sol", "IFace", "0x", "0x");
    artifact("contracts/test/T.sol/T.json", "contracts/test/T.sol", "T", hex(3), hex(2));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads deployable contracts largest first, skipping interfaces, debug files and (unless asked) test contracts", function () {
    expect(readContractSizes(dir).map((c) => [c.name, c.deployed, c.initcode])).to.deep.equal([
      ["Big", EIP170_LIMIT + 1, EIP3860_LIMIT + 1],
      ["Small", 4, 10],
    ]);
    expect(readContractSizes(dir, { includeTests: true }).map((c) => c.name)).to.deep.equal(["Big", "Small", "T"]);
  });

  it("names every limit a contract breaks", function () {
    const breaches = sizeBreaches(readContractSizes(dir));
    expect(breaches).to.have.length(2);
    expect(breaches[0]).to.contain("Big").and.contain("EIP-170");
    expect(breaches[1]).to.contain("Big").and.contain("EIP-3860");
  });
});
