import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { SHARED_FIXTURES } from '../support/shared.js';

/**
 * Regression cases of ../shared/fixtures/bad-input/ about sizes and bounds (its README maps each
 * to its command): long horizons, huge values, runs that cannot be simulated faithfully.
 */
const BAD = join(SHARED_FIXTURES, 'bad-input');
const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-bounds-'));

describe('capsim run: any horizon', () => {
  it('d11: a 4-day scenario runs to completion, with a report whose size is bounded by the charts\' width', async () => {
    const out = join(tmp(), 'o');
    const t = await capsim(['run', join(BAD, 'd11-four-days.yaml'), '--out', out]);
    expect(t.stderr).toMatch(/results in/);
    expect(t.code).toBe(0);
    const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n').length - 1;
    expect(rows).toBeGreaterThanOrEqual((4 * 86_400) / 10); // every 10 s row in the CSV
    expect(statSync(join(out, 'report.html')).size).toBeLessThan(2_000_000); // charts downsampled
  });
});
