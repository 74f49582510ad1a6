/** What happened to request attempts, counted per operation and for the open time-series row. */
export const Count = { Arrived: 0, Completed: 1, Rejected: 2, Errors: 3, TimedOut: 4 } as const;
export type Count = (typeof Count)[keyof typeof Count];
const KINDS = 5;

/**
 * Counters in flat typed arrays: `perOp[kind * nOps + op]` for the run, `row[kind]` for the
 * interval being accumulated (flushed by the time series). One increment per event, no objects.
 */
export class OutcomeCounters {
  readonly perOp: Float64Array;
  readonly row = new Float64Array(KINDS);
  constructor(readonly nOps: number) {
    this.perOp = new Float64Array(KINDS * nOps);
  }

  inc(kind: Count, op: number): void {
    const i = kind * this.nOps + op;
    this.perOp[i] = (this.perOp[i] as number) + 1;
    this.row[kind] = (this.row[kind] as number) + 1;
  }

  /** `k` times inc(kind, op). */
  add(kind: Count, op: number, k: number): void {
    const i = kind * this.nOps + op;
    this.perOp[i] = (this.perOp[i] as number) + k;
    this.row[kind] = (this.row[kind] as number) + k;
  }

  of(kind: Count, op: number): number {
    return this.perOp[kind * this.nOps + op] as number;
  }

  total(kind: Count): number {
    let s = 0;
    for (let op = 0; op < this.nOps; op++) s += this.perOp[kind * this.nOps + op] as number;
    return s;
  }

  /** Take the open row's counts and start a new row. */
  takeRow(kind: Count): number {
    const v = this.row[kind] as number;
    this.row[kind] = 0;
    return v;
  }
}
