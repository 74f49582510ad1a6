import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm run bench` follows the command-line conventions: --help, one line and exit 2 for an unknown
 * flag, an unknown case or a bad --runs, before any case runs. (Its figures are printed, never
 * asserted: speed is the machine's.) Runs the built script (npm test builds first).
 */
const script = 'dist/bench/main.js';

function bench(args: readonly string[]): { code: number | null; out: string; err: string } {
  if (!existsSync(script)) expect.fail(`${script} is missing: run npm run build (npm test does)`);
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run bench: its command line', () => {
  it('answers --help with the cases and options', () => {
    const r = bench(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: npm run bench -- \[--runs n\] \[case\.\.\.\]/);
    expect(r.out).toContain('tune-readme');
    expect(r.err).toBe('');
  });

  it.each([
    [['--bogus'], /^bench: Unknown option '--bogus'/],
    [['a', 'zz'], /^bench: unknown case "zz": expected one of a, b, c, d, e, /],
    [['--runs', '0', 'a'], /^bench: --runs: expected a whole number of at least 1, got "0"$/],
    [['--runs', '2.5', 'a'], /^bench: --runs: expected a whole number of at least 1, got "2.5"$/],
  ])('refuses %j in one line with exit 2, running nothing', (args, message) => {
    const r = bench(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err.trimEnd()).toMatch(message);
  });
});
