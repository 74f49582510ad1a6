import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { RunReplay } from '../replay.js';

/**
 * Requests that started within CLOSE_MS of the previous request on the same pod. Below
 * saturation these are the only requests whose latency shows the CPU time of another request
 * (k6's arrival-rate starts are evenly spaced, so CPU queueing is otherwise ~0 up to ~80 % CPU):
 * their mean latency, grouped by the operation of the request before them, is what identifies
 * each operation's CPU time from k6 data alone.
 */
export const CLOSE_MS = 6;
/** Groups with fewer requests are left out (their mean is too noisy to be worth a term). */
const MIN_GROUP = 5;

/** One group: the indices (into the replay) of close-following requests after operation `prevOp`. */
export interface CrowdingGroup {
  prevOp: number;
  indices: number[];
  /** Measured mean k6 duration (ms) and its standard error. */
  meanMs: number;
  standardError: number;
}

/**
 * The close-following groups of a run, 2xx answers only. Pods are assigned round-robin in
 * start order, so the previous request on the same pod is `replicas` starts earlier. O(n).
 * @example crowdingGroups(mid, 1).map((g) => g.indices.length) // [≈300, ≈90, ≈40]
 */
export function crowdingGroups(r: RunReplay, replicas: number): CrowdingGroup[] {
  const by = new Map<number, number[]>();
  for (let i = replicas; i < r.timesMs.length; i++) {
    const s = r.status[i] as number;
    if (s < 200 || s >= 300) continue;
    if ((r.timesMs[i] as number) - (r.timesMs[i - replicas] as number) >= CLOSE_MS) continue;
    const prev = r.ops[i - replicas] as number;
    (by.get(prev) ?? by.set(prev, []).get(prev)!).push(i);
  }
  const out: CrowdingGroup[] = [];
  for (const [prevOp, indices] of [...by.entries()].sort((a, b) => a[0] - b[0])) {
    if (indices.length < MIN_GROUP) continue;
    const d = indices.map((i) => r.durationMs[i] as number);
    out.push({ prevOp, indices, meanMs: mean(d), standardError: sampleStandardDeviation(d) / Math.sqrt(d.length) });
  }
  return out;
}
