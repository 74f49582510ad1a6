import type { HpaSpec, ScalingRules } from '../sim/autoscaling/hpa/types.js';
import type { RulesSpace, SearchSpace } from './searchSpace.js';

/*
 * Points of the search space: one index per dimension. The 13 dimensions, in order: target,
 * minReplicas, maxReplicas, then stabilisation window, Pods value, Percent value, period and
 * selectPolicy for scale-up, then the same five for scale-down.
 */

/** One scaling direction of a candidate: a Pods and a Percent policy with one period. */
export interface RuleParams {
  readonly stabilizationWindowSeconds: number;
  readonly pods: number;
  readonly percent: number;
  readonly periodSeconds: number;
  readonly selectPolicy: 'Max' | 'Min';
}

/** The searched HPA settings of one candidate. */
export interface TuneParams {
  readonly targetUtilization: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly scaleUp: RuleParams;
  readonly scaleDown: RuleParams;
}

/** A point of the space: one index per dimension, in the order of `dimensionSizes`. */
export type Point = readonly number[];

/** Sizes of the 13 dimensions: target, min, max, then 5 per scaling direction (up, down). */
export function dimensionSizes(s: SearchSpace): number[] {
  const r = (x: RulesSpace) => [x.stabilizationWindowSeconds.length, x.pods.length, x.percent.length, x.periodSeconds.length, x.selectPolicy.length];
  return [s.targetUtilization.length, s.minReplicas.length, s.maxReplicas.length, ...r(s.scaleUp), ...r(s.scaleDown)];
}

/** The parameters at a point. */
export function paramsAt(s: SearchSpace, p: Point): TuneParams {
  const pick = <T>(xs: readonly T[], i: number): T => xs[p[i] as number] as T;
  const rule = (x: RulesSpace, o: number): RuleParams => ({
    stabilizationWindowSeconds: pick(x.stabilizationWindowSeconds, o),
    pods: pick(x.pods, o + 1),
    percent: pick(x.percent, o + 2),
    periodSeconds: pick(x.periodSeconds, o + 3),
    selectPolicy: pick(x.selectPolicy, o + 4),
  });
  return { targetUtilization: pick(s.targetUtilization, 0), minReplicas: pick(s.minReplicas, 1), maxReplicas: pick(s.maxReplicas, 2), scaleUp: rule(s.scaleUp, 3), scaleDown: rule(s.scaleDown, 8) };
}

/** The anchor point: Kubernetes default behavior values where the space has them, else the first value. */
export function anchorPoint(s: SearchSpace): number[] {
  const at = <T>(xs: readonly T[], v: T) => Math.max(0, xs.indexOf(v));
  const r = (x: RulesSpace, w: number, pods: number, pct: number) => [at(x.stabilizationWindowSeconds, w), at(x.pods, pods), at(x.percent, pct), at(x.periodSeconds, 15), at(x.selectPolicy, 'Max')];
  return [at(s.targetUtilization, 80), 0, 0, ...r(s.scaleUp, 0, 4, 100), ...r(s.scaleDown, 300, 4, 100)];
}

/**
 * The point nearest to an HPA spec, dimension by dimension (closest value). Settings the spec
 * leaves out take the Kubernetes defaults (behavior) or 80 % (target).
 */
export function nearestPoint(s: SearchSpace, h: HpaSpec): number[] {
  const metric = h.metrics.find((m) => m.type === 'Resource' && m.resource === 'cpu');
  const target = metric?.type === 'Resource' && metric.target?.type === 'Utilization' ? metric.target.averageUtilization : 80;
  const rule = (x: RulesSpace, r: ScalingRules | undefined, window: number, pods: number, percent: number) => {
    const first = r?.policies[0];
    return [
      closest(x.stabilizationWindowSeconds, r?.stabilizationWindowSeconds ?? window),
      closest(x.pods, r?.policies.find((p) => p.type === 'Pods')?.value ?? pods),
      closest(x.percent, r?.policies.find((p) => p.type === 'Percent')?.value ?? percent),
      closest(x.periodSeconds, first?.periodSeconds ?? 15),
      Math.max(0, x.selectPolicy.indexOf(r?.selectPolicy === 'Min' ? 'Min' : 'Max')),
    ];
  };
  return [closest(s.targetUtilization, target), closest(s.minReplicas, h.minReplicas), closest(s.maxReplicas, h.maxReplicas),
    ...rule(s.scaleUp, h.behavior?.scaleUp, 0, 4, 100), ...rule(s.scaleDown, h.behavior?.scaleDown, 300, 4, 100)];
}

function closest(xs: readonly number[], v: number): number {
  let best = 0;
  xs.forEach((x, i) => {
    if (Math.abs(x - v) < Math.abs((xs[best] as number) - v)) best = i;
  });
  return best;
}

/** Points one step away in one dimension (local refinement), in dimension order. */
export function neighbours(s: SearchSpace, p: Point): Point[] {
  const sizes = dimensionSizes(s);
  const out: Point[] = [];
  sizes.forEach((n, d) => {
    for (const step of [-1, 1]) {
      const v = (p[d] as number) + step;
      if (v >= 0 && v < n) out.push(p.map((x, i) => (i === d ? v : x)));
    }
  });
  return out;
}

/** The point of a parameter set in a space (inverse of `paramsAt`). */
export function pointOf(s: SearchSpace, p: TuneParams): Point {
  const r = (x: RulesSpace, q: RuleParams) => [x.stabilizationWindowSeconds.indexOf(q.stabilizationWindowSeconds), x.pods.indexOf(q.pods), x.percent.indexOf(q.percent), x.periodSeconds.indexOf(q.periodSeconds), x.selectPolicy.indexOf(q.selectPolicy)];
  return [s.targetUtilization.indexOf(p.targetUtilization), s.minReplicas.indexOf(p.minReplicas), s.maxReplicas.indexOf(p.maxReplicas), ...r(s.scaleUp, p.scaleUp), ...r(s.scaleDown, p.scaleDown)];
}
