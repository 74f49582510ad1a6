import { VerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler';
import { HorizontalPodAutoscaler as HpaV2 } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { InputError } from '../input/inputError.js';
import { excerpt } from '../input/oneLine.js';
import { formatPath } from '../input/yamlDocument.js';
import { deploymentProblems } from './deploymentValidation.js';
import { hpaV1Problems, hpaV2Problems } from './hpaValidation.js';
import type { ManifestDoc } from './manifests.js';
import { schemaProblems, valueAt, type AjvError, type ApiProblem, type SchemaCheck } from './schemaValidation.js';

/** Schema and API-server rules per apiVersion/kind, for the kinds capsim reads. */
const VALIDATORS: Record<string, { schema: SchemaCheck; rules: (o: unknown) => ApiProblem[] }> = {
  'apps/v1/Deployment': { schema: modelSchema(Deployment), rules: deploymentProblems },
  'autoscaling/v2/HorizontalPodAutoscaler': { schema: modelSchema(HpaV2), rules: hpaV2Problems },
  'autoscaling/v1/HorizontalPodAutoscaler': { schema: modelSchema(HpaV1), rules: hpaV1Problems },
  'autoscaling.k8s.io/v1/VerticalPodAutoscaler': { schema: modelSchema(VerticalPodAutoscaler), rules: () => [] },
};

/**
 * The schema check of a kubernetes-models class. Its `validate()` runs the compiled schema on
 * `this`; calling it on the object itself (not a copy) lets schemaProblems watch the reads.
 */
function modelSchema(model: { prototype: { validate(): void } }): SchemaCheck {
  return (data) => {
    try {
      model.prototype.validate.call(data);
      return [];
    } catch (e) {
      const errors = (e as { errors?: unknown }).errors;
      if (Array.isArray(errors)) return errors as AjvError[];
      throw e;
    }
  };
}

/**
 * Validate a manifest as the API server would on `kubectl apply --validate=strict`: its
 * OpenAPI schema (types, formats, required fields, unknown fields named with the nearest
 * known one), then the server's own rules. Returns the object with nulls removed (null means
 * unset in Kubernetes), so readers can trust its types.
 * @throws InputError at the first problem in the file (unknown fields and wrong values before
 *   missing ones), with its line and column, the field path and how many more there are.
 * @example validateManifest(doc) // hpa.yaml:12:9: spec.behavior.scaleDownn: unknown field "scaleDownn" (did you mean "scaleDown"?)
 */
export function validateManifest(doc: ManifestDoc): Record<string, unknown> {
  try {
    return validate(doc);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError('nested too deeply to validate (thousands of levels)', doc.file, undefined, doc.line);
    throw e;
  }
}

function validate(doc: ManifestDoc): Record<string, unknown> {
  const v = VALIDATORS[`${doc.apiVersion}/${doc.kind}`];
  if (v === undefined) return doc.object;
  const schema = schemaProblems(doc.object, v.schema);
  // The server's rules read values the schema vouched for; run them only on a schema-valid object.
  const problems = schema.some((p) => p.kind !== 'unknown') ? schema : [...schema, ...v.rules(withoutNulls(doc.object))];
  if (problems.length === 0) return withoutNulls(doc.object) as Record<string, unknown>;
  const first = firstProblem(problems, doc);
  const pos = doc.positionOf(first.path);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new InputError(`${withValue(first, doc.object)}${more}`, doc.file, formatPath(first.path), pos?.line ?? doc.line, pos?.column);
}

const RANK = { unknown: 0, value: 0, required: 1 } as const;

function firstProblem(problems: readonly ApiProblem[], doc: ManifestDoc): ApiProblem {
  const keyed = problems.map((p) => {
    const pos = doc.positionOf(p.path);
    return { p, key: [RANK[p.kind], pos?.line ?? 0, pos?.column ?? 0] as const };
  });
  keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  return (keyed[0] as { p: ApiProblem }).p;
}

// "Invalid value: must be …" → "Invalid value: 0: must be …", as the API server prints it.
function withValue(p: ApiProblem, obj: unknown): string {
  if (!p.problem.startsWith('Invalid value: ') || p.problem.startsWith('Invalid value: "')) return p.problem;
  return `Invalid value: ${excerpt(valueAt(obj, p.path))}: ${p.problem.slice('Invalid value: '.length)}`;
}

/** A copy without null-valued keys (Kubernetes reads null as unset); null list items stay. */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}
