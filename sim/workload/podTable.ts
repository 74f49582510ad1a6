import type { Ms } from '../units.js';
import { IntQueue } from './intQueue.js';
import { PsQueue } from './psQueue.js';

/** Pod lifecycle states, in order. */
export const PodState = {
  /** Created, not yet on a node (no room, or waiting for the scheduler). */
  Pending: 0,
  /** On a node: image pull, container start, readiness probe not yet passed. */
  Starting: 1,
  /** Ready: receives traffic. */
  Ready: 2,
  /** Being deleted: no new traffic, finishing in-flight requests up to the grace period. */
  Terminating: 3,
  Gone: 4,
} as const;
export type PodState = (typeof PodState)[keyof typeof PodState];

/**
 * All pods of the run as parallel arrays. Each pod integrates, exactly over time, the CPU its
 * requests use, its busy workers and its queue length: the metrics pipeline and the time series
 * read these integrals, so utilisation is measured from the model, never assumed.
 */
export class PodTable {
  n = 0;
  state = new Uint8Array(16);
  busy = new Int32Array(16);
  /**
   * Requests waiting for a worker: `queues[i].size`, kept in a typed array because least-outstanding
   * routing reads it for every Ready pod on every request, and the integrals on every change.
   */
  queued = new Int32Array(16);
  /** Requests in their CPU phase. */
  nCpu = new Int32Array(16);
  /** CPU limit in cores, or Infinity. */
  cpuCap = new Float64Array(16);
  /** CPU request in millicores (can change under the VPA). */
  cpuRequest = new Float64Array(16);
  /** Memory request and limit (bytes; limit Infinity when unset), per pod: the VPA changes them. */
  memRequest = new Float64Array(16);
  memLimit = new Float64Array(16);
  /** Memory held by the requests in the pod now (queued or in service). */
  memInFlight = new Float64Array(16);
  /** Container restarts (OOM kills). */
  restarts = new Int32Array(16);
  lastOomAt = new Float64Array(16);
  lastT = new Float64Array(16);
  /** Integrals: cpu-ms used, worker-ms busy, request-ms queued. */
  cpuCum = new Float64Array(16);
  busyCum = new Float64Array(16);
  queueCum = new Float64Array(16);
  createdAt = new Float64Array(16);
  /** Bound to a node (Kubernetes `status.startTime`). */
  scheduledAt = new Float64Array(16);
  /** Container running (phase Running). */
  startedAt = new Float64Array(16);
  readyAt = new Float64Array(16);
  terminatingAt = new Float64Array(16);
  goneAt = new Float64Array(16);
  node = new Int32Array(16);
  psV = new Float64Array(16);
  psVersion = new Int32Array(16);
  /** Version of lifecycle events, so a stale start-up event of a deleted pod is ignored. */
  lifeVersion = new Int32Array(16);
  queues: IntQueue[] = [];
  ps: (PsQueue | null)[] = [];
  /**
   * FIFO CPU (a single event loop, non-preemptive): requests wait their turn for one of
   * `cpuServers` cores, each running at `cpuSpeed` of a core. Null for processor sharing.
   */
  fifo: (IntQueue | null)[] = [];
  cpuServers = new Int32Array(16);
  cpuRunning = new Int32Array(16);
  cpuSpeed = new Float64Array(16);
  /**
   * 1 when the pod's CPU is its node's, shared with the other pods there by the CFS model
   * (cluster/nodeCpu.ts), which sets `cpuAlloc`, the cores the pod gets now. Such a pod has
   * neither `ps` nor `fifo`: the node schedules its CPU phases.
   */
  onNode = new Uint8Array(16);
  cpuAlloc = new Float64Array(16);

  /**
   * Add a pod; returns its index. With a CPU limit, its requests share the limit (processor
   * sharing) or, with `fifo`, queue for it one at a time per core as in a single event loop.
   */
  add(now: Ms, cpuLimitCores: number, cpuRequest: number, fifo = false, onNode = false): number {
    if (this.n === this.state.length) this.grow();
    const i = this.n++;
    this.state[i] = PodState.Pending;
    this.cpuCap[i] = cpuLimitCores;
    this.cpuRequest[i] = cpuRequest;
    this.lastT[i] = now;
    this.createdAt[i] = now;
    this.scheduledAt[i] = NaN;
    this.startedAt[i] = NaN;
    this.readyAt[i] = NaN;
    this.terminatingAt[i] = NaN;
    this.goneAt[i] = NaN;
    this.node[i] = -1;
    this.memLimit[i] = Infinity;
    this.lastOomAt[i] = NaN;
    this.queues.push(new IntQueue());
    this.onNode[i] = onNode ? 1 : 0;
    this.cpuAlloc[i] = 0;
    const limited = !onNode && Number.isFinite(cpuLimitCores);
    this.ps.push(limited && !fifo ? new PsQueue() : null);
    this.fifo.push(limited && fifo ? new IntQueue() : null);
    const servers = Math.max(1, Math.ceil(cpuLimitCores - 1e-9));
    this.cpuServers[i] = limited ? servers : 0;
    this.cpuSpeed[i] = limited ? cpuLimitCores / servers : 1;
    this.cpuRunning[i] = 0;
    return i;
  }

  /** CPU rate (cores) the pod's requests consume right now. */
  cpuRate(i: number): number {
    if (this.onNode[i] === 1) return this.cpuAlloc[i] as number;
    if (this.fifo[i] !== null) return (this.cpuRunning[i] as number) * (this.cpuSpeed[i] as number);
    const n = this.nCpu[i] as number;
    const cap = this.cpuCap[i] as number;
    return n < cap ? n : cap;
  }

  /** Bring the pod's integrals up to `now`. Call before any change of busy, nCpu or queue size. */
  integrate(i: number, now: Ms): void {
    this.clock[0] = now;
    this.integrateToClock(i);
  }

  /**
   * The time `integrateToClock` integrates to. The kernel's hot path writes it here: a typed array
   * hands a double over without boxing it, where passing one to a call V8 does not inline
   * allocates a heap number.
   */
  readonly clock = new Float64Array(1);

  /** `integrate(i, clock[0])`. */
  integrateToClock(i: number): void {
    const now = this.clock[0] as number;
    const dt = now - (this.lastT[i] as number);
    if (dt <= 0) return;
    const n = this.nCpu[i] as number;
    const cap = this.cpuCap[i] as number;
    // cpuRate(i), written out: this runs three or four times per request.
    let rate: number;
    if (this.onNode[i] === 1) rate = this.cpuAlloc[i] as number;
    else if (this.fifo[i] !== null) rate = (this.cpuRunning[i] as number) * (this.cpuSpeed[i] as number);
    else rate = n < cap ? n : cap;
    this.cpuCum[i] = (this.cpuCum[i] as number) + rate * dt;
    this.busyCum[i] = (this.busyCum[i] as number) + (this.busy[i] as number) * dt;
    this.queueCum[i] = (this.queueCum[i] as number) + (this.queued[i] as number) * dt;
    if (this.ps[i] !== null && n > 0) this.psV[i] = (this.psV[i] as number) + dt * (n <= cap ? 1 : cap / n);
    this.lastT[i] = now;
  }

  private grow(): void {
    const cap = this.state.length * 2;
    for (const key of Object.keys(this) as (keyof this)[]) {
      if (key === 'clock') continue; // not per pod
      const a: unknown = this[key];
      if (a instanceof Float64Array || a instanceof Int32Array || a instanceof Uint8Array) {
        const b = new (a.constructor as new (n: number) => Float64Array)(cap);
        b.set(a);
        (this as Record<string, unknown>)[key as string] = b;
      }
    }
  }
}
