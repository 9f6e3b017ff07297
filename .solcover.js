// solidity-coverage configuration (`npm run coverage`). Test-only contracts (attackers, harnesses, benchmark
// anchors) under contracts/test/ are not instrumented and do not count towards the coverage figures.
module.exports = {
  skipFiles: ["test/"],
  // json-summary feeds scripts/check-coverage.ts; text prints the table; html and lcov are for people and tools.
  istanbulReporter: ["text", "json-summary", "json", "html", "lcov"],
  mocha: { timeout: 600_000 },
};
