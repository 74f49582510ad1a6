import { DEFAULT_RECOMMENDER_CONFIG, type RecommenderConfig } from './config.js';
import { RecommenderState } from './recommender.js';
import type { Bytes, Millicores, Ms } from '../../units.js';

/** One row of container usage (a metrics snapshot). */
export interface UsageSample {
  atMs: Ms;
  pod: string;
  container: string;
  cpu?: Millicores;
  memory?: Bytes;
}

/** An OOM kill, with the container's memory request at the time (what the OOM observer reports). */
export interface OomEvent {
  atMs: Ms;
  pod: string;
  container: string;
  requestedMemory: Bytes;
}

export interface ReplayResult {
  state: RecommenderState;
  /** The last recommender loop time: the `now` to recommend at (undefined without samples). */
  nowMs?: Ms;
  /** Samples the loop consumed, those it never saw (superseded within one interval) and those the model rejected. */
  fed: number;
  skipped: number;
  rejected: number;
  oomsRecorded: number;
  oomsDiscarded: number;
}

/**
 * Replay recorded usage as the recommender would have seen it: its loop runs every
 * `recommenderIntervalMs` from the first sample on, and at each tick reads the latest snapshot
 * per container (older snapshots within the same interval are never seen), then drains the OOM
 * events up to the tick. Samples are sorted first; the model's own rules then drop duplicates
 * (CPU needs a strictly newer timestamp) and invalid values.
 * O(n log n) in the number of rows.
 */
export function replayUsage(
  samples: readonly UsageSample[],
  ooms: readonly OomEvent[] = [],
  config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG,
): ReplayResult {
  const state = new RecommenderState(config);
  const result: ReplayResult = { state, fed: 0, skipped: 0, rejected: 0, oomsRecorded: 0, oomsDiscarded: 0 };
  if (samples.length === 0) return result;
  const t0 = samples.reduce((m, s) => Math.min(m, s.atMs), Infinity);
  const interval = config.recommenderIntervalMs;
  const tickOf = (t: Ms): Ms => t0 + Math.max(0, Math.ceil((t - t0) / interval)) * interval;
  // Latest sample per (tick, container): what the metrics snapshot shows at that loop.
  const latest = new Map<string, UsageSample>();
  for (const s of samples) {
    const key = `${tickOf(s.atMs)}\u0000${s.pod}\u0000${s.container}`;
    const prev = latest.get(key);
    if (!prev || s.atMs >= prev.atMs) latest.set(key, s);
  }
  result.skipped = samples.length - latest.size;
  type Ev = { tick: Ms; kind: 0 | 1; pod: string; container: string; atMs: Ms; sample?: UsageSample; oom?: OomEvent };
  const events: Ev[] = [
    ...[...latest.values()].map((s): Ev => ({ tick: tickOf(s.atMs), kind: 0, pod: s.pod, container: s.container, atMs: s.atMs, sample: s })),
    ...ooms.map((o): Ev => ({ tick: tickOf(o.atMs), kind: 1, pod: o.pod, container: o.container, atMs: o.atMs, oom: o })),
  ].sort((a, b) => a.tick - b.tick || a.kind - b.kind || cmp(a.pod, b.pod) || cmp(a.container, b.container) || a.atMs - b.atMs);
  for (const e of events) {
    const ref = { pod: e.pod, container: e.container };
    if (e.sample) {
      result.fed++;
      const okCpu = e.sample.cpu === undefined || state.addCpuSample(ref, e.sample.cpu, e.atMs);
      const okMem = e.sample.memory === undefined || state.addMemorySample(ref, e.sample.memory, e.atMs);
      if (!okCpu || !okMem) result.rejected++;
    } else if (e.oom) {
      if (state.recordOom(ref, e.atMs, e.oom.requestedMemory)) result.oomsRecorded++;
      else result.oomsDiscarded++;
    }
  }
  result.nowMs = events.reduce((m, e) => Math.max(m, e.tick), -Infinity);
  return result;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
