/**
 * Request templates: `{{name}}` placeholders in a path, a header or any string of a JSON body,
 * filled per request from the flow's values. A string that is exactly one placeholder takes
 * the value as it is (an amount stays a number); inside longer text it is written as text.
 * No imports: the k6 bundle includes it.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/;

/** Values a template may use: names to strings, numbers or booleans. */
export type TemplateValues = Readonly<Record<string, string | number | boolean>>;

/**
 * Every placeholder name in a template (a string, or any JSON value's strings), with the path of
 * the string it is in (`body.amount`, `headers.Idempotency-Key`), for errors that name the field.
 * @example placeholders({ a: 'x{{id}}', b: ['{{amount}}'] }, 'body') // [['id', 'body.a'], ['amount', 'body.b[0]']]
 */
export function placeholders(template: unknown, path: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') for (const name of names(v)) out.push([name, at]);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  walk(template, path);
  return out;
}

/**
 * Fill a template. O(size of the template).
 * @throws Error naming the placeholder when a value is missing (checked earlier for scenarios).
 * @example render({ amount: '{{amount}}', note: 'order {{iteration}}' }, { amount: 12.5, iteration: 3 }) // { amount: 12.5, note: 'order 3' }
 */
export function render(template: unknown, values: TemplateValues): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole !== null) return valueOf(whole[1] as string, values);
    return template.replace(PLACEHOLDER, (_, name: string) => String(valueOf(name, values)));
  }
  if (Array.isArray(template)) return template.map((x) => render(x, values));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) out[k] = render(v, values);
    return out;
  }
  return template;
}

/** A template that must come out as text (a path, a header). */
export function renderText(template: string, values: TemplateValues): string {
  return String(render(template, values));
}

/** Placeholder names in a string (an exec loop rather than String.prototype.matchAll, so any engine k6 has shipped runs it). */
function names(text: string): string[] {
  const re = new RegExp(PLACEHOLDER.source, 'g');
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m[1] as string);
  return out;
}

function valueOf(name: string, values: TemplateValues): string | number | boolean {
  const v = values[name];
  if (v === undefined) throw new Error(`template value "${name}" is not defined`);
  return v;
}

/**
 * A field of a JSON document by a dotted path with optional indices (`data.items[0].id`);
 * undefined when any part is missing.
 * @example jsonField({ data: { id: 'a1' } }, 'data.id') // 'a1'
 */
export function jsonField(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (m === null) return undefined;
    if (m[1] !== '') v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[m[1] as string] : undefined;
    const indices = /\[(\d+)\]/g;
    for (let idx = indices.exec(m[2] as string); idx !== null; idx = indices.exec(m[2] as string)) v = Array.isArray(v) ? v[Number(idx[1])] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}
