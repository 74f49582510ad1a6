import type { Bytes, Millicores, Ms } from '../sim/units.js';

/**
 * Quantities as the VPA writes them into its status (Go `resource.Quantity` in DecimalSI,
 * canonical form): CPU from millicores (`NewMilliQuantity`), memory from bytes (`NewQuantity`).
 * The largest power-of-1000 suffix that keeps the number whole is used.
 * @example formatCpu(587) // '587m'   formatCpu(2000) // '2'   formatMemory(262144000) // '262144k'
 */
export function formatCpu(m: Millicores): string {
  return decimalSI(m, -1);
}

/** @example formatMemory(1238659775) // '1238659775' */
export function formatMemory(b: Bytes): string {
  return decimalSI(b, 0);
}

const SUFFIX = ['m', '', 'k', 'M', 'G', 'T', 'P', 'E'];

/** value × 1000^exp → canonical DecimalSI text. */
function decimalSI(value: number, exp: number): string {
  let v = Math.trunc(value);
  if (v === 0) return '0';
  let e = exp;
  while (v % 1000 === 0 && e + 1 < SUFFIX.length - 1) {
    v /= 1000;
    e++;
  }
  return `${v}${SUFFIX[e + 1]}`;
}

/**
 * A duration as Go prints it (`24h0m0s`, `5m30s`, `0s`), for history lengths.
 * @example formatGoDuration(90_000) // '1m30s'
 */
export function formatGoDuration(ms: Ms): string {
  if (ms === 0) return '0s';
  const totalS = Math.floor(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60 + (ms % 1000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
