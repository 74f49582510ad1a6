import type { SimResult } from '../sim/results.js';
import { counterIncrease, interpolatedIncrease } from './prometheus/counters.js';
import { histogramQuantile, type Bucket } from './prometheus/histogramQuantile.js';
import type { PodTelemetry, ServiceTelemetry } from './prometheus/telemetry.js';
import type { RunReplay } from './replay.js';
import type { ErrorRow } from './validate.js';

/** Residence is taken over the run ± this (s), so every request of the run is in its counters. */
const RESIDENCE_PAD_S = 10;

/** Where the service-side rows come from, for the report. */
export interface ServiceSideWindow {
  /** The folder or URL the series came from. */
  source: string;
  pods: number;
  /** CPU, completions and gauges are compared over [0, windowS] of the replay (whole simulator series intervals). */
  windowS: number;
  /** The client gap the prediction's server residence excludes (client latency − gap), ms. */
  clientGapMs: number;
  /** Which comparisons the telemetry allowed (a series absent from the export is skipped). */
  compared: string[];
}

/**
 * The service's own measurements next to the prediction, as error rows (scope `service`, or an
 * operation for its residence):
 * - CPU ms per request and CPU cores per replica: the CPU counter's growth (interpolated at the
 *   window's ends) against the simulated pods' CPU, over the same whole series intervals from the
 *   run's first request, with the answers (all statuses) counted over the same window on both sides;
 * - server residence of 2xx answers (handler entry to response written): the duration histogram's
 *   mean (`_sum` / `_count`) overall and per operation, and p50/p95/p99 by `histogram_quantile`
 *   of its buckets (linear inside a bucket, so as coarse as the buckets), against the simulated
 *   latency minus the client gap;
 * - busy workers and queue length (all pods), mean of the gauges' samples against the simulated
 *   time averages.
 * O(series × samples).
 */
export function compareServiceSide(t: ServiceTelemetry, r: RunReplay, res: SimResult, clientGapMs: number): { rows: ErrorRow[]; window: ServiceSideWindow } {
  const rows: ErrorRow[] = [];
  const compared: string[] = [];
  const add = (scope: string, metric: string, measured: number, predicted: number): void => {
    if (!Number.isFinite(measured) || !Number.isFinite(predicted)) return;
    rows.push({ scope, metric, measured, predicted, relativeError: measured !== 0 ? (predicted - measured) / measured : null, absoluteError: predicted - measured });
  };
  const series = res.series;
  const I = series.intervalMs;
  const lastStart = r.timesMs.length > 0 ? (r.timesMs[r.timesMs.length - 1] as number) : 0;
  const K = Math.min(series.rows, Math.floor(lastStart / I));
  const windowMs = K * I;
  const t0 = r.startEpochMs / 1000;
  const t1 = t0 + windowMs / 1000;
  const firstScrape = (p: PodTelemetry): number => p.cpu.reduce((m, s) => Math.min(m, s.timesS.length > 0 ? (s.timesS[0] as number) : Infinity), Infinity);
  const createdLate = (p: PodTelemetry, s: { timesS: Float64Array }): boolean => (s.timesS[0] ?? Infinity) > firstScrape(p);

  if (K > 0) {
    const c = series.columns;
    let cpuMs = 0;
    let answered = 0;
    let busy = 0;
    let queue = 0;
    let ready = 0;
    for (let k = 0; k < K; k++) {
      cpuMs += ((c.cpuMillicores[k] as number) * I) / 1000;
      answered += (c.completed[k] as number) + (c.rejected[k] as number) + (c.errors[k] as number) + (c.timedOut[k] as number);
      busy += c.busyWorkers[k] as number;
      queue += c.queueLength[k] as number;
      ready += c.readyReplicas[k] as number;
    }
    let mCpuMs = 0;
    let mAnswered = 0;
    for (const p of t.pods) {
      for (const s of p.cpu) mCpuMs += 1000 * interpolatedIncrease(s, t0, t1, false);
      for (const q of p.requests) mAnswered += interpolatedIncrease(q.series, t0, t1, createdLate(p, q.series));
    }
    if (mAnswered > 0 && answered > 0) {
      add('service', 'CPU ms per request', mCpuMs / mAnswered, cpuMs / answered);
      compared.push('CPU per request');
    }
    add('service', 'CPU cores per replica', mCpuMs / windowMs / t.pods.length, cpuMs / windowMs / (ready / K));
    compared.push('CPU per replica');
    const gaugeMean = (pick: (p: PodTelemetry) => readonly { timesS: Float64Array; values: Float64Array }[]): number => {
      let sum = 0;
      let pods = 0;
      for (const p of t.pods) {
        let n = 0;
        let v = 0;
        for (const s of pick(p))
          for (let i = 0; i < s.timesS.length; i++) {
            const x = s.timesS[i] as number;
            if (x > t0 && x <= t1 && Number.isFinite(s.values[i] as number)) (v += s.values[i] as number), n++;
          }
        if (n > 0) (sum += v / n), pods++;
      }
      return pods > 0 ? sum : Number.NaN;
    };
    const mBusy = gaugeMean((p) => p.busyWorkers);
    if (Number.isFinite(mBusy)) (add('service', 'busy workers (mean, all pods)', mBusy, busy / K), compared.push('busy workers'));
    const mQueue = gaugeMean((p) => p.queueLength);
    if (Number.isFinite(mQueue)) (add('service', 'queue length (mean, all pods)', mQueue, queue / K), compared.push('queue length'));
  }

  // Residence: every request of the run, 2xx only (the simulator keeps latency of 2xx per operation).
  const from = t0 - RESIDENCE_PAD_S;
  const to = (r.startEpochMs + r.lastEndMs) / 1000 + RESIDENCE_PAD_S;
  const ok = (status: string): boolean => /^2\d\d$/.test(status);
  const sums = new Map<string, { sum: number; count: number }>();
  const buckets = new Map<string, Map<number, number>>();
  for (const p of t.pods) {
    const inc = (s: { timesS: Float64Array; values: Float64Array; labels: Readonly<Record<string, string>> }): number => counterIncrease(s, from, to, createdLate(p, s));
    for (const c of p.durationSum) if (ok(c.status)) cell(sums, c.op).sum += 1000 * inc(c.series);
    for (const c of p.durationCount) if (ok(c.status)) cell(sums, c.op).count += inc(c.series);
    for (const c of p.durationBucket) {
      if (!ok(c.status)) continue;
      for (const key of [c.op, '']) {
        const m = buckets.get(key) ?? new Map<number, number>();
        m.set(c.le, (m.get(c.le) ?? 0) + inc(c.series));
        buckets.set(key, m);
      }
    }
  }
  const s = res.summary;
  let allSum = 0;
  let allCount = 0;
  for (const v of sums.values()) (allSum += v.sum), (allCount += v.count);
  if (allCount > 0) {
    add('service', 'server mean 2xx', allSum / allCount, s.latencyMs.mean - clientGapMs);
    compared.push('server residence');
  }
  const quantile = (key: string, q: number): number => {
    const m = buckets.get(key);
    if (m === undefined) return Number.NaN;
    const b: Bucket[] = [...m].map(([le, count]) => ({ le, count }));
    return histogramQuantile(q, b) * 1000;
  };
  for (const [name, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) add('service', `server ${name} 2xx (histogram)`, quantile('', q), s.latencyMs[name] - clientGapMs);
  for (const name of r.operations) {
    const m = sums.get(name);
    const po = s.perOperation[name];
    if (po === undefined) continue;
    if (m !== undefined && m.count > 0) add(name, 'server mean 2xx', m.sum / m.count, po.latencyMs.mean - clientGapMs);
    add(name, 'server p95 2xx (histogram)', quantile(name, 0.95), po.latencyMs.p95 - clientGapMs);
  }
  if (buckets.size > 0) compared.push('server percentiles (histogram)');
  return { rows, window: { source: t.source, pods: t.pods.length, windowS: windowMs / 1000, clientGapMs, compared } };
}

function cell(m: Map<string, { sum: number; count: number }>, op: string): { sum: number; count: number } {
  let v = m.get(op);
  if (v === undefined) m.set(op, (v = { sum: 0, count: 0 }));
  return v;
}
