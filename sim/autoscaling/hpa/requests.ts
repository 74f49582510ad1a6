import type { ContainerSnapshot, PodSnapshot, ResourceName } from './types.js';

/** Milli-units of a container's request (CPU millicores; memory bytes × 1000, as `MilliValue()`). */
export function requestMilli(c: ContainerSnapshot, resource: ResourceName): number | undefined {
  const v = resource === 'cpu' ? c.requests.cpu : c.requests.memory;
  if (v === undefined) return undefined;
  return resource === 'cpu' ? v : v * 1000;
}

/** Either the per-pod requests or the upstream error message. */
export type RequestsResult = { readonly ok: true; readonly requests: ReadonlyMap<string, number> } | { readonly ok: false; readonly error: string };

/**
 * Request of every listed pod (replica_calculator.go `calculateRequests`): with a container name,
 * that container's request; else the sum over regular containers plus restartable (sidecar) init
 * containers. Pod-level resources (PodLevelResources gate) are not modelled.
 * Returns the upstream error text, e.g. `missing request for cpu in container app of Pod web-1`.
 */
export function calculateRequests(pods: readonly PodSnapshot[], container: string | undefined, resource: ResourceName): RequestsResult {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    if (container !== undefined) {
      const c = pod.containers.find((x) => x.name === container);
      if (c === undefined) return { ok: false, error: `container ${container} not found in Pod ${pod.name}` };
      const r = requestMilli(c, resource);
      if (r === undefined) return { ok: false, error: `missing request for ${resource} in container ${container} of Pod ${pod.name}` };
      requests.set(pod.name, r);
      continue;
    }
    let sum = 0;
    const counted = [...pod.containers, ...(pod.initContainers ?? []).filter((c) => c.restartPolicyAlways === true)];
    for (const c of counted) {
      const r = requestMilli(c, resource);
      if (r === undefined) return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${pod.name}` };
      sum += r;
    }
    requests.set(pod.name, sum);
  }
  return { ok: true, requests };
}
