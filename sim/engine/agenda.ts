import type { Ms } from '../units.js';

/**
 * The event agenda: a binary min-heap keyed by (time, priority, sequence).
 *
 * Same-time events run by priority, then first-in first-out (the sequence number), so ties
 * always resolve the same way and a run is reproducible byte for byte.
 *
 * Events are not objects: each slot holds a numeric `kind` and two numeric arguments in
 * parallel typed arrays, and `pop()` exposes the popped event through public fields. The hot
 * path therefore allocates nothing per event. A consumer that needs to cancel an event gives it
 * a `token` (e.g. a version number) and ignores it on pop when the token is stale.
 */
export class Agenda {
  private times: Float64Array;
  private orders: Float64Array; // priority * 2^40 + seq: one comparison for both tie-breakers
  private kinds: Int32Array;
  private args: Int32Array;
  private tokens: Float64Array;
  private n = 0;
  private seq = 0;

  /** Fields of the event last returned by pop(). */
  time: Ms = 0;
  kind = 0;
  arg = 0;
  token = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.orders = new Float64Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.args = new Int32Array(initialCapacity);
    this.tokens = new Float64Array(initialCapacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or Infinity when empty. O(1). */
  peekTime(): Ms {
    return this.n > 0 ? (this.times[0] as number) : Infinity;
  }

  /**
   * Schedule an event. O(log n).
   * @param priority smaller runs first among events at the same time (0..1023).
   */
  push(time: Ms, priority: number, kind: number, arg: number, token = 0): void {
    if (this.n === this.times.length) this.grow();
    const order = priority * 1099511627776 + this.seq++;
    let i = this.n++;
    const times = this.times;
    const orders = this.orders;
    // Sift up: move parents down until the slot for the new key is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (orders[p] as number) < order)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = time;
    orders[i] = order;
    this.kinds[i] = kind;
    this.args[i] = arg;
    this.tokens[i] = token;
  }

  /** Remove the earliest event and expose it in time/kind/arg/token. Returns false when empty. O(log n). */
  pop(): boolean {
    if (this.n === 0) return false;
    this.time = this.times[0] as number;
    this.kind = this.kinds[0] as number;
    this.arg = this.args[0] as number;
    this.token = this.tokens[0] as number;
    const last = --this.n;
    if (last > 0) this.siftDownFrom(last);
    return true;
  }

  private siftDownFrom(last: number): void {
    const times = this.times;
    const orders = this.orders;
    const t = times[last] as number;
    const o = orders[last] as number;
    const k = this.kinds[last] as number;
    const a = this.args[last] as number;
    const tok = this.tokens[last] as number;
    const n = this.n;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n) {
        const ct = times[c] as number;
        const rt = times[r] as number;
        if (rt < ct || (rt === ct && (orders[r] as number) < (orders[c] as number))) c = r;
      }
      const ct = times[c] as number;
      if (t < ct || (t === ct && o < (orders[c] as number))) break;
      this.move(c, i);
      i = c;
    }
    times[i] = t;
    orders[i] = o;
    this.kinds[i] = k;
    this.args[i] = a;
    this.tokens[i] = tok;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.orders[to] = this.orders[from] as number;
    this.kinds[to] = this.kinds[from] as number;
    this.args[to] = this.args[from] as number;
    this.tokens[to] = this.tokens[from] as number;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    this.times = copyInto(new Float64Array(cap), this.times);
    this.orders = copyInto(new Float64Array(cap), this.orders);
    this.kinds = copyInto(new Int32Array(cap), this.kinds);
    this.args = copyInto(new Int32Array(cap), this.args);
    this.tokens = copyInto(new Float64Array(cap), this.tokens);
  }
}

function copyInto<T extends Float64Array | Int32Array>(dst: T, src: T): T {
  dst.set(src as never);
  return dst;
}
