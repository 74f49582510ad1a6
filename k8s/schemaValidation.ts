import { closest, distance } from 'fastest-levenshtein';
import { excerpt } from '../input/oneLine.js';

/**
 * Validation of a Kubernetes object against its OpenAPI schema, as the API server does it
 * before anything else: wrong types, out-of-range formats (int32, quantity), missing required
 * fields, and — as `kubectl apply --validate=strict` — fields the schema does not know.
 *
 * The schemas are the compiled validators of the `kubernetes-models` packages. They do not
 * reject unknown fields (Kubernetes schemas have no additionalProperties: false), so unknown
 * fields are found by watching which properties the validator reads: for an object with a
 * schema it reads every property the schema declares (present or not); a key it never read is
 * unknown. Objects it enumerates (maps such as labels) or never reads (free-form fields) are
 * skipped, so nothing valid is ever called unknown.
 */

/** One problem at a field path of the object. */
export interface ApiProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly problem: string;
  /** Unknown fields and wrong values are reported before missing ones (they usually explain them). */
  readonly kind: 'unknown' | 'value' | 'required';
}

/** Runs a compiled schema (ajv standalone code) on the data and returns its errors (none when valid). */
export type SchemaCheck = (data: unknown) => readonly AjvError[];

/** An ajv error, as the compiled kubernetes-models schemas report them. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

interface Reads {
  readonly path: ReadonlyArray<string | number>;
  readonly keys: readonly string[];
  readonly read: Set<string>;
  enumerated: boolean;
}

/**
 * Every schema problem of `obj`, unknown fields included.
 * @example schemaProblems({ spec: { scaleDownn: {} } }, validateHpa) // [{ path: ['spec', 'scaleDownn'], problem: 'unknown field ...', kind: 'unknown' }]
 */
export function schemaProblems(obj: unknown, check: SchemaCheck): ApiProblem[] {
  const reads: Reads[] = [];
  const errors = check(watch(obj, [], reads));
  const problems: ApiProblem[] = [...fromAjv(errors, obj)];
  for (const r of reads) {
    if (r.enumerated || r.read.size === 0) continue;
    for (const key of r.keys) {
      if (!r.read.has(key)) problems.push({ path: [...r.path, key], problem: unknownField(key, [...r.read]), kind: 'unknown' });
    }
  }
  return problems;
}

function unknownField(key: string, known: readonly string[]): string {
  const near = known.length > 0 ? closest(key, [...known]) : undefined;
  const close = near !== undefined && distance(key.toLowerCase(), near.toLowerCase()) <= Math.max(2, Math.floor(key.length / 3));
  return `unknown field ${excerpt(key)}${close ? ` (did you mean "${near}"?)` : ''}`;
}

// A proxy per object and array that records which properties the validator reads.
function watch(v: unknown, path: ReadonlyArray<string | number>, reads: Reads[]): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const isArray = Array.isArray(v);
  const rec: Reads = { path, keys: isArray ? [] : Object.keys(v), read: new Set(), enumerated: false };
  if (!isArray) reads.push(rec);
  const children = new Map<string, unknown>();
  return new Proxy(v, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return value;
      if (!isArray) rec.read.add(key);
      if (typeof value !== 'object' || value === null || !Object.hasOwn(target, key)) return value;
      let child = children.get(key);
      if (child === undefined) {
        child = watch(value, [...path, isArray ? Number(key) : key], reads);
        children.set(key, child);
      }
      return child;
    },
    ownKeys(target) {
      rec.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function fromAjv(errors: ReadonlyArray<AjvError>, obj: unknown): ApiProblem[] {
  // Group by field: a oneOf (IntOrString, Quantity) reports each alternative's failure at the same path.
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const out: ApiProblem[] = [];
  for (const [pointer, errs] of byPath) {
    const path = pointerPath(pointer, obj);
    const value = valueAt(obj, path);
    const got = `got ${excerpt(value)}`;
    for (const e of errs.filter((x) => x.keyword === 'required')) {
      out.push({ path: [...path, String(e.params['missingProperty'])], problem: 'Required value', kind: 'required' });
    }
    const format = errs.find((x) => x.keyword === 'format');
    const types = [...new Set(errs.filter((x) => x.keyword === 'type').map((x) => String(x.params['type'])))];
    const enumErr = errs.find((x) => x.keyword === 'enum');
    if (format !== undefined) out.push({ path, problem: formatProblem(String(format.params['format']), got), kind: 'value' });
    else if (enumErr !== undefined) out.push({ path, problem: `expected one of ${(enumErr.params['allowedValues'] as unknown[] | undefined)?.map((a) => excerpt(a)).join(', ') ?? 'the allowed values'}, ${got}`, kind: 'value' });
    else if (types.length > 0) out.push({ path, problem: `expected ${typesText(types)}, ${got}`, kind: 'value' });
    else if (!errs.every((x) => x.keyword === 'required' || x.keyword === 'oneOf')) {
      const other = errs.find((x) => x.keyword !== 'required' && x.keyword !== 'oneOf') as AjvError;
      out.push({ path, problem: `invalid value (${other.keyword}), ${got}`, kind: 'value' });
    }
  }
  return out;
}

function formatProblem(format: string, got: string): string {
  switch (format) {
    case 'int32':
      return `expected a 32-bit integer (-2147483648 to 2147483647), ${got}`;
    case 'int64':
      return `expected a 64-bit integer, ${got}`;
    case 'quantity':
      return `expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, ${got}`;
    default:
      return `expected a value of format ${format}, ${got}`;
  }
}

// Quantity and IntOrString are oneOf two types; name them as Kubernetes users know them.
function typesText(types: readonly string[]): string {
  const set = [...types].sort().join(',');
  if (set === 'number,string') return 'a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi';
  if (set === 'integer,string') return 'an integer or a percentage such as 25%';
  return types.map(typeName).join(' or ');
}

function typeName(t: string): string {
  switch (t) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    default:
      return `a ${t}`;
  }
}

// "/spec/metrics/0/resource" → ['spec', 'metrics', 0, 'resource'] (numbers where the parent is a list).
function pointerPath(pointer: string, obj: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur = obj;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg = Array.isArray(cur) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(seg);
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}

/** The value at `path` inside `obj` (undefined where the path leaves it). */
export function valueAt(obj: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}
