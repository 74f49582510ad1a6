import type { LatencySummary } from './metrics/latencyStats.js';
import type { TimeSeries } from './metrics/timeSeries.js';
import type { OperationSeries } from './metrics/operationSeries.js';
import type { Simulation, SimEvent } from './simulation.js';
import type { DeploymentController } from './cluster/deployment.js';
import { NodeState } from './cluster/nodes.js';
import type { HpaDecision } from './autoscaling/hpaLoop.js';
import type { TraceRecord } from './trace.js';
import { Count } from './metrics/outcomeCounters.js';
import type { Ms } from './units.js';

/** The numbers a capacity run produces (the `--json` summary). Times in ms, rates per second. */
export interface RunSummary {
  scenario: string;
  seed: number;
  durationSeconds: number;
  requests: {
    arrived: number;
    firstAttempts: number;
    retries: number;
    completed: number;
    rejected: number;
    errors: number;
    timedOut: number;
    gaveUp: number;
    unfinished: number;
    /** k6 mode: iterations dropped because every VU was busy (k6's dropped_iterations); never sent. */
    droppedIterations: number;
  };
  /** Latency of 2xx answers. */
  latencyMs: LatencySummary;
  /** Latency of every answer the client saw (503s, 5xx and timeouts at the timeout), as k6's http_req_duration. */
  latencyAllMs: LatencySummary;
  queueWaitMs: LatencySummary;
  /** Share of started requests that waited for a worker (Erlang C's P(wait > 0)). */
  waitProbability: number;
  errorRate: number;
  throughputRps: number;
  replicas: { min: number; max: number; mean: number; peakDesired: number };
  podSeconds: number;
  podHours: number;
  cpuUtilization: { mean: number };
  /** Cost of the run: node-hours × node price when nodes are modelled, else pod requests × resource prices. */
  cost: { total: number; perHour: number; pods: number; nodes: number | null };
  scaling: ScalingSummary;
  /** Present when nodes are modelled (a `cluster` section). */
  nodes?: NodeSummary;
  /** Containers OOM-killed (memory over the limit) and pods evicted or resized by the VPA. */
  pods: { oomKills: number; vpaEvictions: number; vpaResizes: number };
  /** The VPA recommender's last target for the modelled container, when a VPA is given. */
  vpa?: { targetCpuMillicores: number; targetMemoryBytes: number };
  perOperation: Record<string, OperationSummary>;
}

export interface ScalingSummary {
  /**
   * From the first moment the offered load exceeded the ready pods' serving capacity until there
   * were enough Ready pods again (time-series resolution); null when load never exceeded capacity.
   */
  timeToScaleSeconds: number | null;
  /** Total time the offered load exceeded the serving capacity. */
  overloadedSeconds: number;
  scaleUps: number;
  scaleDowns: number;
  peakReady: number;
  /** Most pods waiting for a node at once. */
  peakPending: number;
}

export interface NodeSummary {
  peak: number;
  mean: number;
  nodeHours: number;
  cost: number;
}

export interface OperationSummary {
  arrived: number;
  completed: number;
  rejected: number;
  errors: number;
  timedOut: number;
  errorRate: number;
  latencyMs: LatencySummary;
  queueWaitMs: LatencySummary;
}

export interface SimResult {
  summary: RunSummary;
  series: TimeSeries;
  /** Latency per operation over time; null with a single operation. */
  operationSeries: OperationSeries | null;
  trace: TraceRecord[] | null;
  /** What the control loops did (HPA decisions and conditions, scaling, scheduling, nodes). */
  events: SimEvent[];
  /** Every HPA sync: current and desired replicas, utilisation, conditions. */
  hpaDecisions: HpaDecision[];
}

/** Summarise a finished simulation. Object keys are built in a fixed order for byte-identical output. */
export function summarize(sim: Simulation, deployment: DeploymentController): RunSummary {
  const c = sim.counts;
  const o = sim.outcomes;
  const completed = o.total(Count.Completed);
  const rejected = o.total(Count.Rejected);
  const errors = o.total(Count.Errors);
  const timedOut = o.total(Count.TimedOut);
  const end = sim.endMs;
  const pods = podTotals(sim, end);
  const nodes = nodeSummary(sim, deployment);
  const ready = sim.series.columns.readyReplicas;
  const desired = sim.series.columns.desiredReplicas;
  const answered = completed + rejected + errors + timedOut;
  const pricing = sim.cfg.pricing;
  const perPodHour = (sim.cfg.pod.cpuRequest / 1000) * pricing.perCoreHour + (sim.cfg.pod.memoryRequest / 2 ** 30) * pricing.perGiBHour;
  const perOperation: Record<string, OperationSummary> = {};
  sim.cfg.operations.forEach((op, i) => {
    const oc = { arrived: o.of(Count.Arrived, i), completed: o.of(Count.Completed, i), rejected: o.of(Count.Rejected, i), errors: o.of(Count.Errors, i), timedOut: o.of(Count.TimedOut, i) };
    const opAnswered = oc.completed + oc.rejected + oc.errors + oc.timedOut;
    perOperation[op.name] = {
      arrived: oc.arrived,
      completed: oc.completed,
      rejected: oc.rejected,
      errors: oc.errors,
      timedOut: oc.timedOut,
      errorRate: opAnswered > 0 ? (opAnswered - oc.completed) / opAnswered : 0,
      latencyMs: sim.perOp[i]?.summary() as LatencySummary,
      queueWaitMs: sim.perOpQueueWait[i]?.summary() as LatencySummary,
    };
  });
  return {
    scenario: sim.cfg.name,
    seed: sim.cfg.seed,
    durationSeconds: sim.trafficEndMs / 1000,
    requests: {
      arrived: o.total(Count.Arrived),
      firstAttempts: c.firstAttempts,
      retries: c.retries,
      completed,
      rejected,
      errors,
      timedOut,
      gaveUp: c.gaveUp,
      unfinished: c.unfinished,
      droppedIterations: c.droppedIterations,
    },
    latencyMs: sim.overallLatency().summary(),
    latencyAllMs: sim.overallLatencyAll().summary(),
    queueWaitMs: sim.overallQueueWait().summary(),
    waitProbability: c.started > 0 ? c.waited / c.started : 0,
    errorRate: answered > 0 ? (answered - completed) / answered : 0,
    throughputRps: sim.trafficEndMs > 0 ? completed / (sim.trafficEndMs / 1000) : 0,
    replicas: {
      min: minOf(ready),
      max: maxOf(ready),
      mean: pods.readyMs / sim.trafficEndMs,
      peakDesired: maxOf(desired),
    },
    podSeconds: pods.existMs / 1000,
    podHours: pods.existMs / 3_600_000,
    cpuUtilization: { mean: pods.requestedCpuMs > 0 ? pods.usedCpuMs / pods.requestedCpuMs : 0 },
    cost: costOf(pods.existMs * perPodHour / 3_600_000, nodes, sim.trafficEndMs),
    scaling: scalingSummary(sim),
    ...(nodes !== null ? { nodes } : {}),
    pods: { oomKills: deployment.counts.oomKills, vpaEvictions: deployment.counts.evictions, vpaResizes: deployment.counts.resizes },
    ...(sim.cfg.vpa !== null ? { vpa: { targetCpuMillicores: sim.gauges.vpaTargetCpuMillicores, targetMemoryBytes: sim.gauges.vpaTargetMemoryBytes } } : {}),
    perOperation,
  };
}

function costOf(podCost: number, nodes: NodeSummary | null, trafficEndMs: Ms): RunSummary['cost'] {
  const total = nodes === null ? podCost : nodes.cost;
  return { total, perHour: trafficEndMs > 0 ? total / (trafficEndMs / 3_600_000) : 0, pods: podCost, nodes: nodes === null ? null : nodes.cost };
}

function scalingSummary(sim: Simulation): ScalingSummary {
  const c = sim.series.columns;
  const intervalS = sim.series.intervalMs / 1000;
  const lastRow = Math.min(sim.series.rows, Math.ceil(sim.trafficEndMs / sim.series.intervalMs));
  let first = -1;
  let recovered = -1;
  let overloaded = 0;
  for (let r = 0; r < lastRow; r++) {
    const rate = (c.arrivals[r] as number) / intervalS;
    const over = rate > (c.capacityRps[r] as number);
    if (over) overloaded++;
    if (over && first < 0) first = r;
    if (!over && first >= 0 && recovered < 0) recovered = r;
  }
  let ups = 0;
  let downs = 0;
  for (const e of sim.events) {
    if (e.source !== 'deployment' || e.from === undefined || e.to === undefined) continue;
    if (e.to > e.from) ups++;
    else if (e.to < e.from) downs++;
  }
  return {
    timeToScaleSeconds: first < 0 ? null : ((recovered < 0 ? lastRow : recovered) - first) * intervalS,
    overloadedSeconds: overloaded * intervalS,
    scaleUps: ups,
    scaleDowns: downs,
    peakReady: maxOf(c.readyReplicas),
    peakPending: maxOf(c.pendingReplicas),
  };
}

function nodeSummary(sim: Simulation, deployment: DeploymentController): NodeSummary | null {
  const pool = deployment.nodes;
  if (pool === null) return null;
  const end = sim.trafficEndMs;
  let nodeMs = 0;
  let cost = 0;
  for (const n of pool.nodes) {
    const gone = n.state === NodeState.Removed ? Math.min(n.removedAt, end) : end;
    const ms = Math.max(0, gone - n.createdAt);
    nodeMs += ms;
    cost += (ms / 3_600_000) * (pool.groups[n.group]?.pricePerHour ?? 0);
  }
  return { peak: maxOf(sim.series.columns.nodes), mean: end > 0 ? nodeMs / end : 0, nodeHours: nodeMs / 3_600_000, cost };
}

/** Pod-time totals up to `end`: existing (billed), ready (serving), requested and used CPU. */
function podTotals(sim: Simulation, end: Ms): { existMs: number; readyMs: number; requestedCpuMs: number; usedCpuMs: number } {
  const p = sim.pods;
  let existMs = 0;
  let readyMs = 0;
  let requestedCpuMs = 0;
  let usedCpuMs = 0;
  for (let i = 0; i < p.n; i++) {
    const gone = Number.isNaN(p.goneAt[i] as number) ? end : Math.min(end, p.goneAt[i] as number);
    const trafficEnd = Math.min(gone, sim.trafficEndMs);
    existMs += Math.max(0, trafficEnd - (p.createdAt[i] as number));
    const readyAt = Math.max(0, p.readyAt[i] as number);
    const unready = Number.isNaN(p.terminatingAt[i] as number) ? trafficEnd : Math.min(trafficEnd, p.terminatingAt[i] as number);
    if (!Number.isNaN(readyAt)) readyMs += Math.max(0, unready - readyAt);
    const started = Math.max(0, p.startedAt[i] as number);
    if (!Number.isNaN(started)) {
      const running = Math.max(0, gone - started);
      requestedCpuMs += running * (p.cpuRequest[i] as number);
      usedCpuMs += (p.cpuCum[i] as number) * 1000 + running * sim.cfg.pod.idleCpu;
    }
  }
  return { existMs, readyMs, requestedCpuMs, usedCpuMs };
}

function minOf(a: Float64Array): number {
  let m = Infinity;
  for (const v of a) if (v < m) m = v;
  return m === Infinity ? 0 : m;
}
function maxOf(a: Float64Array): number {
  let m = -Infinity;
  for (const v of a) if (v > m) m = v;
  return m === -Infinity ? 0 : m;
}
