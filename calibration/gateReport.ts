import type { SloVerdict } from '../reports/slo.js';
import type { K6Summary } from './k6/summaryModel.js';

/** What a pull-request gate decided, and from what. */
export interface GateVerdict {
  readonly scenario: string;
  /** The simulated run's SLO verdicts. */
  readonly slos: readonly SloVerdict[];
  /** The k6 run's summary (thresholds decided over all runners), when one was given or run. */
  readonly k6?: K6Summary;
  /** Simulated p95 per operation (ms), for the comparison with k6's. */
  readonly predictedP95Ms: Readonly<Record<string, number>>;
  readonly pass: boolean;
}

/**
 * The gate's verdict as Markdown for a CI job summary or a pull-request comment: the simulated
 * SLOs, the k6 thresholds, and predicted versus measured p95 per operation when both exist.
 * @example gateMarkdown(verdict) // '## capsim gate: checkout-peak — ✅ pass\n...'
 */
export function gateMarkdown(v: GateVerdict): string {
  const lines = [`## capsim gate: ${v.scenario} — ${v.pass ? '✅ pass' : '❌ fail'}`, ''];
  lines.push('### Simulated SLOs', '');
  if (v.slos.length === 0) lines.push('The scenario declares no SLO.', '');
  else {
    lines.push('| scope | objective | target | predicted | margin | |', '|---|---|---:|---:|---:|---|');
    for (const s of v.slos) lines.push(`| ${s.scope} | ${s.objective} | ${fmt(s.target, s.unit)} | ${fmt(s.predicted, s.unit)} | ${pct(s.margin)} | ${s.pass ? '✅' : '❌'} |`);
    lines.push('');
  }
  lines.push('### k6 thresholds', '');
  if (v.k6 === undefined) lines.push('No k6 run (give `--base-url` to run the smoke test, or `--k6` with its results).', '');
  else {
    const rows = Object.entries(v.k6.metrics).flatMap(([name, m]) => Object.entries(m.thresholds ?? {}).map(([expr, crossed]) => `| \`${name}\` | \`${expr}\` | ${crossed ? '❌ crossed' : '✅'} |`));
    if (rows.length === 0) lines.push('The k6 run has no thresholds.', '');
    else lines.push('| metric | threshold | |', '|---|---|---|', rows.join('\n'), '');
  }
  const compared = Object.entries(v.predictedP95Ms).flatMap(([op, predicted]) => {
    const measured = v.k6?.metrics[`http_req_duration{name:${op}}`]?.values['p(95)'];
    return measured === undefined ? [] : [`| ${op} | ${predicted.toFixed(1)} ms | ${measured.toFixed(1)} ms | ${pct((predicted - measured) / measured)} |`];
  });
  if (compared.length > 0) lines.push('### Predicted vs measured p95', '', '| operation | simulated | k6 | difference |', '|---|---:|---:|---:|', compared.join('\n'), '');
  return lines.join('\n');
}

function fmt(x: number, unit: SloVerdict['unit']): string {
  return unit === 'ms' ? `${x.toFixed(1)} ms` : `${(x * 100).toFixed(2)} %`;
}

function pct(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+∞' : '−∞';
  return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %`;
}
