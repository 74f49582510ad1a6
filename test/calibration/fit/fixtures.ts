import { readFileSync } from 'node:fs';
import { loadRun } from '../../../calibration/k6/run.js';
import { runReplay, type RunReplay } from '../../../calibration/replay.js';
import { readScenarioFile } from '../../../input/scenarioFile.js';
import { compileScenario } from '../../../scenarios/compile.js';
import type { ScenarioSpec } from '../../../scenarios/schema.js';
import type { SimConfig } from '../../../sim/model.js';
import { CALIBRATION, OPS, SCENARIOS, type Truth } from './helpers.js';

/** A fixture scenario, parsed and compiled. */
export function scenario(name: 'one-replica' | 'one-replica-fifo' | 'two-replicas' | 'two-replicas-500m'): { spec: ScenarioSpec; base: SimConfig; file: string } {
  const file = `${SCENARIOS}/${name}.yaml`;
  const spec = readScenarioFile(file).spec;
  return { spec, base: compileScenario(spec), file };
}

/** A fixture run's k6 NDJSON as a replay. */
export async function replay(run: 'low' | 'mid' | 'overload' | 'step'): Promise<RunReplay> {
  return runReplay(await loadRun(`${CALIBRATION}/${run}/k6.ndjson.gz`, () => {}), OPS);
}

/** Ground truth of a run: for scoring the fit only. */
export function truth(run: string): Truth {
  return JSON.parse(readFileSync(`${CALIBRATION}/${run}/truth.json`, 'utf8')) as Truth;
}
