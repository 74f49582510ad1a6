import type { RunSummary } from '../sim/results.js';
import type { SloVerdict } from './slo.js';

/**
 * A Markdown report fit for a CI job summary or a pull-request comment: verdicts first, then
 * the key figures and the per-operation table. Deterministic text for a given run.
 */
export function markdownReport(summary: RunSummary, verdicts: readonly SloVerdict[]): string {
  const lines: string[] = [];
  const allPass = verdicts.every((v) => v.pass);
  lines.push(`# Capacity run: ${escapeMd(summary.scenario)}`, '');
  lines.push(
    verdicts.length === 0 ? '_No SLOs given in the scenario._' : allPass ? '**SLOs: all met.**' : `**SLOs: ${verdicts.filter((v) => !v.pass).length} of ${verdicts.length} missed.**`,
    '',
  );
  if (verdicts.length > 0) {
    lines.push('| scope | objective | target | predicted | verdict |', '|---|---|---|---|---|');
    for (const v of verdicts) lines.push(`| ${escapeMd(v.scope)} | ${v.objective} | ${fmt(v.target, v.unit)} | ${fmt(v.predicted, v.unit)} | ${v.pass ? 'pass' : '**FAIL**'} |`);
    lines.push('');
  }
  const r = summary.requests;
  lines.push('## Key figures', '');
  lines.push('| figure | value |', '|---|---|');
  lines.push(`| duration | ${num(summary.durationSeconds)} s (seed ${summary.seed}) |`);
  lines.push(`| requests arrived (retries) | ${r.arrived} (${r.retries}) |`);
  lines.push(`| completed / rejected / errors / timed out | ${r.completed} / ${r.rejected} / ${r.errors} / ${r.timedOut} |`);
  lines.push(`| error rate | ${pct(summary.errorRate)} |`);
  lines.push(`| latency p50 / p95 / p99 / max (2xx) | ${ms(summary.latencyMs.p50)} / ${ms(summary.latencyMs.p95)} / ${ms(summary.latencyMs.p99)} / ${ms(summary.latencyMs.max)} |`);
  lines.push(`| queue wait mean / p99, P(wait) | ${ms(summary.queueWaitMs.mean)} / ${ms(summary.queueWaitMs.p99)}, ${pct(summary.waitProbability)} |`);
  lines.push(`| ready replicas min / mean / max | ${summary.replicas.min} / ${num(summary.replicas.mean)} / ${summary.replicas.max} |`);
  lines.push(`| pod-hours | ${num(summary.podHours)} |`);
  lines.push(`| CPU utilisation of requests (mean) | ${pct(summary.cpuUtilization.mean)} |`);
  lines.push(`| cost (pods) | ${num(summary.cost.total)} (${num(summary.cost.perHour)} per hour) |`);
  lines.push('');
  lines.push('## Per operation (2xx latency)', '');
  lines.push('| operation | arrived | completed | error rate | p50 | p95 | p99 | max |', '|---|---|---|---|---|---|---|---|');
  for (const [name, o] of Object.entries(summary.perOperation))
    lines.push(`| ${escapeMd(name)} | ${o.arrived} | ${o.completed} | ${pct(o.errorRate)} | ${ms(o.latencyMs.p50)} | ${ms(o.latencyMs.p95)} | ${ms(o.latencyMs.p99)} | ${ms(o.latencyMs.max)} |`);
  lines.push('');
  return lines.join('\n');
}

/** Escape text from users so it cannot break the table or inject markup. */
export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}\[\]<>()#+!|]/g, (c) => `\\${c}`);
}

function fmt(v: number, unit: 'ms' | 'ratio'): string {
  return unit === 'ms' ? ms(v) : pct(v);
}
function ms(v: number): string {
  return `${num(v)} ms`;
}
function pct(v: number): string {
  return `${(v * 100).toFixed(v < 0.01 && v > 0 ? 3 : 2)}%`;
}
function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
