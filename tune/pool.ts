import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { packageRoot } from '../input/packageRoot.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import { runCandidate, type Fidelity, type RunFigures, type TuneScenario } from './evaluate.js';
import { rateSegments, totalArea } from '../sim/traffic/stages.js';

/** One unit of work: simulate this HPA spec on these seed positions of every scenario (or of `scenarioIdx`). */
export interface EvalTask {
  readonly spec: HpaSpec;
  readonly seedIdx: readonly number[];
  /** The screening model instead of the full simulation (deterministic: one seed says all). */
  readonly fidelity?: Fidelity;
  /** Positions of the scenarios to run (default: every one). */
  readonly scenarioIdx?: readonly number[];
}

export interface RunBatchOptions {
  /** Abort: tasks not started are skipped; in a worker pool, running ones are abandoned. */
  readonly signal?: AbortSignal;
  /**
   * Called as runs finish, in completion order, with the task they belong to (a worker pool runs
   * a task's full simulations one by one on any thread, so a task's runs may come in several
   * calls); the results are returned whole, in task order.
   */
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
        const runs = runCandidate(task.spec, scenarios, task.seedIdx, task.fidelity, task.scenarioIdx);
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
  // What a full simulation of each scenario costs, relatively: its expected arrivals.
  const weight = scenarios.map((sc) => Math.max(1, totalArea(rateSegments(sc.config.traffic.profile))));
  return {
    workers,
    async run(tasks, opts = {}) {
      // Every queued unit listens on the one abort signal.
      if (opts.signal) setMaxListeners(0, opts.signal);
      // Full simulations one by one (a scenario and a seed each), so that every thread has work
      // until the last few (a task of 3 seeds x 2 scenarios on one thread left the other idle),
      // queued longest first; screening runs are cheap and stay whole.
      const units = tasks.flatMap((task, t) =>
        task.fidelity === 'screen'
          ? [{ t, task, order: 0 }]
          : (task.scenarioIdx ?? scenarios.map((_, k) => k)).flatMap((k) => task.seedIdx.map((i) => ({ t, task: { ...task, seedIdx: [i], scenarioIdx: [k] }, order: weight[k] as number }))),
      );
      const queue = units.map((u, j) => ({ ...u, j })).sort((a, b) => b.order - a.order || a.j - b.j);
      const results = new Array<RunFigures[] | undefined>(units.length);
      await Promise.all(
        queue.map(async (u) => {
          if (opts.signal?.aborted) return;
          try {
            const runs = (await pool.run(u.task, opts.signal ? { signal: opts.signal } : {})) as RunFigures[];
            results[u.j] = runs;
            opts.onDone?.(u.t, runs);
          } catch (e) {
            if (opts.signal?.aborted) return;
            throw e;
          }
        }),
      );
      // Each task's runs in runCandidate's order (scenario, then seed), or undefined if any is missing.
      const out: Array<RunFigures[] | undefined> = tasks.map(() => []);
      units.forEach((u, j) => {
        const got = results[j];
        const acc = out[u.t];
        if (acc === undefined) return;
        if (got === undefined) out[u.t] = undefined;
        else for (const r of got) acc.push(r);
      });
      return out;
    },
    close: () => pool.close({ force: true }),
  };
}

/** A worker pool for more than one worker, else the in-process pool. */
export function createPool(scenarios: readonly TuneScenario[], workers: number): EvalPool {
  return workers > 1 ? workerPool(scenarios, workers) : inProcessPool(scenarios);
}
