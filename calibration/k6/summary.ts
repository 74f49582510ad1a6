import { InputError } from '../../input/inputError.js';
import { builtinDecl } from './builtinMetrics.js';
import { parseMetricName } from './thresholdConfig.js';
import { formatG, parseThreshold, sinkKey, thresholdPasses, unsupportedMethod, type ThresholdConfig, type ThresholdExpression } from './thresholds.js';
import type { Ms } from '../../sim/units.js';
import type { MetricStore, StoredMetric } from './metricStore.js';
import type { K6Summary, SummaryMetric } from './summaryModel.js';
import type { Sink, TrendSink } from './sinks.js';
import type { WarnFn } from './warnings.js';

/** k6's default `summaryTrendStats`. */
export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface SummaryOptions {
  /** Trend columns, as `--summary-trend-stats`; default DEFAULT_TREND_STATS. */
  readonly trendStats?: readonly string[];
  /** Test run duration for counter rates; default estimateDurationMs(store). */
  readonly durationMs?: Ms;
  /** Thresholds by metric or sub-metric name (the script's options); default: those the files declare. */
  readonly thresholds?: ReadonlyMap<string, readonly ThresholdConfig[]>;
  /** Where `thresholds` came from, for messages. */
  readonly thresholdsFile?: string;
  /** Receives "threshold not evaluated" notes. */
  readonly warn?: WarnFn;
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
 * requests), trends the requested stats followed by every percentile a threshold uses.
 * Metrics without samples are left out, as k6 does, unless a threshold names them (k6 marks
 * those observed and shows them with empty values).
 *
 * Thresholds (`opts.thresholds`, the script's options; by default those the files declare,
 * which for NDJSON are the parent metrics' only) are evaluated as k6 evaluates them at the end
 * of the test (metrics/thresholds.go Run): each metric's aggregates over all its samples, a
 * threshold on an aggregate that does not exist (the rate of an empty rate metric) passing.
 * @throws InputError on an unknown trend stat, or a threshold whose aggregation the metric's
 *   type does not have (k6 refuses to start such a test).
 */
export function summarize(store: MetricStore, opts: SummaryOptions = {}): K6Summary {
  const trendStats = opts.trendStats ?? DEFAULT_TREND_STATS;
  const resolvers = trendStatResolvers(trendStats);
  const durationMs = opts.durationMs ?? estimateDurationMs(store);
  const thresholds = resolveThresholds(store, opts);
  const metrics: Record<string, SummaryMetric> = {};
  for (const name of [...store.metrics.keys()].sort()) {
    const m = store.metrics.get(name)!;
    const configs = thresholds.get(name) ?? [];
    if (isEmpty(m.sink) && !thresholds.has(name)) continue;
    const expressions = configs.map((c) => parseThreshold(c.source) as ThresholdExpression);
    const values = metricValues(m, withThresholdPercentiles(resolvers, expressions), durationMs);
    const sinked = thresholdAggregates(m, expressions, durationMs);
    const verdicts = configs.length > 0 ? Object.fromEntries(configs.map((c, i) => [c.source, !thresholdPasses(expressions[i]!, sinked)])) : undefined;
    metrics[name] = { type: m.type, contains: m.contains, values, ...(verdicts !== undefined ? { thresholds: verdicts } : {}) };
  }
  return { metrics, rootGroup: store.checks.tree(), testRunDurationMs: durationMs, trendStats: [...trendStats] };
}

/**
 * The metrics that crossed a threshold, sorted (what k6 names in "thresholds on metrics '...'
 * have been crossed" before exiting 99).
 * @example crossedMetrics(summary) // ['http_req_duration{name:authorize}']
 */
export function crossedMetrics(s: K6Summary): string[] {
  return Object.keys(s.metrics)
    .filter((name) => Object.values(s.metrics[name]!.thresholds ?? {}).some((crossed) => crossed))
    .sort();
}

/** Thresholds by stored metric name; metrics they name but the runs lack are created empty when their type is known. */
function resolveThresholds(store: MetricStore, opts: SummaryOptions): Map<string, readonly ThresholdConfig[]> {
  const given = opts.thresholds ?? new Map([...store.metrics.values()].filter((m) => m.thresholds.length > 0).map((m) => [m.name, m.thresholds.map((source) => ({ source, abortOnFail: false }))]));
  const out = new Map<string, readonly ThresholdConfig[]>();
  const file = opts.thresholdsFile;
  for (const [name, configs] of given) {
    const parsed = parseMetricName(name);
    if (typeof parsed === 'string') throw new InputError(`invalid metric in threshold definitions: ${parsed}`, file, `thresholds.${name}`);
    let m = store.find(name);
    if (m === undefined) {
      const parent = store.find(parsed.parent) ?? declareEmpty(store, parsed.parent);
      if (parent === undefined) {
        opts.warn?.({ file: file ?? store.file, message: `thresholds on "${name}" not evaluated: the runs have no metric "${parsed.parent}" and it is not a k6 built-in, so its type is unknown` });
        continue;
      }
      m = parsed.tags.length === 0 ? parent : store.create(name, parent.type, parent.contains);
    }
    configs.forEach((c, i) => {
      const e = parseThreshold(c.source);
      if (typeof e === 'string') throw new InputError(e, file, `thresholds.${name}[${i}]`);
      const bad = unsupportedMethod(e, c.source, name, m.type);
      if (bad !== undefined) throw new InputError(bad, file, `thresholds.${name}[${i}]`);
    });
    out.set(m.name, [...(out.get(m.name) ?? []), ...configs]);
    // k6 shows the parent of a thresholded sub-metric too, even without samples.
    if (parsed.tags.length > 0 && !out.has(parsed.parent) && store.find(parsed.parent) !== undefined) out.set(parsed.parent, []);
  }
  return out;
}

function declareEmpty(store: MetricStore, name: string): StoredMetric | undefined {
  const decl = builtinDecl(name);
  return decl === undefined ? undefined : store.create(name, decl.type, decl.contains);
}

function isEmpty(s: Sink): boolean {
  switch (s.type) {
    case 'counter':
      return s.samples === 0;
    case 'gauge':
      return s.times.length === 0;
    case 'rate':
      return s.total === 0;
    case 'trend':
      return s.count === 0;
  }
}

/** The trend columns plus every percentile a threshold uses that they do not already show. */
function withThresholdPercentiles(resolvers: ReadonlyMap<string, TrendStat>, expressions: readonly ThresholdExpression[]): ReadonlyMap<string, TrendStat> {
  const shown = new Set([...resolvers.keys()].map(normalStat));
  const out = new Map(resolvers);
  for (const e of expressions) {
    const key = sinkKey(e);
    if (e.method !== 'p' || shown.has(key)) continue;
    shown.add(key);
    out.set(key, (s) => s.percentile((e.percentile ?? 0) / 100));
  }
  return out;
}

/** `p(99.0)` and `p(99)` are one column. */
function normalStat(stat: string): string {
  const pct = /^p\((.+)\)$/.exec(stat)?.[1];
  return pct !== undefined && /^[\d.]+$/.test(pct) ? `p(${formatG(Number(pct))})` : stat;
}

/** What k6's Thresholds.Run puts in its `sinked` map for one metric. */
function thresholdAggregates(m: StoredMetric, expressions: readonly ThresholdExpression[], durationMs: Ms): Record<string, number> {
  const s = m.sink;
  switch (s.type) {
    case 'counter':
      return { count: s.sum, rate: s.sum / (durationMs / 1000) };
    case 'gauge':
      return { value: s.value };
    case 'rate':
      return s.total > 0 ? { rate: s.trues / s.total } : {};
    case 'trend': {
      const out: Record<string, number> = { min: s.min, max: s.max, avg: s.avg(), med: s.percentile(0.5) };
      for (const e of expressions) if (e.method === 'p') out[sinkKey(e)] = s.percentile((e.percentile ?? 0) / 100);
      return out;
    }
  }
}

function metricValues(m: StoredMetric, resolvers: ReadonlyMap<string, TrendStat>, durationMs: Ms): Record<string, number> {
  const s = m.sink;
  switch (s.type) {
    case 'counter':
      return { count: s.sum, rate: durationMs > 0 ? s.sum / (durationMs / 1000) : 0 };
    case 'gauge':
      return { value: s.value, min: s.min, max: s.max };
    case 'rate':
      return { rate: s.total > 0 ? s.trues / s.total : 0, passes: s.trues, fails: s.total - s.trues };
    case 'trend':
      return Object.fromEntries([...resolvers].map(([stat, f]) => [stat, f(s)]));
  }
}
