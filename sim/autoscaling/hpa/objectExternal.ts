import { isWithinTolerance, type Tolerances } from './tolerance.js';
import type { PodSnapshot } from './types.js';

const MAX_INT32 = 2147483647;

/**
 * Object/External `Value` targets (replica_calculator.go `getUsageRatioReplicaCount`): within
 * tolerance -> current; else `ceil(ratio × ready pods)` where ready = Running and Ready=True,
 * capped at 2^31-1. From zero replicas: `ceil(ratio)` with no tolerance (scale from zero).
 * @example usageRatioReplicas(3, 20000 / 15000, tol, pods) // 4 with three ready pods
 */
export function usageRatioReplicas(current: number, usageRatio: number, tol: Tolerances, pods: readonly PodSnapshot[]): number | { readonly error: string } {
  if (current === 0) return Math.ceil(usageRatio);
  if (isWithinTolerance(usageRatio, tol)) return current;
  if (pods.length === 0) return { error: 'unable to calculate ready pods: no pods returned by selector while calculating replica count' };
  const ready = pods.filter((p) => p.phase === 'Running' && p.ready?.status === 'True').length;
  const f = usageRatio * ready;
  return f > MAX_INT32 ? MAX_INT32 : Math.ceil(f);
}

/**
 * Per-pod Object/External `AverageValue` targets (`GetObjectPerPodMetricReplicas`,
 * `GetExternalPerPodMetricReplicas`): compares against `statusReplicas` (observed pods), not the spec.
 * @returns the proposal and the per-pod average reported in status (`ceil(usage / statusReplicas)`).
 * @example perPodReplicas(3, 20000, 5000, tol) // { replicas: 4, averageValue: 6667 }
 */
export function perPodReplicas(statusReplicas: number, usage: number, targetAverage: number, tol: Tolerances): { readonly replicas: number; readonly averageValue: number } {
  let replicas = statusReplicas;
  const ratio = usage / (targetAverage * statusReplicas);
  if (!isWithinTolerance(ratio, tol)) {
    const f = Math.ceil(usage / targetAverage);
    replicas = f > MAX_INT32 ? MAX_INT32 : f;
  }
  return { replicas, averageValue: Math.ceil(usage / statusReplicas) };
}
