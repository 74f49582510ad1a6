import { hashString, Rng } from '../sim/engine/rng.js';
import type { HpaSpec, ScalingRules } from '../sim/autoscaling/hpa/types.js';
import { anchorPoint, dimensionSizes, nearestPoint, paramsAt, type Point, type RuleParams, type TuneParams } from './points.js';
import type { SearchSpace } from './searchSpace.js';

/**
 * A configuration to evaluate. `id` is a hash of the parameters (stable across runs, shards and
 * versions of the list); `index` its position in the candidate list (-1 for the user's own HPA).
 */
export interface Candidate {
  readonly index: number;
  readonly id: string;
  readonly origin: 'nearest' | 'grid' | 'sample' | 'refine' | 'current';
  /** Null for the user's HPA when it is not of the searched shape. */
  readonly params: TuneParams | null;
  readonly spec: HpaSpec;
}

/**
 * The HPA spec of a candidate: one CPU Utilization metric and both behaviors set explicitly.
 * A per-HPA tolerance of the user's HPA is kept.
 * @example specOf(params, current).metrics[0] // { type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } }
 */
export function specOf(p: TuneParams, current: HpaSpec): HpaSpec {
  const rules = (r: RuleParams, tol: number | undefined): ScalingRules => ({
    stabilizationWindowSeconds: r.stabilizationWindowSeconds,
    selectPolicy: r.selectPolicy,
    policies: [
      { type: 'Pods', value: r.pods, periodSeconds: r.periodSeconds },
      { type: 'Percent', value: r.percent, periodSeconds: r.periodSeconds },
    ],
    ...(tol !== undefined ? { tolerance: tol } : {}),
  });
  return {
    minReplicas: p.minReplicas,
    maxReplicas: p.maxReplicas,
    metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: p.targetUtilization } }],
    behavior: { scaleUp: rules(p.scaleUp, current.behavior?.scaleUp.tolerance), scaleDown: rules(p.scaleDown, current.behavior?.scaleDown.tolerance) },
  };
}

/** Stable id of a parameter set: 8 hex digits of a hash of its canonical JSON. */
export function candidateId(p: TuneParams): string {
  return hashString(JSON.stringify(p)).toString(16).padStart(8, '0');
}

/** A candidate at a point, or null when minReplicas > maxReplicas (the API server rejects it). */
export function candidateAt(s: SearchSpace, p: Point, index: number, origin: Candidate['origin'], current: HpaSpec): Candidate | null {
  const params = paramsAt(s, p);
  if (params.minReplicas > params.maxReplicas) return null;
  return { index, id: candidateId(params), origin, params, spec: specOf(params, current) };
}

/**
 * The candidate list: first the point of the space nearest to the user's HPA (so the search starts
 * from where the user is), then a coarse grid over target × minReplicas with the other settings at
 * their anchors (the Kubernetes defaults when in the space), then seeded uniform samples of the
 * whole space, without duplicates, up to `count`. Deterministic in (space, count, seed).
 * Cost: O(count) expected; sampling stops after 50 × count draws on a small space.
 * @example candidateList(space, 100, 1, current).length // 100 (or the space size if smaller)
 */
export function candidateList(s: SearchSpace, count: number, seed: number, current: HpaSpec): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (p: Point, origin: Candidate['origin']) => {
    if (out.length >= count) return;
    const c = candidateAt(s, p, out.length, origin, current);
    if (c === null || seen.has(c.id)) return;
    seen.add(c.id);
    out.push(c);
  };
  add(nearestPoint(s, current), 'nearest');
  const anchor = anchorPoint(s);
  for (let t = 0; t < s.targetUtilization.length; t++) {
    for (let m = 0; m < s.minReplicas.length; m++) add([t, m, ...anchor.slice(2)], 'grid');
  }
  const sizes = dimensionSizes(s);
  const rng = new Rng(seed, 'tune/candidates');
  for (let draws = 0; out.length < count && draws < 50 * count; draws++) add(sizes.map((n) => rng.int(n)), 'sample');
  return out;
}

