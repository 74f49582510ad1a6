import { LineCounter, parseAllDocuments, parseDocument, isAlias, isMap, isNode, isScalar, visit, type Document } from 'yaml';
import { InputError } from './inputError.js';

/** A parsed YAML document that can tell the line of any field path, for error messages. */
export interface LocatedDocument {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path` (or of its nearest existing parent). */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
  /** 1-based line and column of the node at `path` (its key when it is a mapping entry), or of its nearest existing parent. */
  positionOf?(path: ReadonlyArray<string | number>): Position | undefined;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * How far aliases may expand: uses of an anchor times the size of what it names. `yaml`'s
 * default (100) refuses 101 harmless uses of one scalar; this allows any ordinary document
 * and still refuses a "billion laughs" before it can cost memory or time downstream.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

const OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * Parse one YAML document. A syntax error becomes an InputError naming the file and line.
 * @example parseYaml('name: x', 'scenario.yaml').value // { name: 'x' }
 */
export function parseYaml(text: string, file: string): LocatedDocument {
  checkNesting(text, file);
  const lc = new LineCounter();
  const doc = guard(file, () => parseDocument(text, { ...OPTIONS, lineCounter: lc }));
  throwFirstError(doc, lc, file);
  return located(doc, lc, file);
}

/** Parse every document of a multi-document YAML file (`---` separated), skipping empty ones. */
export function parseYamlAll(text: string, file: string): LocatedDocument[] {
  checkNesting(text, file);
  const lc = new LineCounter();
  const docs = guard(file, () => parseAllDocuments(text, { ...OPTIONS, lineCounter: lc }));
  if (!Array.isArray(docs)) throw new InputError('expected YAML documents', file);
  const out: LocatedDocument[] = [];
  for (const doc of docs) {
    throwFirstError(doc, lc, file);
    if (doc.contents === null) continue;
    out.push(located(doc, lc, file));
  }
  return out;
}

/** Deeper flow nesting (`[[[…`, `{{{…`) than any manifest or scenario has; the parser recurses per level. */
export const MAX_NESTING = 1000;

/**
 * Refuse flow collections nested deeper than MAX_NESTING before parsing: yaml recurses per
 * level (a stack overflow at ~5,000) and at ~100,000 levels V8 aborts the whole process while
 * compiling, which no catch can turn into a message. Brackets inside quotes and comments do
 * not count.
 */
function checkNesting(text: string, file: string): void {
  let depth = 0;
  let line = 1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // A quote ends at its line's end here: a multi-line quoted string only makes the count stricter.
    if (c === '\n') {
      line++;
      quote = '';
      continue;
    }
    if (quote !== '') {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    // A quote opens a quoted scalar only where a value starts (not the apostrophe in "HPA's").
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1] as string))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) throw new InputError(`nested deeper than ${MAX_NESTING} levels of [ or {: not a scenario or manifest`, file, undefined, line);
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
}

// The parser and toJS recurse per nesting level: a document nested thousands deep overflows the stack.
function guard<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new InputError('YAML nested too deeply to read (thousands of levels)', file);
    throw e;
  }
}

function throwFirstError(doc: Document, lc: LineCounter, file: string): void {
  const err = doc.errors[0];
  if (err === undefined) return;
  const { line, col } = lc.linePos(err.pos[0]);
  const message = err.message.split('\n')[0] ?? err.message;
  // yaml reports its own stack overflow as a syntax error.
  if (/Maximum call stack/.test(message)) throw new InputError('YAML nested too deeply to read', file, undefined, line, col);
  throw new InputError(`YAML does not parse: ${message}`, file, undefined, line, col);
}

/** The document as plain JavaScript, with aliases resolved within MAX_ALIAS_EXPANSION. */
function toValue(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return guard(file, () => doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }));
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const at = mostUsedAlias(doc, lc);
    const problem = /Excessive alias count/.test(e.message)
      ? `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values${at ? ` (*${at.name} is used ${at.uses} times)` : ''}: write the values out or use fewer aliases`
      : `YAML alias cannot be resolved: ${e.message.split('\n')[0] ?? ''}`;
    throw new InputError(problem, file, undefined, at?.line, at?.column);
  }
}

function mostUsedAlias(doc: Document, lc: LineCounter): { name: string; uses: number; line: number; column: number } | undefined {
  const uses = new Map<string, { uses: number; offset: number }>();
  visit(doc, {
    Alias(_, node) {
      const u = uses.get(node.source) ?? { uses: 0, offset: node.range?.[0] ?? 0 };
      u.uses++;
      uses.set(node.source, u);
    },
  });
  let best: [string, { uses: number; offset: number }] | undefined;
  for (const entry of uses) if (best === undefined || entry[1].uses > best[1].uses) best = entry;
  if (best === undefined) return undefined;
  const { line, col } = lc.linePos(best[1].offset);
  return { name: best[0], uses: best[1].uses, line, column: col };
}

function located(doc: Document, lc: LineCounter, file: string): LocatedDocument {
  const value = toValue(doc, lc, file);
  const positionOf = (path: ReadonlyArray<string | number>): Position | undefined => {
    // Prefer the key (`pod:`) over its value, which may start lines later.
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      const key = keyOffset(doc, sub);
      const offset = key ?? nodeOffset(doc, sub);
      if (offset !== undefined) {
        const { line, col } = lc.linePos(offset);
        return { line, column: col };
      }
    }
    return undefined;
  };
  return { file, value, lineOf: (path) => positionOf(path)?.line, positionOf };
}

function nodeOffset(doc: Document, path: ReadonlyArray<string | number>): number | undefined {
  const node = safeGetIn(doc, path);
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function keyOffset(doc: Document, path: ReadonlyArray<string | number>): number | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = path.length === 1 ? doc.contents : safeGetIn(doc, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === last && pair.key.range) return pair.key.range[0];
  }
  return undefined;
}

// getIn does not follow aliases; a path through one stops at the alias (its parent's line is used).
function safeGetIn(doc: Document, path: ReadonlyArray<string | number>): unknown {
  try {
    const node = doc.getIn(path, true);
    return isAlias(node) ? undefined : node;
  } catch {
    return undefined;
  }
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
