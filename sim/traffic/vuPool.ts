import { IntQueue } from '../workload/intQueue.js';

/**
 * k6's VU pool for the arrival-rate executors (ramping- and constant-arrival-rate), as k6 v0.48
 * runs it: `preAllocatedVUs` idle VUs before the start; each start time hands the iteration to an
 * idle VU without waiting (the one idle longest: the VUs wait on one Go channel, served in
 * order); with none idle the iteration is dropped (one `dropped_iterations` sample, never
 * retried) and, if the budget `maxVUs − preAllocatedVUs` is not spent and no other VU is being
 * initialised, k6 starts initialising ONE more VU in the background, which joins the pool for
 * later starts. A VU is busy for its whole iteration (here: the request, with its retries).
 */
export class VuPool {
  private readonly idle = new IntQueue();
  /** VUs initialised or being initialised. */
  private total: number;
  private initInFlight = false;
  /** Iterations dropped for want of an idle VU. */
  dropped = 0;

  constructor(
    preAllocated: number,
    private readonly max: number,
  ) {
    for (let v = 0; v < preAllocated; v++) this.idle.push(v);
    this.total = preAllocated;
  }

  /** The VU for an iteration starting now, or -1: the iteration is dropped. */
  acquire(): number {
    if (this.idle.size > 0) return this.idle.shift();
    this.dropped++;
    return -1;
  }

  /** After a drop: whether k6 starts initialising one more VU now (its id is the next one). */
  startInit(): boolean {
    if (this.initInFlight || this.total >= this.max) return false;
    this.initInFlight = true;
    return true;
  }

  /** The VU being initialised is ready and joins the idle pool. */
  initDone(): void {
    this.idle.push(this.total++);
    this.initInFlight = false;
  }

  /** The iteration ended: the VU is idle again. */
  release(vu: number): void {
    this.idle.push(vu);
  }

  /** VUs initialised so far (k6's vus_max). */
  get initialised(): number {
    return this.total;
  }
}
