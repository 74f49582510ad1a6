import type { OperationModel, SimConfig } from '../../sim/model.js';
import { simulate } from '../../sim/run.js';
import { replayConfig, type RunReplay } from '../replay.js';
import { crowdingGroups } from './crowding.js';
import type { MeasuredRun } from './measured.js';
import { downstreamFor } from './serviceTime.js';

/** One calibration run: its replay, what k6 measured, its replica count. */
export interface FitRun {
  replay: RunReplay;
  measured: MeasuredRun;
  replicas: number;
}

/** A point of the search: CPU per operation (in `base.operations` order) and the pod's wake-up cost, ms. */
export interface Candidate {
  cpuMs: readonly number[];
  wakeupMs: number;
}

export interface ObjectiveInput {
  /** The scenario's simulator config (pod, routing, client, CPU discipline); operations are replaced. */
  base: SimConfig;
  runs: readonly FitRun[];
  /** Per operation (in `base.operations` order): 2xx durations of the lowest-load run, ms. */
  lowLoadMs: readonly (readonly number[])[];
}

const QUANTILES = ['p50', 'p95'] as const;
/** Operations with fewer 2xx answers than this in a run are left out of the percentile terms. */
const MIN_COUNT = 20;
/**
 * Relative tolerance of a percentile term: the model's error floor below saturation (late
 * timers and per-request overhead the model lacks move p50 by a few %), not the sampling error
 * (~1 %), so the percentiles bound the CPU from above without drowning the crowding terms.
 */
const PERCENTILE_TOLERANCE = 0.05;

/**
 * The operations of a candidate: constant CPU, downstream = low-load latency − CPU − wake-up
 * (lognormal): at low load nearly every request finds the CPU idle and pays the wake-up.
 * @example operationsFor(base.operations, [4, 2, 3], lowLoadMs, 1)[0].downstream // lognormal, median ≈ low-load median − 5
 */
export function operationsFor(ops: readonly OperationModel[], cpuMs: readonly number[], lowLoadMs: readonly (readonly number[])[], wakeupMs = 0): OperationModel[] {
  return ops.map((op, k) => ({
    ...op,
    cpu: { distribution: 'constant', valueMs: cpuMs[k] as number },
    downstream: downstreamFor(lowLoadMs[k] as number[], (cpuMs[k] as number) + wakeupMs),
  }));
}

/** The scenario's config with a candidate's operations and wake-up cost (the discipline is the scenario's). */
export function candidateConfig(input: ObjectiveInput, c: Candidate): SimConfig {
  const base = input.base;
  return { ...base, operations: operationsFor(base.operations, c.cpuMs, input.lowLoadMs, c.wakeupMs), pod: { ...base.pod, cpuWakeupMs: c.wakeupMs } };
}

/**
 * Misfit of a candidate, in squared standard scores: per run (replayed with its own starts and
 * operations; common random numbers: the same seed for every candidate)
 *  - per operation and p50/p95 of 2xx: (ln(predicted / measured) / 5 %)²;
 *  - per crowding group (crowding.ts): ((predicted − measured mean) / (√2 · SE))², the √2 for the
 *    simulation's own noise on the same requests.
 * O(runs · requests).
 */
export function objective(input: ObjectiveInput, c: Candidate, seed: number): number {
  const names = input.base.operations.map((o) => o.name);
  const base = candidateConfig(input, c);
  let sum = 0;
  for (const run of input.runs) {
    const cfg = replayConfig(base, run.replay, { replicas: run.replicas, seed });
    const res = simulate({ ...cfg, output: { ...cfg.output, trace: true } });
    const s = res.summary;
    for (const name of names) {
      const m = run.measured.perOperation[name];
      const p = s.perOperation[name];
      if (m === undefined || p === undefined || m.ok.p50 <= 0) continue;
      if (m.okThroughputRps * run.measured.windowS < MIN_COUNT) continue;
      for (const q of QUANTILES) sum += (Math.log(Math.max(p.latencyMs[q], 1e-3) / m.ok[q]) / PERCENTILE_TOLERANCE) ** 2;
    }
    const latency = new Float64Array(run.replay.timesMs.length).fill(Number.NaN);
    for (const t of res.trace ?? []) if (t.attempt === 0 && t.status === 'ok') latency[t.id] = t.endMs - t.arrivalMs;
    for (const g of crowdingGroups(run.replay, run.replicas)) {
      let total = 0;
      let n = 0;
      for (const i of g.indices) {
        const v = latency[i] as number;
        if (!Number.isNaN(v)) (total += v), n++;
      }
      if (n > 0 && g.standardError > 0) sum += ((total / n - g.meanMs) / (Math.SQRT2 * g.standardError)) ** 2;
    }
  }
  return sum;
}
