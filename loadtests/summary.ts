/**
 * The end-of-test summary for loadtests/payments.ts: the handleSummary argument (k6.md §3a) as
 * `summary.json`, which calibration reads, plus a small text summary on stdout. Written here
 * rather than imported from the jslib URL because the bundle must load offline (CI, k6-operator).
 */

/** The parts of k6's handleSummary argument the text summary reads. */
export interface SummaryData {
  metrics: Record<string, { type: string; contains?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  root_group?: { checks?: Array<{ name: string; passes: number; fails: number }> };
  state?: { testRunDurationMs?: number };
}

/**
 * One line per metric, sorted by name: counters as count and rate, rates as a percentage,
 * trends with their statistics (ms for time metrics), then ✓/✗ per threshold and per check.
 * @example textSummary({ metrics: { http_reqs: { type: 'counter', values: { count: 10, rate: 2 } } } })
 *   // 'capsim k6 summary\n  http_reqs ......... count=10 rate=2/s\n'
 */
export function textSummary(data: SummaryData): string {
  const lines = ['capsim k6 summary'];
  const duration = data.state?.testRunDurationMs;
  if (duration !== undefined) lines.push(`  test run duration: ${(duration / 1000).toFixed(1)} s`);
  for (const name of Object.keys(data.metrics).sort()) {
    const m = data.metrics[name];
    if (m === undefined) continue;
    lines.push(`  ${(name + ' ').padEnd(44, '.')} ${formatValues(m.type, m.contains, m.values)}`);
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) lines.push(`    ${t.ok ? '✓' : '✗'} ${expr}`);
  }
  for (const c of data.root_group?.checks ?? []) lines.push(`  ${c.fails === 0 ? '✓' : '✗'} check "${c.name}": ${c.passes} passed, ${c.fails} failed`);
  return lines.join('\n') + '\n';
}

function formatValues(type: string, contains: string | undefined, v: Record<string, number>): string {
  const num = (x: number | undefined): string => (x === undefined ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(3));
  switch (type) {
    case 'counter':
      return `count=${num(v['count'])} rate=${num(v['rate'])}/s`;
    case 'rate':
      return `${((v['rate'] ?? 0) * 100).toFixed(2)}% (${num(v['passes'])} of ${num((v['passes'] ?? 0) + (v['fails'] ?? 0))})`;
    case 'gauge':
      return `value=${num(v['value'])} min=${num(v['min'])} max=${num(v['max'])}`;
    default: {
      const unit = contains === 'time' ? 'ms' : '';
      return Object.entries(v).map(([k, x]) => `${k}=${num(x)}${unit}`).join(' ');
    }
  }
}
