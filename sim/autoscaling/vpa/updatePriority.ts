import { priorityLess, type PodPriority } from './priority.js';
import { effectivePolicy, type PolicySource } from './vpaSpec.js';
import { isObserved, type UpdaterPod } from './updaterPod.js';
import type { UpdaterConfig } from './config.js';
import type { Ms } from '../../units.js';

/**
 * A container of the pod, managed by the VPA (observed, policy not Off), was OOM-killed less
 * than `evictAfterOomThresholdMs` after it started (upstream "quick OOM").
 */
export function hasQuickOom(pod: UpdaterPod, vpa: PolicySource, config: Pick<UpdaterConfig, 'evictAfterOomThresholdMs'>): boolean {
  return pod.containers.some((c) => {
    if (!isObserved(pod, c.name) || effectivePolicy(vpa, c.name).mode === 'Off') return false;
    const t = c.lastTermination;
    return t !== undefined && t.reason === 'OOMKilled' && t.finishedAtMs - t.startedAtMs < config.evictAfterOomThresholdMs;
  });
}

/**
 * Whether the pod enters the update queue (upstream `UpdatePriorityCalculator.AddPod`):
 * always when a request is outside the recommended bounds or after a quick OOM (unless nothing
 * would change); otherwise only after 12 h of life and with ResourceDiff ≥ 0.1.
 */
export function admitForUpdate(
  pod: UpdaterPod,
  priority: PodPriority,
  quickOom: boolean,
  nowMs: Ms,
  config: Pick<UpdaterConfig, 'podLifetimeUpdateThresholdMs' | 'podUpdateThreshold'>,
): boolean {
  if (!priority.outsideRecommendedRange && !quickOom) {
    if (pod.startTimeMs === undefined) return false;
    if (nowMs < pod.startTimeMs + config.podLifetimeUpdateThresholdMs) return false;
    if (priority.resourceDiff < config.podUpdateThreshold) return false;
  }
  if (quickOom && priority.resourceDiff === 0) return false;
  return true;
}

/**
 * Highest priority first (upstream `GetSortedPods`): scale-ups before scale-downs, then by
 * ResourceDiff. Stable, so equal priorities keep their input order (upstream's sort is not).
 */
export function sortByPriority<T extends { priority: PodPriority }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (priorityLess(b.priority, a.priority) ? -1 : priorityLess(a.priority, b.priority) ? 1 : 0));
}
