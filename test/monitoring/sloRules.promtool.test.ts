import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { scenarioNames } from '../../scenarios/library/index.js';
import { resolveScenario } from '../../input/resolveScenario.js';
import { referenceServiceMetrics } from '../../monitoring/serviceMetrics.js';
import { sloRuleFiles } from '../../monitoring/sloCommand.js';
import type { SloObjective } from '../../monitoring/sloRules.js';
import { promtool, runTool } from '../support/tools.js';

/**
 * The generated SLO rules, run by Prometheus' own rule unit tester (`promtool test rules`) on
 * synthetic series: one sample a minute, 100,000 requests a minute, 6 h healthy, then a burn.
 * Expected times follow from the windows: a burn of k x the budget that started d minutes ago
 * makes the 1 h window read k·d/60 x the budget. Checks sit at least one minute away from a
 * crossing, so they hold whether a range includes its left edge (Prometheus 2) or not (3).
 */

const PER_MINUTE = 100_000;
const HEALTHY_MIN = 360;
const dir = mkdtempSync(join(tmpdir(), 'capsim-slo-promtool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Counter samples, one a minute from 0: each segment adds `perMinute` for `minutes` minutes. */
function counterSamples(segments: ReadonlyArray<readonly [minutes: number, perMinute: number]>): number[] {
  const values = [0];
  for (const [minutes, perMinute] of segments) for (let i = 0; i < minutes; i++) values.push((values.at(-1) as number) + perMinute);
  return values;
}

function counter(segments: ReadonlyArray<readonly [minutes: number, perMinute: number]>): string {
  return counterSamples(segments).join(' ');
}

/**
 * The bad ratio over the `windowMin` minutes before minute `t`, as rate() computes it from these
 * samples in Prometheus 2 (a range includes its left edge, and extrapolation cancels in the ratio).
 */
function windowRatio(phases: Phases, t: number, windowMin: number): number {
  const bad = counterSamples(phases.map(([m, r]) => [m, Math.round(r * PER_MINUTE)] as const));
  const all = counterSamples(phases.map(([m]) => [m, PER_MINUTE] as const));
  const from = Math.max(0, t - windowMin);
  return ((bad[t] as number) - (bad[from] as number)) / ((all[t] as number) - (all[from] as number));
}

/** Go's `humanizePercentage` (`%.4g%%` of v·100) for the values these tests produce. */
function humanizePercentage(v: number): string {
  return `${Number((v * 100).toPrecision(4))}%`;
}

type Phases = ReadonlyArray<readonly [minutes: number, badRatio: number]>;

/** The series of one objective for a timeline of [minutes, bad ratio] phases. */
function inputSeries(o: SloObjective, phases: Phases) {
  const bad = phases.map(([m, r]) => [m, Math.round(r * PER_MINUTE)] as const);
  const good = phases.map(([m, r]) => [m, PER_MINUTE - Math.round(r * PER_MINUTE)] as const);
  const all = phases.map(([m]) => [m, PER_MINUTE] as const);
  const op = o.scope === 'overall' ? 'authorize' : o.scope;
  if (o.kind === 'errors')
    return [
      { series: `http_requests_total{job="payment-service",op="${op}",status="200"}`, values: counter(good) },
      { series: `http_requests_total{job="payment-service",op="${op}",status="503"}`, values: counter(bad) },
    ];
  const le = String(o.thresholdSeconds);
  return [
    { series: `http_request_duration_seconds_bucket{job="payment-service",op="${op}",status="200",le="${le}"}`, values: counter(good) },
    { series: `http_request_duration_seconds_bucket{job="payment-service",op="${op}",status="200",le="+Inf"}`, values: counter(all) },
    { series: `http_request_duration_seconds_count{job="payment-service",op="${op}",status="200"}`, values: counter(all) },
  ];
}

type Pair = 'fast' | 'slow';
const PAIRS: Record<Pair, { long: string; short: string; burn: string }> = { fast: { long: '1h', short: '5m', burn: '14.4' }, slow: { long: '6h', short: '30m', burn: '6' } };

type Rules = Array<{ alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }>;

/** The expected firing alerts of one objective at minute t of a timeline. */
function expected(o: SloObjective, rules: Rules, phases: Phases, t: number, firing: readonly Pair[]) {
  return firing.map((pair) => {
    const w = PAIRS[pair];
    const rule = rules.find((r) => r.alert !== undefined && r.labels?.slo === o.slo && r.labels?.long_window === w.long);
    if (rule === undefined) throw new Error(`no ${w.long}/${w.short} alert for ${o.slo}`);
    // The alert's $value is its expression's left operand: the long window's ratio.
    const value = humanizePercentage(windowRatio(phases, t, w.long === '1h' ? 60 : 360));
    return { exp_labels: rule.labels, exp_annotations: { ...rule.annotations, description: (rule.annotations?.description ?? '').replace('{{ $value | humanizePercentage }}', value) } };
  });
}

/**
 * One promtool test group: every objective's series follow the same timeline (budget multiples
 * scaled to each objective's budget), and each check lists the alerts that must be firing.
 */
function timelineTest(name: string, objectives: readonly SloObjective[], rules: Rules, phasesOf: (budget: number) => Phases, checks: ReadonlyArray<readonly [minutesAfterHealthy: number, firing: Pair[]]>) {
  return {
    name,
    interval: '1m',
    input_series: objectives.flatMap((o) => inputSeries(o, phasesOf(o.budget))),
    alert_rule_test: objectives.flatMap((o) =>
      checks.map(([m, firing]) => ({ eval_time: `${HEALTHY_MIN + m}m`, alertname: alertName(rules, o), exp_alerts: expected(o, rules, phasesOf(o.budget), HEALTHY_MIN + m, firing) })),
    ),
  };
}

/** The three timelines: a sustained burn, a burn that stops, a short spike. */
function sloTests(objectives: readonly SloObjective[], rules: Rules) {
  return [
    timelineTest(
      'a burn at 15x the budget pages once the last hour averages over 14.4x (and the last 5 minutes), then the 6h/30m pair once the last 6 hours average over 6x',
      objectives, rules, (b) => [[HEALTHY_MIN, 0], [150, 15 * b]],
      [[56, []], [58, ['fast']], [140, ['fast']], [146, ['fast', 'slow']]],
    ),
    timelineTest(
      'the page stops 5 minutes after a 30x burn ends, while the last hour still averages over 14.4x',
      objectives, rules, (b) => [[HEALTHY_MIN, 0], [70, 30 * b], [30, 0]],
      [[70, ['fast']], [77, []]],
    ),
    timelineTest(
      'a 5-minute spike at 100x the budget (capped at all requests) fires nothing: the long windows stay under their thresholds',
      objectives, rules, (b) => [[HEALTHY_MIN, 0], [5, Math.min(1, 100 * b)], [60, 0]],
      [[5, []], [10, []], [30, []]],
    ),
  ];
}

function alertName(rules: Rules, o: SloObjective): string {
  return rules.find((r) => r.alert !== undefined && r.labels?.slo === o.slo)?.alert as string;
}

describe.skipIf(promtool === null)(`generated SLO rules under promtool (${promtool?.version ?? 'missing'})`, () => {
  it.each(scenarioNames())('%s: promtool check rules accepts the rule file, and its unit tests pass', (name) => {
    const scenarioDir = mkdtempSync(join(dir, `${name}-`));
    const { objectives, files } = sloRuleFiles(resolveScenario(name), referenceServiceMetrics, `capsim slo rules ${name}`);
    writeFileSync(join(scenarioDir, 'rules.yaml'), files['rules.yaml'] as string);
    const check = runTool(promtool!, ['check', 'rules', join(scenarioDir, 'rules.yaml')]);
    expect(check.stdout + check.stderr).toContain('SUCCESS');
    expect(check.status).toBe(0);

    const rules = (parse(readFileSync(join(scenarioDir, 'rules.yaml'), 'utf8')) as { groups: Array<{ rules: Rules }> }).groups.flatMap((g) => g.rules);
    // Objectives whose budget a 30x burn cannot exceed (p50, p90) cannot page at all: none in the library.
    const testable = objectives.filter((o) => 30 * o.budget <= 1);
    expect(testable).toEqual(objectives);
    const tests = { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: sloTests(testable, rules) };
    writeFileSync(join(scenarioDir, 'tests.yaml'), stringify(tests, { lineWidth: 0, aliasDuplicateObjects: false }));
    const run = runTool(promtool!, ['test', 'rules', 'tests.yaml'], { cwd: scenarioDir });
    expect(run.stdout + run.stderr).toContain('SUCCESS');
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
