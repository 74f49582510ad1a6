import { capPodRecommendation, type LimitRanges } from './capping.js';
import { DEFAULT_UPDATER_CONFIG, type UpdaterConfig } from './config.js';
import { PodsRestriction, type InPlaceDecision } from './evictionRestriction.js';
import { applyRecommendation, type ContainerResources } from './podResources.js';
import { getUpdatePriority, type PodPriority } from './priority.js';
import { RESOURCE_NAMES, type Resources } from './resourceAmount.js';
import { admitForUpdate, hasQuickOom, sortByPriority } from './updatePriority.js';
import { modeCapabilities } from './updateMode.js';
import { effectivePolicy, type VpaSpec } from './vpaSpec.js';
import type { ContainerRecommendation } from './recommendation.js';
import type { UpdaterPod } from './updaterPod.js';
import type { Ms } from '../../units.js';

/** Everything the updater looks at in one loop for one VPA. */
export interface UpdaterInput {
  vpa: VpaSpec;
  /** The VPA status recommendation (undefined before the recommender wrote one). */
  recommendation: readonly ContainerRecommendation[] | undefined;
  /** Live pods controlled by the VPA (not being deleted, scheduled). */
  pods: readonly UpdaterPod[];
  /** Owner → configured replicas (`spec.replicas`); owners missing here use their live pod count. */
  configuredReplicas: Readonly<Record<string, number>>;
  /** LimitRange items of the namespace, if any (capsim usually has none). */
  limitRanges?: LimitRanges;
}

/** One thing the updater does to a pod this loop. */
export interface UpdaterAction {
  pod: string;
  /** 'evict': the controller recreates the pod, which then gets `resources`; 'resize': patch in place. */
  action: 'evict' | 'resize';
  priority: PodPriority;
  /** Container → the requests and limits the pod gets (admission controller rules). */
  resources: Record<string, ContainerResources>;
}

/**
 * One updater loop for one VPA (upstream `updater.RunOnce`, 55c37cd5): Off/Initial do nothing;
 * the others rank pods (requests outside the bounds; the 12 h rule with the 0.1 diff threshold;
 * quick OOMs), then within the eviction budget and minReplicas evict (Recreate/Auto) or resize in
 * place (InPlaceOrRecreate: resize, evict when a resize is infeasible or stalled; InPlace: resize
 * only). Actions come in the order upstream performs them: resizes first, then evictions.
 * Pure: the simulator applies the actions.
 * @example updaterDecide({ vpa, recommendation, pods, configuredReplicas: { rs: 3 } }, now) // [{ pod: 'p1', action: 'evict', ... }]
 */
export function updaterDecide(input: UpdaterInput, nowMs: Ms, config: UpdaterConfig = DEFAULT_UPDATER_CONFIG): UpdaterAction[] {
  const { vpa } = input;
  const caps = modeCapabilities(vpa.updateMode);
  if (!caps.updatesRunningPods) return [];
  const restriction = new PodsRestriction(input.pods, input.configuredReplicas, {
    minReplicas: vpa.minReplicas ?? config.minReplicas,
    evictionTolerance: config.evictionTolerance,
    skipReplicaCheck: caps.inPlace && config.inPlaceSkipDisruptionBudget,
  });
  const inPlaceMode = caps.inPlace;
  const hasRec = input.recommendation !== undefined;
  const candidates = input.pods.filter((p) =>
    inPlaceMode
      ? isInPlaceCandidate(restriction.canInPlaceUpdate(p, hasRec, nowMs, config), caps.evicts)
      : restriction.canEvict(p, nowMs, config),
  );
  const ranked = sortByPriority(
    candidates.flatMap((pod) => {
      const capped = cappedFor(pod, input);
      const priority = getUpdatePriority(pod, capped);
      return admitForUpdate(pod, priority, hasQuickOom(pod, vpa, config), nowMs, config) ? [{ pod, priority, capped }] : [];
    }),
  );
  const resized: UpdaterAction[] = [];
  const toEvict: typeof ranked = inPlaceMode ? [] : ranked;
  if (inPlaceMode) {
    for (const item of ranked) {
      const decision = restriction.canInPlaceUpdate(item.pod, hasRec, nowMs, config);
      if (decision === 'Evict' && caps.evicts) toEvict.push(item);
      if (decision !== 'Approved') continue;
      restriction.inPlaceUpdate(item.pod);
      resized.push(action(item, 'resize', vpa));
    }
  }
  const evicted: UpdaterAction[] = [];
  for (const item of toEvict) {
    if (restriction.evict(item.pod, nowMs, config)) evicted.push(action(item, 'evict', vpa));
  }
  return [...resized, ...evicted];
}

/** InPlaceOrRecreate keeps Approved and Evict pods; InPlace keeps every pod it may wait on. */
function isInPlaceCandidate(decision: InPlaceDecision, evicts: boolean): boolean {
  if (decision === 'Approved') return true;
  return evicts ? decision === 'Evict' : decision === 'Deferred';
}

function cappedFor(pod: UpdaterPod, input: UpdaterInput): ContainerRecommendation[] {
  if (!input.recommendation) return [];
  const containers = pod.containers.map((c) => ({ name: c.name, requests: c.requests, limits: c.limits ?? {} }));
  return capPodRecommendation(input.recommendation, containers, input.vpa, input.limitRanges).recommendations;
}

function action(item: { pod: UpdaterPod; priority: PodPriority; capped: ContainerRecommendation[] }, kind: 'evict' | 'resize', vpa: VpaSpec): UpdaterAction {
  const resources: Record<string, ContainerResources> = {};
  for (const c of item.pod.containers) {
    const rec = item.capped.find((r) => r.containerName === c.name);
    const current = { requests: { ...c.requests }, limits: { ...(c.limits ?? {}) } };
    resources[c.name] = rec ? applyRecommendation(current, rec.target, effectivePolicy(vpa, c.name)) : current;
  }
  return { pod: item.pod.name, action: kind, priority: item.priority, resources };
}

/**
 * What the kubelet answers to a resize (for the simulator): 'Infeasible' when the new requests
 * exceed the node's allocatable, 'Deferred' when they exceed its free room now, else 'ok'.
 * `increase` is new − old requests per resource.
 */
export function kubeletResizeVerdict(increase: Resources, newRequests: Resources, node: { free: Resources; allocatable: Resources }): 'ok' | 'Deferred' | 'Infeasible' {
  for (const r of RESOURCE_NAMES) {
    const alloc = node.allocatable[r];
    if (alloc !== undefined && (newRequests[r] ?? 0) > alloc) return 'Infeasible';
  }
  for (const r of RESOURCE_NAMES) {
    const free = node.free[r];
    if (free !== undefined && (increase[r] ?? 0) > free) return 'Deferred';
  }
  return 'ok';
}
