import type { Ms } from '../../units.js';
import type { TimestampedRecommendation } from './types.js';

/** Result of a stabilization step: the value to use and the updated recommendation log. */
export interface Stabilized {
  readonly replicas: number;
  readonly recommendations: readonly TimestampedRecommendation[];
}

/**
 * Legacy downscale stabilization (horizontal.go `stabilizeRecommendation`): the max of the raw
 * proposal and every recommendation not older than `windowMs`. The raw proposal is recorded,
 * reusing the LAST slot older than the window, else appended.
 * @example stabilizeLegacy([{ replicas: 5, timestamp: 0 }], 3, 60_000, 300_000).replicas // 5
 */
export function stabilizeLegacy(recs: readonly TimestampedRecommendation[], desired: number, now: Ms, windowMs: Ms): Stabilized {
  const cutoff = now - windowMs;
  let max = desired;
  let oldIndex = -1;
  recs.forEach((r, i) => {
    if (r.timestamp < cutoff) oldIndex = i;
    else if (r.replicas > max) max = r.replicas;
  });
  return { replicas: max, recommendations: record(recs, oldIndex, { replicas: desired, timestamp: now }) };
}

/**
 * Stabilization with behavior (horizontal.go `stabilizeRecommendationWithBehaviors`):
 * `clamp(current, min(up-window recs ∪ {d}), max(down-window recs ∪ {d}))`. A record counts for a
 * window when strictly after its cutoff; a slot is reused when strictly before both cutoffs.
 * @example stabilizeWithBehavior([], 100, 5, 0, 0, 300_000).replicas // 5
 */
export function stabilizeWithBehavior(
  recs: readonly TimestampedRecommendation[],
  current: number,
  desired: number,
  now: Ms,
  upWindowMs: Ms,
  downWindowMs: Ms,
): Stabilized & { readonly upRecommendation: number; readonly downRecommendation: number } {
  const upCutoff = now - upWindowMs;
  const downCutoff = now - downWindowMs;
  let up = desired;
  let down = desired;
  let oldIndex = -1;
  recs.forEach((r, i) => {
    if (r.timestamp > upCutoff) up = Math.min(up, r.replicas);
    if (r.timestamp > downCutoff) down = Math.max(down, r.replicas);
    if (r.timestamp < upCutoff && r.timestamp < downCutoff) oldIndex = i;
  });
  let replicas = current;
  if (replicas < up) replicas = up;
  if (replicas > down) replicas = down;
  return { replicas, upRecommendation: up, downRecommendation: down, recommendations: record(recs, oldIndex, { replicas: desired, timestamp: now }) };
}

function record(recs: readonly TimestampedRecommendation[], oldIndex: number, rec: TimestampedRecommendation): TimestampedRecommendation[] {
  const next = [...recs];
  if (oldIndex >= 0) next[oldIndex] = rec;
  else next.push(rec);
  return next;
}
