import { z } from 'zod';

/**
 * The timeline NDJSON format written by `capsim record` and read by the calibration.
 * One JSON object per line; every line has `t` (RFC 3339 with milliseconds, the recorder's clock
 * when it observed the change) and `kind`. The first line is always `meta`.
 * Absent Kubernetes fields are written as `null` (never omitted) so every line of a kind has one shape.
 * Timestamps copied from the API (`creationTimestamp`, conditions) keep the API's one-second resolution.
 */

/** Bumped when a line changes shape; the reader rejects other versions. */
export const TIMELINE_FORMAT_VERSION = 1;

const time = z.iso.datetime({ offset: true });
const nullableTime = time.nullable();
const watchEvent = z.enum(['added', 'modified', 'deleted']);
const count = z.number().int().nonnegative();

/** What the recorder watches; the source named in `watchError` and `relist` lines. */
export const RESOURCES = ['pods', 'deployment', 'hpa', 'nodes', 'podMetrics'] as const;
export type RecordedResource = (typeof RESOURCES)[number];

export const metaLine = z.object({
  t: time,
  kind: z.literal('meta'),
  formatVersion: z.literal(TIMELINE_FORMAT_VERSION),
  namespace: z.string().min(1),
  deployment: z.string().min(1),
  hpa: z.string().nullable(),
  /** The label selector the pods were filtered with (from the deployment's spec.selector). */
  selector: z.string(),
  startTime: time,
});

export const podLine = z.object({
  t: time,
  kind: z.literal('pod'),
  event: watchEvent,
  name: z.string(),
  phase: z.string().nullable(),
  ready: z.boolean(),
  /** lastTransitionTime of the Ready condition, whatever its status. */
  readyTransitionTime: nullableTime,
  startTime: nullableTime,
  creationTimestamp: nullableTime,
  deletionTimestamp: nullableTime,
  node: z.string().nullable(),
  /** Sum of restartCount over the pod's containers. */
  restarts: count,
  /** Sum over regular containers; null when no container requests the resource. */
  requests: z.object({ cpuMillicores: z.number().nullable(), memoryBytes: z.number().nullable() }),
});

export const deploymentLine = z.object({
  t: time,
  kind: z.literal('deployment'),
  event: watchEvent,
  name: z.string(),
  specReplicas: count.nullable(),
  replicas: count,
  readyReplicas: count,
  updatedReplicas: count,
  availableReplicas: count,
});

const hpaCondition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: nullableTime,
});

export const hpaLine = z.object({
  t: time,
  kind: z.literal('hpa'),
  event: watchEvent,
  name: z.string(),
  currentReplicas: count,
  desiredReplicas: count,
  /** status.currentMetrics as the API returned them (autoscaling/v2 MetricStatus objects). */
  currentMetrics: z.array(z.unknown()),
  conditions: z.array(hpaCondition),
  lastScaleTime: nullableTime,
});

export const nodesLine = z.object({
  t: time,
  kind: z.literal('nodes'),
  ready: count,
  total: count,
  /** status.allocatable summed over all nodes. */
  allocatable: z.object({ cpuMillicores: z.number(), memoryBytes: z.number(), pods: z.number() }),
});

const podUsage = z.object({
  name: z.string(),
  cpuMillicores: z.number(),
  memoryBytes: z.number(),
  /** When metrics-server sampled the pod (the end of the window). */
  timestamp: nullableTime,
  /** The window the usage is averaged over, e.g. 15000 for `15s`; null when absent or unparsable. */
  windowMs: z.number().nullable(),
});

export const podMetricsLine = z.object({ t: time, kind: z.literal('podMetrics'), pods: z.array(podUsage) });

export const watchErrorLine = z.object({
  t: time,
  kind: z.literal('watchError'),
  resource: z.enum(RESOURCES),
  message: z.string(),
  /** How long the recorder waits before it watches (or polls) again. */
  retryInMs: z.number().nonnegative(),
});

export const relistLine = z.object({ t: time, kind: z.literal('relist'), resource: z.enum(RESOURCES) });

export const timelineLine = z.discriminatedUnion('kind', [
  metaLine,
  podLine,
  deploymentLine,
  hpaLine,
  nodesLine,
  podMetricsLine,
  watchErrorLine,
  relistLine,
]);

export type MetaLine = z.infer<typeof metaLine>;
export type PodLine = z.infer<typeof podLine>;
export type DeploymentLine = z.infer<typeof deploymentLine>;
export type HpaLine = z.infer<typeof hpaLine>;
export type NodesLine = z.infer<typeof nodesLine>;
export type PodMetricsLine = z.infer<typeof podMetricsLine>;
export type PodUsage = z.infer<typeof podUsage>;
export type WatchErrorLine = z.infer<typeof watchErrorLine>;
export type RelistLine = z.infer<typeof relistLine>;
export type TimelineLine = z.infer<typeof timelineLine>;
export type TimelineKind = TimelineLine['kind'];
/** A line before the recorder stamps it with `t`. */
export type Observation = TimelineLine extends infer L ? (L extends TimelineLine ? Omit<L, 't'> : never) : never;

/**
 * Format epoch milliseconds as the timeline's `t`: RFC 3339, UTC, milliseconds.
 * @example formatTime(0) // '1970-01-01T00:00:00.000Z'
 */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
