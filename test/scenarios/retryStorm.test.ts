import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../scenarios/compile.js';
import { compressTime } from '../../scenarios/compress.js';
import { library } from '../../scenarios/library/index.js';
import { scaleScenario } from '../../scenarios/scale.js';
import { simulate } from '../../sim/run.js';

// The library's retry storm at a test size: 100 rps, 20 minutes played in 5 (outage 75 s to 150 s).
const spec = scaleScenario(compressTime(library['retry-storm']!, 4), 100);
const cfg = compileScenario(spec);
const { summary, series } = simulate(cfg);
const fault = cfg.faults[0]!;

/** Sum of a time-series column over the rows that lie inside [fromMs, toMs). */
function sumOver(column: 'arrivals' | 'retries', fromMs: number, toMs: number): number {
  const values = series.columns[column];
  const step = cfg.output.intervalMs;
  let sum = 0;
  for (let row = 0; row < values.length; row++) if (row * step >= fromMs && (row + 1) * step <= toMs) sum += values[row]!;
  return sum;
}

describe('retry storm (issuer outage, clients retry with backoff and jitter)', () => {
  it('has an outage window on authorize and a client retry policy with full jitter', () => {
    expect(fault).toMatchObject({ fromMs: 75_000, toMs: 150_000, operations: ['authorize'], errorRate: 0.5, latencyMultiplier: 4 });
    expect(cfg.client.retry).toMatchObject({ maxRetries: 3, baseMs: 100, multiplier: 2, maxBackoffMs: 2000, jitter: 1 });
  });

  it('counts retries apart from first attempts: arrivals = first attempts + retries', () => {
    expect(summary.requests.retries).toBeGreaterThan(0);
    expect(summary.requests.arrived).toBe(summary.requests.firstAttempts + summary.requests.retries);
  });

  it('during the outage the service sees more arrivals than the clients’ first attempts', () => {
    const arrivals = sumOver('arrivals', fault.fromMs, fault.toMs);
    const retries = sumOver('retries', fault.fromMs, fault.toMs);
    const firstAttempts = arrivals - retries;
    expect(retries).toBeGreaterThan(0.2 * firstAttempts);
    expect(arrivals).toBeGreaterThan(firstAttempts);
  });

  it('before the outage nobody retries, and after the recovery (plus the longest backoff chain) neither', () => {
    expect(sumOver('retries', 0, fault.fromMs)).toBe(0);
    expect(sumOver('retries', fault.toMs + 10_000, 300_000)).toBe(0);
  });

  it('the error-rate SLO is missed: the outage shows in the verdict', () => {
    expect(summary.errorRate).toBeGreaterThan(spec.slo!.errorRate!);
  });
});
