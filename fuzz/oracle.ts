import { VerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler';
import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler';
import { HorizontalPodAutoscaler as HpaV2 } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { parseAllDocuments } from 'yaml';

/**
 * The campaign's judge of an input that capsim accepted (exit 0), independent of capsim's own
 * readers: is the mutant still a well-formed file of its kind, and is the output complete?
 * "Valid" here is what the format's own tools would say: YAML that parses without errors (no
 * duplicate keys), Kubernetes objects that the API server's OpenAPI schemas accept (the
 * kubernetes-models classes' own `validate()`, not capsim's reader), JSON and NDJSON that parse
 * line by line, CSV whose rows all have the header's width, gzip that decompresses. A damaged
 * input may still be accepted when capsim says what it skipped (a warning): k6 writes truncated
 * last lines when killed, and a reader that skips them with a warning is right to.
 */
export type Validity = { readonly valid: true } | { readonly valid: false; readonly why: string };

const OK: Validity = { valid: true };

/** Whether the file at `path` is a well-formed input; `manifest` judges Kubernetes objects too. */
export function inputValidity(path: string, manifest: boolean): Validity {
  let raw = readFileSync(path);
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (e) {
      return { valid: false, why: `gzip: ${(e as Error).message}` };
    }
  }
  const name = path.replace(/\.gz$/, '');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { valid: false, why: 'not UTF-8' };
  }
  if (/\.ya?ml$/.test(name)) return yamlValidity(text, manifest);
  if (/\.ndjson$/.test(name)) return linesValidity(text);
  if (/\.json$/.test(name)) return jsonValidity(text, manifest);
  if (/\.csv$/.test(name)) return csvValidity(text);
  return OK;
}

function yamlValidity(text: string, manifest: boolean): Validity {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    const err = d.errors[0];
    if (err !== undefined) return { valid: false, why: `YAML: ${err.code}` };
  }
  if (!manifest) return OK;
  for (const d of list) {
    const v = objectValidity(d.toJS({ maxAliasCount: -1 }) as unknown);
    if (!v.valid) return v;
  }
  return OK;
}

function jsonValidity(text: string, manifest: boolean): Validity {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { valid: false, why: `JSON: ${(e as Error).message}` };
  }
  if (!manifest) return OK;
  const items = typeof v === 'object' && v !== null && Array.isArray((v as { items?: unknown }).items) ? ((v as { items: unknown[] }).items) : [v];
  for (const i of items) {
    const r = objectValidity(i);
    if (!r.valid) return r;
  }
  return OK;
}

function linesValidity(text: string): Validity {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.trim() === '') continue;
    try {
      JSON.parse(l);
    } catch {
      return { valid: false, why: `NDJSON line ${i + 1} does not parse` };
    }
  }
  return OK;
}

function csvValidity(text: string): Validity {
  try {
    parseCsv(text, { relax_column_count: false, skip_empty_lines: true });
    return OK;
  } catch (e) {
    return { valid: false, why: `CSV: ${(e as Error).message.split('\n')[0] ?? ''}` };
  }
}

/** A Kubernetes object of a kind capsim reads, judged by its OpenAPI schema; other objects pass. */
function objectValidity(obj: unknown): Validity {
  if (typeof obj !== 'object' || obj === null) return OK;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  const cls =
    kind === 'Deployment' && apiVersion === 'apps/v1' ? Deployment
    : kind === 'HorizontalPodAutoscaler' && apiVersion === 'autoscaling/v2' ? HpaV2
    : kind === 'HorizontalPodAutoscaler' && apiVersion === 'autoscaling/v1' ? HpaV1
    : kind === 'VerticalPodAutoscaler' && apiVersion === 'autoscaling.k8s.io/v1' ? VerticalPodAutoscaler
    : null;
  if (cls === null) return OK;
  try {
    new (cls as new (o: unknown) => { validate(): void })(obj).validate();
    return OK;
  } catch (e) {
    return { valid: false, why: `${String(kind)}: ${(e as Error).message.split('\n')[0] ?? ''}` };
  }
}

/**
 * Whether a command that exited 0 left complete output: a run folder with capsim's manifest,
 * every file it lists, no incomplete marker; a command that prints its result printed something.
 */
export function outputComplete(out: string | undefined, stdout: string): Validity {
  if (out === undefined) return stdout.trim() !== '' ? OK : { valid: false, why: 'printed nothing' };
  const manifest = join(out, '.capsim-run');
  if (!existsSync(manifest)) return { valid: false, why: 'no .capsim-run in the output folder' };
  if (existsSync(join(out, '.capsim-incomplete'))) return { valid: false, why: 'the output folder is marked incomplete' };
  for (const f of readFileSync(manifest, 'utf8').split('\n')) {
    if (f === '' || f.startsWith('#')) continue;
    if (!existsSync(join(out, f))) return { valid: false, why: `${f} is listed but missing` };
  }
  return OK;
}
