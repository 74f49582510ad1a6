import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as EChartsModule from 'echarts';
import { packageRoot } from '../input/packageRoot.js';

/**
 * ECharts as one file: the ES entry's ~600 modules (with zrender) take about 0.8 s to resolve and
 * link, most of a short `capsim run`'s start-up. Built, the reports load only the parts they draw
 * with (reports/echartsParts.ts, bundled by `npm run build` into dist/reports/echarts.cjs),
 * about 0.06 s where the package's full single-file build takes 0.16 s, and each chart then sets
 * up fewer component types. Not built yet (tests from a fresh clone), the full single-file build
 * (the package's `require` entry, the same release) draws the same bytes.
 */
const echarts = loadECharts();

function loadECharts(): Pick<typeof EChartsModule, 'init'> {
  const parts = join(packageRoot(), 'dist', 'reports', 'echarts.cjs');
  return createRequire(import.meta.url)(existsSync(parts) ? parts : 'echarts') as Pick<typeof EChartsModule, 'init'>;
}

/** Size of a chart in CSS pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Render an ECharts option server-side to an SVG string, to be inlined in a page (no script
 * needed to view it). ECharts numbers its clip-path ids (`zr<N>-c<k>`) and hover classes
 * (`zr<N>-cls-<k>`) from process-wide counters, so the raw output depends on how many charts
 * were drawn before; both are renamed here to `<idPrefix>-…`, numbered in order of appearance,
 * which makes the SVG a pure function of (option, size, idPrefix) and keeps ids unique on a page
 * as long as each chart gets its own prefix.
 * @param idPrefix letters, digits and `-` only (an HTML id start); throws otherwise.
 * @example chartSvg({ xAxis: {}, yAxis: {}, series: [] }, { width: 600, height: 300 }, 'chart-1')
 */
export function chartSvg(option: EChartsModule.EChartsCoreOption, size: ChartSize, idPrefix: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(idPrefix)) throw new Error(`chartSvg: bad id prefix "${idPrefix}"`);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    chart.setOption({ animation: false, ...option });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return canonicalIds(svg, idPrefix);
}

/**
 * Rename ECharts' counter-based names (`zr<N>-c<k>` clip paths, `-g` gradients, `-p` patterns,
 * `-s` shadows, `-cls-` hover classes) to `<prefix>-<kind><k>`, numbered per kind in order of
 * first appearance.
 */
export function canonicalIds(svg: string, prefix: string): string {
  const seen = new Map<string, number>();
  const counts = new Map<string, number>();
  return svg.replace(/zr\d+-(cls-|[a-z])(\d+)/g, (_m, kind: string, k: string) => {
    const key = `${kind}${k}`;
    if (!seen.has(key)) {
      const n = counts.get(kind) ?? 0;
      seen.set(key, n);
      counts.set(kind, n + 1);
    }
    return `${prefix}-${kind}${seen.get(key) as number}`;
  });
}
