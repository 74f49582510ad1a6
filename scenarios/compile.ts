import { FieldProblem } from '../core/fieldProblem.js';
import { cpuMillicores, memoryBytes } from '../core/quantity.js';
import type { ClusterModel, ContainerModel, FaultWindow, HpaModel, LifecycleModel, OperationModel, RetryPolicy, SimConfig } from '../sim/model.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG } from '../sim/autoscaling/hpa/config.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import { DEFAULT_RECOMMENDER_CONFIG } from '../sim/autoscaling/vpa/config.js';
import type { VpaSpec } from '../sim/autoscaling/vpa/vpaSpec.js';
import { parseDurationMs, parseDurationNs } from '../sim/traffic/duration.js';
import type { ArrivalProfile } from '../sim/traffic/stages.js';
import { makeSampler, type DistributionSpec } from '../sim/workload/distributions.js';
import { scenarioDefaults as D } from './defaults.js';
import type { DistributionInput, ScenarioSpec } from './schema.js';
import { checkHttp } from './http/check.js';
import { expectedOperationWeights, requestsPerIteration } from './http/flows.js';

/** Options that override the scenario at run time (CLI flags). */
export interface CompileOptions {
  seed?: number;
  trace?: boolean;
}

/**
 * What the Kubernetes manifests contribute, already read and validated by the k8s/ adapters
 * (plain data, so this module stays pure). The Deployment gives the pod's containers, requests,
 * limits, probes and grace period; the HPA its spec.
 */
export interface ManifestInputs {
  deployment?: {
    name: string;
    replicas: number;
    containers: ReadonlyArray<{
      name: string;
      requests: { cpu?: number; memory?: number };
      limits: { cpu?: number; memory?: number };
      readinessProbe?: { initialDelaySeconds: number; periodSeconds: number };
    }>;
    terminationGracePeriodSeconds: number;
  };
  hpa?: { name: string; spec: HpaSpec };
  vpa?: VpaSpec;
}

/**
 * Turn a validated scenario into the simulator's configuration: durations to ms, quantities to
 * millicores and bytes, defaults applied, cross-field rules checked.
 * @throws FieldProblem naming the field path when the scenario is inconsistent
 *   (a mix naming an unknown operation, a ramping profile without stages, ...).
 */
export function compileScenario(s: ScenarioSpec, opts: CompileOptions = {}, k8s: ManifestInputs = {}): SimConfig {
  const operations = compileOperations(s);
  const pod = compilePod(s, k8s);
  const replicas = k8s.deployment?.replicas ?? s.deployment?.replicas ?? D.replicas;
  return {
    name: s.name,
    seed: opts.seed ?? s.seed ?? D.seed,
    traffic: {
      arrivals: s.traffic.arrivals ?? D.arrivals,
      profile: compileProfile(s),
      mix: compileMix(s, operations),
      mixSeed: s.traffic.mixSeed ?? D.mixSeed,
      vus: compileVus(s),
    },
    operations,
    pod,
    // `round-robin` is the old name of the global rotation, kept so older files still mean what they meant.
    routing: s.workload.routing === 'round-robin' ? 'global-round-robin' : (s.workload.routing ?? D.routing),
    service: {
      proxyMode: s.workload.service?.proxyMode ?? D.serviceProxyMode,
      keepAliveTimeoutMs: ms(s.workload.service?.keepAliveTimeout ?? D.serviceKeepAliveTimeout),
      clientNodes: s.workload.service?.clientNodes ?? 1,
      clients: s.workload.service?.clients ?? D.serviceClients,
    },
    client: {
      timeoutMs: ms(s.client?.timeout ?? D.clientTimeout),
      gapMs: s.workload.clientGapMs ?? 0,
      abandonQueued: s.client?.abandonQueued ?? D.abandonQueued,
      retry: compileRetry(s),
    },
    faults: compileFaults(s, operations),
    deployment: { replicas },
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
    lifecycle: compileLifecycle(s, k8s, replicas),
    containers: compileContainers(pod, k8s),
    cluster: compileCluster(s),
    hpa: compileHpa(s, k8s),
    vpa: k8s.vpa ? { spec: k8s.vpa, recommender: DEFAULT_RECOMMENDER_CONFIG, updaterIntervalMs: 60_000 } : null,
    metricsServer: {
      resolutionMs: ms(s.metricsServer?.resolution ?? D.metricResolution),
      memoryBaseline: memoryBytes(s.workload.pod.memory?.baseline ?? D.memoryBaseline, ['workload', 'pod', 'memory', 'baseline']),
      ...(s.metricsServer?.phase !== undefined ? { phaseMs: ms(s.metricsServer.phase) } : {}),
    },
  };
}

/**
 * Pod resources: from the Deployment when given (requests and limits summed over its
 * containers; a limit only when every container has one), else from the scenario.
 */
function compilePod(s: ScenarioSpec, k8s: ManifestInputs): SimConfig['pod'] {
  const p = s.workload.pod;
  const base = {
    workers: p.workers,
    queueLimit: p.queueLimit,
    cpuDiscipline: p.cpu?.discipline ?? ('shared' as const),
    cpuWakeupMs: p.cpu?.wakeupMs ?? 0,
    idleCpu: cpuMillicores(p.idleCpu ?? D.idleCpu, ['workload', 'pod', 'idleCpu']),
  };
  const containers = k8s.deployment?.containers;
  if (containers !== undefined && containers.length > 0) {
    type Container = NonNullable<ManifestInputs['deployment']>['containers'][number];
    const sum = (f: (c: Container) => number | undefined): number | null => {
      let total = 0;
      for (const c of containers) {
        const v = f(c);
        if (v === undefined) return null;
        total += v;
      }
      return total;
    };
    return {
      ...base,
      cpuRequest: containers.reduce((a, c) => a + (c.requests.cpu ?? 0), 0),
      cpuLimit: sum((c) => c.limits.cpu),
      memoryRequest: containers.reduce((a, c) => a + (c.requests.memory ?? 0), 0),
      memoryLimit: sum((c) => c.limits.memory),
    };
  }
  return {
    ...base,
    cpuRequest: cpuMillicores(p.cpu?.request ?? D.cpuRequest, ['workload', 'pod', 'cpu', 'request']),
    cpuLimit: p.cpu?.limit === undefined ? null : cpuMillicores(p.cpu.limit, ['workload', 'pod', 'cpu', 'limit']),
    memoryRequest: memoryBytes(p.memory?.request ?? D.memoryRequest, ['workload', 'pod', 'memory', 'request']),
    memoryLimit: p.memory?.limit === undefined ? null : memoryBytes(p.memory.limit, ['workload', 'pod', 'memory', 'limit']),
  };
}

function compileContainers(pod: SimConfig['pod'], k8s: ManifestInputs): ContainerModel[] {
  const containers = k8s.deployment?.containers;
  if (containers === undefined || containers.length === 0) return [{ name: 'app', cpuRequest: pod.cpuRequest, memoryRequest: pod.memoryRequest }];
  return containers.map((c) => ({ name: c.name, cpuRequest: c.requests.cpu ?? null, memoryRequest: c.requests.memory ?? null }));
}

function compileLifecycle(s: ScenarioSpec, k8s: ManifestInputs, replicas: number): LifecycleModel {
  const probe = k8s.deployment?.containers.find((c) => c.readinessProbe !== undefined)?.readinessProbe;
  const warm = s.workload.pod.warmup;
  return {
    startup: s.workload.pod.startup ? dist(s.workload.pod.startup) : D.startup,
    readinessDelayMs: (probe?.initialDelaySeconds ?? 0) * 1000,
    terminationGraceMs: k8s.deployment ? k8s.deployment.terminationGracePeriodSeconds * 1000 : ms(D.terminationGrace),
    warmup: warm ? { durationMs: ms(warm.duration), cpuFactor: warm.cpuFactor } : null,
    initialReady: replicas,
    restartBackoffMs: 10_000,
    restartBackoffMaxMs: 300_000,
  };
}

function compileCluster(s: ScenarioSpec): ClusterModel | null {
  if (s.cluster === undefined) return null;
  return {
    nodeGroups: s.cluster.nodeGroups.map((g, i) => {
      const initial = g.initial ?? g.min ?? 1;
      const min = g.min ?? 0;
      const max = g.max ?? initial;
      if (max < min) throw new FieldProblem(['cluster', 'nodeGroups', i, 'max'], `expected max >= min (${min})`);
      if (initial < min || initial > max) throw new FieldProblem(['cluster', 'nodeGroups', i, 'initial'], `expected initial between min (${min}) and max (${max})`);
      return {
        name: g.name,
        cpuMillicores: cpuMillicores(g.cpu, ['cluster', 'nodeGroups', i, 'cpu']),
        memoryBytes: memoryBytes(g.memory, ['cluster', 'nodeGroups', i, 'memory']),
        min,
        max,
        initial,
        pricePerHour: g.pricePerHour ?? 0,
        provisioning: g.provisioning ? dist(g.provisioning) : D.nodeProvisioning,
        scaleDownUnneededMs: ms(g.scaleDownUnneeded ?? D.nodeScaleDownUnneeded),
      };
    }),
    cgroup: s.cluster.cgroup ?? D.cgroup,
    cfsPeriodMs: cfsPeriodMs(s.cluster.cfsPeriod),
  };
}

/**
 * k6's VU pool in k6 mode: `preAllocatedVUs`, and `maxVUs` (k6's default: preAllocatedVUs). An
 * extra VU is taken as ready at once after the drop that asks for it (k6 initialises a small
 * script's VU in milliseconds; not measured here). Without preAllocatedVUs VUs never run out.
 */
function compileVus(s: ScenarioSpec): { preAllocated: number; max: number; initMs: number } | null {
  const t = s.traffic;
  if ((t.arrivals ?? D.arrivals) !== 'k6' || t.preAllocatedVUs === undefined) return null;
  const max = t.maxVUs ?? t.preAllocatedVUs;
  if (max < t.preAllocatedVUs) throw new FieldProblem(['traffic', 'maxVUs'], `expected maxVUs >= preAllocatedVUs (${t.preAllocatedVUs})`);
  return { preAllocated: t.preAllocatedVUs, max, initMs: 0 };
}

/** The kubelet accepts a CFS quota period from 1 ms to 1 s. */
function cfsPeriodMs(v: string | number | undefined): number {
  const p = ms(v ?? D.cfsPeriod);
  if (p < 1 || p > 1000) throw new FieldProblem(['cluster', 'cfsPeriod'], 'expected a period from 1ms to 1s');
  return p;
}

function compileHpa(s: ScenarioSpec, k8s: ManifestInputs): HpaModel | null {
  if (k8s.hpa === undefined) return null;
  const c = s.hpaController;
  const d = DEFAULT_HPA_CONTROLLER_CONFIG;
  return {
    name: k8s.hpa.name,
    spec: k8s.hpa.spec,
    ...(c?.syncPhase !== undefined ? { phaseMs: ms(c.syncPhase) } : {}),
    controller: {
      ...d,
      ...(c?.syncPeriod !== undefined ? { syncPeriodMs: ms(c.syncPeriod) } : {}),
      ...(c?.tolerance !== undefined ? { tolerance: c.tolerance } : {}),
      ...(c?.cpuInitializationPeriod !== undefined ? { cpuInitializationPeriodMs: ms(c.cpuInitializationPeriod) } : {}),
      ...(c?.initialReadinessDelay !== undefined ? { initialReadinessDelayMs: ms(c.initialReadinessDelay) } : {}),
      ...(c?.downscaleStabilization !== undefined ? { downscaleStabilizationMs: ms(c.downscaleStabilization) } : {}),
    },
  };
}

export function compileProfile(s: ScenarioSpec): ArrivalProfile {
  const t = s.traffic;
  const timeUnitNs = ns(t.timeUnit ?? D.timeUnit);
  if (timeUnitNs <= 0) throw new FieldProblem(['traffic', 'timeUnit'], 'expected a time unit greater than 0');
  // Rates count k6 iterations; with flows one iteration sends several requests on average.
  const perIteration = s.http?.flows === undefined ? 1 : requestsPerIteration(s);
  if ((t.executor ?? D.executor) === 'constant-arrival-rate') {
    if (t.rate === undefined) throw new FieldProblem(['traffic', 'rate'], 'expected a rate for constant-arrival-rate');
    if (t.duration === undefined) throw new FieldProblem(['traffic', 'duration'], 'expected a duration for constant-arrival-rate');
    return { executor: 'constant-arrival-rate', rate: t.rate * perIteration, timeUnitNs, durationNs: ns(t.duration) };
  }
  if (t.stages === undefined || t.stages.length === 0) throw new FieldProblem(['traffic', 'stages'], 'expected at least one stage {duration, target}');
  return {
    executor: 'ramping-arrival-rate',
    startRate: (t.startRate ?? D.startRate) * perIteration,
    timeUnitNs,
    stages: t.stages.map((st) => ({ durationNs: ns(st.duration), target: st.target * perIteration })),
  };
}

function compileOperations(s: ScenarioSpec): OperationModel[] {
  const names = Object.keys(s.workload.operations);
  if (names.length === 0) throw new FieldProblem(['workload', 'operations'], 'expected at least one operation');
  return names.map((name) => {
    const o = s.workload.operations[name] as ScenarioSpec['workload']['operations'][string];
    const memoryPerRequest = o.memoryPerRequest === undefined ? 0 : memoryBytes(o.memoryPerRequest, ['workload', 'operations', name, 'memoryPerRequest']);
    const total = o.serviceTime ?? (o.cpu as DistributionInput);
    if (!(makeSampler(dist(total)).mean + (o.serviceTime === undefined && o.downstream ? makeSampler(dist(o.downstream)).mean : 0) > 0))
      throw new FieldProblem(['workload', 'operations', name, o.serviceTime !== undefined ? 'serviceTime' : 'cpu'], 'expected a service time with a mean above 0 ms (a request that takes no time gives every pod infinite capacity)');
    if (o.serviceTime !== undefined) {
      const share = o.cpuShare ?? 1;
      return { name, cpu: scale(o.serviceTime, share), downstream: share < 1 ? scale(o.serviceTime, 1 - share) : null, memoryPerRequest };
    }
    return { name, cpu: dist(o.cpu as DistributionInput), downstream: o.downstream ? dist(o.downstream) : null, memoryPerRequest };
  });
}

/**
 * The simulator's operation mix. A mix entry naming a flow (`http.flows`) adds the requests one
 * flow sends on average (weight × Π fractions up to each step); the flows' waits between steps
 * and the per-iteration correlation of its steps are not simulated, only their rates.
 */
function compileMix(s: ScenarioSpec, ops: OperationModel[]): Record<string, number> {
  const known = new Set(ops.map((o) => o.name));
  const flows = s.http?.flows ?? {};
  checkHttp(s);
  let sum = 0;
  for (const [name, w] of Object.entries(s.traffic.mix)) {
    if (!known.has(name) && flows[name] === undefined)
      throw new FieldProblem(['traffic', 'mix', name], `"${name}" is neither an operation in workload.operations (${[...known].join(', ')}) nor a flow in http.flows${Object.keys(flows).length > 0 ? ` (${Object.keys(flows).join(', ')})` : ''}`);
    sum += w;
  }
  if (!(sum > 0)) throw new FieldProblem(['traffic', 'mix'], 'expected mix weights that sum to more than zero');
  return expectedOperationWeights(s);
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
