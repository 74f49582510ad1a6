import { setTimeout as sleep } from 'node:timers/promises';
import type { Ms } from '../../sim/units.js';
import type { Backoff } from './resourceWatch.js';

export interface MetricsPollerOptions {
  /** One request to the metrics API; resolves to the response body. */
  fetch: () => Promise<unknown>;
  intervalMs: Ms;
  /** Delay after a failed poll (doubling per failure in a row, at least intervalMs). */
  backoff: Backoff;
  signal: AbortSignal;
  onSample: (body: unknown) => void;
  onError: (err: unknown, retryInMs: Ms) => void;
}

/**
 * Poll the metrics API every intervalMs until the signal aborts; resolves then. A request still in
 * flight at abort is abandoned (its answer is dropped) so stopping never waits on a slow server.
 * metrics-server refreshes each pod once per its resolution (15 s by default), so polling at that
 * interval sees every sample, each stamped with its own `timestamp` and `window`.
 * @example await pollMetrics({ fetch, intervalMs: 15_000, backoff, signal, onSample, onError })
 */
export async function pollMetrics(o: MetricsPollerOptions): Promise<void> {
  let failures = 0;
  while (!o.signal.aborted) {
    let waitMs = o.intervalMs;
    try {
      const body = await untilAborted(o.fetch(), o.signal);
      if (o.signal.aborted) return;
      failures = 0;
      o.onSample(body);
    } catch (err) {
      if (o.signal.aborted) return;
      waitMs = Math.max(o.intervalMs, Math.min(o.backoff.maxMs, o.backoff.initialMs * 2 ** Math.min(failures, 30)));
      failures += 1;
      o.onError(err, waitMs);
    }
    await sleep(waitMs, undefined, { signal: o.signal }).catch(() => undefined);
  }
}

// Resolve with the promise, or reject as soon as the signal aborts (the promise is left to settle).
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
