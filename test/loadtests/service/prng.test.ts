import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { boxMuller, createLognormal, mulberry32, replicaSeed } from '../../../loadtests/service/prng.js';
import { join } from 'node:path';
import { SHARED_FIXTURES } from '../../support/shared.js';

// The calibration runs' service: truth.json -> service (SEED 12345, sigma 0.3, medians 15/8/8 ms).
const FIXTURES = join(SHARED_FIXTURES, 'calibration');
const MEDIANS: Record<string, number> = { authorize: 15, capture: 8, refund: 8 };

describe('replicaSeed: (SEED + 1000003 * replica) mod 2^32 (truth.json per_replica_seed)', () => {
  it.each([
    { name: 'replica 0 keeps the seed', seed: 12345, replica: 0, want: 12345 },
    { name: 'replica 1 adds 1000003', seed: 12345, replica: 1, want: 1012348 },
    { name: 'wraps at 2^32', seed: 2 ** 32 - 1, replica: 1, want: 1000002 },
  ])('$name', ({ seed, replica, want }) => {
    expect(replicaSeed(seed, replica)).toBe(want);
  });
});

describe('mulberry32 and Box-Muller', () => {
  it('gives uniforms in [0, 1) and the same stream for the same seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const u = a();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(b()).toBe(u);
    }
  });

  it('caches the sine half of each pair: two normals per two uniforms', () => {
    let calls = 0;
    const normal = boxMuller(() => (calls++ % 2 === 0 ? 0.5 : 0.25));
    const z1 = normal();
    const z2 = normal();
    expect(calls).toBe(2);
    // u1 = 0.5, u2 = 0.25: cos(pi/2) = 0, sin(pi/2) = 1
    expect(z1).toBeCloseTo(0, 12);
    expect(z2).toBeCloseTo(Math.sqrt(-2 * Math.log(0.5)), 12);
  });

  it('never returns an infinite normal when the uniform is exactly 0', () => {
    const normal = boxMuller(() => 0);
    expect(Number.isFinite(normal())).toBe(true);
  });
});

describe('createLognormal reproduces the calibration runs\' downstream draws (ds_drawn_ms)', () => {
  // First slot acquisitions of low/server-0.ndjson (replica 0) and step/server-1.ndjson (replica 1).
  it.each([
    { name: 'low, replica 0', replica: 0, draws: [['authorize', 14.685], ['authorize', 15.878], ['authorize', 17.42], ['authorize', 10.796], ['authorize', 12.277], ['authorize', 19.949], ['authorize', 16.095], ['capture', 4.047]] },
    { name: 'step, replica 1', replica: 1, draws: [['authorize', 20.342], ['authorize', 14.424], ['authorize', 20.365], ['capture', 6.631], ['authorize', 13.184], ['capture', 8.466], ['authorize', 19.469], ['authorize', 12.39]] },
  ] as const)('$name', ({ replica, draws }) => {
    const ln = createLognormal(replicaSeed(12345, replica));
    for (const [op, want] of draws) expect(round3(ln.sample(MEDIANS[op] ?? 0, 0.3))).toBe(want);
  });

  it('sigma 0 gives the median exactly', () => {
    const ln = createLognormal(1);
    expect(ln.sample(15, 0)).toBe(15);
  });

  // Every 200 line of every run, in seq (= slot-acquisition) order.
  it.runIf(existsSync(FIXTURES))('matches every draw of the fixture server logs', () => {
    const runs = [['low', 0], ['mid', 0], ['overload', 0], ['step', 0], ['step', 1]] as const;
    for (const [run, replica] of runs) {
      const lines = readNdjsonGz(`${FIXTURES}/${run}/server-${replica}.ndjson.gz`)
        .filter((l) => l['status'] === 200)
        .sort((a, b) => Number(a['seq']) - Number(b['seq']));
      const ln = createLognormal(replicaSeed(12345, replica));
      const mismatches = lines.filter((l) => round3(ln.sample(MEDIANS[String(l['op'])] ?? 0, 0.3)) !== l['ds_drawn_ms']);
      expect({ run, replica, lines: lines.length > 1000, mismatches: mismatches.length }).toEqual({ run, replica, lines: true, mismatches: 0 });
    }
  });
});

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function readNdjsonGz(path: string): Array<Record<string, unknown>> {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
