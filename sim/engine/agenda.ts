import type { Ms } from '../units.js';

const STRIDE = 4; // time, order, payload (kind and arg), token
const KIND_SHIFT = 4294967296; // payload = kind * 2^32 + arg (exact in a double)
/** 2^-32: multiplying by it is exactly dividing by KIND_SHIFT (a power of two), without a division per pop. */
const INV_KIND_SHIFT = 1 / KIND_SHIFT;

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
 *
 * Timers: an event that an entity keeps at most one of and often moves (a pod's next
 * processor-sharing completion, the next arrival) is a timer with an id instead. It lives in a
 * second, small indexed heap (one slot per id), so moving it replaces it in place rather than
 * leaving a stale copy in the main heap for every move. Timers take their order key from the same
 * sequence as pushed events, so the order of events is exactly what pushing them would give.
 * A stream of events kept outside the agenda altogether (arrivals) can do the same with
 * `reserve` and `runsBefore`.
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

  // Timers. By heap position: the key (time, order) and the id, so comparisons read the heap
  // directly; by id: payload, token and the id's position in the heap (-1: not set).
  private tTime = new Float64Array(16);
  private tOrder = new Float64Array(16);
  private tHeap = new Int32Array(16);
  private tPayload = new Float64Array(16);
  private tToken = new Float64Array(16);
  private tPos = new Int32Array(16).fill(-1);
  private tn = 0;

  constructor(initialCapacity = 1024) {
    this.heap = new Float64Array(initialCapacity * STRIDE);
  }

  /** Events pending: pushed ones and timers set. */
  get size(): number {
    return this.n + this.tn;
  }

  /** Time of the next event, or Infinity when empty. O(1). */
  peekTime(): Ms {
    const h = this.n > 0 ? (this.heap[0] as number) : Infinity;
    if (this.tn === 0) return h;
    const t = this.tTime[0] as number;
    return t < h ? t : h;
  }

  /**
   * Set timer `id` (a small non-negative integer) to fire at `time`, replacing its previous time if
   * it was set: it then runs as an event pushed now with these fields would. O(log timers).
   */
  set(id: number, time: Ms, priority: number, kind: number, arg: number, token = 0): void {
    if (id >= this.tPos.length) this.growTimers(id);
    const order = priority * 1099511627776 + this.seq++;
    this.tPayload[id] = kind * KIND_SHIFT + arg;
    this.tToken[id] = token;
    const i = this.tPos[id] as number;
    if (i < 0) this.timerUp(this.tn++, time, order, id);
    else if (i > 0 && this.keyBefore(time, order, (i - 1) >> 1)) this.timerUp(i, time, order, id);
    else this.timerDown(i, time, order, id);
  }

  /**
   * The order key an event of `priority` pushed now would get, for an event source kept outside
   * the agenda (the arrival stream): comparing with `runsBefore` then resolves ties exactly as if
   * the event had been pushed.
   */
  reserve(priority: number): number {
    return priority * 1099511627776 + this.seq++;
  }

  /** Whether the next pending event runs before an event at `time` with order key `order` (from `reserve`). */
  runsBefore(time: Ms, order: number): boolean {
    if (this.n > 0) {
      const h = this.heap;
      const t = h[0] as number;
      if (t < time || (t === time && (h[1] as number) < order)) return true;
    }
    if (this.tn > 0) {
      const t = this.tTime[0] as number;
      if (t < time || (t === time && (this.tOrder[0] as number) < order)) return true;
    }
    return false;
  }

  /** Unset timer `id` (nothing happens if it is not set). O(log timers). */
  cancel(id: number): void {
    if (id >= this.tPos.length) return;
    const i = this.tPos[id] as number;
    if (i >= 0) this.timerRemoveAt(i);
  }

  /** Whether timer `id` is set. */
  isSet(id: number): boolean {
    return id < this.tPos.length && (this.tPos[id] as number) >= 0;
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
    return this.popBefore(Infinity, Infinity, Infinity);
  }

  /**
   * For `popNext`: the time and order key (from `reserve`) of the next event kept outside the
   * agenda (Infinity: none), and the limit. The owner writes them here when they change: a
   * typed array hands the doubles over without boxing them, where passing them to a call V8
   * does not inline allocates a heap number each (three per event on the kernel's hot path).
   */
  readonly outside = new Float64Array([Infinity, Infinity, Infinity]);
  private readonly bounds = new Float64Array(3);

  /** `popBefore(outside[0], outside[1], outside[2])`. */
  popNext(): boolean {
    return this.popWithin(this.outside);
  }

  /**
   * Pop the next event if it runs before an event at `time` with order key `order` (see
   * `reserve`) and is not later than `limit`; returns whether it did. The kernel's loop in one
   * call: the agenda's next event, or the arrival stream's.
   */
  popBefore(time: Ms, order: number, limit: Ms): boolean {
    const b = this.bounds;
    b[0] = time;
    b[1] = order;
    b[2] = limit;
    return this.popWithin(b);
  }

  /** popBefore(b[0], b[1], b[2]). */
  private popWithin(b: Float64Array): boolean {
    const time = b[0] as number;
    const order = b[1] as number;
    const limit = b[2] as number;
    const h = this.heap;
    let t = Infinity;
    let o = Infinity;
    let timer = -1;
    if (this.n > 0) {
      t = h[0] as number;
      o = h[1] as number;
    }
    if (this.tn > 0) {
      const tt = this.tTime[0] as number;
      const to = this.tOrder[0] as number;
      if (tt < t || (tt === t && to < o)) {
        t = tt;
        o = to;
        timer = this.tHeap[0] as number;
      }
    }
    if (t > limit || t > time || (t === time && o >= order) || o === Infinity) return false;
    this.time = t;
    if (timer >= 0) {
      const payload = this.tPayload[timer] as number;
      const kind = Math.floor(payload * INV_KIND_SHIFT);
      this.kind = kind;
      this.arg = payload - kind * KIND_SHIFT;
      this.token = this.tToken[timer] as number;
      this.timerRemoveAt(0);
      return true;
    }
    const payload = h[2] as number;
    const kind = Math.floor(payload * INV_KIND_SHIFT);
    this.kind = kind;
    this.arg = payload - kind * KIND_SHIFT;
    this.token = h[3] as number;
    const last = --this.n;
    if (last > 0) this.siftDownFrom(last);
    return true;
  }

  /**
   * Refill the root with the element at `last` (the heap has already shrunk to exclude it).
   * Bottom-up (Floyd): the hole goes down to a leaf along the smaller children, one comparison a
   * level, then the element rises from there, usually by a level or two: it came from the bottom.
   */
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
      const ib = i * STRIDE;
      h[ib] = h[cb] as number;
      h[ib + 1] = h[cb + 1] as number;
      h[ib + 2] = h[cb + 2] as number;
      h[ib + 3] = h[cb + 3] as number;
      i = c;
    }
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pb = p * STRIDE;
      const pt = h[pb] as number;
      if (pt < t || (pt === t && (h[pb + 1] as number) < o)) break;
      const ib = i * STRIDE;
      h[ib] = pt;
      h[ib + 1] = h[pb + 1] as number;
      h[ib + 2] = h[pb + 2] as number;
      h[ib + 3] = h[pb + 3] as number;
      i = p;
    }
    const ib = i * STRIDE;
    h[ib] = t;
    h[ib + 1] = o;
    h[ib + 2] = pl;
    h[ib + 3] = tok;
  }

  /** Whether key (t, o) runs before the timer at heap position i. */
  private keyBefore(t: Ms, o: number, i: number): boolean {
    const ti = this.tTime[i] as number;
    return t < ti || (t === ti && o < (this.tOrder[i] as number));
  }

  /** Place timer `id` with key (t, o) at heap position i or above it. */
  private timerUp(i: number, t: Ms, o: number, id: number): void {
    const tt = this.tTime;
    const to = this.tOrder;
    const h = this.tHeap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = tt[p] as number;
      if (pt < t || (pt === t && (to[p] as number) < o)) break;
      tt[i] = pt;
      to[i] = to[p] as number;
      const pid = h[p] as number;
      h[i] = pid;
      this.tPos[pid] = i;
      i = p;
    }
    tt[i] = t;
    to[i] = o;
    h[i] = id;
    this.tPos[id] = i;
  }

  /** Place timer `id` with key (t, o) at heap position i or below it. */
  private timerDown(i: number, t: Ms, o: number, id: number): void {
    const tt = this.tTime;
    const to = this.tOrder;
    const h = this.tHeap;
    const n = this.tn;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = tt[c] as number;
      if (c + 1 < n) {
        const rt = tt[c + 1] as number;
        if (rt < ct || (rt === ct && (to[c + 1] as number) < (to[c] as number))) {
          c++;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && o < (to[c] as number))) break;
      tt[i] = ct;
      to[i] = to[c] as number;
      const cid = h[c] as number;
      h[i] = cid;
      this.tPos[cid] = i;
      i = c;
    }
    tt[i] = t;
    to[i] = o;
    h[i] = id;
    this.tPos[id] = i;
  }

  private timerRemoveAt(i: number): void {
    this.tPos[this.tHeap[i] as number] = -1;
    const last = --this.tn;
    if (i === last) return;
    const t = this.tTime[last] as number;
    const o = this.tOrder[last] as number;
    const id = this.tHeap[last] as number;
    if (i > 0 && this.keyBefore(t, o, (i - 1) >> 1)) this.timerUp(i, t, o, id);
    else this.timerDown(i, t, o, id);
  }

  private growTimers(id: number): void {
    let cap = this.tPos.length;
    while (cap <= id) cap *= 2;
    const f = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.tTime = f(this.tTime);
    this.tOrder = f(this.tOrder);
    this.tPayload = f(this.tPayload);
    this.tToken = f(this.tToken);
    const pos = new Int32Array(cap).fill(-1);
    pos.set(this.tPos);
    this.tPos = pos;
    const heap = new Int32Array(cap);
    heap.set(this.tHeap);
    this.tHeap = heap;
  }

  private grow(): void {
    const next = new Float64Array(this.heap.length * 2);
    next.set(this.heap);
    this.heap = next;
  }
}
