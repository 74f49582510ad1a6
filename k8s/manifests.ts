import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/inputError.js';
import { readTextFile, unreadable } from '../input/readText.js';
import { parseYamlAll, type Position } from '../input/yamlDocument.js';

/** One Kubernetes object read from a file, with where its YAML document starts (1-based line). */
export interface ManifestDoc {
  readonly file: string;
  readonly line: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
  /** Line and column of the node at a path inside this object (or of its nearest parent), for messages. */
  readonly positionOf: (path: ReadonlyArray<string | number>) => Position | undefined;
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
  const out: ManifestDoc[] = [];
  for (const doc of parseYamlAll(text, file)) {
    if (doc.value === null || doc.value === undefined) continue;
    const at = (path: ReadonlyArray<string | number>): Position | undefined => doc.positionOf?.(path);
    for (const d of toDocs(doc.value, file, at, [])) out.push(d);
  }
  return out;
}

function toDocs(obj: unknown, file: string, at: (path: ReadonlyArray<string | number>) => Position | undefined, prefix: ReadonlyArray<string | number>): ManifestDoc[] {
  const start = at(prefix);
  const line = start?.line ?? 1;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InputError('expected a Kubernetes object (a mapping with apiVersion and kind)', file, undefined, line, start?.column);
  const o = obj as Record<string, unknown>;
  const { apiVersion, kind } = o;
  const fieldAt = (f: string) => at([...prefix, f]) ?? start;
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new InputError(apiVersion === undefined ? 'Required value: expected a string such as apps/v1' : 'expected a string', file, 'apiVersion', fieldAt('apiVersion')?.line, fieldAt('apiVersion')?.column);
  if (typeof kind !== 'string' || kind === '') throw new InputError(kind === undefined ? 'Required value: expected a string such as Deployment' : 'expected a string', file, 'kind', fieldAt('kind')?.line, fieldAt('kind')?.column);
  if (kind.endsWith('List') && Array.isArray(o['items'])) return (o['items'] as unknown[]).flatMap((it, i) => toDocs(it, file, at, [...prefix, 'items', i]));
  return [{ file, line, apiVersion, kind, object: o, positionOf: (path) => at([...prefix, ...path]) }];
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
