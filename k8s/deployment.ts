import type { V1Deployment } from '@kubernetes/client-node';
import { InputError } from '../input/inputError.js';
import type { Bytes, Millicores, Seconds } from '../sim/units.js';
import { validateManifest } from './apiValidation.js';
import { withDocLocation, type ManifestDoc } from './manifests.js';
import { cpuMillicores, memoryBytes } from './quantity.js';

/** An apps/v1 Deployment reduced to what capsim simulates; Kubernetes defaults filled. */
export interface DeploymentModel {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly selector: Readonly<Record<string, string>>;
  readonly containers: readonly {
    readonly name: string;
    readonly requests: { readonly cpu?: Millicores; readonly memory?: Bytes };
    readonly limits: { readonly cpu?: Millicores; readonly memory?: Bytes };
    readonly readinessProbe?: { readonly initialDelaySeconds: Seconds; readonly periodSeconds: Seconds; readonly failureThreshold: number; readonly successThreshold: number };
  }[];
  readonly terminationGracePeriodSeconds: Seconds;
  readonly strategy: { readonly type: 'Recreate' } | { readonly type: 'RollingUpdate'; readonly maxSurge: string | number; readonly maxUnavailable: string | number };
}

/**
 * apps/v1 Deployment -> DeploymentModel. Defaults: replicas 1, probe initialDelay 0 / period 10 /
 * failureThreshold 3 / successThreshold 1, terminationGracePeriodSeconds 30, RollingUpdate 25%/25%.
 * @throws InputError naming file, line and field for anything the API server would reject.
 */
export function deploymentFromManifest(doc: ManifestDoc): DeploymentModel {
  return withDocLocation(doc, () => readDeployment({ ...doc, object: validateManifest(doc) }));
}

function readDeployment(doc: ManifestDoc): DeploymentModel {
  const at = (problem: string, field: string) => new InputError(problem, doc.file, field, doc.line);
  if (doc.kind !== 'Deployment' || doc.apiVersion !== 'apps/v1') throw at(`expected an apps/v1 Deployment, got ${doc.kind} (${doc.apiVersion})`, 'kind');
  const d = doc.object as unknown as V1Deployment;
  const name = d.metadata?.name;
  if (!name) throw at('Required value', 'metadata.name');
  const spec = d.spec;
  if (!spec) throw at('Required value', 'spec');
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) throw at('must be a non-negative integer', 'spec.replicas');
  const containers = spec.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) throw at('Required value: at least one container', 'spec.template.spec.containers');
  const model = containers.map((c, i) => {
    const f = `spec.template.spec.containers[${i}]`;
    const q = (kind: 'requests' | 'limits') => {
      const r = c.resources?.[kind] ?? {};
      return {
        ...(r['cpu'] !== undefined ? { cpu: cpuMillicores(r['cpu'], `${f}.resources.${kind}.cpu`, doc.file) } : {}),
        ...(r['memory'] !== undefined ? { memory: memoryBytes(r['memory'], `${f}.resources.${kind}.memory`, doc.file) } : {}),
      };
    };
    const p = c.readinessProbe;
    return {
      name: c.name,
      requests: q('requests'),
      limits: q('limits'),
      ...(p ? { readinessProbe: { initialDelaySeconds: p.initialDelaySeconds ?? 0, periodSeconds: p.periodSeconds ?? 10, failureThreshold: p.failureThreshold ?? 3, successThreshold: p.successThreshold ?? 1 } } : {}),
    };
  });
  const st = spec.strategy;
  const strategy = st?.type === 'Recreate'
    ? { type: 'Recreate' as const }
    : { type: 'RollingUpdate' as const, maxSurge: st?.rollingUpdate?.maxSurge ?? '25%', maxUnavailable: st?.rollingUpdate?.maxUnavailable ?? '25%' };
  return {
    name, namespace: d.metadata?.namespace ?? 'default', replicas,
    selector: { ...(spec.selector?.matchLabels ?? {}) },
    containers: model,
    terminationGracePeriodSeconds: spec.template.spec?.terminationGracePeriodSeconds ?? 30,
    strategy,
  };
}
