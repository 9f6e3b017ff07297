// The gas bench's regression gate (bench/run.ts with BENCH_CHECK=1, the CI bench job), as a pure function so it can
// be tested without running the bench.

/** One row of the bench (bench/results.json `ops`): what was measured and our gas, which may be negative (a
 * difference of two receipts, e.g. a batched user's cost below the direct call's). */
export interface BenchRow {
  op: string;
  ours: number;
}

/** A row that costs more than the gate allows. */
export interface BenchRegression {
  op: string;
  /** Gas now. */
  ours: number;
  /** Gas in the snapshot. */
  snapshot: number;
  /** The growth in percent of the snapshot's magnitude. */
  percent: number;
}

/** The gate's tolerance: a row may grow by 1 % of the snapshot's magnitude. */
export const BENCH_TOLERANCE = 0.01;

/**
 * The rows of `ops` that cost more than their snapshot row plus `tolerance` times the snapshot's magnitude
 * (`|snapshot|`, so a negative row at equal gas passes and a negative row that grew fails). Rows new since the
 * snapshot are not compared.
 * @param snapshot The committed rows (bench/results.json `ops`).
 * @param ops The rows just measured.
 * @param tolerance The allowed growth as a fraction of the snapshot's magnitude (default 1 %).
 * @returns The regressions, in the order of `ops`.
 */
export function benchRegressions(
  snapshot: readonly BenchRow[],
  ops: readonly BenchRow[],
  tolerance = BENCH_TOLERANCE,
): BenchRegression[] {
  const before = new Map(snapshot.map((o) => [o.op, o.ours]));
  const out: BenchRegression[] = [];
  for (const op of ops) {
    const old = before.get(op.op);
    if (old === undefined || op.ours <= old + Math.abs(old) * tolerance) continue;
    const percent = old === 0 ? Infinity : ((op.ours - old) / Math.abs(old)) * 100;
    out.push({ op: op.op, ours: op.ours, snapshot: old, percent });
  }
  return out;
}

/** One line for a regression, as the gate prints it. */
export function formatRegression(r: BenchRegression): string {
  return `REGRESSION: "${r.op}" costs ${r.ours} gas, snapshot ${r.snapshot} (+${r.percent.toFixed(2)} %)`;
}
