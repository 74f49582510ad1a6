import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFiles } from '../../app/runScenario.js';
import { capsimFails, capsimOk } from '../support/cli.js';
import { writeRunFolder } from '../../reports/runFolder.js';
import { recordFromRun } from '../../reports/runRecord.js';
import { recordFiles } from '../../reports/runRecordFiles.js';
import { smallMixRun } from '../reports/smallMix.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-report-'));

/** Two run folders of the small-mix run: one with the report files, one as an older capsim wrote it. */
function runFolders(): [string, string] {
  const run = smallMixRun();
  const root = tmp();
  const a = writeRunFolder(join(root, 'run-a'), { ...runFiles(run), ...recordFiles(recordFromRun(run)) });
  const b = writeRunFolder(join(root, 'run-b'), runFiles(run));
  return [a, b];
}

/** `capsim report <args>` that must succeed. */
async function capsimReport(args: string[]) {
  const t = await capsimOk(['report', ...args]);
  return { stdout: () => t.stdout, stderr: () => t.stderr };
}

describe('capsim report', () => {
  it('--compare RUN_A RUN_B --out DIR writes compare.html and compare.md and prints the HTML path', async () => {
    const [a, b] = runFolders();
    const out = join(tmp(), 'cmp');
    const io = await capsimReport(['--compare', a, b, '--out', out]);
    expect(io.stdout()).toBe(`${join(out, 'compare.html')}\n`);
    const md = readFileSync(join(out, 'compare.md'), 'utf8');
    expect(md).toContain('| objective | run-a | run-b |');
    expect(readFileSync(join(out, 'compare.html'), 'utf8').match(/<svg/g)?.length).toBe(3);
  });

  it('rebuilds the report of one run folder in place', async () => {
    const [, b] = runFolders();
    const io = await capsimReport([b]);
    expect(io.stdout()).toBe(`${join(b, 'report.html')}\n`);
    expect(existsSync(join(b, 'report.html'))).toBe(true);
    expect(readFileSync(join(b, 'report.md'), 'utf8')).toContain('# Capacity run: small-mix');
  });

  it.each([
    ['no run folder', [], /capsim report: missing required argument 'runs'/],
    ['--compare with one run', ['--compare', 'RUN'], /at least two run folders/],
    ['a folder that is not a run', ['test/fixtures'], /no summary\.json/],
  ])('refuses %s: one line, exit 2', async (_n, args, message) => {
    const argv = args.map((x) => (x === 'RUN' ? runFolders()[0] : x));
    const f = await capsimFails(['report', ...argv]);
    expect(f.code).toBe(2);
    expect(f.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(f.stderr).toMatch(message);
  });
});
