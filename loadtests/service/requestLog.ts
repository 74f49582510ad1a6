import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * The optional per-request NDJSON log, one line per request in the fixtures' server-<r>.ndjson
 * format (rid, op, rep, seq, status, arr, start, cpu_end, end, wait_ms, cpu_wall_ms, cpu_used_ms,
 * ds_drawn_ms, ds_actual_ms, resid_ms, q_at_arr, busy_at_arr; 503 lines carry rid, op, rep,
 * status, arr, end, q_at_arr, busy_at_arr). Lines are buffered in memory and appended every
 * 250 ms, as in the fixtures' runs, so a write never blocks a request.
 */

export interface RequestLog {
  write(record: Readonly<Record<string, string | number>>): void;
  /** Flush what is buffered and close the file. Idempotent. */
  close(): Promise<void>;
}

const FLUSH_EVERY_MS = 250;

/** Epoch milliseconds with microsecond resolution, on the same clock as k6's sample times. */
export function epochMs(): number {
  return round3(performance.timeOrigin + performance.now());
}

/** Round to 3 decimals (µs when the unit is ms), as the fixtures print times. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * @param file path to append to; undefined gives a log that drops everything
 * @example const log = createRequestLog('server-0.ndjson'); log.write({ rid: '1', status: 200 }); await log.close()
 */
export function createRequestLog(file: string | undefined): RequestLog {
  if (file === undefined) return { write: () => undefined, close: async () => undefined };
  const stream = createWriteStream(file, { flags: 'a' });
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length === 0) return;
    stream.write(buffer.join('\n') + '\n');
    buffer = [];
  };
  const timer = setInterval(flush, FLUSH_EVERY_MS);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    write(record) {
      buffer.push(JSON.stringify(record));
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        clearInterval(timer);
        flush();
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      });
      return closing;
    },
  };
}
