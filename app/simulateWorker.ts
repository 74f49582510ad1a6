import { parentPort, workerData } from 'node:worker_threads';
import type { SimConfig } from '../sim/model.js';
import { simulate } from '../sim/run.js';
import type { WorkerMessage } from './simulateMany.js';

/**
 * One simulation on a worker thread (run as compiled JS, dist/app/simulateWorker.js): the
 * configuration arrives as `workerData`; progress (simulated ms) and the result go back as
 * messages, the time series as its typed-array columns.
 */
const { config } = workerData as { config: SimConfig };
const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
try {
  const r = simulate(config, [], { onProgress: (nowMs) => post({ kind: 'progress', nowMs }) });
  post({ kind: 'result', result: { ...r, series: { intervalMs: r.series.intervalMs, rows: r.series.rows, columns: r.series.columns } } });
} catch (e) {
  post({ kind: 'error', error: (e as Error).stack ?? String(e) });
}
