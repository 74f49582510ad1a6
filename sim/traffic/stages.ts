import type { Ms } from '../units.js';

/**
 * An arrival-rate profile in k6's ramping-arrival-rate vocabulary: the rate starts at
 * `startRate` iterations per `timeUnit` and moves linearly to each stage's `target` over the
 * stage's duration (a 0-duration stage is a jump). Durations are whole nanoseconds so the k6
 * schedule can be reproduced to the nanosecond.
 */
export interface RampingProfile {
  executor: 'ramping-arrival-rate';
  startRate: number;
  timeUnitNs: number;
  stages: ReadonlyArray<{ durationNs: number; target: number }>;
}

/** k6's constant-arrival-rate: `rate` per `timeUnit` for `duration`, first start at t = 0. */
export interface ConstantProfile {
  executor: 'constant-arrival-rate';
  rate: number;
  timeUnitNs: number;
  durationNs: number;
}

export type ArrivalProfile = RampingProfile | ConstantProfile;

/** One linear piece of the rate curve, in arrivals per millisecond. */
export interface RateSegment {
  startMs: Ms;
  durationMs: Ms;
  fromPerMs: number;
  toPerMs: number;
  /** Expected arrivals before this segment starts (the area under the curve so far). */
  areaBefore: number;
}

/** The regular duration of a profile (k6: sum of stage durations, or `duration`). */
export function profileDurationMs(p: ArrivalProfile): Ms {
  if (p.executor === 'constant-arrival-rate') return p.durationNs / 1e6;
  let ns = 0;
  for (const s of p.stages) ns += s.durationNs;
  return ns / 1e6;
}

/** The rate curve as linear segments (constant profiles are one flat segment). */
export function rateSegments(p: ArrivalProfile): RateSegment[] {
  const perMs = (r: number): number => (r / p.timeUnitNs) * 1e6;
  if (p.executor === 'constant-arrival-rate') {
    const r = perMs(p.rate);
    return [{ startMs: 0, durationMs: p.durationNs / 1e6, fromPerMs: r, toPerMs: r, areaBefore: 0 }];
  }
  const out: RateSegment[] = [];
  let from = perMs(p.startRate);
  let startNs = 0;
  let area = 0;
  for (const s of p.stages) {
    const to = perMs(s.target);
    const durationMs = s.durationNs / 1e6;
    out.push({ startMs: startNs / 1e6, durationMs, fromPerMs: from, toPerMs: to, areaBefore: area });
    area += (durationMs * (from + to)) / 2;
    from = to;
    startNs += s.durationNs;
  }
  return out;
}

/** Arrival rate at time t (per second); after the end, 0. Within a 0-length jump, the new value. */
export function rateAt(segments: readonly RateSegment[], tMs: Ms): number {
  for (const s of segments) {
    if (tMs < s.startMs + s.durationMs) {
      if (tMs < s.startMs) return 0;
      const f = s.durationMs === 0 ? 1 : (tMs - s.startMs) / s.durationMs;
      return (s.fromPerMs + (s.toPerMs - s.fromPerMs) * f) * 1000;
    }
  }
  return 0;
}

/** Expected number of arrivals over the whole profile (the area under the rate curve). */
export function totalArea(segments: readonly RateSegment[]): number {
  const last = segments[segments.length - 1];
  return last === undefined ? 0 : last.areaBefore + (last.durationMs * (last.fromPerMs + last.toPerMs)) / 2;
}

/** Peak rate per second over the profile. */
export function peakRatePerSecond(segments: readonly RateSegment[]): number {
  let peak = 0;
  for (const s of segments) peak = Math.max(peak, s.fromPerMs, s.toPerMs);
  return peak * 1000;
}
