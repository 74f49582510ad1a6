import type { ConstantProfile, RampingProfile } from './stages.js';

/**
 * Iteration start times exactly as k6 computes them, in integer nanoseconds from the start of
 * the scenario (ported from grafana/k6 lib/executor/ramping_arrival_rate.go `cal`, v0.48.0;
 * unsegmented execution, segment 0:1).
 *
 * Iteration n (from 1) starts when the area under the rate curve reaches n. The float64
 * operation order is k6's, and the result is truncated toward zero as Go's time.Duration(x) does,
 * so the numbers match k6's to the nanosecond (e.g. 5499999999 ns, not 5.5 s, for the upstream
 * TestRampingArrivalRateCal case).
 *
 * The generator yields every start k6 computes, including one that lands exactly on the end of
 * the last stage; k6's run loop does not start that one (see `k6RegularStarts`).
 */
export function* k6RampingStartsNs(p: RampingProfile): Generator<number> {
  const timeUnit = p.timeUnitNs;
  let from = p.startRate / timeUnit;
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let i = 1;
  for (const stage of p.stages) {
    const to = stage.target / timeUnit;
    const dur = stage.durationNs;
    if (from !== to) {
      endCount += dur * ((to - from) / 2 + from);
      for (; i <= endCount; i += 1) {
        const x = (from * dur - noNegativeSqrt(dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from)))) / (from - to);
        yield Math.trunc(x) + stageStart;
      }
    } else {
      endCount += dur * to;
      for (; i <= endCount; i += 1) yield Math.trunc((i - doneSoFar) / to) + stageStart;
    }
    doneSoFar = endCount;
    from = to;
    stageStart += stage.durationNs;
  }
}

/**
 * constant-arrival-rate: period = trunc(timeUnit / rate) ns, iteration k (from 0) at k·period,
 * while k·period < duration (k6 grafana/k6 lib/executor/constant_arrival_rate.go).
 */
export function* k6ConstantStartsNs(p: ConstantProfile): Generator<number> {
  if (p.rate <= 0) return;
  const period = Math.trunc(p.timeUnitNs / p.rate);
  if (period <= 0) return;
  for (let t = 0; t < p.durationNs; t += period) yield t;
}

/**
 * The starts k6 actually runs: the computed schedule without the start that falls exactly on
 * the regular deadline (k6 checks the deadline first; in real runs that start was skipped).
 */
export function* k6RegularStarts(p: RampingProfile | ConstantProfile): Generator<number> {
  if (p.executor === 'constant-arrival-rate') {
    yield* k6ConstantStartsNs(p);
    return;
  }
  let end = 0;
  for (const s of p.stages) end += s.durationNs;
  for (const t of k6RampingStartsNs(p)) if (t < end) yield t;
}

// k6 guards against tiny negative arguments produced by float rounding on some platforms.
function noNegativeSqrt(f: number): number {
  return f >= 0 && !Object.is(f, -0) ? Math.sqrt(f) : 0;
}
