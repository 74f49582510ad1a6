import type { PromSeries } from '../../../calibration/prometheus/queryRange.js';

/** A series from labels and [unix seconds, value] pairs. */
export function series(labels: Record<string, string>, samples: [number, number][]): PromSeries {
  return { labels, timesS: Float64Array.from(samples.map(([t]) => t)), values: Float64Array.from(samples.map(([, v]) => v)) };
}

/** The JSON body Prometheus' /api/v1/query_range returns for these series. */
export function queryRangeBody(xs: { metric: Record<string, string>; values: [number, number][] }[]): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: xs.map((x) => ({ metric: x.metric, values: x.values.map(([t, v]) => [t, String(v)]) })) } });
}
