import { beforeAll, describe, expect, it } from 'vitest';
import { cpuSearch, type CpuSearchResult } from '../../../calibration/fit/cpuSearch.js';
import { measure, okDurations } from '../../../calibration/fit/measured.js';
import { replayConfig, type RunReplay } from '../../../calibration/replay.js';
import type { SimConfig } from '../../../sim/model.js';
import { simulate } from '../../../sim/run.js';
import { replay, scenario } from './fixtures.js';

/**
 * Identifiability with a known truth: the fixtures' low and mid runs (their exact starts and
 * operations) re-measured on the simulator itself, FIFO CPU, busy-loop CPU 4/2/3 ms, downstream
 * lognormal 15/8/8 ms σ 0.3 (one-replica-fifo.yaml), with a wake-up cost of 0 or 1 ms, simulation
 * seed 99 (the search uses 1). Then searched as real k6 runs are.
 */
function remeasured(truth: SimConfig, r: RunReplay): RunReplay {
  const cfg = replayConfig(truth, r, { replicas: 1, seed: 99 });
  const durationMs = new Float64Array(r.timesMs.length);
  for (const t of simulate({ ...cfg, output: { ...cfg.output, trace: true } }).trace ?? []) if (t.attempt === 0) durationMs[t.id] = t.endMs - t.arrivalMs;
  return { ...r, durationMs, status: r.status.map(() => 200), failed: r.failed.map(() => 0) };
}

const fits: Record<number, CpuSearchResult> = {};
beforeAll(async () => {
  const { base } = scenario('one-replica-fifo');
  const [low, mid] = [await replay('low'), await replay('mid')];
  for (const w of [0, 1]) {
    const truth = { ...base, pod: { ...base.pod, cpuWakeupMs: w } };
    const runs = [low, mid].map((r) => remeasured(truth, r)).map((r) => ({ replay: r, measured: measure(r), replicas: 1 }));
    fits[w] = cpuSearch({ base, runs, lowLoadMs: [0, 1, 2].map((k) => okDurations(runs[0]!.replay, k)) });
  }
}, 60_000);

describe('cpuSearch on simulator-made runs with a known CPU and wake-up (FIFO)', () => {
  it.each([0, 1])('true wake-up %s ms: the wake-up interval covers both 0 and 1 ms: k6 latency below saturation does not tell them apart', (w) => {
    const [lo, hi] = fits[w]!.wakeupInterval;
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(1);
  });
  it.each([0, 1])('true wake-up %s ms: authorize CPU (4 ms, the most crowded operation) inside its interval and within 1 ms', (w) => {
    const fit = fits[w]!;
    expect(fit.intervals[0]![0]).toBeLessThanOrEqual(4);
    expect(fit.intervals[0]![1]).toBeGreaterThanOrEqual(4);
    expect(Math.abs(fit.cpuMs[0]! - 4)).toBeLessThan(1);
  });
  it('a wake-up grid of [0] fits the CPU alone', async () => {
    const { base } = scenario('one-replica-fifo');
    const r = await replay('low');
    const runs = [{ replay: r, measured: measure(r), replicas: 1 }];
    const fit = cpuSearch({ base, runs, lowLoadMs: [0, 1, 2].map((k) => okDurations(r, k)), wakeupGridMs: [0] });
    expect(fit.wakeupMs).toBe(0);
    expect(fit.wakeupInterval).toEqual([0, 0]);
    expect(fit.wakeupProfile.map(([x]) => x)).toEqual([0]);
  }, 30_000);
});
