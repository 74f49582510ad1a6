import { resolve } from 'node:path';
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
import { maxPods } from '../scenarios/clusterCapacity.js';
import type { LoadedManifests } from './manifestInputs.js';
import { checkRunCost, DEFAULT_RUN_LIMITS, estimateRunCost, type RunLimits } from './runCost.js';

/**
 * The steps of a capacity run once its manifests are read: compile, complete with the SLO
 * verdicts, write the files. This module does not load the manifest readers (kubernetes-models
 * and its JSON-schema validators, a fifth of a short `capsim run`'s start-up): a command loads
 * them (app/manifestInputs.ts) only when the run names manifests.
 */

export interface RunOptions {
  seed?: number;
  trace?: boolean;
  /** Manifest files or folders given on the command line; they replace the scenario's `manifests`. */
  manifests?: string[];
  /** Limits the run's estimated cost must stay within (default DEFAULT_RUN_LIMITS). */
  limits?: RunLimits;
}

/** A scenario compiled with its manifests, ready to simulate (here or on a worker thread). */
export interface PreparedRun {
  config: SimConfig;
  manifests: Array<{ file: string; text: string }>;
}

/** The manifest files or folders a run reads: those given (`override`), else the scenario's own, relative to its file. */
export function manifestPaths(scenario: ScenarioFile, override?: readonly string[]): string[] {
  return override !== undefined ? [...override] : (scenario.spec.manifests ?? []).map((m) => resolve(scenario.dir, m));
}

/** Compile a scenario with its manifests (already read, or none) into the simulator's configuration, within the run's cost limits. */
export function compileRun(scenario: ScenarioFile, opts: RunOptions, manifests: LoadedManifests | undefined): PreparedRun {
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
