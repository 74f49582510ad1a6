import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { packageRoot } from '../input/packageRoot.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import { runCandidate, type Fidelity, type RunFigures, type TuneScenario } from './evaluate.js';

/** One unit of work: simulate this HPA spec on these seed positions of every scenario. */
export interface EvalTask {
  readonly spec: HpaSpec;
  readonly seedIdx: readonly number[];
  /** The screening model instead of the full simulation (deterministic: one seed says all). */
  readonly fidelity?: Fidelity;
}

export interface RunBatchOptions {
  /** Abort: tasks not started are skipped; in a worker pool, running ones are abandoned. */
  readonly signal?: AbortSignal;
  /** Called as each task finishes (in completion order; results are returned in task order). */
  readonly onDone?: (task: number, runs: RunFigures[]) => void;
}

/**
 * Evaluates tasks, in-process or on worker threads. Results come back in task order and are the
 * same whichever pool runs them (the simulation is deterministic in its config), so the number of
 * workers never changes a search. `undefined` marks a task skipped or abandoned on abort.
 */
export interface EvalPool {
  readonly workers: number;
  run(tasks: readonly EvalTask[], opts?: RunBatchOptions): Promise<Array<RunFigures[] | undefined>>;
  close(): Promise<void>;
}

/** The compiled worker module, or null when `npm run build` has not produced it. */
export function workerFile(): string | null {
  const f = join(packageRoot(), 'dist', 'tune', 'worker.js');
  return existsSync(f) ? f : null;
}

/** Worker threads to use by default: every core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The same evaluation in this thread, one task at a time. It yields to the event loop between
 * tasks so a Ctrl-C handler can run and abort.
 */
export function inProcessPool(scenarios: readonly TuneScenario[]): EvalPool {
  return {
    workers: 1,
    async run(tasks, opts = {}) {
      const out: Array<RunFigures[] | undefined> = [];
      for (let i = 0; i < tasks.length; i++) {
        await new Promise((r) => setImmediate(r));
        if (opts.signal?.aborted) {
          out.push(undefined);
          continue;
        }
        const task = tasks[i] as EvalTask;
        const runs = runCandidate(task.spec, scenarios, task.seedIdx, task.fidelity);
        opts.onDone?.(i, runs);
        out.push(runs);
      }
      return out;
    },
    close: async () => {},
  };
}

/**
 * A piscina pool of `workers` threads running dist/tune/worker.js; the scenarios are sent once
 * per thread. @throws Error when the worker has not been built (run `npm run build`).
 */
export function workerPool(scenarios: readonly TuneScenario[], workers: number): EvalPool {
  const filename = workerFile();
  if (filename === null) throw new Error('capsim tune: dist/tune/worker.js is missing; run `npm run build` or use --workers 1');
  const pool = new Piscina({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData: { scenarios } });
  return {
    workers,
    async run(tasks, opts = {}) {
      // Every queued task listens on the one abort signal.
      if (opts.signal) setMaxListeners(0, opts.signal);
      return Promise.all(
        tasks.map(async (task, i) => {
          if (opts.signal?.aborted) return undefined;
          try {
            const runs = (await pool.run(task, opts.signal ? { signal: opts.signal } : {})) as RunFigures[];
            opts.onDone?.(i, runs);
            return runs;
          } catch (e) {
            if (opts.signal?.aborted) return undefined;
            throw e;
          }
        }),
      );
    },
    close: () => pool.close({ force: true }),
  };
}

/** A worker pool for more than one worker, else the in-process pool. */
export function createPool(scenarios: readonly TuneScenario[], workers: number): EvalPool {
  return workers > 1 ? workerPool(scenarios, workers) : inProcessPool(scenarios);
}
