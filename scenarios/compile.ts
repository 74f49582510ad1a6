import { FieldProblem } from '../input/inputError.js';
import { cpuMillicores, memoryBytes } from '../k8s/quantity.js';
import type { FaultWindow, OperationModel, RetryPolicy, SimConfig } from '../sim/model.js';
import { parseDurationMs, parseDurationNs } from '../sim/traffic/duration.js';
import type { ArrivalProfile } from '../sim/traffic/stages.js';
import type { DistributionSpec } from '../sim/workload/distributions.js';
import { scenarioDefaults as D } from './defaults.js';
import type { DistributionInput, ScenarioSpec } from './schema.js';

/** Options that override the scenario at run time (CLI flags). */
export interface CompileOptions {
  seed?: number;
  trace?: boolean;
}

/**
 * Turn a validated scenario into the simulator's configuration: durations to ms, quantities to
 * millicores and bytes, defaults applied, cross-field rules checked.
 * @throws FieldProblem naming the field path when the scenario is inconsistent
 *   (a mix naming an unknown operation, a ramping profile without stages, ...).
 */
export function compileScenario(s: ScenarioSpec, opts: CompileOptions = {}): SimConfig {
  const operations = compileOperations(s);
  return {
    name: s.name,
    seed: opts.seed ?? s.seed ?? D.seed,
    traffic: {
      arrivals: s.traffic.arrivals ?? D.arrivals,
      profile: compileProfile(s),
      mix: compileMix(s, operations),
      mixSeed: s.traffic.mixSeed ?? D.mixSeed,
    },
    operations,
    pod: {
      workers: s.workload.pod.workers,
      queueLimit: s.workload.pod.queueLimit,
      cpuRequest: cpuMillicores(s.workload.pod.cpu?.request ?? D.cpuRequest, 'workload.pod.cpu.request'),
      cpuLimit: s.workload.pod.cpu?.limit === undefined ? null : cpuMillicores(s.workload.pod.cpu.limit, 'workload.pod.cpu.limit'),
      memoryRequest: memoryBytes(s.workload.pod.memory?.request ?? D.memoryRequest, 'workload.pod.memory.request'),
      memoryLimit: s.workload.pod.memory?.limit === undefined ? null : memoryBytes(s.workload.pod.memory.limit, 'workload.pod.memory.limit'),
      idleCpu: cpuMillicores(s.workload.pod.idleCpu ?? D.idleCpu, 'workload.pod.idleCpu'),
    },
    routing: s.workload.routing ?? D.routing,
    client: {
      timeoutMs: ms(s.client?.timeout ?? D.clientTimeout),
      abandonQueued: s.client?.abandonQueued ?? D.abandonQueued,
      retry: compileRetry(s),
    },
    faults: compileFaults(s, operations),
    deployment: { replicas: s.deployment?.replicas ?? D.replicas },
    output: {
      intervalMs: ms(s.output?.interval ?? D.interval),
      drainMs: ms(s.output?.drain ?? D.drain),
      sketchAccuracy: s.output?.sketchAccuracy ?? D.sketchAccuracy,
      trace: opts.trace ?? false,
    },
    pricing: {
      perCoreHour: s.pricing?.perCoreHour ?? D.perCoreHour,
      perGiBHour: s.pricing?.perGiBHour ?? D.perGiBHour,
    },
  };
}

export function compileProfile(s: ScenarioSpec): ArrivalProfile {
  const t = s.traffic;
  const timeUnitNs = ns(t.timeUnit ?? D.timeUnit);
  if (timeUnitNs <= 0) throw new FieldProblem(['traffic', 'timeUnit'], 'expected a time unit greater than 0');
  if ((t.executor ?? D.executor) === 'constant-arrival-rate') {
    if (t.rate === undefined) throw new FieldProblem(['traffic', 'rate'], 'expected a rate for constant-arrival-rate');
    if (t.duration === undefined) throw new FieldProblem(['traffic', 'duration'], 'expected a duration for constant-arrival-rate');
    return { executor: 'constant-arrival-rate', rate: t.rate, timeUnitNs, durationNs: ns(t.duration) };
  }
  if (t.stages === undefined || t.stages.length === 0) throw new FieldProblem(['traffic', 'stages'], 'expected at least one stage {duration, target}');
  return {
    executor: 'ramping-arrival-rate',
    startRate: t.startRate ?? D.startRate,
    timeUnitNs,
    stages: t.stages.map((st) => ({ durationNs: ns(st.duration), target: st.target })),
  };
}

function compileOperations(s: ScenarioSpec): OperationModel[] {
  const names = Object.keys(s.workload.operations);
  if (names.length === 0) throw new FieldProblem(['workload', 'operations'], 'expected at least one operation');
  return names.map((name) => {
    const o = s.workload.operations[name] as ScenarioSpec['workload']['operations'][string];
    if (o.serviceTime !== undefined) {
      const share = o.cpuShare ?? 1;
      return { name, cpu: scale(o.serviceTime, share), downstream: share < 1 ? scale(o.serviceTime, 1 - share) : null };
    }
    return { name, cpu: dist(o.cpu as DistributionInput), downstream: o.downstream ? dist(o.downstream) : null };
  });
}

function compileMix(s: ScenarioSpec, ops: OperationModel[]): Record<string, number> {
  const known = new Set(ops.map((o) => o.name));
  let sum = 0;
  for (const [name, w] of Object.entries(s.traffic.mix)) {
    if (!known.has(name))
      throw new FieldProblem(['traffic', 'mix', name], `operation "${name}" is not in workload.operations (known: ${[...known].join(', ')})`);
    sum += w;
  }
  if (!(sum > 0)) throw new FieldProblem(['traffic', 'mix'], 'expected mix weights that sum to more than zero');
  return { ...s.traffic.mix };
}

function compileRetry(s: ScenarioSpec): RetryPolicy | null {
  const r = s.client?.retry;
  if (r === undefined) return null;
  const on = new Set(r.on ?? D.retryOn);
  return {
    maxRetries: r.maxRetries,
    baseMs: ms(r.backoff),
    multiplier: r.multiplier ?? D.retryMultiplier,
    maxBackoffMs: r.maxBackoff === undefined ? Infinity : ms(r.maxBackoff),
    jitter: r.jitter ?? D.retryJitter,
    on: { rejected: on.has('rejected'), errors: on.has('errors'), timeouts: on.has('timeouts') },
  };
}

function compileFaults(s: ScenarioSpec, ops: OperationModel[]): FaultWindow[] {
  const known = new Set(ops.map((o) => o.name));
  return (s.faults ?? []).map((f, i) => {
    for (const op of f.operations ?? [])
      if (!known.has(op)) throw new FieldProblem(['faults', i, 'operations'], `operation "${op}" is not in workload.operations`);
    const fromMs = ms(f.from);
    const toMs = ms(f.to);
    if (toMs <= fromMs) throw new FieldProblem(['faults', i, 'to'], 'expected `to` after `from`');
    return { fromMs, toMs, operations: f.operations ?? [], errorRate: f.errorRate ?? 0, latencyMultiplier: f.latencyMultiplier ?? 1 };
  });
}

/** A distribution scaled by a factor (the CPU or downstream share of a total service time). */
function scale(d: DistributionInput, k: number): DistributionSpec {
  switch (d.distribution) {
    case 'constant':
      return { distribution: 'constant', valueMs: d.valueMs * k };
    case 'exponential':
      return { distribution: 'exponential', meanMs: d.meanMs * k };
    case 'lognormal':
      return { distribution: 'lognormal', medianMs: d.medianMs * k, sigma: d.sigma };
    case 'empirical':
      return { distribution: 'empirical', samplesMs: d.samplesMs.map((x) => x * k) };
  }
}

function dist(d: DistributionInput): DistributionSpec {
  return scale(d, 1);
}

function ms(v: string | number): number {
  return parseDurationMs(v) as number;
}
function ns(v: string | number): number {
  return parseDurationNs(v) as number;
}
