import { runScenario, type CapacityRun } from '../../app/runScenario.js';
import { readScenarioFile } from '../../input/scenarioFile.js';

/** The golden run: test/fixtures/scenarios/small-mix.yaml with seed 3 (one second of work). */
export const SMALL_MIX = 'test/fixtures/scenarios/small-mix.yaml';
export const GOLDEN_SEED = 3;

let cached: CapacityRun | undefined;

/** The small-mix run, simulated once per test file. */
export function smallMixRun(): CapacityRun {
  cached ??= runScenario(readScenarioFile(SMALL_MIX), { seed: GOLDEN_SEED });
  return cached;
}
