import { InputError } from '../../input/inputError.js';
import type { ScenarioSpec } from '../../scenarios/schema.js';
import type { SimConfig } from '../../sim/model.js';
import { WORKLOAD_MODEL_KIND, type WorkloadModel } from '../model.js';
import type { Timeline } from '../recorder/readTimeline.js';
import type { RunReplay } from '../replay.js';
import { round4, type Estimate } from './bootstrap.js';
import { checkSameScenario } from './compatibility.js';
import { cpuSearch, type CpuSearchResult } from './cpuSearch.js';
import { objective, operationsFor, type FitRun } from './objective.js';
import { measure, okDurations } from './measured.js';
import { downstreamUncertainty } from './serviceTime.js';
import { metricsCpu, saturatedCpuBound } from './cpuConstraints.js';
import { identifiabilityNotes } from './notes.js';
import { fitMetricsLag, fitStartup } from './timeline.js';
import { fitWorkers } from './workers.js';
import { k6CpuBounds } from './k6Bounds.js';
import { fitClientGap } from './clientGap.js';
import type { CpuTelemetry } from './loadTelemetry.js';
import { telemetryCpu } from './telemetryCpu.js';
import { fitUtilizationLaw, type UtilizationFit } from './utilizationLaw.js';

export interface CalibrationInput {
  spec: ScenarioSpec;
  /** The scenario compiled (pod, routing, client, operation order). */
  base: SimConfig;
  runs: readonly RunReplay[];
  timeline?: { file: string; timeline: Timeline };
  /** The service's CPU counter with its completions (Prometheus): identifies the CPU demand. */
  telemetry?: CpuTelemetry;
  seed?: number;
  /** Told after each simulation of the search (see CpuSearchInput.onProgress). */
  onProgress?: (simulations: number, planned: number) => void;
}

export interface Calibration {
  model: WorkloadModel;
  search: CpuSearchResult;
  /** The utilization-law fit, when telemetry was given. */
  utilization: UtilizationFit | null;
  warnings: string[];
}

/** Each operation needs this many 2xx answers in the lowest-load run to fit its service time. */
const MIN_LOW_LOAD = 20;
const SCALES = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.6];

/**
 * Fit the workload model of a scenario to k6 runs (and optionally a cluster timeline):
 * 1. downstream per operation = lognormal of (low-load latency − CPU), the lowest-load run;
 * 2. CPU per operation and the pod's CPU wake-up cost by a bounded simulation search over the
 *    unsaturated runs, under the scenario's CPU discipline (cpuSearch.ts);
 *    rescaled to the podMetrics CPU per request when a timeline covers a run; scaled down when a
 *    saturated run served more than that CPU allows;
 * 3. workers per pod from saturated runs, else kept and bounded below (workers.ts);
 * 4. pod start-up and metrics lag from the timeline.
 * Deterministic in `seed`. Costs about 150 replays of each unsaturated run (~2-4 s for low + mid).
 * @throws InputError for runs of different scenarios, or too few low-load answers of an operation.
 */
export function fitWorkload(input: CalibrationInput): Calibration {
  const seed = input.seed ?? 1;
  const warnings = checkSameScenario(input.runs);
  // The client gap (k6 duration − server residence) from the service's duration histogram, else
  // the scenario's: the simulation adds it to what the client sees, so the service times below
  // are fitted to the k6 durations less the gap, and every candidate is simulated with it.
  const gap = input.telemetry ? fitClientGap(input.telemetry.perRun.map((p) => ({ replay: input.runs[p.run] as RunReplay, telemetry: p.telemetry }))) : null;
  const gapMs = gap ? gap.estimate.estimate : input.base.client.gapMs;
  const base: SimConfig = { ...input.base, client: { ...input.base.client, gapMs } };
  const replicas = base.deployment.replicas;
  const names = base.operations.map((o) => o.name);
  const runs: FitRun[] = input.runs.map((replay) => ({ replay, measured: measure(replay), replicas }));
  const unsaturated = runs.filter((r) => r.measured.overall.rejectedRate <= 0.005);
  if (unsaturated.length === 0) throw new InputError('every run is saturated (503s): expected at least one run below saturation to fit the service times', runs[0]?.replay.file);
  const lowest = unsaturated.reduce((a, b) => (b.measured.overall.throughputRps < a.measured.overall.throughputRps ? b : a));
  const lowLoadMs = names.map((name, k) => {
    const xs = okDurations(lowest.replay, k).map((d) => d - gapMs);
    if (xs.length < MIN_LOW_LOAD) throw new InputError(`operation ${name} has ${xs.length} 2xx answers in the lowest-load run; expected at least ${MIN_LOW_LOAD} to fit its service time`, lowest.replay.file);
    return xs;
  });
  const tel = input.telemetry && input.telemetry.windows.length > 0 ? fitUtilizationLaw(input.telemetry.windows, names, seed) : null;
  if (input.telemetry && tel === null) warnings.push(`${input.telemetry.sources.join(', ')}: no complete ${'window'} of CPU telemetry inside the runs: CPU not measured, the simulation search alone sets it`);
  // With telemetry the wake-up cost is measured (CPU per request at several loads); the search
  // then only splits the CPU between operations when the mix never varied.
  const search = cpuSearch({ base, runs: unsaturated, lowLoadMs, ...(tel ? { wakeupGridMs: [tel.wakeupMs?.estimate ?? 0] } : {}), ...(input.onProgress ? { onProgress: input.onProgress } : {}) }, seed);
  let cpuMs = search.cpuMs;
  /** Product of the rescalings below (podMetrics, saturated-run bound): applied to the search's intervals too. */
  let scaled = 1;
  const uncertainty: Record<string, Estimate> = {};
  const notes: string[] = [];
  const mix = opShares(lowest.replay);
  const meanCpu = (c: readonly number[]): number => c.reduce((a, x, k) => a + x * (mix[k] as number), 0);

  const wakeupMs = search.wakeupMs;
  const scaleProfile = SCALES.map((s) => [s, objective({ base, runs: unsaturated, lowLoadMs }, { cpuMs: cpuMs.map((c) => c * s), wakeupMs }, seed)] as const);
  const okScales = scaleProfile.filter(([, v]) => v <= search.objective + Math.max(3.84, 2 * search.seedNoise)).map(([s]) => s);
  uncertainty.meanCpuMsPerRequest = {
    identifiedBy: 'k6',
    estimate: round4(meanCpu(cpuMs)),
    interval: [round4(meanCpu(cpuMs) * okScales.reduce((a, b) => Math.min(a, b), Infinity)), round4(meanCpu(cpuMs) * okScales.reduce((a, b) => Math.max(a, b), -Infinity))],
    method: 'mix-weighted CPU per request, wake-up cost excluded; interval = profile of a common scale factor on all operations (objective within max(3.84, 2 seed-noise SDs)); at saturation (no request finds the CPU idle, so no wake-ups) this sets the CPU-bound capacity (1000 / it, requests/s per core)',
  };

  /** The pod's own CPU besides its requests', measured by the utilization law (0: not identified or no telemetry). */
  let idleMillicores = 0;
  if (tel !== null && input.telemetry) {
    const t = telemetryCpu(tel, search, names, input.telemetry);
    cpuMs = t.cpuMs;
    idleMillicores = t.idleMillicores;
    Object.assign(uncertainty, t.uncertainty);
    for (const n of t.notes) notes.push(n);
  }
  let cpuBy = 'k6';
  if (gap) {
    uncertainty.clientGapMs = gap.estimate;
    notes.push(`Client gap (k6 duration − server residence) measured at ${gap.estimate.estimate} ms at the lowest load: simulated (workload.clientGapMs, added to every latency the client sees), and left out of the downstream waits, which are fitted to the low-load k6 durations less it.`);
  }
  const fromMetrics = input.timeline && tel === null ? metricsCpu(base, input.timeline, runs) : null;
  if (fromMetrics !== null) {
    const k = Math.max(0, fromMetrics.cpu.estimate - wakeupMs * fromMetrics.idleShare) / meanCpu(cpuMs);
    cpuMs = cpuMs.map((c) => c * k);
    scaled *= k;
    uncertainty.cpuMsPerRequestFromMetrics = { ...fromMetrics.cpu, identifiedBy: 'timeline' };
    cpuBy = 'timeline (podMetrics mean), k6 (split)';
    notes.push(`CPU per operation rescaled by ${round4(k)} so the mix-weighted mean plus the wake-up cost of the requests that find the CPU idle (${round4(wakeupMs)} ms × ${round4(fromMetrics.idleShare)}) equals the podMetrics CPU per request (${fromMetrics.cpu.estimate} ms).`);
  } else if (input.timeline) warnings.push(`${input.timeline.file}: no podMetrics sample inside any run's time window: CPU per request not measured, the simulation search alone sets it`);

  const bound = saturatedCpuBound(base, runs);
  if (bound !== null && tel === null && meanCpu(cpuMs) > bound.estimate) {
    const k = bound.estimate / meanCpu(cpuMs);
    cpuMs = cpuMs.map((c) => c * k);
    scaled *= k;
    notes.push(`CPU per operation scaled by ${round4(k)}: a saturated run served ${bound.method}, more than the searched CPU allows.`);
  }
  if (bound !== null) uncertainty.meanCpuMsPerRequestUpperBound = { ...bound, identifiedBy: 'k6', method: `upper bound: CPU-bound capacity cannot be below the 2xx throughput a saturated run reached (${bound.method})` };

  if (scaled !== 1) {
    const m = uncertainty.meanCpuMsPerRequest;
    const [lo, hi] = m.interval as [number, number];
    uncertainty.meanCpuMsPerRequest = { estimate: round4(m.estimate * scaled), interval: [round4(lo * scaled), round4(hi * scaled)], method: `${m.method}; estimate and interval rescaled by ${round4(scaled)} (see notes)`, identifiedBy: cpuBy === 'k6' ? 'k6 (saturated run bound)' : cpuBy };
  }

  const operations: ScenarioSpec['workload']['operations'] = {};
  const ops = operationsFor(base.operations, cpuMs, lowLoadMs, wakeupMs);
  names.forEach((name, k) => {
    const op = ops[k] as (typeof ops)[number];
    operations[name] = { cpu: { distribution: 'constant', valueMs: round4(cpuMs[k] as number) }, ...(op.downstream ? { downstream: op.downstream as never } : {}) };
    const iv = search.intervals[k] as [number, number];
    if (tel === null) uncertainty[`operations.${name}.cpu.valueMs`] = {
      estimate: round4(cpuMs[k] as number),
      interval: [round4(iv[0] * scaled), round4(iv[1] * scaled)],
      method: `bounded simulation search (replayed arrivals of ${unsaturated.length} run(s), percentile + crowding objective); interval = profile with the other operations at their optimum, objective within max(3.84, 2 × seed noise ${round4(search.seedNoise)}) of the minimum ${round4(search.objective)}`,
      identifiedBy: cpuBy,
    };
    const ds = downstreamUncertainty(lowLoadMs[k] as number[], (cpuMs[k] as number) + wakeupMs, seed + 10 * k);
    uncertainty[`operations.${name}.downstream.medianMs`] = ds.medianMs;
    uncertainty[`operations.${name}.downstream.sigma`] = ds.sigma;
  });

  if (tel === null && fromMetrics === null) {
    // No telemetry: say plainly what k6 cannot identify, with bounds that contain the truth.
    const b = k6CpuBounds(base, runs, lowLoadMs, mix);
    const m = uncertainty.meanCpuMsPerRequest;
    uncertainty.meanCpuMsPerRequest = { ...m, interval: [0, b.meanUpperMs], identifiedBy: 'k6 (upper bound only)', method: `${m.method.split(';')[0]}; NOT IDENTIFIED from k6 latencies: interval = [0, the bound that the fastest low-load answers and the highest load served without 503s (${b.servedRps} requests/s per core) put on it]; the search's own profile interval was [${m.interval?.[0]}, ${m.interval?.[1]}]` };
    names.forEach((name, k) => {
      const e = uncertainty[`operations.${name}.cpu.valueMs`];
      if (e) uncertainty[`operations.${name}.cpu.valueMs`] = { ...e, interval: [0, b.opUpperMs[k] as number], identifiedBy: 'k6 (upper bound only)', method: `${e.method}; NOT IDENTIFIED: interval = [0, its fastest low-load answers or the mean's bound / its share]; the profile interval was [${e.interval?.[0]}, ${e.interval?.[1]}]` };
    });
    notes.unshift(`Capacity not identified: k6 latencies alone do not measure the CPU demand (the estimate ${m.estimate} ms is the simulation search's best fit, which model error and host noise can move far; the interval [0, ${b.meanUpperMs}] ms is what the data guarantee). The service is known only to serve at least ${b.servedRps} requests/s per core without saturating. Give its CPU counter (--prometheus, --prometheus-url) or pod metrics (--timeline) to identify it.`);
  }
  if (tel === null) uncertainty['pod.cpu.wakeupMs'] = {
    identifiedBy: 'k6',
    estimate: round4(wakeupMs),
    interval: search.wakeupInterval,
    method: `bounded simulation search on {${search.wakeupProfile.map(([x]) => x).join(', ')}} ms, jointly with the CPU (${base.pod.cpuDiscipline} CPU discipline); interval = profile with the CPU at its optimum, objective within max(3.84, 2 × seed noise) of the minimum`,
  };
  const workers = fitWorkers({ ...base, operations: ops, pod: { ...base.pod, cpuWakeupMs: wakeupMs } }, runs);
  uncertainty['pod.workers'] = workers;
  const specPod = structuredClone(input.spec.workload.pod);
  const pod: ScenarioSpec['workload']['pod'] = { ...specPod, workers: workers.estimate, cpu: { ...specPod.cpu, discipline: base.pod.cpuDiscipline, wakeupMs: round4(wakeupMs) }, ...(idleMillicores > 0 ? { idleCpu: `${idleMillicores}m` } : {}) };
  if (input.timeline) {
    const startup = fitStartup(input.timeline.timeline, seed);
    if (startup) {
      pod.startup = startup.distribution;
      for (const [key, e] of Object.entries(startup.estimates)) uncertainty[`pod.startup.${key}`] = e;
    } else warnings.push(`${input.timeline.file}: no pod became Ready during the recording: start-up delay not fitted`);
    const lag = fitMetricsLag(input.timeline.timeline);
    if (lag) uncertainty.metricsLagMs = lag;
  }
  for (const n of identifiabilityNotes(workers, search, names, tel !== null, round4(gapMs))) notes.push(n);
  const model: WorkloadModel = {
    kind: WORKLOAD_MODEL_KIND,
    fittedFrom: [...new Set([...input.runs.map((r) => r.file), ...(input.telemetry?.sources ?? []), ...(input.timeline ? [input.timeline.file] : [])])],
    workload: { operations, pod, ...(input.spec.workload.routing ? { routing: input.spec.workload.routing } : {}), ...(gapMs > 0 ? { clientGapMs: round4(gapMs) } : {}) },
    uncertainty,
    notes,
  };
  return { model, search, utilization: tel, warnings };
}

function opShares(r: RunReplay): number[] {
  const counts = r.operations.map(() => 0);
  for (const op of r.ops) counts[op] = (counts[op] as number) + 1;
  return counts.map((c) => c / Math.max(1, r.ops.length));
}
