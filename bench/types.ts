/** One measured operation of the gas benchmark (`npm run bench`, bench/results.json `ops`). */
export interface BenchOp {
  /** What was measured, e.g. "spawn a process". */
  op: string;
  /** Our gas (receipt.gasUsed, or a difference of two receipts for an overhead). */
  ours: number;
  /** The anchor it is compared with, e.g. "OZ Clones.clone + 3-slot initializer"; "" when none. */
  anchor: string;
  /** The anchor's gas measured in the same run (0 when none). */
  anchorGas: number;
  /** ours / anchorGas (0 when no anchor). */
  ratio: number;
  /** The goal, if any: an absolute gas ceiling or a maximum ratio to the anchor. */
  goal?: { maxGas?: number; maxRatio?: number };
}

/** Gas of one operation as the system grows (bench/results.json `scaling`). */
export interface BenchScaling {
  op: string;
  n: number[];
  gas: number[];
}
