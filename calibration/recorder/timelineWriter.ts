import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { formatTime, type Observation, type TimelineKind, type TimelineLine } from './timeline.js';

/** Appends timeline lines to a file, one synchronous write per line. */
export interface TimelineWriter {
  /** Stamp the observation with the clock and append it as one line. Ignored once closed. */
  write(observation: Observation): void;
  /** Flush to disk and close; later writes are dropped (late informer callbacks). Idempotent. */
  close(): void;
  /** Lines written so far, per kind. */
  counts(): Readonly<Partial<Record<TimelineKind, number>>>;
}

/**
 * Open (truncate) `file` for a new timeline. Each line goes to the OS in one `write(2)` of the
 * whole line, so a recorder stopped by Ctrl-C or killed leaves only whole lines behind.
 * @param clock epoch milliseconds, read once per line for its `t`.
 * @throws the fs error when the file cannot be opened (e.g. ENOENT for a missing folder).
 * @example const w = openTimelineWriter('timeline.ndjson', Date.now); w.write({ kind: 'relist', resource: 'pods' }); w.close();
 */
export function openTimelineWriter(file: string, clock: () => number): TimelineWriter {
  let fd: number | undefined = openSync(file, 'w');
  const counts: Partial<Record<TimelineKind, number>> = {};
  return {
    write(observation) {
      if (fd === undefined) return;
      const line = { t: formatTime(clock()), ...observation } as TimelineLine;
      writeSync(fd, JSON.stringify(line) + '\n');
      counts[line.kind] = (counts[line.kind] ?? 0) + 1;
    },
    close() {
      if (fd === undefined) return;
      const open = fd;
      fd = undefined;
      fsyncSync(open);
      closeSync(open);
    },
    counts: () => ({ ...counts }),
  };
}
