import { describe, expect, it } from 'vitest';
import { rfc3339ToMs, csvTimeToMs } from '../../../calibration/k6/timestamp.js';

describe('rfc3339ToMs: Go RFC3339Nano as k6 writes it, sub-ms kept (Date.parse would drop it)', () => {
  const base = Date.UTC(2026, 10, 25, 17, 4, 0);
  it.each([
    ['nanoseconds, Z', '2026-11-25T17:04:00.841680538Z', base + 841.680538],
    ['trailing zeros dropped (5 digits), -03:00', '2026-11-25T14:04:00.80655-03:00', base + 806.55],
    ['microseconds only, +05:30', '2026-11-25T22:34:00.000001+05:30', base + 0.001],
    ['no fraction', '2026-11-25T17:04:00Z', base],
    ['lower-case z and t', '2026-11-25t17:04:00.5z', base + 500],
  ])('%s', (_name, text, ms) => {
    expect(rfc3339ToMs(text)).toBeCloseTo(ms, 3);
  });
  it('keeps the sub-ms part that Date.parse loses', () => {
    expect(rfc3339ToMs('2026-11-25T17:04:00.841680538Z') - Date.parse('2026-11-25T17:04:00.841680538Z')).toBeCloseTo(0.680538, 3);
  });
  it.each(['2026-11-25 17:04', 'yesterday', '2026-11-25T17:04:00', ''])('%j is NaN', (text) => {
    expect(rfc3339ToMs(text)).toBeNaN();
  });
});

describe('csvTimeToMs: every k6 CSV timeFormat', () => {
  it.each([
    ['unix (default)', '1795627802', 1795627802000],
    ['unix_milli', '1795627802506', 1795627802506],
    ['unix_micro', '1795627802506120', 1795627802506.12],
    ['unix_nano', '1795627802506120933', 1795627802506.121],
    ['rfc3339_nano', '2026-11-25T17:30:02.506120933Z', 1795627802506.121],
  ])('%s', (_name, cell, ms) => {
    expect(csvTimeToMs(cell)).toBeCloseTo(ms, 3);
  });
});
