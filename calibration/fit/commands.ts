import { profileDurationMs } from '../../sim/traffic/stages.js';
import { readScenarioManifests } from '../../app/runScenario.js';
import { withLocation, type ScenarioFile } from '../../input/scenarioFile.js';
import { resolveScenario } from '../../input/resolveScenario.js';
import { compileScenario } from '../../scenarios/compile.js';
import type { ScenarioSpec } from '../../scenarios/schema.js';
import type { SimConfig } from '../../sim/model.js';
import type { DistributionSpec } from '../../sim/workload/distributions.js';
import { simulate } from '../../sim/run.js';
import { applyModel, type PodSource, type WorkloadModel } from '../model.js';
import { replayConfig, type RunReplay } from '../replay.js';
import type { SimResult } from '../../sim/results.js';
import { compareRun, replicaError, type ValidationReport } from '../validate.js';
import { fitWorkload, type Calibration } from './fitWorkload.js';
import { loadReplays, loadTimeline } from './loadRuns.js';
import { queryRunTelemetry, readExports, telemetryForRuns } from './loadTelemetry.js';
import { timelineWindows } from './timelineWindows.js';

/** A timeline becomes a CPU source for the utilization law from this many podMetrics windows on (fewer: its mean rescales the search). */
const MIN_TIMELINE_WINDOWS = 6;
import type { LabelMatch, ServiceTelemetry } from '../prometheus/telemetry.js';
import { InputError } from '../../input/inputError.js';
import { compareServiceSide } from '../serviceSide.js';
import { measure } from './measured.js';

export interface CalibrateFilesOptions {
  scenario: string;
  k6: readonly string[];
  timeline?: string;
  namespace?: string;
  /** Prometheus export folders (query_range JSON), one per run, any order. */
  prometheus?: readonly string[];
  /** A live Prometheus, asked over each run's window. */
  prometheusUrl?: string;
  /** Replacements of DEFAULT_QUERIES by role. */
  prometheusQueries?: Partial<Record<string, string>>;
  prometheusMatch?: readonly LabelMatch[];
  seed?: number;
  /** Told after each simulation of the search: how many so far, and the most it will make. */
  onProgress?: (simulations: number, planned: number) => void;
}

/**
 * `capsim calibrate` without the CLI: read the scenario, the runs and the timeline, fit.
 * Warnings (reader problems, mix differences) go to `warn`, one line each.
 * @throws InputError for bad input (see loadReplays, loadTimeline, fitWorkload).
 */
export async function calibrateFiles(o: CalibrateFilesOptions, warn: (line: string) => void): Promise<Calibration> {
  const sf = resolveScenario(o.scenario);
  const base = compileWithManifests(sf, sf.spec);
  const runs = await loadReplays(o.k6, base.operations.map((op) => op.name), warn);
  for (const r of runs) if (r.droppedIterations > 0) warn(`${r.file}: k6 dropped ${r.droppedIterations} iterations (no free VU): fitted on the ${r.timesMs.length} that started`);
  const timeline = o.timeline === undefined ? undefined : await loadTimeline(o.timeline, o.namespace, warn);
  const ops = base.operations.map((op) => op.name);
  const podCores = (base.pod.cpuLimit ?? 1000) / 1000;
  const sources = await readExports(o.prometheus ?? [], o.prometheusMatch ?? []);
  if (o.prometheusUrl !== undefined) for (const r of runs) sources.push(await queryRunTelemetry(o.prometheusUrl, r, o.prometheusQueries ?? {}, o.prometheusMatch ?? []));
  let telemetry = sources.length > 0 ? telemetryForRuns(sources, runs, ops, podCores) : undefined;
  if (telemetry === undefined && timeline !== undefined) {
    const windows = runs.flatMap((r, k) => timelineWindows(timeline.timeline, r, k, ops, podCores));
    if (windows.length >= MIN_TIMELINE_WINDOWS) telemetry = { kind: 'timeline', sources: [timeline.file], metrics: ['metrics.k8s.io PodMetrics'], runFiles: runs.map((r) => r.file), perRun: [], windows };
  }
  const cal = fitWorkload({ spec: sf.spec, base, runs, ...(timeline ? { timeline } : {}), ...(telemetry ? { telemetry } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  for (const w of cal.warnings) warn(w);
  return cal;
}

export interface ValidateFilesOptions {
  model: WorkloadModel;
  scenario: string;
  k6: string;
  timeline?: string;
  namespace?: string;
  seed?: number;
  hpa?: boolean;
  /** Pod block from the scenario (default: the held-out run's setup) or from the model. */
  pod?: PodSource;
  /** The service's own measurements of the held-out run: a Prometheus export folder, or a live Prometheus. */
  prometheus?: string;
  prometheusUrl?: string;
  prometheusQueries?: Partial<Record<string, string>>;
  prometheusMatch?: readonly LabelMatch[];
  /** Told the simulated time replayed so far over all replays (the run, and its CPU interval's ends), ms. */
  onProgress?: (doneMs: number, totalMs: number) => void;
}

/**
 * `capsim validate` without the CLI: the scenario with the model's operations (and, by default,
 * the scenario's own pod block: the measured setup), the run replayed
 * (its exact starts and operations; the scenario's fixed replica count, or the timeline's first
 * ready count), compared with what k6 measured. Each prediction also gets the range it spans when
 * the CPU per request moves across the model's mean-CPU interval (two more replays).
 * @throws InputError for bad input, and for `hpa` on a scenario without an HPA.
 */
export async function validateFiles(o: ValidateFilesOptions, warn: (line: string) => void): Promise<ValidationReport> {
  return (await validateFilesWithRun(o, warn)).report;
}

/** The replayed run behind a validation, for the report: what was simulated and what k6 measured. */
export interface ValidatedRun {
  report: ValidationReport;
  scenario: ScenarioFile;
  config: SimConfig;
  result: SimResult;
  replay: RunReplay;
}

/** validateFiles, keeping the replay's simulation for a report (`capsim validate --out`). */
export async function validateFilesWithRun(o: ValidateFilesOptions, warn: (line: string) => void): Promise<ValidatedRun> {
  const sf = resolveScenario(o.scenario);
  const base = compileWithManifests(sf, applyModel(sf.spec, o.model, o.pod ?? 'scenario'));
  const [replay] = await loadReplays([o.k6], base.operations.map((op) => op.name), warn);
  const tl = o.timeline === undefined ? undefined : await loadTimeline(o.timeline, o.namespace, warn);
  const firstReady = tl?.timeline.replicas[0]?.readyReplicas;
  const cfg = replayConfig(base, replay!, { ...(firstReady ? { replicas: firstReady } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.hpa ? { hpa: true } : {}) });
  const telemetry = await heldOutTelemetry(o, replay!, base);
  const cpu = o.model.uncertainty.meanCpuMsPerRequest;
  const withRange = cpu?.interval !== undefined && cpu.interval[1] !== null && cpu.estimate > 0;
  // Progress over the replays: this one, then the two ends of the CPU interval.
  const replays = withRange ? 3 : 1;
  let replayed = 0;
  const replay1 = (c: SimConfig): SimResult => {
    const horizon = profileDurationMs(c.traffic.profile) + c.output.drainMs;
    const before = replayed * horizon;
    const r = simulate(c, [], o.onProgress ? { onProgress: (now) => o.onProgress?.(before + now, replays * horizon) } : {});
    replayed++;
    return r;
  };
  const res = replay1(cfg);
  const measured = measure(replay!);
  // The service-side rows of one replay: CPU, residence and gauges against what the service measured.
  const compare = (r: SimResult): ValidationReport => {
    const rep = compareRun(measured, r.summary);
    if (telemetry) for (const row of compareServiceSide(telemetry, replay!, r, cfg.client.gapMs).rows) rep.rows.push(row);
    return rep;
  };
  const report = compare(res);
  if (telemetry) report.service = compareServiceSide(telemetry, replay!, res, cfg.client.gapMs).window;
  report.k6 = { startedIterations: replay!.timesMs.length, droppedIterations: replay!.droppedIterations };
  if (replay!.droppedIterations > 0) warn(`${replay!.file}: k6 dropped ${replay!.droppedIterations} iterations (no free VU): the load the service saw was lower than the script asked; the replay sends the ${replay!.timesMs.length} that started`);
  if (withRange && cpu?.interval && cpu.interval[1] !== null) {
    const ends = [cpu.interval[0], cpu.interval[1]].map((x) => compare(replay1(withCpuScaled(cfg, x / cpu.estimate))));
    addRanges(report, ends);
  }
  const horizon = profileDurationMs(cfg.traffic.profile) + cfg.output.drainMs;
  o.onProgress?.(replays * horizon, replays * horizon);
  if (tl) {
    const rep = replicaError(tl.timeline.replicas, res.series, replay!.startEpochMs, replay!.lastEndMs);
    if (rep) report.replicas = rep;
    else warn(`${tl.file}: no deployment replica counts in the timeline: replica error not computed`);
  }
  return { report, scenario: { ...sf, spec: applyModel(sf.spec, o.model, o.pod ?? 'scenario') }, config: cfg, result: res, replay: replay! };
}

/**
 * The held-out run's service-side telemetry (`--prometheus DIR` or `--prometheus-url`), checked as
 * calibrate checks it (a CPU series, overlap with the run, request counters naming the scenario's
 * operations); undefined when none is given.
 * @throws InputError naming the folder, file or URL.
 */
async function heldOutTelemetry(o: ValidateFilesOptions, replay: RunReplay, base: SimConfig): Promise<ServiceTelemetry | undefined> {
  if (o.prometheus !== undefined && o.prometheusUrl !== undefined) throw new InputError('give the held-out run\'s service measurements once: --prometheus DIR or --prometheus-url URL, not both', undefined, '--prometheus-url');
  const match = o.prometheusMatch ?? [];
  const t =
    o.prometheus !== undefined ? (await readExports([o.prometheus], match))[0] : o.prometheusUrl !== undefined ? await queryRunTelemetry(o.prometheusUrl, replay, o.prometheusQueries ?? {}, match) : undefined;
  if (t !== undefined) telemetryForRuns([t], [replay], base.operations.map((op) => op.name), (base.pod.cpuLimit ?? 1000) / 1000);
  return t;
}

/** The config with every operation's CPU multiplied by k (the ends of the mean-CPU interval). */
function withCpuScaled(cfg: SimConfig, k: number): SimConfig {
  const scale = (d: DistributionSpec): DistributionSpec => {
    switch (d.distribution) {
      case 'constant':
        return { ...d, valueMs: d.valueMs * k };
      case 'exponential':
        return { ...d, meanMs: d.meanMs * k };
      case 'lognormal':
        return { ...d, medianMs: d.medianMs * k };
      case 'empirical':
        return { ...d, samplesMs: d.samplesMs.map((x) => x * k) };
    }
  };
  return { ...cfg, operations: cfg.operations.map((op) => ({ ...op, cpu: scale(op.cpu) })) };
}

/** Each row's predicted range over the estimate and the replays at the interval's ends. */
function addRanges(report: ValidationReport, ends: readonly ValidationReport[]): void {
  report.rows.forEach((row, i) => {
    const values = [row.predicted, ...ends.map((e) => e.rows[i]?.predicted ?? row.predicted)];
    row.predictedRange = [values.reduce((a, b) => Math.min(a, b), Infinity), values.reduce((a, b) => Math.max(a, b), -Infinity)];
  });
}

/** Compile as `capsim run` does: the scenario's manifests (Deployment, HPA) included. */
function compileWithManifests(sf: ScenarioFile, spec: ScenarioSpec): SimConfig {
  const manifests = readScenarioManifests(sf);
  return withLocation(sf, () => compileScenario(spec, {}, manifests?.inputs ?? {}));
}
