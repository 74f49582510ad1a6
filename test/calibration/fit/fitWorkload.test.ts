import { beforeAll, describe, expect, it } from 'vitest';
import { fitWorkload, type Calibration } from '../../../calibration/fit/fitWorkload.js';
import { formatModel, formatUncertainty, parseModel } from '../../../calibration/model.js';
import { replay, scenario, truth } from './fixtures.js';

/**
 * Calibrate on the fixtures' `low` (20 rps) and `mid` (120 rps) runs: one fit (~2 s of
 * simulation search) shared by the cases. truth.json only scores the result.
 */
let cal: Calibration;
beforeAll(async () => {
  const { spec, base } = scenario('one-replica');
  cal = fitWorkload({ spec, base, runs: [await replay('low'), await replay('mid')] });
  console.log(formatUncertainty(cal.model));
}, 60_000);

const u = (key: string) => cal.model.uncertainty[key]!;

describe('fitWorkload on low + mid, scored against truth.json', () => {
  it('writes a model the reader accepts, with an uncertainty for every fitted value', () => {
    expect(parseModel(formatModel(cal.model), 'model.yaml')).toEqual(cal.model);
    for (const op of ['authorize', 'capture', 'refund'])
      for (const key of [`operations.${op}.cpu.valueMs`, `operations.${op}.downstream.medianMs`, `operations.${op}.downstream.sigma`]) expect(u(key).method).not.toBe('');
  });

  it('authorize CPU: the truth (busy loop + the non-burn CPU at mid) is inside the profile interval, and CPU + wake-up is within 1 ms of it', () => {
    // What crowding sees is the CPU a request holds the event loop for: busy loop (4.03 ms) plus
    // per-request work outside it (0.5 ms/request at mid, 1.2 at low; README Table 5). 1 ms =
    // that overhead's range plus the grid step. Fitted (shared): 5.25 [4, 6] + wake-up 0.
    const t = truth('mid');
    const effective = t.calibration_summary.cpu_ms_consumed_in_busy_loop_mean.authorize! + t.calibration_summary.non_burn_cpu_ms_per_request_by_replica['0']!;
    const e = u('operations.authorize.cpu.valueMs');
    expect(e.interval![0]).toBeLessThanOrEqual(effective);
    expect(e.interval![1]!).toBeGreaterThanOrEqual(effective);
    expect(Math.abs(e.estimate + u('pod.cpu.wakeupMs').estimate - effective)).toBeLessThan(1);
  });

  it('CPU wake-up: not identified by k6 latency below saturation: fitted 0, the interval reaches the truth (non-burn CPU at low load, 1.2 ms), a note says why', () => {
    // A request finding the CPU idle pays the wake-up, but its downstream (low-load latency − CPU −
    // wake-up) gives it back; one queued behind it waits for it but pays none: latencies do not move.
    const w = u('pod.cpu.wakeupMs');
    const nonBurnLow = truth('low').calibration_summary.non_burn_cpu_ms_per_request_by_replica['0']!;
    expect(w.estimate).toBe(0);
    expect(w.interval![0]).toBe(0);
    expect(w.interval![1]!).toBeGreaterThanOrEqual(nonBurnLow);
    expect(cal.model.notes.join('\n')).toMatch(/CPU wake-up cost not identified by k6 latency below saturation \(any value in \[0, 1\.\d+\] ms/);
  });

  it("the model's pod block carries the scenario's CPU discipline (the one the CPU was fitted under) and the fitted wake-up", () => {
    expect(cal.model.workload.pod.cpu).toEqual({ request: '1', limit: '1', discipline: 'shared', wakeupMs: u('pod.cpu.wakeupMs').estimate });
  });

  it('capture and refund CPU are weakly identified (few crowding requests): the truth is inside their wide intervals, and a note says so', () => {
    const t = truth('mid').calibration_summary;
    for (const op of ['capture', 'refund']) {
      const e = u(`operations.${op}.cpu.valueMs`);
      const effective = t.cpu_ms_consumed_in_busy_loop_mean[op]! + t.non_burn_cpu_ms_per_request_by_replica['0']!;
      expect(e.interval![0]).toBeLessThanOrEqual(effective);
      expect(e.interval![1]!).toBeGreaterThanOrEqual(effective);
    }
    expect(cal.model.notes.join('\n')).toMatch(/Weakly identified.*CPU of capture, refund/);
  });

  it('mean CPU per request (what sets capacity): truth at mid (effective 4.02 ms) inside the interval, estimate within 25 %', () => {
    const e = u('meanCpuMsPerRequest');
    const t = truth('mid').calibration_summary.effective_cpu_ms_per_request_mean;
    expect(e.interval![0]).toBeLessThanOrEqual(t);
    expect(e.interval![1]!).toBeGreaterThanOrEqual(t);
    expect(Math.abs(e.estimate / t - 1)).toBeLessThan(0.25);
  });

  it('CPU + downstream median exceeds the configured service time by the client-side gap (~1 ms) plus overhead: 0.5-2 ms', () => {
    const s = truth('low').service;
    for (const op of ['authorize', 'capture', 'refund']) {
      const fitted = u(`operations.${op}.cpu.valueMs`).estimate + u(`operations.${op}.downstream.medianMs`).estimate;
      const excess = fitted - (s.cpu_ms[op]! + s.downstream_lognormal.median_ms[op]!);
      expect(excess).toBeGreaterThan(0.5);
      expect(excess).toBeLessThan(2);
    }
  });

  it('downstream sigma: within 0.1 of the configured 0.3 (the client gap and CPU jitter widen it a little)', () => {
    for (const op of ['authorize', 'capture', 'refund']) expect(Math.abs(u(`operations.${op}.downstream.sigma`).estimate - 0.3)).toBeLessThan(0.1);
  });

  it('workers are not identifiable below saturation: the scenario value is kept, with only a lower bound', () => {
    const w = u('pod.workers');
    expect(w.estimate).toBe(8);
    expect(w.interval![1]).toBeNull();
    expect(w.interval![0]).toBeGreaterThanOrEqual(2);
    expect(w.interval![0]).toBeLessThanOrEqual(truth('mid').service.W_per_replica);
  });
});

describe('fitWorkload with the saturated overload run added (low + mid + overload)', () => {
  it('the 2xx throughput a saturated run served caps the mean CPU per request at 1000 / 252 ≈ 3.97 ms (truth: 4.02 at mid, 3.60 at saturation)', async () => {
    const { spec, base } = scenario('one-replica');
    const fit = fitWorkload({ spec, base, runs: [await replay('low'), await replay('mid'), await replay('overload')] });
    const bound = fit.model.uncertainty.meanCpuMsPerRequestUpperBound!;
    expect(bound.estimate).toBeCloseTo(1000 / 252, 1);
    const mean = fit.model.uncertainty.meanCpuMsPerRequest!;
    expect(mean.estimate).toBeCloseTo(bound.estimate, 2);
    expect(Math.abs(mean.estimate / truth('mid').calibration_summary.effective_cpu_ms_per_request_mean - 1)).toBeLessThan(0.05);
    expect(fit.model.notes.join('\n')).toMatch(/CPU per operation scaled by 0\.8\d+: a saturated run served/);
    // With the CPU at its bound the model's saturated throughput is CPU-limited: W only bounded below.
    expect(fit.model.uncertainty['pod.workers']).toMatchObject({ estimate: 8, interval: [8, null] });
  }, 60_000);
});
