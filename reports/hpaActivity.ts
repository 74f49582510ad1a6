import { duration } from './format.js';
import type { RunEvent } from './runRecord.js';

/**
 * How long the HPA could not act, read from its ScalingActive condition as the simulator reports
 * it (`ScalingActive:<reason>` events, emitted when the condition's reason changes, as
 * `kubectl describe hpa` shows them), with the cause in words and the fix.
 */
export interface HpaInactivity {
  /** Seconds of traffic during which ScalingActive was False. */
  inactiveSeconds: number;
  trafficSeconds: number;
  /** True when the HPA could not act for (almost) the whole run. */
  whole: boolean;
  /** The last failure's upstream reason and message (e.g. `FailedGetResourceMetric`). */
  reason: string;
  message: string;
  /** The cause in a few words, e.g. `no CPU requests on the target's containers`. */
  cause: string;
  fix: string;
}

/** Below this share of the traffic an inactive HPA is a start-up transient (no metrics yet), not a finding. */
const REPORTED_SHARE = 0.1;
/** From this share on, the HPA is called inactive for the run (not "for a while"). */
const WHOLE_SHARE = 0.9;

/**
 * The HPA's inactivity over the traffic window, or null when it was active (or absent): the time
 * ScalingActive was False, counted from each `ScalingActive:<not ValidMetricFound>` event to the
 * next `ScalingActive:ValidMetricFound`, clipped to [0, trafficSeconds].
 * @example hpaInactivity([{ tMs: 0, source: 'hpa', reason: 'ScalingActive:FailedGetResourceMetric', message: '...' }], 600)?.whole // true
 */
export function hpaInactivity(events: readonly RunEvent[], trafficSeconds: number): HpaInactivity | null {
  if (!(trafficSeconds > 0)) return null;
  const endMs = trafficSeconds * 1000;
  let since: number | null = null;
  let inactiveMs = 0;
  let failure: RunEvent | null = null;
  for (const e of events) {
    if (e.source !== 'hpa' || e.tMs > endMs) continue;
    const condition = e.reason.startsWith('ScalingActive:');
    if (condition && e.reason === 'ScalingActive:ValidMetricFound') {
      if (since !== null) inactiveMs += e.tMs - since;
      since = null;
      continue;
    }
    if (condition && since === null) since = e.tMs;
    // The latest failure while inactive says why (the condition keeps its first message when only the message changes).
    if (since !== null && (condition || (e.reason.startsWith('Failed') && e.reason !== 'FailedComputeMetricsReplicas'))) failure = e;
  }
  if (since !== null) inactiveMs += Math.max(0, endMs - since);
  const inactiveSeconds = inactiveMs / 1000;
  if (inactiveSeconds < REPORTED_SHARE * trafficSeconds || failure === null) return null;
  const reason = failure.reason.replace(/^ScalingActive:/, '');
  return { inactiveSeconds, trafficSeconds, whole: inactiveSeconds >= WHOLE_SHARE * trafficSeconds, reason, message: failure.message, ...causeAndFix(reason, failure.message) };
}

/** The cause of an upstream failure message in words, and what to change. */
function causeAndFix(reason: string, message: string): { cause: string; fix: string } {
  const missing = /missing request for (\w+) in container (\S+) of Pod/.exec(message);
  if (missing !== null) {
    const [, resource, container] = missing as unknown as [string, string, string];
    const name = resource === 'cpu' ? 'CPU' : resource;
    return {
      cause: `no ${name} requests on the target's containers`,
      fix: `set resources.requests.${resource} on every container of the target (container "${container}" has none): a Utilization target is a percentage of the request, so without one the HPA cannot compute a replica count and never scales.`,
    };
  }
  if (/resource metrics API/.test(message))
    return { cause: 'no metrics from the resource metrics API', fix: 'make metrics-server (metrics.k8s.io) serve the pods\' usage: the HPA keeps the current replica count while it has none.' };
  if (reason === 'ScalingDisabled')
    return { cause: 'the target has 0 replicas, so scaling is disabled', fix: 'give the target at least one replica (spec.replicas ≥ 1) or remove the HPA.' };
  return { cause: `the HPA could not compute a replica count (${reason})`, fix: 'correct the metric the message names; until then the HPA keeps the current replica count.' };
}

/** The headline in words, e.g. `HPA inactive: no CPU requests on the target's containers`. */
export function inactivityHeadline(x: HpaInactivity): string {
  return x.whole ? `HPA inactive: ${x.cause}` : `HPA inactive for ${duration(x.inactiveSeconds)} of ${duration(x.trafficSeconds)}: ${x.cause}`;
}
