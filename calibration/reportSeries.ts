import { quantileSorted } from 'simple-statistics';
import type { CalibrationResults } from '../reports/runRecord.js';
import type { TimeSeries } from '../sim/metrics/timeSeries.js';
import type { RunReplay } from './replay.js';

/**
 * Measured-versus-predicted curves for the report, on the simulator's time-series intervals:
 * 2xx answers per second and the p95 latency of 2xx answers, measured from the k6 requests
 * (bucketed by when the answer arrived, as the simulator buckets completions) and predicted by the
 * replay. An interval without 2xx answers has no latency point (NaN).
 */
export function measuredVsPredicted(replay: RunReplay, series: TimeSeries): NonNullable<CalibrationResults['series']> {
  const interval = series.intervalMs;
  const rows = series.rows;
  const buckets: number[][] = Array.from({ length: rows }, () => []);
  for (let i = 0; i < replay.timesMs.length; i++) {
    if (replay.failed[i] === 1) continue;
    const end = (replay.timesMs[i] as number) + (replay.durationMs[i] as number);
    const row = Math.min(rows - 1, Math.floor(end / interval));
    buckets[row]?.push(replay.durationMs[i] as number);
  }
  const tSeconds = buckets.map((_, r) => (r * interval) / 1000);
  const seconds = interval / 1000;
  const measuredRate = buckets.map((b) => b.length / seconds);
  const predictedRate = Array.from(series.columns.completed, (v) => v / seconds);
  const measuredP95 = buckets.map((b) => (b.length === 0 ? NaN : quantileSorted([...b].sort((x, y) => x - y), 0.95)));
  const predictedP95 = Array.from(series.columns.latencyP95Ms);
  return [
    { metric: '2xx answers per second', unit: 'rps', tSeconds, measured: measuredRate, predicted: predictedRate },
    { metric: 'p95 latency of 2xx answers', unit: 'ms', tSeconds, measured: measuredP95, predicted: predictedP95 },
  ];
}
