import type { Bytes, Millicores } from '../../units.js';

/**
 * Integer resource amounts as the VPA model keeps them (upstream `recommender/model/types.go`):
 * CPU in millicores, memory in bytes, every float→int conversion truncated toward zero after
 * clamping to [0, 1e14].
 */

/** Upstream `MaxResourceAmount`. */
export const MAX_RESOURCE_AMOUNT = 1e14;

/** The two resources the VPA recommends. */
export type ResourceName = 'cpu' | 'memory';
export const RESOURCE_NAMES: readonly ResourceName[] = ['cpu', 'memory'];

/** A value per resource: cpu in millicores, memory in bytes. A missing key means "not set". */
export type Resources = Partial<Record<ResourceName, number>>;

/**
 * Float → amount as Go `resourceAmountFromFloat`: clamp to [0, 1e14], then truncate.
 * NaN (0 × ∞ when there is no history) becomes 0 so that the minimum-resource floor wins,
 * as Go's MinInt64 does on amd64 (vpa.md §6.4).
 * @example amountFromFloat(4521.6) // 4521
 */
export function amountFromFloat(x: number): number {
  if (Number.isNaN(x) || x < 0) return 0;
  if (x > MAX_RESOURCE_AMOUNT) return MAX_RESOURCE_AMOUNT;
  return Math.trunc(x);
}

/** Upstream `ScaleResource(amount, factor)`. @example scaleResource(3140, 1.44) // 4521 */
export function scaleResource(amount: number, factor: number): number {
  return amountFromFloat(amount * factor);
}

/** Upstream `CPUAmountFromCores`. @example cpuAmountFromCores(0.51113) // 511 */
export function cpuAmountFromCores(cores: number): Millicores {
  return amountFromFloat(cores * 1000);
}

/** Upstream `CoresFromCPUAmount`. */
export function coresFromCpuAmount(m: Millicores): number {
  return m / 1000;
}

/** Upstream `MemoryAmountFromBytes`. */
export function memoryAmountFromBytes(bytes: number): Bytes {
  return amountFromFloat(bytes);
}
