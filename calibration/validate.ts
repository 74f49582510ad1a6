import type { RunSummary } from '../sim/results.js';
import type { TimeSeries } from '../sim/metrics/timeSeries.js';
import type { ReplicasPoint } from './recorder/derive.js';
import type { MeasuredRun } from './fit/measured.js';
import type { ServiceSideWindow } from './serviceSide.js';

/** One compared number: measured (k6) vs predicted (simulator replay). */
export interface ErrorRow {
  /** `overall` or an operation name. */
  scope: string;
  /** `p50 all`, `p95 2xx`, `throughput 2xx rps`, `error rate`... */
  metric: string;
  measured: number;
  predicted: number;
  /** (predicted − measured) / measured; null when measured is 0 (then see `absoluteError`). */
  relativeError: number | null;
  absoluteError: number;
  /** Predicted values across the model's CPU uncertainty (mean-CPU interval ends), when known. */
  predictedRange?: [number, number];
}

export interface ReplicaError {
  /** Mean absolute error of ready replicas per series interval, and its maximum. */
  mae: number;
  max: number;
  intervals: number;
}

export interface ValidationReport {
  rows: ErrorRow[];
  replicas?: ReplicaError;
  /** What k6 did: the iterations it started (replayed) and those it dropped for want of a free VU. */
  k6?: { startedIterations: number; droppedIterations: number };
  /** With the service's own measurements (validate --prometheus): where they came from and over which window (rows of scope `service`). */
  service?: ServiceSideWindow;
}

const Q = ['p50', 'p95', 'p99'] as const;

/**
 * Compare a measured run with its replay: per operation and overall, p50/p95/p99 (overall: of
 * all answers, as k6's http_req_duration, and of 2xx; per operation: 2xx, since the simulator
 * keeps per-operation latency for 2xx only), throughput of all answers and of 2xx over the run's
 * start window, and the error rate (503s and other failures over all answers).
 * @example compareRun(measure(replay), simulate(replayConfig(cfg, replay)).summary).rows[0] // { scope: 'overall', metric: 'p50 all', ... }
 */
export function compareRun(m: MeasuredRun, s: RunSummary): ValidationReport {
  const rows: ErrorRow[] = [];
  const add = (scope: string, metric: string, measured: number, predicted: number): void => {
    rows.push({ scope, metric, measured, predicted, relativeError: measured !== 0 ? (predicted - measured) / measured : null, absoluteError: predicted - measured });
  };
  for (const q of Q) add('overall', `${q} all`, m.overall.all[q], s.latencyAllMs[q]);
  for (const q of Q) add('overall', `${q} 2xx`, m.overall.ok[q], s.latencyMs[q]);
  const answered = s.requests.completed + s.requests.rejected + s.requests.errors + s.requests.timedOut;
  add('overall', 'throughput all rps', m.overall.throughputRps, answered / m.windowS);
  add('overall', 'throughput 2xx rps', m.overall.okThroughputRps, s.requests.completed / m.windowS);
  add('overall', 'error rate', m.overall.errorRate, s.errorRate);
  for (const [name, mo] of Object.entries(m.perOperation)) {
    const po = s.perOperation[name];
    if (po === undefined) continue;
    for (const q of Q) add(name, `${q} 2xx`, mo.ok[q], po.latencyMs[q]);
    add(name, 'throughput 2xx rps', mo.okThroughputRps, po.completed / m.windowS);
    add(name, 'error rate', mo.errorRate, po.errorRate);
  }
  return { rows };
}

/**
 * Replica count error over time: the recorded ready replicas (step function of the timeline's
 * deployment lines, `startEpochMs` = the replay's t = 0) against the simulated ready replicas of
 * each series interval (sampled at the interval's end). Null without deployment lines.
 */
export function replicaError(points: readonly ReplicasPoint[], series: TimeSeries, startEpochMs: number, untilMs: number): ReplicaError | null {
  if (points.length === 0) return null;
  const times = points.map((p) => Date.parse(p.t) - startEpochMs);
  const ready = series.columns.readyReplicas;
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let row = 0; row < ready.length; row++) {
    const t = (row + 1) * series.intervalMs;
    if (t > untilMs) break;
    let k = -1;
    while (k + 1 < times.length && (times[k + 1] as number) <= t) k++;
    if (k < 0) continue;
    const e = Math.abs((ready[row] as number) - (points[k] as ReplicasPoint).readyReplicas);
    sum += e;
    max = Math.max(max, e);
    n++;
  }
  return n > 0 ? { mae: sum / n, max, intervals: n } : null;
}

/** The error table as aligned text, one row per compared number. */
export function formatValidation(r: ValidationReport): string {
  const ranged = r.rows.some((x) => x.predictedRange !== undefined);
  const head = ['scope', 'metric', 'measured', 'predicted', 'rel. error', ...(ranged ? ['predicted range (CPU interval)'] : [])];
  const body = r.rows.map((x) => [
    x.scope,
    x.metric,
    fmt(x.measured),
    fmt(x.predicted),
    x.relativeError === null ? `abs ${fmt(x.absoluteError)}` : `${(x.relativeError * 100).toFixed(1)} %`,
    ...(ranged ? [x.predictedRange ? `${fmt(x.predictedRange[0])} .. ${fmt(x.predictedRange[1])}` : ''] : []),
  ]);
  const widths = head.map((h, i) => body.map((row) => (row[i] as string).length).reduce((a, b) => Math.max(a, b), h.length));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  let out = [line(head), ...body.map(line)].join('\n') + '\n';
  if (r.k6) out += `k6: ${r.k6.startedIterations} iterations started (replayed), ${r.k6.droppedIterations} dropped (no free VU: never sent)\n`;
  if (r.service) {
    const v = r.service;
    out += `service-side rows: measured by ${v.source} (${v.pods} pod${v.pods === 1 ? '' : 's'}: ${v.compared.join(', ')}); CPU, answers and gauges over the first ${v.windowS} s of the run (whole simulator intervals), residence over the whole run; predicted server residence = client latency − client gap ${v.clientGapMs} ms\n`;
  }
  if (r.replicas) out += `replicas: MAE ${r.replicas.mae.toFixed(2)}, max ${r.replicas.max} over ${r.replicas.intervals} intervals\n`;
  return out;
}

/** Latencies and rates to 0.1; shares (error rates, < 1) to 4 decimals. */
function fmt(x: number): string {
  return x !== 0 && Math.abs(x) < 1 ? x.toFixed(4) : x.toFixed(1);
}
