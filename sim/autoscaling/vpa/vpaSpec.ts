import type { Bytes, Millicores } from '../../units.js';
import type { ResourceName } from './resourceAmount.js';

/**
 * The parts of an `autoscaling.k8s.io/v1` VerticalPodAutoscaler the simulator uses, as a plain
 * model (read from YAML by `k8s/vpa.ts`). Defaults are already applied by the reader.
 */
export type UpdateMode = 'Off' | 'Initial' | 'Recreate' | 'InPlaceOrRecreate' | 'InPlace' | 'Auto';
export type ContainerScalingMode = 'Auto' | 'Off';
export type ControlledValues = 'RequestsAndLimits' | 'RequestsOnly';

/** Per-container resource bounds: cpu in millicores, memory in bytes. */
export interface ResourceBounds {
  cpu?: Millicores;
  memory?: Bytes;
}

export interface ContainerPolicy {
  /** A container name, or '*' for the default policy. */
  containerName: string;
  mode: ContainerScalingMode;
  minAllowed: ResourceBounds;
  maxAllowed: ResourceBounds;
  /** Default [cpu, memory]. */
  controlledResources: ResourceName[];
  /** Default RequestsAndLimits. */
  controlledValues: ControlledValues;
}

export interface VpaSpec {
  name: string;
  namespace?: string;
  targetRef: { kind: string; name: string; apiVersion?: string };
  /** Default 'Auto' as written (Auto behaves as Recreate). */
  updateMode: UpdateMode;
  /** `updatePolicy.minReplicas`, overriding the updater's `--min-replicas`. */
  minReplicas?: number;
  containerPolicies: ContainerPolicy[];
}

/** The default for a container without any matching policy. */
export const DEFAULT_CONTAINER_POLICY: Omit<ContainerPolicy, 'containerName'> = Object.freeze({
  mode: 'Auto',
  minAllowed: {},
  maxAllowed: {},
  controlledResources: ['cpu', 'memory'],
  controlledValues: 'RequestsAndLimits',
}) as Omit<ContainerPolicy, 'containerName'>;

/**
 * The policy for `containerName`: an exact match first, else the '*' policy, else undefined
 * (upstream `GetContainerResourcePolicy`).
 */
export function containerPolicyFor(spec: PolicySource, containerName: string): ContainerPolicy | undefined {
  return (
    spec.containerPolicies.find((p) => p.containerName === containerName) ??
    spec.containerPolicies.find((p) => p.containerName === '*')
  );
}

/** Effective settings for a container (its policy, or the defaults). */
export function effectivePolicy(spec: PolicySource, containerName: string): ContainerPolicy {
  return containerPolicyFor(spec, containerName) ?? { containerName, ...DEFAULT_CONTAINER_POLICY };
}

/** Anything carrying container policies (a VpaSpec, or just its policies). */
export interface PolicySource {
  readonly containerPolicies: readonly ContainerPolicy[];
}
