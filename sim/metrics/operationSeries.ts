import type { Ms } from '../units.js';
import type { LatencyStats } from './latencyStats.js';

/**
 * Latency of 2xx answers per operation and interval (p50, p95, p99; NaN where an operation had no
 * answer), so each operation can be charted against its own SLO. Kept only for two or more
 * operations: with one, the overall series is that operation's, and nothing is paid twice.
 */
export class OperationSeries {
  readonly p50: Float64Array[];
  readonly p95: Float64Array[];
  readonly p99: Float64Array[];
  /** 2xx answers per interval (a count, not a rate). */
  readonly completed: Float64Array[];

  constructor(readonly names: readonly string[], readonly intervalMs: Ms, readonly rows: number) {
    const cols = () => names.map(() => new Float64Array(rows));
    this.p50 = cols();
    this.p95 = cols();
    this.p99 = cols();
    this.completed = cols();
  }

  /** Row `row` of operation `op`: the quantiles of its interval's latencies `il` (no row: nothing). */
  record(op: number, row: number, il: LatencyStats): void {
    if (row < 0 || row >= this.rows) return;
    const none = il.count === 0;
    (this.completed[op] as Float64Array)[row] = il.count;
    (this.p50[op] as Float64Array)[row] = none ? NaN : il.quantile(0.5);
    (this.p95[op] as Float64Array)[row] = none ? NaN : il.quantile(0.95);
    (this.p99[op] as Float64Array)[row] = none ? NaN : il.quantile(0.99);
  }
}
