import type { RunSummary } from '../sim/results.js';
import { recommend } from './advice.js';
import { keyFigures } from './figures.js';
import { hpaInactivity, inactivityHeadline } from './hpaActivity.js';
import { calibrationError, duration, ms, num, pct, sloValue } from './format.js';
import type { RunRecord } from './runRecord.js';
import type { SloVerdict } from './slo.js';

/** Replica and node changes listed in the Markdown report; the HTML report and events.json have every event. */
const MAX_EVENTS = 20;

/**
 * A Markdown report fit for a CI job summary or a pull-request comment, with the same verdicts,
 * key figures and recommendations as the HTML report. Deterministic text for a given record;
 * every piece of user text is escaped.
 */
export function runMarkdown(r: RunRecord): string {
  const lines: string[] = [`# Capacity run: ${escapeMd(r.name)}`, ''];
  const inactive = hpaInactivity(r.events, r.summary.durationSeconds);
  if (inactive !== null) lines.push(`**${escapeMd(inactivityHeadline(inactive))}.** Fix: ${escapeMd(inactive.fix)}`, '');
  for (const l of verdictLines(r.verdicts)) lines.push(l);
  lines.push('## Key figures', '', '| figure | value |', '|---|---|');
  for (const f of keyFigures(r)) lines.push(`| ${f.label} | ${f.value} |`);
  lines.push('');
  const recs = recommend(r);
  if (recs.length > 0) {
    lines.push('## Recommendations', '');
    for (const rec of recs) lines.push(`- **${rec.title}.** ${escapeMd(rec.text)}`);
    lines.push('');
  }
  lines.push('## Per operation (2xx latency)', '');
  lines.push('| operation | arrived | completed | error rate | p50 | p95 | p99 | max |', '|---|---|---|---|---|---|---|---|');
  for (const [name, o] of Object.entries(r.summary.perOperation))
    lines.push(`| ${escapeMd(name)} | ${o.arrived} | ${o.completed} | ${pct(o.errorRate)} | ${ms(o.latencyMs.p50)} | ${ms(o.latencyMs.p95)} | ${ms(o.latencyMs.p99)} | ${ms(o.latencyMs.max)} |`);
  lines.push('');
  const changes = r.events.filter((e) => e.from !== undefined && e.to !== undefined && e.from !== e.to);
  if (changes.length > 0) {
    lines.push('## Scaling events', '', '| time | source | reason | change | message |', '|---|---|---|---|---|');
    for (const e of changes.slice(0, MAX_EVENTS)) lines.push(`| ${duration(e.tMs / 1000)} | ${e.source} | ${escapeMd(e.reason)} | ${e.from} → ${e.to} | ${escapeMd(e.message)} |`);
    if (changes.length > MAX_EVENTS) lines.push('', `_${changes.length - MAX_EVENTS} more changes; every event is in events.json and the HTML report._`);
    lines.push('');
  }
  if (r.calibration !== undefined && r.calibration.rows.length > 0) {
    lines.push('## Calibration: measured vs predicted', '', '| scope | metric | measured | predicted | relative error |', '|---|---|---|---|---|');
    for (const c of r.calibration.rows) lines.push(`| ${escapeMd(c.scope)} | ${escapeMd(c.metric)} | ${num(c.measured)} | ${num(c.predicted)} | ${calibrationError(c.relativeError, c.absoluteError)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The verdict headline and the SLO table (per operation and overall). */
export function verdictLines(verdicts: readonly SloVerdict[]): string[] {
  const missed = verdicts.filter((v) => !v.pass).length;
  const lines = [verdicts.length === 0 ? '_No SLOs given in the scenario._' : missed === 0 ? '**SLOs: all met.**' : `**SLOs: ${missed} of ${verdicts.length} missed.**`, ''];
  if (verdicts.length > 0) {
    lines.push('| scope | objective | target | predicted | verdict |', '|---|---|---|---|---|');
    for (const v of verdicts) lines.push(`| ${escapeMd(v.scope)} | ${v.objective} | ${sloValue(v.target, v.unit)} | ${sloValue(v.predicted, v.unit)} | ${v.pass ? 'pass' : '**FAIL**'} |`);
    lines.push('');
  }
  return lines;
}

/**
 * The report of a summary alone (no time series or configuration): kept for callers that have
 * no record; prefer `runMarkdown(recordFromRun(run))`.
 */
export function markdownReport(summary: RunSummary, verdicts: readonly SloVerdict[]): string {
  return runMarkdown({ name: summary.scenario, label: summary.scenario, summary, verdicts: [...verdicts], series: { intervalSeconds: 0, tSeconds: [], columns: {} }, operationSeries: null, events: [], scenarioText: null, manifests: [], setup: null, targetSearch: null });
}

/**
 * Escape user text so it cannot break a table, start markup, a link, an HTML tag or an entity
 * (GitHub renders some HTML in comments).
 * @example escapeMd('<script>|x') // '\\<script\\>\\|x'
 */
export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}\[\]<>()#+!|~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
