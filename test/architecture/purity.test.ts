import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The simulation core must stay pure: no I/O, no clock, no unseeded randomness, no Kubernetes client. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'reads the wall clock (Date.now)'],
  [/\bnew Date\s*\(\s*\)/, 'reads the wall clock (new Date())'],
  [/\bperformance\.now\s*\(/, 'reads the clock (performance.now)'],
  [/\bMath\.random\s*\(/, 'unseeded randomness (Math.random)'],
  [/\bprocess\.(hrtime|env|stdout|stderr|argv)/, 'touches the process'],
  [/from\s+['"](node:)?(fs|fs\/promises|http|https|net|child_process|os|worker_threads|readline|path)['"]/, 'imports a Node I/O module'],
  [/@kubernetes\/client-node/, 'imports the Kubernetes client'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'uses real timers'],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  const files = tsFiles('sim');

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s is pure', (file) => {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, why] of FORBIDDEN) expect(pattern.test(text), `${file} ${why}`).toBe(false);
  });
});
