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

describe('runReplay: what k6 did, not what it was asked', () => {
  it("counts k6's dropped_iterations (arrivals that found no free VU: never sent) apart from the iterations it started", async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const point = (metric: string, time: string, value: number, tags: Record<string, string>, rid?: number) =>
      JSON.stringify({ type: 'Point', metric, data: { time, value, tags, ...(rid !== undefined ? { metadata: { rid: String(rid) } } : {}) } });
    const ok = { name: 'authorize', status: '200', scenario: 'pay' };
    const lines = [
      point('http_req_duration', '2026-12-02T17:07:20.100Z', 20.5, ok, 0),
      point('dropped_iterations', '2026-12-02T17:07:20.150Z', 1, { scenario: 'pay' }),
      point('http_req_duration', '2026-12-02T17:07:20.200Z', 21.5, ok, 1),
      point('dropped_iterations', '2026-12-02T17:07:20.250Z', 1, { scenario: 'pay' }),
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'capsim-drops-')), 'k6.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = runReplay(await loadRun(file, () => {}), OPS);
    expect(r.timesMs.length).toBe(2);
    expect(r.droppedIterations).toBe(2);
  });
});
