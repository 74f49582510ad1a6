import { LineCounter, parseAllDocuments, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { InputError } from './inputError.js';

/** A parsed YAML document that can tell the line of any field path, for error messages. */
export interface LocatedDocument {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path` (or of its nearest existing parent). */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/**
 * Parse one YAML document. A syntax error becomes an InputError naming the file and line.
 * @example parseYaml('name: x', 'scenario.yaml').value // { name: 'x' }
 */
export function parseYaml(text: string, file: string): LocatedDocument {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  throwFirstError(doc, lc, file);
  return located(doc, lc, file);
}

/** Parse every document of a multi-document YAML file (`---` separated), skipping empty ones. */
export function parseYamlAll(text: string, file: string): LocatedDocument[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new InputError('expected YAML documents', file);
  const out: LocatedDocument[] = [];
  for (const doc of docs) {
    throwFirstError(doc, lc, file);
    if (doc.contents === null) continue;
    out.push(located(doc, lc, file));
  }
  return out;
}

function throwFirstError(doc: Document, lc: LineCounter, file: string): void {
  const err = doc.errors[0];
  if (err === undefined) return;
  const line = lc.linePos(err.pos[0]).line;
  const message = err.message.split('\n')[0] ?? err.message;
  throw new InputError(`YAML does not parse: ${message}`, file, undefined, line);
}

function located(doc: Document, lc: LineCounter, file: string): LocatedDocument {
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }),
    lineOf(path) {
      // Prefer the line of the key (`pod:`) over its value, which may start lines later.
      for (let n = path.length; n >= 0; n--) {
        const key = keyLine(doc, lc, path.slice(0, n));
        if (key !== undefined) return key;
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

function keyLine(doc: Document, lc: LineCounter, path: ReadonlyArray<string | number>): number | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && pair.key.value === last && pair.key.range) return lc.linePos(pair.key.range[0]).line;
  }
  return undefined;
}

/** `a.b[2].c` from a path array. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}
