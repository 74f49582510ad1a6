import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationMs, parseDurationNs } from '../../../sim/traffic/duration.js';

describe('k6 durations', () => {
  it.each([
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['2h45m10s', 9_910_000],
    ['1d', 86_400_000],
    ['0', 0],
    ['250', 250],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['10 minutes', '1x', 'm', '-5s', '', '1h 30m'])('"%s" is not a duration', (text) => {
    expect(parseDurationNs(text)).toBeUndefined();
  });

  it('parses to whole nanoseconds', () => {
    expect(parseDurationNs('1s')).toBe(1e9);
    expect(parseDurationNs('0.1s')).toBe(1e8);
  });

  it('formats milliseconds back in the shortest k6 form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(250)).toBe('250ms');
    expect(parseDurationMs(formatDuration(3_723_004))).toBe(3_723_004);
  });
});
