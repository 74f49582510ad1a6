import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { InputError } from '../input/inputError.js';
import { readTextFile, unreadable } from '../input/readText.js';

/** One Kubernetes object read from a file, with where its YAML document starts (1-based line). */
export interface ManifestDoc {
  readonly file: string;
  readonly line: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
}

/**
 * Read YAML/JSON manifests from files or directories (`*.yaml`, `*.yml`, `*.json`, sorted), split
 * multi-document files, and keep each object's file and starting line. `List` kinds are flattened.
 * @throws InputError on unreadable files, YAML syntax errors, or documents without apiVersion/kind.
 */
export function readManifests(paths: readonly string[]): ManifestDoc[] {
  return paths.flatMap((p) => expand(p)).flatMap((f) => parseManifestText(readText(f), f));
}

/** Parse one file's text (exported for tests). */
export function parseManifestText(text: string, file: string): ManifestDoc[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return [];
  const out: ManifestDoc[] = [];
  for (const doc of docs) {
    const offset = doc.contents?.range[0] ?? doc.range[0];
    const line = lineCounter.linePos(offset).line;
    const err = doc.errors[0];
    if (err) throw new InputError(`invalid YAML: ${err.message.split('\n')[0]}`, file, undefined, lineCounter.linePos(err.pos[0]).line);
    const obj: unknown = doc.toJS();
    if (obj === null || obj === undefined) continue;
    for (const d of toDocs(obj, file, line)) out.push(d);
  }
  return out;
}

function toDocs(obj: unknown, file: string, line: number): ManifestDoc[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InputError('expected a Kubernetes object (a mapping with apiVersion and kind)', file, undefined, line);
  const o = obj as Record<string, unknown>;
  const { apiVersion, kind } = o;
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new InputError('expected a string', file, 'apiVersion', line);
  if (typeof kind !== 'string' || kind === '') throw new InputError('expected a string', file, 'kind', line);
  if (kind.endsWith('List') && Array.isArray(o['items'])) return (o['items'] as unknown[]).flatMap((it) => toDocs(it, file, line));
  return [{ file, line, apiVersion, kind, object: o }];
}

function expand(p: string): string[] {
  let st;
  try {
    st = statSync(p);
  } catch (e) {
    throw new InputError(unreadable(e), p);
  }
  if (!st.isDirectory()) return [p];
  return readdirSync(p).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => join(p, f));
}

function readText(f: string): string {
  return readTextFile(f);
}

/** Kinds that a manifest folder often holds but that do not change what is simulated or explained: accepted and ignored. */
export const PASSIVE_KINDS: readonly string[] = ['Namespace', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PodDisruptionBudget'];
/** Kinds capsim reads. */
export const SIMULATED_KINDS: readonly string[] = ['Deployment', 'HorizontalPodAutoscaler', 'VerticalPodAutoscaler'];

/**
 * The documents of one kind in files that may also hold the other kinds capsim reads and the
 * passive ones (a Service next to the Deployment).
 * @throws InputError naming file and line for a kind capsim does not know.
 */
export function documentsOfKind(docs: readonly ManifestDoc[], kind: string): ManifestDoc[] {
  return requireKinds(docs, [...SIMULATED_KINDS, ...PASSIVE_KINDS]).filter((d) => d.kind === kind);
}

/**
 * Read each document with the reader registered for its kind (e.g. `{ Deployment: deploymentFromManifest }`).
 * @throws InputError naming file and line for a kind without a reader.
 * @example dispatchByKind(readManifests(['k8s/']), { HorizontalPodAutoscaler: hpaFromManifest })
 */
export function dispatchByKind<T>(docs: readonly ManifestDoc[], readers: Readonly<Record<string, (doc: ManifestDoc) => T>>): T[] {
  return requireKinds(docs, Object.keys(readers)).map((d) => (readers[d.kind] as (doc: ManifestDoc) => T)(d));
}

/**
 * Dispatch on kind/apiVersion: returns the documents of the wanted kinds.
 * @throws InputError naming file and line for any other kind (`unsupported kind ConfigMap …`).
 */
export function requireKinds(docs: readonly ManifestDoc[], kinds: readonly string[]): ManifestDoc[] {
  for (const d of docs) {
    if (!kinds.includes(d.kind)) {
      throw new InputError(`unsupported kind ${d.kind} (${d.apiVersion}); expected one of ${kinds.join(', ')}`, d.file, 'kind', d.line);
    }
  }
  return [...docs];
}

/**
 * Run a reader over one document, adding the document's file and line to any InputError that
 * lacks them (quantity parsers know the field but not where the document starts).
 */
export function withDocLocation<T>(doc: ManifestDoc, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError && e.line === undefined) throw new InputError(e.problem, e.file ?? doc.file, e.field, doc.line);
    throw e;
  }
}
