import type { ArrivalProfile } from './traffic/stages.js';
import type { DistributionSpec } from './workload/distributions.js';
import type { Bytes, Millicores, Ms } from './units.js';

/**
 * Everything one simulation run needs, already validated and in simulator units. Scenario files,
 * manifests and calibrated models are turned into this by the adapters (scenarios/, k8s/); the
 * core never reads a file.
 */
export interface SimConfig {
  name: string;
  seed: number;
  traffic: TrafficModel;
  operations: OperationModel[];
  pod: PodModel;
  routing: Routing;
  client: ClientModel;
  faults: FaultWindow[];
  deployment: { replicas: number };
  output: OutputModel;
  pricing: Pricing;
}

export type ArrivalMode = 'poisson' | 'k6' | 'replay';

export interface TrafficModel {
  arrivals: ArrivalMode;
  profile: ArrivalProfile;
  /** Operation weights, in the scenario's order (names match `operations`). */
  mix: Record<string, number>;
  /** Seed of the k6 iteration hash that picks each iteration's operation (k6 mode). */
  mixSeed: number;
  /** Replay mode: arrival times (ms, sorted) and, optionally, the operation index of each. */
  replay?: { timesMs: Float64Array; operations?: Int32Array };
}

export interface OperationModel {
  name: string;
  /** CPU work of one request, in ms of one core. */
  cpu: DistributionSpec;
  /** Downstream wait (bank, issuer): holds a worker, uses no CPU. */
  downstream: DistributionSpec | null;
}

export interface PodModel {
  workers: number;
  /** Waiting requests allowed per pod beyond busy workers; a full queue answers 503 at once. */
  queueLimit: number;
  cpuRequest: Millicores;
  /** CPU limit (throttling beyond it), or null for no limit. */
  cpuLimit: Millicores | null;
  memoryRequest: Bytes;
  memoryLimit: Bytes | null;
  /** CPU a pod uses with no traffic (runtime, health checks). */
  idleCpu: Millicores;
}

export type Routing = 'round-robin' | 'random' | 'least-outstanding';

export interface ClientModel {
  /** The client gives up after this long (k6's default request timeout is 60 s). */
  timeoutMs: Ms;
  /** Whether a server drops a queued request whose client already gave up, when it reaches the head. */
  abandonQueued: boolean;
  retry: RetryPolicy | null;
}

/** Client retries with exponential backoff and jitter (AWS "full jitter" when jitter = 1). */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: Ms;
  multiplier: number;
  maxBackoffMs: Ms;
  /** Fraction of the backoff that is randomised: 0 = fixed, 1 = uniform in [0, backoff]. */
  jitter: number;
  /** Retry on 503 rejections, on 5xx errors, on client timeouts. */
  on: { rejected: boolean; errors: boolean; timeouts: boolean };
}

/** A downstream outage or slowdown (an issuer down), for a time window and some operations. */
export interface FaultWindow {
  fromMs: Ms;
  toMs: Ms;
  /** Operations affected; empty = all. */
  operations: string[];
  /** Share of downstream calls that fail (the request answers 502 after the downstream wait). */
  errorRate: number;
  /** Multiplies the downstream wait. */
  latencyMultiplier: number;
}

export interface OutputModel {
  /** Time-series resolution. */
  intervalMs: Ms;
  /** After the traffic ends, keep running this long so in-flight requests can finish. */
  drainMs: Ms;
  /** Relative accuracy of the latency quantile sketches. */
  sketchAccuracy: number;
  /** Keep one record per request (for --trace). Off by default; costs nothing when off. */
  trace: boolean;
}

/** Prices for cost figures (per hour, in the user's currency). */
export interface Pricing {
  perCoreHour: number;
  perGiBHour: number;
}
