/**
 * Small pieces of PromQL text. Values are quoted as PromQL string literals; numbers are written
 * the way JavaScript and prom-client print them (`0.3`, `1`, `2.5`), which is also how the
 * reference service writes its `le` labels.
 */

export type Matcher = readonly [name: string, op: '=' | '!=' | '=~' | '!~', value: string];

/** A PromQL double-quoted string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `{job="payment-service",op="authorize"}`: the given selector's matchers, then `extra`; '' when none. */
export function labelMatchers(selector: readonly Matcher[], extra: readonly Matcher[] = []): string {
  const all = [...selector, ...extra];
  return all.length === 0 ? '' : `{${all.map(([n, op, v]) => `${n}${op}${quote(v)}`).join(',')}}`;
}

/** A number as PromQL and the Prometheus text format print it. */
export function promNumber(x: number): string {
  return String(x);
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/;

/**
 * Parse a selector as written inside PromQL braces: `job="payment-service",namespace=~"pay.*"`.
 * @returns the matchers, or null when the text is not a list of matchers.
 */
export function parseSelector(text: string): Matcher[] | null {
  const out: Matcher[] = [];
  let rest = text.trim().replace(/^\{|\}$/g, '');
  while (rest.trim() !== '') {
    const m = MATCHER.exec(rest);
    if (m === null) return null;
    out.push([m[1] as string, m[2] as Matcher[1], (m[3] as string).replace(/\\(.)/g, '$1')]);
    rest = rest.slice(m[0].length);
  }
  return out;
}
