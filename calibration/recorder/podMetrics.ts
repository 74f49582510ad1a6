import { cpuMillicores, memoryBytes } from '../../k8s/quantity.js';
import { parseDurationMs } from '../../sim/traffic/duration.js';
import { isoTime } from './observe.js';
import type { PodUsage } from './timeline.js';

/**
 * The body of `GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods` (a PodMetricsList, as
 * metrics-server serves it: `{ items: [{ metadata: { name }, timestamp, window: "15.012s",
 * containers: [{ name, usage: { cpu: "12345678n", memory: "34Mi" } }] }] }`).
 */
interface PodMetricsList {
  items?: Array<{
    metadata?: { name?: string };
    timestamp?: string;
    window?: string;
    containers?: Array<{ usage?: { cpu?: string; memory?: string } }>;
  }>;
}

/**
 * Per-pod usage from a PodMetricsList: CPU (millicores, rounded up as `MilliValue()`, which is what
 * the HPA reads) and memory (bytes) summed over the pod's containers, sorted by pod name.
 * @throws InputError when a usage is not a Kubernetes quantity.
 * @example podUsages({ items: [{ metadata: { name: 'web-1' }, window: '15s', containers: [{ usage: { cpu: '250m', memory: '1Mi' } }] }] })
 *   // [{ name: 'web-1', cpuMillicores: 250, memoryBytes: 1048576, timestamp: null, windowMs: 15000 }]
 */
export function podUsages(body: unknown): PodUsage[] {
  const items = (body as PodMetricsList | null)?.items ?? [];
  const pods = items.map((item) => {
    let cpu = 0;
    let memory = 0;
    for (const c of item.containers ?? []) {
      if (c.usage?.cpu !== undefined) cpu += cpuMillicores(c.usage.cpu, 'usage.cpu');
      if (c.usage?.memory !== undefined) memory += memoryBytes(c.usage.memory, 'usage.memory');
    }
    return {
      name: item.metadata?.name ?? '',
      cpuMillicores: cpu,
      memoryBytes: memory,
      timestamp: isoTime(item.timestamp),
      windowMs: item.window === undefined ? null : (parseDurationMs(item.window) ?? null),
    };
  });
  return pods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
