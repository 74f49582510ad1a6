import { reconcileHpa } from '../autoscaling/hpa/reconcile.js';
import type { HpaState, PodMetricsSample, PodSnapshot } from '../autoscaling/hpa/types.js';
import type { LatencySummary } from '../metrics/latencyStats.js';
import type { SimConfig } from '../model.js';
import { profileDurationMs, rateAt, rateSegments } from '../traffic/stages.js';
import type { Ms } from '../units.js';
import { allenCunneenWaitMs, waitProbability } from '../queueing/allenCunneen.js';
import { moments, quantileFunction } from './distributionShape.js';

/**
 * The figures of a screening run: what tuning compares candidates on, in the full simulation's
 * units and names (so the same SLO verdicts apply).
 */
export interface ScreeningSummary {
  latencyMs: LatencySummary;
  perOperation: Record<string, { latencyMs: LatencySummary }>;
  /** Rejected, failed and timed-out answers over all answers. */
  errorRate: number;
  podHours: number;
  cost: { total: number };
  replicas: { max: number };
}

/** The clock of the screening model: traffic, queues and pod start-ups advance in 1 s steps. */
const STEP_MS = 1000;
/** Latency histogram: log buckets 1 % wide from 0.01 ms. */
const BUCKET_BASE = 0.01;
const BUCKET_LOG = Math.log(1.01);
const BUCKETS = 3000;
/** Latency points drawn per operation and step (low-discrepancy, no RNG): fewer on long runs. */
const POINTS_BUDGET = 200_000;

/**
 * A fast approximate model of a run for screening HPA candidates (issue: multi-fidelity tuning).
 * Per 1 s step: the arrival rate of the profile, split evenly over the ready pods; each pod a
 * G/G/c queue of its workers (Erlang C with the Allen–Cunneen correction) plus, with a CPU limit
 * or a FIFO event loop, a queue for the CPU; a fluid backlog when arrivals exceed capacity, capped
 * by the queue limit (the excess is rejected). Around it the real control loops at their periods:
 * metrics-server's averages and the HPA's own reconcile (`reconcileHpa`, behaviour, tolerance and
 * stabilisation included); new pods are Ready after the median start-up plus the readiness delay.
 * Not modelled: retries, per-pod imbalance, the VPA, node provisioning delays and OOM kills; the
 * full simulation confirms every configuration tuning returns. Deterministic and pure; costs
 * O(steps × (operations + workers)).
 */
export function screenRun(cfg: SimConfig): ScreeningSummary {
  const endMs = profileDurationMs(cfg.traffic.profile);
  const segments = rateSegments(cfg.traffic.profile);
  const ops = cfg.operations;
  const weightSum = ops.reduce((s, o) => s + (cfg.traffic.mix[o.name] ?? 0), 0) || 1;
  const weights = ops.map((o) => (cfg.traffic.mix[o.name] ?? 0) / weightSum);
  const cpuM = ops.map((o) => moments(o.cpu));
  const dsM = ops.map((o) => moments(o.downstream));
  const cpuQ = ops.map((o) => quantileTable(o.cpu));
  const dsQ = ops.map((o) => quantileTable(o.downstream));
  const pod = cfg.pod;
  const workers = pod.workers;
  // Cores the pod's CPU work queues for: its limit, one event loop for FIFO without a limit, else none.
  const cores = pod.cpuLimit !== null ? pod.cpuLimit / 1000 : pod.cpuDiscipline === 'fifo' ? 1 : Infinity;
  const ca2 = cfg.traffic.arrivals === 'k6' ? 0 : 1;
  const startupMs = medianOf(cfg.lifecycle.startup) + cfg.lifecycle.readinessDelayMs;
  const hpa = cfg.hpa;
  const syncMs = hpa?.controller.syncPeriodMs ?? Infinity;
  const resolutionMs = cfg.metricsServer.resolutionMs;
  const perPodHour = (pod.cpuRequest / 1000) * cfg.pricing.perCoreHour + (pod.memoryRequest / 2 ** 30) * cfg.pricing.perGiBHour;
  const group = cfg.cluster?.nodeGroups[0];

  const hist = ops.map(() => new Float64Array(BUCKETS));
  const points = Math.max(4, Math.min(32, Math.floor(POINTS_BUDGET / Math.max(1, (endMs / STEP_MS) * ops.length))));
  let readyAt: number[] = Array.from({ length: cfg.lifecycle.initialReady }, () => -Infinity);
  let starting: number[] = [];
  let desired = cfg.deployment.replicas;
  let state: HpaState | undefined;
  let backlog = 0;
  let answered = 0;
  let failed = 0;
  let podMs = 0;
  let nodeCost = 0;
  let nodes = group === undefined ? 0 : group.initial;
  let unneededSince = -1;
  let maxReady = readyAt.length;
  let cpuWindow = 0;
  let cpuWindowMs = 0;
  let scraped: number | null = null;
  let nextScrape = cfg.metricsServer.phaseMs ?? 0;
  let nextSync = hpa?.phaseMs ?? 0;
  let g = 0;

  for (let t = 0; t < endMs; t += STEP_MS) {
    if (starting.some((r) => r <= t)) {
      for (const r of starting) if (r <= t) readyAt.push(r);
      starting = starting.filter((r) => r > t);
    }
    const ready = readyAt.length;
    if (ready > maxReady) maxReady = ready;
    const lambda = rateAt(segments, t + STEP_MS / 2) / 1000; // arrivals per ms
    const arrivals = lambda * STEP_MS;
    const fault = faultsAt(cfg, t);

    // Mix moments this step (a downstream slowdown scales its waits).
    let es = 0;
    let es2 = 0;
    let cbar = 0;
    let c2 = 0;
    for (let i = 0; i < ops.length; i++) {
      const m = fault === NO_FAULT ? 1 : fault.latency((ops[i] as SimConfig['operations'][number]).name);
      const w = weights[i] as number;
      const c = cpuM[i] as { mean: number; second: number };
      const d = dsM[i] as { mean: number; second: number };
      es += w * (c.mean + m * d.mean);
      es2 += w * (c.second + 2 * c.mean * m * d.mean + m * m * d.second);
      cbar += w * c.mean;
      c2 += w * c.second;
    }
    let cpuPerReq = cbar;
    let usageMillicores = pod.idleCpu;
    if (ready === 0) {
      failed += arrivals;
      answered += arrivals;
    } else {
      const lp = lambda / ready;
      // The CPU wake-up cost is paid by requests that find the CPU idle.
      const busy = Math.min(1, (lp * cbar) / Math.min(cores, workers));
      cpuPerReq = cbar + pod.cpuWakeupMs * (1 - busy);
      const mu = Math.min(es > 0 ? workers / es : Infinity, cpuPerReq > 0 ? cores / cpuPerReq : Infinity); // per ms per pod
      const capacity = ready * mu * STEP_MS;
      const served = Math.min(arrivals + backlog, capacity);
      let fluidWaitMs = 0;
      let rejected = 0;
      if (backlog > 0 || lp >= 0.98 * mu) {
        const before = backlog;
        backlog = Math.max(0, backlog + arrivals - capacity);
        const limit = ready * pod.queueLimit;
        if (backlog > limit) {
          rejected = backlog - limit;
          backlog = limit;
        }
        fluidWaitMs = ((before + backlog) / 2) / (ready * mu);
      }
      usageMillicores += Math.min((served / STEP_MS / ready) * cpuPerReq * 1000, Number.isFinite(cores) ? cores * 1000 : Infinity);
      const steady = fluidWaitMs === 0;
      const cs2 = es > 0 ? es2 / (es * es) - 1 : 0;
      const pw = steady ? waitProbability(workers, lp * es) : 0;
      const wq = steady ? allenCunneenWaitMs(workers, lp, es, ca2, cs2) : 0;
      const k = Number.isFinite(cores) ? Math.max(1, Math.floor(cores)) : 0;
      const cpuService = k > 0 ? (cpuPerReq * k) / cores : 0;
      const cpuCs2 = cbar > 0 ? c2 / (cbar * cbar) - 1 : 0;
      const pc = steady && k > 0 ? waitProbability(k, lp * cpuService) : 0;
      const wc = steady && k > 0 ? allenCunneenWaitMs(k, lp, cpuService, ca2, cpuCs2) : 0;
      const accepted = arrivals - rejected;
      failed += rejected;
      answered += rejected;
      for (let i = 0; i < ops.length; i++) {
        const o = ops[i] as SimConfig['operations'][number];
        const n = accepted * (weights[i] as number);
        const bad = n * fault.errors(o.name);
        failed += bad;
        answered += n;
        const ok = (n - bad) / points;
        const h = hist[i] as Float64Array;
        const m = fault.latency(o.name);
        const cq = cpuQ[i] as Float64Array;
        const dq = dsQ[i] as Float64Array;
        for (let j = 0; j < points; j++, g++) {
          // A low-discrepancy point of the unit cube per latency point, shifted each step (Cranley–Patterson).
          const k = (g % SEQUENCE) * 4;
          const shift = (g / SEQUENCE) * GOLDEN;
          const u = frac((SEQ[k] as number) + shift);
          const v = frac((SEQ[k + 1] as number) + shift);
          let lat = fluidWaitMs + (cq[Math.floor(u * TABLE)] as number) + m * (dq[Math.floor(v * TABLE)] as number);
          const a = frac((SEQ[k + 2] as number) + shift);
          if (a < pw && Number.isFinite(wq)) lat += -(wq / pw) * Math.log(a / pw);
          const b = frac((SEQ[k + 3] as number) + shift);
          if (b < pc && Number.isFinite(wc)) lat += -(wc / pc) * Math.log(b / pc);
          lat += cfg.client.gapMs;
          if (!(lat <= cfg.client.timeoutMs) || !Number.isFinite(wq) || !Number.isFinite(wc)) {
            failed += ok; // timed out at the client
            continue;
          }
          const bucket = lat < BUCKET_BASE ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(lat / BUCKET_BASE) / BUCKET_LOG));
          h[bucket] = (h[bucket] as number) + ok;
        }
      }
    }

    // metrics-server: the mean CPU of a ready pod since the last scrape.
    cpuWindow += usageMillicores * STEP_MS;
    cpuWindowMs += STEP_MS;
    if (t + STEP_MS > nextScrape) {
      scraped = cpuWindowMs > 0 ? cpuWindow / cpuWindowMs : null;
      cpuWindow = 0;
      cpuWindowMs = 0;
      nextScrape += resolutionMs;
    }
    // The HPA's sync, with the controller's own reconcile.
    if (hpa !== null && t + STEP_MS > nextSync) {
      const now = nextSync;
      nextSync += syncMs;
      const snapshot = podsSnapshot(cfg, readyAt, starting, now);
      const metrics: PodMetricsSample[] = scraped === null ? [] : readyAt.map((_, i) => ({ pod: `pod-${i}`, timestamp: now, windowMs: resolutionMs, containers: cfg.containers.map((c, k) => ({ name: c.name, cpu: k === 0 ? (scraped as number) : 0 })) }));
      const r = reconcileHpa({ spec: hpa.spec, currentReplicas: desired, statusReplicas: snapshot.length, pods: snapshot, podMetrics: metrics, now, ...(state !== undefined ? { state } : {}) }, hpa.controller);
      state = r.state;
      if (r.rescale) desired = r.desiredReplicas;
    }
    // The Deployment: start pods up to `desired`, or remove starting pods first, then ready ones.
    const total = readyAt.length + starting.length;
    if (desired > total) for (let k = total; k < desired; k++) starting.push(t + startupMs + (group !== undefined && k >= nodeRoom(group, nodes, pod.cpuRequest) ? medianOf(group.provisioning) : 0));
    else if (desired < total) {
      let drop = total - desired;
      while (drop > 0 && starting.length > 0) (starting.pop(), drop--);
      if (drop > 0) readyAt = readyAt.slice(0, readyAt.length - drop);
    }
    const pods = readyAt.length + starting.length;
    podMs += pods * STEP_MS;
    if (group !== undefined) {
      const needed = Math.min(group.max, Math.max(group.min, Math.ceil((pods * pod.cpuRequest) / group.cpuMillicores), Math.ceil((pods * pod.memoryRequest) / group.memoryBytes)));
      if (needed > nodes) (nodes = needed), (unneededSince = -1);
      else if (needed < nodes) {
        if (unneededSince < 0) unneededSince = t;
        if (t - unneededSince >= group.scaleDownUnneededMs) (nodes = needed), (unneededSince = -1);
      } else unneededSince = -1;
      nodeCost += (nodes * group.pricePerHour * STEP_MS) / 3_600_000;
    }
  }

  const perOperation: Record<string, { latencyMs: LatencySummary }> = {};
  ops.forEach((o, i) => void (perOperation[o.name] = { latencyMs: summaryOf([hist[i] as Float64Array]) }));
  const podHours = podMs / 3_600_000;
  return {
    latencyMs: summaryOf(hist),
    perOperation,
    errorRate: answered > 0 ? failed / answered : 0,
    podHours,
    cost: { total: group !== undefined ? nodeCost : podHours * perPodHour },
    replicas: { max: maxReady },
  };
}

/** Points of the low-discrepancy sequence (radical inverses in bases 2, 3, 5, 7), reused with a shift. */
const SEQUENCE = 4096;
const SEQ = (() => {
  const out = new Float64Array(SEQUENCE * 4);
  for (let n = 0; n < SEQUENCE; n++) [2, 3, 5, 7].forEach((b, d) => void (out[n * 4 + d] = radicalInverse(n, b)));
  return out;
})();
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const frac = (x: number): number => x - Math.floor(x);

/** A distribution's quantiles at the midpoints of TABLE equal-probability cells (a lookup instead of an inverse CDF). */
const TABLE = 2048;
function quantileTable(d: SimConfig['operations'][number]['downstream']): Float64Array {
  const f = quantileFunction(d);
  return Float64Array.from({ length: TABLE }, (_, i) => f((i + 0.5) / TABLE));
}

/** Pods of one kind that fit on `nodes` nodes of the group by CPU request (a new pod beyond waits for a node). */
function nodeRoom(group: { cpuMillicores: number }, nodes: number, cpuRequest: number): number {
  return cpuRequest > 0 ? Math.floor(group.cpuMillicores / cpuRequest) * nodes : Infinity;
}

/** The pods as the HPA's informer shows them: Ready ones, and starting ones (Running, not Ready). */
function podsSnapshot(cfg: SimConfig, readyAt: readonly number[], starting: readonly number[], now: Ms): PodSnapshot[] {
  const containers = cfg.containers.map((c, k) => {
    const cpu = c.cpuRequest === null ? undefined : k === 0 ? cfg.pod.cpuRequest : c.cpuRequest;
    return { name: c.name, requests: cpu === undefined ? {} : { cpu } };
  });
  const out: PodSnapshot[] = readyAt.map((at, i) => ({ name: `pod-${i}`, phase: 'Running', deleting: false, startTime: Math.min(at, now) - 1, ready: { status: 'True', lastTransitionTime: Number.isFinite(at) ? at : -1e9 }, containers }));
  starting.forEach((at, i) => out.push({ name: `starting-${i}`, phase: 'Running', deleting: false, startTime: Math.min(now, at), ready: { status: 'False', lastTransitionTime: Math.min(now, at) }, containers }));
  return out;
}

/** Faults active at `t`: the share of downstream calls failing and the downstream slowdown, per operation. */
function faultsAt(cfg: SimConfig, t: Ms): { errors: (op: string) => number; latency: (op: string) => number } {
  if (cfg.faults.length === 0) return NO_FAULT;
  const active = cfg.faults.filter((f) => f.fromMs <= t && t < f.toMs);
  if (active.length === 0) return NO_FAULT;
  const hits = (op: string) => active.filter((f) => f.operations.length === 0 || f.operations.includes(op));
  return {
    errors: (op) => 1 - hits(op).reduce((p, f) => p * (1 - f.errorRate), 1),
    latency: (op) => hits(op).reduce((m, f) => m * f.latencyMultiplier, 1),
  };
}
const NO_FAULT: { errors: (op: string) => number; latency: (op: string) => number } = { errors: () => 0, latency: () => 1 };

function medianOf(d: SimConfig['lifecycle']['startup']): Ms {
  return quantileFunction(d)(0.5);
}

/** Quantiles of the merged histograms (bucket midpoints: within 0.5 % of the model's value). */
function summaryOf(hs: readonly Float64Array[]): LatencySummary {
  let count = 0;
  let sum = 0;
  let max = 0;
  const mid = (b: number) => BUCKET_BASE * Math.exp((b + 0.5) * BUCKET_LOG);
  for (const h of hs)
    for (let b = 0; b < BUCKETS; b++) {
      const w = h[b] as number;
      if (w > 0) {
        count += w;
        sum += w * mid(b);
        if (mid(b) > max) max = mid(b);
      }
    }
  const q = (p: number): Ms => {
    if (count === 0) return 0;
    const target = p * count;
    let acc = 0;
    for (let b = 0; b < BUCKETS; b++) {
      for (const h of hs) acc += h[b] as number;
      if (acc >= target) return mid(b);
    }
    return max;
  };
  return { count: Math.round(count), mean: count > 0 ? sum / count : 0, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max };
}

/** The radical inverse of `n` in `base` (van der Corput): a low-discrepancy point in (0, 1). */
function radicalInverse(n: number, base: number): number {
  const inv = 1 / base;
  let f = inv;
  let r = 0;
  let k = n + 1;
  while (k > 0) {
    r += (k % base) * f;
    k = Math.floor(k / base);
    f *= inv;
  }
  return r;
}
