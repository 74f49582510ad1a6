import type { Scenario } from 'k6/options';
import { parseDurationNs } from '../../sim/traffic/duration.js';
import type { ArrivalProfile } from '../../sim/traffic/stages.js';

/**
 * The simulator's arrival profile read back from a generated k6 scenario, so the simulator's
 * k6 arrival mode can be driven by the very options object k6 runs (one source of truth).
 * @throws Error for an executor other than the two arrival-rate ones, or an unparsable duration.
 * @example k6ScenarioProfile({ executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '10s', preAllocatedVUs: 1 })
 *   // { executor: 'constant-arrival-rate', rate: 10, timeUnitNs: 1e9, durationNs: 1e10 }
 */
export function k6ScenarioProfile(s: Scenario): ArrivalProfile {
  if (s.executor === 'constant-arrival-rate')
    return { executor: 'constant-arrival-rate', rate: s.rate, timeUnitNs: ns(s.timeUnit ?? '1s'), durationNs: ns(s.duration) };
  if (s.executor === 'ramping-arrival-rate')
    return { executor: 'ramping-arrival-rate', startRate: s.startRate ?? 0, timeUnitNs: ns(s.timeUnit ?? '1s'), stages: s.stages.map((st) => ({ durationNs: ns(st.duration), target: st.target })) };
  throw new Error(`k6ScenarioProfile: executor ${s.executor} has no arrival schedule`);
}

function ns(d: string): number {
  const v = parseDurationNs(d);
  if (v === undefined) throw new Error(`k6ScenarioProfile: not a k6 duration: "${d}"`);
  return v;
}
