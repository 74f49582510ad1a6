import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import { duration } from '../reports/format.js';

/** Where progress goes: the command line's stderr (cli/io.ts CliIo fits), or a test's buffer. */
export interface ProgressOutput {
  err(text: string): void;
  /** True when stderr is a terminal: a bar is drawn only then. */
  readonly interactive: boolean;
}

/** Work done out of a total, in the command's own unit (simulated hours, runs...). */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What the numbers count, shown after them ("simulated h", "runs"). */
  unit: string;
  /** Decimals of done/total in the line (0 for counts). */
  decimals?: number;
  /** Seconds between plain lines when stderr is not a terminal (default: $CAPSIM_PROGRESS_SECONDS, else 10). */
  everySeconds?: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

/**
 * Progress of a long command on stderr: on a terminal, a cli-progress bar with the time elapsed
 * and an estimate of the time left; otherwise (CI logs, a Kubernetes Job) one plain line about
 * every 10 seconds, and a last line when the work is done, so logs stay short but never silent.
 */
export function createProgress(io: ProgressOutput, label: string, opts: ProgressOptions): Progress {
  return io.interactive ? barProgress(io, label, opts) : lineProgress(io, label, opts);
}

/** Progress that says nothing (library use, --json on a pipe...). */
export const noProgress: Progress = { update: () => {}, stop: () => {} };

function barProgress(io: ProgressOutput, label: string, opts: ProgressOptions): Progress {
  // cli-progress draws through a stream; this one forwards to the CLI's stderr.
  const stream = { isTTY: true, columns: process.stderr.columns ?? 80, write: (s: string) => (io.err(s), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true } as unknown as NodeJS.WritableStream;
  // Loaded only for a terminal: a pipe or a CI log never draws a bar, and start-up stays shorter.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {shown} ${opts.unit} | {duration_formatted} elapsed | ETA {eta_formatted}`,
      etaBuffer: 20,
      etaAsynchronousUpdate: true,
      hideCursor: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const d = opts.decimals ?? 0;
  return {
    update(done, total) {
      const shown = `${done.toFixed(d)}/${total.toFixed(d)}`;
      if (!started) {
        bar.start(total, done, { shown });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { shown });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function lineProgress(io: ProgressOutput, label: string, opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const every = (opts.everySeconds ?? envSeconds() ?? 10) * 1000;
  const t0 = now();
  let last = t0;
  let finished = false;
  const d = opts.decimals ?? 0;
  const line = (done: number, total: number, t: number): void => {
    const elapsed = (t - t0) / 1000;
    const left = done >= total ? 'done' : done > 0 ? `about ${duration((elapsed * (total - done)) / done)} left` : 'time left not known yet';
    const pct = Math.round((100 * done) / Math.max(Number.MIN_VALUE, total));
    io.err(`${label}: ${done.toFixed(d)}/${total.toFixed(d)} ${opts.unit} (${total > 0 ? pct : 100}%), ${duration(elapsed)} elapsed, ${left}\n`);
  };
  // The last figures: the "done" line is written by stop(), because work that looked finished can
  // grow (tune's next confirmation round) and a premature "done" would be a lie.
  let final: [number, number] | null = null;
  return {
    update(done, total) {
      const t = now();
      if (done >= total) {
        final = [done, total];
        return;
      }
      final = null;
      if (t - last < every) return;
      last = t;
      line(done, total, t);
    },
    stop: () => {
      const t = now();
      // Only worth a line when the work took long enough to have printed progress before.
      if (!finished && final !== null && t - t0 >= every) line(final[0], final[1], t);
      finished = true;
    },
  };
}

/** `CAPSIM_PROGRESS_SECONDS`: seconds between progress lines in logs (e.g. 60 for long CI jobs, 0 for every update). */
function envSeconds(): number | undefined {
  const v = Number(process.env.CAPSIM_PROGRESS_SECONDS);
  return process.env.CAPSIM_PROGRESS_SECONDS !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}
