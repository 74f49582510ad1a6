/**
 * k6 duration strings (`90s`, `20m`, `1h30m`, `500ms`, `1.5h`, `2d`): Go's time.ParseDuration
 * units plus k6's `d` for days. A bare number is milliseconds, as k6 reads numeric durations.
 * Parsing to integer nanoseconds keeps k6's schedule arithmetic exact.
 */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
};
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h|d))+$/;
const PART = /(\d+)(?:\.(\d+))?(ns|us|µs|μs|ms|s|m|h|d)/g;

/**
 * Parse a k6 duration into whole nanoseconds, or return undefined when it is not one.
 * @example parseDurationNs('1h30m') // 5_400_000_000_000
 */
export function parseDurationNs(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.round(text * 1e6) : undefined;
  const s = text.trim();
  if (s === '0') return 0;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1e6);
  if (!WHOLE.test(s)) return undefined;
  let ns = 0;
  for (const m of s.matchAll(PART)) {
    const unit = UNIT_NS[m[3] as string] as number;
    const frac = m[2] ?? '';
    ns += Number(m[1]) * unit + (frac === '' ? 0 : Math.round((Number(frac) / 10 ** frac.length) * unit));
  }
  return ns;
}

/** Same as parseDurationNs, in milliseconds (possibly fractional). */
export function parseDurationMs(text: string | number): number | undefined {
  const ns = parseDurationNs(text);
  return ns === undefined ? undefined : ns / 1e6;
}

/**
 * Format milliseconds as a k6 duration, the shortest exact form (`1h30m`, `90s` -> `1m30s`, `250ms`).
 * @example formatDuration(5_400_000) // '1h30m'
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const q = Math.floor(rest / size);
    if (q > 0) {
      out += `${q}${unit}`;
      rest -= q * size;
    }
  }
  if (rest > 0) out += `${rest}ms`;
  return out;
}
