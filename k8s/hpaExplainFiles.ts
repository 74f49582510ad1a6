import { InputError } from '../input/inputError.js';
import { readJsonFile } from '../input/readText.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG, type HpaControllerConfig } from '../sim/autoscaling/hpa/index.js';
import { deploymentFromManifest } from './deployment.js';
import { hpaFromManifest } from './hpa.js';
import { explainHpa, type Explanation } from './hpaExplain.js';
import { documentsOfKind, readManifests } from './manifests.js';

/** The files and flags of `capsim hpa explain`. */
export interface ExplainFiles {
  readonly hpa: string;
  readonly pods: string;
  readonly metrics: string;
  readonly history?: string;
  readonly deployment?: string;
  readonly replicas?: number;
  readonly now?: string;
  /** kube-controller-manager flags; the rest of the controller configuration keeps its defaults. */
  readonly controller?: Partial<HpaControllerConfig>;
}

/**
 * Read a cluster snapshot from files (the HPA manifest, `kubectl get pods -o json`, the
 * PodMetricsList, optionally the Deployment and the controller history) and explain the
 * HPA's next decision.
 * @throws InputError naming the file (and field) for anything unreadable or invalid.
 */
export function explainFiles(f: ExplainFiles): Explanation {
  // Multi-document files as GitOps keeps them (a Service or the Deployment next to the HPA) are read for the kind wanted.
  const hpaDoc = documentsOfKind(readManifests([f.hpa]), 'HorizontalPodAutoscaler')[0];
  if (hpaDoc === undefined) throw new InputError('no HorizontalPodAutoscaler found', f.hpa);
  const hpa = hpaFromManifest(hpaDoc);
  const deployDoc = f.deployment === undefined
    ? undefined
    : documentsOfKind(readManifests([f.deployment]), 'Deployment').find((d) => (d.object['metadata'] as { name?: string } | undefined)?.name === hpa.scaleTargetRef.name);
  if (f.deployment !== undefined && deployDoc === undefined) {
    throw new InputError(`no Deployment named ${hpa.scaleTargetRef.name} (the HPA's scaleTargetRef) in this file`, f.deployment);
  }
  // A Deployment managed by an HPA usually omits spec.replicas (the HPA owns it): the live count is then its pods.
  const specReplicas = (deployDoc?.object['spec'] as { replicas?: unknown } | undefined)?.replicas;
  return explainHpa({
    hpa,
    podList: readJsonFile(f.pods),
    podMetricsList: readJsonFile(f.metrics),
    ...(f.history !== undefined ? { history: readJsonFile(f.history) } : {}),
    ...(f.replicas !== undefined ? { replicas: f.replicas } : {}),
    ...(deployDoc ? { deployment: deploymentFromManifest(deployDoc), deploymentHasReplicas: specReplicas !== undefined && specReplicas !== null } : {}),
    ...(f.now !== undefined ? { now: f.now } : {}),
    config: { ...DEFAULT_HPA_CONTROLLER_CONFIG, ...f.controller },
    files: { pods: f.pods, metrics: f.metrics, ...(f.history !== undefined ? { history: f.history } : {}) },
  });
}
