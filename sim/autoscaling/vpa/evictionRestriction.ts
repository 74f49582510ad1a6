import type { UpdaterConfig } from './config.js';
import type { UpdaterPod } from './updaterPod.js';
import type { Ms } from '../../units.js';

/** Upstream `InPlaceDecision` (updater/utils). */
export type InPlaceDecision = 'Approved' | 'Deferred' | 'Evict';

/** Per replica group counters, rebuilt every updater loop (upstream `singleGroupStats`). */
export interface GroupStats {
  configured: number;
  pending: number;
  running: number;
  evictionTolerance: number;
  evicted: number;
  inPlaceUpdateInitiated: number;
  belowMinReplicas: boolean;
}

/** Budget settings of one loop. */
export interface RestrictionOptions {
  /** `updatePolicy.minReplicas` of the VPA, else `--min-replicas`. */
  minReplicas: number;
  evictionTolerance: number;
  /** InPlace/InPlaceOrRecreate with `--in-place-skip-disruption-budget`: small groups are kept (but not evicted). */
  skipReplicaCheck: boolean;
}

/**
 * The eviction and in-place budget of one updater loop (upstream
 * `updater/restriction/pods_restriction_factory.go`, `pods_eviction_restriction.go`,
 * `pods_inplace_restriction.go`, 55c37cd5). Pods are grouped by owner; a group with fewer live
 * pods than minReplicas is left alone; at most `trunc(configured × tolerance)` running pods
 * may be down, but a fully running group with tolerance 0 may lose one.
 */
export class PodsRestriction {
  private readonly groups = new Map<string, GroupStats>();

  /**
   * @param pods the live pods of the VPA this loop
   * @param configuredReplicas owner → spec.replicas (absent: the live count, as for Jobs)
   */
  constructor(pods: readonly UpdaterPod[], configuredReplicas: Readonly<Record<string, number>>, opts: RestrictionOptions) {
    const live = new Map<string, UpdaterPod[]>();
    for (const p of pods) if (p.owner !== undefined) live.set(p.owner, [...(live.get(p.owner) ?? []), p]);
    for (const [owner, replicas] of live) {
      const actual = replicas.length;
      if (actual < opts.minReplicas && !opts.skipReplicaCheck) continue;
      const configured = configuredReplicas[owner] ?? actual;
      const pending = replicas.filter((p) => p.phase === 'Pending').length;
      this.groups.set(owner, {
        configured,
        pending,
        running: actual - pending,
        evictionTolerance: Math.trunc(configured * opts.evictionTolerance),
        evicted: 0,
        inPlaceUpdateInitiated: 0,
        belowMinReplicas: actual < opts.minReplicas,
      });
    }
  }

  /** The counters of a pod's group (undefined when the group is not eligible). */
  statsOf(pod: UpdaterPod): Readonly<GroupStats> | undefined {
    return pod.owner === undefined ? undefined : this.groups.get(pod.owner);
  }

  /** Upstream `CanEvict`. A Pending pod of an eligible group may always be evicted. */
  canEvict(pod: UpdaterPod, nowMs: Ms, config: Pick<UpdaterConfig, 'deferredResizeTimeoutMs' | 'inProgressResizeTimeoutMs'>): boolean {
    const g = this.statsOf(pod);
    if (!g) return false;
    if (pod.phase === 'Pending') return true;
    if (g.belowMinReplicas) return false;
    if (pod.resize) return canEvictResizingPod(pod, g, nowMs, config);
    return isPodDisruptable(g);
  }

  /** Upstream `Evict`: false (nothing changes) when not allowed; counts running evictions. */
  evict(pod: UpdaterPod, nowMs: Ms, config: Pick<UpdaterConfig, 'deferredResizeTimeoutMs' | 'inProgressResizeTimeoutMs'>): boolean {
    if (!this.canEvict(pod, nowMs, config)) return false;
    const g = this.groups.get(pod.owner as string) as GroupStats;
    if (pod.phase !== 'Pending') g.evicted++;
    return true;
  }

  /**
   * Upstream `CanInPlaceUpdate` for InPlaceOrRecreate: Deferred for pending pods, pods of
   * ineligible groups and without a recommendation; a resize in flight turns into Evict once it
   * is infeasible, errored or timed out (and the budget allows); otherwise Approved if the
   * budget allows (or a restart-free resize with `skipDisruptionBudget`).
   */
  canInPlaceUpdate(
    pod: UpdaterPod,
    hasRecommendation: boolean,
    nowMs: Ms,
    config: Pick<UpdaterConfig, 'deferredResizeTimeoutMs' | 'inProgressResizeTimeoutMs' | 'inPlaceSkipDisruptionBudget'>,
  ): InPlaceDecision {
    const g = this.statsOf(pod);
    if (!g || pod.phase === 'Pending' || !hasRecommendation) return 'Deferred';
    if (pod.resize) return canEvictResizingPod(pod, g, nowMs, config) ? 'Evict' : 'Deferred';
    // capsim pods resize CPU and memory without restarting containers (resizePolicy NotRequired).
    if (config.inPlaceSkipDisruptionBudget) return 'Approved';
    return isPodDisruptable(g) ? 'Approved' : 'Deferred';
  }

  /** Upstream `InPlaceUpdate` bookkeeping: the resize counts against the budget. */
  inPlaceUpdate(pod: UpdaterPod): boolean {
    const g = pod.owner === undefined ? undefined : this.groups.get(pod.owner);
    if (!g) return false;
    g.inPlaceUpdateInitiated++;
    return true;
  }
}

/**
 * Upstream `isPodDisruptable`: more pods alive than `configured − tolerance`, or a fully running
 * group with zero tolerance that has not lost a pod this loop.
 */
export function isPodDisruptable(s: GroupStats): boolean {
  const shouldBeAlive = s.configured - s.evictionTolerance;
  const actuallyAlive = s.running - (s.evicted + s.inPlaceUpdateInitiated);
  return (
    actuallyAlive > shouldBeAlive ||
    (s.configured === s.running && s.evictionTolerance === 0 && s.evicted === 0 && s.inPlaceUpdateInitiated === 0)
  );
}

/** Upstream `CanEvictInPlacingPod`: infeasible/error/unknown at once, Deferred after 5 min, InProgress after 1 h. */
function canEvictResizingPod(
  pod: UpdaterPod,
  g: GroupStats,
  nowMs: Ms,
  config: Pick<UpdaterConfig, 'deferredResizeTimeoutMs' | 'inProgressResizeTimeoutMs'>,
): boolean {
  const resize = pod.resize;
  if (!resize || !isPodDisruptable(g)) return false;
  switch (resize.status) {
    case 'Deferred':
      return nowMs - resize.sinceMs > config.deferredResizeTimeoutMs;
    case 'InProgress':
      return nowMs - resize.sinceMs > config.inProgressResizeTimeoutMs;
    default:
      return true;
  }
}
