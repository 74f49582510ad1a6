import { describe, expect, it } from 'vitest';
import { summarizeFiles } from '../../../calibration/k6/summarizeFiles.js';
import { TrendSink } from '../../../calibration/k6/sinks.js';
import { Rng } from '../../../sim/engine/rng.js';
import { calibration, CALIBRATION_RUNS, LOCAL } from './fixtures.js';

const STATS = ['avg', 'min', 'med', 'max', 'count', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)'];

describe('k6 summary --sketch: trends in DDSketches for files beyond memory', () => {
  it('every percentile within ±accuracy (relative) of the exact one, on random data of many shapes', () => {
    const rng = new Rng(42, 'sketch-test');
    for (const accuracy of [0.01, 0.001]) {
      for (const shape of [(u: number) => u * 100, (u: number) => -Math.log(1 - u) * 30, (u: number) => Math.exp(4 * u) ** 2, () => 5]) {
        const exact = new TrendSink();
        const sketch = new TrendSink(accuracy);
        for (let i = 0; i < 20_000; i++) {
          const v = shape(rng.next());
          exact.add(v);
          sketch.add(v);
        }
        for (const p of [0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
          const want = exact.percentile(p);
          expect(Math.abs(sketch.percentile(p) - want), `p=${p}`).toBeLessThanOrEqual(accuracy * want + 1e-12);
        }
        expect([sketch.count, sketch.sum, sketch.min, sketch.max, sketch.avg()]).toEqual([exact.count, exact.sum, exact.min, exact.max, exact.avg()]);
      }
    }
  });

  it("k6's small-sample cases: none, one value, and interpolation between two", () => {
    const s = new TrendSink(0.01);
    expect(s.percentile(0.9)).toBe(0);
    s.add(7);
    expect(s.percentile(0.9)).toBe(7);
    s.add(9);
    expect(Math.abs(s.percentile(0.5) - 8)).toBeLessThanOrEqual(0.08);
  });

  it('merges sketches of several runners like the exact pooled values', () => {
    const [a, b, all] = [new TrendSink(0.01), new TrendSink(0.01), new TrendSink()];
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).add(i), all.add(i);
    a.merge(b);
    expect(a.count).toBe(1000);
    expect(Math.abs(a.percentile(0.95) - all.percentile(0.95))).toBeLessThanOrEqual(0.01 * all.percentile(0.95));
    expect(() => new TrendSink().merge(new TrendSink(0.01))).toThrow(/cannot be pooled/);
  });

  it.each([`${LOCAL}/run.ndjson`, ...CALIBRATION_RUNS.map((r) => calibration(r, 'k6.ndjson.gz'))])('%s: the sketch summary is the exact one within the bound', async (file) => {
    const exact = await summarizeFiles([file], { trendStats: STATS, warn: () => {} });
    const sketch = await summarizeFiles([file], { trendStats: STATS, warn: () => {}, sketchAccuracy: 0.01 });
    for (const [name, m] of Object.entries(exact.metrics)) {
      const s = sketch.metrics[name] as typeof m;
      if (m.type !== 'trend') {
        expect(s, name).toEqual(m);
        continue;
      }
      for (const stat of STATS) {
        const want = (m.values as Record<string, number>)[stat] as number;
        const got = (s.values as Record<string, number>)[stat] as number;
        if (['avg', 'min', 'max', 'count'].includes(stat)) expect(got, `${name} ${stat}`).toBe(want);
        else expect(Math.abs(got - want), `${name} ${stat}`).toBeLessThanOrEqual(0.01 * Math.abs(want) + 1e-12);
      }
    }
  });
});
