import { InputError } from '../input/inputError.js';
import { excerpt } from '../input/oneLine.js';
import { validateManifest } from './apiValidation.js';
import { parseManifestText, type ManifestDoc } from './manifests.js';
import { parseYamlAll } from '../input/yamlDocument.js';
import { cpuMillicores, memoryBytes } from './quantity.js';
import type {
  ContainerPolicy,
  ContainerScalingMode,
  ControlledValues,
  ResourceBounds,
  ResourceName,
  UpdateMode,
  VpaSpec,
} from '../sim/autoscaling/vpa/index.js';

/**
 * Reader of `autoscaling.k8s.io/v1` VerticalPodAutoscaler objects into the plain `VpaSpec` the
 * simulator uses, with the API defaults: updateMode Auto, container mode Auto,
 * controlledResources [cpu, memory], controlledValues RequestsAndLimits. minAllowed/maxAllowed
 * become millicores and bytes.
 */

const UPDATE_MODES: readonly UpdateMode[] = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'];
const SCALING_MODES: readonly ContainerScalingMode[] = ['Auto', 'Off'];
const CONTROLLED_VALUES: readonly ControlledValues[] = ['RequestsAndLimits', 'RequestsOnly'];
const RESOURCES: readonly ResourceName[] = ['cpu', 'memory'];

type Source = { file: string; line?: number };

/**
 * A parsed VerticalPodAutoscaler object → VpaSpec.
 * @throws InputError naming file, line and field path, e.g.
 *   `vpa.yaml:3: spec.updatePolicy.updateMode: expected one of Off, Initial, ..., got "auto"`.
 * @example vpaFromObject({ apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler',
 *   metadata: { name: 'api' }, spec: { targetRef: { kind: 'Deployment', name: 'api' } } }, { file: 'vpa.yaml' }).updateMode // 'Auto'
 */
export function vpaFromObject(obj: unknown, source: Source): VpaSpec {
  const fail = (problem: string, field?: string): InputError => new InputError(problem, source.file, field, source.line);
  const o = record(obj, '', fail);
  if (o['apiVersion'] !== 'autoscaling.k8s.io/v1') throw fail(`expected autoscaling.k8s.io/v1, got ${excerpt(o['apiVersion'])}`, 'apiVersion');
  if (o['kind'] !== 'VerticalPodAutoscaler') throw fail(`expected VerticalPodAutoscaler, got ${excerpt(o['kind'])}`, 'kind');
  const meta = record(o['metadata'], 'metadata', fail);
  const name = str(meta['name'], 'metadata.name', fail);
  const spec = record(o['spec'], 'spec', fail);
  const ref = record(spec['targetRef'], 'spec.targetRef', fail);
  const targetRef = {
    kind: str(ref['kind'], 'spec.targetRef.kind', fail),
    name: str(ref['name'], 'spec.targetRef.name', fail),
    ...(ref['apiVersion'] !== undefined ? { apiVersion: str(ref['apiVersion'], 'spec.targetRef.apiVersion', fail) } : {}),
  };
  const policy = optionalRecord(spec['updatePolicy'], 'spec.updatePolicy', fail);
  const updateMode = oneOf(policy['updateMode'], UPDATE_MODES, 'Auto', 'spec.updatePolicy.updateMode', fail);
  const minReplicas = policy['minReplicas'];
  if (minReplicas !== undefined && !(Number.isInteger(minReplicas) && (minReplicas as number) > 0)) {
    throw fail(`expected a positive integer, got ${excerpt(minReplicas)}`, 'spec.updatePolicy.minReplicas');
  }
  const resourcePolicy = optionalRecord(spec['resourcePolicy'], 'spec.resourcePolicy', fail);
  const rawPolicies = resourcePolicy['containerPolicies'] ?? [];
  if (!Array.isArray(rawPolicies)) throw fail('expected a list', 'spec.resourcePolicy.containerPolicies');
  const containerPolicies = rawPolicies.map((p, i) => containerPolicy(p, `spec.resourcePolicy.containerPolicies[${i}]`, source, fail));
  const namespace = meta['namespace'];
  return {
    name,
    ...(namespace !== undefined ? { namespace: str(namespace, 'metadata.namespace', fail) } : {}),
    targetRef,
    updateMode,
    ...(minReplicas !== undefined ? { minReplicas: minReplicas as number } : {}),
    containerPolicies,
  };
}

/**
 * The first VerticalPodAutoscaler document of a YAML file (others are skipped), with its line.
 * @throws InputError on YAML syntax errors, when there is none, or when it is invalid.
 */
export function vpaFromYaml(text: string, file: string): VpaSpec {
  // Other documents are skipped unread: only a file with a VerticalPodAutoscaler is read as manifests.
  const hasVpa = parseYamlAll(text, file).some((d) => typeof d.value === 'object' && d.value !== null && (d.value as Record<string, unknown>)['kind'] === 'VerticalPodAutoscaler');
  const doc = hasVpa ? parseManifestText(text, file).find((d) => d.kind === 'VerticalPodAutoscaler') : undefined;
  if (doc === undefined) throw new InputError('expected a document with kind: VerticalPodAutoscaler', file);
  return vpaFromManifest(doc);
}

/**
 * A VerticalPodAutoscaler manifest document → VpaSpec, validated first against the VPA CRD's
 * schema (types, unknown fields) with line and column.
 * @throws InputError naming file, line, column and field.
 */
export function vpaFromManifest(doc: ManifestDoc): VpaSpec {
  return vpaFromObject(validateManifest(doc), { file: doc.file, line: doc.line });
}

function containerPolicy(p: unknown, path: string, source: Source, fail: (p: string, f?: string) => InputError): ContainerPolicy {
  const o = record(p, path, fail);
  const minAllowed = bounds(o['minAllowed'], `${path}.minAllowed`, source, fail);
  const maxAllowed = bounds(o['maxAllowed'], `${path}.maxAllowed`, source, fail);
  for (const r of RESOURCES) {
    const lo = minAllowed[r];
    const hi = maxAllowed[r];
    // The VPA admission webhook rejects this.
    if (lo !== undefined && hi !== undefined && hi !== 0 && hi < lo) throw fail(`max resource for ${r} is lower than min`, `${path}.maxAllowed.${r}`);
  }
  const controlled = o['controlledResources'];
  let controlledResources: ResourceName[] = ['cpu', 'memory'];
  if (controlled !== undefined) {
    if (!Array.isArray(controlled)) throw fail('expected a list of cpu and/or memory', `${path}.controlledResources`);
    controlledResources = controlled.map((r, i) => oneOf(r, RESOURCES, undefined, `${path}.controlledResources[${i}]`, fail));
  }
  return {
    containerName: str(o['containerName'], `${path}.containerName`, fail),
    mode: oneOf(o['mode'], SCALING_MODES, 'Auto', `${path}.mode`, fail),
    minAllowed,
    maxAllowed,
    controlledResources,
    controlledValues: oneOf(o['controlledValues'], CONTROLLED_VALUES, 'RequestsAndLimits', `${path}.controlledValues`, fail),
  };
}

function bounds(v: unknown, path: string, source: Source, fail: (p: string, f?: string) => InputError): ResourceBounds {
  const o = optionalRecord(v, path, fail);
  const out: ResourceBounds = {};
  for (const [key, q] of Object.entries(o)) {
    if (key === 'cpu') out.cpu = quantity(q, `${path}.cpu`, source, fail, cpuMillicores);
    else if (key === 'memory') out.memory = quantity(q, `${path}.memory`, source, fail, memoryBytes);
    else throw fail(`unsupported resource "${key}"; expected cpu or memory`, `${path}.${key}`);
  }
  return out;
}

function quantity(
  q: unknown,
  field: string,
  source: Source,
  fail: (p: string, f?: string) => InputError,
  parse: (text: string | number, field?: string, file?: string) => number,
): number {
  if (typeof q !== 'string' && typeof q !== 'number') throw fail(`expected a quantity such as 500m or 256Mi, got ${excerpt(q)}`, field);
  try {
    return parse(q, field, source.file);
  } catch (e) {
    if (e instanceof InputError) throw fail(e.problem, field);
    throw e;
  }
}

function record(v: unknown, path: string, fail: (p: string, f?: string) => InputError): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(v === undefined ? 'Required value' : 'expected a mapping', path || undefined);
  return v as Record<string, unknown>;
}

function optionalRecord(v: unknown, path: string, fail: (p: string, f?: string) => InputError): Record<string, unknown> {
  return v === undefined || v === null ? {} : record(v, path, fail);
}

function str(v: unknown, path: string, fail: (p: string, f?: string) => InputError): string {
  if (v === undefined) throw fail('Required value', path);
  if (typeof v !== 'string' || v === '') throw fail(`expected a non-empty string, got ${excerpt(v)}`, path);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], dflt: T | undefined, path: string, fail: (p: string, f?: string) => InputError): T {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  throw fail(`expected one of ${allowed.join(', ')}, got ${excerpt(v)}`, path);
}
