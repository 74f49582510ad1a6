import { duration, money, ms, num, pct } from './format.js';
import { hpaInactivity } from './hpaActivity.js';
import { DEFAULT_CURRENCY, type ReportSummary, type RunRecord } from './runRecord.js';
import { column } from './seriesTable.js';

/** One key figure: a stable id (for comparisons), a label and its value as text (user-free text). */
export interface KeyFigure {
  id: string;
  label: string;
  value: string;
}

/**
 * The key figures of a run, in reading order: replicas, scaling, resources and cost, requests,
 * latency. The same list feeds the HTML, the Markdown and the comparison, so they agree.
 */
export function keyFigures(r: RunRecord): KeyFigure[] {
  const s = r.summary;
  const q = s.requests;
  const peakRate = maxOf(column(r.series, 'arrivals'));
  const f: KeyFigure[] = [
    { id: 'peakReplicas', label: 'peak ready replicas (desired)', value: `${s.replicas.max} (${s.replicas.peakDesired})` },
    { id: 'meanReplicas', label: 'mean ready replicas (min)', value: `${num(s.replicas.mean)} (${s.replicas.min})` },
    { id: 'timeToScale', label: 'time to scale', value: timeToScale(r) },
    { id: 'podHours', label: 'pod-hours', value: num(s.podHours) },
    { id: 'nodeHours', label: 'node-hours (peak nodes)', value: s.nodes === undefined ? 'nodes not modelled' : `${num(s.nodes.nodeHours)} (${s.nodes.peak})` },
    { id: 'cost', label: 'cost', value: cost(r) },
    { id: 'peakRate', label: 'peak arrival rate', value: `${num(peakRate)} rps` },
    { id: 'requests', label: 'requests arrived (retries)', value: `${q.arrived} (${q.retries})` },
    { id: 'rejected', label: 'rejected (503)', value: String(q.rejected) },
    { id: 'timedOut', label: 'timed out', value: String(q.timedOut) },
    { id: 'errors', label: 'errors (5xx)', value: String(q.errors) },
    { id: 'errorRate', label: 'error rate', value: pct(s.errorRate) },
    { id: 'latency', label: 'latency p50 / p95 / p99 (2xx)', value: `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p95)} / ${ms(s.latencyMs.p99)}` },
    { id: 'cpu', label: 'CPU utilisation of requests (mean)', value: r.setup !== null && r.setup.podCpuRequestMillicores <= 0 ? 'n/a (no CPU requests)' : pct(s.cpuUtilization.mean) },
    { id: 'duration', label: 'traffic duration (seed)', value: `${duration(s.durationSeconds)} (${s.seed})` },
  ];
  return f;
}

/** From the first overload to enough Ready pods again; `null` in the summary means never overloaded. */
function timeToScale(r: RunRecord): string {
  const sc = r.summary.scaling as Partial<ReportSummary['scaling']> | undefined;
  if (sc === undefined) return 'n/a';
  const t = sc.timeToScaleSeconds === null || sc.timeToScaleSeconds === undefined ? 'never overloaded' : duration(sc.timeToScaleSeconds);
  const over = sc.overloadedSeconds !== undefined && sc.overloadedSeconds > 0 ? `, overloaded ${duration(sc.overloadedSeconds)} in all` : '';
  const fixed = r.setup !== null && r.setup.hpa === null ? 'no HPA; ' : hpaInactivity(r.events, r.summary.durationSeconds)?.whole ? 'HPA inactive; ' : '';
  return `${t} (${fixed}${sc.scaleUps ?? 0} scale-ups, ${sc.scaleDowns ?? 0} scale-downs${over})`;
}

/** Total cost; pods priced by their requests, nodes by node-hours when modelled (then the total). */
function cost(r: RunRecord): string {
  const c = r.summary.cost as Partial<ReportSummary['cost']> & { total: number };
  const pods = c.pods ?? c.total;
  const cur = r.setup?.currency ?? DEFAULT_CURRENCY;
  return c.nodes === null || c.nodes === undefined ? `${money(c.total, cur)} (pod requests; nodes not modelled)` : `${money(c.total, cur)} (nodes; pod requests ${money(pods, cur)})`;
}

/** Largest finite value, 0 for none. */
export function maxOf(values: readonly number[]): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}
