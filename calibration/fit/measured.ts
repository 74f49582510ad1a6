import { TrendSink } from '../k6/sinks.js';
import type { RunReplay } from '../replay.js';

/** What k6 measured, for one operation or all: latencies in ms (k6's percentile definition). */
export interface MeasuredStats {
  count: number;
  /** http_req_duration over all answers (as k6's summary). */
  all: { p50: number; p95: number; p99: number };
  /** Over 2xx answers only. */
  ok: { p50: number; p95: number; p99: number };
  /** Answers per second over the run's start window (last start − first start). */
  throughputRps: number;
  /** 2xx answers per second over the same window. */
  okThroughputRps: number;
  /** Share of answers k6 counted as failed (503s and any other failure). */
  errorRate: number;
  /** Share of answers that were 503. */
  rejectedRate: number;
}

export interface MeasuredRun {
  overall: MeasuredStats;
  perOperation: Record<string, MeasuredStats>;
  windowS: number;
}

/**
 * Measured statistics of a replayed run, overall and per operation. Percentiles are k6's (linear
 * interpolation between closest ranks, TrendSink), so `overall.all.p95` equals the summary's
 * http_req_duration p(95). O(n log n).
 * @example measure(replay).perOperation.authorize?.ok.p95 // 30.7
 */
export function measure(r: RunReplay): MeasuredRun {
  const n = r.timesMs.length;
  const windowS = n > 1 ? ((r.timesMs[n - 1] as number) - (r.timesMs[0] as number)) / 1000 : 1;
  const select = (op: number | null): MeasuredStats => {
    const all = new TrendSink();
    const ok = new TrendSink();
    let errors = 0;
    let rejected = 0;
    for (let i = 0; i < n; i++) {
      if (op !== null && r.ops[i] !== op) continue;
      const d = r.durationMs[i] as number;
      const s = r.status[i] as number;
      all.add(d);
      if (s >= 200 && s < 300) ok.add(d);
      if (r.failed[i] === 1) errors++;
      if (s === 503) rejected++;
    }
    const q = (t: TrendSink) => ({ p50: t.percentile(0.5), p95: t.percentile(0.95), p99: t.percentile(0.99) });
    return {
      count: all.count,
      all: q(all),
      ok: q(ok),
      throughputRps: all.count / windowS,
      okThroughputRps: ok.count / windowS,
      errorRate: all.count > 0 ? errors / all.count : 0,
      rejectedRate: all.count > 0 ? rejected / all.count : 0,
    };
  };
  const perOperation: Record<string, MeasuredStats> = {};
  r.operations.forEach((name, k) => (perOperation[name] = select(k)));
  return { overall: select(null), perOperation, windowS };
}

/** Durations (ms) of the 2xx answers of one operation, unsorted. */
export function okDurations(r: RunReplay, op: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.timesMs.length; i++) {
    const s = r.status[i] as number;
    if (r.ops[i] === op && s >= 200 && s < 300) out.push(r.durationMs[i] as number);
  }
  return out;
}
