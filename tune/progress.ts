import cliProgress from 'cli-progress';
import { duration } from '../reports/format.js';

/** Where progress is written: the command line's stderr (cli/io.ts CliIo fits), or a test's buffer. */
export interface ProgressOutput {
  err(text: string): void;
  /** True when stderr is a terminal: a bar is drawn only then. */
  readonly interactive: boolean;
}

/** Reports simulations done out of the (estimated) total, with the time left. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar with an estimate of the time left (cli-progress) on stderr when it is a
 * terminal; otherwise one plain line each time another tenth of the work is done, so logs of a
 * Kubernetes Job stay short. `now` is injectable for tests (ms).
 */
export function createProgress(io: ProgressOutput, label: string, now: () => number = Date.now): Progress {
  return io.interactive ? barProgress(io, label) : lineProgress(io, label, now);
}

function barProgress(io: ProgressOutput, label: string): Progress {
  // cli-progress draws through a stream; this one forwards to the CLI's stderr.
  const stream = { isTTY: true, columns: process.stderr.columns ?? 80, write: (s: string) => (io.err(s), true) } as unknown as NodeJS.WritableStream;
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} simulations | {duration_formatted} elapsed | ETA {eta_formatted}`, etaBuffer: 50, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function lineProgress(io: ProgressOutput, label: string, now: () => number): Progress {
  const t0 = now();
  let lastTenth = -1;
  return {
    update(done, total) {
      const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      const elapsed = (now() - t0) / 1000;
      const left = done > 0 && total > done ? duration((elapsed * (total - done)) / done) : '0s';
      io.err(`${label}: ${done}/${total} simulations (${Math.round((100 * done) / Math.max(1, total))}%), ${duration(elapsed)} elapsed, about ${left} left\n`);
    },
    stop: () => {},
  };
}
