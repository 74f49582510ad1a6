import type { KubeConfig, KubernetesObject, V1Node } from '@kubernetes/client-node';
import type { Ms } from '../../sim/units.js';
import { clusterApi, type Collection } from './clusterApi.js';
import { selectorString } from './labelSelector.js';
import { pollMetrics } from './metricsPoller.js';
import { observeDeployment, observeHpa, observeNodes, observePod, type WatchEvent } from './observe.js';
import { podUsages } from './podMetrics.js';
import { DEFAULT_BACKOFF, errorMessage, watchResource, type Backoff, type ResourceWatch } from './resourceWatch.js';
import { formatTime, TIMELINE_FORMAT_VERSION, type Observation, type RecordedResource, type TimelineKind } from './timeline.js';
import { openTimelineWriter, type TimelineWriter } from './timelineWriter.js';

export interface RecordOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  deployment: string;
  hpa?: string | undefined;
  /** Timeline file, truncated at start. */
  out: string;
  /** Pod metrics polling period; default 15 s (metrics-server's default resolution). */
  metricsIntervalMs?: Ms | undefined;
  /** Recording stops when this aborts. */
  signal: AbortSignal;
  /** Epoch milliseconds stamped on each line; default Date.now. */
  clock?: (() => number) | undefined;
  /** Restart delay of failed watches and polls; default 0.5 s doubling to 30 s. */
  backoff?: Backoff | undefined;
}

export interface RecordSummary {
  out: string;
  /** The pods' label selector, from the deployment's spec.selector. */
  selector: string;
  lines: Partial<Record<TimelineKind, number>>;
}

export const DEFAULT_METRICS_INTERVAL_MS: Ms = 15_000;

/**
 * Record a deployment, its pods, its HPA, the nodes and the pods' metrics to a timeline file
 * until `signal` aborts. Each observation is appended as it comes; watches that drop are resumed
 * (410 Gone: listed again, with a `relist` line) and failures are noted as `watchError` lines.
 * Resolves after every watch is stopped and the file is closed (its last line whole).
 * @throws InputError when the deployment or HPA does not exist; the fs error when `out` cannot be opened.
 * @example await record({ kubeConfig, namespace: 'pay', deployment: 'api', out: 'timeline.ndjson', signal })
 */
export async function record(o: RecordOptions): Promise<RecordSummary> {
  const api = clusterApi(o.kubeConfig, o.namespace, o.deployment);
  const selector = selectorString(await api.readDeploymentSelector());
  if (o.hpa !== undefined) await api.checkHpa(o.hpa);
  const clock = o.clock ?? Date.now;
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const writer = openTimelineWriter(o.out, clock);
  writer.write({
    kind: 'meta',
    formatVersion: TIMELINE_FORMAT_VERSION,
    namespace: o.namespace,
    deployment: o.deployment,
    hpa: o.hpa ?? null,
    selector,
    startTime: formatTime(clock()),
  });

  const safeWrite = guarded(writer);
  const nodes = new Map<string, V1Node>();
  const watch = <T extends KubernetesObject>(resource: RecordedResource, c: Collection<T>, onEvent: (e: WatchEvent, obj: T) => Observation): ResourceWatch =>
    watchResource<T>({
      kubeConfig: o.kubeConfig,
      ...c,
      backoff,
      onEvent: (e, obj) => safeWrite(resource, () => onEvent(e, obj)),
      onRelist: () => writer.write({ kind: 'relist', resource }),
      onError: (message, retryInMs) => writer.write({ kind: 'watchError', resource, message, retryInMs }),
    });

  const watches = [
    watch('pods', api.pods(selector), (e, pod) => observePod(pod, e)),
    watch('deployment', api.deployment(), (e, d) => observeDeployment(d, e)),
    ...(o.hpa === undefined ? [] : [watch('hpa', api.hpa(o.hpa), (e, h) => observeHpa(h, e))]),
    watch('nodes', api.nodes(), (e, node) => {
      const name = node.metadata?.name ?? '';
      if (e === 'deleted') nodes.delete(name);
      else nodes.set(name, node);
      return observeNodes([...nodes.values()]);
    }),
  ];
  const metrics = pollMetrics({
    fetch: () => api.podMetrics(selector),
    intervalMs: o.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS,
    backoff,
    signal: o.signal,
    onSample: (body) => safeWrite('podMetrics', () => ({ kind: 'podMetrics', pods: podUsages(body) })),
    onError: (err, retryInMs) => writer.write({ kind: 'watchError', resource: 'podMetrics', message: errorMessage(err), retryInMs }),
  });

  await aborted(o.signal);
  for (const w of watches) w.stop();
  await metrics;
  writer.close();
  return { out: o.out, selector, lines: writer.counts() };
}

// An object the recorder cannot read (e.g. a malformed quantity) is noted, not fatal.
function guarded(writer: TimelineWriter) {
  return (resource: RecordedResource, observe: () => Observation): void => {
    let observation: Observation;
    try {
      observation = observe();
    } catch (e) {
      observation = { kind: 'watchError', resource, message: `could not record: ${errorMessage(e)}`, retryInMs: 0 };
    }
    writer.write(observation);
  };
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
