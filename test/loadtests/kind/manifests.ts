import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Test helpers: read loadtests/kind/*.yaml as plain objects, failing loudly on YAML errors. */

export const KIND_DIR = join(import.meta.dirname, '../../../loadtests/kind');
export const REPO_ROOT = join(import.meta.dirname, '../../..');

// Loose shape for walking parsed manifests; each test narrows what it reads.
export type Obj = Record<string, any>;

/** Every document of a YAML file in loadtests/kind. @throws on the first parse error, naming the file. */
export function readDocs(file: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(join(KIND_DIR, file), 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
  return docs.map((d, i) => {
    if (d.errors.length > 0) throw new Error(`${file}: document ${i}: ${d.errors[0]?.message}`);
    return d.toJS() as Obj;
  });
}

/** The one document of `kind` (and `name`, when given) in a file. @throws when there is not exactly one. */
export function one(docs: Obj[], kind: string, name?: string): Obj {
  const found = docs.filter((d) => d['kind'] === kind && (name === undefined || d['metadata']?.['name'] === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as Obj;
}
