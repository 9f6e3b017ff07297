/**
 * Where the suite's time goes (diagnostics; not part of `npm test`): load it first and every file's wall time (its
 * hooks included), test count and whole-system deploys (deploySystem calls) are written, slowest first, to
 * $TIMING_OUT (default /tmp/test-timing.txt) when mocha ends:
 *   npx hardhat test scripts/test-timing.ts $(find test -name '*.test.ts' | sort)
 *   npx hardhat coverage --testfiles "{scripts/test-timing.ts,test/**\/!(shell|tasks|demo|ignition|errors|modules.validation).test.ts}"
 */
import fs from "fs";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ds = require("../deploy/deploySystem");
const files: Record<string, { ms: number; tests: number; deploys: number }> = {};
let deploys = 0;
let deployMs = 0;
const orig = ds.deploySystem;
ds.deploySystem = async (...args: unknown[]) => {
  deploys++;
  const t = Date.now();
  try {
    return await orig(...args);
  } finally {
    deployMs += Date.now() - t;
  }
};
let last = Date.now();
let lastDeploys = 0;
afterEach(function () {
  const f = (this.currentTest?.file ?? "?").replace(/.*\/test\//, "test/");
  const e = (files[f] ??= { ms: 0, tests: 0, deploys: 0 });
  const now = Date.now();
  e.ms += now - last;
  e.tests++;
  e.deploys += deploys - lastDeploys;
  lastDeploys = deploys;
  last = now;
});
after(function () {
  const rows = Object.entries(files).sort((a, b) => b[1].ms - a[1].ms);
  const out = rows.map(
    ([f, e]) =>
      `${(e.ms / 1000).toFixed(1).padStart(7)} s ${String(e.tests).padStart(4)} tests ${String(e.deploys).padStart(4)} deploys  ${f}`,
  );
  out.push(`total deploySystem calls: ${deploys} (${(deployMs / 1000).toFixed(1)} s)`);
  fs.writeFileSync(process.env.TIMING_OUT ?? "/tmp/test-timing.txt", out.join("\n") + "\n");
});
