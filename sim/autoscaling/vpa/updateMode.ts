import type { UpdateMode } from './vpaSpec.js';

/**
 * What each update mode lets the VPA do (vpa.md §11): apply recommendations when pods are
 * created (all but Off), evict running pods (Recreate, Auto, InPlaceOrRecreate as a fallback)
 * and resize running pods in place (InPlaceOrRecreate, InPlace).
 */
export interface ModeCapabilities {
  /** The admission controller sets requests on new pods. */
  appliesAtCreation: boolean;
  /** The updater processes running pods at all. */
  updatesRunningPods: boolean;
  /** Running pods may be resized in place. */
  inPlace: boolean;
  /** Running pods may be evicted. */
  evicts: boolean;
}

const CAPABILITIES: Record<UpdateMode, ModeCapabilities> = {
  Off: { appliesAtCreation: false, updatesRunningPods: false, inPlace: false, evicts: false },
  Initial: { appliesAtCreation: true, updatesRunningPods: false, inPlace: false, evicts: false },
  Recreate: { appliesAtCreation: true, updatesRunningPods: true, inPlace: false, evicts: true },
  // Deprecated alias of Recreate since VPA 1.5.0.
  Auto: { appliesAtCreation: true, updatesRunningPods: true, inPlace: false, evicts: true },
  InPlaceOrRecreate: { appliesAtCreation: true, updatesRunningPods: true, inPlace: true, evicts: true },
  InPlace: { appliesAtCreation: true, updatesRunningPods: true, inPlace: true, evicts: false },
};

/** @example modeCapabilities('Initial').evicts // false */
export function modeCapabilities(mode: UpdateMode): ModeCapabilities {
  return CAPABILITIES[mode];
}
