import type { Ms } from '../../units.js';
import type { ScaleEvent, ScalingPolicy, ScalingRules } from './types.js';

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

/** Σ replicaChange of events strictly after `now - periodSeconds` (horizontal.go `getReplicasChangePerPeriod`). */
export function replicasChangeIn(periodSeconds: number, events: readonly ScaleEvent[], now: Ms): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

/** A policy's proposal and the replica count at the start of its period, for explanations. */
export interface PolicyProposal {
  readonly policy: ScalingPolicy;
  readonly periodStartReplicas: number;
  readonly proposed: number;
}

export interface RateLimit {
  readonly limit: number;
  readonly proposals: readonly PolicyProposal[];
  /** The policy that produced `limit` (undefined when Disabled or no policies). */
  readonly chosen?: PolicyProposal;
}

/**
 * Scale-up limit (horizontal.go `calculateScaleUpLimitWithScalingRules`): per policy,
 * `start = cur - upChangeIn(period) + downChangeIn(period)`; Pods `start + value`, Percent
 * `ceil(start × (1 + value/100))`; Max picks the largest, Min the smallest; Disabled -> `cur`.
 * @example scaleUpLimit(10, [], [], { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }, 0).limit // 20
 */
export function scaleUpLimit(cur: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: ScalingRules, now: Ms): RateLimit {
  if (rules.selectPolicy === 'Disabled') return { limit: cur, proposals: [] };
  const proposals = rules.policies.map((p) => {
    const start = cur - replicasChangeIn(p.periodSeconds, upEvents, now) + replicasChangeIn(p.periodSeconds, downEvents, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    return { policy: p, periodStartReplicas: start, proposed };
  });
  return pick(proposals, rules.selectPolicy === 'Min' ? 'min' : 'max', rules.selectPolicy === 'Min' ? MAX_INT32 : MIN_INT32);
}

/**
 * Scale-down limit (horizontal.go `calculateScaleDownLimitWithBehaviors`): Pods `start - value`,
 * Percent `trunc(start × (1 - value/100))`; Max (largest change) picks the smallest, Min the largest.
 * @example scaleDownLimit(5, [], [], { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] }, 0).limit // 3
 */
export function scaleDownLimit(cur: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: ScalingRules, now: Ms): RateLimit {
  if (rules.selectPolicy === 'Disabled') return { limit: cur, proposals: [] };
  const proposals = rules.policies.map((p) => {
    const start = cur - replicasChangeIn(p.periodSeconds, upEvents, now) + replicasChangeIn(p.periodSeconds, downEvents, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    return { policy: p, periodStartReplicas: start, proposed };
  });
  return pick(proposals, rules.selectPolicy === 'Min' ? 'max' : 'min', rules.selectPolicy === 'Min' ? MIN_INT32 : MAX_INT32);
}

function pick(proposals: PolicyProposal[], fn: 'min' | 'max', initial: number): RateLimit {
  let limit = initial;
  let chosen: PolicyProposal | undefined;
  for (const p of proposals) {
    if (fn === 'max' ? p.proposed > limit : p.proposed < limit) {
      limit = p.proposed;
      chosen = p;
    }
  }
  return chosen ? { limit, proposals, chosen } : { limit, proposals };
}

/**
 * Record a successful rescale (horizontal.go `storeScaleEvent`, behavior HPAs only): events of that
 * direction older than the longest policy period are marked outdated, and the LAST outdated slot is
 * overwritten with the new event, else it is appended.
 */
export function storeScaleEvent(events: readonly ScaleEvent[], rules: ScalingRules, change: number, now: Ms): ScaleEvent[] {
  const longest = rules.policies.reduce((m, p) => Math.max(m, p.periodSeconds), 0);
  const cutoff = now - longest * 1000;
  const next = events.map((e) => (e.timestamp < cutoff ? { ...e, outdated: true } : e));
  const oldIndex = next.findLastIndex((e) => e.outdated);
  const event: ScaleEvent = { replicaChange: change, timestamp: now, outdated: false };
  if (oldIndex >= 0) next[oldIndex] = event;
  else next.push(event);
  return next;
}
