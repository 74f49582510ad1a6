/**
 * capsim as a library. The simulator and the pure controller functions are exported here with
 * documented shapes (each module's doc comments give units, inputs and outputs), so they can be
 * checked case by case or embedded in other tools:
 *
 *   import { simulate, compileScenario, hpa, vpa } from 'capsim';
 *   hpa.reconcileHpa({ spec, currentReplicas: 3, statusReplicas: 3, pods, podMetrics, now }).desiredReplicas
 *   vpa.recommend(state, vpaSpec, nowMs)
 *
 * The HPA (ported from kubernetes/kubernetes pkg/controller/podautoscaler) and the VPA (from
 * kubernetes/autoscaler vertical-pod-autoscaler/pkg) are namespaces, as their vocabularies overlap.
 */

// The simulation core.
export { simulate } from './sim/run.js';
export { Simulation, type SimEvent } from './sim/simulation.js';
export type * from './sim/model.js';
export type { RunSummary, OperationSummary, ScalingSummary, NodeSummary, SimResult } from './sim/results.js';
export { TimeSeries, SERIES_COLUMNS, type SeriesColumn } from './sim/metrics/timeSeries.js';
export type { TraceRecord } from './sim/trace.js';
export { erlangC, waitQuantile, type ErlangC } from './sim/queueing/erlangC.js';
export { k6RampingStartsNs, k6ConstantStartsNs, k6RegularStarts } from './sim/traffic/k6Schedule.js';
export { rateSegments, rateAt, totalArea, profileDurationMs, type ArrivalProfile, type RampingProfile, type ConstantProfile } from './sim/traffic/stages.js';
export { makeMix, pickForIteration, iterationUniform, type OperationMix } from './sim/traffic/mix.js';
export { parseDurationMs, parseDurationNs, formatDuration } from './sim/traffic/duration.js';
export { RngStreams, Rng } from './sim/engine/rng.js';

// The controllers' own rules, as pure functions.
export * as hpa from './sim/autoscaling/hpa/index.js';
export * as vpa from './sim/autoscaling/vpa/index.js';

// Scenarios.
export { compileScenario, type ManifestInputs, type CompileOptions } from './scenarios/compile.js';
export { scenarioSchema, type ScenarioSpec } from './scenarios/schema.js';
export { library, scenarioNames, DEFAULT_SCENARIO } from './scenarios/library/index.js';
export { toK6Options } from './scenarios/toK6Options.js';

// Adapters: files, manifests, k6 results, cluster timelines, reports.
export { runScenario, runFiles, type CapacityRun, type RunOptions } from './app/runScenario.js';
export { loadManifests } from './app/manifestInputs.js';
export { resolveScenario } from './input/resolveScenario.js';
export { readScenarioFile, parseScenario } from './input/scenarioFile.js';
export { InputError } from './input/inputError.js';
export { deploymentFromManifest, type DeploymentModel } from './k8s/deployment.js';
export { hpaFromManifest, type HpaModel as HpaManifest } from './k8s/hpa.js';
export { vpaFromObject, vpaFromYaml } from './k8s/vpa.js';
export { explainHpa } from './k8s/hpaExplain.js';
export * as k6 from './calibration/k6/index.js';
export * as recorder from './calibration/recorder/index.js';
export { evaluateSlos, worstMargin, type SloVerdict } from './reports/slo.js';
