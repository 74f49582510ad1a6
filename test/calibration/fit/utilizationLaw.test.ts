import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coordinateDescentNnls, fitUtilizationLaw, nnls, type UtilizationFit, type UtilizationWindow } from '../../../calibration/fit/utilizationLaw.js';
import { readPrometheusExport } from '../../../calibration/prometheus/exportFolder.js';
import { telemetryWindows } from '../../../calibration/prometheus/windows.js';
import { Rng } from '../../../sim/engine/rng.js';
import { SHARED_FIXTURES } from '../../support/shared.js';
import { OPS } from './helpers.js';

const PROM = join(SHARED_FIXTURES, 'calibration-prom');
const RUNS = ['low', 'mid', 'saturated', 'two-on-one-core'] as const;

/** Windows of a service whose CPU is exactly the utilization law with these demands (ms) and wake-up. */
function synthetic(demandMs: number[], wakeupMs: number, mixVaries: boolean): UtilizationWindow[] {
  const rng = new Rng(3, 'test');
  const out: UtilizationWindow[] = [];
  for (let w = 0; w < 60; w++) {
    const rate = [20, 80, 160][w % 3] as number;
    const shares = mixVaries ? [0.3 + 0.5 * rng.next(), 0.1 + 0.3 * rng.next(), 0.1] : [0.7, 0.2, 0.1];
    const okByOp = shares.map((s) => Math.round(5 * rate * s));
    const busy = okByOp.reduce((a, n, k) => a + (n * (demandMs[k] as number)) / 1000, 0);
    const n = okByOp.reduce((a, b) => a + b, 0);
    // Solve cpu = busy + n·(1 − cpu/5)·wake + 5·idle for cpu (the utilisation is the window's own).
    const idle = 0.015;
    const cpuS = (busy + (n * wakeupMs) / 1000 + 5 * idle) / (1 + (n * wakeupMs) / 1000 / 5);
    out.push({ run: w % 3, pod: '0', fromS: 5 * w, toS: 5 * w + 5, cpuS, okByOp, other: 0, cores: 1, inLoad: true });
  }
  return out;
}

describe('fitUtilizationLaw on windows that follow the law exactly', () => {
  it('recovers each operation, the wake-up and the idle CPU when the mix varies and the load spans utilisations', () => {
    const f = fitUtilizationLaw(synthetic([4, 2, 3], 0.8, true), OPS);
    expect(f.demandMs!.map((d) => d.estimate)).toEqual([expect.closeTo(4, 3), expect.closeTo(2, 3), expect.closeTo(3, 3)]);
    expect(f.wakeupMs!.estimate).toBeCloseTo(0.8, 3);
    expect(f.idleCores!.estimate).toBeCloseTo(0.015, 4);
    // The busiest windows run at about 70 %: the demand at saturation is an extrapolation, said so.
    expect(f.notes).toEqual([expect.stringMatching(/^CPU demand \(at full utilisation\) extrapolated: the busiest windows reached 0\.\d+ utilisation/)]);
  });

  it('keeps the truth inside the demand interval when the wake-up cost is not linear in the idle share (the extrapolation to saturation undershoots)', () => {
    // CPU per request = D + W·(1 − u)²: a straight line through light and medium loads meets
    // u = 1 below D, so the interval must reach up to the CPU per request at the busiest load.
    const rng = new Rng(5, 'test');
    const ws: UtilizationWindow[] = [];
    for (let w = 0; w < 40; w++) {
      const rate = w % 2 === 0 ? 30 : 120;
      const n = Math.round(5 * rate * (0.95 + 0.1 * rng.next()));
      let u = 0.5;
      for (let i = 0; i < 50; i++) u = (n * (3.5 + 1.5 * (1 - u) ** 2)) / 1000 / 5 + 0.01; // fixed point
      ws.push({ run: 0, pod: '0', fromS: 5 * w, toS: 5 * w + 5, cpuS: 5 * u, okByOp: [n, 0, 0], other: 0, cores: 1, inLoad: true });
    }
    const f = fitUtilizationLaw(ws, OPS);
    expect(f.meanDemandMs.estimate).toBeLessThan(3.5 - 0.2); // the linear extrapolation undershoots
    expect(f.meanDemandMs.interval[0]).toBeLessThanOrEqual(3.5);
    expect(f.meanDemandMs.interval[1]).toBeGreaterThanOrEqual(3.5);
    expect(f.meanDemandMs.interval[1]).toBeLessThan(3.5 + 1.5); // not vacuous: below the CPU per request at light load
  });

  it('says per-operation CPU is not identified when the mix never varies, and fits only the mix-weighted mean', () => {
    const f = fitUtilizationLaw(synthetic([4, 2, 3], 0.8, false), OPS);
    expect(f.demandMs).toBeNull();
    expect(f.meanDemandMs.estimate).toBeCloseTo(0.7 * 4 + 0.2 * 2 + 0.1 * 3, 2);
    expect(f.notes[0]).toMatch(/^CPU per operation not identified separately: the operation mix did not vary between windows \(variance inflation authorize (Infinity|\d+)/);
  });

  it('says the wake-up is not identified when every window has the same utilisation', () => {
    const ws = synthetic([4, 2, 3], 0, true).filter((w) => w.run === 1);
    const f = fitUtilizationLaw(ws, OPS);
    expect(f.wakeupMs).toBeNull();
    expect(f.notes.join('\n')).toMatch(/CPU wake-up cost not identified: the pods' CPU utilisation spans only/);
  });
});

describe('fitUtilizationLaw on the shared Prometheus runs (low, mid, saturated, two-on-one-core)', () => {
  let fit: UtilizationFit;
  beforeAll(async () => {
    const windows: UtilizationWindow[] = [];
    for (const [run, name] of RUNS.entries()) {
      const t = JSON.parse(readFileSync(join(PROM, name, 'truth.json'), 'utf8')).times_unix_s as { first_arrival: number; last_response: number };
      const tel = await readPrometheusExport(join(PROM, name, 'prometheus'));
      for (const w of telemetryWindows(tel, { runS: [t.first_arrival, t.last_response], operations: OPS, windowS: 5, padS: 10, podCores: 1, run })) windows.push(w);
    }
    fit = fitUtilizationLaw(windows, OPS);
  });

  it.each(RUNS.flatMap((run, r) => Object.keys(truthCpu(run)).map((pod) => [run, r, pod] as const)))(
    '%s, replica %s: the fitted CPU per request interval contains the measured process CPU per request (truth.json)',
    (run, r, pod) => {
      const measured = truthCpu(run)[pod]!;
      const p = fit.perPod.find((x) => x.run === r && x.pod === pod)!;
      expect(p.fitted.interval[0]).toBeLessThanOrEqual(measured);
      expect(p.fitted.interval[1]).toBeGreaterThanOrEqual(measured);
      // Honest, not vacuous: the interval is narrower than ±15 % of the measurement.
      expect(p.fitted.interval[1] - p.fitted.interval[0]).toBeLessThan(0.3 * measured);
    },
  );

  it("each operation's CPU, measured from the mix's small variation between windows (all four runs are 70/20/10), has an interval that contains its busy loop (server log) plus at most the per-request overhead", () => {
    expect(fit.demandMs).not.toBeNull();
    expect(fit.notes.join('\n')).toMatch(/CPU per operation measured from the small variation of the mix between windows \(variance inflation authorize \d+/);
    const server = JSON.parse(readFileSync(join(PROM, 'low', 'truth.json'), 'utf8')).measured.server.total.per_op as Record<string, { busy_loop_cpu_ms_mean: number }>;
    const overhead = RUNS.map((run) => JSON.parse(readFileSync(join(PROM, run, 'truth.json'), 'utf8')).measured.prometheus_process_cpu.per_replica['0'].non_busy_loop_cpu_ms_per_request as number).reduce((a, b) => Math.max(a, b), 0);
    OPS.forEach((op, k) => {
      const d = fit.demandMs![k]!;
      const busy = server[op]!.busy_loop_cpu_ms_mean;
      expect(d.interval[0]).toBeLessThanOrEqual(busy + overhead);
      expect(d.interval[1]).toBeGreaterThanOrEqual(busy);
      // Not vacuous: tighter than what the mean alone allows each operation (0 to its upper end / share).
      expect(d.interval[1]).toBeLessThan(fit.meanDemandMs.interval[1] / fit.mixWeights[k]!);
    });
  });

  it('the mean demand (what sets the CPU-bound capacity) agrees with the saturated run: 2xx/s × demand ≤ 1 core', () => {
    const t = JSON.parse(readFileSync(join(PROM, 'saturated', 'truth.json'), 'utf8'));
    const ok = t.measured.prometheus_process_cpu.per_replica['0'];
    // At 95 % utilisation the demand explains the CPU of the 2xx answers (3.42 ms per request incl. 503s).
    expect(fit.meanDemandMs.interval[0]).toBeLessThanOrEqual(ok.load_window_cpu_ms_per_200);
    expect(fit.meanDemandMs.estimate).toBeGreaterThan(3);
  });
});

function truthCpu(run: string): Record<string, number> {
  const t = JSON.parse(readFileSync(join(PROM, run, 'truth.json'), 'utf8'));
  return Object.fromEntries(Object.entries(t.measured.prometheus_process_cpu.per_replica as Record<string, { load_window_cpu_ms_per_request: number }>).map(([k, v]) => [k, v.load_window_cpu_ms_per_request]));
}

describe('the non-negative least squares under the utilization law', () => {
  // A bootstrap resample of a 16 s live load (five windows, five columns, some rows repeated) on
  // which ml-fcnnls' Lawson-Hanson cycled until "Maximum number of iterations exceeded" when the
  // response was in CPU seconds: calibrate then failed with an internal error.
  const { cols, y } = JSON.parse(readFileSync('test/fixtures/nnls/cycling-bootstrap.json', 'utf8')) as { cols: number[][]; y: number[] };
  const residual = (k: number[]) => y.reduce((a, v, i) => a + (cols.reduce((s, c, j) => s + (c[i] as number) * (k[j] as number), 0) - v) ** 2, 0);

  it('solves the resample that made Lawson-Hanson cycle, non-negative, at the least squares', () => {
    const k = nnls(cols, y);
    expect(k.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    const norms = cols.map((c) => Math.sqrt(c.reduce((a, v) => a + v * v, 0)));
    const X = y.map((_, i) => cols.map((c, j) => (c[i] as number) / (norms[j] as number)));
    const cd = coordinateDescentNnls(X, y).map((v, j) => v / (norms[j] as number));
    expect(residual(k)).toBeLessThanOrEqual(residual(cd) * (1 + 1e-6) + 1e-15);
  });

  it('coordinate descent, the fallback, meets the KKT conditions: zero gradient where positive, non-negative where zero', () => {
    const norms = cols.map((c) => Math.sqrt(c.reduce((a, v) => a + v * v, 0)));
    const X = y.map((_, i) => cols.map((c, j) => (c[i] as number) / (norms[j] as number)));
    const k = coordinateDescentNnls(X, y);
    const r = y.map((v, i) => (X[i] as number[]).reduce((s, x, j) => s + x * (k[j] as number), 0) - v);
    k.forEach((kj, j) => {
      const grad = X.reduce((s, row, i) => s + (row[j] as number) * (r[i] as number), 0);
      if (kj > 1e-12) expect(Math.abs(grad)).toBeLessThan(1e-9);
      else expect(grad).toBeGreaterThan(-1e-9);
    });
  });
});
