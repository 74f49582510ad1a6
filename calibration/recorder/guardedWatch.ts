import { setTimeout as sleep } from 'node:timers/promises';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Ms } from '../../sim/units.js';

/**
 * The client's Watch (@kubernetes/client-node 1.4.0 dist/watch.js) with three guards the
 * list-watch cache needs for a long unattended recording:
 *
 * 1. stop() closes every connection, including one whose answer has not begun: ListWatch.stop()
 *    aborts only the request it already holds, and Watch.watch() hands its AbortController back only
 *    once the response headers arrived. Watch.watch() sets `init.signal = controller.signal` on what
 *    KubeConfig.applyToFetchOptions returned; here that property also follows stop(), so node-fetch
 *    aborts the request.
 * 2. Watches start at least minGapMs apart: ListWatch re-watches at once whenever a watch ends
 *    cleanly, so a server that closes every watch straight away would otherwise be hammered.
 * 3. It never throws: a failure before the request (e.g. an exec credential plugin failing in
 *    applyToFetchOptions) goes to `done(err)` like any other, where ListWatch reports it; thrown,
 *    it would reject a promise nobody awaits (ListWatch.doneHandler called from the done callback).
 */
export class GuardedWatch extends Watch {
  private readonly stopping = new AbortController();
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    kc: KubeConfig,
    private readonly minGapMs: Ms,
  ) {
    super(kc);
    const stop = this.stopping.signal;
    const config = Object.create(kc) as KubeConfig;
    config.applyToFetchOptions = async (opts) => {
      const init = await kc.applyToFetchOptions(opts);
      let signal: AbortSignal = stop;
      Object.defineProperty(init, 'signal', {
        enumerable: true,
        get: () => signal,
        set: (own: AbortSignal) => void (signal = AbortSignal.any([stop, own])),
      });
      return init;
    };
    this.config = config;
  }

  override async watch(...args: Parameters<Watch['watch']>): ReturnType<Watch['watch']> {
    const done = args[3];
    try {
      const wait = this.lastStart + this.minGapMs - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal: this.stopping.signal });
      this.lastStart = Date.now();
      return await super.watch(...args);
    } catch (err) {
      const aborted = new AbortController();
      aborted.abort();
      done(err);
      return aborted;
    }
  }

  /** Abort every connection, open or opening, and every later one. */
  stop(): void {
    this.stopping.abort();
  }
}
