import type { Resources } from './resourceAmount.js';
import type { Ms } from '../../units.js';

/**
 * What the updater sees of a pod (the simulator builds these from its own pods). Pods being
 * deleted or not yet scheduled must not be passed (upstream does not list them).
 */
export interface UpdaterPod {
  name: string;
  /** Owning controller (replica group), e.g. the ReplicaSet; pods without one are never disrupted. */
  owner?: string;
  phase: 'Pending' | 'Running';
  /** `status.startTime`, epoch ms; without it an in-bounds pod is never updated. */
  startTimeMs?: Ms;
  containers: UpdaterContainer[];
  /** The `vpaObservedContainers` annotation when present: other containers are ignored. */
  observedContainers?: string[];
  /** An in-place resize in flight (PodResizePending / PodResizeInProgress), since the first loop that saw it. */
  resize?: { status: ResizeStatus; sinceMs: Ms };
}

/** Upstream `ResizeStatus`: Deferred/Infeasible come from PodResizePending, InProgress/Error from PodResizeInProgress. */
export type ResizeStatus = 'Deferred' | 'Infeasible' | 'InProgress' | 'Error' | 'Unknown';

export interface UpdaterContainer {
  name: string;
  /** Current requests (the in-place resized values when resized): cpu millicores, memory bytes. */
  requests: Resources;
  limits?: Resources;
  /** `lastState.terminated` of the container status, if it terminated before. */
  lastTermination?: { reason: string; startedAtMs: Ms; finishedAtMs: Ms };
}

/** True when `container` counts for the VPA (listed in vpaObservedContainers, or no annotation). */
export function isObserved(pod: Pick<UpdaterPod, 'observedContainers'>, container: string): boolean {
  return pod.observedContainers === undefined || pod.observedContainers.includes(container);
}
