import { InputError } from '../input/inputError.js';
import type { SimConfig } from '../sim/model.js';
import type { Ms } from '../sim/units.js';
import type { K6Run } from './k6/run.js';

/**
 * A measured k6 run turned into the simulator's replay input: every request's start time and
 * operation, plus what was measured for it, in start order. Times are ms from the first start.
 */
export interface RunReplay {
  file: string;
  /** The k6 scenario name(s) (the `scenario` tag), sorted. */
  scenarios: string[];
  /** Operation names in the order of the simulator's `operations`. */
  operations: readonly string[];
  /** Start times (end − duration), ms from the first start, sorted. */
  timesMs: Float64Array;
  /** Index into `operations` of each request. */
  ops: Int32Array;
  durationMs: Float64Array;
  status: Uint16Array;
  /** 1 when k6 counted the request as failed (http_req_failed). */
  failed: Uint8Array;
  /** Epoch ms of the first start. */
  startEpochMs: Ms;
  /** Last response, ms from the first start. */
  lastEndMs: Ms;
  /** Iterations k6 dropped (`dropped_iterations`: an arrival found no free VU): never sent, so not replayed. */
  droppedIterations: number;
}

/** Requests started out of rid order by more than this are a broken file, not k6 jitter. */
export const MAX_START_DISORDER_MS: Ms = 1000;

/**
 * Build the replay of a k6 run: start = end time − http_req_duration (k6 stamps the end), ordered
 * by `metadata.rid` (= iterationInTest) when present, else by start time. Operations come from the
 * `name` tag. O(n log n).
 * @throws InputError when the run has no requests, has only whole-second timestamps (CSV output),
 *   names an operation not in `operations`, or its starts go backwards in rid order by more than
 *   MAX_START_DISORDER_MS (a shuffled or spliced file).
 * @example runReplay(await loadRun('k6.ndjson.gz', warn), ['authorize', 'capture', 'refund']).timesMs[0] // 0
 */
export function runReplay(run: K6Run, operations: readonly string[]): RunReplay {
  const c = run.requests.view();
  const keep: number[] = [];
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c.durationMs[i])) keep.push(i);
  if (keep.length === 0) throw new InputError('no requests with an http_req_duration: expected k6 --out json/csv samples of an HTTP test', run.file);
  if (keep.every((i) => (c.timeMs[i] as number) % 1000 === 0))
    throw new InputError('every timestamp is a whole second (k6 --out csv): request start times cannot be recovered to better than 1 s; expected k6 --out json samples (µs timestamps) for a replay', run.file);
  const start = (i: number): number => (c.timeMs[i] as number) - (c.durationMs[i] as number);
  const hasRid = keep.every((i) => Number.isFinite(c.rid[i]));
  if (hasRid) {
    keep.sort((a, b) => (c.rid[a] as number) - (c.rid[b] as number));
    checkStartOrder(keep.map(start), run.file);
  }
  keep.sort((a, b) => start(a) - start(b) || (c.rid[a] as number) - (c.rid[b] as number));
  const index = new Map(operations.map((name, k) => [name, k]));
  const t0 = start(keep[0] as number);
  const n = keep.length;
  const out = { timesMs: new Float64Array(n), ops: new Int32Array(n), durationMs: new Float64Array(n), status: new Uint16Array(n), failed: new Uint8Array(n) };
  const scenarios = new Set<string>();
  let lastEnd = 0;
  keep.forEach((i, k) => {
    const name = c.names[c.op[i] as number] ?? '';
    const op = index.get(name);
    if (op === undefined) throw new InputError(`request ${k} has operation (name tag) "${name}", not in the scenario's operations (${operations.join(', ')})`, run.file);
    scenarios.add(c.names[c.scenario[i] as number] ?? '');
    out.timesMs[k] = start(i) - t0;
    out.ops[k] = op;
    out.durationMs[k] = c.durationMs[i] as number;
    out.status[k] = c.status[i] as number;
    // Runs without http_req_failed: count like k6's default expected statuses (200-399).
    const f = c.failed[i] as number;
    out.failed[k] = f === 0 || f === 1 ? f : (c.status[i] as number) >= 200 && (c.status[i] as number) < 400 ? 0 : 1;
    lastEnd = Math.max(lastEnd, (c.timeMs[i] as number) - t0);
  });
  return { file: run.file, scenarios: [...scenarios].sort(), operations, ...out, startEpochMs: t0, lastEndMs: lastEnd, droppedIterations: c.dropped.timeMs.length };
}

function checkStartOrder(starts: number[], file: string): void {
  let latest = -Infinity;
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k] as number;
    if (s < latest - MAX_START_DISORDER_MS)
      throw new InputError(`request rid order ${k} starts ${((latest - s) / 1000).toFixed(3)} s before an earlier iteration: timestamps go backwards (spliced or clock-jumped file?); expected k6 iterations to start in iterationInTest order`, file);
    if (s > latest) latest = s;
  }
}

/** How the replayed deployment is sized. */
export interface ReplayOptions {
  /** Fixed replica count, all Ready from t = 0 (default: the scenario's). Ignored with `hpa`. */
  replicas?: number;
  /** Let the scenario's simulated HPA size the deployment (needs an HPA manifest in the scenario). */
  hpa?: boolean;
  seed?: number;
}

/**
 * The scenario's simulator config with its traffic replaced by the run's exact starts and
 * operations. The traffic window ends at the last start; `drainMs` lets the last requests finish.
 * Without `hpa` the deployment is fixed (the scenario's HPA, if any, is removed).
 * @throws InputError when `hpa` is asked but the scenario has no HPA.
 */
export function replayConfig(base: SimConfig, r: RunReplay, opts: ReplayOptions = {}): SimConfig {
  if (opts.hpa && base.hpa === null) throw new InputError('--hpa: the scenario has no HorizontalPodAutoscaler (add its manifest to the scenario\'s manifests)', undefined, '--hpa');
  const last = r.timesMs.length > 0 ? (r.timesMs[r.timesMs.length - 1] as number) : 0;
  const durationMs = Math.floor(last) + 1;
  const rate = r.timesMs.length / Math.max(durationMs / 1000, 1e-3);
  const replicas = opts.hpa ? base.deployment.replicas : (opts.replicas ?? base.deployment.replicas);
  return {
    ...base,
    seed: opts.seed ?? base.seed,
    traffic: {
      ...base.traffic,
      arrivals: 'replay',
      profile: { executor: 'constant-arrival-rate', rate, timeUnitNs: 1e9, durationNs: durationMs * 1e6 },
      replay: { timesMs: r.timesMs, operations: r.ops },
    },
    deployment: { replicas },
    lifecycle: { ...base.lifecycle, initialReady: opts.hpa ? base.lifecycle.initialReady : replicas },
    hpa: opts.hpa ? base.hpa : null,
    output: { ...base.output, trace: false, drainMs: Math.max(base.output.drainMs, base.client.timeoutMs === Infinity ? 60_000 : base.client.timeoutMs) },
  };
}
