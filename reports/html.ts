import { recommend } from './advice.js';
import { escapeHtml } from './escape.js';
import { keyFigures } from './figures.js';
import { hpaInactivity, inactivityHeadline } from './hpaActivity.js';
import { calibrationError, duration, ms, num, pct, sloValue } from './format.js';
import { htmlFigures, htmlNav, htmlPage, htmlTable } from './htmlPage.js';
import { runCharts } from './runCharts.js';
import type { RunRecord } from './runRecord.js';
import type { SloVerdict } from './slo.js';

/**
 * The self-contained HTML report of one run: verdicts, key figures, recommendations, charts over
 * time (inline SVG from ECharts, no script), per-operation table, events, calibration, and the
 * scenario and manifests as given. Deterministic: the same record gives the same bytes.
 * Every piece of user text is escaped.
 */
export function runHtml(r: RunRecord): string {
  const sections: Array<[string, string]> = [['slo', 'SLO verdicts'], ['figures', 'Key figures'], ['recommendations', 'Recommendations'], ['charts', 'Over time'], ['operations', 'Per operation'], ['events', 'Scaling events']];
  if (r.calibration !== undefined) sections.push(['calibration', 'Calibration']);
  sections.push(['configuration', 'Scenario and configuration']);
  const charts = runCharts(r);
  const body = [
    `<header>\n<h1>Capacity report: ${escapeHtml(r.name)}</h1>`,
    `<p class="meta">Simulated by capsim: ${duration(r.summary.durationSeconds)} of traffic, seed ${r.summary.seed}, ${r.summary.requests.arrived} requests.</p>`,
    verdictBadge(r.verdicts),
    inactivityBadge(r),
    `</header>`,
    htmlNav(sections),
    `<section id="slo">\n<h2>SLO verdicts</h2>\n${verdictTable(r.verdicts)}\n</section>`,
    `<section id="figures">\n<h2>Key figures</h2>\n${htmlTable(['figure', 'value'], keyFigures(r).map((f) => [escapeHtml(f.label), escapeHtml(f.value)]))}\n</section>`,
    `<section id="recommendations">\n<h2>Recommendations</h2>\n${recommendations(r)}\n</section>`,
    `<section id="charts">\n<h2>Over time</h2>\n${htmlFigures(charts.filter((c) => !c.id.startsWith('calibration')))}\n</section>`,
    `<section id="operations">\n<h2>Per operation</h2>\n${operations(r)}\n</section>`,
    `<section id="events">\n<h2>Scaling events</h2>\n${events(r)}\n</section>`,
    r.calibration === undefined ? '' : `<section id="calibration">\n<h2>Calibration: measured vs predicted</h2>\n${calibration(r)}\n${htmlFigures(charts.filter((c) => c.id.startsWith('calibration')))}\n</section>`,
    `<section id="configuration">\n<h2>Scenario and configuration</h2>\n${configuration(r)}\n</section>`,
  ];
  return htmlPage(`capsim report: ${r.name}`, body.filter((b) => b !== '').join('\n'));
}

/** The headline: all met, how many missed, or none given. */
export function verdictBadge(verdicts: readonly SloVerdict[]): string {
  const missed = verdicts.filter((v) => !v.pass).length;
  if (verdicts.length === 0) return '<p class="verdict none">No SLOs given in the scenario.</p>';
  return missed === 0 ? `<p class="verdict pass">SLOs: all ${verdicts.length} met.</p>` : `<p class="verdict fail">SLOs: ${missed} of ${verdicts.length} missed.</p>`;
}

/** The HPA-inactive headline (cause and fix), or nothing when the HPA could act. */
function inactivityBadge(r: RunRecord): string {
  const x = hpaInactivity(r.events, r.summary.durationSeconds);
  return x === null ? '' : `<p class="verdict fail">${escapeHtml(inactivityHeadline(x))}.</p>\n<p class="note">Fix: ${escapeHtml(x.fix)}</p>`;
}

function verdictTable(verdicts: readonly SloVerdict[]): string {
  if (verdicts.length === 0) return '<p class="note">The scenario gives no SLO.</p>';
  return htmlTable(['scope', 'objective', 'target', 'predicted', 'margin to target', 'verdict'], verdicts.map((v) => [
    escapeHtml(v.scope), escapeHtml(v.objective), { html: sloValue(v.target, v.unit), cls: 'num' }, { html: sloValue(v.predicted, v.unit), cls: 'num' },
    { html: Number.isFinite(v.margin) ? pct(v.margin) : 'n/a', cls: 'num' }, { html: v.pass ? 'pass' : 'FAIL', cls: v.pass ? 'pass' : 'fail' },
  ]));
}

function recommendations(r: RunRecord): string {
  const recs = recommend(r);
  if (recs.length === 0) return '<p class="note">No recommendation: the run has no traffic to size from.</p>';
  return `<ul class="recs">\n${recs.map((x) => `<li><strong>${escapeHtml(x.title)}.</strong> ${escapeHtml(x.text)}</li>`).join('\n')}\n</ul>`;
}

function operations(r: RunRecord): string {
  return htmlTable(['operation', 'arrived', 'completed', 'rejected', 'errors', 'timed out', 'error rate', 'p50', 'p95', 'p99', 'max'], Object.entries(r.summary.perOperation).map(([name, o]) => [
    escapeHtml(name), ...[String(o.arrived), String(o.completed), String(o.rejected), String(o.errors), String(o.timedOut), pct(o.errorRate), ms(o.latencyMs.p50), ms(o.latencyMs.p95), ms(o.latencyMs.p99), ms(o.latencyMs.max)].map((html) => ({ html, cls: 'num' })),
  ]));
}

/** Events shown in the page; events.json has them all. */
const MAX_EVENTS = 300;

function events(r: RunRecord): string {
  if (r.events.length === 0) return '<p class="note">No control-loop events (fixed deployment, or none recorded).</p>';
  const table = htmlTable(['time', 'source', 'reason', 'change', 'message'], r.events.slice(0, MAX_EVENTS).map((e) => [
    duration(e.tMs / 1000), escapeHtml(e.source), escapeHtml(e.reason), e.from !== undefined && e.to !== undefined ? `${num(e.from)} → ${num(e.to)}` : '', escapeHtml(e.message),
  ]));
  return r.events.length > MAX_EVENTS ? `${table}\n<p class="note">${r.events.length - MAX_EVENTS} more events in events.json.</p>` : table;
}

function calibration(r: RunRecord): string {
  return htmlTable(['scope', 'metric', 'measured', 'predicted', 'relative error'], (r.calibration?.rows ?? []).map((c) => [
    escapeHtml(c.scope), escapeHtml(c.metric), { html: num(c.measured), cls: 'num' }, { html: num(c.predicted), cls: 'num' }, { html: calibrationError(c.relativeError, c.absoluteError), cls: 'num' },
  ]));
}

function configuration(r: RunRecord): string {
  const parts = ['<h3>Scenario (as given)</h3>', r.scenarioText === null ? '<p class="note">Not recorded for this run.</p>' : `<pre>${escapeHtml(r.scenarioText)}</pre>`];
  parts.push('<h3>Kubernetes manifests (as given)</h3>');
  if (r.manifests.length === 0) parts.push('<p class="note">No manifests: the deployment is described by the scenario alone.</p>');
  for (const m of r.manifests) parts.push(`<h4>${escapeHtml(m.file)}</h4>`, `<pre>${escapeHtml(m.text)}</pre>`);
  return parts.join('\n');
}
