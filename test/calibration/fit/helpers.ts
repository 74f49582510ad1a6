import type { RunReplay } from '../../../calibration/replay.js';
import { join } from 'node:path';
import { SHARED_FIXTURES } from '../../support/shared.js';

export const CALIBRATION = join(SHARED_FIXTURES, 'calibration');
export const SCENARIOS = 'test/fixtures/calibration-scenarios';
export const OPS = ['authorize', 'capture', 'refund'] as const;

/** A hand-made replay: starts (ms), operation indices, durations; all 200 unless `status` says. */
export function replayOf(timesMs: number[], ops: number[], durationMs: number[], status?: number[]): RunReplay {
  const st = status ?? timesMs.map(() => 200);
  return {
    file: 'synthetic.ndjson',
    scenarios: ['pay'],
    operations: OPS,
    timesMs: Float64Array.from(timesMs),
    ops: Int32Array.from(ops),
    durationMs: Float64Array.from(durationMs),
    status: Uint16Array.from(st),
    failed: Uint8Array.from(st.map((s) => (s >= 200 && s < 400 ? 0 : 1))),
    startEpochMs: 1_800_000_000_000,
    droppedIterations: 0,
    lastEndMs: timesMs.map((t, i) => t + (durationMs[i] as number)).reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

/** The truth of a fixture run (ground truth: used only to score the fit, never as its input). */
export interface Truth {
  service: { W_per_replica: number; cpu_ms: Record<string, number>; downstream_lognormal: { median_ms: Record<string, number>; sigma: number } };
  calibration_summary: {
    cpu_ms_consumed_in_busy_loop_mean: Record<string, number>;
    non_burn_cpu_ms_per_request_by_replica: Record<string, number>;
    effective_cpu_ms_per_request_mean: number;
  };
}
