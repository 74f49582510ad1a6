import { workerData } from 'node:worker_threads';
import { runCandidate, type RunFigures, type TuneScenario } from './evaluate.js';
import type { EvalTask } from './pool.js';

/**
 * The piscina worker (run as compiled JS, dist/tune/worker.js). The scenarios arrive once per
 * thread as `workerData`; each task is one candidate's HPA spec and the seed positions to run.
 */
const scenarios = (workerData as { scenarios: TuneScenario[] } | null)?.scenarios ?? [];

export default function evaluateTask(task: EvalTask): RunFigures[] {
  return runCandidate(task.spec, scenarios, task.seedIdx, task.fidelity, task.scenarioIdx);
}
