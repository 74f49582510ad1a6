import type * as EChartsModule from 'echarts';
import { echarts } from './echartsEngine.js';

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
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
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
