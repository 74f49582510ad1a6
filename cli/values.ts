import { memoryBytes } from '../k8s/quantity.js';
import { InputError } from '../input/inputError.js';

/**
 * Parsers of flag values. Each takes the text as given and the flag's name, and throws an
 * InputError naming the flag and what was expected. They run before a command starts any work.
 */

/** A whole number, negative allowed (seeds). */
export function wholeNumber(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text)) throw new InputError(`expected a whole number, got "${text}"`, undefined, flag);
  return Number(text);
}

/** A whole number ≥ 1 (counts: budgets, workers, runners). */
export function positiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`expected a whole number >= 1, got "${text}"`, undefined, flag);
  return Number(text);
}

/** A finite number > 0. */
export function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InputError(`expected a number > 0, got "${text}"`, undefined, flag);
  return n;
}

/** A finite number ≥ 0. */
export function nonNegativeNumber(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`expected a number >= 0, got "${text}"`, undefined, flag);
  return n;
}

/** A Go duration as kube-controller-manager flags take them ("5m", "30s", "1m30s", "0s"), in ms. */
export function goDurationMs(text: string, flag: string): number {
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let consumed = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(m[1]) * (unit[m[2] as string] as number);
    consumed += m[0];
  }
  if (consumed !== text || text === '') throw new InputError(`expected a duration like 5m or 30s, got "${text}"`, undefined, flag);
  return total;
}

/** A Go duration > 0, in ms. */
export function positiveGoDurationMs(text: string, flag: string): number {
  const ms = goDurationMs(text, flag);
  if (!(ms > 0)) throw new InputError(`expected a positive duration like 1m, 30s or 24h, got "${text}"`, undefined, flag);
  return ms;
}

/** `role=PromQL` for --prometheus-query: which of capsim's queries to replace, and with what. */
export function promQuery(text: string, flag: string): [string, string] {
  const roles = ['cpu', 'requests', 'durationSum', 'durationCount', 'durationBucket', 'busyWorkers', 'queueLength'];
  const m = /^([a-zA-Z]+)=(.+)$/s.exec(text);
  if (!m || !roles.includes(m[1] as string)) throw new InputError(`expected role=PromQL with a role of ${roles.join(', ')}, e.g. cpu=container_cpu_usage_seconds_total{namespace="pay"}; got "${text}"`, undefined, flag);
  return [m[1] as string, m[2] as string];
}

/** A Prometheus label matcher `name=value` (exact match). */
export function labelMatch(text: string, flag: string): { name: string; value: string } {
  const m = /^([a-zA-Z_][a-zA-Z0-9_]*)=(.*)$/.exec(text);
  if (!m) throw new InputError(`expected a label matcher like replica=0 or pod=pay-7d9f (name=value), got "${text}"`, undefined, flag);
  return { name: m[1] as string, value: (m[2] as string).replace(/^"(.*)"$/, '$1') };
}

/** One of a fixed set of words. @example oneOf(['multi', 'full'])('full', '--fidelity') // 'full' */
export function oneOf<T extends string>(choices: readonly T[]): (text: string, flag: string) => T {
  return (text, flag) => {
    if (!(choices as readonly string[]).includes(text)) throw new InputError(`expected one of ${choices.join(', ')}, got "${text}"`, undefined, flag);
    return text as T;
  };
}

/** A memory size as a Kubernetes quantity (2Gi, 512Mi), > 0, in bytes. */
export function memorySize(text: string, flag: string): number {
  const bytes = memoryBytes(text, flag);
  if (!(bytes > 0)) throw new InputError(`expected a memory size > 0 such as 2Gi or 512Mi, got "${text}"`, undefined, flag);
  return bytes;
}
