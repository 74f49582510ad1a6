import type { Ms } from '../units.js';

/** Request flags. */
export const TIMED_OUT = 1; // the client gave up (already counted)
export const FAILED = 2; // downstream failed: the answer will be a 502
export const QUEUED = 4;

/**
 * In-flight requests as parallel typed arrays with a free list: memory is bounded by the peak
 * number of requests in the system, not by the run length, and nothing is allocated per request.
 */
export class RequestTable {
  arrival!: Float64Array;
  start!: Float64Array;
  cpuWork!: Float64Array;
  downstream!: Float64Array;
  /** Client id of the logical request (iteration number), kept across retries. */
  logical!: Float64Array;
  op!: Int32Array;
  pod!: Int32Array;
  /** The client's connection (or k6 VU) carrying the request, -1 when none or when the client is done with it. */
  conn!: Int32Array;
  attempt!: Int32Array;
  gen!: Int32Array;
  flags!: Uint8Array;
  private live!: Uint8Array;
  private free!: Int32Array;
  private nFree = 0;
  private capacity = 0;

  constructor(initialCapacity = 1024) {
    this.resize(initialCapacity);
  }

  /** Take a free slot; its generation changes so stale events for the old occupant are ignored. */
  alloc(arrival: Ms, op: number, logical: number, attempt: number): number {
    if (this.nFree === 0) this.resize(this.capacity * 2);
    const i = this.free[--this.nFree] as number;
    this.arrival[i] = arrival;
    this.op[i] = op;
    this.logical[i] = logical;
    this.attempt[i] = attempt;
    this.flags[i] = 0;
    this.pod[i] = -1;
    this.conn[i] = -1;
    this.gen[i] = (this.gen[i] as number) + 1;
    this.live[i] = 1;
    return i;
  }

  release(i: number): void {
    this.gen[i] = (this.gen[i] as number) + 1;
    this.live[i] = 0;
    this.free[this.nFree++] = i;
  }

  /** Whether slot i holds a request (allocated and not released). */
  isLive(i: number): boolean {
    return (this.live[i] as number) === 1;
  }

  get inUse(): number {
    return this.capacity - this.nFree;
  }

  private resize(cap: number): void {
    const old = this.capacity;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(make: (n: number) => T, prev: T | undefined): T => {
      const a = make(cap);
      if (prev) a.set(prev as never);
      return a;
    };
    this.arrival = grow((n) => new Float64Array(n), this.arrival);
    this.start = grow((n) => new Float64Array(n), this.start);
    this.cpuWork = grow((n) => new Float64Array(n), this.cpuWork);
    this.downstream = grow((n) => new Float64Array(n), this.downstream);
    this.logical = grow((n) => new Float64Array(n), this.logical);
    this.op = grow((n) => new Int32Array(n), this.op);
    this.pod = grow((n) => new Int32Array(n), this.pod);
    this.conn = grow((n) => new Int32Array(n), this.conn);
    this.attempt = grow((n) => new Int32Array(n), this.attempt);
    this.gen = grow((n) => new Int32Array(n), this.gen);
    this.flags = grow((n) => new Uint8Array(n), this.flags);
    this.live = grow((n) => new Uint8Array(n), this.live);
    const free = new Int32Array(cap);
    if (this.free) free.set(this.free.subarray(0, this.nFree));
    // New slots are handed out lowest index first.
    for (let i = cap - 1; i >= old; i--) free[this.nFree++] = i;
    this.free = free;
    this.capacity = cap;
  }
}
