import type { ConstantArrivalRateScenario, Options, RampingArrivalRateScenario, Threshold } from 'k6/options';
import { formatDuration, parseDurationMs, parseDurationNs } from '../sim/traffic/duration.ts';
import { makeMix, type OperationMix } from '../sim/traffic/mix.ts';
import { scenarioDefaults as D } from './defaults.ts';
import { wholeRates } from './k6/rates.ts';
import { vuPool } from './k6/vus.ts';
import type { ScenarioSpec } from './schema.js';

/**
 * A scenario as k6 options: the same arrivals (executor, startRate, timeUnit, stages), VUs sized
 * from rate and latency, thresholds from the SLOs. Pure, with no runtime imports beyond
 * sim/traffic and scenarios data, so loadtests/payments.ts bundles it.
 *
 * Every ScenarioSpec field has an entry in SCENARIO_FIELDS / TRAFFIC_FIELDS: a function that
 * carries it into k6, or `null` saying it has no k6 counterpart (vitest's CLIOptions rule,
 * STYLE.md §6). Adding a field to the schema without deciding is a type error.
 */

export interface K6Request {
  /** Play the profile N times faster (durations / N, rates unchanged); default 1. */
  timeCompression?: number;
  /** Multiply every rate (a lower volume for CI); default 1. */
  scale?: number;
  /** Passed to the scenario's env as BASE_URL. */
  baseUrl?: string;
}

/** Everything the k6 script needs from a scenario. */
export interface K6Plan {
  options: Options;
  /** The operation mix in the simulator's order (workload.operations), for pickForIteration. */
  mix: OperationMix;
  mixSeed: number;
  /** Per-request timeout (the scenario's client timeout, k6's 60 s default otherwise). */
  requestTimeout: string;
  /** Relative error of rounding the (scaled) rates to k6's whole numbers. */
  rateRoundingError: number;
}

/** Name of the one k6 scenario in the generated options. */
export const K6_SCENARIO = 'payments';

/** The k6 options of a scenario. @throws Error as k6Plan. */
export function toK6Options(spec: ScenarioSpec, req: K6Request = {}): Options {
  return k6Plan(spec, req).options;
}

/**
 * Build the k6 plan of a scenario. O(stages + operations).
 * @throws Error when timeCompression or scale is not a positive number, the mix has no
 *   positive weight, or a ramping scenario has no stages.
 * @example k6Plan(library['steady-authorize'], { timeCompression: 60, scale: 0.05 }).options.scenarios
 *   // { payments: { executor: 'constant-arrival-rate', rate: 10, duration: '10s', ... } }
 */
export function k6Plan(spec: ScenarioSpec, req: K6Request = {}): K6Plan {
  const compression = positive(req.timeCompression ?? 1, 'timeCompression');
  const scale = positive(req.scale ?? 1, 'scale');
  const b: Builder = { compression, scale, tags: {}, thresholds: {}, requestTimeout: '60s', traffic: {}, env: {} };
  if (req.baseUrl !== undefined) b.env['BASE_URL'] = req.baseUrl;
  for (const key of Object.keys(SCENARIO_FIELDS) as Array<keyof ScenarioSpec>) apply(SCENARIO_FIELDS, key, spec, b);
  const { scenario, roundingError, peakPerS } = arrivalScenario(b);
  const pool = vuPool(spec, peakPerS);
  const options: Options = {
    scenarios: { [K6_SCENARIO]: { ...scenario, preAllocatedVUs: pool.preAllocatedVUs, maxVUs: pool.maxVUs, gracefulStop: b.requestTimeout, tags: b.tags, ...(Object.keys(b.env).length > 0 ? { env: b.env } : {}) } },
    thresholds: b.thresholds,
    tags: b.tags,
  };
  return { options, mix: k6Mix(spec), mixSeed: spec.traffic.mixSeed ?? D.mixSeed, requestTimeout: b.requestTimeout, rateRoundingError: roundingError };
}

/**
 * The operation mix exactly as the simulator builds it (sim/simulation.ts reorderMix): in
 * workload.operations order, weights from traffic.mix, so operation indices agree.
 */
export function k6Mix(spec: ScenarioSpec): OperationMix {
  const weights: Record<string, number> = {};
  for (const name of Object.keys(spec.workload.operations)) weights[name] = spec.traffic.mix[name] ?? 0;
  return makeMix(weights);
}

export interface Builder {
  compression: number;
  scale: number;
  tags: Record<string, string>;
  thresholds: Record<string, Threshold[]>;
  requestTimeout: string;
  env: Record<string, string>;
  traffic: {
    executor?: 'ramping-arrival-rate' | 'constant-arrival-rate';
    timeUnitNs?: number;
    startRate?: number;
    stages?: Array<{ duration: string; target: number }>;
    rate?: number;
    duration?: string;
  };
}

/** For every field of T: how it reaches k6, or null when it has no k6 counterpart. */
export type FieldMapping<T> = { readonly [K in keyof T]-?: ((value: Exclude<T[K], undefined>, b: Builder) => void) | null };
type Traffic = ScenarioSpec['traffic'];

export const SCENARIO_FIELDS: FieldMapping<ScenarioSpec> = {
  name: (v, b) => void (b.tags['capsim_scenario'] = v),
  description: null, // documentation
  source: null, // documentation
  seed: null, // the simulator's random streams; k6 has no randomness to seed here
  traffic: (v, b) => {
    for (const key of Object.keys(TRAFFIC_FIELDS) as Array<keyof Traffic>) apply(TRAFFIC_FIELDS, key, v, b);
  },
  workload: null, // the service's model; it sizes the VU pool through the mix (k6/vus.ts)
  client: (v, b) => {
    if (v.timeout !== undefined) b.requestTimeout = formatDuration(parseDurationMs(v.timeout) as number);
  },
  faults: null, // injected into the simulated downstream; a real test gets its outage from the environment
  deployment: null, // the cluster's business, not the load generator's
  manifests: null, // idem
  cluster: null, // idem
  hpaController: null, // idem (the simulated control plane's settings)
  metricsServer: null, // idem
  slo: (v, b) => {
    for (const [scope, targets] of Object.entries(v.latency ?? {})) {
      const metric = scope === 'overall' ? 'http_req_duration' : `http_req_duration{name:${scope}}`;
      const list = Object.entries(targets).flatMap(([p, d]) => (d === undefined ? [] : [`p(${p.slice(1)})<${parseDurationMs(d)}`]));
      if (list.length > 0) b.thresholds[metric] = list;
    }
    if (v.errorRate !== undefined) b.thresholds['http_req_failed'] = [`rate<${v.errorRate}`];
  },
  output: null, // the simulator's reporting
  pricing: null, // idem
  http: null, // the requests and flows are sent by loadtests/payments.ts (scenarios/http/); flows size the VU pool (k6/vus.ts)
};

export const TRAFFIC_FIELDS: FieldMapping<Traffic> = {
  arrivals: null, // the simulator's arrival process; k6 always starts iterations on its schedule (= 'k6' mode)
  executor: (v, b) => void (b.traffic.executor = v),
  timeUnit: (v, b) => void (b.traffic.timeUnitNs = parseDurationNs(v) as number),
  startRate: (v, b) => void (b.traffic.startRate = v * b.scale),
  stages: (v, b) => void (b.traffic.stages = v.map((s) => ({ duration: compress(s.duration, b), target: s.target * b.scale }))),
  rate: (v, b) => void (b.traffic.rate = v * b.scale),
  duration: (v, b) => void (b.traffic.duration = compress(v, b)),
  mix: null, // picked per iteration by loadtests/payments.ts (pickForIteration over the flow plan, scenarios/http/flows.ts)
  mixSeed: null, // idem (K6Plan.mixSeed)
  preAllocatedVUs: null, // read by k6/vus.ts
  maxVUs: null, // idem
};

function apply<T>(map: FieldMapping<T>, key: keyof T, from: T, b: Builder): void {
  const value = from[key];
  const f = map[key] as ((v: unknown, b: Builder) => void) | null;
  if (value !== undefined && f !== null) f(value, b);
}

function arrivalScenario(b: Builder): { scenario: Omit<RampingArrivalRateScenario, 'preAllocatedVUs'> | Omit<ConstantArrivalRateScenario, 'preAllocatedVUs'>; roundingError: number; peakPerS: number } {
  const t = b.traffic;
  const unitNs = t.timeUnitNs ?? (parseDurationNs(D.timeUnit) as number);
  if ((t.executor ?? D.executor) === 'constant-arrival-rate') {
    const w = wholeRates([t.rate ?? 0], unitNs);
    const rate = w.round(t.rate ?? 0);
    const scenario = { executor: 'constant-arrival-rate' as const, rate, timeUnit: w.timeUnit, duration: t.duration ?? '0s' };
    return { scenario, roundingError: w.maxRelativeError, peakPerS: (rate / w.timeUnitNs) * 1e9 };
  }
  if (t.stages === undefined || t.stages.length === 0) throw new Error('k6Plan: a ramping-arrival-rate scenario needs at least one stage');
  const startRate = t.startRate ?? D.startRate;
  const w = wholeRates([startRate, ...t.stages.map((s) => s.target)], unitNs);
  const stages = t.stages.map((s) => ({ duration: s.duration, target: w.round(s.target) }));
  const peak = stages.map((s) => s.target).reduce((a, b) => Math.max(a, b), w.round(startRate));
  const scenario = { executor: 'ramping-arrival-rate' as const, startRate: w.round(startRate), timeUnit: w.timeUnit, stages };
  return { scenario, roundingError: w.maxRelativeError, peakPerS: (peak / w.timeUnitNs) * 1e9 };
}

/** A duration divided by the time compression, to whole milliseconds. */
function compress(d: string | number, b: Builder): string {
  return formatDuration(Math.round((parseDurationMs(d) as number) / b.compression));
}

function positive(x: number, what: string): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`k6Plan: expected ${what} > 0, got ${x}`);
  return x;
}
