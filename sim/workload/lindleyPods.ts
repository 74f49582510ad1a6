import type { Rng } from '../engine/rng.js';
import { LatencyStats } from '../metrics/latencyStats.js';
import { Count, type OutcomeCounters } from '../metrics/outcomeCounters.js';
import type { Ms } from '../units.js';
import { ZERO, type Sampler } from './distributions.js';

/** What the Lindley kernel writes its results into: the same statistics the event kernel fills. */
export interface LindleyTargets {
  perOp: LatencyStats[];
  perOpQueueWait: LatencyStats[];
  failedLatency: LatencyStats;
  outcomes: OutcomeCounters;
  counts: { started: number; waited: number; abandoned: number };
}

/** The model of the pods the Lindley kernel serves (validated as eligible by the caller). */
export interface LindleyModel {
  pods: number;
  workers: number;
  queueLimit: number;
  /** The pod-side deadline of a client timeout: the client's timeout minus the client gap. */
  timeoutMs: Ms;
  /** Added to every latency the client sees (the client gap); a timeout is still seen at the client's timeout. */
  gapMs: Ms;
  abandonQueued: boolean;
  cpuSamplers: Sampler[];
  dsSamplers: Sampler[];
  cpuRngs: Rng[];
  dsRngs: Rng[];
  intervalMs: Ms;
  rows: number;
  endMs: Ms;
}

/**
 * Pods whose requests never interact except by waiting for a worker: FIFO queue, no CPU limit
 * (or one that never binds), fixed routing, no retries, no pod lifecycle changes. Then a
 * request's whole future is known when it arrives (the Lindley recursion, generalised to c
 * workers): it starts when the earliest of the pod's workers is free, and departs after its CPU
 * time and downstream wait. No completion events, no request slots: per pod, one departure time
 * per worker (a min-heap) and the start times of the requests still queued (a ring).
 *
 * Results are the event kernel's, attributed to the same times: a completion counts in the
 * interval it happens in, a timeout at arrival + timeout, a start's queue wait in the interval
 * of the start; the time series' integrals (busy workers, queue length, CPU) are split over the
 * intervals they cover. Events after the end of the run are not counted, as the event kernel
 * never reaches them. With one pod the draws are the event kernel's, request for request (service
 * starts in arrival order); with several, each operation's draws go to requests in arrival order
 * rather than start order (same distribution).
 */
export class LindleyPods {
  /**
   * Per pod, the workers' free times (stride = workers), earliest first: sorted when there are
   * few workers (see SORTED_MAX), else a binary min-heap.
   */
  private readonly free: Float64Array;
  /**
   * Per pod, a ring of the start times of the requests that queued, oldest first (nondecreasing:
   * FIFO): buffer (a power of two long), head and size. It may still hold requests that have
   * started since (see admit): they are dropped when the exact queue length matters.
   */
  private readonly qBuf: Float64Array[];
  private readonly qHead: Int32Array;
  private readonly qSize: Int32Array;
  // Initialised here as well as in the constructor: a class field declared without a value starts
  // as undefined, and V8 then keeps it as a tagged value (checked and unboxed on every read of the
  // hot path) instead of a plain small integer or double.
  private readonly queueLimit: number = 0;
  private readonly gapMs: Ms = 0;
  private readonly c: number = 0;
  /** Infinity without a client timeout: then no comparison with it is true. */
  private readonly timeout: Ms = 0;
  private readonly I: Ms = 0;
  private readonly invI: number = 0;
  private readonly rows: number = 0;
  private readonly end: Ms = 0;
  private readonly nOps: number = 0;
  /** Index of operation 0's completions in the outcome counters (Count.Completed · nOps). */
  private readonly completedAt: number = 0;
  // The targets the hot path writes, held here (one load less each than through `out`).
  private readonly counts: LindleyTargets['counts'];
  private readonly perOpQueueWait: LatencyStats[];
  private readonly perOp: LatencyStats[];
  private readonly outcomesPerOp: Float64Array;
  // Per time-series row, what happens in it (rows ahead of the clock fill as requests are admitted).
  private readonly rowCompleted: Float64Array;
  private readonly rowTimedOut: Float64Array;
  private readonly rowStarted: Float64Array;
  private readonly rowWait: Float64Array;
  private readonly rowCpu: Float64Array;
  private readonly rowBusy: Float64Array;
  /**
   * 1 when no operation has a downstream call: then every request departs when its CPU ends, the
   * CPU integrals are the busy-worker integrals added the same way, and rowCpu and cpuTotal are
   * rowBusy and busyTotal (the same arrays, added to once). A number, not a boolean: V8 tests a
   * boolean field with a generic truthiness check.
   */
  private readonly cpuIsBusy: number = 0;
  private readonly rowQueue: Float64Array;
  /**
   * Latency of 2xx answers by the row they complete in, per operation (index slot * nOps + op):
   * a ring (a power of two slots long) over the rows ahead of the clock. The only histogram a
   * completion's bucket is computed for; the run's per-operation totals `note` the value and take
   * the buckets when the row is flushed (LatencyStats.note).
   */
  private rowLatency: LatencyStats[];
  /** With several operations, the row's count, sum, min and max over all of them in completion order (notes only); with one, rowLatency. */
  private rowAll: LatencyStats[];
  private ringBase = 0;
  /**
   * The row of the latest arrival and the first time after it (arrivals come in time order), and
   * the bound below which a departure keeps a request's whole life in that row and in the run
   * (the common case of admit). -Infinity until the first arrival.
   */
  private row = 0;
  private rowHi: Ms = -Infinity;
  private fastHi: Ms = -Infinity;
  /** Per pod, exact integrals up to the end (cpu-ms, worker-ms, request-ms queued) for the run totals. */
  readonly cpuTotal: Float64Array;
  readonly busyTotal: Float64Array;
  readonly queueTotal: Float64Array;
  /** Requests admitted and not finished by the end (in service, queued, or timed out but still held). */
  unfinished = 0;
  /**
   * Draws of each operation's CPU and downstream streams, taken in batches (the same numbers in
   * the same order as one at a time; a batch loop keeps the doubles unboxed).
   */
  private readonly cpuDraws: Float64Array[];
  private readonly dsDraws: Float64Array[];
  private readonly drawAt: Int32Array;
  /** The arrival time of the request being admitted (set by the caller: a typed-array slot passes a double without boxing it). */
  readonly at = new Float64Array(1);
  /** Bounds of the span being added (see span). */
  private readonly ab = new Float64Array(2);

  constructor(private readonly m: LindleyModel, private readonly out: LindleyTargets, private readonly accuracy: number) {
    this.c = m.workers;
    this.free = new Float64Array(m.pods * m.workers).fill(-Infinity);
    this.qBuf = Array.from({ length: m.pods }, () => new Float64Array(16));
    this.qHead = new Int32Array(m.pods);
    this.qSize = new Int32Array(m.pods);
    this.queueLimit = m.queueLimit;
    this.gapMs = m.gapMs;
    this.timeout = Number.isFinite(m.timeoutMs) ? m.timeoutMs : Infinity;
    this.counts = out.counts;
    this.perOpQueueWait = out.perOpQueueWait;
    this.perOp = out.perOp;
    this.outcomesPerOp = out.outcomes.perOp;
    this.I = m.intervalMs;
    this.invI = 1 / m.intervalMs;
    this.rows = m.rows;
    this.end = m.endMs;
    this.nOps = m.cpuSamplers.length;
    this.completedAt = Count.Completed * this.nOps;
    this.rowCompleted = new Float64Array(m.rows);
    this.rowTimedOut = new Float64Array(m.rows);
    this.rowStarted = new Float64Array(m.rows);
    this.rowWait = new Float64Array(m.rows);
    this.rowBusy = new Float64Array(m.rows);
    this.cpuIsBusy = m.dsSamplers.every((x) => x === ZERO) ? 1 : 0;
    this.rowCpu = this.cpuIsBusy === 1 ? this.rowBusy : new Float64Array(m.rows);
    this.rowQueue = new Float64Array(m.rows);
    this.rowLatency = Array.from({ length: 8 * this.nOps }, () => new LatencyStats(accuracy));
    this.rowAll = this.nOps === 1 ? this.rowLatency : Array.from({ length: 8 }, () => new LatencyStats(accuracy));
    this.busyTotal = new Float64Array(m.pods);
    this.cpuTotal = this.cpuIsBusy === 1 ? this.busyTotal : new Float64Array(m.pods);
    this.queueTotal = new Float64Array(m.pods);
    this.cpuDraws = m.cpuSamplers.map(() => new Float64Array(DRAW_BATCH));
    this.dsDraws = m.dsSamplers.map(() => new Float64Array(DRAW_BATCH));
    this.drawAt = new Int32Array(this.nOps).fill(DRAW_BATCH);
  }

  /**
   * Request of operation `op` arrives at pod `pod` at time t (arrivals come in time order).
   * When the pod's queue is full it is rejected, a 503 counted here as the event kernel counts it
   * (nothing returned: the caller's test of a returned boolean cost a dozen instructions).
   *
   * This is the kernel's hot path, written out in one function on purpose: the ring, the heap
   * and the common case of a span inside one row are inline, because a double passed to or
   * returned from a call V8 does not inline is a heap allocation (about three per request before).
   */
  admit(op: number, pod: number): void {
    const t = this.at[0] as number;
    if (t >= this.rowHi) this.enterRow();
    const c = this.c;
    const base = pod * c;
    const free = this.free;
    const f = free[base] as number;
    if (f > t) {
      // Every worker is busy: the request queues, unless the queue is full. The ring's size is
      // the exact queue length only once the requests started by t are dropped, done only when
      // it matters (at the limit, or to make room).
      let qb = this.qBuf[pod] as Float64Array;
      let qn = this.qSize[pod] as number;
      let qh = this.qHead[pod] as number;
      if (qn >= this.queueLimit || qn === qb.length) {
        const mask = qb.length - 1;
        while (qn > 0 && (qb[qh] as number) <= t) {
          qh = (qh + 1) & mask;
          qn--;
        }
        this.qHead[pod] = qh;
        this.qSize[pod] = qn;
        if (qn >= this.queueLimit) {
          this.out.outcomes.inc(Count.Rejected, op);
          this.out.failedLatency.add(this.gapMs);
          return;
        }
        if (qn === qb.length) {
          qb = this.growRing(pod);
          qh = 0;
        }
      }
      qb[(qh + qn) & (qb.length - 1)] = f;
      this.qSize[pod] = qn + 1;
    } else {
      // A worker is free, so every request admitted before has started (FIFO: none started later
      // than the earliest free time): the queue is empty.
      this.qSize[pod] = 0;
    }
    const s = f > t ? f : t;
    const end = this.end;
    // Timed out while queued (its start comes after the deadline; at a tie the start wins, as
    // completions run before timeouts at equal times).
    const queuedTimeout = s > t + this.timeout;
    if (queuedTimeout && this.m.abandonQueued) {
      // The client is gone: the pod drops the request when it reaches the head, using no worker.
      this.timedOut(op);
      if (s <= end) this.out.counts.abandoned++;
      else this.unfinished++;
      this.ab[0] = t;
      this.ab[1] = s;
      this.span(this.rowQueue, this.queueTotal, pod);
      return;
    }
    let k = this.drawAt[op] as number;
    if (k === DRAW_BATCH) {
      (this.m.cpuSamplers[op] as Sampler).fill(this.cpuDraws[op] as Float64Array, this.m.cpuRngs[op] as Rng);
      (this.m.dsSamplers[op] as Sampler).fill(this.dsDraws[op] as Float64Array, this.m.dsRngs[op] as Rng);
      k = 0;
    }
    this.drawAt[op] = k + 1;
    const cpu = (this.cpuDraws[op] as Float64Array)[k] as number;
    const cpuEnd = s + cpu;
    const d = this.cpuIsBusy === 0 ? cpuEnd + ((this.dsDraws[op] as Float64Array)[k] as number) : cpuEnd;
    // Replace the earliest free worker by this request's departure and restore the order.
    if (c <= SORTED_MAX) {
      // Insertion into the sorted row: shift the earlier free times down one slot.
      let j = base + 1;
      const top = base + c;
      while (j < top) {
        const v = free[j] as number;
        if (v >= d) break;
        free[j - 1] = v;
        j++;
      }
      free[j - 1] = d;
    } else {
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= c) break;
        let cv = free[base + ch] as number;
        if (ch + 1 < c) {
          const rv = free[base + ch + 1] as number;
          if (rv < cv) {
            ch++;
            cv = rv;
          }
        }
        if (d <= cv) break;
        free[base + i] = cv;
        i = ch;
      }
      free[base + i] = d;
    }
    if (d < this.fastHi && !queuedTimeout && !(d - t > this.timeout)) {
      // The common case: a request that starts, runs and completes (in time) within the row of
      // its arrival, before the end. What follows computes what the general case below would,
      // without its row arithmetic: every span is inside row `r`.
      const r = this.row;
      const wait = s - t;
      const counts = this.counts;
      counts.started++;
      if (wait > 0) {
        counts.waited++;
        this.queueTotal[pod] = (this.queueTotal[pod] as number) + wait;
        this.rowQueue[r] = (this.rowQueue[r] as number) + wait;
      }
      (this.perOpQueueWait[op] as LatencyStats).add(wait);
      this.rowStarted[r] = (this.rowStarted[r] as number) + 1;
      this.rowWait[r] = (this.rowWait[r] as number) + wait;
      if (d > s) {
        this.busyTotal[pod] = (this.busyTotal[pod] as number) + (d - s);
        this.rowBusy[r] = (this.rowBusy[r] as number) + (d - s);
      }
      if (cpuEnd > s && this.cpuIsBusy === 0) {
        this.cpuTotal[pod] = (this.cpuTotal[pod] as number) + (cpuEnd - s);
        this.rowCpu[r] = (this.rowCpu[r] as number) + (cpuEnd - s);
      }
      const latency = d - t + this.gapMs;
      const o = this.outcomesPerOp;
      const ci = this.completedAt + op;
      o[ci] = (o[ci] as number) + 1;
      this.rowCompleted[r] = (this.rowCompleted[r] as number) + 1;
      const all = this.rowAll;
      if (r - this.ringBase >= all.length) this.growLatencyRing(r);
      const slot = r & (this.rowAll.length - 1);
      if (this.nOps === 1) (this.rowLatency[slot] as LatencyStats).add(latency);
      else {
        (this.rowLatency[slot * this.nOps + op] as LatencyStats).add(latency);
        (this.rowAll[slot] as LatencyStats).note(latency);
      }
      (this.perOp[op] as LatencyStats).note(latency);
      return;
    }
    const invI = this.invI;
    const rows = this.rows;
    if (s <= end) {
      const wait = s - t;
      const counts = this.counts;
      counts.started++;
      if (wait > 0) {
        counts.waited++;
        // Queue length integral over [t, s) (s <= end here).
        this.queueTotal[pod] = (this.queueTotal[pod] as number) + wait;
        const ra = Math.floor(t * invI);
        if (ra === Math.floor(s * invI)) {
          if (ra < rows) this.rowQueue[ra] = (this.rowQueue[ra] as number) + wait;
        } else {
          this.ab[0] = t;
          this.ab[1] = s;
          this.spanRows(this.rowQueue);
        }
      }
      (this.perOpQueueWait[op] as LatencyStats).add(wait);
      const r = Math.floor(s * invI);
      if (r < rows) {
        this.rowStarted[r] = (this.rowStarted[r] as number) + 1;
        this.rowWait[r] = (this.rowWait[r] as number) + wait;
      }
      // Busy workers over [s, d) and CPU over [s, cpuEnd), both clipped at the end.
      // Math.min, not a conditional: a conditional between a double and a field V8 holds as a
      // small integer (the end, in whole ms) makes V8 box the result, an allocation per request.
      const db = Math.min(d, end);
      if (db > s) {
        this.busyTotal[pod] = (this.busyTotal[pod] as number) + (db - s);
        if (r === Math.floor(db * invI)) {
          if (r < rows) this.rowBusy[r] = (this.rowBusy[r] as number) + (db - s);
        } else {
          this.ab[0] = s;
          this.ab[1] = db;
          this.spanRows(this.rowBusy);
        }
      }
      const cb = Math.min(cpuEnd, end);
      if (cb > s && this.cpuIsBusy === 0) {
        this.cpuTotal[pod] = (this.cpuTotal[pod] as number) + (cb - s);
        if (r === Math.floor(cb * invI)) {
          if (r < rows) this.rowCpu[r] = (this.rowCpu[r] as number) + (cb - s);
        } else {
          this.ab[0] = s;
          this.ab[1] = cb;
          this.spanRows(this.rowCpu);
        }
      }
    } else {
      this.ab[0] = t;
      this.ab[1] = s;
      this.span(this.rowQueue, this.queueTotal, pod);
    }
    if (queuedTimeout || d - t > this.timeout) this.timedOut(op);
    else if (d <= end) {
      const latency = d - t + this.gapMs;
      const o = this.outcomesPerOp;
      const ci = this.completedAt + op;
      o[ci] = (o[ci] as number) + 1;
      const r = Math.floor(d * invI);
      if (r < rows) {
        this.rowCompleted[r] = (this.rowCompleted[r] as number) + 1;
        const all = this.rowAll;
        if (r - this.ringBase >= all.length) this.growLatencyRing(r);
        // The ring's length is a power of two: a mask instead of an integer division.
        const slot = r & (this.rowAll.length - 1);
        if (this.nOps === 1) (this.rowLatency[slot] as LatencyStats).add(latency);
        else {
          (this.rowLatency[slot * this.nOps + op] as LatencyStats).add(latency);
          (this.rowAll[slot] as LatencyStats).note(latency);
        }
        (this.perOp[op] as LatencyStats).note(latency);
      } else (this.perOp[op] as LatencyStats).add(latency);
    }
    if (d > end) this.unfinished++;
  }

  /**
   * The arrival time (at[0]) has reached rowHi: find its row, the row's end as the general case
   * computes rows (floor(x · invI), whose rounding the bound follows to the last bit), and the
   * bound of the common case (the end of the row or of the run, whichever is first).
   */
  private enterRow(): void {
    const t = this.at[0] as number;
    const r = Math.floor(t * this.invI);
    this.row = r;
    // Before time 0 (rows below 0 never take the common case), the next bound is 0.
    this.rowHi = r < 0 ? 0 : firstOfRow(r + 1, this.I, this.invI);
    this.fastHi = r >= 0 && r < this.rows ? Math.min(this.rowHi, this.end) : -Infinity;
  }

  /** The client gives up at t + timeout (counted then, if the run has not ended). */
  private timedOut(op: number): void {
    const at = (this.at[0] as number) + this.timeout;
    if (at > this.end) return;
    const o = this.out.outcomes;
    o.perOp[Count.TimedOut * this.nOps + op] = (o.perOp[Count.TimedOut * this.nOps + op] as number) + 1;
    this.out.failedLatency.add(this.timeout + this.m.gapMs);
    const r = Math.floor(at * this.invI);
    if (r < this.rows) this.rowTimedOut[r] = (this.rowTimedOut[r] as number) + 1;
  }

  /** Add the time span [a, b) (clipped at the end of the run) to the rows it covers and to the pod's total. */
  private span(rows: Float64Array, total: Float64Array, pod: number): void {
    const a = this.ab[0] as number;
    let b = this.ab[1] as number;
    if (b > this.end) b = this.end;
    if (b <= a) return;
    total[pod] = (total[pod] as number) + (b - a);
    this.ab[1] = b;
    this.spanRows(rows);
  }

  /** Add [ab[0], ab[1]) (a < b, both within the run) to the rows it covers. */
  private spanRows(rows: Float64Array): void {
    const a = this.ab[0] as number;
    const b = this.ab[1] as number;
    const I = this.I;
    let r = Math.floor(a * this.invI);
    const rb = Math.floor(b * this.invI);
    if (r === rb) {
      if (r < this.rows) rows[r] = (rows[r] as number) + (b - a);
      return;
    }
    if (r >= this.rows) return;
    rows[r] = (rows[r] as number) + ((r + 1) * I - a);
    for (r++; r < rb && r < this.rows; r++) rows[r] = (rows[r] as number) + I;
    if (rb < this.rows) rows[rb] = (rows[rb] as number) + (b - rb * I);
  }

  /** Double pod `pod`'s ring of queued start times (it is full); returns the new ring (its head is 0). */
  private growRing(pod: number): Float64Array {
    const old = this.qBuf[pod] as Float64Array;
    const head = this.qHead[pod] as number;
    const next = new Float64Array(old.length * 2);
    for (let i = 0; i < old.length; i++) next[i] = old[(head + i) & (old.length - 1)] as number;
    this.qBuf[pod] = next;
    this.qHead[pod] = 0;
    return next;
  }

  /** Make the ring of per-row latency statistics reach row r (r at or after the open row). */
  private growLatencyRing(r: number): void {
    const oldAll = this.rowAll;
    const old = this.rowLatency;
    const k = this.nOps;
    const len = oldAll.length;
    let n = len;
    while (r - this.ringBase >= n) n *= 2;
    const next: LatencyStats[] = Array.from({ length: n * k }, () => new LatencyStats(this.accuracy));
    for (let row = this.ringBase; row < this.ringBase + len; row++) {
      for (let op = 0; op < k; op++) next[(row % n) * k + op] = old[(row % len) * k + op] as LatencyStats;
    }
    this.rowLatency = next;
    if (k === 1) this.rowAll = next;
    else {
      const all: LatencyStats[] = Array.from({ length: n }, () => new LatencyStats(this.accuracy));
      for (let row = this.ringBase; row < this.ringBase + len; row++) all[row % n] = oldAll[row % len] as LatencyStats;
      this.rowAll = all;
    }
  }

  /**
   * Hand row `row`'s results to the time series before it closes: counters into the open row,
   * queue waits, 2xx latencies and the integrals (returned as increments of cpu-ms, worker-ms
   * and request-ms).
   */
  flushRow(row: number, outcomes: OutcomeCounters, sink: RowSink): void {
    if (row < 0 || row >= this.rows) return;
    outcomes.row[Count.Completed] = (outcomes.row[Count.Completed] as number) + (this.rowCompleted[row] as number);
    outcomes.row[Count.TimedOut] = (outcomes.row[Count.TimedOut] as number) + (this.rowTimedOut[row] as number);
    const slot = row & (this.rowAll.length - 1);
    const all = this.rowAll[slot] as LatencyStats;
    sink.addRow(this.rowStarted[row] as number, this.rowWait[row] as number, all, this.rowCpu[row] as number, this.rowBusy[row] as number, this.rowQueue[row] as number);
    for (let op = 0; op < this.nOps; op++) {
      const lat = this.rowLatency[slot * this.nOps + op] as LatencyStats;
      sink.addOperationRow(op, lat);
      lat.reset();
    }
    all.reset();
    this.ringBase = row + 1;
  }
}

/**
 * Up to this many workers per pod, their free times are kept sorted rather than in a heap. The new
 * departure's rank among them is random (uniform with exponential service times), so the heap's
 * sift-down mispredicts a branch at nearly every level; the insertion mispredicts only its exit,
 * and its shifts are cheap for a short row.
 */
const SORTED_MAX = 16;

/** Draws taken per batch from each operation's streams. */
const DRAW_BATCH = 256;

/** A double and its bits, to step between adjacent doubles. */
const BITS = new Float64Array(1);
const BITS64 = new BigInt64Array(BITS.buffer);

/** The smallest double x with Math.floor(x · invI) >= r: the first time of row r (r >= 1, I > 0). */
function firstOfRow(r: number, I: Ms, invI: number): Ms {
  // r · I is within a few ulps of it: step to the exact boundary (x · invI is monotone in x).
  let x = r * I;
  while (Math.floor(x * invI) < r) x = adjacent(x, 1n);
  for (;;) {
    const below = adjacent(x, -1n);
    if (Math.floor(below * invI) < r) return x;
    x = below;
  }
}

/** The double next to x > 0 upwards (step 1n) or downwards (step -1n). */
function adjacent(x: number, step: bigint): number {
  BITS[0] = x;
  BITS64[0] = (BITS64[0] as bigint) + step;
  return BITS[0] as number;
}

/** Where a flushed row goes (the series sampler). */
export interface RowSink {
  /** The row's starts, queue waits, integrals, and its 2xx latencies' count, sum, min and max (`latency`'s buckets are not read). */
  addRow(started: number, waitSumMs: Ms, latency: LatencyStats, cpuMs: number, busyMs: number, queueMs: number): void;
  /** The row's 2xx latencies of operation `op`; the sink may take its contents (it is reset afterwards). */
  addOperationRow(op: number, latency: LatencyStats): void;
}
