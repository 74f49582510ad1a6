import type { ScenarioFile } from '../input/scenarioFile.js';
import type { CapacityRun } from '../reports/capacityRun.js';
import { simulate } from '../sim/run.js';
import { loadManifests, type LoadedManifests } from './manifestInputs.js';
import { compileRun, completeRun, manifestPaths, type PreparedRun, type RunOptions } from './preparedRun.js';

export type { CapacityRun } from '../reports/capacityRun.js';
export { completeRun, runFiles, type PreparedRun, type RunOptions } from './preparedRun.js';

/** Compile a scenario, simulate it and check its SLOs. No I/O beyond what `scenario` already read. */
export function runScenario(scenario: ScenarioFile, opts: RunOptions = {}): CapacityRun {
  const prepared = prepareRun(scenario, opts);
  return completeRun(scenario, prepared, simulate(prepared.config));
}

/** Read the manifests and compile the scenario into the simulator's configuration. */
export function prepareRun(scenario: ScenarioFile, opts: RunOptions = {}): PreparedRun {
  return compileRun(scenario, opts, readScenarioManifests(scenario, opts.manifests));
}

/** The scenario's manifests (or those given with --manifests), read and validated. */
export function readScenarioManifests(scenario: ScenarioFile, override?: string[]): LoadedManifests | undefined {
  const paths = manifestPaths(scenario, override);
  return paths.length === 0 ? undefined : loadManifests(paths);
}
