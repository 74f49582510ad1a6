import type { ScenarioSpec } from '../scenarios/schema.js';
import { FieldProblem } from '../core/fieldProblem.js';
import { parseDurationMs } from '../sim/traffic/duration.js';
import type { ServiceMetricNames } from './serviceMetrics.js';
import { labelMatchers, promNumber } from './promql.js';

/**
 * Prometheus recording rules and multi-window, multi-burn-rate alerts for a scenario's `slo`
 * block, as the Google SRE workbook sets them out ("Alerting on SLOs", section 6): an alert fires
 * when the error budget burns `burnRate` times faster than it may, over a long window (so it
 * does not fire on a blip) and over a short one too (so it stops soon after the burn does).
 *
 * Each objective of the scenario is an SLI as "bad events / all events", recorded over every
 * window the alerts use:
 * - latency `p99: 300ms` of an operation: 2xx answers slower than 300 ms over 2xx answers, budget
 *   1 − 0.99 (the same answers `capsim run` checks its latency SLOs on);
 * - `errorRate: 0.001`: 5xx answers (errors and 503 rejections) over all answers, budget 0.001.
 * Pure: no I/O; the CLI writes the files.
 */

/** One SLO of the scenario as a ratio of bad events with an error budget. */
export interface SloObjective {
  /** Stable name, the `slo` label of its series and alerts: `authorize-latency-p99`, `error-rate`. */
  readonly slo: string;
  /** Operation name, or `overall` (no operation matcher). */
  readonly scope: string;
  readonly kind: 'latency' | 'errors';
  /** Share of events allowed to be bad (0.01 for a p99 objective). */
  readonly budget: number;
  /** Latency objectives: the threshold, seconds (a bucket bound of the histogram). */
  readonly thresholdSeconds?: number;
  /** `p99`... for latency objectives. */
  readonly percentile?: string;
  /** What it promises, for the alert's summary: `authorize p99 latency under 300ms`. */
  readonly description: string;
}

/** A burn-rate alert: the long and short windows and the budget burn rate they must both exceed. */
export interface BurnWindow {
  readonly long: string;
  readonly short: string;
  /** Multiple of the budget rate: 14.4 spends 2 % of a 30-day budget in one hour. */
  readonly burnRate: number;
  readonly severity: string;
}

/**
 * The workbook's two paging pairs (table 5-8): 2 % of a 30-day budget spent in 1 h (14.4x) checked
 * over 1 h and 5 m, and 5 % spent in 6 h (6x) checked over 6 h and 30 m.
 */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  { long: '1h', short: '5m', burnRate: 14.4, severity: 'page' },
  { long: '6h', short: '30m', burnRate: 6, severity: 'page' },
];

/** Every window a recording rule is needed for, shortest first. */
export const RECORDED_WINDOWS: readonly string[] = ['5m', '30m', '1h', '6h'];

/** The name of the recorded SLI over a window: `slo:sli_error:ratio_rate5m`. */
export function sliRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** A Prometheus rule as it appears in a rule file. */
export type Rule =
  | { record: string; expr: string; labels: Record<string, string> }
  | { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> };

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

const PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;

/**
 * The objectives of a scenario's `slo` block, checked against the service's metrics.
 * @throws FieldProblem at `slo...` when an objective has no matching series: an operation the
 *   service does not serve, or a latency threshold that is not a bucket bound of its histogram.
 */
export function sloObjectives(slo: ScenarioSpec['slo'], metrics: ServiceMetricNames): SloObjective[] {
  const out: SloObjective[] = [];
  for (const [scope, targets] of Object.entries(slo?.latency ?? {})) {
    if (scope !== 'overall' && metrics.operations !== null && !metrics.operations.includes(scope))
      throw new FieldProblem(['slo', 'latency', scope], `the service has no operation "${scope}" (its ${metrics.operationLabel} label values: ${metrics.operations.join(', ')}), so no series matches this SLO`);
    for (const p of PERCENTILES) {
      const text = targets[p];
      if (text === undefined) continue;
      const seconds = (parseDurationMs(text) as number) / 1000;
      if (metrics.bucketsSeconds !== null && !metrics.bucketsSeconds.includes(seconds))
        throw new FieldProblem(['slo', 'latency', scope, p], `${String(text)} is not a bucket bound of ${metrics.durationMetric} (le: ${metrics.bucketsSeconds.join(', ')} s), so no series counts the requests under it; expected one of them, or pass --buckets`);
      const quantile = Number(p.slice(1)) / 100;
      out.push({
        slo: `${slug(scope)}-latency-${p}`,
        scope,
        kind: 'latency',
        budget: round(1 - quantile),
        thresholdSeconds: seconds,
        percentile: p,
        description: `${scope === 'overall' ? 'all operations' : scope}: ${p} latency under ${String(text)}`,
      });
    }
  }
  if (slo?.errorRate !== undefined) {
    if (!(slo.errorRate > 0)) throw new FieldProblem(['slo', 'errorRate'], 'an error budget of 0 can never be met, so no burn rate exists; expected a rate > 0');
    out.push({ slo: 'error-rate', scope: 'overall', kind: 'errors', budget: slo.errorRate, description: `error rate under ${promNumber(slo.errorRate * 100)}%` });
  }
  if (out.length === 0) throw new FieldProblem(['slo'], 'expected an slo block with latency targets or an errorRate');
  return out;
}

/** The SLI of one objective over one window: a PromQL ratio of bad events over all events. */
export function sliExpr(o: SloObjective, m: ServiceMetricNames, window: string): string {
  const scope = o.scope === 'overall' ? [] : [[m.operationLabel, '=', o.scope] as const];
  if (o.kind === 'errors') {
    const bad = labelMatchers(m.selector, [...scope, [m.statusLabel, '=~', '5..']]);
    const all = labelMatchers(m.selector, scope);
    return `sum(rate(${m.requestsMetric}${bad}[${window}])) / sum(rate(${m.requestsMetric}${all}[${window}]))`;
  }
  const ok = [...scope, [m.statusLabel, '=~', '2..'] as const];
  const fast = labelMatchers(m.selector, [...ok, ['le', '=', promNumber(o.thresholdSeconds as number)]]);
  const all = labelMatchers(m.selector, ok);
  return `1 - sum(rate(${m.durationMetric}_bucket${fast}[${window}])) / sum(rate(${m.durationMetric}_count${all}[${window}]))`;
}

/**
 * Recording rules (every objective over every window), then burn-rate alerts (every objective,
 * every pair of windows), in one group named after the scenario.
 */
export function sloRuleGroups(scenario: string, objectives: readonly SloObjective[], m: ServiceMetricNames): RuleGroup[] {
  const recording: Rule[] = [];
  const alerts: Rule[] = [];
  for (const o of objectives) {
    const labels = { slo: o.slo, ...(o.scope !== 'overall' ? { [m.operationLabel]: o.scope } : {}) };
    for (const w of RECORDED_WINDOWS) recording.push({ record: sliRecord(w), expr: sliExpr(o, m, w), labels });
    for (const b of BURN_WINDOWS) {
      // Both sides carry the same labels, so `and` matches them one to one.
      const threshold = `(${promNumber(b.burnRate)} * ${promNumber(o.budget)})`;
      const sel = `{slo="${o.slo}"}`;
      alerts.push({
        alert: `${pascal(o.slo)}BudgetBurn`,
        expr: `${sliRecord(b.long)}${sel} > ${threshold}\nand\n${sliRecord(b.short)}${sel} > ${threshold}`,
        labels: { ...labels, severity: b.severity, long_window: b.long, short_window: b.short, burn_rate: promNumber(b.burnRate) },
        annotations: {
          summary: `${o.description}: error budget burning over ${promNumber(b.burnRate)}x (${b.long} and ${b.short} windows)`,
          description:
            `The SLO "${o.description}" (budget ${promNumber(o.budget * 100)}% bad events) has ${o.kind === 'latency' ? 'too many slow answers' : 'too many failed answers'}: ` +
            `{{ $value | humanizePercentage }} bad over the last ${b.long}, over ${promNumber(b.burnRate)}x the budget, and still over it in the last ${b.short}. ` +
            `capsim scenario: ${scenario}.`,
        },
      });
    }
  }
  // One group: a group's rules run in order at each evaluation, so every alert reads the SLIs
  // recorded at the same instant (across groups Prometheus gives no order, and an alert could
  // read the previous evaluation's SLI).
  return [{ name: `capsim-slo-${slug(scenario)}`, rules: [...recording, ...alerts] }];
}

/** A label-safe name: lower case letters, digits and dashes. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'slo';
}

/** `authorize-latency-p99` -> `AuthorizeLatencyP99`. */
function pascal(text: string): string {
  return text.split('-').map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('');
}

/** Budgets like 1 − 0.99 without float noise (0.010000000000000009). */
function round(x: number): number {
  return Number(x.toPrecision(12));
}
