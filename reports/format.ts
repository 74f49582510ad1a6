/**
 * Number formats shared by the Markdown and HTML reports, so both print the same figures.
 * Deterministic: no locale, fixed decimals.
 */

/** Integers as they are, others with 2 decimals. @example num(2.345) // '2.35' */
export function num(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'n/a' : v > 0 ? '∞' : '−∞';
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** A ratio as a percentage; 3 decimals below 1%. @example pct(0.0012) // '0.120%' */
export function pct(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return `${(v * 100).toFixed(v < 0.01 && v > 0 ? 3 : 2)}%`;
}

/** Milliseconds. @example ms(12.5) // '12.50 ms' */
export function ms(v: number): string {
  return `${num(v)} ms`;
}

/** A verdict value in its unit. */
export function sloValue(v: number, unit: 'ms' | 'ratio'): string {
  return unit === 'ms' ? ms(v) : pct(v);
}

/** Seconds as `1h02m03s` / `4m05s` / `12s`. @example duration(3723) // '1h02m03s' */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}h${pad(m)}m${pad(r)}s` : m > 0 ? `${m}m${pad(r)}s` : `${r}s`;
}

/** Money: 2 decimals, or 3 significant digits below 1 (a short run costs cents). @example money(0.00123) // '0.00123' */
export function money(v: number, currency?: string): string {
  if (!Number.isFinite(v)) return 'n/a';
  const amount = v !== 0 && Math.abs(v) < 1 ? String(Number(v.toPrecision(3))) : v.toFixed(2);
  return currency === undefined ? amount : `${amount} ${currency}`;
}

/** A calibration error: relative when defined, else absolute. @example calibrationError(null, 0.5) // 'abs 0.50' */
export function calibrationError(relative: number | null, absolute: number | undefined): string {
  return relative !== null ? pct(relative) : absolute === undefined ? 'n/a' : `abs ${num(absolute)}`;
}

/** A count with its noun, singular for one. @example count(1, 'replica') // '1 replica' */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${num(n)} ${n === 1 ? noun : plural}`;
}
