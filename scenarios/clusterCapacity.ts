import type { SimConfig } from '../sim/model.js';

/**
 * How many pods and nodes capsim simulates at most: Kubernetes' own limits ("Considerations for
 * large clusters", kubernetes.io: at most 5,000 nodes and 150,000 pods in a cluster). Every pod
 * and node is a row in the simulator's tables, so a replica count of 2^31 (which the API server
 * accepts for a Deployment) must be refused, not allocated; any count a real cluster can run is
 * simulated, the pods that do not fit on the nodes staying Pending as they would.
 */
export const KUBERNETES_MAX_PODS = 150_000;
export const KUBERNETES_MAX_NODES = 5_000;

export const TOO_MANY_PODS = `expected at most ${KUBERNETES_MAX_PODS} (Kubernetes supports at most ${KUBERNETES_MAX_PODS} pods in a cluster)`;

/** The most pods `cfg` can have at once: its replicas, or the HPA's maxReplicas. */
export function maxPods(cfg: Pick<SimConfig, 'deployment' | 'hpa'>): number {
  return Math.max(cfg.deployment.replicas, cfg.hpa?.spec.maxReplicas ?? 0);
}
