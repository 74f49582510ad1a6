/**
 * JSON with object keys sorted at every level (arrays keep their order), two-space indented and
 * newline-terminated: the same options print byte-identically whatever order they were built in.
 * @example stableJson({ b: 1, a: [{ d: 1, c: 2 }] }) // '{\n  "a": [\n    {\n      "c": 2,\n      "d": 1\n ...'
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}
