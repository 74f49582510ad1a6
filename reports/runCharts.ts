import type { EChartsCoreOption } from 'echarts';
import { COLORS, SLO_COLORS, barChartOption, points, timeAxis, timeChartOption, type Line } from './chartKit.js';
import type { RunRecord } from './runRecord.js';
import { column } from './seriesTable.js';

/** A chart of a report: a stable id (for the page and tests), a caption and its ECharts option. */
export interface ReportChart {
  id: string;
  caption: string;
  option: EChartsCoreOption;
  /** Height in CSS pixels when not the page's default (a bar chart with many slanted labels). */
  height?: number;
}

/**
 * The charts over time of one run: demand against capacity, replicas, latency against the SLO,
 * CPU against the HPA target, queue, errors; and measured-versus-predicted when calibrated.
 * Chart and series names quote user text only as data (ECharts escapes SVG text).
 */
export function runCharts(r: RunRecord): ReportChart[] {
  const t = r.series.tSeconds;
  const ax = timeAxis(t);
  const col = (c: Parameters<typeof column>[1], f?: (v: number) => number) => points(t, column(r.series, c), ax.scale, f);
  const flat = (v: number) => points(t, t.map(() => v), ax.scale);
  // An interval with no 2xx answer has no latency (the series holds 0 there): leave a gap.
  const done = column(r.series, 'completed');
  const latency = (c: 'latencyP50Ms' | 'latencyP95Ms' | 'latencyP99Ms') => points(t, column(r.series, c).map((v, i) => ((done[i] as number) > 0 ? v : NaN)), ax.scale);
  const charts: ReportChart[] = [];
  // Rows after the traffic ends are the drain: shaded in every chart, so a tail there is not read as traffic.
  const trafficEnd = r.summary.durationSeconds;
  const drain = (t.at(-1) ?? 0) + r.series.intervalSeconds > trafficEnd && trafficEnd > 0 ? { drainFrom: Math.round(trafficEnd * ax.scale * 1e6) / 1e6 } : {};
  const chart = (id: string, caption: string, title: string, yName: string, lines: Line[], extra: { y2Name?: string; yMax?: number } = {}) =>
    charts.push({ id, caption: 'drainFrom' in drain ? `${caption} Shaded: the drain after the traffic ends.` : caption, option: timeChartOption({ title, yName, xName: ax.name, lines, ...extra, ...drain }) });

  chart('demand', 'Arrival rate (first attempts and retries) against the serving capacity of the ready pods; the gap is where requests queue or are rejected.', 'Arrival rate vs serving capacity', 'requests per second', [
    { name: 'arrivals (rps)', color: COLORS.demand, points: col('arrivals'), area: true },
    { name: 'serving capacity (rps)', color: COLORS.capacity, points: col('capacityRps') },
    { name: 'completed 2xx (rps)', color: COLORS.served, points: col('completed'), dashed: true },
  ]);

  const nodes = column(r.series, 'nodes');
  const hasNodes = r.summary.nodes !== undefined || nodes.some((v) => Number.isFinite(v) && v > 0);
  chart('replicas', 'Replicas the controller wants (desired), serving traffic (ready), starting up, and waiting for a node (pending).', 'Replicas', 'pods', [
    { name: 'desired', color: COLORS.desired, points: col('desiredReplicas'), step: true, dashed: true },
    { name: 'ready', color: COLORS.ready, points: col('readyReplicas'), step: true, area: true },
    { name: 'starting', color: COLORS.starting, points: col('startingReplicas'), step: true },
    { name: 'pending', color: COLORS.pending, points: col('pendingReplicas'), step: true },
    ...(hasNodes ? [{ name: 'nodes (right axis)', color: COLORS.nodes, points: col('nodes'), step: true, yAxisIndex: 1 as const }] : []),
  ], hasNodes ? { y2Name: 'nodes' } : {});

  // Each latency SLO is drawn against the latency it judges: `overall` on all operations, an
  // operation's on that operation's own series (one small chart per operation with an SLO).
  const ops = Object.keys(r.summary.perOperation);
  const single = ops.length === 1 ? ops[0] : undefined;
  const sloLinesFor = (scope: (s: string) => boolean) => r.verdicts.filter((v) => v.unit === 'ms' && scope(v.scope)).map((v, i) => ({ name: `SLO ${v.objective.replace(' latency', '')} ${v.target} ms`, color: SLO_COLORS[i % SLO_COLORS.length] as string, points: flat(v.target), dashed: true }));
  chart('latency', single === undefined ? 'Latency of 2xx answers over all operations, per interval, against the overall latency SLO (dashed); each operation against its own SLO follows.' : `Latency of 2xx answers (${single}, the only operation), per interval, against its latency SLO (dashed).`, 'Latency vs SLO', 'latency (ms)', [
    { name: 'p50', color: COLORS.p50, points: latency('latencyP50Ms') },
    { name: 'p95', color: COLORS.p95, points: latency('latencyP95Ms') },
    { name: 'p99', color: COLORS.p99, points: latency('latencyP99Ms') },
    ...sloLinesFor((scope) => scope === 'overall' || scope === single),
  ]);
  (r.operationSeries?.operations ?? []).forEach((op, k) => {
    const slo = sloLinesFor((scope) => scope === op.name);
    if (slo.length === 0) return;
    const opLatency = (y: number[]) => points(t, y, ax.scale);
    chart(`latency-op-${k + 1}`, `Latency of ${op.name} (2xx answers), per interval, against its SLO (dashed).`, `Latency of ${op.name} vs its SLO`, 'latency (ms)', [
      { name: 'p50', color: COLORS.p50, points: opLatency(op.p50Ms) },
      { name: 'p95', color: COLORS.p95, points: opLatency(op.p95Ms) },
      { name: 'p99', color: COLORS.p99, points: opLatency(op.p99Ms) },
      ...slo,
    ]);
  });

  const target = r.setup?.hpa?.cpuTargetPercent ?? null;
  const hpaSeen = column(r.series, 'hpaUtilization').some(Number.isFinite);
  chart('cpu', 'CPU used as a share of the pods\' CPU requests; the HPA scales to keep its measured utilisation near its target.', 'CPU utilisation vs HPA target', 'CPU utilisation of requests (%)', [
    { name: 'CPU utilisation (%)', color: COLORS.cpu, points: col('cpuUtilization', (v) => v * 100), area: true },
    ...(hpaSeen ? [{ name: 'utilisation the HPA measured (%)', color: COLORS.hpa, points: col('hpaUtilization'), step: true }] : []),
    ...(target === null ? [] : [{ name: `HPA target ${target}%`, color: COLORS.target, points: flat(target), dashed: true }]),
  ]);

  chart('queue', 'Requests waiting for a worker, time-averaged over each interval, summed over all pods.', 'Queue length', 'requests waiting', [
    { name: 'queue length', color: COLORS.queue, points: col('queueLength'), area: true },
  ]);

  chart('errors', 'Requests that did not get a 2xx answer: rejected with 503 (queue full or no ready pod), failed downstream (5xx), or timed out at the client; and retries.', 'Errors', 'requests per second', [
    { name: 'rejected 503 (rps)', color: COLORS.rejected, points: col('rejected') },
    { name: 'errors 5xx (rps)', color: COLORS.errors, points: col('errors') },
    { name: 'timed out (rps)', color: COLORS.timedOut, points: col('timedOut') },
    { name: 'retries (rps)', color: COLORS.retries, points: col('retries'), dashed: true },
  ]);

  for (const c of calibrationCharts(r)) charts.push(c);
  return charts;
}

function calibrationCharts(r: RunRecord): ReportChart[] {
  const cal = r.calibration;
  if (cal === undefined) return [];
  const out: ReportChart[] = [];
  const latency = cal.rows.filter((c) => /^p\d+\b/.test(c.metric));
  if (latency.length > 0)
    out.push({
      id: 'calibration-latency',
      caption: 'Latency percentiles measured in the real run and predicted by the simulator, per operation.',
      option: barChartOption('Calibration: latency measured vs predicted', 'latency (ms)', latency.map((c) => `${c.scope} ${c.metric}`), [
        { name: 'measured', color: COLORS.demand, values: latency.map((c) => c.measured) },
        { name: 'predicted', color: COLORS.desired, values: latency.map((c) => c.predicted) },
      ]),
      ...(latency.length > 6 ? { height: 460 } : {}),
    });
  const relative = cal.rows.filter((c) => c.relativeError !== null);
  if (relative.length > 0)
    out.push({
      id: 'calibration-error',
      caption: 'Prediction error of every calibrated metric: (predicted − measured) / measured; above zero the simulator predicts more than was measured.',
      option: barChartOption('Calibration: relative error', 'relative error (%)', relative.map((c) => `${c.scope} ${c.metric}`), [
        { name: 'relative error (%)', color: COLORS.p99, values: relative.map((c) => Math.round((c.relativeError as number) * 1000) / 10) },
      ]),
      ...(relative.length > 6 ? { height: 460 } : {}),
    });
  (cal.series ?? []).forEach((s, i) => {
    const ax = timeAxis(s.tSeconds);
    out.push({
      id: `calibration-${i + 1}`,
      caption: `${s.metric}: measured against predicted over time.`,
      option: timeChartOption({ title: `Calibration: ${s.metric}`, yName: s.unit, xName: ax.name, lines: [
        { name: 'measured', color: COLORS.demand, points: points(s.tSeconds, s.measured, ax.scale) },
        { name: 'predicted', color: COLORS.desired, points: points(s.tSeconds, s.predicted, ax.scale), dashed: true },
      ] }),
    });
  });
  return out;
}
