import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../input/packageRoot.js';
import type { SimConfig } from '../sim/model.js';
import { TimeSeries, type SeriesColumn } from '../sim/metrics/timeSeries.js';
import type { SimResult } from '../sim/results.js';
import { simulate } from '../sim/run.js';
import { profileDurationMs } from '../sim/traffic/stages.js';
import type { Ms } from '../sim/units.js';

/** Simulated time done so far by each run (ms), and the runs' total. */
export type ManyProgress = (doneMs: Ms, totalMs: Ms) => void;

/** What a worker sends back: the result with the time series as plain columns. */
export interface WorkerMessage {
  kind: 'progress' | 'result' | 'error';
  nowMs?: Ms;
  result?: Omit<SimResult, 'series'> & { series: { intervalMs: Ms; rows: number; columns: Record<SeriesColumn, Float64Array> } };
  error?: string;
}

/** The compiled worker, or null when `npm run build` has not produced it (tests from source). */
function workerFile(): string | null {
  const f = join(packageRoot(), 'dist', 'app', 'simulateWorker.js');
  return existsSync(f) ? f : null;
}

/** Simulated length of a run (traffic plus drain), for progress. */
export function runLengthMs(cfg: SimConfig): Ms {
  return profileDurationMs(cfg.traffic.profile) + cfg.output.drainMs;
}

/**
 * Simulate several configurations (seeds of one scenario, the runs of a comparison) on worker
 * threads, at most `workers` at a time (default: every core), and return the results in the
 * order given. The results are those `simulate` gives in this thread: the simulation is
 * deterministic in its configuration, whichever thread runs it. Without the built worker (tests
 * running from source) or with one worker, the runs go one after another in this thread.
 */
export async function simulateMany(configs: readonly SimConfig[], opts: { workers?: number; onProgress?: ManyProgress } = {}): Promise<SimResult[]> {
  const workers = Math.max(1, Math.min(configs.length, opts.workers ?? availableParallelism()));
  const total = configs.reduce((s, c) => s + runLengthMs(c), 0);
  const done = new Float64Array(configs.length);
  const report = (i: number, nowMs: Ms): void => {
    done[i] = nowMs;
    if (opts.onProgress) opts.onProgress(done.reduce((a, b) => a + b, 0), total);
  };
  const file = workerFile();
  if (file === null || workers === 1) {
    return configs.map((cfg, i) => {
      const r = simulate(cfg, [], { onProgress: (now) => report(i, now) });
      report(i, runLengthMs(cfg));
      return r;
    });
  }
  const results: SimResult[] = new Array<SimResult>(configs.length);
  let next = 0;
  const runOne = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = new Worker(file, { workerData: { config: configs[i] } });
      w.on('message', (m: WorkerMessage) => {
        if (m.kind === 'progress') report(i, m.nowMs ?? 0);
        else if (m.kind === 'error') reject(new Error(m.error));
        else if (m.result) {
          const s = m.result.series;
          const series = new TimeSeries(s.intervalMs, s.rows);
          for (const [k, v] of Object.entries(s.columns)) series.columns[k as SeriesColumn].set(v);
          results[i] = { ...m.result, series };
          report(i, runLengthMs(configs[i] as SimConfig));
        }
      });
      w.on('error', reject);
      w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`simulation worker exited with code ${code}`))));
    });
  const lane = async (): Promise<void> => {
    while (next < configs.length) await runOne(next++);
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return results;
}
