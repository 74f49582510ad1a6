import type { Ms } from '../units.js';
import { IntQueue } from '../workload/intQueue.js';
import { PsQueue } from '../workload/psQueue.js';
import type { PodTable } from '../workload/podTable.js';

/** A request finished its CPU phase (delivered after the node's state is consistent again). */
export type CpuFinished = (req: number) => void;
/** Ask the kernel for a wake-up of `node` at `atMs`; a later call with a higher version supersedes it. */
export type ScheduleNode = (atMs: Ms, node: number, version: number) => void;

/** Work (ms of one core) and times within this of each other are the same (float round-off). */
const EPS = 1e-9;

/**
 * Whether `amount` left at `rate` per ms is used up now: nothing (to round-off) is left, or what is
 * left would end at a time that rounds to `now` (long runs: the clock's last digit is coarser
 * than EPS, and waking at a time equal to now would make no progress).
 */
function due(now: Ms, amount: number, rate: number): boolean {
  return amount <= EPS || (rate > 0 && now + amount / rate <= now);
}

/**
 * The CPU of the nodes as the Linux CFS scheduler shares it between the pods' cgroups.
 *
 * CFS models "an ideal, precise multi-tasking CPU" (Documentation/scheduler/sched-design-CFS):
 * this is that ideal, the fluid limit of CFS without its time slices (generalised processor
 * sharing). On a node of C cores:
 *  - each pod's cgroup has a weight from its CPU request (cgroupCpu.ts) and wants as many cores
 *    as it has runnable threads (a thread never uses more than one core);
 *  - the node's cores go to the pods in proportion to their weights, a pod that wants less than
 *    its share gets what it wants and the rest is shared among the others (work-conserving: a
 *    pod without a limit uses whatever its neighbours leave idle);
 *  - inside the pod, its runnable threads share its cores equally;
 *  - a pod with a CPU limit has a CFS quota: it may consume `quota` ms of CPU per period
 *    (cfs_period, 100 ms) at any speed; when the period's quota is used up its threads are
 *    throttled (they get no CPU) until the next period boundary refills it (Documentation/
 *    scheduler/sched-bwc; cgroup v2 cpu.max "$MAX $PERIOD"). Unused quota is not carried over.
 *
 * Runnable threads: with the `shared` discipline every request in its CPU phase is a thread; with
 * `fifo` the pod has `servers` event loops, each running one request's CPU phase at a time, the
 * others waiting in arrival order.
 *
 * Exact: between two events every rate is constant, each pod keeps a virtual clock of the work
 * one of its threads has done (so a thread entering with work w at virtual time V finishes when
 * the clock reaches V + w), and the node wakes at the earliest of: a thread finishing, a pod's
 * quota running out, a period boundary of a pod that is running or throttled.
 *
 * Not modelled: CFS's time slices and wake-up preemption (sched_latency, EEVDF slices), per-CPU
 * run queues and the 5 ms bandwidth slice, cpu.max.burst. The period grid of a pod starts when it
 * is placed on its node (the kernel starts a group's period timer when it first runs).
 */
export class NodeCpu {
  // Per node (index = node id).
  private cores: number[] = [];
  private members: number[][] = [];
  private version: number[] = [];
  private readonly finished: number[] = [];

  // Per pod (index = pod id).
  private nodeOf = new Int32Array(16).fill(-1);
  private weight = new Float64Array(16);
  private quota = new Float64Array(16);
  private runtime = new Float64Array(16);
  private anchor = new Float64Array(16);
  private periodIdx = new Float64Array(16);
  private throttled = new Uint8Array(16);
  private rate = new Float64Array(16);
  private vclock = new Float64Array(16);
  private lastT = new Float64Array(16);
  private servers = new Float64Array(16);
  private running: PsQueue[] = [];
  private waiting: (IntQueue | null)[] = [];
  /** Statistics: periods in which a pod was throttled, and the time it spent throttled (ms). */
  throttledPeriods = 0;
  throttledMs = 0;

  constructor(
    private readonly pods: PodTable,
    private readonly work: () => Float64Array,
    private readonly schedule: ScheduleNode,
    private readonly onFinished: CpuFinished,
    readonly periodMs: Ms = 100,
  ) {}

  /**
   * Put pod `p` on node `node` (C cores): `weight` from its request, `quotaMs` per period from its
   * limit (Infinity without one), `servers` runnable threads at most (Infinity: every request in
   * its CPU phase).
   */
  attach(p: number, node: number, cores: number, weight: number, quotaMs: number, servers: number, now: Ms): void {
    this.ensure(p);
    while (this.cores.length <= node) {
      this.cores.push(0);
      this.members.push([]);
      this.version.push(0);
    }
    this.cores[node] = cores;
    this.advance(node, now);
    (this.members[node] as number[]).push(p);
    this.nodeOf[p] = node;
    this.weight[p] = weight;
    this.quota[p] = quotaMs;
    this.runtime[p] = quotaMs;
    this.anchor[p] = now;
    this.periodIdx[p] = 0;
    this.throttled[p] = 0;
    this.rate[p] = 0;
    this.vclock[p] = 0;
    this.lastT[p] = now;
    this.servers[p] = servers;
    this.running[p] = new PsQueue();
    this.waiting[p] = Number.isFinite(servers) ? new IntQueue() : null;
    this.pods.cpuAlloc[p] = 0;
    this.reschedule(node, now);
  }

  /** The pod leaves its node (after its requests were cleared). */
  detach(p: number, now: Ms): void {
    const node = this.nodeOf[p] as number;
    if (node < 0) return;
    this.clear(p, now);
    const m = this.members[node] as number[];
    m.splice(m.indexOf(p), 1);
    this.nodeOf[p] = -1;
    this.rate[p] = 0;
    this.pods.cpuAlloc[p] = 0;
    this.reschedule(node, now);
  }

  /** The pod's container is killed: its threads go away. */
  clear(p: number, now: Ms): void {
    const node = this.nodeOf[p] as number;
    if (node < 0) return;
    this.advance(node, now);
    const ps = this.running[p] as PsQueue;
    while (ps.size > 0) ps.pop();
    const w = this.waiting[p];
    if (w) while (w.size > 0) w.shift();
    this.vclock[p] = 0;
    this.reschedule(node, now);
  }

  /** New request and limit (in-place resize): writing cpu.max refills the period's quota. */
  setResources(p: number, weight: number, quotaMs: number, now: Ms): void {
    const node = this.nodeOf[p] as number;
    if (node < 0) return;
    this.advance(node, now);
    this.weight[p] = weight;
    this.quota[p] = quotaMs;
    this.runtime[p] = quotaMs;
    this.throttled[p] = 0;
    this.reschedule(node, now);
  }

  /** Request `r` of pod `p` enters its CPU phase with `workMs` of one core to do. */
  enter(r: number, p: number, workMs: Ms, now: Ms): void {
    const node = this.nodeOf[p] as number;
    this.advance(node, now);
    const ps = this.running[p] as PsQueue;
    if (ps.size < (this.servers[p] as number)) ps.push((this.vclock[p] as number) + workMs, r);
    else (this.waiting[p] as IntQueue).push(r);
    this.reschedule(node, now);
  }

  /** The node's wake-up: finish what is done, throttle or refill quotas, share the CPU anew. */
  onEvent(node: number, version: number, now: Ms): void {
    if (version !== this.version[node]) return;
    this.advance(node, now);
    const done = this.finished;
    done.length = 0;
    const work = this.work();
    for (const p of this.members[node] as number[]) {
      const ps = this.running[p] as PsQueue;
      const v = this.vclock[p] as number;
      const perThread = (this.rate[p] as number) / ps.size;
      while (ps.size > 0 && due(now, ps.minTag() - v, perThread)) {
        done.push(ps.pop());
        const w = this.waiting[p];
        if (w !== null && w !== undefined && w.size > 0) {
          const next = w.shift();
          ps.push(v + (work[next] as number), next);
        }
      }
      // Tags are relative to the clock: restart it when the pod is idle, to keep its precision.
      if (ps.size === 0) this.vclock[p] = 0;
    }
    this.reschedule(node, now);
    // Callbacks last: they may start new CPU phases on this node (re-entering enter()).
    for (let i = 0; i < done.length; i++) this.onFinished(done[i] as number);
  }

  /** Runnable threads of pod p (for tests and gauges). */
  runnable(p: number): number {
    return this.running[p]?.size ?? 0;
  }

  /** Whether pod p is throttled now. */
  isThrottled(p: number): boolean {
    return this.throttled[p] === 1;
  }

  /** Cores pod p gets now. */
  coresOf(p: number): number {
    return this.rate[p] as number;
  }

  /** Bring every pod of the node to `now` at the rates in force since its last change. */
  private advance(node: number, now: Ms): void {
    const P = this.periodMs;
    for (const p of this.members[node] as number[]) {
      this.pods.integrate(p, now);
      const dt = now - (this.lastT[p] as number);
      if (dt > 0) {
        const rate = this.rate[p] as number;
        if (rate > 0) {
          const n = (this.running[p] as PsQueue).size;
          this.vclock[p] = (this.vclock[p] as number) + (rate / n) * dt;
          if ((this.quota[p] as number) !== Infinity) {
            const left = (this.runtime[p] as number) - rate * dt;
            this.runtime[p] = left > 0 ? left : 0;
          }
        } else if (this.throttled[p] === 1) this.throttledMs += dt;
        this.lastT[p] = now;
      }
      if ((this.quota[p] as number) !== Infinity) {
        const k = Math.floor((now - (this.anchor[p] as number)) / P + EPS);
        if (k > (this.periodIdx[p] as number)) {
          this.periodIdx[p] = k;
          this.runtime[p] = this.quota[p] as number;
          this.throttled[p] = 0;
        }
        if (this.throttled[p] === 0 && (this.running[p] as PsQueue).size > 0 && due(now, this.runtime[p] as number, this.rate[p] as number)) {
          this.throttled[p] = 1;
          this.throttledPeriods++;
        }
      }
    }
  }

  /** Share the node's cores (weighted water-filling) and schedule its next wake-up. */
  private reschedule(node: number, now: Ms): void {
    const members = this.members[node] as number[];
    this.share(members, this.cores[node] as number);
    let next = Infinity;
    const P = this.periodMs;
    for (const p of members) {
      const rate = this.rate[p] as number;
      this.pods.cpuAlloc[p] = rate;
      const ps = this.running[p] as PsQueue;
      const hasQuota = (this.quota[p] as number) !== Infinity;
      if (rate > 0) {
        const t = now + (ps.minTag() - (this.vclock[p] as number)) / (rate / ps.size);
        if (t < next) next = t;
        if (hasQuota) {
          const out = now + (this.runtime[p] as number) / rate;
          if (out < next) next = out;
        }
      }
      if (hasQuota && (rate > 0 || this.throttled[p] === 1)) {
        const boundary = (this.anchor[p] as number) + ((this.periodIdx[p] as number) + 1) * P;
        if (boundary < next) next = boundary;
      }
    }
    const version = (this.version[node] as number) + 1;
    this.version[node] = version;
    if (next !== Infinity) this.schedule(next > now ? next : now, node, version);
  }

  /**
   * Weighted max-min fair shares of `cores` among the pods by their demand (runnable threads,
   * none while throttled): repeatedly give every unsatisfied pod its weight's share of what is
   * left; a pod that wants less keeps its demand and returns the rest.
   */
  private share(members: readonly number[], cores: number): void {
    let left = cores;
    let weights = 0;
    let open = 0;
    for (const p of members) {
      const d = this.demand(p);
      this.rate[p] = d > 0 ? -1 : 0; // -1: not yet settled
      if (d > 0) {
        weights += this.weight[p] as number;
        open++;
      }
    }
    while (open > 0) {
      let settled = false;
      for (const p of members) {
        if ((this.rate[p] as number) !== -1) continue;
        const d = this.demand(p);
        if (d * weights <= left * (this.weight[p] as number) + EPS) {
          this.rate[p] = d;
          left -= d;
          weights -= this.weight[p] as number;
          open--;
          settled = true;
        }
      }
      if (!settled) {
        for (const p of members) if ((this.rate[p] as number) === -1) this.rate[p] = (left * (this.weight[p] as number)) / weights;
        return;
      }
    }
  }

  private demand(p: number): number {
    return this.throttled[p] === 1 ? 0 : (this.running[p] as PsQueue).size;
  }

  private ensure(p: number): void {
    if (p < this.nodeOf.length) return;
    let cap = this.nodeOf.length;
    while (cap <= p) cap *= 2;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, fill = 0): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.fill(fill as never);
      b.set(a as never);
      return b;
    };
    this.nodeOf = grow(this.nodeOf, -1);
    this.weight = grow(this.weight);
    this.quota = grow(this.quota);
    this.runtime = grow(this.runtime);
    this.anchor = grow(this.anchor);
    this.periodIdx = grow(this.periodIdx);
    this.throttled = grow(this.throttled);
    this.rate = grow(this.rate);
    this.vclock = grow(this.vclock);
    this.lastT = grow(this.lastT);
    this.servers = grow(this.servers);
  }
}
