import { newSink, type Sink } from './sinks.js';
import { builtinDecl } from './builtinMetrics.js';
import { CheckTally } from './groups.js';
import type { MetricName } from './thresholdConfig.js';
import type { Ms } from '../../sim/units.js';
import type { K6Point, MetricContains, MetricDecl, MetricType, SampleHandler, Tags } from './samples.js';
import type { WarnFn } from './warnings.js';

/** One metric (or sub-metric, named `parent{k:v}`) with its sink. */
export interface StoredMetric {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly thresholds: string[];
  readonly sink: Sink;
  /** Sub-metrics fed by this metric's points whose tags include all of `tags`. */
  readonly submetrics: { readonly tags: readonly (readonly [string, string])[]; readonly metric: StoredMetric }[];
}

/**
 * Accumulates every sample into k6-style sinks (what k6's metrics engine does for the
 * end-of-test summary), plus what the summary needs besides: the time span of the run,
 * the scenarios and the checks by group. Memory: trends keep one float64 per sample.
 */
export class MetricStore implements SampleHandler {
  readonly metrics = new Map<string, StoredMetric>();
  readonly scenarios = new Set<string>();
  readonly checks = new CheckTally();
  /** Earliest and latest sample time, epoch ms. */
  firstMs: Ms = Number.POSITIVE_INFINITY;
  lastMs: Ms = Number.NEGATIVE_INFINITY;
  /** Earliest start implied by `iteration_duration` / `http_req_duration` (time − value). */
  earliestStartMs: Ms = Number.POSITIVE_INFINITY;

  /** Sub-metrics thresholds ask for, by parent, attached when the parent is declared. */
  private readonly wanted = new Map<string, { name: string; tags: readonly (readonly [string, string])[] }[]>();
  /** A threshold's sub-metric name -> the stored sub-metric with the same tags (k6 keeps the first spelling). */
  readonly aliases = new Map<string, string>();

  /** `trendAccuracy`: hold trends as sketches of this relative accuracy (see TrendSink). */
  constructor(readonly file: string, private readonly warn: WarnFn, readonly trendAccuracy: number | null = null) {}

  /**
   * Route samples to a sub-metric a threshold names (`http_req_duration{name:authorize}`), as
   * k6 does when it reads the thresholds before the test: call before reading.
   */
  want(name: string, parsed: MetricName): void {
    if (parsed.tags.length === 0) return;
    const list = this.wanted.get(parsed.parent) ?? [];
    list.push({ name, tags: parsed.tags });
    this.wanted.set(parsed.parent, list);
    const parent = this.metrics.get(parsed.parent);
    if (parent !== undefined) this.attach(parent, name, parsed.tags);
  }

  /** The stored metric a threshold key names, through aliases. */
  find(name: string): StoredMetric | undefined {
    return this.metrics.get(this.aliases.get(name) ?? name);
  }

  metric(decl: MetricDecl): void {
    const known = this.metrics.get(decl.name);
    if (known !== undefined && known.type !== decl.type) {
      this.warn({ file: this.file, message: `metric "${decl.name}" declared again as ${decl.type} (was ${known.type}); keeping ${known.type}` });
    }
    const m = known ?? this.create(decl.name, decl.type, decl.contains);
    for (const t of decl.thresholds) if (!m.thresholds.includes(t)) m.thresholds.push(t);
    for (const sub of decl.submetrics) this.attach(m, sub.name, Object.entries(sub.tags).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  }

  /** Add a sub-metric to `parent` unless one with the same tag set exists (then alias the name). */
  private attach(parent: StoredMetric, name: string, tags: readonly (readonly [string, string])[]): void {
    const same = parent.submetrics.find((s) => sameTags(s.tags, tags));
    if (same !== undefined) {
      if (same.metric.name !== name) this.aliases.set(name, same.metric.name);
      return;
    }
    const metric = this.metrics.get(name) ?? this.create(name, parent.type, parent.contains);
    parent.submetrics.push({ tags, metric });
  }

  point(p: K6Point): void {
    const m = this.metrics.get(p.metric) ?? this.undeclared(p);
    add(m.sink, p.value, p.timeMs);
    for (const sub of m.submetrics) if (matches(p.tags, sub.tags)) add(sub.metric.sink, p.value, p.timeMs);
    if (p.timeMs < this.firstMs) this.firstMs = p.timeMs;
    if (p.timeMs > this.lastMs) this.lastMs = p.timeMs;
    if ((p.metric === 'iteration_duration' || p.metric === 'http_req_duration') && p.timeMs - p.value < this.earliestStartMs) {
      this.earliestStartMs = p.timeMs - p.value;
    }
    const scenario = p.tags.scenario;
    if (scenario !== undefined) this.scenarios.add(scenario);
    if (p.metric === 'checks' && p.tags.check !== undefined) this.checks.add(p.tags.group ?? '', p.tags.check, p.value !== 0);
    else if (p.tags.group !== undefined) this.checks.addGroup(p.tags.group);
  }

  /** Create a metric directly (used by merge). */
  create(name: string, type: MetricType, contains: MetricContains): StoredMetric {
    const m: StoredMetric = { name, type, contains, thresholds: [], sink: newSink(type, this.trendAccuracy), submetrics: [] };
    this.metrics.set(name, m);
    for (const w of this.wanted.get(name) ?? []) this.attach(m, w.name, w.tags);
    return m;
  }

  private undeclared(p: K6Point): StoredMetric {
    const decl = builtinDecl(p.metric) ?? { name: p.metric, type: 'trend', contains: 'default', thresholds: [], submetrics: [] };
    if (builtinDecl(p.metric) === undefined) {
      this.warn({ file: this.file, line: p.line, message: `point of metric "${p.metric}" without a Metric declaration; summarised as a trend` });
    }
    this.metric(decl);
    return this.metrics.get(p.metric)!;
  }
}

function add(sink: Sink, value: number, timeMs: Ms): void {
  if (sink.type === 'gauge') sink.add(value, timeMs);
  else sink.add(value);
}

function sameTags(a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]): boolean {
  if (a.length !== b.length) return false;
  const m = new Map(a);
  return b.every(([k, v]) => m.get(k) === v);
}

function matches(tags: Tags, want: readonly (readonly [string, string])[]): boolean {
  for (const [k, v] of want) if (tags[k] !== v) return false;
  return true;
}
