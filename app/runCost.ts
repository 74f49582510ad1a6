import { InputError } from '../input/inputError.js';
import { SERIES_COLUMNS } from '../sim/metrics/timeSeries.js';
import type { SimConfig } from '../sim/model.js';
import { profileDurationMs, rateSegments, totalArea } from '../sim/traffic/stages.js';

/**
 * What a run will cost before it starts: how many request attempts and control-loop steps it
 * simulates, and how much memory it needs. Memory grows with the time series (rows x columns,
 * plus the CSV and report built from them) and the peak number of pods and requests in flight,
 * never with the number of requests: so a month at payment rates fits, and only the series
 * resolution (`output.interval`) and the pod count move it.
 */
export interface RunCost {
  /** Expected first attempts (the area under the arrival-rate curve, or the replayed arrivals). */
  firstAttempts: number;
  /** Attempts if every attempt failed and was retried `maxRetries` times (= firstAttempts without retries). */
  attemptsWorstCase: number;
  /** Control-loop ticks (metrics-server scrapes, HPA syncs, VPA, cluster autoscaler) and series rows. */
  loopSteps: number;
  /** Rows of the time series. */
  seriesRows: number;
  /** Estimated peak memory of the process, bytes. */
  memoryBytes: number;
  /** Simulated time including the drain, ms. */
  horizonMs: number;
}

/** Limits a run must stay within; the CLI flags that raise them. */
export interface RunLimits {
  /** Simulated request attempts (worst case with retries) plus control-loop steps. */
  maxSimulatedSteps: number;
  maxMemoryBytes: number;
}

/**
 * Defaults: 2e9 simulated steps is a day at 23,000 rps or a month at 770 rps, minutes to an hour
 * at the simulator's speed (README, Speed and memory); 2 GiB is within Node's default heap limit
 * on a 64-bit machine.
 */
export const DEFAULT_RUN_LIMITS: RunLimits = { maxSimulatedSteps: 2e9, maxMemoryBytes: 2 * 2 ** 30 };

/**
 * Bytes per time-series row while the run folder is built: the Float64Array columns, the CSV
 * text of `timeseries.csv` and the report's table and charts made from it (garbage not yet
 * collected included, as peak RSS counts it). Measured: a 4-day run of 34,560 10-s rows peaks
 * at 240 MB against 117 MB for a 1-minute run, 3.6 kB a row; rounded up.
 */
const BYTES_PER_SERIES_ROW = 4096;
/** Node, the modules and the report renderer: a 1-minute run peaks at 117 MB; rounded up. */
export const BASELINE_BYTES = 128 * 2 ** 20;
/** A pod's rows in the pod table, its queue and its share of the control loops' state. */
const BYTES_PER_POD = 2048;
/** One HPA sync's decision record (time, replicas, utilisation; equal conditions shared). */
const BYTES_PER_HPA_SYNC = 128;
/** One in-flight request in the request table and the agenda. */
const BYTES_PER_REQUEST = 128;

/** The cost of simulating `cfg`. Pure: reads nothing but the config. */
export function estimateRunCost(cfg: SimConfig, maxPods: number): RunCost {
  const trafficMs = profileDurationMs(cfg.traffic.profile);
  const horizonMs = trafficMs + cfg.output.drainMs;
  const replay = cfg.traffic.replay;
  const firstAttempts = replay !== undefined ? replay.timesMs.length : totalArea(rateSegments(cfg.traffic.profile));
  const retries = cfg.client.retry?.maxRetries ?? 0;
  const attemptsWorstCase = firstAttempts * (1 + retries);
  const seriesRows = Math.max(1, Math.ceil(horizonMs / cfg.output.intervalMs));
  const periods: number[] = [];
  if (cfg.hpa !== null || cfg.vpa !== null) periods.push(cfg.metricsServer.resolutionMs);
  if (cfg.hpa !== null) periods.push(cfg.hpa.controller.syncPeriodMs);
  if (cfg.vpa !== null) periods.push(cfg.vpa.recommender.recommenderIntervalMs, cfg.vpa.updaterIntervalMs);
  if (cfg.cluster !== null) periods.push(10_000);
  let loopSteps = seriesRows;
  for (const p of periods) loopSteps += horizonMs / p;
  const inFlight = Math.min(maxPods * (cfg.pod.workers + cfg.pod.queueLimit), attemptsWorstCase);
  const hpaSyncs = cfg.hpa === null ? 0 : horizonMs / cfg.hpa.controller.syncPeriodMs;
  const memoryBytes = BASELINE_BYTES + seriesRows * (BYTES_PER_SERIES_ROW + SERIES_COLUMNS.length * 8) + maxPods * BYTES_PER_POD + inFlight * BYTES_PER_REQUEST + hpaSyncs * BYTES_PER_HPA_SYNC;
  return { firstAttempts, attemptsWorstCase, loopSteps, seriesRows, memoryBytes, horizonMs };
}

/**
 * Refuse a run that would exceed a limit, before it starts: one line with the estimate, what
 * drives it and the flag that raises the limit.
 * @throws InputError (exit 2) naming the scenario file.
 */
export function checkRunCost(cost: RunCost, limits: RunLimits, file: string | undefined): void {
  const steps = cost.attemptsWorstCase + cost.loopSteps;
  if (!(steps <= limits.maxSimulatedSteps)) {
    const parts = [`${count(cost.firstAttempts)} request attempts over ${duration(cost.horizonMs)}`];
    if (cost.attemptsWorstCase > cost.firstAttempts) parts.push(`up to ${count(cost.attemptsWorstCase)} with every retry`);
    if (cost.loopSteps > cost.firstAttempts / 10) parts.push(`${count(cost.loopSteps)} control-loop steps and series rows`);
    throw new InputError(`this run would simulate about ${count(steps)} steps (${parts.join(', ')}), more than the limit of ${count(limits.maxSimulatedSteps)}: shorten the scenario or lower its rate, or raise the limit with --max-steps ${suggest(steps)}`, file);
  }
  if (!(cost.memoryBytes <= limits.maxMemoryBytes))
    throw new InputError(`this run would need about ${bytes(cost.memoryBytes)} of memory (${count(cost.seriesRows)} time-series rows of ${duration(cost.horizonMs / cost.seriesRows)}), more than the limit of ${bytes(limits.maxMemoryBytes)}: use a longer output.interval, or raise the limit with --max-memory ${Math.ceil((cost.memoryBytes * 1.25) / 2 ** 30)}Gi (and node --max-old-space-size to match)`, file);
}

/** A count for a message: exact below 10,000, else 1.23e9. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n < 1e4) return String(Math.round(n));
  return n.toExponential(2).replace('e+', 'e');
}

/** A limit to suggest for a need of `n`: 25 % above it, two digits. */
export function suggest(n: number): string {
  return Number.isFinite(n) ? Number((n * 1.25).toPrecision(2)).toExponential().replace('e+', 'e') : 'Infinity';
}

/** Bytes for a message (KiB, MiB, GiB...). */
export function bytes(b: number): string {
  if (!Number.isFinite(b)) return String(b);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let u = 0;
  while (b >= 1024 && u < units.length - 1) {
    b /= 1024;
    u++;
  }
  return `${b < 10 ? b.toFixed(1) : Math.round(b)} ${units[u]}`;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const s = ms / 1000;
  if (s < 120) return `${Number(s.toPrecision(3))} s`;
  if (s < 2 * 3600) return `${Number((s / 60).toPrecision(3))} min`;
  if (s < 2 * 86_400) return `${Number((s / 3600).toPrecision(3))} h`;
  return `${Number((s / 86_400).toPrecision(3))} days`;
}
