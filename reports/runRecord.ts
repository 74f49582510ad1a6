import { stringify as yamlStringify } from 'yaml';
import type { CapacityRun } from './capacityRun.js';
import { scenarioDefaults } from '../scenarios/defaults.js';
import type { RunSummary } from '../sim/results.js';
import type { SloVerdict } from './slo.js';
import { operationTableOf, type OperationTable } from './operationSeriesTable.js';
import { seriesTableOf, type SeriesTable } from './seriesTable.js';
import type { TargetSearch } from './recommendations.js';

/** A control-loop event (HPA rescale, pod scheduled, node added...), as the simulator reports it. */
export interface RunEvent {
  tMs: number;
  source: 'hpa' | 'deployment' | 'node' | 'vpa' | 'pod';
  reason: string;
  message: string;
  from?: number;
  to?: number;
}

/** A Kubernetes manifest file as the user gave it. */
export interface ManifestText {
  file: string;
  text: string;
}

/**
 * Calibration results (measured in a real run vs predicted by the simulator), built by calibration/
 * (its `ValidationReport` fits this shape). Latency metrics are named `p50 …`, `p95 …`, `p99 …` and
 * are in ms.
 */
export interface CalibrationResults {
  /** `relativeError` = (predicted − measured) / measured, null when measured is 0 (then `absoluteError`). */
  rows: Array<{ scope: string; metric: string; measured: number; predicted: number; relativeError: number | null; absoluteError?: number }>;
  /** Optional measured-versus-predicted curves over time; `unit` is shown on the axis. */
  series?: Array<{ metric: string; unit: string; tSeconds: number[]; measured: number[]; predicted: number[] }>;
}

/**
 * The run summary. A folder written by an older capsim may lack `scaling` and the split of
 * `cost`: the reports read those fields defensively.
 */
export type ReportSummary = RunSummary;

/** What the recommendations need to know of the configuration (units in the names). */
export interface RunSetup {
  podCpuRequestMillicores: number;
  podMemoryRequestBytes: number;
  workersPerPod: number;
  idleCpuMillicores: number;
  /** ISO 4217 code of the scenario's prices (`pricing.currency`, USD by default). */
  currency: string;
  hpa: { name: string; minReplicas: number; maxReplicas: number; cpuTargetPercent: number | null } | null;
  nodeGroups: Array<{ name: string; cpuMillicores: number; memoryBytes: number; min: number; max: number; pricePerHour: number }> | null;
}

/**
 * Everything a report shows about one run. Built from a fresh `CapacityRun` (`recordFromRun`) or
 * read back from a run folder (`readRunRecord` in runRecordFiles.ts); reports only see this.
 */
export interface RunRecord {
  /** Scenario name (user text: escape it). */
  name: string;
  /** Label in comparisons: the run folder's name, or the scenario name. */
  label: string;
  summary: ReportSummary;
  verdicts: SloVerdict[];
  series: SeriesTable;
  /** Latency per operation over time; null with a single operation (or a folder from an older capsim). */
  operationSeries: OperationTable | null;
  events: RunEvent[];
  /** The scenario as given, as YAML text; null when unknown. */
  scenarioText: string | null;
  manifests: ManifestText[];
  /** Null for a folder written before capsim recorded it: recommendations that need it are left out. */
  setup: RunSetup | null;
  /** The highest HPA target that met every SLO when re-simulated, when searched. */
  targetSearch: TargetSearch | null;
  calibration?: CalibrationResults;
}

/** The shapes the HPA and cluster work adds to `SimConfig`, read defensively until they land. */
interface LoopConfig {
  hpa?: { name: string; spec: { minReplicas: number; maxReplicas: number; metrics: readonly unknown[] } } | null;
  cluster?: { nodeGroups: ReadonlyArray<{ name: string; cpuMillicores: number; memoryBytes: number; min: number; max: number; pricePerHour: number }> } | null;
}

export interface RecordOptions {
  label?: string;
  targetSearch?: TargetSearch | null;
  calibration?: CalibrationResults;
}

/**
 * The record of a fresh run. Pure and cheap: the time series goes through its CSV form so a record
 * read back from the run folder is equal to this one.
 * @example recordFromRun(runScenario(resolveScenario('checkout-peak'))).summary.replicas.max
 */
export function recordFromRun(run: CapacityRun, opts: RecordOptions = {}): RunRecord {
  const extra = run as CapacityRun & { manifests?: ManifestText[] };
  const result = run.result as Omit<typeof run.result, 'events'> & { events?: RunEvent[] };
  const record: RunRecord = {
    name: run.result.summary.scenario,
    label: opts.label ?? run.result.summary.scenario,
    summary: run.result.summary,
    verdicts: run.verdicts,
    series: seriesTableOf(run.result.series),
    operationSeries: run.result.operationSeries === null ? null : operationTableOf(run.result.operationSeries),
    events: [...(result.events ?? [])],
    scenarioText: yamlStringify(run.scenario.doc.value ?? run.scenario.spec),
    manifests: (extra.manifests ?? []).map((m) => ({ file: m.file, text: m.text })),
    setup: setupOf(run.config as CapacityRun['config'] & LoopConfig, run.scenario.spec.pricing?.currency ?? DEFAULT_CURRENCY),
    targetSearch: opts.targetSearch ?? null,
  };
  if (opts.calibration !== undefined) record.calibration = opts.calibration;
  return record;
}

/** The currency of prices when the scenario names none. */
export const DEFAULT_CURRENCY = scenarioDefaults.currency;

function setupOf(config: CapacityRun['config'] & LoopConfig, currency: string): RunSetup {
  const hpa = config.hpa ?? null;
  return {
    podCpuRequestMillicores: config.pod.cpuRequest,
    podMemoryRequestBytes: config.pod.memoryRequest,
    workersPerPod: config.pod.workers,
    idleCpuMillicores: config.pod.idleCpu,
    currency,
    hpa: hpa === null ? null : { name: hpa.name, minReplicas: hpa.spec.minReplicas, maxReplicas: hpa.spec.maxReplicas, cpuTargetPercent: cpuTargetOf(hpa.spec.metrics) },
    nodeGroups: config.cluster?.nodeGroups.map((g) => ({ name: g.name, cpuMillicores: g.cpuMillicores, memoryBytes: g.memoryBytes, min: g.min, max: g.max, pricePerHour: g.pricePerHour })) ?? null,
  };
}

/** Index of the HPA's CPU utilisation metric (`Resource cpu`, target `Utilization`), or -1. */
export function cpuMetricIndex(metrics: readonly unknown[]): number {
  return metrics.findIndex((m) => {
    const x = m as { type?: string; resource?: string; target?: { type?: string } };
    return x.type === 'Resource' && x.resource === 'cpu' && x.target?.type === 'Utilization';
  });
}

function cpuTargetOf(metrics: readonly unknown[]): number | null {
  const i = cpuMetricIndex(metrics);
  return i < 0 ? null : ((metrics[i] as { target: { averageUtilization: number } }).target.averageUtilization);
}
