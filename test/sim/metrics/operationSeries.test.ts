import { describe, expect, it } from 'vitest';
import { simulate } from '../../../sim/run.js';
import { smallMixRun } from '../../reports/smallMix.js';

describe('latency per operation over time', () => {
  const run = smallMixRun();
  const ops = run.result.operationSeries;

  it('is kept for a mix of operations, one column per operation, on the time series intervals', () => {
    expect(ops).not.toBeNull();
    expect(ops?.names).toEqual(run.config.operations.map((o) => o.name));
    expect(ops?.rows).toBe(run.result.series.rows);
  });

  it('counts every 2xx answer of an interval in exactly one operation', () => {
    const s = run.result.series;
    for (let r = 0; r < s.rows; r++) {
      let sum = 0;
      for (const c of ops?.completed ?? []) sum += c[r] as number;
      expect(sum).toBe(s.columns.completed[r]);
    }
  });

  it('has each operation\'s quantiles ordered, within the interval\'s overall range, and empty without answers', () => {
    for (let op = 0; op < (ops?.names.length ?? 0); op++) {
      for (let r = 0; r < (ops?.rows ?? 0); r++) {
        const n = ops?.completed[op]?.[r] as number;
        const [p50, p95, p99] = [ops?.p50, ops?.p95, ops?.p99].map((a) => a?.[op]?.[r] as number) as [number, number, number];
        if (n === 0) expect([p50, p95, p99].every(Number.isNaN)).toBe(true);
        else expect(p50 <= p95 && p95 <= p99).toBe(true);
      }
    }
  });

  it('is not kept for a single operation (the overall series is that operation\'s)', () => {
    const first = run.config.operations[0]?.name as string;
    const one = { ...run.config, operations: run.config.operations.slice(0, 1), traffic: { ...run.config.traffic, mix: { [first]: 1 } } };
    expect(simulate(one).operationSeries).toBeNull();
  });
});
