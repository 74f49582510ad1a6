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
  // Go's time.Parse rejects out-of-range fields (month 13, 31 April, second 60) instead of rolling over.
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN;
  if (zone !== undefined && zone.length > 1 && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(-2)) > 59)) return Number.NaN;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  const wholeMs = date.getTime() + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
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
