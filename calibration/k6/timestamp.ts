import type { Ms } from '../../sim/units.js';

// k6 writes Go's time.RFC3339Nano: trailing fraction zeros dropped, any UTC offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Parse an RFC 3339 timestamp with any fraction precision and offset to epoch milliseconds.
 * Unlike `Date.parse`, the sub-millisecond part is kept (as the fraction of the result);
 * a float64 near 1.8e12 ms resolves ~0.25 µs, so nanosecond digits beyond that are rounded.
 * Returns NaN for anything else (callers name the file and line in their error).
 * @example rfc3339ToMs('1970-01-01T00:00:01.0005-00:30') // 1801000.5
 */
export function rfc3339ToMs(text: string): Ms {
  const m = RFC3339.exec(text);
  if (m === null) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const wholeMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return wholeMs - offsetMs(zone ?? 'Z') + (frac !== undefined ? Number(frac) * 1000 : 0);
}

function offsetMs(zone: string): Ms {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/**
 * Parse a k6 CSV `timestamp` cell in any `timeFormat` (unix seconds – the default –,
 * unix_milli, unix_micro, unix_nano, rfc3339, rfc3339_nano) to epoch milliseconds.
 * Integer formats are told apart by magnitude, as a run between 1973 and 2286 allows.
 * Returns NaN when the cell is neither.
 * @example csvTimeToMs('1795627802') // 1795627802000
 * @example csvTimeToMs('1795627802506120933') // 1795627802506.1210 (ns digits beyond float precision rounded)
 */
export function csvTimeToMs(cell: string): Ms {
  if (!/^\d+$/.test(cell)) return rfc3339ToMs(cell);
  const digits = cell.length;
  if (digits <= 11) return Number(cell) * 1000;
  if (digits <= 14) return Number(cell);
  // Split so the integer milliseconds stay exact and only the fraction is rounded.
  const fracDigits = digits <= 17 ? 3 : 6;
  return Number(cell.slice(0, -fracDigits)) + Number(cell.slice(-fracDigits)) / 10 ** fracDigits;
}
