import type { Ms } from '../../sim/units.js';
import type { MetricContains, MetricType } from './samples.js';
import type { SummaryGroup } from './groups.js';

/** One metric of a summary. Rate metrics keep their share under `rate` (not `value`). */
export interface SummaryMetric {
  readonly type: MetricType;
  /** Absent when read from `--summary-export`, which does not carry it. */
  readonly contains?: MetricContains;
  /** counter: count, rate; gauge: value, min, max; rate: rate, passes, fails; trend: the trend stats. */
  readonly values: Readonly<Record<string, number>>;
  /** Threshold expression -> true when crossed (failed), as `--summary-export` writes it. */
  readonly thresholds?: Readonly<Record<string, boolean>>;
}

/** The normalised end-of-test summary, whichever file it came from. */
export interface K6Summary {
  /** Keyed by metric name, sub-metrics as `name{tag:value}`. */
  readonly metrics: Readonly<Record<string, SummaryMetric>>;
  readonly rootGroup: SummaryGroup;
  /** Known from handleSummary JSON, or the duration used to compute counter rates. */
  readonly testRunDurationMs?: Ms;
  readonly trendStats?: readonly string[];
  readonly setupData?: unknown;
}

/** The `--summary-export` JSON shape (legacy flat). */
export interface SummaryExport {
  readonly root_group: LegacyGroup;
  readonly metrics: Record<string, Record<string, number | Record<string, boolean>>>;
  readonly setup_data?: unknown;
}

interface LegacyGroup {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: Record<string, LegacyGroup>;
  readonly checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

/**
 * Render a summary in k6's `--summary-export` shape (js/summary-wrapper.js `oldJSONSummary`):
 * each metric becomes its values, a rate's `rate` is renamed `value`, thresholds go inside
 * as crossed-booleans, groups and checks are keyed by name. Metric keys are sorted.
 * @example JSON.stringify(toSummaryExport(s), null, 4)
 */
export function toSummaryExport(s: K6Summary): SummaryExport {
  const metrics: SummaryExport['metrics'] = {};
  for (const name of Object.keys(s.metrics).sort()) {
    const m = s.metrics[name]!;
    const values: Record<string, number | Record<string, boolean>> = {};
    for (const [k, v] of Object.entries(m.values)) values[m.type === 'rate' && k === 'rate' ? 'value' : k] = v;
    if (m.thresholds !== undefined && Object.keys(m.thresholds).length > 0) values.thresholds = { ...m.thresholds };
    metrics[name] = values;
  }
  const out: SummaryExport = { root_group: legacyGroup(s.rootGroup), metrics };
  return s.setupData !== undefined ? { ...out, setup_data: s.setupData } : out;
}

function legacyGroup(g: SummaryGroup): LegacyGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((c) => [c.name, legacyGroup(c)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  };
}
