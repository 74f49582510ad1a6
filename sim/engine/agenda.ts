import type { Ms } from '../units.js';

const KIND_SHIFT = 4294967296; // payload = kind * 2^32 + arg (exact in a double)
/** 2^-32: multiplying by it is exactly dividing by KIND_SHIFT (a power of two), without a division per pop. */
const INV_KIND_SHIFT = 1 / KIND_SHIFT;
/** Order key of priority p: p * 2^40 + sequence number. */
const PRIORITY_SHIFT = 1099511627776;

/** Calendar slots (a power of two); the calendar holds the events of the next SLOTS slot widths. */
const SLOTS = 1024;
const MASK = SLOTS - 1;
const WORDS = SLOTS >>> 5;
/** Slot widths are powers of two (ms), between these. */
const MIN_WIDTH: Ms = 2 ** -20;
const MAX_WIDTH: Ms = 2 ** 20;
/** Pops between two looks at whether the slot width suits the events. */
const ADAPT_EVERY = 8192;
/** Slot numbers are rebased before they leave the small-integer range. */
const REBASE_AT = 2 ** 30;
const NONE = -1;

/**
 * The event agenda: events popped in (time, priority, sequence) order.
 *
 * Same-time events run by priority, then first-in first-out (the sequence number), so ties
 * always resolve the same way and a run is reproducible byte for byte.
 *
 * A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988) rather than a binary heap:
 * on the kernel's hot path a heap pop was a quarter of a 24-hour run, most of it mispredicted
 * comparisons while sifting. Time is cut into slots of one width; the events of the next SLOTS
 * slots sit in per-slot lists (an insertion is O(1): a link and a bit in a bitmap of non-empty
 * slots), and the next event is the smallest key in the first non-empty slot, found through the
 * bitmap. Events past that window, or before the current slot, go to a small binary heap (the
 * control loops' ticks, the sampling, a client timeout), and the next event is the smaller of
 * the two. The order is exactly the heap's whatever the width: the width only decides how the
 * work is split, so it follows the events (narrower when slots fill up, wider when the window
 * is mostly empty or most events fall past it).
 *
 * Events are not objects: each is an index into typed arrays (time; priority and sequence folded
 * into one order key; kind and argument packed into one payload; a token), so the hot path
 * allocates nothing. `pop()` exposes the popped event through public fields. A consumer that
 * needs to cancel an event gives it a `token` (e.g. a version number) and ignores it on pop when
 * the token is stale.
 *
 * Timers: an event that an entity keeps at most one of and often moves (a pod's next
 * processor-sharing completion, the oldest client deadline) is a timer with an id instead; moving
 * it unlinks it and links it again, leaving no stale copy. Timers take their order key from the
 * same sequence as pushed events, so the order of events is exactly what pushing them would give.
 * A stream of events kept outside the agenda altogether (arrivals) can do the same with
 * `reserve` and `runsBefore`.
 */
export class Agenda {
  // Events by index: key, payload, token, the timer id (-1: a pushed event), links within a slot,
  // and where the event is (its slot >= 0, or -2 - its position in the overflow heap; -1: free).
  private eTime: Float64Array;
  private eOrder: Float64Array;
  private ePayload: Float64Array;
  private eToken: Float64Array;
  private eTimer: Int32Array;
  private eNext: Int32Array;
  private ePrev: Int32Array;
  private eWhere: Int32Array;
  private freeList: Int32Array;
  private nFree = 0;
  private seq = 0;
  private live = 0;

  // The calendar: list heads per slot, a bitmap of non-empty slots, the width of a slot and the
  // slot number (counted from `origin`) of the earliest event it may hold.
  private readonly head = new Int32Array(SLOTS).fill(NONE);
  private readonly bits = new Int32Array(WORDS);
  private nCal = 0;
  private width: Ms = 1;
  private invWidth = 1;
  private origin: Ms = 0;
  private curK = 0;
  /** Time of the last event popped (events before it go to the overflow heap). */
  private lastTime: Ms = -Infinity;

  // Events outside the calendar's window: a binary min-heap of event indices.
  private oHeap: Int32Array;
  private on = 0;

  /** The next event (smallest key), or -1 when not known (found again on the next look). */
  private best = NONE;

  // Timers: the event of each id (-1: not set).
  private tEvent = new Int32Array(16).fill(NONE);

  // Counters for the width's adaptation since the last look.
  private pops = 0;
  private scanned = 0;
  private words = 0;
  private overflowPops = 0;

  /** Fields of the event last returned by pop(). */
  time: Ms = 0;
  kind = 0;
  arg = 0;
  token = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.eTime = new Float64Array(cap);
    this.eOrder = new Float64Array(cap);
    this.ePayload = new Float64Array(cap);
    this.eToken = new Float64Array(cap);
    this.eTimer = new Int32Array(cap);
    this.eNext = new Int32Array(cap);
    this.ePrev = new Int32Array(cap);
    this.eWhere = new Int32Array(cap).fill(NONE);
    this.freeList = new Int32Array(cap);
    for (let i = cap - 1; i >= 0; i--) this.freeList[this.nFree++] = i;
    this.oHeap = new Int32Array(64);
  }

  /** Events pending: pushed ones and timers set. */
  get size(): number {
    return this.live;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): Ms {
    const e = this.next();
    return e < 0 ? Infinity : (this.eTime[e] as number);
  }

  /**
   * Set timer `id` (a small non-negative integer) to fire at `time`, replacing its previous time if
   * it was set: it then runs as an event pushed now with these fields would.
   */
  set(id: number, time: Ms, priority: number, kind: number, arg: number, token = 0): void {
    this.at[0] = time;
    this.setAt(id, priority, kind, arg, token);
  }

  /**
   * The time of the event `pushAt` or `setAt` adds. Callers on the kernel's hot path write it here:
   * a typed array hands a double over without boxing it, where passing one to a call V8 does not
   * inline allocates a heap number (two per request on a 24-hour day before).
   */
  readonly at = new Float64Array(1);

  /** `set(id, at[0], priority, kind, arg, token)`. */
  setAt(id: number, priority: number, kind: number, arg: number, token = 0): void {
    if (id >= this.tEvent.length) this.growTimers(id);
    let e = this.tEvent[id] as number;
    if (e >= 0) this.unlink(e);
    else {
      e = this.alloc();
      this.tEvent[id] = e;
      this.eTimer[e] = id;
      this.live++;
    }
    this.ePayload[e] = kind * KIND_SHIFT + arg;
    this.eToken[e] = token;
    this.eTime[e] = this.at[0] as number;
    this.eOrder[e] = priority * PRIORITY_SHIFT + this.seq++;
    this.insert(e);
  }

  /**
   * The order key an event of `priority` pushed now would get, for an event source kept outside
   * the agenda (the arrival stream): comparing with `runsBefore` then resolves ties exactly as if
   * the event had been pushed.
   */
  reserve(priority: number): number {
    return priority * PRIORITY_SHIFT + this.seq++;
  }

  /** Whether the next pending event runs before an event at `time` with order key `order` (from `reserve`). */
  runsBefore(time: Ms, order: number): boolean {
    const e = this.next();
    if (e < 0) return false;
    const t = this.eTime[e] as number;
    return t < time || (t === time && (this.eOrder[e] as number) < order);
  }

  /** Unset timer `id` (nothing happens if it is not set). */
  cancel(id: number): void {
    if (id >= this.tEvent.length) return;
    const e = this.tEvent[id] as number;
    if (e < 0) return;
    this.unlink(e);
    this.tEvent[id] = NONE;
    this.release(e);
  }

  /** Whether timer `id` is set. */
  isSet(id: number): boolean {
    return id < this.tEvent.length && (this.tEvent[id] as number) >= 0;
  }

  /**
   * Schedule an event.
   * @param priority smaller runs first among events at the same time (0..1023).
   * @param kind 0..2^20; arg 0..2^32 − 1.
   */
  push(time: Ms, priority: number, kind: number, arg: number, token = 0): void {
    this.at[0] = time;
    this.pushAt(priority, kind, arg, token);
  }

  /** `push(at[0], priority, kind, arg, token)`. */
  pushAt(priority: number, kind: number, arg: number, token = 0): void {
    const e = this.alloc();
    this.eTimer[e] = NONE;
    this.ePayload[e] = kind * KIND_SHIFT + arg;
    this.eToken[e] = token;
    this.eTime[e] = this.at[0] as number;
    this.eOrder[e] = priority * PRIORITY_SHIFT + this.seq++;
    this.live++;
    this.insert(e);
  }

  /** Remove the earliest event and expose it in time/kind/arg/token. Returns false when empty. */
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
    const e = this.next();
    if (e < 0) return false;
    const t = this.eTime[e] as number;
    const time = b[0] as number;
    if (t > (b[2] as number) || t > time || (t === time && (this.eOrder[e] as number) >= (b[1] as number))) return false;
    this.time = t;
    const payload = this.ePayload[e] as number;
    const kind = Math.floor(payload * INV_KIND_SHIFT);
    this.kind = kind;
    this.arg = payload - kind * KIND_SHIFT;
    this.token = this.eToken[e] as number;
    const where = this.eWhere[e] as number;
    if (where >= 0) {
      // The calendar's next slot is where the clock now is.
      this.curK = Math.floor((t - this.origin) * this.invWidth);
    } else {
      this.overflowPops++;
      const k = Math.floor((t - this.origin) * this.invWidth);
      if (k > this.curK) this.curK = k;
    }
    this.lastTime = t;
    this.unlink(e);
    const id = this.eTimer[e] as number;
    if (id >= 0) this.tEvent[id] = NONE;
    this.release(e);
    if (++this.pops === ADAPT_EVERY) this.adapt();
    return true;
  }

  /** The next event (smallest key), found and remembered until it changes; -1 when empty. */
  private next(): number {
    let e = this.best;
    if (e >= 0 || this.live === 0) return e;
    e = this.nCal > 0 ? this.calendarMin() : NONE;
    if (this.on > 0) {
      const o = this.oHeap[0] as number;
      if (e < 0 || this.before(o, e)) e = o;
    }
    this.best = e;
    return e;
  }

  /** The smallest event of the first non-empty slot of the calendar (which holds one). */
  private calendarMin(): number {
    const s0 = this.curK & MASK;
    const bits = this.bits;
    let w = s0 >>> 5;
    let word = (bits[w] as number) & (-1 << (s0 & 31));
    let scannedWords = 1;
    while (word === 0) {
      w = (w + 1) & (WORDS - 1);
      word = bits[w] as number;
      scannedWords++;
    }
    this.words += scannedWords;
    // Lowest set bit of the word.
    const slot = (w << 5) | (31 - Math.clz32(word & -word));
    let best = this.head[slot] as number;
    let bt = this.eTime[best] as number;
    let bo = this.eOrder[best] as number;
    let n = 1;
    for (let e = this.eNext[best] as number; e >= 0; e = this.eNext[e] as number) {
      n++;
      const t = this.eTime[e] as number;
      if (t < bt || (t === bt && (this.eOrder[e] as number) < bo)) {
        best = e;
        bt = t;
        bo = this.eOrder[e] as number;
      }
    }
    this.scanned += n;
    return best;
  }

  /** Whether event a runs before event b. */
  private before(a: number, b: number): boolean {
    const ta = this.eTime[a] as number;
    const tb = this.eTime[b] as number;
    return ta < tb || (ta === tb && (this.eOrder[a] as number) < (this.eOrder[b] as number));
  }

  /** Put event e (its key set) into the calendar, or the overflow heap when outside its window. */
  private insert(e: number): void {
    const time = this.eTime[e] as number;
    const k = Math.floor((time - this.origin) * this.invWidth);
    const rel = k - this.curK;
    // (False for NaN and infinite times as well: they go to the heap.)
    if (rel >= 0 && rel < SLOTS) {
      const slot = k & MASK;
      const h = this.head[slot] as number;
      this.eNext[e] = h;
      this.ePrev[e] = NONE;
      if (h >= 0) this.ePrev[h] = e;
      else this.bits[slot >>> 5] = (this.bits[slot >>> 5] as number) | (1 << (slot & 31));
      this.head[slot] = e;
      this.eWhere[e] = slot;
      this.nCal++;
    } else this.heapInsert(e);
    const b = this.best;
    if (b >= 0 && this.before(e, b)) this.best = e;
    else if (this.live === 1) this.best = e;
  }

  /** Take event e out of the calendar or the heap (its index stays allocated). */
  private unlink(e: number): void {
    const where = this.eWhere[e] as number;
    if (where >= 0) {
      const next = this.eNext[e] as number;
      const prev = this.ePrev[e] as number;
      if (prev >= 0) this.eNext[prev] = next;
      else {
        this.head[where] = next;
        if (next < 0) this.bits[where >>> 5] = (this.bits[where >>> 5] as number) & ~(1 << (where & 31));
      }
      if (next >= 0) this.ePrev[next] = prev;
      this.nCal--;
    } else this.heapRemoveAt(-2 - where);
    this.eWhere[e] = NONE;
    if (this.best === e) this.best = NONE;
  }

  private alloc(): number {
    if (this.nFree === 0) this.grow();
    return this.freeList[--this.nFree] as number;
  }

  private release(e: number): void {
    this.live--;
    this.freeList[this.nFree++] = e;
  }

  // ---- The overflow heap ------------------------------------------------------------------

  private heapInsert(e: number): void {
    if (this.on === this.oHeap.length) {
      const next = new Int32Array(this.on * 2);
      next.set(this.oHeap);
      this.oHeap = next;
    }
    this.heapUp(this.on++, e);
  }

  private heapRemoveAt(i: number): void {
    const last = --this.on;
    if (i === last) return;
    const e = this.oHeap[last] as number;
    if (i > 0 && this.before(e, this.oHeap[(i - 1) >> 1] as number)) this.heapUp(i, e);
    else this.heapDown(i, e);
  }

  /** Place event e at heap position i or above it. */
  private heapUp(i: number, e: number): void {
    const h = this.oHeap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = h[p] as number;
      if (!this.before(e, pe)) break;
      h[i] = pe;
      this.eWhere[pe] = -2 - i;
      i = p;
    }
    h[i] = e;
    this.eWhere[e] = -2 - i;
  }

  /** Place event e at heap position i or below it. */
  private heapDown(i: number, e: number): void {
    const h = this.oHeap;
    const n = this.on;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(h[c + 1] as number, h[c] as number)) c++;
      const ce = h[c] as number;
      if (!this.before(ce, e)) break;
      h[i] = ce;
      this.eWhere[ce] = -2 - i;
      i = c;
    }
    h[i] = e;
    this.eWhere[e] = -2 - i;
  }

  // ---- The slot width ---------------------------------------------------------------------

  /**
   * Every ADAPT_EVERY pops: halve the width when the slots popped from held more than a few
   * events each (a linear scan), double it when they held about one and most pops went through
   * the heap or over empty bitmap words. Then rebase the slot numbers if they grew large.
   */
  private adapt(): void {
    const calPops = this.pops - this.overflowPops;
    let width = this.width;
    if (calPops > 0 && this.scanned > 1.4 * calPops) width = Math.max(MIN_WIDTH, width / 2);
    else if (this.scanned < 1.1 * Math.max(1, calPops) && (this.overflowPops * 2 > this.pops || this.words > 2 * calPops)) width = Math.min(MAX_WIDTH, width * 2);
    this.pops = 0;
    this.scanned = 0;
    this.words = 0;
    this.overflowPops = 0;
    if (width !== this.width || this.curK > REBASE_AT) this.rebuild(width);
  }

  /** Re-sort every event with slots of `width`, counted from the last event's time. */
  private rebuild(width: Ms): void {
    const events: number[] = [];
    for (let s = 0; s < SLOTS; s++) {
      for (let e = this.head[s] as number; e >= 0; e = this.eNext[e] as number) events.push(e);
      this.head[s] = NONE;
    }
    for (let e = 0; e < this.on; e++) events.push(this.oHeap[e] as number);
    this.bits.fill(0);
    this.nCal = 0;
    this.on = 0;
    this.width = width;
    this.invWidth = 1 / width;
    this.origin = Number.isFinite(this.lastTime) ? this.lastTime : 0;
    this.curK = 0;
    const best = this.best;
    for (const e of events) this.insert(e);
    this.best = best;
  }

  private growTimers(id: number): void {
    let cap = this.tEvent.length;
    while (cap <= id) cap *= 2;
    const next = new Int32Array(cap).fill(NONE);
    next.set(this.tEvent);
    this.tEvent = next;
  }

  private grow(): void {
    const old = this.eTime.length;
    const cap = old * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array, fill: number): Int32Array => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.eTime = f(this.eTime);
    this.eOrder = f(this.eOrder);
    this.ePayload = f(this.ePayload);
    this.eToken = f(this.eToken);
    this.eTimer = g(this.eTimer, NONE);
    this.eNext = g(this.eNext, NONE);
    this.ePrev = g(this.ePrev, NONE);
    this.eWhere = g(this.eWhere, NONE);
    const free = new Int32Array(cap);
    free.set(this.freeList.subarray(0, this.nFree));
    this.freeList = free;
    for (let i = cap - 1; i >= old; i--) this.freeList[this.nFree++] = i;
  }
}
