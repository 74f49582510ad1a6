import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { calibration, readExport } from '../calibration/k6/fixtures.js';

/**
 * `capsim gate`: the scenario simulated and its SLOs checked, the k6 results of the change judged
 * against the thresholds the scenario's SLOs give (as k6 would), one Markdown verdict. The k6
 * runs are the shared calibration runs of the reference service (real k6 v0.48), with the
 * calibration scenario that describes them.
 */
const SCENARIO = 'test/fixtures/calibration-scenarios/one-replica.yaml';
const dir = mkdtempSync(join(tmpdir(), 'capsim-gate-'));

describe('capsim gate', () => {
  it('passes a run below saturation: simulated SLOs, k6 thresholds and predicted vs measured p95 in one Markdown verdict', async () => {
    const out = join(dir, 'verdict.md');
    const t = await capsim(['gate', SCENARIO, '--k6', calibration('low', 'k6.ndjson.gz'), '--out', out]);
    expect(t.code).toBe(0);
    expect(t.stderr).toBe(`capsim: gate verdict (pass) in ${out}\n`);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^## capsim gate: calibration-one-replica — ✅ pass\n/);
    expect(md).toMatch(/\n\| authorize \| p99 latency \| 250\.0 ms \| [\d.]+ ms \| \+[\d.]+ % \| ✅ \|\n/);
    expect(md).toContain('| `http_req_duration{name:authorize}` | `p(99)<250` | ✅ |');
    // the measured p95 is k6's own: 30.711751 ms in the run's --summary-export
    const k6p95 = readExport(calibration('low', 'summary.json')).metrics['http_req_duration{name:authorize}']!['p(95)'] as number;
    expect(md).toMatch(new RegExp(`\\| authorize \\| [\\d.]+ ms \\| ${k6p95.toFixed(1).replace('.', '\\.')} ms \\| [+−][\\d.]+ % \\|`));
  }, 180_000);

  it('--append adds the verdict after what the file holds (GitHub\'s step summary is written that way); --out alone replaces it', async () => {
    const out = join(dir, 'step-summary.md');
    writeFileSync(out, '# earlier step output\n');
    const t = await capsim(['gate', SCENARIO, '--k6', calibration('low', 'k6.ndjson.gz'), '--out', out, '--append']);
    expect(t.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# earlier step output\n## capsim gate: calibration-one-replica — ✅ pass\n/);
    await capsim(['gate', SCENARIO, '--k6', calibration('low', 'k6.ndjson.gz'), '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(md.slice('# earlier step output\n'.length));
  }, 180_000);

  it('--append without --out: one line, exit 2, before any simulation', async () => {
    const t = await capsim(['gate', SCENARIO, '--append']);
    expect(t.code).toBe(2);
    expect(t.stderr).toBe('capsim: --append adds to the --out file: give --out FILE (without --out the verdict goes to stdout: append with >>)\n');
  });

  it('fails (exit 1) when the k6 run crossed a threshold: an overloaded replica', async () => {
    const t = await capsim(['gate', SCENARIO, '--k6', calibration('overload', 'k6.ndjson.gz')]);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/— ❌ fail\n/);
    expect(t.stdout).toContain('| `http_req_failed` | `rate<0.01` | ❌ crossed |');
  }, 180_000);

  const k6 = spawnSync('k6', ['version']);
  it.skipIf(k6.status === 0)('--base-url without k6 on PATH: one line saying so, exit 2', async () => {
    const t = await capsim(['gate', 'steady-authorize', '--base-url', 'http://127.0.0.1:9']);
    expect(t.code).toBe(2);
    expect(t.stderr).toBe('capsim: --base-url: k6 is not on PATH: install k6 (0.48 or later) to run the smoke test, or give its results with --k6\n');
  }, 180_000);
});
