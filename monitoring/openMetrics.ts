import type { SeriesColumn } from '../sim/metrics/timeSeries.js';
import type { SeriesTable } from '../reports/seriesTable.js';
import { quote } from './promql.js';

/**
 * A run's time series as OpenMetrics text (https://openmetrics.io, the format
 * `promtool tsdb create-blocks-from openmetrics` loads): one gauge family per quantity, every
 * series labelled `source="capsim"` with the run's scenario and seed, so a predicted series sits
 * next to the measured one in the same Prometheus and a query tells them apart by `source`.
 *
 * A value of `timeseries.csv` describes an interval (a rate over it, a time-average, a quantile of
 * its answers); it is stamped at the interval's end, where a Prometheus `rate(...[interval])` of
 * the measured counter describes the same interval. Empty cells (no answers, no HPA) are left out.
 * Values are written as JavaScript prints them, which reads back to the same float64.
 * Pure: the caller reads the run folder and writes the file.
 */

export interface ExportedRun {
  scenario: string;
  seed: number;
  series: SeriesTable;
  /** The HPA's CPU utilisation target as a ratio of the request, when the run had an HPA. */
  hpaTargetRatio: number | null;
}

/** One exported series: its family, its own labels and how a row's value is computed. */
interface SeriesDef {
  labels: Record<string, string>;
  value: (row: (c: SeriesColumn) => number) => number;
}

interface FamilyDef {
  name: string;
  help: string;
  unit?: string;
  series: SeriesDef[];
}

const col = (c: SeriesColumn, scale = 1) => (row: (c: SeriesColumn) => number) => row(c) * scale;

/** The exported families; names end in their unit as OpenMetrics requires of a family with a UNIT. */
export function families(run: ExportedRun): FamilyDef[] {
  const out: FamilyDef[] = [
    { name: 'capsim_arrivals_per_second', help: 'Requests arriving (first attempts and retries), per second over the interval.', series: [{ labels: {}, value: col('arrivals') }] },
    {
      name: 'capsim_answers_per_second',
      help: 'Requests answered, per second over the interval, by outcome: completed (2xx), rejected (503), errors (5xx), timed_out (client gave up).',
      series: (
        [
          ['completed', 'completed'],
          ['rejected', 'rejected'],
          ['errors', 'errors'],
          ['timed_out', 'timedOut'],
        ] as const
      ).map(([outcome, c]) => ({ labels: { outcome }, value: col(c) })),
    },
    {
      name: 'capsim_request_latency_seconds',
      help: 'Latency of the 2xx answers of the interval, all operations: quantiles 0.5, 0.95, 0.99.',
      unit: 'seconds',
      series: (
        [
          ['0.5', 'latencyP50Ms'],
          ['0.95', 'latencyP95Ms'],
          ['0.99', 'latencyP99Ms'],
        ] as const
      ).map(([quantile, c]) => ({ labels: { quantile }, value: col(c, 1 / 1000) })),
    },
    {
      name: 'capsim_replicas',
      help: 'Pods of the Deployment at the end of the interval, by state; desired is the HPA\'s last decision.',
      series: (
        [
          ['desired', 'desiredReplicas'],
          ['ready', 'readyReplicas'],
          ['starting', 'startingReplicas'],
          ['pending', 'pendingReplicas'],
          ['terminating', 'terminatingReplicas'],
        ] as const
      ).map(([state, c]) => ({ labels: { state }, value: col(c) })),
    },
    { name: 'capsim_cpu_utilization_ratio', help: 'CPU used by the pods over the sum of their CPU requests, time-average over the interval.', unit: 'ratio', series: [{ labels: {}, value: col('cpuUtilization') }] },
    { name: 'capsim_hpa_utilization_ratio', help: 'The HPA\'s computed CPU utilisation at its last sync (of the request).', unit: 'ratio', series: [{ labels: {}, value: col('hpaUtilization', 1 / 100) }] },
    { name: 'capsim_queue_length', help: 'Requests waiting for a worker, all pods, time-average over the interval.', series: [{ labels: {}, value: col('queueLength') }] },
    { name: 'capsim_busy_workers', help: 'Worker slots in use, all pods, time-average over the interval.', series: [{ labels: {}, value: col('busyWorkers') }] },
  ];
  if (run.hpaTargetRatio !== null) {
    const target = run.hpaTargetRatio;
    out.push({ name: 'capsim_hpa_target_utilization_ratio', help: 'The HPA\'s CPU utilisation target (of the request), as configured for the run.', unit: 'ratio', series: [{ labels: {}, value: () => target }] });
  }
  return out;
}

/**
 * The OpenMetrics text of a run whose first interval starts at `startSeconds` (Unix time).
 * @example openMetricsText(run, 1767225600).endsWith('# EOF\n') // true
 */
export function openMetricsText(run: ExportedRun, startSeconds: number): string {
  const { series } = run;
  const base = { source: 'capsim', scenario: run.scenario, seed: String(run.seed) };
  const lines: string[] = [];
  for (const f of families(run)) {
    lines.push(`# TYPE ${f.name} gauge`);
    if (f.unit !== undefined) lines.push(`# UNIT ${f.name} ${f.unit}`);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const s of f.series) {
      const labels = labelText({ ...base, ...s.labels });
      series.tSeconds.forEach((t, r) => {
        const v = s.value((c) => series.columns[c]?.[r] ?? NaN);
        if (!Number.isFinite(v)) return;
        lines.push(`${f.name}${labels} ${String(v)} ${timestamp(startSeconds + t + series.intervalSeconds)}`);
      });
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${quote(v)}`).join(',')}}`;
}

/** Seconds with millisecond precision (Prometheus stores milliseconds). */
function timestamp(seconds: number): string {
  return (Math.round(seconds * 1000) / 1000).toFixed(3);
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
