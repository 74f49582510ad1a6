import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { runScenario } from '../app/runScenario.js';
import { resolveScenario } from '../input/resolveScenario.js';
import { DEFAULT_SCENARIO } from '../scenarios/library/index.js';
import { echartsBundlePaths, echartsCodeCache, echartsCodeCacheState } from '../reports/echartsEngine.js';
import { runHtml } from '../reports/html.js';
import { recordFromRun } from '../reports/runRecord.js';

/**
 * Write the ECharts bundle's V8 code cache (see reports/echartsEngine.ts): `npm run build` runs
 * this after building the bundle, in a process of its own with Node's default flags (V8 accepts
 * a cache only under the flags it was made with). It draws the report of the embedded default
 * scenario, so that the cache holds the functions a run's charts use, then writes the cache
 * beside the bundle. Node 20 has no compile cache of its own for a module (`module.enableCompileCache`
 * came with Node 22).
 *
 *   node dist/cli/echartsCodeCache.js
 */
const { cache } = echartsBundlePaths();
// The previous build's cache goes first: compiled from it, this process would cache only what it compiled anew.
rmSync(cache, { force: true });
runHtml(recordFromRun(runScenario(resolveScenario(DEFAULT_SCENARIO))));
const data = echartsCodeCache();
if (data === null || echartsCodeCacheState() !== 'absent') throw new Error('dist/reports/echarts.cjs is not built: run node reports/buildECharts.mjs first');
// Written whole or not at all: a reader sees the previous cache, or none, or this one.
const part = `${cache}.part`;
writeFileSync(part, data);
renameSync(part, cache);
process.stdout.write(`${cache}: ${(data.length / 1024).toFixed(0)} KiB\n`);
