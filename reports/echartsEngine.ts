import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as EChartsModule from 'echarts';
import { packageRoot } from '../input/packageRoot.js';

/** What the reports draw with: ECharts' `init`. */
export type EChartsEngine = Pick<typeof EChartsModule, 'init'>;

/**
 * ECharts, loaded once per process, from the bundle of the parts the reports use when it is built
 * (dist/reports/echarts.cjs, reports/buildECharts.mjs), else from the package's own single-file
 * build (the same release, drawing the same bytes: tests from a fresh clone). The ES entry's ~600
 * modules took about 0.8 s to resolve and link; the bundle is read in a third of the time of the
 * package's single file, and each chart sets up fewer component types.
 *
 * The bundle is compiled with V8's code cache when the build left one beside it
 * (`echarts.cjs.v8-cache`): the cache holds the bytecode of the bundle and of every function the
 * build's warm-up charts ran (reports/echartsWarmup.ts), so a `capsim run` neither parses the
 * 0.57 MB bundle nor compiles ECharts' layout and SVG code lazily while drawing its first chart.
 * V8 checks a cache against its own version and flags and rejects it otherwise (the bundle is then
 * compiled as without one), but it checks the source only by its length: the cache therefore
 * records the SHA-256 of the bundle it was made from, and is used only for that bundle.
 */
export interface LoadedECharts {
  engine: EChartsEngine;
  /** The compiled bundle (null: loaded from the package). */
  script: Script | null;
  /** SHA-256 of the bundle's source (hex; empty when loaded from the package). */
  sourceSha256: string;
  /** What became of the code cache. */
  cache: 'used' | 'rejected' | 'stale' | 'absent';
}

/** The bundle's file and its code cache's, in a built package. */
export function echartsBundlePaths(root = packageRoot()): { bundle: string; cache: string } {
  const bundle = join(root, 'dist', 'reports', 'echarts.cjs');
  return { bundle, cache: `${bundle}.v8-cache` };
}

/** A code cache file: the SHA-256 of the source (hex, 64 bytes), a newline, then V8's data. */
const HASH_BYTES = 64;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Node's CommonJS wrapper, so the bundle runs as `require` would run it. */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;

/** Load ECharts from `bundle` (with its code cache `cache` when valid), or from the package when the bundle is not built. */
export function loadECharts({ bundle, cache } = echartsBundlePaths()): LoadedECharts {
  if (!existsSync(bundle)) return { engine: createRequire(import.meta.url)('echarts') as EChartsEngine, script: null, sourceSha256: '', cache: 'absent' };
  const source = readFileSync(bundle, 'utf8');
  const sourceSha256 = sha256(source);
  let cachedData: Buffer | undefined;
  let state: LoadedECharts['cache'] = 'absent';
  if (existsSync(cache)) {
    const file = readFileSync(cache);
    if (file.subarray(0, HASH_BYTES).toString('latin1') === sourceSha256) cachedData = file.subarray(HASH_BYTES + 1);
    else state = 'stale';
  }
  const script = new Script(wrap(source), { filename: bundle, cachedData });
  if (cachedData !== undefined) state = script.cachedDataRejected === true ? 'rejected' : 'used';
  const module = { exports: {} as EChartsEngine };
  (script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { engine: module.exports, script, sourceSha256, cache: state };
}

let loaded: LoadedECharts | null = null;

/** ECharts for the reports, loaded on first use (a command that draws no chart never loads it). */
export function echarts(): EChartsEngine {
  loaded ??= loadECharts();
  return loaded.engine;
}

/** Whether this process compiled the bundle from its code cache (`used`), or why not; null before the first chart. */
export function echartsCodeCacheState(): LoadedECharts['cache'] | null {
  return loaded?.cache ?? null;
}

/**
 * A code cache of the bundle as compiled so far in this process (call it after drawing charts, so
 * that it holds their functions), in the file format `loadECharts` reads; null when ECharts came from
 * the package.
 */
export function echartsCodeCache(from: LoadedECharts | null = loaded): Buffer | null {
  if (from === null || from.script === null) return null;
  return Buffer.concat([Buffer.from(`${from.sourceSha256}\n`, 'latin1'), from.script.createCachedData()]);
}
