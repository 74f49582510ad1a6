import { formatDuration, parseDurationMs } from '../sim/traffic/duration.js';
import type { ScenarioSpec } from './schema.js';

/**
 * The scenario played `factor` times faster: stage durations, the constant executor's duration
 * and the fault windows divided by `factor`, rates unchanged (k6's TIME_COMPRESSION, for the
 * simulator). Request-level times (service times, timeouts, retry backoff) are not compressed:
 * a request takes as long as it takes. Durations are rounded to whole milliseconds.
 * @throws Error when `factor` is not a positive number.
 * @example compressTime(blackFriday, 60) // the 24 h day in 24 minutes
 */
export function compressTime(spec: ScenarioSpec, factor: number): ScenarioSpec {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new Error(`compressTime: expected a factor > 0, got ${factor}`);
  const c = (d: string | number): string => formatDuration(Math.round((parseDurationMs(d) as number) / factor));
  const t = spec.traffic;
  const traffic: ScenarioSpec['traffic'] = { ...t };
  if (t.stages !== undefined) traffic.stages = t.stages.map((s) => ({ duration: c(s.duration), target: s.target }));
  if (t.duration !== undefined) traffic.duration = c(t.duration);
  const out: ScenarioSpec = { ...spec, traffic };
  if (spec.faults !== undefined) out.faults = spec.faults.map((f) => ({ ...f, from: c(f.from), to: c(f.to) }));
  return out;
}
