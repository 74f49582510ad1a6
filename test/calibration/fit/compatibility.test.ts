import { describe, expect, it } from 'vitest';
import { checkSameScenario } from '../../../calibration/fit/compatibility.js';
import { InputError } from '../../../input/inputError.js';
import { replayOf } from './helpers.js';

const run = (file: string, scenario: string, ops: number[]) => ({ ...replayOf(ops.map((_, i) => i * 10), ops, ops.map(() => 10)), file, scenarios: [scenario] });
const mix70 = Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : i < 90 ? 1 : 2));
const mix50 = Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : i < 90 ? 1 : 2));

describe('checkSameScenario: runs calibrated together come from one k6 scenario', () => {
  it('same scenario, same mix: no warning', () => {
    expect(checkSameScenario([run('low', 'pay', mix70), run('mid', 'pay', mix70)])).toEqual([]);
  });
  it('a different k6 scenario name is an error naming both files', () => {
    const e = (() => {
      try {
        checkSameScenario([run('low.ndjson', 'pay', mix70), run('other.ndjson', 'browse', mix70)]);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe('other.ndjson: k6 scenario ["browse"] differs from ["pay"] in low.ndjson: runs of different scenarios cannot be calibrated together');
  });
  it('a mix that differs by more than 5 points is a warning per operation', () => {
    const w = checkSameScenario([run('low', 'pay', mix70), run('mid', 'pay', mix50)]);
    expect(w).toEqual([
      'mid: operation authorize is 50.0 % of requests vs 70.0 % in low: a different mix, same scenario?',
      'mid: operation capture is 40.0 % of requests vs 20.0 % in low: a different mix, same scenario?',
    ]);
  });
});
