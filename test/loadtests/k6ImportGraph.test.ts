import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Modern k6 runs `loadtests/payments.ts` directly: it strips types file by file and loads every
 * import path exactly as written (grafana/k6 internal/js/compiler, internal/loader). So every
 * runtime import in the module graph k6 loads must name the `.ts` file that exists (tsc rewrites
 * them to `.js` when it compiles for Node: rewriteRelativeImportExtensions).
 */
describe('the k6 entry script loads natively in k6', () => {
  it('every relative runtime import in its module graph names a .ts file', async () => {
    const result = await build({
      entryPoints: ['loadtests/payments.ts'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      metafile: true,
      logLevel: 'silent',
      external: ['k6', 'k6/*'],
    });
    const files = Object.keys(result.metafile.inputs);
    expect(files.length).toBeGreaterThan(5);
    const offenders: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm)) {
        if (!(m[1] as string).endsWith('.ts')) offenders.push(`${f}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
