import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDER_CONFIG, recommend, replayUsage, type UsageSample } from '../../../../sim/autoscaling/vpa/index.js';

const T0 = Date.UTC(2026, 0, 5);
const S = 1000;
const MIN = 60 * S;
const ref = { pod: 'api-1', container: 'api' };

describe('replaying recorded usage through the recommender loop', () => {
  it('reads one snapshot per container per loop: the latest at each 1-minute tick', () => {
    // Samples every 15 s for 2 minutes: ticks at T0, T0+1m, T0+2m see the samples at T0, T0+60s, T0+120s.
    const samples: UsageSample[] = [];
    for (let t = T0; t <= T0 + 2 * MIN; t += 15 * S) samples.push({ ...ref, atMs: t, cpu: 100 + (t - T0) / S });
    const r = replayUsage(samples);
    expect([r.fed, r.skipped, r.rejected]).toEqual([3, 6, 0]);
    expect(r.nowMs).toBe(T0 + 2 * MIN);
    const [rec] = recommend(r.state, { containerPolicies: [] }, r.nowMs as number);
    expect(rec?.history).toMatchObject({ totalSamples: 3, historyMs: 2 * MIN });
  });

  it('sorts unsorted rows and lets the model drop a CPU sample with a repeated timestamp (upstream container.go)', () => {
    const rows: UsageSample[] = [
      { ...ref, atMs: T0 + MIN, cpu: 200, memory: 1e9 },
      { ...ref, atMs: T0, cpu: 100, memory: 1e9 },
      { pod: 'api-2', container: 'api', atMs: T0 + MIN, cpu: 300 },
    ];
    const r = replayUsage(rows, [], { ...DEFAULT_RECOMMENDER_CONFIG, recommenderIntervalMs: 10 * S });
    expect([r.fed, r.skipped, r.rejected]).toEqual([3, 0, 0]);
    const merged = r.state.mergedByContainer(T0 + MIN).get('api');
    expect(merged?.totalSamplesCount).toBe(3);
    // A second replay of the same pod with a duplicate timestamp: the CPU sample is not strictly newer.
    const dup = replayUsage([{ ...ref, atMs: T0, cpu: 100 }, { ...ref, atMs: T0, cpu: 900 }], [], { ...DEFAULT_RECOMMENDER_CONFIG, recommenderIntervalMs: 1 });
    expect(dup.state.mergedByContainer(T0).get('api')?.totalSamplesCount).toBe(1);
  });

  it('drains OOM events after the metrics of the same loop; a smaller OOM later in the window changes nothing', () => {
    const MB = 1024 * 1024;
    const day = 86_400_000;
    const r = replayUsage(
      [{ ...ref, atMs: T0, memory: 100 * MB, cpu: 10 }, { ...ref, atMs: T0 + 2 * day, memory: 100 * MB, cpu: 10 }],
      [{ ...ref, atMs: T0 + 30 * S, requestedMemory: 1000 * MB }, { ...ref, atMs: T0 + 23 * 3_600_000, requestedMemory: 900 * MB }],
    );
    expect([r.oomsRecorded, r.oomsDiscarded]).toEqual([2, 0]);
    // The first OOM replaces the 100 MiB window peak by max(1000 × 1.2, 1000 + 100) = 1200 MiB;
    // the second (1080 MiB) is below it. Peaks: 1200 MiB (window 1) and 100 MiB (window 3).
    const peaks = r.state.mergedByContainer(T0 + 2 * day).get('api')?.memoryPeaks;
    expect(peaks?.totalWeight).toBeGreaterThan(0);
    expect(peaks?.percentile(1)).toBeGreaterThan(1200 * MB);
    expect(peaks?.percentile(1)).toBeLessThan(1200 * MB * 1.05);
  });

  it('an empty input gives an empty state and no time', () => {
    const r = replayUsage([]);
    expect(r.nowMs).toBeUndefined();
    expect(recommend(r.state, { containerPolicies: [] }, T0)).toEqual([]);
  });
});
