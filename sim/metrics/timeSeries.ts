import type { Ms } from '../units.js';

/**
 * Column names of the time series, in output order. Units are in the names' documentation and
 * in the CSV headers written by reports/.
 */
export const SERIES_COLUMNS = [
  'arrivals', // attempts arriving in the interval (first attempts + retries)
  'retries', // of which retries
  'completed', // answered 2xx within the client timeout
  'rejected', // 503: queue full or no ready pod
  'errors', // 5xx from downstream failures
  'timedOut', // the client gave up
  'latencyP50Ms',
  'latencyP95Ms',
  'latencyP99Ms',
  'latencyMeanMs',
  'queueWaitMeanMs',
  'busyWorkers', // time-average over the interval, all pods
  'queueLength', // time-average, all pods
  'cpuMillicores', // CPU used by the pods' requests plus idle, time-average
  'cpuUtilization', // cpuMillicores / sum of cpu requests of running pods
  'capacityRps', // serving capacity of the ready pods at the mean service time (workers / mean service time)
  'readyReplicas',
  'startingReplicas',
  'pendingReplicas',
  'terminatingReplicas',
  'desiredReplicas',
  'nodes',
  'hpaUtilization', // the HPA's computed utilisation (%), NaN without an HPA or sample
  'cpuRequestMillicores', // mean CPU request per running pod (changes under the VPA)
  'memoryBytes', // mean memory working set per running pod, at the end of the interval
  'vpaTargetCpuMillicores', // the VPA recommender's target for the first container
  'vpaTargetMemoryBytes',
  'oomKills', // containers OOM-killed in the interval
  'evictions', // pods evicted by the VPA updater in the interval
] as const;

export type SeriesColumn = (typeof SERIES_COLUMNS)[number];

/** A fixed-interval time series as columns of Float64Array (rows = intervals). */
export class TimeSeries {
  readonly columns: Record<SeriesColumn, Float64Array>;
  constructor(readonly intervalMs: Ms, readonly rows: number) {
    const cols = {} as Record<SeriesColumn, Float64Array>;
    for (const c of SERIES_COLUMNS) cols[c] = new Float64Array(rows);
    this.columns = cols;
  }

  /** Row index for time t (clamped to the last row). */
  rowAt(t: Ms): number {
    const r = Math.floor(t / this.intervalMs);
    return r < this.rows ? r : this.rows - 1;
  }

  add(column: SeriesColumn, t: Ms, v: number): void {
    const c = this.columns[column];
    const r = this.rowAt(t);
    c[r] = (c[r] as number) + v;
  }

  set(column: SeriesColumn, row: number, v: number): void {
    this.columns[column][row] = v;
  }

  /** Plain rows for writers: start time in seconds plus every column. */
  toRows(): Array<{ tSeconds: number } & Record<SeriesColumn, number>> {
    const out = [];
    for (let r = 0; r < this.rows; r++) {
      const row = { tSeconds: (r * this.intervalMs) / 1000 } as { tSeconds: number } & Record<SeriesColumn, number>;
      for (const c of SERIES_COLUMNS) row[c] = this.columns[c][r] as number;
      out.push(row);
    }
    return out;
  }
}
