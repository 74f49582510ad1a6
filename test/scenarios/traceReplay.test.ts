import { describe, expect, it } from 'vitest';
import { readTraceCsv } from '../../input/traceCsv.js';
import { library } from '../../scenarios/library/index.js';
import { traceReplayError, traceReplayFile } from '../../scenarios/library/traceReplay.js';
import { traceToStages, type TraceRow } from '../../scenarios/traceReplay.js';
import { parseDurationMs } from '../../sim/traffic/duration.js';

/** Requests the stages send in each bucket [t_i, t_i + width): trapezoids over the stage nodes. */
function bucketAreas(startRate: number, stages: Array<{ duration: string; target: number }>, unitS: number, widthS: number, n: number): number[] {
  const areas = new Array<number>(n).fill(0);
  let t = 0;
  let from = startRate;
  for (const s of stages) {
    const d = parseDurationMs(s.duration)! / 1000;
    if (d > 0) areas[Math.floor((t + d / 2) / widthS)]! += (d * (from + s.target)) / 2 / unitS;
    t += d;
    from = s.target;
  }
  return areas;
}

const rows: TraceRow[] = [
  { timeS: 0, count: 6000 },
  { timeS: 300, count: 9000 },
  { timeS: 600, count: 30_000 },
  { timeS: 900, count: 12_000 },
];

describe('traceToStages: a trace of counts per bucket -> stages with the same count per bucket', () => {
  it.each(['step', 'ramp'] as const)('%s mode: every bucket sends its counted requests', (mode) => {
    const t = traceToStages(rows, { mode, timeUnit: '1m' });
    const areas = bucketAreas(t.startRate, t.stages, 60, 300, rows.length);
    rows.forEach((r, i) => expect(areas[i]).toBeCloseTo(r.count, 6));
    expect(t.maxBucketError).toBe(0);
  });

  it('step mode jumps with 0-duration stages and holds each bucket rate', () => {
    expect(traceToStages(rows.slice(0, 2), { mode: 'step', timeUnit: '1s' })).toEqual({
      startRate: 20,
      timeUnit: '1s',
      stages: [{ duration: '5m', target: 20 }, { duration: '0s', target: 30 }, { duration: '5m', target: 30 }],
      maxBucketError: 0,
    });
  });

  it('ramp mode passes through the mean of neighbouring bucket rates at each boundary', () => {
    const t = traceToStages(rows, { mode: 'ramp', timeUnit: '1m' });
    expect(t.stages.filter((_, k) => k % 2 === 1).map((s) => s.target)).toEqual([1500, 3900, 4200, 2400]);
  });

  it('reports the error when whole rates cannot carry the counts (rounding per second)', () => {
    // 100 and 130 per minute are 1.67 and 2.17 per second, both sent as 2 per second: 120 requests each.
    const t = traceToStages([{ timeS: 0, count: 100 }, { timeS: 60, count: 130 }], { mode: 'step', timeUnit: '1s' });
    expect(t.maxBucketError).toBeCloseTo(Math.max(20 / 100, 10 / 130), 9);
  });

  it.each([
    { name: 'a single row', rows: [{ timeS: 0, count: 1 }], message: /at least two rows/ },
    { name: 'unsorted times', rows: [{ timeS: 60, count: 1 }, { timeS: 0, count: 1 }], message: /strictly increasing/ },
    { name: 'a negative count', rows: [{ timeS: 0, count: -1 }, { timeS: 60, count: 1 }], message: /count >= 0/ },
  ])('throws for $name', ({ rows: bad, message }) => {
    expect(() => traceToStages(bad)).toThrow(message);
  });
});

describe('the trace-replay library scenario', () => {
  it('holds exactly the stages converted from its bundled CSV (ramp mode, rates per minute)', () => {
    const converted = traceToStages(readTraceCsv(traceReplayFile), { mode: 'ramp', timeUnit: '1m' });
    const spec = library['trace-replay']!;
    expect({ timeUnit: spec.traffic.timeUnit, startRate: spec.traffic.startRate, stages: spec.traffic.stages }).toEqual({
      timeUnit: converted.timeUnit,
      startRate: converted.startRate,
      stages: converted.stages,
    });
    expect(traceReplayError).toBe(converted.maxBucketError);
    expect(spec.description).toContain(`${(converted.maxBucketError * 100).toFixed(3)} %`);
    expect(spec.description).toContain(`${converted.stages.length} ramping stages`);
  });
});
