import { InputError } from '../../input/inputError.js';
import type { Ms } from '../../sim/units.js';

/**
 * The reference payment service's configuration, read from the environment.
 *
 * The names and meanings are those of the service behind the calibration fixtures
 * (../shared/fixtures/calibration/README.md, "Service model"; `truth.json -> service.env`),
 * so that a model fitted on one transfers to the other: W, QMAX, SEED, CPU_CLOCK,
 * CPU_MS_<OP>, DS_MEDIAN_<OP>, DS_SIGMA. REPLICA is this process's replica index (the seed
 * is SEED + 1000003 * REPLICA, mod 2^32).
 */

/** Payment operations the service knows, in the order they are listed in errors. */
export const OPERATIONS = ['authorize', 'capture', 'refund', 'void', 'payout', 'balance', 'settle'] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** `cpu`: the busy loop runs until the process consumed the CPU time; `wall`: until that much wall time passed. */
export type CpuClock = 'cpu' | 'wall';

export interface OperationConfig {
  /** CPU burnt in the synchronous busy loop per request. */
  readonly cpuMs: Ms;
  /** Median of the lognormal downstream wait. */
  readonly downstreamMedianMs: Ms;
}

export interface ServiceConfig {
  /** W: worker slots per replica. */
  readonly workers: number;
  /** QMAX: requests allowed to wait for a slot; one more is answered 503 at once. */
  readonly queueMax: number;
  readonly seed: number;
  /** Replica index, only used to derive the per-replica seed. */
  readonly replica: number;
  readonly cpuClock: CpuClock;
  /** sigma of ln(downstream wait); 0 makes the wait exactly the median. */
  readonly downstreamSigma: number;
  /** The operations served, in OPERATIONS order (OPS restricts them). */
  readonly operations: ReadonlyMap<OperationName, OperationConfig>;
  /** After SIGTERM, keep accepting connections (readyz 503) this long; 0 when a preStop sleep covers endpoint removal. */
  readonly drainDelayMs: Ms;
  /** After the listener closes, wait at most this long for in-flight requests. */
  readonly drainTimeoutMs: Ms;
  /** Per-request NDJSON log (the fixtures' server-<r>.ndjson format), buffered; absent = no log. */
  readonly logFile?: string;
}

/**
 * Defaults: authorize, capture and refund are the calibration runs' values (truth.json: CPU 4/2/3 ms,
 * downstream medians 15/8/8 ms). The other four are our own choices, shaped like them:
 * a void is a cheap reversal, a balance a cheap read, a payout and a settle call slower rails.
 */
export const DEFAULT_OPERATIONS: Readonly<Record<OperationName, OperationConfig>> = {
  authorize: { cpuMs: 4, downstreamMedianMs: 15 },
  capture: { cpuMs: 2, downstreamMedianMs: 8 },
  refund: { cpuMs: 3, downstreamMedianMs: 8 },
  void: { cpuMs: 2, downstreamMedianMs: 8 },
  payout: { cpuMs: 5, downstreamMedianMs: 25 },
  balance: { cpuMs: 1, downstreamMedianMs: 5 },
  settle: { cpuMs: 6, downstreamMedianMs: 30 },
};

export const DEFAULTS = {
  W: 8,
  QMAX: 64,
  SEED: 12345,
  REPLICA: 0,
  CPU_CLOCK: 'cpu' as CpuClock,
  DS_SIGMA: 0.3,
  DRAIN_DELAY_MS: 0,
  DRAIN_TIMEOUT_MS: 20_000,
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Read the service configuration from environment variables, defaults filling the gaps.
 * @throws InputError naming the variable when a value is malformed, or when a CPU_MS_<X> /
 *   DS_MEDIAN_<X> / OPS entry names an operation the service does not have.
 * @example loadConfig({ W: '1', CPU_MS_AUTHORIZE: '5' }).workers // 1
 */
export function loadConfig(env: Env): ServiceConfig {
  rejectUnknownOperationVariables(env);
  const operations = new Map<OperationName, OperationConfig>();
  for (const op of selectedOperations(env)) {
    const upper = op.toUpperCase();
    const base = DEFAULT_OPERATIONS[op];
    operations.set(op, {
      cpuMs: nonNegative(env, `CPU_MS_${upper}`, base.cpuMs),
      downstreamMedianMs: nonNegative(env, `DS_MEDIAN_${upper}`, base.downstreamMedianMs),
    });
  }
  const logFile = env['LOG_FILE'];
  return {
    workers: integer(env, 'W', DEFAULTS.W, 1),
    queueMax: integer(env, 'QMAX', DEFAULTS.QMAX, 0),
    seed: integer(env, 'SEED', DEFAULTS.SEED, 0),
    replica: integer(env, 'REPLICA', DEFAULTS.REPLICA, 0),
    cpuClock: cpuClock(env),
    downstreamSigma: nonNegative(env, 'DS_SIGMA', DEFAULTS.DS_SIGMA),
    operations,
    drainDelayMs: nonNegative(env, 'DRAIN_DELAY_MS', DEFAULTS.DRAIN_DELAY_MS),
    drainTimeoutMs: nonNegative(env, 'DRAIN_TIMEOUT_MS', DEFAULTS.DRAIN_TIMEOUT_MS),
    ...(logFile !== undefined && logFile !== '' ? { logFile } : {}),
  };
}

/**
 * Where to listen: PORT (default 8080) and HOST (default 0.0.0.0, as a container needs).
 * @throws InputError naming PORT when it is not an integer in 0..65535.
 */
export function loadListenAddress(env: Env): { host: string; port: number } {
  const port = integer(env, 'PORT', 8080, 0);
  if (port > 65535) throw new InputError(`expected a TCP port 0..65535, got "${env['PORT']}"`, undefined, 'PORT');
  const host = env['HOST'];
  return { host: host === undefined || host === '' ? '0.0.0.0' : host, port };
}

function isOperation(name: string): name is OperationName {
  return (OPERATIONS as readonly string[]).includes(name);
}

function selectedOperations(env: Env): OperationName[] {
  const raw = env['OPS'];
  if (raw === undefined || raw.trim() === '') return [...OPERATIONS];
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  for (const name of names) {
    if (!isOperation(name)) {
      throw new InputError(`unknown operation "${name}"; known: ${OPERATIONS.join(', ')}`, undefined, 'OPS');
    }
  }
  return OPERATIONS.filter((op) => names.includes(op));
}

// A typo such as CPU_MS_AUTHORISE would otherwise silently leave the default in place.
function rejectUnknownOperationVariables(env: Env): void {
  for (const key of Object.keys(env).sort()) {
    const m = /^(CPU_MS|DS_MEDIAN)_(.+)$/.exec(key);
    if (m === null || env[key] === undefined) continue;
    const op = (m[2] ?? '').toLowerCase();
    if (!isOperation(op)) {
      throw new InputError(`no operation "${op}"; known: ${OPERATIONS.join(', ')}`, undefined, key);
    }
  }
}

function cpuClock(env: Env): CpuClock {
  const raw = env['CPU_CLOCK'];
  if (raw === undefined || raw === '') return DEFAULTS.CPU_CLOCK;
  if (raw === 'cpu' || raw === 'wall') return raw;
  throw new InputError(`expected "cpu" or "wall", got "${raw}"`, undefined, 'CPU_CLOCK');
}

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new InputError(`expected a whole number >= ${min}, got "${raw}"`, undefined, name);
  }
  return value;
}

function nonNegative(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(`expected a number >= 0, got "${raw}"`, undefined, name);
  }
  return value;
}
