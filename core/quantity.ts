import type { Bytes, Millicores } from '../sim/units.js';
import { FieldProblem } from './fieldProblem.js';

/**
 * Kubernetes resource quantities (`resource.Quantity`): `500m`, `2`, `1.5`, `128Mi`, `1G`, `1e3`.
 * Parsed exactly as the API server reads them, to the integer milli-units the HPA works with.
 * Pure: a bad quantity is a FieldProblem at `path`; the reader of the file adds file and line
 * (k8s/quantity.ts for manifests, input/scenarioFile.ts for scenarios).
 */

/** Where in a document a quantity sits, such as `['workload', 'pod', 'cpu', 'request']`. */
export type FieldPath = ReadonlyArray<string | number>;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/**
 * The value of a quantity in base units (cores for CPU, bytes for memory).
 * @throws FieldProblem at `path` when the value is not a Kubernetes quantity (including null, a list or a mapping).
 * @example parseQuantity('250m') // 0.25
 * @example parseQuantity('1Gi')  // 1073741824
 */
export function parseQuantity(value: unknown, path: FieldPath = []): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FieldProblem(path, `expected a quantity, got ${value}`);
    return value;
  }
  if (typeof value !== 'string')
    throw new FieldProblem(path, `expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, got ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value)}`);
  const m = QUANTITY.exec(value.trim());
  if (!m) throw new FieldProblem(path, `expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, got "${value}"`);
  const mantissa = Number(m[1]);
  if (m[2] !== undefined) return mantissa * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return mantissa * (factor as number);
}

/**
 * CPU quantity in millicores, rounded up as `Quantity.MilliValue()` does.
 * @example cpuMillicores('1.5') // 1500
 */
export function cpuMillicores(value: unknown, path: FieldPath = []): Millicores {
  return Math.ceil(roundFloat(parseQuantity(value, path) * 1000));
}

/** Memory quantity in bytes, rounded up as `Quantity.Value()` does. */
export function memoryBytes(value: unknown, path: FieldPath = []): Bytes {
  return Math.ceil(roundFloat(parseQuantity(value, path)));
}

/** Milli-value of a generic quantity (custom and external metrics use `MilliValue()`). */
export function milliValue(value: unknown, path: FieldPath = []): number {
  return Math.ceil(roundFloat(parseQuantity(value, path) * 1000));
}

/** Format millicores as Kubernetes writes them (`250m`, `2`). */
export function formatMillicores(m: Millicores): string {
  return m % 1000 === 0 ? String(m / 1000) : `${Math.round(m)}m`;
}

/** Format bytes with the largest exact binary suffix (`256Mi`), else plain bytes. */
export function formatBytes(b: Bytes): string {
  for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const f = BINARY[s] as number;
    if (b >= f && b % f === 0) return `${b / f}${s}`;
  }
  return String(Math.round(b));
}

// Decimal suffixes produce values like 0.30000000000000004; strip the float noise before ceil.
function roundFloat(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
