import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * bench:heldout's command line; the run itself (service, Prometheus, load, validate) is what
 * README's held-out table measured, and test/calibration/prometheus/liveService.test.ts covers the
 * same real parts. These checks start nothing.
 */
const BIN = 'dist/bench/heldout.js';
const tmp = mkdtempSync(join(tmpdir(), 'capsim-heldout-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('npm run bench:heldout', () => {
  it('answers --help with its usage, exit 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench:heldout -- --model MODEL.yaml --out DIR/);
  });

  it.each([
    [['--bogus'], "bench:heldout: Unknown option '--bogus'; see --help"],
    [['--out', 'x'], 'bench:heldout: --model: expected a model YAML from capsim calibrate'],
    [['--model', 'no-such.yaml', '--out', 'x'], 'bench:heldout: --model no-such.yaml: no such file; expected a model YAML from capsim calibrate'],
    [['--model', 'package.json', '--out', '.'], 'bench:heldout: --out .: already exists; choose a new folder (nothing is overwritten)'],
    [['--model', 'package.json', '--out', 'x', '--mix', '70,30'], 'bench:heldout: --mix 70,30: expected three weights >= 0, authorize,capture,refund, e.g. 70,20,10'],
    [['--model', 'package.json', '--out', 'x', '--workers', '0'], 'bench:heldout: --workers 0: expected an integer from 1 to 256'],
  ])('%j is one line naming what was expected, exit 2', (args, line) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([line]);
  });
});
