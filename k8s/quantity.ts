import * as core from '../core/quantity.js';
import { FieldProblem } from '../core/fieldProblem.js';
import { InputError } from '../input/inputError.js';

/**
 * Kubernetes quantities read from a manifest or a metrics file: the parsing of core/quantity.ts,
 * with a bad value reported as an InputError naming the file and the dotted field.
 */

export { formatBytes, formatMillicores } from '../core/quantity.js';

function inFile<T>(parse: () => T, field?: string, file?: string): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof FieldProblem) throw new InputError(e.problem, file, field);
    throw e;
  }
}

/** @see core/quantity.ts parseQuantity. @throws InputError naming `file` and `field`. */
export function parseQuantity(text: unknown, field?: string, file?: string): number {
  return inFile(() => core.parseQuantity(text), field, file);
}

/** CPU quantity in millicores. @throws InputError naming `file` and `field`. @example cpuMillicores('1.5') // 1500 */
export function cpuMillicores(text: unknown, field?: string, file?: string): number {
  return inFile(() => core.cpuMillicores(text), field, file);
}

/** Memory quantity in bytes. @throws InputError naming `file` and `field`. */
export function memoryBytes(text: unknown, field?: string, file?: string): number {
  return inFile(() => core.memoryBytes(text), field, file);
}

/** Milli-value of a generic quantity. @throws InputError naming `file` and `field`. */
export function milliValue(text: unknown, field?: string, file?: string): number {
  return inFile(() => core.milliValue(text), field, file);
}
