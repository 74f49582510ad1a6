import { formatDuration } from '../sim/traffic/duration.js';
import type { StageData } from './curves.js';

/**
 * A measured traffic trace (requests counted per time bucket) turned into k6 stages that send
 * the same number of requests in every bucket. Pure: input/traceCsv.ts reads the file.
 *
 * Two shapes:
 * - `step`: the rate jumps (0-duration stage) to count/width at each bucket start and holds;
 *   each bucket's area is its count exactly, up to k6's whole-number rates.
 * - `ramp`: the rate ramps through the bucket boundaries (the mean of the two neighbouring
 *   bucket rates) and a midpoint chosen so the bucket's trapezoid area is its count:
 *   area = w/4·(b_i + 2·m_i + b_{i+1}) = count  ⇒  m_i = (4·r_i − b_i − b_{i+1}) / 2.
 *   A midpoint below 0 (a lone bucket far under its neighbours) is clipped, which the reported
 *   error then shows.
 */

/** One bucket: its start (seconds, any origin) and the requests counted in it. */
export interface TraceRow {
  timeS: number;
  count: number;
}

export interface TraceStagesOptions {
  mode?: 'ramp' | 'step';
  /** The rates' time unit: `1m` keeps more resolution than `1s` for whole-number rates. Default `1m`. */
  timeUnit?: '1s' | '1m';
}

export interface TraceStages {
  startRate: number;
  timeUnit: '1s' | '1m';
  stages: StageData[];
  /** Largest |stage area − count| / max(count, 1 % of the largest count) over the buckets. */
  maxBucketError: number;
}

/**
 * Convert trace rows to stages. The last bucket is as wide as the one before it. O(rows).
 * @throws Error when there are fewer than two rows, times are not strictly increasing, or a
 *   count is negative or not finite (input/traceCsv.ts reports these against the file first).
 * @example traceToStages([{ timeS: 0, count: 600 }, { timeS: 60, count: 1200 }], { mode: 'step' }).stages
 *   // [{ duration: '1m', target: 600 }, { duration: '0s', target: 1200 }, { duration: '1m', target: 1200 }]
 */
export function traceToStages(rows: readonly TraceRow[], opts: TraceStagesOptions = {}): TraceStages {
  const timeUnit = opts.timeUnit ?? '1m';
  const unitS = timeUnit === '1m' ? 60 : 1;
  const widths = bucketWidths(rows);
  const rates = rows.map((r, i) => (r.count / (widths[i] as number)) * unitS);
  const floor = 0.01 * rows.map((r) => r.count).reduce((a, b) => Math.max(a, b), -Infinity);
  const build = (opts.mode ?? 'ramp') === 'step' ? stepStages : rampStages;
  const { startRate, stages, areas } = build(rates, widths, unitS);
  let maxBucketError = 0;
  rows.forEach((r, i) => {
    maxBucketError = Math.max(maxBucketError, Math.abs((areas[i] as number) - r.count) / Math.max(r.count, floor, 1e-12));
  });
  return { startRate, timeUnit, stages, maxBucketError };
}

interface Built {
  startRate: number;
  stages: StageData[];
  /** Requests the stages send in each bucket. */
  areas: number[];
}

function stepStages(rates: number[], widths: number[], unitS: number): Built {
  const q = rates.map(Math.round);
  const stages: StageData[] = [];
  const areas: number[] = [];
  q.forEach((v, i) => {
    if (i > 0 && v !== q[i - 1]) stages.push({ duration: '0s', target: v });
    stages.push({ duration: formatDuration((widths[i] as number) * 1000), target: v });
    areas.push((v * (widths[i] as number)) / unitS);
  });
  return { startRate: q[0] as number, stages, areas };
}

function rampStages(rates: number[], widths: number[], unitS: number): Built {
  const n = rates.length;
  const edge = (i: number): number => Math.round(i === 0 ? (rates[0] as number) : i === n ? (rates[n - 1] as number) : ((rates[i - 1] as number) + (rates[i] as number)) / 2);
  const stages: StageData[] = [];
  const areas: number[] = [];
  for (let i = 0; i < n; i++) {
    const b0 = edge(i);
    const b1 = edge(i + 1);
    const mid = Math.max(0, Math.round((4 * (rates[i] as number) - b0 - b1) / 2));
    const half = formatDuration(((widths[i] as number) * 1000) / 2);
    stages.push({ duration: half, target: mid }, { duration: half, target: b1 });
    areas.push(((widths[i] as number) / 4) * (b0 + 2 * mid + b1) / unitS);
  }
  return { startRate: edge(0), stages, areas };
}

function bucketWidths(rows: readonly TraceRow[]): number[] {
  if (rows.length < 2) throw new Error(`traceToStages: expected at least two rows (bucket width comes from consecutive times), got ${rows.length}`);
  const widths: number[] = [];
  rows.forEach((r, i) => {
    if (!(r.count >= 0) || !Number.isFinite(r.count)) throw new Error(`traceToStages: row ${i}: expected a count >= 0, got ${r.count}`);
    const next = rows[i + 1];
    if (next !== undefined && !(next.timeS > r.timeS)) throw new Error(`traceToStages: row ${i + 1}: times must be strictly increasing (${next.timeS} after ${r.timeS})`);
    widths.push(next !== undefined ? next.timeS - r.timeS : (widths[i - 1] as number));
  });
  return widths;
}
