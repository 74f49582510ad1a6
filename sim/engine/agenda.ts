import type { Ms } from '../units.js';

const STRIDE = 4; // time, order, payload (kind and arg), token
const KIND_SHIFT = 4294967296; // payload = kind * 2^32 + arg (exact in a double)

/**
 * The event agenda: a binary min-heap keyed by (time, priority, sequence).
 *
 * Same-time events run by priority, then first-in first-out (the sequence number), so ties
 * always resolve the same way and a run is reproducible byte for byte.
 *
 * Events are not objects: each slot is four numbers in one Float64Array (time; priority and
 * sequence folded into one order key; kind and argument packed into one payload; a token), so a
 * heap move touches one cache line and the hot path allocates nothing. `pop()` exposes the
 * popped event through public fields. A consumer that needs to cancel an event gives it a
 * `token` (e.g. a version number) and ignores it on pop when the token is stale.
 */
export class Agenda {
  private heap: Float64Array;
  private n = 0;
  private seq = 0;

  /** Fields of the event last returned by pop(). */
  time: Ms = 0;
  kind = 0;
  arg = 0;
  token = 0;

  constructor(initialCapacity = 1024) {
    this.heap = new Float64Array(initialCapacity * STRIDE);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or Infinity when empty. O(1). */
  peekTime(): Ms {
    return this.n > 0 ? (this.heap[0] as number) : Infinity;
  }

  /**
   * Schedule an event. O(log n).
   * @param priority smaller runs first among events at the same time (0..1023).
   * @param kind 0..2^20; arg 0..2^32 − 1.
   */
  push(time: Ms, priority: number, kind: number, arg: number, token = 0): void {
    if ((this.n + 1) * STRIDE > this.heap.length) this.grow();
    const h = this.heap;
    const order = priority * 1099511627776 + this.seq++;
    let i = this.n++;
    // Sift up: move parents down until the slot for the new key is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pb = p * STRIDE;
      const pt = h[pb] as number;
      if (pt < time || (pt === time && (h[pb + 1] as number) < order)) break;
      const ib = i * STRIDE;
      h[ib] = pt;
      h[ib + 1] = h[pb + 1] as number;
      h[ib + 2] = h[pb + 2] as number;
      h[ib + 3] = h[pb + 3] as number;
      i = p;
    }
    const b = i * STRIDE;
    h[b] = time;
    h[b + 1] = order;
    h[b + 2] = kind * KIND_SHIFT + arg;
    h[b + 3] = token;
  }

  /** Remove the earliest event and expose it in time/kind/arg/token. Returns false when empty. O(log n). */
  pop(): boolean {
    if (this.n === 0) return false;
    const h = this.heap;
    this.time = h[0] as number;
    const payload = h[2] as number;
    const kind = Math.floor(payload / KIND_SHIFT);
    this.kind = kind;
    this.arg = payload - kind * KIND_SHIFT;
    this.token = h[3] as number;
    const last = --this.n;
    if (last > 0) this.siftDownFrom(last);
    return true;
  }

  private siftDownFrom(last: number): void {
    const h = this.heap;
    const lb = last * STRIDE;
    const t = h[lb] as number;
    const o = h[lb + 1] as number;
    const pl = h[lb + 2] as number;
    const tok = h[lb + 3] as number;
    const n = this.n;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let cb = c * STRIDE;
      if (c + 1 < n) {
        const rb = cb + STRIDE;
        const ct = h[cb] as number;
        const rt = h[rb] as number;
        if (rt < ct || (rt === ct && (h[rb + 1] as number) < (h[cb + 1] as number))) {
          c++;
          cb = rb;
        }
      }
      const ct = h[cb] as number;
      if (t < ct || (t === ct && o < (h[cb + 1] as number))) break;
      const ib = i * STRIDE;
      h[ib] = ct;
      h[ib + 1] = h[cb + 1] as number;
      h[ib + 2] = h[cb + 2] as number;
      h[ib + 3] = h[cb + 3] as number;
      i = c;
    }
    const ib = i * STRIDE;
    h[ib] = t;
    h[ib + 1] = o;
    h[ib + 2] = pl;
    h[ib + 3] = tok;
  }

  private grow(): void {
    const next = new Float64Array(this.heap.length * 2);
    next.set(this.heap);
    this.heap = next;
  }
}
