import { withLocation, type ScenarioFile } from '../input/scenarioFile.js';
import type { CapacityRun } from '../reports/capacityRun.js';
import { compileScenario } from '../scenarios/compile.js';
import { recordFromRun, type CalibrationResults } from '../reports/runRecord.js';
import { recordFiles } from '../reports/runRecordFiles.js';
import { targetSearchForRun } from '../reports/recommendations.js';
import { operationsCsv, seriesCsv } from '../reports/seriesCsv.js';
import { evaluateSlos } from '../reports/slo.js';
import type { SimConfig } from '../sim/model.js';
import type { SimResult } from '../sim/results.js';
import { simulate } from '../sim/run.js';
import { maxPods } from '../scenarios/clusterCapacity.js';
import { loadManifests, scenarioManifestPaths, type LoadedManifests } from './manifestInputs.js';
import { checkRunCost, DEFAULT_RUN_LIMITS, estimateRunCost, type RunLimits } from './runCost.js';

export type { CapacityRun } from '../reports/capacityRun.js';

export interface RunOptions {
  seed?: number;
  trace?: boolean;
  /** Manifest files or folders given on the command line; they replace the scenario's `manifests`. */
  manifests?: string[];
  /** Limits the run's estimated cost must stay within (default DEFAULT_RUN_LIMITS). */
  limits?: RunLimits;
}

/** Compile a scenario, simulate it and check its SLOs. No I/O beyond what `scenario` already read. */
export function runScenario(scenario: ScenarioFile, opts: RunOptions = {}): CapacityRun {
  const prepared = prepareRun(scenario, opts);
  return completeRun(scenario, prepared, simulate(prepared.config));
}

/** A scenario compiled with its manifests, ready to simulate (here or on a worker thread). */
export interface PreparedRun {
  config: SimConfig;
  manifests: Array<{ file: string; text: string }>;
}

/** Read the manifests and compile the scenario into the simulator's configuration. */
export function prepareRun(scenario: ScenarioFile, opts: RunOptions = {}): PreparedRun {
  const manifests = readScenarioManifests(scenario, opts.manifests);
  const config = withLocation(scenario, () =>
    compileScenario(scenario.spec, { ...(opts.seed !== undefined ? { seed: opts.seed } : {}), trace: opts.trace ?? false }, manifests?.inputs ?? {}),
  );
  checkRunCost(estimateRunCost(config, maxPods(config)), opts.limits ?? DEFAULT_RUN_LIMITS, scenario.file);
  return { config, manifests: manifests?.files ?? [] };
}

/** The capacity run of a prepared scenario and its simulation result: the SLO verdicts added. */
export function completeRun(scenario: ScenarioFile, prepared: PreparedRun, result: SimResult): CapacityRun {
  const verdicts = evaluateSlos(result.summary, scenario.spec.slo);
  return { scenario, config: prepared.config, result, verdicts, manifests: prepared.manifests };
}

/** The scenario's manifests (or those given with --manifests), read and validated. */
export function readScenarioManifests(scenario: ScenarioFile, override?: string[]): LoadedManifests | undefined {
  const paths = override ?? scenarioManifestPaths(scenario.dir, scenario.spec.manifests);
  return paths.length === 0 ? undefined : loadManifests(paths);
}

/**
 * The files of a run folder: summary JSON, time series and per-operation CSV, and the reports
 * (HTML, Markdown, events, the scenario and manifests as given). When an HPA missed an SLO, the
 * recommendation re-simulates up to 3 lower CPU targets (`searchTarget: false` skips it).
 */
export function runFiles(run: CapacityRun, opts: { searchTarget?: boolean; calibration?: CalibrationResults } = {}): Record<string, string> {
  const summary = { ...run.result.summary, slo: run.verdicts };
  const targetSearch = opts.searchTarget === false ? null : targetSearchForRun(run, { maxRuns: 3 });
  return {
    'summary.json': JSON.stringify(summary, null, 2) + '\n',
    'timeseries.csv': seriesCsv(run.result.series),
    'operations.csv': operationsCsv(run.result.summary),
    ...recordFiles(recordFromRun(run, { targetSearch, ...(opts.calibration ? { calibration: opts.calibration } : {}) })),
  };
}
