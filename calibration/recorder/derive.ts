import type { Ms } from '../../sim/units.js';
import type { DeploymentLine, PodLine, TimelineLine } from './timeline.js';

/** One pod's start-up, creation -> Ready. */
export interface PodStartup {
  name: string;
  creationTimestamp: string;
  /** The Ready condition's lastTransitionTime when the pod was first seen Ready. */
  readyTransitionTime: string;
  /** readyTransitionTime - creationTimestamp, from the API's timestamps (one-second resolution). */
  delayMs: Ms;
  /** Recorder clock: first seen Ready minus first seen; null when the pod was already Ready when first seen. */
  observedDelayMs: Ms | null;
}

/** The deployment's replica counts from one `deployment` line on. */
export interface ReplicasPoint {
  t: string;
  specReplicas: number | null;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/**
 * Per-pod start-up delay, in the order the pods became Ready. Pods never seen Ready, or without
 * the timestamps, are left out. A pod that was Ready, became unready and Ready again counts once
 * (its first Ready). O(n) in lines.
 * @example podStartups(lines) // [{ name: 'api-7d9-x', delayMs: 41000, observedDelayMs: 40871, ... }]
 */
export function podStartups(lines: readonly TimelineLine[]): PodStartup[] {
  const firstSeen = new Map<string, PodLine>();
  const done = new Set<string>();
  const out: PodStartup[] = [];
  for (const line of lines) {
    if (line.kind !== 'pod' || done.has(line.name)) continue;
    const first = firstSeen.get(line.name) ?? line;
    firstSeen.set(line.name, first);
    if (!line.ready || line.creationTimestamp === null || line.readyTransitionTime === null) continue;
    done.add(line.name);
    out.push({
      name: line.name,
      creationTimestamp: line.creationTimestamp,
      readyTransitionTime: line.readyTransitionTime,
      delayMs: Date.parse(line.readyTransitionTime) - Date.parse(line.creationTimestamp),
      observedDelayMs: first.ready ? null : Date.parse(line.t) - Date.parse(first.t),
    });
  }
  return out;
}

/**
 * The deployment's replicas over time, one point per change (repeats, e.g. after a relist, are
 * dropped; a deletion ends nothing, it is not a count).
 * @example replicasOverTime(lines) // [{ t: '2026-11-25T18:00:00.000Z', specReplicas: 2, readyReplicas: 2, ... }, ...]
 */
export function replicasOverTime(lines: readonly TimelineLine[]): ReplicasPoint[] {
  const out: ReplicasPoint[] = [];
  for (const line of lines) {
    if (line.kind !== 'deployment' || line.event === 'deleted') continue;
    const point = pointOf(line);
    const last = out[out.length - 1];
    if (last === undefined || !sameCounts(last, point)) out.push(point);
  }
  return out;
}

function pointOf(d: DeploymentLine): ReplicasPoint {
  return { t: d.t, specReplicas: d.specReplicas, replicas: d.replicas, readyReplicas: d.readyReplicas, availableReplicas: d.availableReplicas };
}

function sameCounts(a: ReplicasPoint, b: ReplicasPoint): boolean {
  return a.specReplicas === b.specReplicas && a.replicas === b.replicas && a.readyReplicas === b.readyReplicas && a.availableReplicas === b.availableReplicas;
}
