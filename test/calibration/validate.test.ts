import { beforeAll, describe, expect, it } from 'vitest';
import { validateFiles } from '../../calibration/fit/commands.js';
import { fitWorkload } from '../../calibration/fit/fitWorkload.js';
import { measure } from '../../calibration/fit/measured.js';
import type { WorkloadModel } from '../../calibration/model.js';
import { compareRun, formatValidation, replicaError, type ErrorRow, type ValidationReport } from '../../calibration/validate.js';
import type { RunSummary } from '../../sim/results.js';
import { TimeSeries } from '../../sim/metrics/timeSeries.js';
import { CALIBRATION, SCENARIOS } from './fit/helpers.js';
import { replay, scenario, truth } from './fit/fixtures.js';
import { replayOf } from './fit/helpers.js';

/** Calibrated on low + mid once; every held-out run is replayed with this model. */
let model: WorkloadModel;
const reports: Record<string, ValidationReport> = {};
const validate = (run: string, sc: string, m: WorkloadModel = model) => validateFiles({ model: m, scenario: `${SCENARIOS}/${sc}.yaml`, k6: `${CALIBRATION}/${run}/k6.ndjson.gz` }, () => {});

beforeAll(async () => {
  const { spec, base } = scenario('one-replica');
  model = fitWorkload({ spec, base, runs: [await replay('low'), await replay('mid')] }).model;
  for (const [name, run, sc] of [['low', 'low', 'one-replica'], ['mid', 'mid', 'one-replica'], ['overload', 'overload', 'one-replica'], ['step', 'step', 'two-replicas'], ['step 500m', 'step', 'two-replicas-500m']] as const) {
    reports[name] = await validate(run, sc);
    console.log(`== ${name} (model from low + mid)\n${formatValidation(reports[name]!)}`);
  }
}, 120_000);

const row = (run: string, scope: string, metric: string): ErrorRow => reports[run]!.rows.find((r) => r.scope === scope && r.metric === metric)!;
const rel = (run: string, scope: string, metric: string): number => row(run, scope, metric).relativeError!;

describe('in sample (low, mid): the fit reproduces its own runs', () => {
  it.each(['low', 'mid'])('%s: overall p50/p95 of all answers within 8 %, p99 within 10 %, throughput exact', (run) => {
    expect(Math.abs(rel(run, 'overall', 'p50 all'))).toBeLessThan(0.08);
    expect(Math.abs(rel(run, 'overall', 'p95 all'))).toBeLessThan(0.08);
    expect(Math.abs(rel(run, 'overall', 'p99 all'))).toBeLessThan(0.1);
    expect(Math.abs(rel(run, 'overall', 'throughput 2xx rps'))).toBeLessThan(0.001);
  });
  it.each(['authorize', 'capture', 'refund'])('mid, %s: p50/p95 within 15 % (the fit under-predicts p50 growth: late timers)', (op) => {
    expect(Math.abs(rel('mid', op, 'p50 2xx'))).toBeLessThan(0.15);
    expect(Math.abs(rel('mid', op, 'p95 2xx'))).toBeLessThan(0.15);
  });
});

describe('held out: overload (320 rps offered, 1 x W=8: saturated)', () => {
  it('throughput of 2xx under-predicted by 12-25 % (measured 252 rps): the fitted CPU per request includes overhead that falls at saturation', () => {
    // Fitted mean CPU ≈ 4.9 ms -> ~203 rps CPU-bound. truth: effective CPU 4.02 ms/req at mid but
    // 3.60 at saturation (non-burn 0.5 -> 0.08 ms; README Table 5).
    const e = rel('overload', 'overall', 'throughput 2xx rps');
    expect(e).toBeGreaterThan(-0.25);
    expect(e).toBeLessThan(-0.12);
    expect(Math.abs(rel('overload', 'overall', 'throughput all rps'))).toBeLessThan(0.001);
  });
  it('the measured throughput lies at the top of the range predicted across the mean-CPU interval (within 2 %)', () => {
    const r = row('overload', 'overall', 'throughput 2xx rps');
    expect(r.predictedRange![0]).toBeLessThan(r.measured);
    expect(r.predictedRange![1] * 1.02).toBeGreaterThan(r.measured);
  });
  it('latency over-predicted by 10-30 % (queue full: latency ≈ (W + QMAX) / throughput, so it mirrors the throughput error)', () => {
    for (const q of ['p50 all', 'p95 all', 'p99 all', 'p50 2xx']) {
      expect(rel('overload', 'overall', q)).toBeGreaterThan(0.1);
      expect(rel('overload', 'overall', q)).toBeLessThan(0.3);
    }
  });
  it('error rate (503s) over-predicted by 8-25 points (measured 21 %)', () => {
    const r = row('overload', 'overall', 'error rate');
    expect(r.measured).toBeCloseTo(0.213, 2);
    expect(r.absoluteError).toBeGreaterThan(0.08);
    expect(r.absoluteError).toBeLessThan(0.25);
  });
});

describe('held out: step (2 replicas on one shared core, 50 -> 200 -> 50 rps)', () => {
  it('as it ran (two pods of 500m, no limit, on a one-core node; CFS shares the core): p50 and p95 within 25 %, p99 within 10 %', () => {
    // Measured with this model: +16.0 / +23.2 / +5.5 %. Each replica has its own queue and workers.
    expect(Math.abs(rel('step', 'overall', 'p50 all'))).toBeLessThan(0.25);
    expect(Math.abs(rel('step', 'overall', 'p95 all'))).toBeLessThan(0.25);
    expect(Math.abs(rel('step', 'overall', 'p99 all'))).toBeLessThan(0.1);
    expect(row('step', 'overall', 'error rate').predicted).toBe(0);
  });
  it('500m-per-pod approximation: not work-conserving, predicts several times the measured latency', () => {
    expect(rel('step 500m', 'overall', 'p50 all')).toBeGreaterThan(2);
  });
});

describe('the faithful CPU discipline (one-replica-fifo.yaml: FIFO event loop), fitted on low + mid: not better held out', () => {
  let fifo: WorkloadModel;
  const fifoReports: Record<string, ValidationReport> = {};
  const frel = (run: string, metric: string): number => fifoReports[run]!.rows.find((r) => r.scope === 'overall' && r.metric === metric)!.relativeError!;
  beforeAll(async () => {
    const { spec, base } = scenario('one-replica-fifo');
    fifo = fitWorkload({ spec, base, runs: [await replay('low'), await replay('mid')] }).model;
    // two-replicas.yaml sets no discipline: both replicas replay with the model's (fifo).
    for (const [run, sc] of [['overload', 'one-replica-fifo'], ['step', 'two-replicas']] as const) {
      fifoReports[run] = await validate(run, sc, fifo);
      console.log(`== ${run} (model from low + mid, fifo)\n${formatValidation(fifoReports[run]!)}`);
    }
  }, 120_000);

  it("authorize CPU fitted at 6 ms: the search's profile interval [5, 7] excludes the truth (busy loop + mid's non-burn CPU, 4.53 ms), so the model reports it not identified with [0, bound], which contains it; wake-up 0, not identified", () => {
    const t = truth('mid').calibration_summary;
    const e = fifo.uncertainty['operations.authorize.cpu.valueMs']!;
    const truthMs = t.cpu_ms_consumed_in_busy_loop_mean.authorize! + t.non_burn_cpu_ms_per_request_by_replica['0']!;
    const profile = /the profile interval was \[([\d.]+), ([\d.]+)\]/.exec(e.method)!;
    expect(Number(profile[1])).toBeGreaterThan(truthMs);
    expect(e.identifiedBy).toBe('k6 (upper bound only)');
    expect(e.interval![0]).toBe(0);
    expect(e.interval![1]!).toBeGreaterThan(truthMs);
    expect(fifo.uncertainty['pod.cpu.wakeupMs']).toMatchObject({ estimate: 0, interval: [0, expect.any(Number)] });
    expect(fifo.workload.pod.cpu).toMatchObject({ discipline: 'fifo', wakeupMs: 0 });
  });
  // Lower bounds only: the fitted CPU of capture is not identified (it moves between about 1 and
  // 3.5 ms when the latency statistics' rounding changes by a fraction of a percent), and how much
  // worse than the default model the held-out predictions are moves with it; that they are not
  // better is the finding.
  it('overload: at least as CPU-bound as the default model (2xx throughput 12 % low or more), latency 15 % high or more', () => {
    expect(frel('overload', 'throughput 2xx rps')).toBeLessThan(-0.12);
    for (const q of ['p50 all', 'p95 all', 'p99 all']) expect(frel('overload', q)).toBeGreaterThan(0.15);
  });
  it('step: p50 30 %, p95 60 % and p99 35 % high or more (default model: 16, 23 and 6 %): the fitted authorize CPU, twice per core', () => {
    // Measured with the DDSketch quantiles: +41.7 / +73.0 / +48.3 %. Two FIFO event loops
    // time-sharing one core at 200 rps run near 90 % of it with the fitted CPU, where any CPU
    // excess is amplified.
    expect(frel('step', 'p50 all')).toBeGreaterThan(0.3);
    expect(frel('step', 'p95 all')).toBeGreaterThan(0.6);
    expect(frel('step', 'p99 all')).toBeGreaterThan(0.35);
  });

  it("with truth's busy-loop CPU (4.03/2.03/3.02 ms) and a 1.2 ms wake-up (diagnosis): overload 2xx throughput 5-20 % high, and the wake-up moves it by < 1 %", async () => {
    // At saturation no request finds the CPU idle, so the wake-up is never paid: capacity is set
    // by the busy-loop CPU alone, and the missing late timers (README note 4) show as too much.
    const busy = truth('mid').calibration_summary.cpu_ms_consumed_in_busy_loop_mean;
    const withWakeup = (w: number): WorkloadModel => {
      const fitted = fifo.workload.pod.cpu!.wakeupMs!;
      const ops = Object.fromEntries(
        Object.entries(fifo.workload.operations).map(([n, o]) => {
          const cpu = (o.cpu as { valueMs: number }).valueMs;
          const ds = o.downstream as { distribution: 'lognormal'; medianMs: number; sigma: number };
          // Keep the low-load latency: downstream + CPU + wake-up unchanged.
          return [n, { ...o, cpu: { distribution: 'constant' as const, valueMs: busy[n]! }, downstream: { ...ds, medianMs: ds.medianMs + cpu + fitted - busy[n]! - w } }];
        }),
      );
      return { ...fifo, workload: { ...fifo.workload, operations: ops, pod: { ...fifo.workload.pod, cpu: { ...fifo.workload.pod.cpu, wakeupMs: w } } } };
    };
    const thr = async (w: number) => (await validate('overload', 'one-replica-fifo', withWakeup(w))).rows.find((x) => x.scope === 'overall' && x.metric === 'throughput 2xx rps')!.relativeError!;
    const [none, woken] = [await thr(0), await thr(1.2)];
    expect(woken).toBeGreaterThan(0.05);
    expect(woken).toBeLessThan(0.2);
    expect(Math.abs(woken - none)).toBeLessThan(0.01);
  }, 30_000);
});

describe('what is missing, measured with the ground truth (diagnosis only, not calibration input)', () => {
  it('overload with the CPU per request measured at saturation (truth: 3.60 ms effective): throughput within 15 %, now over-predicted (slots/late timers)', async () => {
    // Scale the fitted CPU per operation so the mix mean equals truth's effective CPU at saturation.
    const eff = truth('overload').calibration_summary.effective_cpu_ms_per_request_mean;
    const k = eff / model.uncertainty.meanCpuMsPerRequest!.estimate;
    const ops = Object.fromEntries(
      Object.entries(model.workload.operations).map(([n, o]) => [n, { ...o, cpu: { distribution: 'constant' as const, valueMs: (o.cpu as { valueMs: number }).valueMs * k } }]),
    );
    const r = await validate('overload', 'one-replica', { ...model, workload: { ...model.workload, operations: ops } });
    console.log(`== overload with truth's saturation CPU (${eff} ms/req)\n${formatValidation(r)}`);
    const thr = r.rows.find((x) => x.scope === 'overall' && x.metric === 'throughput 2xx rps')!.relativeError!;
    expect(thr).toBeGreaterThan(0);
    expect(thr).toBeLessThan(0.15);
  }, 30_000);
});

describe('compareRun and replicaError (units)', () => {
  const r = replayOf([0, 500, 1000], [0, 1, 0], [10, 20, 30], [200, 200, 503]);
  const lat = { count: 2, mean: 15, p50: 10, p90: 20, p95: 20, p99: 20, max: 20 };
  const summary = {
    requests: { completed: 2, rejected: 1, errors: 0, timedOut: 0 },
    latencyMs: lat,
    latencyAllMs: { ...lat, p50: 11 },
    errorRate: 1 / 3,
    perOperation: { authorize: { completed: 1, errorRate: 0.5, latencyMs: lat }, capture: { completed: 1, errorRate: 0, latencyMs: lat } },
  } as unknown as RunSummary;
  it('relative error = (predicted − measured) / measured; absolute when measured is 0', () => {
    const rows = compareRun(measure(r), summary).rows;
    const p50 = rows.find((x) => x.scope === 'overall' && x.metric === 'p50 all')!;
    expect(p50).toEqual({ scope: 'overall', metric: 'p50 all', measured: 20, predicted: 11, relativeError: -0.45, absoluteError: -9 });
    const refundErr = rows.find((x) => x.scope === 'refund');
    expect(refundErr).toBeUndefined();
    const capErr = rows.find((x) => x.scope === 'capture' && x.metric === 'error rate')!;
    expect(capErr).toMatchObject({ measured: 0, predicted: 0, relativeError: null, absoluteError: 0 });
  });
  it('replica error: the recorded step function against the simulated ready replicas per interval', () => {
    const series = new TimeSeries(10_000, 4);
    [1, 2, 2, 3].forEach((v, i) => series.set('readyReplicas', i, v));
    const t0 = Date.parse('2026-11-25T18:00:00.000Z');
    const point = (s: number, ready: number) => ({ t: new Date(t0 + s * 1000).toISOString(), specReplicas: ready, replicas: ready, readyReplicas: ready, availableReplicas: ready });
    // Recorded: 1 until 15 s, then 2. Sampled at 10, 20, 30, 40 s: |1-1|, |2-2|, |2-2|, |3-2|.
    expect(replicaError([point(0, 1), point(15, 2)], series, t0, 40_000)).toEqual({ mae: 0.25, max: 1, intervals: 4 });
    expect(replicaError([], series, t0, 40_000)).toBeNull();
  });
});
