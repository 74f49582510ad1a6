import type { ScenarioSpec } from '../scenarios/schema.js';
import { parseDurationMs } from '../sim/traffic/duration.js';
import type { RunSummary } from '../sim/results.js';

/** What SLOs are checked on: a run's summary, or the screening model's (same names and units). */
export type SloFigures = Pick<RunSummary, 'latencyMs' | 'errorRate'> & { perOperation: Record<string, { latencyMs: RunSummary['latencyMs'] }> };

/** One SLO checked against a run: target and predicted value in the same unit. */
export interface SloVerdict {
  /** `authorize`, `overall`... */
  scope: string;
  /** `p99 latency`, `error rate`. */
  objective: string;
  unit: 'ms' | 'ratio';
  target: number;
  predicted: number;
  pass: boolean;
  /** Relative margin: (target − predicted) / target; negative when missed. */
  margin: number;
}

const PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;

/**
 * Check a run against the scenario's SLOs: latency percentiles per operation (or `overall`) on
 * 2xx answers, and the error rate (rejections, 5xx and timeouts over all answers).
 */
export function evaluateSlos(summary: SloFigures, slo: ScenarioSpec['slo']): SloVerdict[] {
  const out: SloVerdict[] = [];
  for (const [scope, targets] of Object.entries(slo?.latency ?? {})) {
    const lat = scope === 'overall' ? summary.latencyMs : summary.perOperation[scope]?.latencyMs;
    if (lat === undefined) continue;
    for (const p of PERCENTILES) {
      const t = targets[p];
      if (t === undefined) continue;
      out.push(verdict(scope, `${p} latency`, 'ms', parseDurationMs(t) as number, lat[p]));
    }
  }
  if (slo?.errorRate !== undefined) out.push(verdict('overall', 'error rate', 'ratio', slo.errorRate, summary.errorRate));
  return out;
}

function verdict(scope: string, objective: string, unit: SloVerdict['unit'], target: number, predicted: number): SloVerdict {
  const margin = target > 0 ? (target - predicted) / target : predicted <= target ? 0 : -Infinity;
  return { scope, objective, unit, target, predicted, pass: predicted <= target, margin };
}

/** The smallest margin over all verdicts (the worst-case SLO margin), or +Infinity when none. */
export function worstMargin(verdicts: readonly SloVerdict[]): number {
  let m = Infinity;
  for (const v of verdicts) m = Math.min(m, v.margin);
  return m;
}
