import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('loadtests/*.ts type-check with @types/k6 (not Node)', () => {
  it('loadtests/tsconfig.json uses types ["k6"] only', () => {
    const cfg = JSON.parse(readFileSync('loadtests/tsconfig.json', 'utf8')) as { compilerOptions: { types: string[] } };
    expect(cfg.compilerOptions.types).toEqual(['k6']);
  });

  it('npx tsc -p loadtests/tsconfig.json --noEmit passes', () => {
    const r = spawnSync('node_modules/.bin/tsc', ['-p', 'loadtests/tsconfig.json', '--noEmit'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
