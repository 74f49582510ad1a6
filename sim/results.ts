import type { LatencySummary } from './metrics/latencyStats.js';
import type { TimeSeries } from './metrics/timeSeries.js';
import type { Simulation } from './simulation.js';
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
  cost: { total: number; perHour: number };
  perOperation: Record<string, OperationSummary>;
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
  trace: TraceRecord[] | null;
}

/** Summarise a finished simulation. Object keys are built in a fixed order for byte-identical output. */
export function summarize(sim: Simulation): RunSummary {
  const c = sim.counts;
  const o = sim.outcomes;
  const completed = o.total(Count.Completed);
  const rejected = o.total(Count.Rejected);
  const errors = o.total(Count.Errors);
  const timedOut = o.total(Count.TimedOut);
  const end = sim.endMs;
  const pods = podTotals(sim, end);
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
    cost: { total: (pods.existMs / 3_600_000) * perPodHour, perHour: (pods.existMs / end) * perPodHour },
    perOperation,
  };
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
    const readyAt = p.readyAt[i] as number;
    if (!Number.isNaN(readyAt)) readyMs += Math.max(0, trafficEnd - readyAt);
    const started = p.startedAt[i] as number;
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
