import type { K6Summary, SummaryMetric } from './summaryModel.js';

const NAME_WIDTH = 44;

/**
 * A readable table in the spirit of k6's end-of-test text summary: one line per metric,
 * sorted by name; time trends in ms, rates as a percentage with passes/fails, counters with
 * their per-second rate; ✓/✗ before a metric whose thresholds all passed / any crossed, and
 * under it one line per threshold.
 * @example formatSummaryText(summary) // "http_reqs ......: 61  15.16/s\n..."
 */
export function formatSummaryText(s: K6Summary): string {
  const lines: string[] = [];
  if (s.testRunDurationMs !== undefined) lines.push(`test run duration: ${(s.testRunDurationMs / 1000).toFixed(3)} s`, '');
  for (const name of Object.keys(s.metrics).sort()) {
    const m = s.metrics[name]!;
    const mark = m.thresholds === undefined ? ' ' : Object.values(m.thresholds).some((c) => c) ? '✗' : '✓';
    lines.push(`${mark} ${`${name} `.padEnd(NAME_WIDTH, '.')}: ${describe(m)}`);
    for (const [expr, crossed] of Object.entries(m.thresholds ?? {})) lines.push(`    ${crossed ? '✗' : '✓'} ${expr}`);
  }
  return lines.join('\n') + '\n';
}

function describe(m: SummaryMetric): string {
  const v = m.values;
  const unit = m.contains === 'time' ? 'ms' : m.contains === 'data' ? ' B' : '';
  switch (m.type) {
    case 'counter':
      return `${num(v.count)}${unit}  ${num(v.rate)}${unit}/s`;
    case 'rate':
      return `${num((v.rate ?? 0) * 100)}%  ${num(v.passes)} of ${num((v.passes ?? 0) + (v.fails ?? 0))} non-zero`;
    case 'gauge':
      return `${num(v.value)}  min=${num(v.min)} max=${num(v.max)}`;
    case 'trend':
      return Object.entries(v).map(([k, x]) => `${k}=${num(x)}${k === 'count' ? '' : unit}`).join(' ');
  }
}

function num(x: number | undefined): string {
  if (x === undefined) return '-';
  if (!Number.isFinite(x)) return String(x);
  return Number.isInteger(x) ? String(x) : x.toFixed(Math.abs(x) >= 100 ? 2 : 4).replace(/\.?0+$/, '');
}
