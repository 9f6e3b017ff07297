import fs from "fs";
import path from "path";

/**
 * `npm run coverage:check`: the coverage gate. Reads coverage/coverage-summary.json (written by `npm run coverage`,
 * istanbul's json-summary reporter), sums the figures of every file under contracts/ (contracts/test/ is not
 * instrumented: see .solcover.js), prints the files below the thresholds with their figures, and exits non-zero
 * when the totals fall below 95 % of lines or 90 % of branches.
 */

export const MIN_LINES = 95;
export const MIN_BRANCHES = 90;

interface Metric {
  total: number;
  covered: number;
  pct: number | string;
}
interface FileSummary {
  lines: Metric;
  branches: Metric;
  statements: Metric;
  functions: Metric;
}

const root = path.resolve(__dirname, "..");
const summaryPath = path.join(root, "coverage", "coverage-summary.json");

const pct = (covered: number, total: number) => (total === 0 ? 100 : (covered / total) * 100);
const fmt = (covered: number, total: number) => `${pct(covered, total).toFixed(2)} % (${covered}/${total})`;

function main(): number {
  if (!fs.existsSync(summaryPath)) {
    console.error(`check-coverage: ${path.relative(root, summaryPath)} not found; run \`npm run coverage\` first`);
    return 1;
  }
  const summary: Record<string, FileSummary> = JSON.parse(fs.readFileSync(summaryPath, "utf8"));
  const files = Object.entries(summary)
    .filter(([file]) => file !== "total")
    .map(([file, s]) => [path.relative(root, path.resolve(root, file)).split(path.sep).join("/"), s] as const)
    .filter(([file]) => file.startsWith("contracts/") && !file.startsWith("contracts/test/"));
  if (files.length === 0) {
    console.error("check-coverage: the summary lists no file under contracts/");
    return 1;
  }

  const total = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } };
  const below: string[] = [];
  for (const [file, s] of files) {
    total.lines.covered += s.lines.covered;
    total.lines.total += s.lines.total;
    total.branches.covered += s.branches.covered;
    total.branches.total += s.branches.total;
    const lines = pct(s.lines.covered, s.lines.total);
    const branches = pct(s.branches.covered, s.branches.total);
    if (lines < MIN_LINES || branches < MIN_BRANCHES) {
      below.push(
        `  ${file}: lines ${fmt(s.lines.covered, s.lines.total)}, branches ${fmt(s.branches.covered, s.branches.total)}`,
      );
    }
  }

  const lines = pct(total.lines.covered, total.lines.total);
  const branches = pct(total.branches.covered, total.branches.total);
  console.log(`coverage over contracts/ (${files.length} files, contracts/test/ excluded):`);
  console.log(`  lines    ${fmt(total.lines.covered, total.lines.total)}  (minimum ${MIN_LINES} %)`);
  console.log(`  branches ${fmt(total.branches.covered, total.branches.total)}  (minimum ${MIN_BRANCHES} %)`);
  if (below.length > 0) {
    console.log(`files below ${MIN_LINES} % lines or ${MIN_BRANCHES} % branches:`);
    console.log(below.join("\n"));
  }
  if (lines < MIN_LINES || branches < MIN_BRANCHES) {
    console.error("check-coverage: FAILED, coverage is below the minimum");
    return 1;
  }
  console.log("check-coverage: ok");
  return 0;
}

process.exitCode = main();
