/**
 * W worker slots with a FIFO queue of at most QMAX waiting requests (fixtures' service model,
 * step 1): a request that finds all W slots busy and QMAX already waiting is refused at once.
 * Granting is synchronous: `release` hands the slot to the head of the queue before returning,
 * so the next request starts at once, as in the fixtures' service.
 */

export type AcquireOutcome = 'started' | 'queued' | 'rejected';

export interface WorkerPool {
  /**
   * Ask for a slot. `onSlot` runs synchronously when a slot is free now ('started'), later from
   * a `release` ('queued'), or never ('rejected': W busy and QMAX waiting).
   */
  acquire(onSlot: () => void): AcquireOutcome;
  /** Give a slot back; the longest-waiting request (if any) gets it before this returns. @throws if no slot is held. */
  release(): void;
  /** Slots in use, 0..W. */
  readonly busy: number;
  /** Requests waiting for a slot, 0..QMAX. */
  readonly waiting: number;
  readonly size: number;
}

/**
 * @param size W, worker slots (>= 1)
 * @param queueMax QMAX, waiting requests allowed (>= 0)
 * @example const p = createWorkerPool(1, 0); p.acquire(run) // 'started'; p.acquire(run) // 'rejected'
 */
export function createWorkerPool(size: number, queueMax: number): WorkerPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size must be an integer >= 1, got ${size}`);
  // A ring buffer would avoid shift()'s copying, but QMAX is small (64 in the runs).
  const queue: Array<() => void> = [];
  let busy = 0;
  return {
    acquire(onSlot) {
      if (busy < size) {
        busy++;
        onSlot();
        return 'started';
      }
      if (queue.length >= queueMax) return 'rejected';
      queue.push(onSlot);
      return 'queued';
    },
    release() {
      if (busy === 0) throw new Error('worker pool: release() without a held slot');
      const next = queue.shift();
      if (next === undefined) busy--;
      else next();
    },
    get busy() {
      return busy;
    },
    get waiting() {
      return queue.length;
    },
    size,
  };
}
