import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalIds } from '../../reports/chartSvg.js';
import { echartsBundlePaths, echartsCodeCache, loadECharts, type EChartsEngine } from '../../reports/echartsEngine.js';

/**
 * ECharts is compiled from V8's code cache when the build left one (reports/echartsEngine.ts):
 * a cache is used only for the very bundle it was made from, anything V8 refuses is compiled as
 * without a cache, and a chart is the same bytes whichever way ECharts was compiled.
 */
const dir = mkdtempSync(join(tmpdir(), 'capsim-echarts-cache-'));
const bundle = join(dir, 'echarts.cjs');
const cache = join(dir, 'echarts.cjs.v8-cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const built = spawnSync(process.execPath, ['reports/buildECharts.mjs', '--outfile', bundle], { encoding: 'utf8', timeout: 120_000 });
  if (built.status !== 0) throw new Error(`reports/buildECharts.mjs exited ${built.status}: ${built.stderr}`);
}, 150_000);

const option = {
  title: { text: 'queue' },
  legend: {},
  xAxis: { type: 'value' },
  yAxis: { type: 'value' },
  series: [{ type: 'line', name: 'p99', data: [[0, 1], [1, 3], [2, 2]], markArea: { data: [[{ xAxis: 1 }, { xAxis: 2 }]] } }, { type: 'bar', name: 'rejected', data: [[0, 2], [1, 1]] }],
};

function draw(engine: EChartsEngine): string {
  const chart = engine.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 200 });
  try {
    chart.setOption({ animation: false, ...option });
    return canonicalIds(chart.renderToSVGString(), 'c');
  } finally {
    chart.dispose();
  }
}

/** A cache of the bundle made the way the build makes it: after drawing a chart. */
function makeCache(): { svg: string; data: Buffer } {
  rmSync(cache, { force: true });
  const fresh = loadECharts({ bundle, cache });
  expect(fresh.cache).toBe('absent');
  const svg = draw(fresh.engine);
  return { svg, data: echartsCodeCache(fresh) as Buffer };
}

describe('ECharts from the code cache', () => {
  it('compiles from a cache of the same bundle and draws the same bytes', () => {
    // (In this process V8 may also find the bundle compiled in memory: the last test has a fresh process.)
    const { svg, data } = makeCache();
    writeFileSync(cache, data);
    const cached = loadECharts({ bundle, cache });
    expect(cached.cache).toBe('used');
    expect(draw(cached.engine)).toBe(svg);
  });

  it('ignores a cache made from another bundle, even one of the same length (V8 would not notice)', () => {
    const { svg, data } = makeCache();
    const source = readFileSync(bundle, 'utf8');
    // One byte of a comment-free minified bundle swapped for another: same length, another source.
    const other = join(dir, 'other.cjs');
    writeFileSync(other, source.replace('"use strict";', "'use strict';"));
    expect(readFileSync(other, 'utf8')).not.toBe(source);
    expect(readFileSync(other).length).toBe(readFileSync(bundle).length);
    writeFileSync(join(dir, 'other.cjs.v8-cache'), data);
    const loaded = loadECharts({ bundle: other, cache: join(dir, 'other.cjs.v8-cache') });
    expect(loaded.cache).toBe('stale');
    expect(draw(loaded.engine)).toBe(svg);
  });

  it('compiles as without a cache when V8 refuses the cached data', () => {
    const { svg } = makeCache();
    // A source this process has not compiled yet (V8 would find a compiled one in memory and never
    // look at the cached data), its hash, then bytes that are not V8's code cache.
    const source = `${readFileSync(bundle, 'utf8')}\n// a bundle of its own\n`;
    const own = join(dir, 'own.cjs');
    writeFileSync(own, source);
    writeFileSync(`${own}.v8-cache`, Buffer.concat([Buffer.from(`${createHash('sha256').update(source).digest('hex')}\n`, 'latin1'), Buffer.alloc(4096, 7)]));
    const loaded = loadECharts({ bundle: own, cache: `${own}.v8-cache` });
    expect(loaded.cache).toBe('rejected');
    expect(draw(loaded.engine)).toBe(svg);
  });

  it('npm run build leaves a cache that a plain `node` (as the capsim command runs) compiles from', () => {
    const built = echartsBundlePaths();
    if (!existsSync(built.bundle)) return expect.fail('dist/reports/echarts.cjs is missing: run npm run build (npm test does)');
    const script = `const m = await import(${JSON.stringify(new URL('../../dist/reports/echartsEngine.js', import.meta.url).href)}); m.echarts(); console.log(m.echartsCodeCacheState());`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('used');
  });
});
