import type { Ms } from '../../units.js';
import type { PodSnapshot, ResourceName } from './types.js';

/** A usable metric sample of one pod (after summing or picking containers). */
export interface PodSample {
  readonly value: number;
  readonly timestamp: Ms;
  readonly windowMs: Ms;
}

export type PodGroup = 'ready' | 'unready' | 'missing' | 'ignored';

/** Result of `groupPods`: the pod names per class, with the rule that put each pod there. */
export interface PodGrouping {
  readonly readyPodCount: number;
  readonly unready: ReadonlySet<string>;
  readonly missing: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
  /** Pod name -> human-readable reason (for `hpa explain`). */
  readonly reasons: ReadonlyMap<string, string>;
}

export interface GroupPodsTiming {
  readonly cpuInitializationPeriodMs: Ms;
  readonly initialReadinessDelayMs: Ms;
  readonly now: Ms;
}

/**
 * Classify pods as the HPA does (replica_calculator.go `groupPods`), in this order:
 * deleting or Failed -> ignored; Pending -> unready; no sample -> missing; for CPU only, the
 * readiness rules of the initialization period; else ready. Strict Before/After comparisons.
 * `resource` undefined means a non-resource (Pods) metric: readiness rules do not apply.
 * @example groupPods([pod], new Map(), 'cpu', t).missing // Set { pod.name }
 */
export function groupPods(
  pods: readonly PodSnapshot[],
  samples: ReadonlyMap<string, PodSample>,
  resource: ResourceName | undefined,
  timing: GroupPodsTiming,
): PodGrouping {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  const reasons = new Map<string, string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    const [group, reason] = classify(pod, samples.get(pod.name), resource, timing);
    if (group === 'ignored') ignored.add(pod.name);
    else if (group === 'unready') unready.add(pod.name);
    else if (group === 'missing') missing.add(pod.name);
    else readyPodCount++;
    reasons.set(pod.name, reason);
  }
  return { readyPodCount, unready, missing, ignored, reasons };
}

function classify(
  pod: PodSnapshot,
  sample: PodSample | undefined,
  resource: ResourceName | undefined,
  t: GroupPodsTiming,
): [PodGroup, string] {
  if (pod.deleting) return ['ignored', 'being deleted'];
  if (pod.phase === 'Failed') return ['ignored', 'phase Failed'];
  if (pod.phase === 'Pending') return ['unready', 'phase Pending'];
  if (sample === undefined) return ['missing', 'no metric sample'];
  if (resource !== 'cpu') return ['ready', 'ready'];
  const ready = pod.ready;
  if (ready === undefined || pod.startTime === undefined) return ['unready', 'no Ready condition or start time'];
  if (pod.startTime + t.cpuInitializationPeriodMs > t.now) {
    // Within the CPU initialization period the sample must come from a full window of readiness.
    if (ready.status === 'False') return ['unready', 'not Ready during the CPU initialization period'];
    if (sample.timestamp < ready.lastTransitionTime + sample.windowMs) {
      return ['unready', 'CPU sample window started before the pod became Ready (initialization period)'];
    }
    return ['ready', 'ready'];
  }
  // After it, only a pod that went unready right after starting and never became ready is skipped.
  if (ready.status === 'False' && pod.startTime + t.initialReadinessDelayMs > ready.lastTransitionTime) {
    return ['unready', 'never became Ready since start (initial readiness delay)'];
  }
  return ['ready', 'ready'];
}
