import { hashString } from '../../sim/engine/hash.ts';
import { iterationUniform } from '../../sim/traffic/mix.ts';

/**
 * Generated request values (scenario `http.values`): an amount drawn from a distribution, a
 * currency from a list. Each draw is a function of (iteration, step, value name, seed), so a run
 * and its replay draw the same amounts for the same iterations. No runtime imports beyond the
 * integer hashes: the k6 bundle includes it.
 */
export type ValueGenerator =
  | { readonly oneOf: readonly (string | number)[]; readonly weights?: readonly number[] }
  | { readonly distribution: 'constant'; readonly value: string | number }
  | { readonly distribution: 'uniform'; readonly min: number; readonly max: number; readonly decimals?: number }
  | { readonly distribution: 'lognormal'; readonly median: number; readonly sigma: number; readonly min?: number; readonly max?: number; readonly decimals?: number };

/**
 * Draw a value. O(list length) for oneOf, O(1) otherwise.
 * @example drawValue({ oneOf: ['EUR', 'USD'] }, 'currency', 17, 0, 7) // 'EUR' or 'USD', the same every time
 */
export function drawValue(g: ValueGenerator, name: string, iteration: number, step: number, seed: number): string | number {
  const u = iterationUniform(iteration, (seed ^ hashString(name) ^ Math.imul(step + 1, 0x27d4eb2d)) | 0);
  if ('oneOf' in g) {
    const w = g.weights ?? g.oneOf.map(() => 1);
    const total = w.reduce((a, b) => a + b, 0);
    let acc = 0;
    for (let i = 0; i < g.oneOf.length; i++) {
      acc += (w[i] ?? 0) / total;
      if (u < acc) return g.oneOf[i] as string | number;
    }
    return g.oneOf[g.oneOf.length - 1] as string | number;
  }
  switch (g.distribution) {
    case 'constant':
      return g.value;
    case 'uniform':
      return round(g.min + u * (g.max - g.min), g.decimals);
    case 'lognormal': {
      const x = g.median * Math.exp(g.sigma * normalQuantile(u));
      return round(Math.min(g.max ?? Infinity, Math.max(g.min ?? 0, x)), g.decimals);
    }
  }
}

/**
 * A fresh idempotency key per request, shaped as a UUID v4: the iteration and step hashed with a
 * per-run nonce, so keys differ between requests and between runs (a server would otherwise
 * answer a re-run from its idempotency cache).
 * @example idempotencyKey(3, 0, 0x1234) // 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'
 */
export function idempotencyKey(iteration: number, step: number, nonce: number): string {
  const word = (k: number): number => Math.floor(iterationUniform(iteration, (nonce ^ Math.imul(k + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) | 0) * 4294967296);
  const hex = [0, 1, 2, 3].map((k) => word(k).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function round(x: number, decimals: number | undefined): number {
  if (decimals === undefined) return x;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/**
 * The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9),
 * u clamped into (0, 1).
 */
export function normalQuantile(u: number): number {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, u));
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
