/**
 * Text from the input (a key, a cell, a file name, an excerpt) made fit for a one-line
 * message: line breaks, tabs and every other control or invisible format character (BOM,
 * U+2028) escaped as `\n`, `\t` or `\u{feff}`, and cut at `max` characters with an ellipsis.
 * @example oneLine('a\nb') // 'a\\nb'
 */
export function oneLine(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u{${(c.codePointAt(0) as number).toString(16)}}`;
  });
  return cut(escaped, max);
}

/** `text` cut to at most `max` characters (an ellipsis marks the cut), never inside a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A short rendering of any value found in the input, for "got …" in messages: JSON for
 * scalars, and for lists and mappings their first items to a small depth (never recursing
 * deeper, so a value nested a million levels renders in constant time and stack), cut at `max`.
 * @example excerpt([[[[1]]]]) // '[[[[…]]]]'
 * @example excerpt('x'.repeat(500)).length // 60
 */
export function excerpt(value: unknown, max = 60): string {
  return oneLine(render(value, 3, max + 1), max);
}

function render(v: unknown, depth: number, budget: number): string {
  if (v === undefined) return 'nothing';
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'string') return JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
  if (typeof v !== 'object') return typeof v;
  if (Array.isArray(v)) {
    if (depth === 0) return v.length === 0 ? '[]' : '[…]';
    const parts: string[] = [];
    let used = 2;
    for (let i = 0; i < v.length && used < budget; i++) {
      const p = render(v[i], depth - 1, budget - used);
      parts.push(p);
      used += p.length + 1;
    }
    return `[${parts.join(',')}${parts.length < v.length ? ',…' : ''}]`;
  }
  const keys = Object.keys(v);
  if (depth === 0) return keys.length === 0 ? '{}' : '{…}';
  const parts: string[] = [];
  let used = 2;
  for (let i = 0; i < keys.length && used < budget; i++) {
    const k = keys[i] as string;
    const p = `${JSON.stringify(k)}:${render((v as Record<string, unknown>)[k], depth - 1, budget - used)}`;
    parts.push(p);
    used += p.length + 1;
  }
  return `{${parts.join(',')}${parts.length < keys.length ? ',…' : ''}}`;
}
