import { describe, expect, it } from 'vitest';
import { loadRun } from '../../calibration/k6/run.js';
import { replayConfig, runReplay } from '../../calibration/replay.js';
import { simulate } from '../../sim/run.js';
import { scenario } from './fit/fixtures.js';
import { CALIBRATION, OPS } from './fit/helpers.js';

describe('runReplay: a k6 run as the simulator replay', () => {
  it('low: 1801 starts from t = 0, sorted, ~50 ms apart (20 rps), operations from the name tag in scenario order', async () => {
    const r = runReplay(await loadRun(`${CALIBRATION}/low/k6.ndjson.gz`, () => {}), OPS);
    expect(r.timesMs.length).toBe(1801);
    expect(r.timesMs[0]).toBe(0);
    for (let i = 1; i < r.timesMs.length; i++) expect(r.timesMs[i]! >= r.timesMs[i - 1]!).toBe(true);
    const last = r.timesMs[r.timesMs.length - 1]!;
    expect(last / 1800).toBeCloseTo(50, 0);
    // k6 stamps the end: start + duration = the sample time, so the first start is before the first sample.
    expect(r.startEpochMs).toBeLessThan(Date.parse('2026-11-25T17:30:02.506Z'));
    const share = (op: number) => r.ops.filter((o) => o === op).length / r.ops.length;
    expect(share(0)).toBeCloseTo(0.7, 1);
    expect(r.scenarios).toEqual(['pay']);
  });

  it('replayConfig: the simulator sees exactly those arrivals and operations, a fixed deployment, no HPA', async () => {
    const r = runReplay(await loadRun(`${CALIBRATION}/low/k6.ndjson.gz`, () => {}), OPS);
    const { base } = scenario('one-replica');
    const cfg = replayConfig(base, r, { replicas: 2, seed: 9 });
    expect(cfg).toMatchObject({ seed: 9, deployment: { replicas: 2 }, hpa: null, traffic: { arrivals: 'replay' } });
    expect(cfg.lifecycle.initialReady).toBe(2);
    const s = simulate(cfg).summary;
    expect(s.requests.arrived).toBe(1801);
    expect(s.perOperation.capture!.arrived).toBe(r.ops.filter((o) => o === 1).length);
  });

  it('--hpa keeps the scenario\'s HPA and initial replicas; without an HPA in the scenario it is refused', async () => {
    const r = runReplay(await loadRun(`${CALIBRATION}/low/k6.ndjson.gz`, () => {}), OPS);
    const { base } = scenario('one-replica');
    const hpa = { name: 'pay' } as unknown as NonNullable<typeof base.hpa>;
    const cfg = replayConfig({ ...base, hpa }, r, { hpa: true, replicas: 5 });
    expect(cfg.hpa).toBe(hpa);
    expect(cfg.lifecycle.initialReady).toBe(base.lifecycle.initialReady);
    expect(() => replayConfig(base, r, { hpa: true })).toThrow(/--hpa: the scenario has no HorizontalPodAutoscaler/);
  });

  it('k6 CSV output (whole-second timestamps) is refused: start times would be off by up to 1 s', async () => {
    const run = await loadRun(`${CALIBRATION}/low/k6.csv.gz`, () => {});
    expect(() => runReplay(run, OPS)).toThrow(/k6\.csv\.gz: every timestamp is a whole second \(k6 --out csv\)/);
  });
});
