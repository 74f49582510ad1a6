import type { Rng } from '../engine/rng.js';
import type { Routing } from '../model.js';
import type { PodTable } from './podTable.js';

const MODES: readonly Routing[] = ['global-round-robin', 'random', 'least-outstanding', 'service'];

/**
 * Per-request routing across Ready pods (a Service's endpoints): one global rotation (the ideal a
 * client-side balancer that sees every request achieves), random, or least outstanding requests
 * (busy workers plus queue). The list keeps the order pods became Ready, so removing one does not
 * upset the rotation for the others. (`service` routes per connection: workload/service.ts, using
 * this list of endpoints.)
 */
export class Router {
  private ready = new Int32Array(16);
  /** Number of Ready pods. */
  n = 0;
  private rr = 0;
  private readonly mode: number;

  constructor(routing: Routing, private readonly rng: Rng, private readonly pods: PodTable) {
    this.mode = MODES.indexOf(routing);
  }

  add(pod: number): void {
    if (this.n === this.ready.length) {
      const next = new Int32Array(this.ready.length * 2);
      next.set(this.ready);
      this.ready = next;
    }
    this.ready[this.n++] = pod;
  }

  remove(pod: number): void {
    let j = 0;
    for (let i = 0; i < this.n; i++) {
      const p = this.ready[i] as number;
      if (p !== pod) this.ready[j++] = p;
    }
    this.n = j;
  }

  /** The i-th Ready pod (0 <= i < n). */
  readyAt(i: number): number {
    return this.ready[i] as number;
  }

  /** The pod for the next request, or -1 when none is Ready. */
  pick(): number {
    const n = this.n;
    if (n === 0) return -1;
    switch (this.mode) {
      case 0: {
        if (this.rr >= n) this.rr = 0;
        return this.ready[this.rr++] as number;
      }
      case 1:
        return this.ready[this.rng.int(n)] as number;
      default:
        return this.leastOutstanding(n);
    }
  }

  private leastOutstanding(n: number): number {
    // Scan from after the last pick, wrapping round, so ties rotate instead of piling on the first
    // pod; the first pod of least load in that order wins.
    const start = this.rr >= n ? 0 : this.rr;
    const ready = this.ready;
    const busy = this.pods.busy;
    const queued = this.pods.queued;
    let best = start;
    let p = ready[start] as number;
    let bestLoad = (busy[p] as number) + (queued[p] as number);
    for (let i = start + 1; i < n; i++) {
      p = ready[i] as number;
      const load = (busy[p] as number) + (queued[p] as number);
      if (load < bestLoad) {
        bestLoad = load;
        best = i;
      }
    }
    for (let i = 0; i < start; i++) {
      p = ready[i] as number;
      const load = (busy[p] as number) + (queued[p] as number);
      if (load < bestLoad) {
        bestLoad = load;
        best = i;
      }
    }
    this.rr = best + 1;
    return ready[best] as number;
  }
}
