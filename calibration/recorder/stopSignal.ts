import { InputError } from '../../input/inputError.js';
import { parseDurationMs } from '../../sim/traffic/duration.js';
import type { Ms } from '../../sim/units.js';

export interface StopSignal {
  readonly signal: AbortSignal;
  /** Remove the process signal handlers and the timer. Call once the recording has stopped. */
  dispose(): void;
}

/**
 * An AbortSignal for a recording: it aborts on the first SIGINT or SIGTERM (Ctrl-C, `kill`), or
 * after durationMs when given. The first such signal stops the recording instead of the process,
 * so the recorder can close its file; a second one gets Node's default (the process ends).
 * @example const stop = stopSignal({ durationMs: 600_000 }); await record({ ..., signal: stop.signal }); stop.dispose();
 */
export function stopSignal(o: { durationMs?: Ms | undefined; signals?: readonly NodeJS.Signals[] } = {}): StopSignal {
  const controller = new AbortController();
  const signals = o.signals ?? (['SIGINT', 'SIGTERM'] as const);
  const release = (): void => {
    for (const s of signals) process.off(s, onSignal);
  };
  // The first signal stops the recording; the handlers go at once, so a second Ctrl-C kills.
  const onSignal = (): void => {
    release();
    controller.abort();
  };
  for (const s of signals) process.on(s, onSignal);
  const timer = o.durationMs === undefined ? undefined : setTimeout(() => controller.abort(), o.durationMs);
  return {
    signal: controller.signal,
    dispose() {
      release();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/**
 * A positive duration flag (`15s`, `10m`, `1h30m`, `500ms`) in milliseconds.
 * @throws InputError naming the flag when the text is not a positive duration.
 * @example durationFlag('15s', '--metrics-interval') // 15000
 */
export function durationFlag(text: string, flag: string): Ms {
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) throw new InputError(`expected a positive duration like 15s, 10m or 1h30m, got "${text}"`, undefined, flag);
  return ms;
}
