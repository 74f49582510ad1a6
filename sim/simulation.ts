import { Agenda } from './engine/agenda.js';
import { Rng, RngStreams } from './engine/rng.js';
import { LatencyStats } from './metrics/latencyStats.js';
import { TimeSeries } from './metrics/timeSeries.js';
import { Count, OutcomeCounters } from './metrics/outcomeCounters.js';
import { OperationSeries } from './metrics/operationSeries.js';
import { SeriesSampler } from './metrics/seriesSampler.js';
import { Router } from './workload/router.js';
import type { SimConfig } from './model.js';
import { K6Arrivals, PoissonArrivals, ReplayArrivals, type ArrivalSource } from './traffic/arrivals.js';
import { iterationUniform, makeMix, pickFrom, pickStarts, type OperationMix } from './traffic/mix.js';
import { profileDurationMs } from './traffic/stages.js';
import type { Ms } from './units.js';
import { makeSampler, ZERO, type Sampler } from './workload/distributions.js';
import { PodState, PodTable } from './workload/podTable.js';
import { FAILED, QUEUED, RequestTable, TIMED_OUT } from './workload/requestTable.js';
import type { PsQueue } from './workload/psQueue.js';
import type { IntQueue } from './workload/intQueue.js';
import { Outcome, type TraceSink } from './trace.js';
import type { ControlLoop, LoopContext } from './controlLoop.js';
import { LindleyPods } from './workload/lindleyPods.js';
import { NodeCpu } from './cluster/nodeCpu.js';
import { VuPool } from './traffic/vuPool.js';
import { ServiceConnections } from './workload/service.js';
import { ClientDeadlines } from './workload/clientDeadlines.js';

// Event kinds, and their priorities at equal times: sampling first (an interval closes before
// anything at its boundary happens), then completions, timeouts, pod lifecycle, control loops, arrivals.
const EV_SAMPLE = 0;
const EV_CPU_DONE = 1;
const EV_DS_DONE = 2;
const EV_PS_DONE = 3;
/** Client timeouts due (the oldest deadlines of ClientDeadlines). */
const EV_TIMEOUT = 4;
const EV_LIFECYCLE = 6;
const EV_LOOP = 7;
const EV_ARRIVAL = 8;
const EV_RETRY = 9;
const EV_TIMER = 10;
const EV_NODE_CPU = 11;
const EV_VU_READY = 12;
const EV_CLIENT_FREE = 13;
const PRIORITY = [0, 1, 1, 1, 2, 2, 3, 4, 5, 5, 3, 1, 4, 1];
// How each arrival's operation is chosen.
const PICK_SINGLE = 0;
const PICK_RANDOM = 1;
const PICK_HASH = 2;
const PICK_REPLAY = 3;
/** Service times drawn ahead per operation, in batches of this many. */
const DRAW_BATCH = 128;
// Agenda timers (see Agenda.set): the oldest client deadline, and each CPU-limited pod's next
// processor-sharing completion.
const TIMER_DEADLINE = 0;
const psTimer = (pod: number): number => 1 + pod;

/**
 * The discrete-event kernel: requests arrive, are routed to ready pods, queue for a worker, use
 * CPU (shared under a CPU limit), wait on a downstream, and complete, fail or time out. Control
 * loops (HPA, VPA, node autoscaler) run on the same clock through `ControlLoop`.
 *
 * Pure: no I/O, no wall clock; every random draw comes from a named stream of `seed`.
 */
export class Simulation {
  readonly cfg: SimConfig;
  readonly agenda = new Agenda();
  readonly pods = new PodTable();
  readonly reqs = new RequestTable();
  readonly series: TimeSeries;
  readonly trafficEndMs: Ms = 0;
  readonly endMs: Ms = 0;
  now: Ms = 0;

  // Statistics.
  /** Latency of answers other than 2xx (rejections at 0, errors, timeouts at the timeout). */
  readonly failedLatency: LatencyStats;
  readonly perOp: LatencyStats[];
  readonly perOpQueueWait: LatencyStats[];
  /** Outcomes per operation (see Count); the remaining run totals below. */
  readonly outcomes: OutcomeCounters;
  readonly counts = { firstAttempts: 0, retries: 0, gaveUp: 0, started: 0, waited: 0, unfinished: 0, abandoned: 0, droppedIterations: 0 };

  // Model.
  private readonly mix: OperationMix;
  /** Where the search for an operation starts in each bucket of the uniform (see pickStarts). */
  private readonly mixStarts: Int32Array;
  private readonly cpuSamplers: Sampler[];
  private readonly dsSamplers: Sampler[];
  private readonly cpuRngs: Rng[];
  private readonly dsRngs: Rng[];
  /** Service-time draws taken ahead in batches per operation (each stream's values, in order). */
  private readonly cpuDraws: Float64Array[];
  private readonly dsDraws: Float64Array[];
  private readonly drawAt: Int32Array;
  private readonly arrivals: ArrivalSource;
  private readonly mixRng: Rng;
  /** The mix stream's uniforms, drawn ahead (see pickOperation). */
  private readonly mixDraws = new Float64Array(DRAW_BATCH);
  private mixAt = DRAW_BATCH;
  private readonly retryRng: Rng;
  private readonly faultRng: Rng;
  private readonly workers: number = 0;
  private readonly queueLimit: number = 0;
  /** The pod-side deadline of a client timeout: the client's timeout minus the client gap. */
  private readonly timeoutMs: Ms = 0;
  private readonly hasTimeout: boolean = false;
  /** The client gap (model.ts ClientModel.gapMs): added to what the client sees. */
  private readonly gapMs: Ms = 0;
  /** The client deadlines of the requests in the system, in arrival order. */
  private readonly deadlines = new ClientDeadlines();
  private readonly faultsOn: boolean = false;
  private readonly pickMode: number = 0;
  private readonly wakeupMs: Ms = 0;
  private readonly memOn: boolean = false;
  private readonly memPerReq: Float64Array;
  private readonly memoryBaseline: number = 0;
  private iteration = 0;

  /** Routing across Ready pods. */
  readonly router: Router;
  /** The Service's connections, when routing is `service` (else null: per-request routing). */
  readonly service: ServiceConnections | null;
  /** k6's VU pool (k6 arrivals with a VU budget), or null when VUs never run out. */
  readonly vus: VuPool | null;
  /**
   * The nodes' CPU shared between their pods as CFS shares it, when nodes are modelled; null
   * when they are not (each pod then has CPU of its own: its limit, or a core per request).
   */
  readonly nodeCpu: NodeCpu | null;

  private readonly loops: ControlLoop[];
  /** What the control loops did, in time order (HPA decisions, pods, nodes). */
  readonly events: SimEvent[] = [];
  trace: TraceSink | null = null;
  /** Hooks for control loops that keep per-interval values (desired replicas, nodes, HPA utilisation). */
  readonly gauges = {
    desiredReplicas: NaN,
    nodes: NaN,
    hpaUtilization: NaN,
    vpaTargetCpuMillicores: NaN,
    vpaTargetMemoryBytes: NaN,
    oomKills: 0,
    evictions: 0,
  };
  private readonly sampler: SeriesSampler;
  /** Latency per operation over time; null with a single operation (the overall series is its own). */
  readonly operationSeries: OperationSeries | null;
  /** Serving capacity of one ready pod (requests/s at the mix's mean service time, by workers or CPU limit). */
  readonly capacityPerPodRps: number = 0;

  constructor(cfg: SimConfig, loops: ControlLoop[] = []) {
    this.cfg = cfg;
    this.loops = loops;
    const streams = new RngStreams(cfg.seed);
    this.trafficEndMs = profileDurationMs(cfg.traffic.profile);
    this.endMs = this.trafficEndMs + cfg.output.drainMs;
    this.series = new TimeSeries(cfg.output.intervalMs, Math.max(1, Math.ceil(this.endMs / cfg.output.intervalMs)));
    const acc = cfg.output.sketchAccuracy;
    this.failedLatency = new LatencyStats(acc);
    this.operationSeries = cfg.operations.length > 1 ? new OperationSeries(cfg.operations.map((o) => o.name), this.series.intervalMs, this.series.rows) : null;
    this.perOp = cfg.operations.map(() => new LatencyStats(acc));
    this.sampler = new SeriesSampler(acc, this.perOp, this.operationSeries);
    this.perOpQueueWait = cfg.operations.map(() => new LatencyStats(acc));
    this.outcomes = new OutcomeCounters(cfg.operations.length);
    this.router = new Router(cfg.routing, streams.get('routing'), this.pods);
    this.service = cfg.routing === 'service' ? new ServiceConnections(cfg.service, this.router, this.pods, streams.get('service')) : null;
    const vus = cfg.traffic.arrivals === 'k6' ? cfg.traffic.vus : null;
    this.vus = vus ? new VuPool(vus.preAllocated, vus.max) : null;
    this.wakeupMs = cfg.pod.cpuWakeupMs;
    const replay = cfg.traffic.replay;
    this.pickMode = replay?.operations
      ? PICK_REPLAY
      : cfg.traffic.arrivals === 'k6' || replay !== undefined
        ? PICK_HASH
        : cfg.operations.length === 1
          ? PICK_SINGLE
          : PICK_RANDOM;
    this.mix = makeMix(reorderMix(cfg));
    this.mixStarts = pickStarts(this.mix);
    this.cpuSamplers = cfg.operations.map((o) => makeSampler(o.cpu));
    this.dsSamplers = cfg.operations.map((o) => (o.downstream ? makeSampler(o.downstream) : ZERO));
    this.cpuRngs = cfg.operations.map((o) => streams.get(`cpu:${o.name}`));
    this.dsRngs = cfg.operations.map((o) => streams.get(`downstream:${o.name}`));
    this.cpuDraws = cfg.operations.map(() => new Float64Array(DRAW_BATCH));
    this.dsDraws = cfg.operations.map(() => new Float64Array(DRAW_BATCH));
    this.drawAt = new Int32Array(cfg.operations.length).fill(DRAW_BATCH);
    this.mixRng = streams.get('mix');
    this.retryRng = streams.get('retry');
    this.faultRng = streams.get('faults');
    this.arrivals = makeArrivals(cfg, streams.get('arrivals'));
    this.workers = cfg.pod.workers;
    this.queueLimit = cfg.pod.queueLimit;
    this.gapMs = cfg.client.gapMs;
    this.timeoutMs = Math.max(0, cfg.client.timeoutMs - cfg.client.gapMs);
    this.hasTimeout = Number.isFinite(cfg.client.timeoutMs);
    this.faultsOn = cfg.faults.length > 0;
    this.memPerReq = Float64Array.from(cfg.operations.map((o) => o.memoryPerRequest));
    this.memOn = this.memPerReq.some((m) => m > 0);
    this.memoryBaseline = cfg.metricsServer.memoryBaseline;
    this.capacityPerPodRps = this.capacityPerPod();
    this.nodeCpu =
      cfg.cluster === null
        ? null
        : new NodeCpu(
            this.pods,
            () => this.reqs.cpuWork,
            (at, node, version) => this.agenda.push(at, PRIORITY[EV_NODE_CPU] as number, EV_NODE_CPU, node, version),
            (r) => this.cpuPhaseEnded(r),
            cfg.cluster.cfsPeriodMs,
          );
  }

  /**
   * Run to the end and leave the statistics in place. Pods that only interact through their
   * workers (see `lindleyEligible`) run on the Lindley kernel; everything else on the events.
   */
  run(): void {
    if (this.lindleyEligible()) this.lindley = this.makeLindley();
    else {
      this.nextArrival();
    }
    this.agenda.push(this.cfg.output.intervalMs, 0, EV_SAMPLE, 0);
    this.loops.forEach((loop, i) => {
      loop.start?.(this.context());
      this.agenda.push(loop.firstTickMs, PRIORITY[EV_LOOP] as number, EV_LOOP, i);
    });
    if (this.lindley !== null) this.runLindley(this.lindley);
    else {
      const agenda = this.agenda;
      // The pending arrival's key is in agenda.outside (see nextArrival); the limit is the end.
      agenda.outside[2] = this.endMs;
      for (;;) {
        // The agenda's next event if it runs before the pending arrival, else the arrival (arrivals
        // never pass the traffic's end).
        if (agenda.popNext()) {
          this.now = agenda.time;
          this.dispatch(agenda.kind, agenda.arg, agenda.token);
        } else if (this.arrivalAt !== Infinity) {
          this.now = this.arrivalAt;
          this.onArrival();
        } else break;
      }
    }
    this.now = this.endMs;
    this.finish();
  }

  /** The Lindley kernel of this run, when it is eligible (null: the event kernel runs). */
  private lindley: LindleyPods | null = null;

  /**
   * Whether every request's future is fixed when it arrives: no control loops (so no pod comes,
   * goes or changes), every pod Ready from the start with CPU of its own (not a node's shared
   * by CFS), routing per request that does not look at the pods' load (not a Service's
   * connections), no k6 VU budget, workers that never wait for CPU (no limit, or one of at least a core per worker),
   * no CPU wake-up cost or warm-up, no faults, retries, memory accounting or trace.
   */
  private lindleyEligible(): boolean {
    const cfg = this.cfg;
    if (this.loops.length > 0 || this.trace !== null || this.faultsOn || this.memOn || this.wakeupMs > 0) return false;
    if (cfg.client.retry !== null || cfg.routing === 'least-outstanding') return false;
    // A Service's connections and k6's VUs are held until each request ends: the events must see it.
    if (this.service !== null || this.vus !== null) return false;
    const pods = this.pods;
    if (pods.n === 0 || this.router.n !== pods.n) return false;
    const warm = cfg.lifecycle.warmup;
    for (let p = 0; p < pods.n; p++) {
      if (pods.state[p] !== PodState.Ready || pods.onNode[p] === 1) return false;
      if (pods.ps[p] !== null && (pods.cpuCap[p] as number) < this.workers) return false;
      if (pods.fifo[p] !== null && ((pods.cpuServers[p] as number) < this.workers || pods.cpuSpeed[p] !== 1)) return false;
      if (this.cpuFactor !== null && (warm === null || (pods.readyAt[p] as number) + warm.durationMs > 0)) return false;
    }
    return true;
  }

  private makeLindley(): LindleyPods {
    const cfg = this.cfg;
    return new LindleyPods(
      {
        pods: this.pods.n,
        workers: this.workers,
        queueLimit: this.queueLimit,
        timeoutMs: this.timeoutMs,
        gapMs: this.gapMs,
        abandonQueued: cfg.client.abandonQueued,
        cpuSamplers: this.cpuSamplers,
        dsSamplers: this.dsSamplers,
        cpuRngs: this.cpuRngs,
        dsRngs: this.dsRngs,
        intervalMs: cfg.output.intervalMs,
        rows: this.series.rows,
        endMs: this.endMs,
      },
      this,
      cfg.output.sketchAccuracy,
    );
  }

  /** Arrivals straight from the source, interleaved in time with the agenda (sampling), which wins ties. */
  private runLindley(lindley: LindleyPods): void {
    const agenda = this.agenda;
    const end = this.endMs;
    const arrivals = this.arrivals;
    // Arrival times in batches: a typed array carries them without boxing each double.
    const times = new Float64Array(1024);
    let n = 0;
    let i = 0;
    // The agenda's next time, read again only after it runs an event: admitting a request never schedules one.
    let te = agenda.size > 0 ? agenda.peekTime() : Infinity;
    for (;;) {
      if (i === n) {
        n = fillArrivals(arrivals, times);
        i = 0;
      }
      if (i < n) {
        i = this.admitArrivals(lindley, times, i, n, te);
        if (i === n) continue;
      }
      // The next arrival comes after the agenda's next event, or after the traffic's end, or never.
      if (te > end) break;
      agenda.pop();
      this.now = agenda.time;
      this.dispatch(agenda.kind, agenda.arg, agenda.token);
      te = agenda.size > 0 ? agenda.peekTime() : Infinity;
    }
  }

  /**
   * Admit arrivals times[i..n) up to the first that is not before `beforeMs` or is past the
   * traffic's end; returns the index of that one (n when all were admitted). The kernel's inner
   * loop is this function, called once per batch, rather than the loop of runLindley: V8 compiles
   * a loop it enters only once by on-stack replacement, and that code boxed the loop's doubles (an
   * allocation per request).
   */
  private admitArrivals(lindley: LindleyPods, times: Float64Array, from: number, n: number, beforeMs: Ms): number {
    const trafficEnd = this.trafficEndMs;
    const outcomes = this.outcomes;
    // One operation: its arrivals are counted once for the batch (no row closes within it).
    const single = this.pickMode === PICK_SINGLE;
    let i = from;
    for (; i < n; i++) {
      const t = times[i] as number;
      if (!(t <= trafficEnd && t < beforeMs)) break;
      let op = 0;
      if (!single) {
        op = this.pickOperation();
        this.counts.firstAttempts++;
        outcomes.inc(Count.Arrived, op);
      }
      const pod = this.router.pick();
      lindley.at[0] = t;
      if (pod < 0) {
        outcomes.inc(Count.Rejected, op);
        this.failedLatency.add(this.gapMs);
      } else lindley.admit(op, pod);
    }
    if (single && i > from) {
      const k = i - from;
      this.iteration += k;
      this.counts.firstAttempts += k;
      outcomes.add(Count.Arrived, 0, k);
    }
    return i;
  }

  private dispatch(kind: number, arg: number, token: number): void {
    switch (kind) {
      case EV_CPU_DONE:
        if (this.reqs.gen[arg] === token) this.onCpuDone(arg);
        return;
      case EV_DS_DONE:
        if (this.reqs.gen[arg] === token) this.complete(arg);
        return;
      case EV_PS_DONE:
        return this.onPsDone(arg, token);
      case EV_NODE_CPU:
        return (this.nodeCpu as NodeCpu).onEvent(arg, token, this.now);
      case EV_VU_READY:
        return (this.vus as VuPool).initDone();
      case EV_CLIENT_FREE:
        return this.freeConnection(arg, (token & 1) !== 0, (token & 2) !== 0);
      case EV_TIMEOUT:
        return this.onDeadlines();
      case EV_RETRY:
        return this.admit(arg);
      case EV_SAMPLE:
        return this.onSample();
      case EV_LOOP:
        return this.onLoop(arg);
      case EV_LIFECYCLE:
        return this.lifecycle?.(arg, token);
      case EV_TIMER: {
        const fn = this.timers.get(arg);
        this.timers.delete(arg);
        return fn?.();
      }
    }
  }

  /** Pod lifecycle handler, installed by the cluster model (pods start, become ready, go away). */
  lifecycle: ((pod: number, token: number) => void) | null = null;

  private readonly timers = new Map<number, () => void>();
  private nextTimer = 0;

  /** Run `fn` at `atMs` (for rare model events such as a node becoming Ready; not for requests). */
  at(atMs: Ms, fn: () => void): void {
    const id = this.nextTimer++;
    this.timers.set(id, fn);
    this.agenda.push(atMs, PRIORITY[EV_TIMER] as number, EV_TIMER, id);
  }

  /** Schedule a lifecycle event for a pod (used by the cluster model). */
  scheduleLifecycle(atMs: Ms, pod: number, token: number): void {
    this.agenda.push(atMs, PRIORITY[EV_LIFECYCLE] as number, EV_LIFECYCLE, pod, token);
  }

  // ---- Arrivals and routing -------------------------------------------------------------

  /** The operation of the next arrival (iteration numbers count first attempts). */
  private pickOperation(): number {
    const iter = this.iteration++;
    switch (this.pickMode) {
      case PICK_SINGLE:
        return 0;
      case PICK_RANDOM: {
        // pickRandom, with the stream's uniforms drawn ahead in batches (the same numbers in the same order).
        if (this.mixAt === DRAW_BATCH) {
          const u = this.mixDraws;
          for (let k = 0; k < DRAW_BATCH; k++) u[k] = this.mixRng.next();
          this.mixAt = 0;
        }
        return pickFrom(this.mix, this.mixStarts, this.mixDraws[this.mixAt++] as number);
      }
      case PICK_HASH:
        // pickForIteration, its search started from the table.
        return pickFrom(this.mix, this.mixStarts, iterationUniform(iter, this.cfg.traffic.mixSeed));
      default:
        return (this.cfg.traffic.replay?.operations as Int32Array)[iter] as number;
    }
  }

  private onArrival(): void {
    const now = this.now;
    let vu = -1;
    if (this.vus !== null) {
      vu = this.vus.acquire();
      if (vu < 0) return this.dropIteration();
    }
    const iter = this.iteration;
    const op = this.pickOperation();
    const r = this.reqs.alloc(now, op, iter, 0);
    this.reqs.conn[r] = vu;
    this.counts.firstAttempts++;
    this.nextArrival();
    this.admit(r);
  }

  /**
   * Take the next arrival time from the source. Arrivals are not agenda events: the kernel's loop
   * runs the pending one when no agenda event comes before it, its order key reserved now, as the
   * arrival event pushed now would have had.
   */
  private nextArrival(): void {
    if (this.arrivalNext === this.arrivalCount) {
      this.arrivalCount = fillArrivals(this.arrivals, this.arrivalTimes);
      this.arrivalNext = 0;
    }
    const outside = this.agenda.outside;
    // (Two branches rather than a conditional between a loaded time and Infinity: V8 boxes such a
    // mix, an allocation per arrival.)
    if (this.arrivalNext < this.arrivalCount) {
      const next = this.arrivalTimes[this.arrivalNext++] as number;
      if (next <= this.trafficEndMs) {
        this.arrivalAt = next;
        outside[0] = next;
        outside[1] = this.agenda.reserve(PRIORITY[EV_ARRIVAL] as number);
        return;
      }
    }
    this.arrivalAt = Infinity;
    outside[0] = Infinity;
  }

  /** The pending arrival (Infinity: none); it and its order key among same-time events are also in agenda.outside. */
  private arrivalAt: Ms = Infinity;
  /** Arrival times drawn ahead in batches (the draws are the source's, in the same order). */
  private readonly arrivalTimes = new Float64Array(256);
  private arrivalNext = 0;
  private arrivalCount = 0;

  /** No idle VU: k6 drops the iteration (never retried) and may start initialising one more VU. */
  private dropIteration(): void {
    const vus = this.vus as VuPool;
    this.counts.droppedIterations++;
    if (vus.startInit()) this.agenda.push(this.now + (this.cfg.traffic.vus?.initMs ?? 0), PRIORITY[EV_VU_READY] as number, EV_VU_READY, 0);
    this.nextArrival();
  }

  /** The pod a request goes to: over its client's connection through the Service, or per request. */
  private route(r: number): number {
    const service = this.service;
    if (service === null) return this.router.pick();
    let c = this.reqs.conn[r] as number;
    if (c < 0) {
      c = service.acquire();
      this.reqs.conn[r] = c;
    }
    return service.endpoint(c, this.now);
  }

  /**
   * The client is done with attempt r (answer, reset or gave up): its connection goes back to the
   * client (closed when `close`), and its VU is free unless `retry` (the retry's slot) carries on.
   */
  private clientDone(r: number, close: boolean, retry: number): void {
    const reqs = this.reqs;
    const c = reqs.conn[r] as number;
    if (c < 0) return;
    reqs.conn[r] = -1;
    const handedOn = this.vus !== null && retry >= 0;
    if (handedOn) reqs.conn[retry] = c;
    // The client has the answer a client gap after the pod wrote it: only then are its VU and connection free.
    if (this.gapMs > 0) {
      this.agenda.at[0] = this.now + this.gapMs;
      this.agenda.pushAt(PRIORITY[EV_CLIENT_FREE] as number, EV_CLIENT_FREE, c, (close ? 1 : 0) | (handedOn ? 2 : 0));
    }
    else this.freeConnection(c, close, handedOn);
  }

  /** Connection (VU) c is free for the client now: back to the pool unless a retry carries on with it. */
  private freeConnection(c: number, close: boolean, handedOn: boolean): void {
    this.service?.release(c, this.now, close, this.vus === null);
    if (this.vus !== null && !handedOn) this.vus.release(c);
  }

  /** A request (first attempt or retry) reaches the service: route it, start it, queue it, or reject it. */
  private admit(r: number): void {
    const now = this.now;
    const reqs = this.reqs;
    reqs.arrival[r] = now;
    const op = reqs.op[r] as number;
    this.outcomes.inc(Count.Arrived, op);
    const pod = this.route(r);
    if (pod < 0) return this.reject(r);
    reqs.pod[r] = pod;
    const pods = this.pods;
    if ((pods.busy[pod] as number) < this.workers) {
      if (this.memOn) this.holdMemory(pod, op);
      if (this.hasTimeout) this.watchDeadline(r);
      this.startService(r, pod);
    } else {
      const q = pods.queues[pod] as IntQueue;
      if (q.size >= this.queueLimit) return this.reject(r);
      if (this.memOn) this.holdMemory(pod, op);
      if (this.hasTimeout) this.watchDeadline(r);
      this.integrate(pod);
      q.push(r);
      pods.queued[pod] = q.size;
      reqs.flags[r] = (reqs.flags[r] as number) | QUEUED;
    }
    // Memory over the limit: the kernel OOM-kills the container (after the request is in, so it fails with the rest).
    if (this.memOn && this.workingSetBytes(pod) > (pods.memLimit[pod] as number)) this.oomKill?.(pod);
  }

  private holdMemory(pod: number, op: number): void {
    this.pods.memInFlight[pod] = (this.pods.memInFlight[pod] as number) + (this.memPerReq[op] as number);
  }

  private freeMemory(r: number): void {
    const pod = this.reqs.pod[r] as number;
    if (pod < 0) return;
    const v = (this.pods.memInFlight[pod] as number) - (this.memPerReq[this.reqs.op[r] as number] as number);
    this.pods.memInFlight[pod] = v > 0 ? v : 0;
  }

  /** A pod's memory working set now: its baseline plus what its requests hold. */
  workingSetBytes(pod: number): number {
    return this.memoryBaseline + (this.pods.memInFlight[pod] as number);
  }

  /** OOM handler, installed by the cluster model (the container restarts). */
  oomKill: ((pod: number) => void) | null = null;

  private reject(r: number): void {
    const now = this.now;
    const op = this.reqs.op[r] as number;
    this.outcomes.inc(Count.Rejected, op);
    this.failedLatency.add(this.gapMs);
    this.trace?.record(this.reqs, r, now + this.gapMs, Outcome.Rejected);
    this.clientDone(r, false, this.maybeRetry(r, this.cfg.client.retry?.on.rejected ?? false, now + this.gapMs));
    this.reqs.release(r);
  }

  // ---- Service ----------------------------------------------------------------------------

  private startService(r: number, pod: number): void {
    const now = this.now;
    const reqs = this.reqs;
    const pods = this.pods;
    const op = reqs.op[r] as number;
    reqs.start[r] = now;
    reqs.flags[r] = (reqs.flags[r] as number) & ~QUEUED;
    let k = this.drawAt[op] as number;
    if (k === DRAW_BATCH) {
      (this.cpuSamplers[op] as Sampler).fill(this.cpuDraws[op] as Float64Array, this.cpuRngs[op] as Rng);
      (this.dsSamplers[op] as Sampler).fill(this.dsDraws[op] as Float64Array, this.dsRngs[op] as Rng);
      k = 0;
    }
    this.drawAt[op] = k + 1;
    let cpu = (this.cpuDraws[op] as Float64Array)[k] as number;
    let ds = (this.dsDraws[op] as Float64Array)[k] as number;
    if (this.faultsOn) ds = this.applyFaults(r, op, ds);
    if (this.cpuFactor !== null) cpu *= this.cpuFactor(pod, now);
    if (this.wakeupMs > 0 && (pods.nCpu[pod] as number) === 0) cpu += this.wakeupMs;
    reqs.cpuWork[r] = cpu;
    reqs.downstream[r] = ds;
    const wait = now - (reqs.arrival[r] as number);
    this.counts.started++;
    if (wait > 0) this.counts.waited++;
    (this.perOpQueueWait[op] as LatencyStats).add(wait);
    this.sampler.noteStart(wait);
    this.integrate(pod);
    pods.busy[pod] = (pods.busy[pod] as number) + 1;
    pods.nCpu[pod] = (pods.nCpu[pod] as number) + 1;
    const ps = pods.ps[pod] as PsQueue | null;
    const fifo = pods.fifo[pod] as IntQueue | null;
    if (pods.onNode[pod] === 1) {
      (this.nodeCpu as NodeCpu).enter(r, pod, cpu, now);
    } else if (fifo !== null) {
      if ((pods.cpuRunning[pod] as number) < (pods.cpuServers[pod] as number)) this.runCpu(r, pod);
      else fifo.push(r);
    } else if (ps === null) {
      this.agenda.at[0] = now + cpu;
      this.agenda.pushAt(1, EV_CPU_DONE, r, reqs.gen[r] as number);
    } else {
      ps.push((pods.psV[pod] as number) + cpu, r);
      this.reschedulePs(pod);
    }
  }

  /** Warm-up and other CPU multipliers; overridden by the pod lifecycle model. */
  cpuFactor: ((pod: number, now: Ms) => number) | null = null;

  private applyFaults(r: number, op: number, ds: Ms): Ms {
    const name = this.cfg.operations[op]?.name ?? '';
    for (const f of this.cfg.faults) {
      if (this.now < f.fromMs || this.now >= f.toMs) continue;
      if (f.operations.length > 0 && !f.operations.includes(name)) continue;
      ds *= f.latencyMultiplier;
      if (f.errorRate > 0 && this.faultRng.next() < f.errorRate) this.reqs.flags[r] = (this.reqs.flags[r] as number) | FAILED;
    }
    return ds;
  }

  /** Give a FIFO pod's free core to request r. */
  private runCpu(r: number, pod: number): void {
    const pods = this.pods;
    pods.cpuRunning[pod] = (pods.cpuRunning[pod] as number) + 1;
    this.agenda.at[0] = this.now + (this.reqs.cpuWork[r] as number) / (pods.cpuSpeed[pod] as number);
    this.agenda.pushAt(1, EV_CPU_DONE, r, this.reqs.gen[r] as number);
  }

  private onCpuDone(r: number): void {
    const pod = this.reqs.pod[r] as number;
    const pods = this.pods;
    this.integrate(pod);
    pods.nCpu[pod] = (pods.nCpu[pod] as number) - 1;
    const fifo = pods.fifo[pod] as IntQueue | null;
    if (fifo !== null) {
      pods.cpuRunning[pod] = (pods.cpuRunning[pod] as number) - 1;
      if (fifo.size > 0) this.runCpu(fifo.shift(), pod);
    }
    const ds = this.reqs.downstream[r] as number;
    if (ds > 0) {
      // (The time through agenda.at: see Agenda.at.)
      this.agenda.at[0] = this.now + ds;
      this.agenda.pushAt(1, EV_DS_DONE, r, this.reqs.gen[r] as number);
    }
    else this.complete(r);
  }

  /** A request's CPU phase on a node-scheduled pod ended: on to its downstream wait, or done. */
  private cpuPhaseEnded(r: number): void {
    const pod = this.reqs.pod[r] as number;
    const pods = this.pods;
    this.integrate(pod);
    pods.nCpu[pod] = (pods.nCpu[pod] as number) - 1;
    const ds = this.reqs.downstream[r] as number;
    if (ds > 0) {
      // (The time through agenda.at: see Agenda.at.)
      this.agenda.at[0] = this.now + ds;
      this.agenda.pushAt(1, EV_DS_DONE, r, this.reqs.gen[r] as number);
    }
    else this.complete(r);
  }

  /** Bring pod's integrals up to now (the time through PodTable.clock: see there). */
  private integrate(pod: number): void {
    const pods = this.pods;
    pods.clock[0] = this.now;
    pods.integrateToClock(pod);
  }

  /** Recompute when the next CPU phase on a CPU-limited pod ends (after its share changed). */
  reschedulePs(pod: number): void {
    const pods = this.pods;
    const ps = pods.ps[pod] as PsQueue;
    const version = (pods.psVersion[pod] = (pods.psVersion[pod] as number) + 1);
    if (ps.size === 0) return this.agenda.cancel(psTimer(pod));
    const n = pods.nCpu[pod] as number;
    const cap = pods.cpuCap[pod] as number;
    const rate = n <= cap ? 1 : cap / n;
    const dt = (ps.minTag() - (pods.psV[pod] as number)) / rate;
    const agenda = this.agenda;
    agenda.at[0] = this.now + (dt > 0 ? dt : 0);
    agenda.setAt(psTimer(pod), 1, EV_PS_DONE, pod, version);
  }

  private onPsDone(pod: number, version: number): void {
    const pods = this.pods;
    if (version !== pods.psVersion[pod]) return;
    this.integrate(pod);
    const ps = pods.ps[pod] as PsQueue;
    const r = ps.pop();
    pods.nCpu[pod] = (pods.nCpu[pod] as number) - 1;
    this.reschedulePs(pod);
    const ds = this.reqs.downstream[r] as number;
    if (ds > 0) {
      // (The time through agenda.at: see Agenda.at.)
      this.agenda.at[0] = this.now + ds;
      this.agenda.pushAt(1, EV_DS_DONE, r, this.reqs.gen[r] as number);
    }
    else this.complete(r);
  }

  /** The response is written: free the worker, record the outcome, start the next queued request. */
  private complete(r: number): void {
    const now = this.now;
    const reqs = this.reqs;
    const pods = this.pods;
    const pod = reqs.pod[r] as number;
    const flags = reqs.flags[r] as number;
    if ((flags & TIMED_OUT) === 0) {
      const op = reqs.op[r] as number;
      // What the client sees: the pod's residence plus the client gap.
      const seen = now + this.gapMs;
      const latency = seen - (reqs.arrival[r] as number);
      if ((flags & FAILED) !== 0) {
        this.failedLatency.add(latency);
        this.outcomes.inc(Count.Errors, op);
        this.trace?.record(reqs, r, seen, Outcome.Error);
        this.clientDone(r, false, this.maybeRetry(r, this.cfg.client.retry?.on.errors ?? false, seen));
      } else {
        this.outcomes.inc(Count.Completed, op);
        // The run's per-operation statistics as well (see SeriesSampler.noteCompleted); the
        // latency through a typed array, as a double passed to a call V8 does not inline is boxed.
        const sampler = this.sampler;
        sampler.latency[0] = latency;
        sampler.noteCompleted(op);
        this.trace?.record(reqs, r, seen, Outcome.Ok);
        this.clientDone(r, false, -1);
      }
    }
    if (this.memOn) this.freeMemory(r);
    reqs.release(r);
    this.integrate(pod);
    pods.busy[pod] = (pods.busy[pod] as number) - 1;
    this.startNextQueued(pod);
    if (pods.state[pod] === PodState.Terminating) this.afterComplete?.(pod);
  }

  /** Called after a pod frees a worker (the lifecycle model uses it to finish draining pods). */
  afterComplete: ((pod: number) => void) | null = null;

  private startNextQueued(pod: number): void {
    const pods = this.pods;
    const q = pods.queues[pod] as IntQueue;
    while (q.size > 0 && (pods.busy[pod] as number) < this.workers) {
      const next = q.shift();
      pods.queued[pod] = q.size;
      if (this.cfg.client.abandonQueued && ((this.reqs.flags[next] as number) & TIMED_OUT) !== 0) {
        this.counts.abandoned++;
        if (this.memOn) this.freeMemory(next);
        this.reqs.release(next);
        continue;
      }
      this.startService(next, pod);
    }
  }

  /**
   * The pod is killed (grace period over, OOM kill, eviction): its queued and in-service requests
   * fail as the client sees a reset connection, and pending events for them become stale.
   */
  killPodRequests(pod: number): void {
    const pods = this.pods;
    const reqs = this.reqs;
    this.integrate(pod);
    const q = pods.queues[pod] as IntQueue;
    while (q.size > 0) this.failKilled(q.shift());
    pods.queued[pod] = 0;
    // In-service requests are found by scanning the live slots: rare (once per killed pod).
    for (let r = 0; r < reqs.arrival.length; r++) {
      if (reqs.pod[r] === pod && this.inFlight(r)) this.failKilled(r);
    }
    pods.busy[pod] = 0;
    pods.nCpu[pod] = 0;
    pods.memInFlight[pod] = 0;
    pods.psVersion[pod] = (pods.psVersion[pod] as number) + 1;
    this.agenda.cancel(psTimer(pod));
    const ps = pods.ps[pod];
    if (ps) while (ps.size > 0) ps.pop();
    const fifo = pods.fifo[pod];
    if (fifo) while (fifo.size > 0) fifo.shift();
    pods.cpuRunning[pod] = 0;
    this.nodeCpu?.clear(pod, this.now);
  }

  private inFlight(r: number): boolean {
    return this.reqs.isLive(r);
  }

  private failKilled(r: number): void {
    const reqs = this.reqs;
    if (((reqs.flags[r] as number) & TIMED_OUT) === 0) {
      const op = reqs.op[r] as number;
      const seen = this.now + this.gapMs;
      this.outcomes.inc(Count.Errors, op);
      this.failedLatency.add(seen - (reqs.arrival[r] as number));
      this.trace?.record(reqs, r, seen, Outcome.Error);
      this.clientDone(r, true, this.maybeRetry(r, this.cfg.client.retry?.on.errors ?? false, seen));
    }
    reqs.release(r);
  }

  // ---- Client timeouts and retries ---------------------------------------------------------

  /** Follow request r's client deadline (it reached the service now: the latest deadline so far). */
  private watchDeadline(r: number): void {
    const reqs = this.reqs;
    this.deadlines.push(r, reqs.gen[r] as number, reqs.gen);
    if (!this.agenda.isSet(TIMER_DEADLINE)) {
      this.agenda.at[0] = this.now + this.timeoutMs;
      this.agenda.setAt(TIMER_DEADLINE, PRIORITY[EV_TIMEOUT] as number, EV_TIMEOUT, 0);
    }
  }

  /**
   * The oldest deadline came: every request still in the system whose deadline is now times out
   * (queued or in service), in arrival order; then wait for the oldest request still alive.
   */
  private onDeadlines(): void {
    const d = this.deadlines;
    for (;;) {
      const r = d.firstLive(this.reqs.gen);
      if (r < 0) return;
      const deadline = (this.reqs.arrival[r] as number) + this.timeoutMs;
      if (deadline > this.now) return this.agenda.set(TIMER_DEADLINE, deadline, PRIORITY[EV_TIMEOUT] as number, EV_TIMEOUT, 0);
      d.shift();
      this.markTimedOut(r);
    }
  }

  private markTimedOut(r: number): void {
    const reqs = this.reqs;
    if (((reqs.flags[r] as number) & TIMED_OUT) !== 0) return;
    reqs.flags[r] = (reqs.flags[r] as number) | TIMED_OUT;
    const op = reqs.op[r] as number;
    // The pod-side deadline is the client's timeout less the gap: the client gives up at its own timeout.
    this.outcomes.inc(Count.TimedOut, op);
    this.failedLatency.add(this.cfg.client.timeoutMs);
    this.trace?.record(reqs, r, this.now + this.gapMs, Outcome.Timeout);
    // The client cancels the request: its connection cannot be reused.
    this.clientDone(r, true, this.maybeRetry(r, this.cfg.client.retry?.on.timeouts ?? false, this.now + this.gapMs));
  }

  /** Schedule a retry of attempt r if the policy allows; returns the retry's slot, or -1. */
  private maybeRetry(r: number, eligible: boolean, learnedAt: Ms): number {
    const policy = this.cfg.client.retry;
    const attempt = this.reqs.attempt[r] as number;
    if (!eligible || policy === null) return -1;
    if (attempt >= policy.maxRetries) {
      this.counts.gaveUp++;
      return -1;
    }
    // 0 x multiplier^attempt is NaN once multiplier^attempt overflows (2^1024): a NaN time then
    // corrupted the agenda and silently dropped most requests. A backoff of 0 stays 0.
    const backoff = policy.baseMs === 0 ? 0 : Math.min(policy.maxBackoffMs, policy.baseMs * policy.multiplier ** attempt);
    const delay = backoff * (1 - policy.jitter * this.retryRng.next());
    const at = learnedAt + delay;
    if (at > this.endMs) return -1;
    const retry = this.reqs.alloc(at, this.reqs.op[r] as number, this.reqs.logical[r] as number, attempt + 1);
    this.counts.retries++;
    this.series.add('retries', at, 1);
    this.agenda.push(at, 5, EV_RETRY, retry);
    return retry;
  }

  // ---- Control loops and sampling ------------------------------------------------------------

  context(): LoopContext {
    return { sim: this, now: this.now };
  }

  private onLoop(i: number): void {
    const loop = this.loops[i] as ControlLoop;
    loop.tick(this.context());
    const next = this.now + loop.periodMs;
    if (next <= this.endMs) this.agenda.push(next, PRIORITY[EV_LOOP] as number, EV_LOOP, i);
  }

  emit(source: SimEvent['source'], reason: string, message: string, from?: number, to?: number): void {
    const e: SimEvent = { tMs: this.now, source, reason, message };
    if (from !== undefined) e.from = from;
    if (to !== undefined) e.to = to;
    this.events.push(e);
  }

  /** Mark a pod Ready and routable. */
  addReady(pod: number): void {
    this.router.add(pod);
  }

  /** Stop routing to a pod. */
  removeReady(pod: number): void {
    this.router.remove(pod);
  }

  /** Number of Ready pods. */
  get nReady(): number {
    return this.router.n;
  }

  private onSample(): void {
    const now = this.now;
    const row = Math.round(now / this.cfg.output.intervalMs) - 1;
    this.closeRow(row, now);
    this.progress?.(now);
    const next = now + this.cfg.output.intervalMs;
    if (next <= this.endMs + 1e-9) this.agenda.push(next, 0, EV_SAMPLE, 0);
  }

  /** Told the simulated time at the end of every interval (progress; it must change nothing). */
  progress: ((nowMs: Ms) => void) | null = null;

  /** Called before each time-series row is closed, so models can refresh their gauges. */
  sampleHook: (() => void) | null = null;

  /** Requests per second one ready pod can serve at the mix's mean service time (workers or CPU bound). */
  private capacityPerPod(): number {
    let svc = 0;
    let cpu = 0;
    const c = this.mix.cumulative;
    for (let op = 0; op < c.length; op++) {
      const w = (c[op] as number) - (op > 0 ? (c[op - 1] as number) : 0);
      const cpuMean = (this.cpuSamplers[op] as Sampler).mean;
      cpu += w * cpuMean;
      svc += w * (cpuMean + (this.dsSamplers[op] as Sampler).mean);
    }
    const byWorkers = svc > 0 ? (this.workers / svc) * 1000 : Infinity;
    const cores = this.cfg.pod.cpuLimit === null ? Infinity : this.cfg.pod.cpuLimit / 1000;
    const byCpu = cpu > 0 ? (cores / cpu) * 1000 : Infinity;
    return Math.min(byWorkers, byCpu);
  }

  /** Overall latency of 2xx answers: the per-operation sketches merged (exact for DDSketch). */
  overallLatency(): LatencyStats {
    return mergeAll(this.perOp, this.cfg.output.sketchAccuracy);
  }

  /** Every answer the client saw, as k6's http_req_duration counts them. */
  overallLatencyAll(): LatencyStats {
    const all = mergeAll(this.perOp, this.cfg.output.sketchAccuracy);
    all.merge(this.failedLatency);
    return all;
  }

  overallQueueWait(): LatencyStats {
    return mergeAll(this.perOpQueueWait, this.cfg.output.sketchAccuracy);
  }

  /** Close time-series row `row` at `now` (the Lindley kernel hands over what it attributed to the row first). */
  private closeRow(row: number, now: Ms): void {
    this.lindley?.flushRow(row, this.outcomes, this.sampler);
    this.sampler.close(this, row, now);
  }

  private finish(): void {
    if (this.sampler.nextRow < this.series.rows) this.closeRow(this.series.rows - 1, this.now);
    this.sampler.settle();
    this.counts.unfinished = this.reqs.inUse;
    const l = this.lindley;
    if (l !== null) {
      this.counts.unfinished += l.unfinished;
      // The pods' integrals, for the run totals (the time series had them row by row).
      const pods = this.pods;
      for (let p = 0; p < pods.n; p++) {
        pods.cpuCum[p] = (pods.cpuCum[p] as number) + (l.cpuTotal[p] as number);
        pods.busyCum[p] = (pods.busyCum[p] as number) + (l.busyTotal[p] as number);
        pods.queueCum[p] = (pods.queueCum[p] as number) + (l.queueTotal[p] as number);
      }
    }
    this.loops.forEach((l) => l.finish?.(this.context()));
  }
}

function mergeAll(parts: readonly LatencyStats[], accuracy: number): LatencyStats {
  const out = new LatencyStats(accuracy);
  for (const p of parts) out.merge(p);
  return out;
}

/** Something a control loop did, for the results (as `kubectl describe` shows events). */
export interface SimEvent {
  tMs: Ms;
  source: 'hpa' | 'deployment' | 'pod' | 'node' | 'vpa';
  reason: string;
  message: string;
  from?: number;
  to?: number;
}

/** Mix weights keyed and ordered as the operations list, so op indices agree everywhere. */
function reorderMix(cfg: SimConfig): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of cfg.operations) out[o.name] = cfg.traffic.mix[o.name] ?? 0;
  return out;
}

/** Fill `out` with the next arrival times; returns how many (fewer when the source ends). */
function fillArrivals(src: ArrivalSource, out: Float64Array): number {
  return src.fill(out);
}

function makeArrivals(cfg: SimConfig, rng: Rng): ArrivalSource {
  switch (cfg.traffic.arrivals) {
    case 'poisson':
      return new PoissonArrivals(cfg.traffic.profile, rng);
    case 'k6':
      return new K6Arrivals(cfg.traffic.profile);
    case 'replay':
      return new ReplayArrivals(cfg.traffic.replay?.timesMs ?? new Float64Array(0));
  }
}
