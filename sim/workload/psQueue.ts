/**
 * Processor sharing for a pod whose busy workers want more CPU than its limit allows.
 * With n requests in their CPU phase and a limit of C cores, each progresses at min(1, C/n)
 * (a single request never uses more than one core). A virtual clock V advances at that rate;
 * a request entering its CPU phase with work w finishes when V reaches V_entry + w, so the next
 * finisher is the smallest tag: a min-heap of tags.
 */
export class PsQueue {
  private tags = new Float64Array(16);
  private reqs = new Int32Array(16);
  size = 0;

  push(tag: number, req: number): void {
    if (this.size === this.tags.length) {
      const t = new Float64Array(this.size * 2);
      t.set(this.tags);
      const r = new Int32Array(this.size * 2);
      r.set(this.reqs);
      this.tags = t;
      this.reqs = r;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((this.tags[p] as number) <= tag) break;
      this.tags[i] = this.tags[p] as number;
      this.reqs[i] = this.reqs[p] as number;
      i = p;
    }
    this.tags[i] = tag;
    this.reqs[i] = req;
  }

  minTag(): number {
    return this.tags[0] as number;
  }

  /** Remove the request with the smallest tag and return it. */
  pop(): number {
    const top = this.reqs[0] as number;
    const last = --this.size;
    const t = this.tags[last] as number;
    const r = this.reqs[last] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (this.tags[c + 1] as number) < (this.tags[c] as number)) c++;
      if (t <= (this.tags[c] as number)) break;
      this.tags[i] = this.tags[c] as number;
      this.reqs[i] = this.reqs[c] as number;
      i = c;
    }
    this.tags[i] = t;
    this.reqs[i] = r;
    return top;
  }
}
