import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capsimFails, capsimOk } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-export-'));
const run = join(dir, 'run');
beforeAll(async () => {
  await capsimOk(['run', 'test/fixtures/scenarios/small-mix.yaml', '--out', run]);
}, 120_000);

describe('capsim export openmetrics', () => {
  it('writes metrics.om from the given start: gauges with source, scenario and seed, ending in # EOF', async () => {
    await capsimOk(['export', 'openmetrics', run, '--start', '1767225600', '--out', join(dir, 'om')]);
    const text = readFileSync(join(dir, 'om', 'metrics.om'), 'utf8');
    expect(text).toMatch(/^# TYPE capsim_arrivals_per_second gauge\n/);
    // The first interval (10 s) ends 10 s after the start.
    expect(text).toMatch(/\ncapsim_arrivals_per_second\{source="capsim",scenario="small-mix",seed="3"\} [\d.]+ 1767225610\.000\n/);
    expect(text).toMatch(/\ncapsim_replicas\{source="capsim",scenario="small-mix",seed="3",state="ready"\} 2 1767225610\.000\n/);
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  describe('bad input: one line, exit 2', () => {
    it('a run folder written by another capsim version', async () => {
      const other = join(dir, 'other-version');
      cpSync(run, other, { recursive: true });
      const json = JSON.parse(readFileSync(join(other, 'run.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(other, 'run.json'), JSON.stringify({ ...json, format: 'capsim-run/2' }));
      const f = await capsimFails(['export', 'openmetrics', other, '--out', join(dir, 'o1')]);
      expect(f.code).toBe(2);
      expect(f.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(f.message).toMatch(/run\.json: format: written by another capsim version \("capsim-run\/2"\); expected "capsim-run\/1"/);
    });

    it('a folder that is not a run folder', async () => {
      const f = await capsimFails(['export', 'openmetrics', 'test/fixtures', '--out', join(dir, 'o2')]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/test\/fixtures: expected a run folder written by capsim run/);
    });

    it('a start time without a zone', async () => {
      const f = await capsimFails(['export', 'openmetrics', run, '--start', '2026-11-27 00:00', '--out', join(dir, 'o3')]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/^--start: expected an RFC 3339 time/);
    });

    it("an output folder that exists and is not capsim's", async () => {
      const out = join(dir, 'mine');
      mkdirSync(out);
      writeFileSync(join(out, 'keep.txt'), 'mine');
      const f = await capsimFails(['export', 'openmetrics', run, '--out', out]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/output folder exists and was not written by capsim/);
    });
  });
});
