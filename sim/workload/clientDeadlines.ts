/**
 * The client timeouts of the requests in the system, without an agenda event per request.
 *
 * Every attempt gets the same timeout from the moment it reaches the service, so deadlines come
 * in arrival order: a FIFO of (request slot, slot generation) in arrival order is also in deadline
 * order, and the kernel keeps one agenda timer, at the deadline of the oldest entry. Most requests
 * end long before their deadline; their slot's generation then no longer matches, so their entry
 * is dropped when it reaches the head (or when the ring is compacted), never scheduled. A timeout
 * that does fire is seen by the client at its exact deadline, as an event per request would.
 *
 * Memory: the ring is compacted (dead entries dropped, order kept) before it grows, so it holds
 * about twice the requests alive at once at most, not every request of the last timeout period.
 */
export class ClientDeadlines {
  private slot = new Int32Array(1024);
  private gen = new Int32Array(1024);
  private head = 0;
  size = 0;

  /** Add the request in `slot` (generation `gen`), the latest arrival so far. */
  push(slot: number, gen: number, liveGen: Int32Array): void {
    if (this.size === this.slot.length) this.compactOrGrow(liveGen);
    const i = (this.head + this.size) & (this.slot.length - 1);
    this.slot[i] = slot;
    this.gen[i] = gen;
    this.size++;
  }

  /**
   * Drop the entries at the head whose request has ended (`liveGen[slot]` moved on); returns the
   * slot of the oldest request still alive, or -1 when none is left.
   */
  firstLive(liveGen: Int32Array): number {
    const mask = this.slot.length - 1;
    while (this.size > 0) {
      const s = this.slot[this.head] as number;
      if (liveGen[s] === this.gen[this.head]) return s;
      this.head = (this.head + 1) & mask;
      this.size--;
    }
    return -1;
  }

  /** Remove the head entry (after firstLive returned it). */
  shift(): void {
    this.head = (this.head + 1) & (this.slot.length - 1);
    this.size--;
  }

  private compactOrGrow(liveGen: Int32Array): void {
    const cap = this.slot.length;
    const mask = cap - 1;
    // Compact in place, in order from the head (the write position never passes the read position).
    let j = 0;
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) & mask;
      const s = this.slot[i] as number;
      const g = this.gen[i] as number;
      if (liveGen[s] !== g) continue;
      const w = (this.head + j++) & mask;
      this.slot[w] = s;
      this.gen[w] = g;
    }
    this.size = j;
    // Grow when more than half is still alive, so compactions stay rare (amortised O(1) a push).
    if (j * 2 <= cap) return;
    const slot = new Int32Array(cap * 2);
    const gen = new Int32Array(cap * 2);
    for (let k = 0; k < j; k++) {
      const i = (this.head + k) & mask;
      slot[k] = this.slot[i] as number;
      gen[k] = this.gen[i] as number;
    }
    this.slot = slot;
    this.gen = gen;
    this.head = 0;
  }
}
