import { parseDurationMs } from '../../sim/traffic/duration.ts';
import { iterationUniform, makeMix, type OperationMix } from '../../sim/traffic/mix.ts';
import type { ScenarioSpec } from '../schema.js';

/**
 * What one k6 iteration does. `traffic.mix` weighs operations (one request per iteration) and,
 * when the scenario declares `http.flows`, flows: steps run in order, each after the previous one
 * (a capture of an authorisation, a refund of a capture), each with the probability `fraction`
 * given that the previous step ran, after waiting `after`. The same data drive the simulator
 * (the expected requests per flow, see expectedOperationWeights) and the k6 script. No runtime
 * imports beyond sim/traffic: the k6 bundle includes it.
 */
export interface FlowStep {
  readonly operation: string;
  /** Probability that this step runs when the previous one did (1 for every step by default). */
  readonly fraction: number;
  /** Think time before the step, ms. */
  readonly afterMs: number;
}

export interface Flow {
  /** The mix key: an operation name (one step) or a flow name. */
  readonly name: string;
  readonly steps: readonly FlowStep[];
}

/** The iteration plan: flows in mix order, and the mix over them (pickForIteration's input). */
export interface FlowPlan {
  readonly flows: readonly Flow[];
  readonly mix: OperationMix;
}

/**
 * Flows of a scenario in a fixed order: every workload operation (in workload.operations order,
 * weight traffic.mix[op] or 0), then every declared flow. Without flows this is exactly the
 * simulator's operation mix, so iteration i picks the same operation in both.
 * @throws Error when no mix weight is positive.
 */
export function flowPlan(spec: ScenarioSpec): FlowPlan {
  const flows: Flow[] = [];
  const weights: Record<string, number> = {};
  for (const op of Object.keys(spec.workload.operations)) {
    flows.push({ name: op, steps: [{ operation: op, fraction: 1, afterMs: 0 }] });
    weights[op] = spec.traffic.mix[op] ?? 0;
  }
  for (const [name, f] of Object.entries(spec.http?.flows ?? {})) {
    if (name in weights) continue; // a flow named like an operation is refused by checkHttp
    flows.push({ name, steps: f.steps.map((s) => ({ operation: s.operation, fraction: s.fraction ?? 1, afterMs: s.after === undefined ? 0 : (parseDurationMs(s.after) ?? 0) })) });
    weights[name] = spec.traffic.mix[name] ?? 0;
  }
  return { flows, mix: makeMix(weights) };
}

/**
 * Whether step `k` of the flow run by `iteration` goes ahead, given step k−1 did (step 0 with its
 * own fraction too). The same draw in the k6 script and in any replay.
 */
export function stepRuns(iteration: number, k: number, fraction: number, seed: number): boolean {
  if (fraction >= 1) return true;
  return iterationUniform(iteration, (seed ^ Math.imul(k + 1, 0x632be5ab)) | 0) < fraction;
}

/**
 * Expected requests per operation for one unit of mix weight: what the simulator's operation mix
 * is when flows are declared (a flow of weight w adds w·Π fractions up to each step).
 * @example expectedOperationWeights(spec with mix { pay: 1 }, pay = authorize, capture 0.9) // { authorize: 1, capture: 0.9 }
 */
export function expectedOperationWeights(spec: ScenarioSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, w] of Object.entries(spec.traffic.mix)) {
    const flow = spec.http?.flows?.[name];
    if (flow === undefined) {
      out[name] = (out[name] ?? 0) + w;
      continue;
    }
    let reach = w;
    for (const s of flow.steps) {
      reach *= s.fraction ?? 1;
      out[s.operation] = (out[s.operation] ?? 0) + reach;
    }
  }
  return out;
}

/**
 * Requests one iteration sends on average (1 without flows): the simulator offers the k6
 * iteration rate times this.
 */
export function requestsPerIteration(spec: ScenarioSpec): number {
  const total = Object.values(spec.traffic.mix).reduce((a, b) => a + b, 0);
  const requests = Object.values(expectedOperationWeights(spec)).reduce((a, b) => a + b, 0);
  return total > 0 ? requests / total : 1;
}

/** Mean think time per iteration (ms): the flows' `after` waits, weighted by how often they happen. */
export function meanThinkTimeMs(spec: ScenarioSpec): number {
  const total = Object.values(spec.traffic.mix).reduce((a, b) => a + b, 0);
  if (!(total > 0)) return 0;
  let sum = 0;
  for (const [name, w] of Object.entries(spec.traffic.mix)) {
    const flow = spec.http?.flows?.[name];
    let reach = w;
    for (const s of flow?.steps ?? []) {
      reach *= s.fraction ?? 1;
      sum += reach * (s.after === undefined ? 0 : (parseDurationMs(s.after) ?? 0));
    }
  }
  return sum / total;
}
