import type { Ms } from '../../sim/units.js';
import type { WarnFn } from './warnings.js';

/**
 * k6 writes samples per flush in arrival order, so times interleave by up to a flush
 * interval (200 ms JSON, 1 s CSV) plus the longest request. Going back further than this
 * means concatenated or clock-jumped files, which would silently distort durations.
 */
export const MAX_BACKWARDS_MS: Ms = 60_000;
const MAX_WARNINGS = 5;

/**
 * Returns a per-sample check that warns (naming the line) when a timestamp is more than
 * MAX_BACKWARDS_MS before the latest one seen; after 5 warnings it only counts, and
 * `done()` reports the total.
 */
export function timeOrderCheck(file: string, warn: WarnFn): { see(timeMs: Ms, line: number): void; done(): void } {
  let latest = Number.NEGATIVE_INFINITY;
  let count = 0;
  return {
    see(timeMs, line) {
      if (timeMs < latest - MAX_BACKWARDS_MS) {
        count++;
        if (count <= MAX_WARNINGS) {
          const back = ((latest - timeMs) / 1000).toFixed(3);
          warn({ file, line, message: `timestamp goes back ${back} s before an earlier sample (more than k6's normal interleaving of ${MAX_BACKWARDS_MS / 1000} s); concatenated runs or a clock jump? durations and rates may be wrong` });
        }
      }
      if (timeMs > latest) latest = timeMs;
    },
    done() {
      if (count > MAX_WARNINGS) warn({ file, message: `${count} samples in all go back in time by more than ${MAX_BACKWARDS_MS / 1000} s` });
    },
  };
}
