import { describe, expect, it } from 'vitest';
import { CLOSE_MS, crowdingGroups } from '../../../calibration/fit/crowding.js';
import { replayOf } from './helpers.js';

describe('crowdingGroups: requests that start soon after another on the same pod', () => {
  // 12 pairs: an authorize (op 0) at 100·k ms, followed 2 ms later by a capture (op 1) of 20 + k ms.
  const times: number[] = [];
  const ops: number[] = [];
  const dur: number[] = [];
  for (let k = 0; k < 12; k++) {
    times.push(100 * k, 100 * k + 2);
    ops.push(0, 1);
    dur.push(20, 20 + k);
  }

  it('groups followers by the operation before them, with mean and standard error', () => {
    const [g, ...rest] = crowdingGroups(replayOf(times, ops, dur), 1);
    expect(rest).toEqual([]);
    expect(g!.prevOp).toBe(0);
    expect(g!.indices).toHaveLength(12);
    expect(g!.meanMs).toBeCloseTo(25.5, 9);
    expect(g!.standardError).toBeCloseTo(Math.sqrt(13) / Math.sqrt(12), 9);
  });

  it(`a gap of ${CLOSE_MS} ms or more is not crowding`, () => {
    expect(crowdingGroups(replayOf(times.map((t, i) => (i % 2 === 1 ? t + CLOSE_MS : t)), ops, dur), 1)).toEqual([]);
  });

  it('with 2 replicas (round-robin) the pod predecessor is two starts earlier', () => {
    // Alternating pods: request i and i-1 are on different pods, so nothing crowds.
    expect(crowdingGroups(replayOf(times, ops, dur), 2)).toEqual([]);
  });

  it('503s and groups of fewer than 5 requests are left out', () => {
    const status = dur.map((_, i) => (i % 2 === 1 && i > 6 ? 503 : 200));
    expect(crowdingGroups(replayOf(times, ops, dur, status), 1)).toEqual([]);
  });
});
