import { readFileSync } from 'node:fs';
import { InputError } from '../input/inputError.js';
import { deploymentFromManifest, type DeploymentModel } from '../k8s/deployment.js';
import { hpaFromManifest, type HpaModel } from '../k8s/hpa.js';
import { PASSIVE_KINDS, readManifests, requireKinds, SIMULATED_KINDS, type ManifestDoc } from '../k8s/manifests.js';
import { KUBERNETES_MAX_PODS, TOO_MANY_PODS } from '../scenarios/clusterCapacity.js';
import type { ManifestInputs } from '../scenarios/compile.js';
import { vpaFromManifest } from '../k8s/vpa.js';


export interface LoadedManifests {
  inputs: ManifestInputs;
  deployment?: DeploymentModel;
  hpa?: HpaModel;
  /** The VerticalPodAutoscaler documents, for the VPA model. */
  vpaDocs: ManifestDoc[];
  /** The manifests as given, for the report. */
  files: Array<{ file: string; text: string }>;
}

/**
 * Read Kubernetes manifests (files or folders) and pick what the simulator uses: the Deployment,
 * the HPA that targets it, the VPA. Kinds that do not affect the simulation (Service, Namespace,
 * RBAC...) are accepted and ignored; any other kind is an error naming the file and line.
 * @throws InputError for a second Deployment without an HPA to say which one, an HPA whose
 *   scaleTargetRef names no Deployment given, or any manifest the API server would reject.
 */
export function loadManifests(paths: readonly string[]): LoadedManifests {
  const docs = requireKinds(readManifests(paths), [...SIMULATED_KINDS, ...PASSIVE_KINDS]);
  const files = [...new Set(docs.map((d) => d.file))].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const deployments = docs.filter((d) => d.kind === 'Deployment').map((d) => ({ doc: d, model: deploymentFromManifest(d) }));
  const hpas = docs.filter((d) => d.kind === 'HorizontalPodAutoscaler').map((d) => ({ doc: d, model: hpaFromManifest(d) }));
  const vpaDocs = docs.filter((d) => d.kind === 'VerticalPodAutoscaler');
  if (hpas.length > 1) {
    const second = hpas[1] as { doc: ManifestDoc };
    throw new InputError('more than one HorizontalPodAutoscaler: capsim simulates one deployment and its HPA per run', second.doc.file, 'kind', second.doc.line);
  }
  const hpa = hpas[0];
  let deployment = deployments[0];
  if (hpa !== undefined) {
    const ref = hpa.model.scaleTargetRef;
    const target = deployments.find((d) => d.model.name === ref.name);
    if (ref.kind !== 'Deployment') throw new InputError(`scaleTargetRef kind ${ref.kind} is not simulated; expected a Deployment`, hpa.doc.file, 'spec.scaleTargetRef.kind', hpa.doc.line);
    if (target === undefined)
      throw new InputError(
        `scaleTargetRef names Deployment "${ref.name}", which is not among the manifests given (found: ${deployments.map((d) => d.model.name).join(', ') || 'none'})`,
        hpa.doc.file,
        'spec.scaleTargetRef.name',
        hpa.doc.line,
      );
    deployment = target;
  } else if (deployments.length > 1) {
    const second = deployments[1] as { doc: ManifestDoc };
    throw new InputError('more than one Deployment and no HPA to say which one to simulate', second.doc.file, 'kind', second.doc.line);
  }
  // Every pod is a row in the simulator: counts beyond what Kubernetes can run are refused, not allocated.
  if (deployment !== undefined && deployment.model.replicas > KUBERNETES_MAX_PODS)
    throw new InputError(`${TOO_MANY_PODS}, got ${deployment.model.replicas}`, deployment.doc.file, 'spec.replicas', deployment.doc.line);
  if (hpa !== undefined && hpa.model.spec.maxReplicas > KUBERNETES_MAX_PODS)
    throw new InputError(`${TOO_MANY_PODS}, got ${hpa.model.spec.maxReplicas}`, hpa.doc.file, 'spec.maxReplicas', hpa.doc.line);
  const inputs: ManifestInputs = {};
  if (deployment !== undefined) inputs.deployment = toDeploymentInput(deployment.model);
  if (hpa !== undefined) inputs.hpa = { name: hpa.model.name, spec: hpa.model.spec };
  if (vpaDocs.length > 1) {
    const second = vpaDocs[1] as ManifestDoc;
    throw new InputError('more than one VerticalPodAutoscaler: capsim simulates one per run', second.file, 'kind', second.line);
  }
  const vpaDoc = vpaDocs[0];
  if (vpaDoc !== undefined) {
    const vpa = vpaFromManifest(vpaDoc);
    if (deployment === undefined || vpa.targetRef.kind !== 'Deployment' || vpa.targetRef.name !== deployment.model.name)
      throw new InputError(
        `targetRef names ${vpa.targetRef.kind} "${vpa.targetRef.name}", which is not the Deployment given (${deployment?.model.name ?? 'none'})`,
        vpaDoc.file,
        'spec.targetRef',
        vpaDoc.line,
      );
    inputs.vpa = vpa;
  }
  return {
    inputs,
    ...(deployment !== undefined ? { deployment: deployment.model } : {}),
    ...(hpa !== undefined ? { hpa: hpa.model } : {}),
    vpaDocs,
    files,
  };
}

function toDeploymentInput(d: DeploymentModel): NonNullable<ManifestInputs['deployment']> {
  return {
    name: d.name,
    replicas: d.replicas,
    containers: d.containers.map((c) => ({
      name: c.name,
      requests: { ...c.requests },
      limits: { ...c.limits },
      ...(c.readinessProbe ? { readinessProbe: { initialDelaySeconds: c.readinessProbe.initialDelaySeconds, periodSeconds: c.readinessProbe.periodSeconds } } : {}),
    })),
    terminationGracePeriodSeconds: d.terminationGracePeriodSeconds,
  };
}
