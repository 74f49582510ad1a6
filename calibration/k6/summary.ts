import { InputError } from '../../input/inputError.js';
import { thresholdCrossed } from './thresholds.js';
import type { Ms } from '../../sim/units.js';
import type { MetricStore, StoredMetric } from './metricStore.js';
import type { K6Summary, SummaryMetric } from './summaryModel.js';
import type { TrendSink } from './sinks.js';

/** k6's default `summaryTrendStats`. */
export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface SummaryOptions {
  /** Trend columns, as `--summary-trend-stats`; default DEFAULT_TREND_STATS. */
  readonly trendStats?: readonly string[];
  /** Test run duration for counter rates; default estimateDurationMs(store). */
  readonly durationMs?: Ms;
}

type TrendStat = (s: TrendSink) => number;

/**
 * Parse trend stat names (avg, min, med, max, count, p(N) with 0 ≤ N ≤ 100) into
 * resolvers, as grafana/k6 metrics/sample.go GetResolversForTrendColumns; p(N) uses N/100.
 * @throws InputError (field `trend-stats`) on anything else.
 * @example trendStatResolvers(['p(99.9)'])
 */
export function trendStatResolvers(stats: readonly string[]): ReadonlyMap<string, TrendStat> {
  const fixed: Record<string, TrendStat> = {
    avg: (s) => s.avg(),
    min: (s) => s.min,
    med: (s) => s.percentile(0.5),
    max: (s) => s.max,
    count: (s) => s.count,
  };
  const out = new Map<string, TrendStat>();
  for (const stat of stats) {
    const known = fixed[stat];
    const pct = /^p\((.+)\)$/.exec(stat)?.[1];
    const p = pct !== undefined && /^[\d.]+$/.test(pct) ? Number(pct) : Number.NaN;
    if (known === undefined && !(p >= 0 && p <= 100)) {
      throw new InputError(`"${stat}" is not a trend stat; expected avg, min, med, max, count or p(N) with N in 0..100`, undefined, 'trend-stats');
    }
    out.set(stat, known ?? ((s) => s.percentile(p / 100)));
  }
  return out;
}

/**
 * Estimated test run duration (ms) when the input does not carry it (NDJSON, CSV): from the
 * earliest start implied by the samples (min of first sample time, iteration and request
 * start = end − duration) to the last sample. k6's own duration also covers the init-to-first-
 * iteration gap and the wait after the last one, so this underestimates by about one arrival
 * interval: 0.03–0.06 % on the 60–90 s calibration runs, 4.4 % on a 4 s ramp.
 */
export function estimateDurationMs(store: MetricStore): Ms {
  if (store.lastMs < store.firstMs) return 0;
  return store.lastMs - Math.min(store.firstMs, store.earliestStartMs);
}

/**
 * Recompute k6's end-of-test summary from the accumulated samples, as k6 does
 * (js/summary.go metricValueGetter): counters count and count/duration, gauges last/min/max,
 * rates rate/passes/fails (passes = non-zero samples, so for http_req_failed the failed
 * requests), trends the requested stats. Metrics without samples are left out, as k6 does.
 * Thresholds are evaluated for metrics declared with them (sub-metric thresholds are not in
 * the NDJSON declarations, so they are absent).
 * @throws InputError on an unknown trend stat.
 */
export function summarize(store: MetricStore, opts: SummaryOptions = {}): K6Summary {
  const trendStats = opts.trendStats ?? DEFAULT_TREND_STATS;
  const resolvers = trendStatResolvers(trendStats);
  const durationMs = opts.durationMs ?? estimateDurationMs(store);
  const metrics: Record<string, SummaryMetric> = {};
  for (const name of [...store.metrics.keys()].sort()) {
    const m = store.metrics.get(name)!;
    const values = metricValues(m, resolvers, durationMs);
    if (values === undefined) continue;
    const thresholds = evaluateThresholds(m, values);
    metrics[name] = { type: m.type, contains: m.contains, values, ...(thresholds !== undefined ? { thresholds } : {}) };
  }
  return { metrics, rootGroup: store.checks.tree(), testRunDurationMs: durationMs, trendStats: [...trendStats] };
}

function metricValues(m: StoredMetric, resolvers: ReadonlyMap<string, TrendStat>, durationMs: Ms): Record<string, number> | undefined {
  const s = m.sink;
  switch (s.type) {
    case 'counter':
      return s.samples === 0 ? undefined : { count: s.sum, rate: durationMs > 0 ? s.sum / (durationMs / 1000) : 0 };
    case 'gauge':
      return s.times.length === 0 ? undefined : { value: s.value, min: s.min, max: s.max };
    case 'rate':
      return s.total === 0 ? undefined : { rate: s.trues / s.total, passes: s.trues, fails: s.total - s.trues };
    case 'trend':
      return s.count === 0 ? undefined : Object.fromEntries([...resolvers].map(([stat, f]) => [stat, f(s)]));
  }
}

function evaluateThresholds(m: StoredMetric, values: Record<string, number>): Record<string, boolean> | undefined {
  if (m.thresholds.length === 0) return undefined;
  const out: Record<string, boolean> = {};
  for (const expr of m.thresholds) {
    const crossed = thresholdCrossed(expr, (agg) => values[agg] ?? trendAggregate(m, agg));
    if (crossed !== undefined) out[expr] = crossed;
  }
  return out;
}

/** A trend threshold may use a percentile not among the printed stats. */
function trendAggregate(m: StoredMetric, agg: string): number | undefined {
  if (m.sink.type !== 'trend') return undefined;
  try {
    return trendStatResolvers([agg]).get(agg)?.(m.sink);
  } catch {
    return undefined;
  }
}
