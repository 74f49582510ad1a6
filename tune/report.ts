import { stringify } from 'csv-stringify/sync';
import type { EChartsCoreOption } from 'echarts';
import { chartSvg } from '../reports/chartSvg.js';
import { escapeHtml } from '../reports/escape.js';
import { money, num, pct } from '../reports/format.js';
import { htmlPage, htmlTable } from '../reports/htmlPage.js';
import type { Evaluation } from './evaluation.js';
import { currentIsBetter, type TuneResults } from './results.js';

const SVG_SIZE = { width: 960, height: 420 } as const;

/** The files of a tuning run folder. `manifest` is the best HPA's YAML, when there is a best. */
export function tuneFiles(r: TuneResults, manifest: string | null): Record<string, string> {
  const svg = paretoSvg(r);
  return {
    'results.json': JSON.stringify(r, null, 1) + '\n',
    'evaluations.csv': evaluationsCsv(r),
    'report.md': tuneMarkdown(r),
    'pareto.svg': svg,
    'tune.html': tuneHtml(r, svg, manifest),
    ...(manifest !== null ? { 'hpa.yaml': manifest } : {}),
  };
}

/** One CSV row per evaluation (the user's HPA first, index -1), parameters flattened. */
export function evaluationsCsv(r: TuneResults): string {
  const head = ['index', 'id', 'origin', 'seeds', 'feasible', 'objective', 'pod_hours', 'cost', 'worst_margin', 'violation', 'target_utilization', 'min_replicas', 'max_replicas',
    'up_window_s', 'up_pods', 'up_percent', 'up_period_s', 'up_select', 'down_window_s', 'down_pods', 'down_percent', 'down_period_s', 'down_select', 'violated'];
  const rows = [r.current, ...r.evaluations].map((e) => {
    const p = e.params;
    const rule = (x: NonNullable<typeof p>['scaleUp'] | undefined) => (x ? [x.stabilizationWindowSeconds, x.pods, x.percent, x.periodSeconds, x.selectPolicy] : ['', '', '', '', '']);
    return [e.index, e.id, e.origin, e.seeds, String(e.feasible), e.objective, e.podHours, e.cost, e.worstMargin ?? '', e.violation, p?.targetUtilization ?? '', p?.minReplicas ?? '', p?.maxReplicas ?? '',
      ...rule(p?.scaleUp), ...rule(p?.scaleDown), e.violated.join('; ')];
  });
  return stringify([head, ...rows]);
}

/** A short readable description of an evaluation's HPA. */
export function describe(e: Evaluation): string {
  const p = e.params;
  if (p === null) return e.origin === 'current' ? 'current HPA' : e.id;
  const rule = (x: typeof p.scaleUp) => `${x.selectPolicy}(${x.pods} pods, ${x.percent}%)/${x.periodSeconds}s, window ${x.stabilizationWindowSeconds}s`;
  return `target ${p.targetUtilization}%, replicas ${p.minReplicas}-${p.maxReplicas}; up ${rule(p.scaleUp)}; down ${rule(p.scaleDown)}`;
}

/** The objective with its unit: `pod-hours`, or `cost (EUR)`. */
function objectiveLabel(r: TuneResults): string {
  return r.meta.objective === 'cost' ? `cost (${r.meta.currency})` : r.meta.objective;
}

/** Rows comparing the user's HPA with the best: [figure, current, best]. */
export function comparisonRows(r: TuneResults): string[][] {
  const b = r.best;
  const cell = (f: (e: Evaluation) => string) => [f(r.current), b ? f(b) : 'n/a'];
  const margin = (e: Evaluation) => (e.worstMargin === null ? 'n/a' : pct(e.worstMargin));
  return [
    [`objective (${objectiveLabel(r)})`, ...cell((e) => num(e.objective))],
    ['pod-hours', ...cell((e) => num(e.podHours))],
    ['cost', ...cell((e) => money(e.cost, r.meta.currency))],
    ['worst SLO margin', ...cell(margin)],
    ['every SLO met', ...cell((e) => (e.feasible ? 'yes' : `no (${e.violated.length} missed)`))],
    // The current HPA stops at the first seed on which it misses an SLO (tune/search.ts walkCurrent).
    ['seeds simulated', ...cell((e) => `${e.seeds} of ${r.meta.seeds}`)],
  ];
}

/**
 * The screening model's error on the candidates the full simulation confirmed: [id, objective
 * screening / full (relative error), worst margin screening / full, SLOs met screening / full].
 */
export function screeningRows(r: TuneResults): string[][] {
  const m = (v: number | null) => (v === null ? 'n/a' : pct(v));
  const yes = (b: boolean | null) => (b === null ? 'n/a' : b ? 'yes' : 'no');
  return (r.screening?.rows ?? []).map((x) => {
    const full = x.objective.full;
    const stopped = x.seeds < r.meta.seeds ? ` (stopped after ${x.seeds} of ${r.meta.seeds} seeds: ${x.feasible.full === false ? 'an SLO missed' : 'cannot beat the best'})` : '';
    return [
      x.id,
      `${num(x.objective.screen)} / ${full === null ? 'n/a' : `${num(full)} (${full !== 0 ? pct((x.objective.screen - full) / full) : 'n/a'})`}${stopped}`,
      `${m(x.worstMargin.screen)} / ${m(x.worstMargin.full)}`,
      `${yes(x.feasible.screen)} / ${yes(x.feasible.full)}`,
    ];
  });
}

/** One sentence on the screening model's error, or null without a screening rung. */
export function screeningSummary(r: TuneResults): string | null {
  const s = r.screening;
  if (s === null) return null;
  const rows = s.rows;
  const rel = rows.flatMap((x) => (x.objective.full !== null && x.objective.full !== 0 ? [Math.abs((x.objective.screen - x.objective.full) / x.objective.full)] : [])).sort((a, b) => a - b);
  const dm = rows.filter((x) => x.worstMargin.screen !== null && x.worstMargin.full !== null).map((x) => Math.abs((x.worstMargin.screen as number) - (x.worstMargin.full as number))).sort((a, b) => a - b);
  const judged = rows.filter((x) => x.feasible.full !== null);
  const agree = judged.filter((x) => x.feasible.screen === x.feasible.full).length;
  const complete = rows.filter((x) => x.seeds === r.meta.seeds).length;
  const med = (v: number[]) => (v.length === 0 ? NaN : (v[Math.floor((v.length - 1) / 2)] as number));
  return `Screening model (queueing approximation) on ${s.screened} candidates; ${rows.length} simulated in full (${complete} on every seed): ${r.meta.objective} within ${pct(med(rel))} (median) and ${pct(rel.at(-1) ?? NaN)} (worst), worst SLO margin within ${pct(med(dm))} (median) and ${pct(dm.at(-1) ?? NaN)} (worst) points, SLO verdict agreed on ${agree} of ${judged.length}.`;
}

/** The screening error as plain text for the terminal: the summary sentence and an aligned table. */
export function screeningTable(r: TuneResults): string {
  const head = ['id', `${objectiveLabel(r)}: screening / full (error)`, 'worst margin: screening / full', 'SLOs met: screening / full'];
  const rows = [head, ...screeningRows(r)];
  const widths = head.map((_, i) => rows.reduce((w, row) => Math.max(w, (row[i] ?? '').length), 0));
  return [screeningSummary(r) ?? '', ...rows.map((row) => row.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd())].join('\n') + '\n';
}

/** Pareto rows: [id, objective, worst margin, feasible, settings]. */
export function paretoRows(r: TuneResults): string[][] {
  const byId = new Map(r.evaluations.map((e) => [e.id, e]));
  return r.pareto.map((id) => byId.get(id) as Evaluation).map((e) => [e.id, num(e.objective), pct(e.worstMargin ?? 0), e.feasible ? 'yes' : 'no', describe(e)]);
}

function tuneMarkdown(r: TuneResults): string {
  const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((x) => `| ${x.join(' | ')} |`)].join('\n');
  return [
    `# capsim tune: ${r.meta.hpa.name}`,
    '',
    `${headline(r)}`,
    '',
    `Scenarios: ${r.meta.scenarios.join(', ')}; ${r.meta.seeds} seed(s) each; ${r.evaluations.length} configuration${r.evaluations.length === 1 ? '' : 's'} evaluated (${r.meta.mode} search, seed ${r.meta.seed}).${r.partial ? ' **Partial: interrupted.**' : ''}`,
    '',
    '## Current HPA vs best found',
    '',
    table(['', 'current', 'best'], comparisonRows(r)),
    '',
    '## Pareto front: cost vs worst-case SLO margin',
    '',
    table(['id', objectiveLabel(r), 'worst margin', 'SLOs met', 'settings'], paretoRows(r)),
    '',
    ...(r.screening === null ? [] : ['## Screening model against the full simulation', '', screeningSummary(r) as string, '', table(['id', `${objectiveLabel(r)}: screening / full (error)`, 'worst margin: screening / full', 'SLOs met: screening / full'], screeningRows(r)), '']),
  ].join('\n');
}

function headline(r: TuneResults): string {
  if (r.best === null) return 'No configuration was fully evaluated.';
  if (currentIsBetter(r)) return `Keep the current HPA: none of the configurations evaluated beats it (best found: ${r.best.id}, ${num(r.best.objective)} ${r.meta.objective}${r.best.feasible ? '' : ', misses SLOs'}; try a larger --budget or another --space).`;
  if (!r.best.feasible) return `No configuration met every SLO; the closest is ${r.best.id} (${describe(r.best)}).`;
  return `Best: ${r.best.id}, ${describe(r.best)}: ${num(r.best.objective)} ${r.meta.objective} against ${num(r.current.objective)} for the current HPA.`;
}

/** Scatter of every full evaluation (objective vs worst margin), the front as a line, current and best marked. */
export function paretoSvg(r: TuneResults): string {
  // Margins in percent, as the tables print them; the axes span every point (none clipped).
  const full = r.evaluations.filter((e) => e.seeds === r.meta.seeds && e.worstMargin !== null && Number.isFinite(e.worstMargin));
  const pt = (e: Evaluation) => [e.objective, Math.round((e.worstMargin as number) * 1000) / 10];
  const plotted = [...full, r.current, ...(r.best === null ? [] : [r.best])].filter((e) => e.worstMargin !== null && Number.isFinite(e.worstMargin));
  let yMin = 0;
  let yMax = 0;
  for (const e of plotted) {
    const y = (pt(e)[1] as number);
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  const xName = objectiveLabel(r);
  const front = new Set(r.pareto);
  const mark = (name: string, e: Evaluation | null, color: string, symbol: string) => ({ name, type: 'scatter', symbol, symbolSize: 14, itemStyle: { color }, data: e && e.worstMargin !== null && Number.isFinite(e.worstMargin) ? [pt(e)] : [] });
  const option: EChartsCoreOption = {
    title: { text: `Cost vs worst-case SLO margin (${r.meta.objective})`, left: 'center', textStyle: { fontFamily: 'Arial, Helvetica, sans-serif', fontSize: 14 } },
    grid: { left: 70, right: 30, top: 50, bottom: 70 },
    legend: { bottom: 5 },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'worst SLO margin (%)', nameLocation: 'middle', nameGap: 50, min: Math.floor(yMin / 10) * 10, max: Math.ceil(yMax / 10) * 10 },
    series: [
      { name: 'SLOs met', type: 'scatter', symbolSize: 6, itemStyle: { color: '#009E73' }, data: full.filter((e) => e.feasible).map(pt) },
      { name: 'SLO missed', type: 'scatter', symbolSize: 6, itemStyle: { color: '#D55E00' }, data: full.filter((e) => !e.feasible).map(pt) },
      { name: 'Pareto front', type: 'line', step: false, showSymbol: false, lineStyle: { color: '#0072B2' }, data: full.filter((e) => front.has(e.id)).map(pt) },
      mark('current HPA', r.current, '#555555', 'diamond'),
      mark('best', r.best, '#0072B2', 'triangle'),
    ],
  };
  return chartSvg(option, SVG_SIZE, 'pareto');
}

/** The HTML page: verdict, comparison with the current HPA, the front (chart and table), the manifest. */
export function tuneHtml(r: TuneResults, svg: string, manifest: string | null): string {
  const cls = (ok: boolean) => (ok ? 'pass' : 'fail');
  const comparison = comparisonRows(r).map(([k, c, b]) => [escapeHtml(k as string), escapeHtml(c as string), escapeHtml(b as string)]);
  const missed = r.current.violated.map((v) => `<li>${escapeHtml(v)}</li>`).join('');
  const body = [
    `<h1>capsim tune: ${escapeHtml(r.meta.hpa.namespace)}/${escapeHtml(r.meta.hpa.name)}</h1>`,
    `<p class="meta">Scenarios: ${escapeHtml(r.meta.scenarios.join(', '))}; ${r.meta.seeds} seed(s) each; ${r.evaluations.length} configurations (${r.meta.mode} search, seed ${r.meta.seed}).</p>`,
    r.partial ? '<p class="verdict fail">Partial: the search was interrupted; these are the configurations evaluated so far.</p>' : '',
    `<p class="verdict ${cls(r.best?.feasible ?? false)}">${escapeHtml(headline(r))}</p>`,
    '<h2 id="comparison">Current HPA vs best found</h2>',
    htmlTable(['', 'current', 'best'], comparison),
    missed ? `<h3>SLOs the current HPA misses</h3><ul>${missed}</ul>` : '',
    '<h2 id="pareto">Pareto front: cost vs worst-case SLO margin</h2>',
    `<figure>${svg}<figcaption>Each point is one configuration on every scenario and seed; the line joins the configurations no other beats on both cost and margin.</figcaption></figure>`,
    htmlTable(['id', objectiveLabel(r), 'worst margin', 'SLOs met', 'settings'], paretoRows(r).map((row) => row.map(escapeHtml))),
    r.screening === null ? '' : `<h2 id="screening">Screening model against the full simulation</h2><p>${escapeHtml(screeningSummary(r) as string)}</p>${htmlTable(['id', `${objectiveLabel(r)}: screening / full (error)`, 'worst margin: screening / full', 'SLOs met: screening / full'], screeningRows(r).map((row) => row.map(escapeHtml)))}`,
    manifest !== null ? `<h2 id="manifest">Best HPA (hpa.yaml)</h2><pre>${escapeHtml(manifest)}</pre>` : '',
  ].filter((s) => s !== '');
  return htmlPage(`capsim tune: ${r.meta.hpa.name}`, body.join('\n'));
}
