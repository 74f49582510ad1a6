import type { EChartsCoreOption } from 'echarts';
import { m4, m4Indices } from './downsample.js';

/**
 * Building blocks of the report charts: one look for every chart (title, axis names with units,
 * legend at the bottom, no animation, no symbols), and line series over time.
 */

/** Colours by meaning, the same in every chart (colour-blind safe Okabe-Ito hues). */
export const COLORS = {
  demand: '#0072B2',
  capacity: '#009E73',
  served: '#999999',
  desired: '#E69F00',
  ready: '#0072B2',
  starting: '#56B4E9',
  pending: '#D55E00',
  nodes: '#555555',
  p50: '#009E73',
  p95: '#E69F00',
  p99: '#D55E00',
  slo: '#C00000',
  target: '#C00000',
  cpu: '#0072B2',
  hpa: '#CC79A7',
  queue: '#0072B2',
  rejected: '#D55E00',
  errors: '#CC79A7',
  timedOut: '#E69F00',
  retries: '#999999',
} as const;

/**
 * ECharts lays out text (legends, labels) with Arial's widths when rendering on the server, so the
 * charts ask for Arial (fontconfig maps it to the metric-compatible Liberation Sans on Debian).
 * No quotes in it: ECharts writes the family unescaped into a double-quoted style attribute.
 */
const FONT = 'Arial, Helvetica, sans-serif';

/** Dark, distinct colours for SLO lines (one per objective). */
export const SLO_COLORS = ['#C00000', '#7A0177', '#8C510A', '#3F007D', '#00441B'];

/** Colours for runs side by side, in order. */
export const RUN_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#555555', '#F0E442'];

export interface Line {
  name: string;
  color: string;
  /** [x, y] points; a NaN y leaves a gap. */
  points: Array<[number, number]>;
  dashed?: boolean;
  step?: boolean;
  area?: boolean;
  yAxisIndex?: 0 | 1;
}

export interface TimeChart {
  title: string;
  /** Axis names carry the unit, e.g. `requests per second`. */
  yName: string;
  y2Name?: string;
  xName: string;
  lines: Line[];
  yMax?: number;
  /** Shade from this x to the end: the drain after the traffic (no new arrivals; not traffic to judge). */
  drainFrom?: number;
}

/**
 * Pixel columns a time chart is downsampled to: the page's chart width (960 px), which bounds
 * the plot's own width, so no drawn detail is lost (see downsample.ts).
 */
const PLOT_COLUMNS = 960;

/** A line chart over time in the report's look; long lines are downsampled to the pixel (M4). */
export function timeChartOption(c: TimeChart): EChartsCoreOption {
  let xMax = 0;
  for (const l of c.lines) for (const p of l.points) if (p[0] > xMax) xMax = p[0];
  const yAxis = (name: string, extra: object = {}) => ({ type: 'value', name, nameLocation: 'middle', nameGap: 52, nameTextStyle: { fontSize: 12, color: '#333' }, axisLabel: { color: '#333' }, splitLine: { lineStyle: { color: '#e6e6e6' } }, ...extra });
  return {
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT },
    title: { text: c.title, left: 'center', top: 6, textStyle: { fontSize: 15, fontWeight: 'bold', color: '#222' } },
    legend: { bottom: 4, itemWidth: 22, itemGap: 18, textStyle: { fontSize: 12, color: '#333' } },
    grid: { left: 78, right: c.y2Name === undefined ? 28 : 78, top: 44, bottom: 56 + 22 * legendRows(c.lines.map((l) => l.name)) },
    xAxis: { type: 'value', name: c.xName, nameLocation: 'middle', nameGap: 28, nameTextStyle: { fontSize: 12, color: '#333' }, min: 0, max: xMax, axisLabel: { color: '#333' }, splitLine: { show: false } },
    yAxis: c.y2Name === undefined ? yAxis(c.yName, c.yMax === undefined ? {} : { max: c.yMax }) : [yAxis(c.yName), yAxis(c.y2Name, { splitLine: { show: false } })],
    series: c.lines.map((l, i) => ({
      type: 'line',
      name: l.name,
      data: m4(l.points, PLOT_COLUMNS, 0, xMax).map(([x, y]) => [x, Number.isFinite(y) ? y : null]),
      showSymbol: false,
      step: l.step ? 'end' : false,
      yAxisIndex: l.yAxisIndex ?? 0,
      color: l.color,
      lineStyle: { width: l.dashed ? 1.5 : 2, type: l.dashed ? 'dashed' : 'solid', color: l.color },
      ...(l.area ? { areaStyle: { opacity: 0.12 } } : {}),
      ...(i === 0 && c.drainFrom !== undefined && c.drainFrom < xMax ? { markArea: drainArea(c.drainFrom, xMax) } : {}),
    })),
  };
}

/** The drain shaded grey and labelled, behind the lines. */
function drainArea(from: number, to: number): object {
  return { silent: true, itemStyle: { color: 'rgba(0, 0, 0, 0.07)' }, label: { show: true, position: 'insideTopRight', color: '#555', fontSize: 11 }, data: [[{ name: 'drain (after traffic)', xAxis: from }, { xAxis: to }]] };
}

/** A grouped bar chart (categories on x), e.g. cost per run or measured vs predicted. */
export function barChartOption(title: string, yName: string, categories: string[], bars: Array<{ name: string; color: string; values: number[]; colors?: string[] }>, stack = false): EChartsCoreOption {
  const slant = categories.length > 6;
  return {
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT },
    title: { text: title, left: 'center', top: 6, textStyle: { fontSize: 15, fontWeight: 'bold', color: '#222' } },
    legend: { bottom: 4, itemGap: 18, textStyle: { fontSize: 12, color: '#333' } },
    // Many categories: slanted labels, and room below the plot for them.
    grid: { left: 78, right: 28, top: 44, bottom: 56 + 22 * legendRows(bars.map((b) => b.name)) + (slant ? Math.min(140, 10 + categories.map((c) => c.length).reduce((a, b) => Math.max(a, b), -Infinity) * 4) : 0) },
    xAxis: { type: 'category', data: categories, axisLabel: { color: '#333', interval: 0, rotate: slant ? 35 : 0 } },
    yAxis: { type: 'value', name: yName, nameLocation: 'middle', nameGap: 52, nameTextStyle: { fontSize: 12, color: '#333' }, axisLabel: { color: '#333' } },
    series: bars.map((b) => ({ type: 'bar', name: b.name, data: b.values.map((v, i) => ({ value: Number.isFinite(v) ? v : null, ...(b.colors?.[i] === undefined ? {} : { itemStyle: { color: b.colors[i] } }) })), color: b.color, ...(stack ? { stack: 'total' } : {}), label: { show: categories.length <= 8, position: stack ? 'inside' : 'top', color: '#222', fontSize: 11 } })),
  };
}

/** Chart width the legend rows are estimated for (the page draws charts at 960 px). */
const LEGEND_WIDTH = 900;

/**
 * Rows the bottom legend wraps into, estimated as ECharts lays it out (Arial at 12 px: about 6.7 px
 * a character, plus symbol and gap), so the plot leaves room for it above the legend.
 */
export function legendRows(names: readonly string[]): number {
  let rows = 1;
  let x = 0;
  for (const n of names) {
    const w = 22 + 5 + n.length * 6.7 + 18;
    if (x > 0 && x + w > LEGEND_WIDTH) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

/** Time axis in hours for runs longer than 3 hours, minutes beyond 10 minutes, else seconds. */
export function timeAxis(tSeconds: readonly number[]): { scale: number; name: string } {
  const end = tSeconds.at(-1) ?? 0;
  if (end > 3 * 3600) return { scale: 1 / 3600, name: 'time since start (h)' };
  return end > 600 ? { scale: 1 / 60, name: 'time since start (min)' } : { scale: 1, name: 'time since start (s)' };
}

/**
 * Zip x and y into points, x scaled; a long series is downsampled to the chart's pixel columns
 * first (M4, as timeChartOption would), so a month of rows never becomes a month of points.
 */
export function points(t: readonly number[], y: readonly number[], scale = 1, f: (v: number) => number = (v) => v): Array<[number, number]> {
  const at = (i: number): [number, number] => [round((t[i] as number) * scale), f(y[i] ?? NaN)];
  const x1 = (t.at(-1) ?? 0) * scale;
  if (t.length <= 4 * PLOT_COLUMNS || !(x1 > 0)) return t.map((_, i) => at(i));
  return m4Indices(t.length, (i) => (t[i] as number) * scale, (i) => f(y[i] ?? NaN), PLOT_COLUMNS, 0, x1).map(at);
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
