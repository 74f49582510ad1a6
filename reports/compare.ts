import { RUN_COLORS, barChartOption, points, timeAxis, timeChartOption } from './chartKit.js';
import { escapeHtml } from './escape.js';
import { keyFigures } from './figures.js';
import { sloValue } from './format.js';
import { htmlFigures, htmlNav, htmlPage, htmlTable } from './htmlPage.js';
import { escapeMd } from './markdown.js';
import type { ReportChart } from './runCharts.js';
import type { RunRecord } from './runRecord.js';
import { column } from './seriesTable.js';

/**
 * Several runs side by side: a table of key figures and SLO verdicts per run, and overlaid charts
 * of replicas, p99 latency and cost. Runs appear in the order given, labelled by `label`
 * (made unique with #2, #3... when two runs share one). Deterministic; user text escaped.
 * @throws Error when given fewer than one run.
 */
export function compareHtml(runs: readonly RunRecord[]): string {
  const rs = uniqueLabels(runs);
  const head = ['', ...rs.map((r) => r.label)];
  const body = [
    `<header>\n<h1>Capacity comparison: ${rs.map((r) => escapeHtml(r.label)).join(' vs ')}</h1>`,
    `<p class="meta">${rs.length} runs simulated by capsim; scenarios: ${[...new Set(rs.map((r) => r.name))].map(escapeHtml).join(', ')}.</p>\n</header>`,
    htmlNav([['verdicts', 'SLO verdicts'], ['figures', 'Key figures'], ['charts', 'Charts']]),
    `<section id="verdicts">\n<h2>SLO verdicts</h2>\n${htmlTable(head, verdictRows(rs).map((row) => [escapeHtml(row.key), ...row.cells.map((c) => (c === null ? '—' : { html: escapeHtml(c.text), cls: c.pass ? 'pass' : 'fail' }))]))}\n</section>`,
    `<section id="figures">\n<h2>Key figures</h2>\n${htmlTable(head, figureRows(rs).map((row) => [escapeHtml(row.label), ...row.values.map((v) => escapeHtml(v))]))}\n</section>`,
    `<section id="charts">\n<h2>Charts</h2>\n${htmlFigures(compareCharts(rs))}\n</section>`,
  ];
  return htmlPage(`capsim comparison: ${rs.map((r) => r.label).join(' vs ')}`, body.join('\n'));
}

/** The same comparison as Markdown tables, for a CI job summary or a pull-request comment. */
export function compareMarkdown(runs: readonly RunRecord[]): string {
  const rs = uniqueLabels(runs);
  const header = (first: string) => [`| ${first} | ${rs.map((r) => escapeMd(r.label)).join(' | ')} |`, `|---|${rs.map(() => '---|').join('')}`];
  const lines = [`# Capacity comparison: ${rs.map((r) => escapeMd(r.label)).join(' vs ')}`, '', '## SLO verdicts', ''];
  for (const l of header('objective')) lines.push(l);
  for (const row of verdictRows(rs)) lines.push(`| ${escapeMd(row.key)} | ${row.cells.map((c) => (c === null ? '—' : `${c.pass ? '' : '**FAIL** '}${c.text}`)).join(' | ')} |`);
  for (const l of ['', '## Key figures', '', ...header('figure')]) lines.push(l);
  for (const row of figureRows(rs)) lines.push(`| ${row.label} | ${row.values.join(' | ')} |`);
  lines.push('');
  return lines.join('\n');
}

interface VerdictRow {
  key: string;
  cells: Array<{ text: string; pass: boolean } | null>;
}

/** One row per (scope, objective) found in any run; a run without it shows a dash. */
function verdictRows(rs: readonly RunRecord[]): VerdictRow[] {
  const keys: string[] = [];
  for (const r of rs) for (const v of r.verdicts) if (!keys.includes(`${v.scope} ${v.objective}`)) keys.push(`${v.scope} ${v.objective}`);
  return keys.map((key) => ({
    key,
    cells: rs.map((r) => {
      const v = r.verdicts.find((x) => `${x.scope} ${x.objective}` === key);
      return v === undefined ? null : { text: `${sloValue(v.predicted, v.unit)} (target ${sloValue(v.target, v.unit)})`, pass: v.pass };
    }),
  }));
}

function figureRows(rs: readonly RunRecord[]): Array<{ label: string; values: string[] }> {
  const all = rs.map(keyFigures);
  return (all[0] ?? []).map((f) => ({ label: f.label, values: all.map((fs) => fs.find((x) => x.id === f.id)?.value ?? '—') }));
}

/** Ready replicas and p99 latency overlaid (one colour per run), and the total cost per run. */
export function compareCharts(rs: readonly RunRecord[]): ReportChart[] {
  const longest = rs.reduce((a, r) => (r.series.tSeconds.length > a.length ? r.series.tSeconds : a), [] as number[]);
  const ax = timeAxis(longest);
  const color = (i: number) => RUN_COLORS[i % RUN_COLORS.length] as string;
  const overlay = (c: 'readyReplicas' | 'latencyP99Ms') =>
    rs.map((r, i) => {
      const done = column(r.series, 'completed');
      const y = column(r.series, c).map((v, k) => (c === 'latencyP99Ms' && !((done[k] as number) > 0) ? NaN : v));
      return { name: r.label, color: color(i), points: points(r.series.tSeconds, y, ax.scale), step: c === 'readyReplicas' };
    });
  return [
    { id: 'replicas', caption: 'Ready replicas of each run over time.', option: timeChartOption({ title: 'Ready replicas', yName: 'pods', xName: ax.name, lines: overlay('readyReplicas') }) },
    { id: 'latency-p99', caption: 'p99 latency of 2xx answers over all operations, per interval, for each run.', option: timeChartOption({ title: 'Latency p99', yName: 'latency p99 (ms)', xName: ax.name, lines: overlay('latencyP99Ms') }) },
    {
      id: 'cost',
      caption: 'Total cost of each run over the traffic window, in the scenario\'s currency: node-hours × node price when nodes are modelled, else pod requests priced per core-hour and GiB-hour.',
      option: barChartOption('Cost per run', 'cost (currency units)', rs.map((r) => r.label), [{ name: 'total cost', color: RUN_COLORS[0] as string, values: rs.map((r) => round2(r.summary.cost.total)), colors: rs.map((_r, i) => color(i)) }]),
    },
  ];
}

function uniqueLabels(runs: readonly RunRecord[]): RunRecord[] {
  if (runs.length === 0) throw new Error('compare: expected at least one run');
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return n === 1 ? r : { ...r, label: `${r.label} #${n}` };
  });
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
