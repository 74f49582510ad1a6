import { describe, expect, it } from 'vitest';
import { k6CpuBounds } from '../../../calibration/fit/k6Bounds.js';
import { measure } from '../../../calibration/fit/measured.js';
import { scenario } from './fixtures.js';
import { replayOf } from './helpers.js';

/** A run of `n` requests over 10 s, all authorize, every answer `ms` long, all 200 or all 503. */
function run(n: number, ms: number, status = 200) {
  const times = Array.from({ length: n }, (_, i) => (i * 10_000) / n);
  const replay = replayOf(times, times.map(() => 0), times.map(() => ms), times.map(() => status));
  return { replay, measured: measure(replay), replicas: 1 };
}

describe('k6CpuBounds: what k6 latencies alone guarantee about the CPU demand (upper bounds only)', () => {
  it('the fastest low-load answers bound it (CPU cannot exceed the whole latency)', () => {
    const { base } = scenario('one-replica');
    const b = k6CpuBounds(base, [run(200, 12)], [[12, 13, 14]], [1, 0, 0]);
    expect(b.meanUpperMs).toBeCloseTo(12.02, 1);
  });

  it('a load served without 503s bounds it: λ × CPU < 1 core (1000 ms per second)', () => {
    const { base } = scenario('one-replica');
    const b = k6CpuBounds(base, [run(200, 12), run(1300, 20)], [[12, 13, 14]], [1, 0, 0]);
    expect(b.servedRps).toBeCloseTo(1300 / 9.99, 0);
    expect(b.meanUpperMs).toBeCloseTo(1000 / (1300 / 9.99), 1);
  });
});
